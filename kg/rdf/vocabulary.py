"""The shared vocabulary: what every article refers to and no article owns.

A store holds one named graph per article (``kgid:graph/<doc>``: the article's facts) and two
shared graphs beside them, each triple once however many articles use it:

* ``kgid:graph/vocabulary/schemes``: kg's SKOS schemes (ontology/schemes.ttl: act types with
  their PLOVER quad classes, modalities, stances, polarities, actor and event kinds, the issues
  scheme). A load replaces it with the schemes of the kg that runs.
* ``kgid:graph/vocabulary/extracted``: what extraction adds to the vocabulary: the issue
  concepts (``issue:<slug>`` with label, keywords, broader issues) and the software agents
  (``kgid:software/kg/<version>``). A load adds to it (a set: loading again changes nothing),
  so builders loading different articles into one store never overwrite each other.

A triple is shared when its subject is a scheme concept (an IRI under
``https://w3id.org/kg-diplomacy/scheme/``) or a software agent (under ``kgid:software/``);
every other triple is the article's. Emission is unchanged: an article's triples (what SHACL
validates, and the Turtle file) still include the shared triples it refers to; the TriG and
N-Quads files and the stores put those in the extracted graph instead of the article graph.
"""
from __future__ import annotations

from functools import lru_cache

from kg.rdf import iri
from kg.rdf.namespaces import ID, SCHEME

SCHEMES = str(iri.vocabulary_graph("schemes"))
EXTRACTED = str(iri.vocabulary_graph("extracted"))
GRAPHS = (SCHEMES, EXTRACTED)
ROWS_GRAPHS = str(iri.data("graph", "rows")) + "/"

_SHARED = (str(SCHEME), str(ID) + "software/")
_SHARED_TERMS = tuple("<" + p for p in _SHARED)


def is_shared(subject: str) -> bool:
    """Whether a triple with this subject (an IRI, or an N-Triples term ``<IRI>``) is shared."""
    return subject.startswith(_SHARED_TERMS) or subject.startswith(_SHARED)


def is_vocabulary_graph(name: str) -> bool:
    return name in GRAPHS


def is_rows_graph(name: str) -> bool:
    """``kgid:graph/rows/<doc>``: the rows kg keeps of an article graph (kg.query.rows)."""
    return name.startswith(ROWS_GRAPHS)


def is_article_graph(name: str) -> bool:
    """A graph of a store that is neither shared vocabulary nor kept rows."""
    return name not in GRAPHS and not name.startswith(ROWS_GRAPHS)


def split(triples) -> tuple[list, list]:
    """(article triples, shared triples) of one article, in their order. Triples are term-string
    tuples (kg.rdf.nt) or pyoxigraph Triples."""
    own, shared = [], []
    for t in triples:
        s = t[0] if isinstance(t, tuple) else t.subject.value
        (shared if is_shared(s) else own).append(t)
    return own, shared


def by_subject(triples) -> dict:
    """pyoxigraph Triples of the shared graphs by subject, for :func:`referred`."""
    index: dict = {}
    for t in triples:
        index.setdefault(t.subject, []).append(t)
    return index


def referred(triples, index: dict) -> list:
    """The shared triples (``index``: :func:`by_subject`) that an article's pyoxigraph Triples
    refer to, and those these refer to in turn (an issue's broader issues): with the article's
    own, the graph kg build emitted for it (its Turtle), which validation and records read."""
    out, seen = [], set()
    todo = [t.object for t in triples if t.object in index]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for t in index[node]:
            out.append(t)
            if t.object in index and t.object not in seen:
                todo.append(t.object)
    return out


@lru_cache(maxsize=1)
def schemes_triples() -> tuple:
    """ontology/schemes.ttl as pyoxigraph Triples, parsed once."""
    import pyoxigraph as ox

    from kg.resources import repo_path

    with open(repo_path("ontology") / "schemes.ttl", "rb") as f:
        return tuple(ox.parse(f, format=ox.RdfFormat.TURTLE))

"""Graph files -> one named graph per article, parsed with Oxigraph.

TriG and N-Quads keep their graph names. Turtle, N-Triples and JSON-LD default-graph triples go
to ``kgid:graph/<doc>``, where ``<doc>`` is the ``dcterms:identifier`` of the file's single
``schema:NewsArticle``. JSON-LD contexts must be inline: Oxigraph never fetches a remote context
(RELIABILITY.md, trap 1). Oxigraph checks every IRI while parsing (trap 3).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import GraphReadError
from kg.rdf import iri, vocabulary
from kg.rdf.namespaces import DCTERMS, RDF, SCHEMA

SUFFIX_FORMATS = {
    ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD,
}
# One article is written as several files (kg build writes .ttl and .trig): in a folder, the
# first suffix of this list that exists for a name is read, the others are skipped.
PREFERENCE = (".trig", ".nq", ".ttl", ".nt", ".jsonld")

_TYPE = ox.NamedNode(str(RDF.type))
_ARTICLE = ox.NamedNode(str(SCHEMA.NewsArticle))
_IDENTIFIER = ox.NamedNode(str(DCTERMS.identifier))


@dataclass
class NamedGraph:
    """The triples of one named graph and the file they came from."""

    name: ox.NamedNode | None    # None: the default graph of a file of several articles
    triples: list
    source: str

    def __len__(self) -> int:
        return len(self.triples)

    def quads(self):
        return (ox.Quad(t.subject, t.predicate, t.object, self.name) for t in self.triples)

    def ntriples(self) -> bytes:
        return ox.serialize(self.triples, format=ox.RdfFormat.N_TRIPLES)


#: A graph file argument of "-" is standard input.
STDIN = "-"


def expand_inputs(inputs, preference=PREFERENCE) -> list[Path]:
    """Files as given ("-" for standard input); for a folder, its graph files with a suffix in
    ``preference``, one per article name (``X.trig`` before ``X.ttl``, which ``kg build``
    writes side by side)."""
    out: list[Path] = []
    for raw in inputs:
        p = Path(raw)
        if str(raw) == STDIN:
            out.append(p)
        elif p.is_dir():
            by_stem: dict[str, Path] = {}
            for f in sorted(p.iterdir()):
                if f.name.startswith(".") or not f.is_file() or f.suffix.lower() not in preference:
                    continue
                old = by_stem.get(f.stem)
                if old is None or preference.index(f.suffix.lower()) < preference.index(old.suffix.lower()):
                    by_stem[f.stem] = f
            out.extend(by_stem[k] for k in sorted(by_stem))
        elif p.is_file():
            out.append(p)
        else:
            raise GraphReadError("no such file or folder", source=str(p))
    return out


def read_quads(path) -> list:
    """All quads of a graph file (default-graph triples have ``ox.DefaultGraph``); "-" reads
    standard input (:func:`read_stdin`)."""
    if str(path) == STDIN:
        return read_stdin()
    path = Path(path)
    fmt = SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GraphReadError(f"unknown graph format {path.suffix!r}; use one of "
                             f"{', '.join(SUFFIX_FORMATS)}", source=str(path))
    try:
        with path.open("rb") as f:
            return list(ox.parse(f, format=fmt))
    except FileNotFoundError:
        raise GraphReadError("no such file", source=str(path)) from None
    except (SyntaxError, ValueError) as e:
        raise _not_valid(fmt, e, str(path)) from None
    except OSError as e:
        raise GraphReadError(f"cannot read graph: {e}", source=str(path)) from None


def _not_valid(fmt, e: Exception, source: str) -> GraphReadError:
    first = str(e).splitlines()[0][:300]
    if fmt == ox.RdfFormat.JSON_LD and ("remote context" in first or "LoadDocumentCallback" in first):
        # Oxigraph never fetches or opens a context (RELIABILITY.md, trap 1 and X2)
        return GraphReadError("a remote, file: or relative @context is refused: kg never fetches or "
                              "opens one; put the context inline in the file (kg export does)", source=source)
    return GraphReadError(f"not valid {fmt.name}: {first}", source=source)


def read_stdin(data: bytes | None = None) -> list:
    """The quads of a graph on standard input (or ``data``): JSON-LD when it opens with "{" or
    "[", else TriG (which reads Turtle and N-Triples too), else N-Quads."""
    if data is None:
        import sys

        data = sys.stdin.buffer.read()
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    formats = [ox.RdfFormat.JSON_LD] if head in (b"{", b"[") else [ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS]
    first = None
    for fmt in formats:
        try:
            return list(ox.parse(data, format=fmt))
        except (SyntaxError, ValueError) as e:
            first = first or _not_valid(fmt, e, "<stdin>")
    first.message += " (standard input is read as JSON-LD, TriG, Turtle, N-Triples or N-Quads)"
    raise first


def article_graph_name(triples, *, source: str = "") -> ox.NamedNode:
    """``kgid:graph/<doc>`` for the single article among ``triples``."""
    articles = {t.subject for t in triples if t.predicate == _TYPE and t.object == _ARTICLE}
    ids = sorted({t.object.value for t in triples
                  if t.subject in articles and t.predicate == _IDENTIFIER
                  and isinstance(t.object, ox.Literal)})
    if len(ids) != 1:
        found = "no article" if not ids else f"{len(ids)} articles ({', '.join(ids[:3])}…)"
        raise GraphReadError(f"{found} with a dcterms:identifier in the default graph, so the graph "
                             "has no name; give one file per article, or TriG/N-Quads with named "
                             "graphs", source=source)
    return ox.NamedNode(str(iri.graph(ids[0])))


def read_named_graphs(path, *, unnamed: bool = False) -> list[NamedGraph]:
    """The named graphs of a file, in order of first appearance, in the store's layout: the
    shared triples of an article graph (issue concepts, the software agent; kg.rdf.vocabulary)
    go to the extracted-vocabulary graph, as kg build's TriG has them (a Turtle file, or a
    graph written before that layout, holds them with the article's facts). Default-graph
    triples are named after their article; with ``unnamed``, triples of no single article stay
    one graph named None, shared triples included (validation reads them, a store cannot)."""
    quads = read_quads(path)
    graphs: dict = {}
    default = []
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph):
            default.append(q.triple)
        elif isinstance(q.graph_name, ox.NamedNode):
            graphs.setdefault(q.graph_name, []).append(q.triple)
        else:
            raise GraphReadError("blank-node graph names cannot be loaded into a store",
                                 source=str(path))
    if default:
        try:
            name = article_graph_name(default, source=str(path))
        except GraphReadError:
            if not unnamed:
                raise
            name = None
        graphs.setdefault(name, []).extend(default)
    extracted = ox.NamedNode(vocabulary.EXTRACTED)
    for name in list(graphs):
        if name is not None and vocabulary.is_article_graph(name.value):
            graphs[name], shared = vocabulary.split(graphs[name])
            if shared:
                graphs.setdefault(extracted, []).extend(shared)
    source = "<stdin>" if str(path) == STDIN else str(path)
    return [NamedGraph(name, _unique(triples), source) for name, triples in graphs.items()]


def _unique(triples: list) -> list:
    seen = set()
    out = []
    for t in triples:
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


def schemes_graph() -> NamedGraph:
    """kg's SKOS schemes (ontology/schemes.ttl) as the schemes graph of a store."""
    return NamedGraph(ox.NamedNode(vocabulary.SCHEMES), list(vocabulary.schemes_triples()),
                      "ontology/schemes.ttl")


class SharedVocabulary:
    """The distinct extracted-vocabulary triples a load brought, for its report line."""

    def __init__(self):
        self.triples: set = set()
        self.files = 0
        self.errors: list[str] = []

    def __bool__(self) -> bool:
        return bool(self.files)

    def add(self, rec, graph: NamedGraph) -> None:
        self.files += 1
        self.triples.update(graph.triples)
        if rec.status != "loaded":
            self.errors.append(f"{rec.source}: {rec.error}")

    def record(self):
        from kg.store.report import GraphLoad

        rec = GraphLoad(f"{self.files} file(s)", vocabulary.EXTRACTED, len(self.triples),
                        status="failed" if self.errors else "loaded", attempts=1)
        if self.errors:
            rec.error = f"{len(self.errors)} file(s) not added; first: {self.errors[0]}"
        return rec

"""Where the analytics get their data: SPARQL queries over a knowledge graph, and nothing else.

The one seam is :func:`rows`: ``rows(source, query_name, **params) -> list[dict]``. It runs
``queries/analytics/<query_name>.rq`` on ``source`` with ``params`` bound as variables (never
formatted into the text) and returns plain rows: IRIs and literals become ``str``, numeric and
boolean literals ``int``/``float``/``bool``, unbound variables ``None``. A store or endpoint
runner can replace it later without touching the network code.

A *source* is any of:

* an rdflib ``Graph``/``Dataset`` (queried with ``Graph.query(q, initBindings=…)``; a
  ``Dataset`` is queried over the union of its graphs);
* a ``pyoxigraph.Store`` (``Store.query(q, use_default_graph_as_union=True,
  substitutions=…)``), e.g. from :func:`open_store`;
* graph files or folders, loaded with :func:`load` into one rdflib ``Graph``.

>>> g = example()
>>> sorted(r["id"] for r in rows(g, "articles"))
['alpha', 'beta']
>>> from kg.rdf import iri
>>> [r["label"] for r in rows(g, "actors", article=iri.doc("beta")) if r["kind"] == "state"]
['China']
"""
from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import KgError, QueryError
from kg.query.bind import to_oxigraph
from kg.rdf.io import read_graph
from kg.resources import repo_path

__all__ = ["AnalyticsError", "rows", "load", "open_store", "vocabulary", "query_text",
           "query_names", "as_source", "example", "EXAMPLE_TTL"]


class AnalyticsError(KgError):
    """Bad input to the analytics: an unknown issue or actor kind, a malformed date, a missing
    store. Exit code 2 (bad input)."""

    code = "analytics"
    exit_code = 2


# ------------------------------------------------------------------ queries

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def query_names() -> list[str]:
    """Names of the queries in ``queries/analytics/`` (without ``.rq``)."""
    return sorted(p.stem for p in (repo_path("queries") / "analytics").glob("*.rq"))


@lru_cache(maxsize=None)
def query_text(name: str) -> str:
    """The text of ``queries/analytics/<name>.rq``."""
    if not _NAME.match(name):
        raise QueryError(f"bad query name {name!r}: use lower-case letters, digits and _")
    path = repo_path("queries") / "analytics" / f"{name}.rq"
    if not path.is_file():
        raise QueryError(f"no query {name!r}; valid: {', '.join(query_names())}", source=str(path))
    return path.read_text(encoding="utf-8")


# IRIs we bind must be absolute and free of characters SPARQL or IRIs forbid.
_IRI_OK = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


def _term(name: str, value: Any):
    """Validate a parameter value and return it as an rdflib term."""
    if isinstance(value, URIRef):
        if not _IRI_OK.match(str(value)):
            raise QueryError(f"parameter {name}: not an absolute IRI: {str(value)!r}")
        return value
    if isinstance(value, Literal):
        return value
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, (int, float, str)):
        return Literal(value)
    if isinstance(value, _dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    raise QueryError(f"parameter {name}: cannot bind a {type(value).__name__}; pass a URIRef, "
                     "Literal, str, int, float, bool or date")


_NUMERIC = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger,
            XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger,
            XSD.unsignedInt, XSD.unsignedLong}
_FLOAT = {XSD.decimal, XSD.double, XSD.float}


def _plain_rdflib(t) -> Any:
    if t is None:
        return None
    if isinstance(t, Literal):
        dt = t.datatype
        try:
            if dt in _NUMERIC:
                return int(str(t))
            if dt in _FLOAT:
                return float(str(t))
            if dt == XSD.boolean:
                return str(t).strip().lower() in ("true", "1")
        except ValueError:
            pass
        return str(t)
    return str(t)


def _plain_ox(t) -> Any:
    import pyoxigraph as ox

    if t is None:
        return None
    if isinstance(t, ox.Literal):
        dt = t.datatype.value
        try:
            if URIRef(dt) in _NUMERIC:
                return int(t.value)
            if URIRef(dt) in _FLOAT:
                return float(t.value)
            if URIRef(dt) == XSD.boolean:
                return t.value.strip().lower() in ("true", "1")
        except ValueError:
            pass
        return t.value
    return t.value


def _is_store(source) -> bool:
    try:
        import pyoxigraph as ox
    except ImportError:  # pragma: no cover - pyoxigraph is a dependency
        return False
    return isinstance(source, ox.Store)


def rows(source, query_name: str, **params) -> list[dict]:
    """Run ``queries/analytics/<query_name>.rq`` on ``source``; return one dict per solution.

    ``params`` bind query variables by name (``article=iri.doc("alpha")``); each value is
    validated (URIRef must be an absolute IRI; str/int/float/bool/date become literals) and
    bound with ``initBindings`` (rdflib) or ``substitutions`` (pyoxigraph), never formatted
    into the query. A parameter that the query does not use is an error, so a typo cannot
    silently widen a result.

    >>> g = example()
    >>> from kg.rdf.namespaces import ISSUE
    >>> sorted({r["stance"] for r in rows(g, "positions", issue=ISSUE["forced-repatriation"])})
    ['oppose', 'support']
    >>> rows(g, "positions", isue=ISSUE["x"])
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: query positions has no variable ?isue; its variables: ...
    """
    text = query_text(query_name)
    bindings = {}
    for name, value in params.items():
        if value is None:
            continue
        if not re.search(r"[?$]" + re.escape(name) + r"\b", text):
            used = sorted(set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", text)))
            raise QueryError(f"query {query_name} has no variable ?{name}; its variables: "
                             + ", ".join(used))
        bindings[name] = _term(name, value)
    source = as_source(source)
    if _is_endpoint(source):
        return _endpoint_rows(source, query_name, text, bindings)
    if _is_store(source):
        import pyoxigraph as ox

        try:
            res = source.query(text, use_default_graph_as_union=True,
                               substitutions={ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()})
        except (SyntaxError, OSError, ValueError) as e:
            raise QueryError(f"query {query_name} failed: {e}") from None
        names = [v.value for v in res.variables]
        return [{n: _plain_ox(sol[n]) for n in names} for sol in res]
    if isinstance(source, Dataset) and not source.default_union:
        source = Dataset(store=source.store, default_union=True)
    if not isinstance(source, Graph):
        raise QueryError(f"cannot query a {type(source).__name__}: pass an rdflib Graph or Dataset, "
                         "a pyoxigraph Store, or graph files")
    from kg.rdf import sparql_order  # noqa: F401 - rdflib sorts unbound ORDER BY keys lowest, as SPARQL says

    try:
        res = source.query(text, initBindings=bindings)
    except Exception as e:  # rdflib raises parser- and evaluator-specific types
        raise QueryError(f"query {query_name} failed: {str(e).splitlines()[0][:200]}") from None
    names = [str(v) for v in res.vars]
    return [{n: _plain_rdflib(r[i]) for i, n in enumerate(names)} for r in res]


def _is_endpoint(source) -> bool:
    from kg.store.remote import Endpoint

    return isinstance(source, Endpoint)


def _endpoint_rows(endpoint, query_name: str, text: str, bindings: dict) -> list[dict]:
    """Rows from a SPARQL endpoint: parameters as a VALUES block of validated terms."""
    from kg.query.bind import check_query, inject_values
    from kg.query.run import _json_term
    from kg.store.remote import sparql

    query = inject_values(check_query(text, source=query_name), bindings)
    variables, cells = sparql(endpoint, query)
    return [{v: _plain_rdflib(_json_term(c.get(v), endpoint)) for v in variables} for c in cells]


# ------------------------------------------------------------------ sources

_PREFERRED = (".trig", ".nq", ".ttl", ".nt", ".jsonld", ".rdf", ".owl", ".n3")


def graph_files(inputs: Iterable) -> list[Path]:
    """Expand files and folders into graph files; a folder contributes each document once
    (``X.trig`` is preferred over ``X.ttl``, which ``kg build`` writes side by side)."""
    from kg.store.graphs import expand_inputs

    return expand_inputs(inputs, preference=tuple(_PREFERRED))


def _some_files(inputs) -> list[Path]:
    """The graph files of ``inputs`` (a path or paths); AnalyticsError when there are none."""
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    files = graph_files(inputs)
    if not files:
        raise AnalyticsError("no graph files found (.ttl, .trig, .nt, .nq, .jsonld)",
                             source=", ".join(str(i) for i in inputs) or None)
    return files


def load(inputs, *, with_vocabulary: bool = True) -> Graph:
    """Read graph files and folders into one rdflib ``Graph`` (the union of their triples).

    ``with_vocabulary`` adds ``ontology/schemes.ttl`` (act types and their PLOVER quad
    classes, stances, actor kinds). Raises ``GraphReadError`` for unreadable files and
    ``AnalyticsError`` when no graph file is found.
    """
    g = Graph()
    for f in _some_files(inputs):
        g += read_graph(f)
    if with_vocabulary:
        g += vocabulary()
    from kg.rdf.namespaces import bind_prefixes

    bind_prefixes(g)
    return g


_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_TERM = re.compile(r"<([^<>\s]+)>|(?<![\w?$])([A-Za-z][\w-]*)?:([A-Za-z_][\w-]*)")


@lru_cache(maxsize=1)
def read_predicates() -> frozenset:
    """Every IRI the queries of ``queries/analytics/`` name: the triples of ``kg analyze FILES``
    whose predicate is none of these (article texts, evidence, mentions, run configurations,
    the standard copies of kg's terms) are never read, and stay out of its in-memory store."""
    iris = {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}       # "a"
    for name in query_names():
        text = "\n".join(ln.split("#", 1)[0] if not ln.lstrip().startswith("PREFIX") else ln
                         for ln in query_text(name).splitlines())
        prefixes = {p or "": ns for p, ns in _PREFIX.findall(text)}
        for full, prefix, local in _TERM.findall(_PREFIX.sub(" ", text)):
            if full:
                iris.add(full)
            elif (prefix or "") in prefixes:
                iris.add(prefixes[prefix or ""] + local)
    return frozenset(iris)


def load_store(inputs):
    """Read graph files and folders one at a time into an in-memory Oxigraph store (the union
    of their named graphs), keeping only what the analytics read: ``kg analyze FILES``. Raises
    like :func:`load`."""
    import pyoxigraph as ox

    from kg.store.graphs import read_named_graphs

    read = {ox.NamedNode(p) for p in read_predicates()}
    store = ox.Store()
    for f in _some_files(inputs):
        for graph in read_named_graphs(f):
            store.extend(q for q in graph.quads() if q.predicate in read)
    return store


def open_store(path):
    """Open an embedded Oxigraph store folder read-only (``kg analyze --store DIR``)."""
    import pyoxigraph as ox

    p = Path(path)
    if not p.is_dir() or not any(p.iterdir()):
        raise AnalyticsError("not an Oxigraph store folder (missing or empty)", source=str(p))
    try:
        return ox.Store.read_only(str(p))
    except OSError as e:
        raise AnalyticsError(f"cannot open the store: {e}", source=str(p)) from None


@lru_cache(maxsize=1)
def vocabulary() -> Graph:
    """``ontology/schemes.ttl`` parsed once: act types with ``kg:quadClass`` and the other
    SKOS schemes the analytics read labels and quad classes from."""
    g = Graph()
    g.parse(repo_path("ontology") / "schemes.ttl", format="turtle")
    return g


def as_source(source):
    """Return ``source`` unchanged if it can be queried, else load it as graph files."""
    if isinstance(source, Graph) or _is_store(source) or _is_endpoint(source):
        return source
    if isinstance(source, (str, Path)) or (isinstance(source, (list, tuple))
                                          and all(isinstance(s, (str, Path)) for s in source)):
        return load(source)
    raise AnalyticsError(f"cannot analyse a {type(source).__name__}: pass an rdflib Graph or "
                         "Dataset, a pyoxigraph Store, or graph files and folders")


# ------------------------------------------------------------------ the example

EXAMPLE_TTL = """
# Two tiny articles in the layout of docs/rdf-layout.md (evidence, mentions and runs left out:
# the analytics never read them). Roe (a UN rapporteur, Q1001) appears in both articles.
@prefix kg: <https://w3id.org/kg-diplomacy/ontology#> .
@base <https://w3id.org/kg-diplomacy/id/doc/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix act: <https://w3id.org/kg-diplomacy/scheme/act/> .
@prefix stance: <https://w3id.org/kg-diplomacy/scheme/stance/> .
@prefix modality: <https://w3id.org/kg-diplomacy/scheme/modality/> .
@prefix polarity: <https://w3id.org/kg-diplomacy/scheme/polarity/> .
@prefix actorkind: <https://w3id.org/kg-diplomacy/scheme/actor-kind/> .
@prefix issue: <https://w3id.org/kg-diplomacy/scheme/issue/> .

issue:forced-repatriation a skos:Concept, kg:Issue ;
    skos:prefLabel "forced repatriation of defectors"@en .

<alpha> a schema:NewsArticle ; dcterms:identifier "alpha" ;
    schema:datePublished "2020-01-10"^^xsd:date .
<alpha/actor/roe> a kg:Person ; rdfs:label "Jane Roe" ; kg:actorKind actorkind:person ;
    kg:wikidata "Q1001" ; kg:article <alpha> .
<alpha/actor/kor> a kg:State ; rdfs:label "South Korea" ; kg:actorKind actorkind:state ;
    kg:countryCode "KOR" ; kg:wikidata "Q884" ; kg:article <alpha> .
<alpha/actor/chn> a kg:State ; rdfs:label "China" ; kg:actorKind actorkind:state ;
    kg:countryCode "CHN" ; kg:wikidata "Q148" ; kg:article <alpha> .
<alpha/statement/0> a kg:Statement ; kg:speaker <alpha/actor/roe> ;
    kg:addressee <alpha/actor/chn> ; kg:actType act:REQUEST ;
    kg:issue issue:forced-repatriation ; kg:stance stance:oppose ;
    kg:modality modality:asserted ; kg:contentPolarity polarity:negative ;
    kg:article <alpha> .
<alpha/statement/1> a kg:Statement ; kg:speaker <alpha/actor/kor> ;
    kg:actType act:ACCUSE ; kg:issue issue:forced-repatriation ; kg:stance stance:oppose ;
    kg:modality modality:planned ; kg:contentPolarity polarity:positive ;
    kg:article <alpha> .
<alpha/position/0> a kg:PolicyPosition ; kg:holder <alpha/actor/roe> ;
    kg:issue issue:forced-repatriation ; kg:stance stance:oppose ;
    kg:basedOn <alpha/statement/0> ; kg:article <alpha> .
<alpha/position/1> a kg:PolicyPosition ; kg:holder <alpha/actor/kor> ;
    kg:issue issue:forced-repatriation ; kg:stance stance:oppose ;
    kg:basedOn <alpha/statement/1> ; kg:article <alpha> .

<beta> a schema:NewsArticle ; dcterms:identifier "beta" ;
    schema:datePublished "2020-03-05"^^xsd:date .
<beta/actor/rapporteur> a kg:Person ; rdfs:label "Jane Roe" ;
    kg:actorKind actorkind:person ; kg:wikidata "Q1001" ; kg:article <beta> .
<beta/actor/chn> a kg:State ; rdfs:label "China" ; kg:actorKind actorkind:state ;
    kg:countryCode "CHN" ; kg:wikidata "Q148" ; kg:article <beta> .
<beta/statement/0> a kg:Statement ; kg:speaker <beta/actor/chn> ;
    kg:addressee <beta/actor/rapporteur> ; kg:actType act:REJECT ;
    kg:issue issue:forced-repatriation ; kg:stance stance:support ;
    kg:modality modality:asserted ; kg:contentPolarity polarity:positive ;
    kg:article <beta> .
<beta/position/0> a kg:PolicyPosition ; kg:holder <beta/actor/chn> ;
    kg:issue issue:forced-repatriation ; kg:stance stance:support ;
    kg:basedOn <beta/statement/0> ; kg:article <beta> .
"""


def example(*, with_vocabulary: bool = True) -> Graph:
    """A two-article example graph parsed from :data:`EXAMPLE_TTL` (plus the vocabulary),
    for documentation and doctests.

    >>> g = example()
    >>> len(rows(g, "positions"))
    3
    """
    g = Graph()
    g.parse(data=EXAMPLE_TTL, format="turtle")
    if with_vocabulary:
        g += vocabulary()
    return g

"""Export graphs or a whole store as Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML or N3.

TriG, N-Quads and JSON-LD keep one named graph per article, so a whole corpus fits in one file;
Turtle, N-Triples, RDF/XML and N3 hold the merged triples. Output is sorted, so the same input gives the same
bytes, and written atomically (kg.rdf.io.atomic_write). JSON-LD carries its ``@context`` inline,
built from kg.rdf.namespaces.PREFIXES: nothing is ever fetched to read it back.
"""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from kg.errors import ConfigError
from kg.query.bind import from_oxigraph
from kg.rdf.io import TURTLE, atomic_write
from kg.rdf.namespaces import PREFIXES, bind_prefixes
from kg.rdf.turtle import natural

FORMATS = {
    "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD, "rdf": ox.RdfFormat.RDF_XML,
    "n3": ox.RdfFormat.N3,
}
DATASET_FORMATS = ("nq", "trig", "jsonld")
#: Suffixes that name a format too (``--out corpus.owl`` is RDF/XML).
ALIASES = {"xml": "rdf", "owl": "rdf", "turtle": "ttl", "nquads": "nq", "ntriples": "nt", "json-ld": "jsonld"}
_DEFAULT_GRAPH_NAMES = ("urn:x-rdflib:default",)


def jsonld_context() -> dict[str, str]:
    return {p: str(ns) for p, ns in sorted(PREFIXES.items())}


def collect_quads(inputs=(), store=None) -> list:
    """Quads from graph files and folders (one named graph per article) and/or a store."""
    from kg.store.source import GraphSource

    quads = set(GraphSource(inputs).quads())
    if store is not None:
        quads.update(store.quads())
    return sorted(quads, key=str)


def serialize(quads, fmt: str) -> bytes:
    """Bytes of ``quads`` in format ``fmt`` (ttl, nt, nq, trig, jsonld, rdf, n3). Turtle, TriG
    and N3 by kg's readable writer (kg.rdf.turtle), the others by Oxigraph or rdflib."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    quads = list(quads)
    if fmt == "jsonld":
        return _jsonld(quads)
    if fmt == "trig":
        graphs: dict = {}
        for q in quads:
            name = None if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
            graphs.setdefault(name, []).append((str(q.subject), str(q.predicate), str(q.object)))
        order = sorted(graphs, key=lambda n: (n is not None, natural(n or "")))
        return TURTLE.trig([(n, graphs[n]) for n in order])
    triples = {q.triple for q in quads}
    if fmt in ("ttl", "n3"):     # Turtle is N3 too
        return TURTLE.turtle([(str(t.subject), str(t.predicate), str(t.object)) for t in triples])
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    if fmt in DATASET_FORMATS:
        return ox.serialize(sorted(quads, key=str), format=FORMATS[fmt], prefixes=prefixes)
    return ox.serialize(sorted(triples, key=str), format=FORMATS[fmt], prefixes=prefixes)


def _jsonld(quads) -> bytes:
    ds = Dataset()
    bind_prefixes(ds)
    graphs = {}
    for q in quads:
        triple = (from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object))
        if isinstance(q.graph_name, ox.DefaultGraph):
            ds.add(triple)
        else:
            name = q.graph_name
            if name not in graphs:
                graphs[name] = ds.graph(from_oxigraph(name))
            graphs[name].add(triple)
    doc = json.loads(ds.serialize(format="json-ld", context=jsonld_context()))
    return json.dumps(_sorted_graphs(doc), ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _sorted_graphs(node):
    """rdflib lists nodes and values in hash order: sort JSON arrays (unordered in JSON-LD, except
    the value of @list, which keeps its order) so that one input gives one output."""
    if isinstance(node, dict):
        return {k: ([_sorted_graphs(x) for x in val] if k == "@list" and isinstance(val, list)
                    else _sorted_graphs(val)) for k, val in node.items()}
    if isinstance(node, list):
        items = [_sorted_graphs(v) for v in node]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


def as_quads(source) -> list:
    """pyoxigraph quads of an rdflib Graph or Dataset, a store, or an iterable of quads."""
    from rdflib import Graph

    from kg.query.bind import to_oxigraph

    if isinstance(source, Graph):   # a Dataset keeps its graph names, a Graph has none
        contexts = source.contexts() if hasattr(source, "contexts") else [source]
        quads = []
        for g in contexts:
            name = g.identifier
            named = hasattr(source, "contexts") and isinstance(name, URIRef) and \
                str(name) not in _DEFAULT_GRAPH_NAMES
            gn = to_oxigraph(name) if named else ox.DefaultGraph()
            quads += [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), gn) for s, p, o in g]
        return quads
    if hasattr(source, "quads"):   # EmbeddedStore
        return list(source.quads())
    return list(source)


def export(source, fmt_or_path, out=None) -> int:
    """Write ``source`` (quads, an rdflib Graph/Dataset or a store) atomically; return the
    number of statements written. ``export(graph, "out.jsonld")`` takes the format from the
    suffix; ``export(quads, "trig", path)`` names it."""
    if out is None:
        out, fmt = fmt_or_path, format_from_path(fmt_or_path)
    else:
        fmt = fmt_or_path
    quads = as_quads(source)
    atomic_write(Path(out), serialize(quads, fmt))
    return len(quads) if fmt in DATASET_FORMATS else len({q.triple for q in quads})


def format_from_path(path, default: str | None = None) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    suffix = ALIASES.get(suffix, suffix)
    if suffix in FORMATS:
        return suffix
    if default:
        return default
    raise ConfigError(f"cannot tell the format of {path}; pass --format ({', '.join(FORMATS)})")

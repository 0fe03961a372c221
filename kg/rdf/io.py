"""Reading and writing graph files. Writes are atomic: a temporary file in the same folder,
flushed and fsynced, then renamed over the final path (RELIABILITY.md, trap 4, O1, O2).

Turtle, TriG, N-Triples and N-Quads are written by kg's own writers over N-Triples term strings
(kg.rdf.nt, kg.rdf.turtle; about 100x faster than rdflib's Turtle writer and faster than going
through Oxigraph's Python objects), in a canonical order, so the same graph always gives the
same bytes whichever way it was built. rdflib and Oxigraph parse the output back to an
isomorphic graph (tests/test_nt.py, tests/test_roundtrip.py, tests/test_corpus.py).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import GraphReadError, OutputError
from kg.rdf import iri, vocabulary
from kg.rdf.namespaces import ID, PREFIXES, bind_prefixes
from kg.rdf.nt import from_rdflib, ntriples
from kg.rdf.turtle import TurtleWriter

FORMATS = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld",
           ".rdf": "xml", ".owl": "xml", ".n3": "n3"}


def atomic_write(path: Path, data: bytes) -> None:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise OutputError(f"cannot write: {e.strerror or e}", source=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; output is for sharing
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise OutputError(f"cannot write: {e.strerror or e}", source=str(path)) from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def clean_stale_temps(folder: Path) -> int:
    """Remove temporary files a killed run left behind; return how many."""
    n = 0
    for p in Path(folder).glob(".*.tmp"):
        try:
            p.unlink()
            n += 1
        except OSError:
            pass
    return n


# ------------------------------------------------------------------ serialization

#: The Turtle/TriG writer of kg build and kg export: data IRIs relative to @base (kgid:),
#: the prefixes of kg.rdf.namespaces.PREFIXES that are used (kgid: always).
TURTLE = TurtleWriter({p: str(ns) for p, ns in PREFIXES.items()}, base=str(ID))
TERM_FORMATS = ("turtle", "trig", "nt", "nquads")


def terms_of(graph) -> list[tuple[str, str, str]]:
    """The triples of an rdflib Graph (or any iterable of rdflib triples) as term strings."""
    return [(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in graph]


def serialize_terms(triples, fmt: str, doc_id: str | None = None) -> bytes:
    """Serialize term-string triples (kg.rdf.nt): "turtle", "trig", "nt" or "nquads"; TriG and
    N-Quads put them in the named graph of ``doc_id``, the shared ones (issue concepts, the
    software agent: kg.rdf.vocabulary) in the extracted-vocabulary graph. Turtle and TriG in
    reading order (kg.rdf.turtle), N-Triples and N-Quads as sorted lines. The same graph always
    gives the same bytes, whichever way it was built."""
    if fmt not in TERM_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(TERM_FORMATS)}")
    if fmt in ("trig", "nquads") and doc_id is None:
        raise ValueError(f"{fmt} needs the doc_id that names the graph")
    if fmt == "turtle":
        return TURTLE.turtle(triples)
    if fmt == "nt":
        return ntriples(triples)
    if fmt == "trig":
        return turtle_and_trig(triples, doc_id)[1]
    own, shared = vocabulary.split(triples)
    name = str(iri.graph(doc_id))
    return (_nquads_from_ntriples(ntriples(own), name)
            + _nquads_from_ntriples(ntriples(shared), vocabulary.EXTRACTED))


def turtle_and_trig(triples, doc_id: str) -> tuple[bytes, bytes]:
    """``serialize_terms(triples, "turtle")`` and ``serialize_terms(triples, "trig", doc_id)``,
    the same bytes, with each subject written once (what ``kg build`` writes per document)."""
    own = "<" + str(iri.graph(doc_id)) + ">"
    shared = "<" + vocabulary.EXTRACTED + ">"
    return TURTLE.turtle_and_trig(triples, lambda s: shared if vocabulary.is_shared(s) else own)


def split_shared(data: bytes, fmt: str) -> tuple[bytes, list[tuple[str, str, str]]]:
    """(the document without its shared triples, those triples as term strings) of one
    document's TriG or N-Quads (``fmt``): a file that brings many documents together (``kg
    build --corpus``) writes the extracted vocabulary once, not once per document."""
    import pyoxigraph as ox

    graphs: dict = {}
    shared = []
    for q in ox.parse(data, format=ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS):
        t = (str(q.subject), str(q.predicate), str(q.object))
        name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
        if name == vocabulary.EXTRACTED:
            shared.append(t)
        else:
            graphs.setdefault(name, []).append(t)
    if not shared:
        return data, []
    if fmt == "trig":
        return TURTLE.trig([(None if n is None else "<" + n + ">", ts) for n, ts in graphs.items()]), shared
    return b"".join(ntriples(ts) if n is None else _nquads_from_ntriples(ntriples(ts), n)
                    for n, ts in graphs.items()), shared


def serialize_shared(fmt: str, extracted, schemes) -> bytes:
    """The two shared-vocabulary graphs (term-string triples) as TriG or N-Quads, to end a file
    of many documents."""
    graphs = [(name, sorted(set(triples))) for name, triples in
              ((vocabulary.EXTRACTED, extracted), (vocabulary.SCHEMES, schemes)) if triples]
    if fmt == "trig":
        return TURTLE.trig([("<" + name + ">", triples) for name, triples in graphs]) if graphs else b""
    return b"".join(_nquads_from_ntriples(ntriples(triples), name) for name, triples in graphs)


def _nquads_from_ntriples(nt: bytes, graph_iri: str) -> bytes:
    """N-Quads from canonical N-Triples: each line "S P O ." gets the graph name (a newline
    inside a literal is always escaped, so every line is one triple)."""
    return nt.replace(b" .\n", b" <" + graph_iri.encode("utf-8") + b"> .\n")


def as_dataset(graph: Graph, doc_id: str) -> Dataset:
    ds = Dataset()
    bind_prefixes(ds)
    g = ds.graph(iri.graph(doc_id))
    for t in graph:
        g.add(t)
    return ds


def serialize(graph: Graph, fmt: str, doc_id: str | None = None) -> bytes:
    """One document's graph as bytes. Turtle, TriG, N-Triples and N-Quads by kg's own writer
    (:func:`serialize_terms`); other formats by rdflib."""
    if fmt in TERM_FORMATS:
        return serialize_terms(terms_of(graph), fmt, doc_id)
    return graph.serialize(format=fmt, encoding="utf-8")


def write_document(graph: Graph, doc_id: str, out_dir: Path, formats=("ttl", "trig")) -> list[Path]:
    """Write one document's graph in each format: all files or none (a failure removes the
    ones already written in this call)."""
    terms = terms_of(graph)
    payloads = [(Path(out_dir) / f"{doc_id}.{ext}",
                 serialize_terms(terms, FORMATS["." + ext], doc_id) if FORMATS["." + ext] in TERM_FORMATS
                 else serialize(graph, FORMATS["." + ext], doc_id))
                for ext in formats]
    return write_all(payloads)


def write_all(payloads: list[tuple[Path, bytes]]) -> list[Path]:
    """Write each (path, bytes) atomically: all or none (a failure removes the files already
    written in this call, and raises OutputError)."""
    done = []
    try:
        for path, data in payloads:
            atomic_write(path, data)
            done.append(path)
    except OutputError:
        for path in done:
            try:
                path.unlink()
            except OSError:
                pass
        raise
    return done


def read_graph(path) -> Graph:
    """Parse one graph file (all named graphs of a TriG/N-Quads file merged)."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GraphReadError(f"unknown graph format {path.suffix!r}; use one of {', '.join(FORMATS)}",
                             source=str(path))
    if fmt == "json-ld":
        return _read_jsonld(path)
    try:
        if fmt in ("trig", "nquads"):
            ds = Dataset()
            ds.parse(path, format=fmt)
            g = Graph()
            for s, p, o, _ in ds.quads():
                g.add((s, p, o))
            bind_prefixes(g)
            return g
        g = Graph()
        g.parse(path, format=fmt)
        return g
    except FileNotFoundError:
        raise GraphReadError("no such file", source=str(path)) from None
    except (OSError, RecursionError) as e:
        raise GraphReadError(f"cannot read graph: {e}", source=str(path)) from None
    except Exception as e:  # rdflib raises many parser-specific types
        raise GraphReadError(f"not valid {fmt}: {str(e).splitlines()[0][:200]}", source=str(path)) from None


def _read_jsonld(path: Path) -> Graph:
    """A JSON-LD file parsed by Oxigraph, which never fetches or opens a remote, file: or
    relative ``@context`` (rdflib's parser would: RELIABILITY.md, trap 1 and X2)."""
    import pyoxigraph as ox

    from kg.rdf.nt import to_rdflib

    try:
        with path.open("rb") as f:
            quads = list(ox.parse(f, format=ox.RdfFormat.JSON_LD))
    except FileNotFoundError:
        raise GraphReadError("no such file", source=str(path)) from None
    except OSError as e:
        raise GraphReadError(f"cannot read graph: {e}", source=str(path)) from None
    except (SyntaxError, ValueError) as e:
        first = str(e).splitlines()[0][:300]
        if "remote context" in first or "LoadDocumentCallback" in first:
            raise GraphReadError("a remote, file: or relative @context is refused: kg never fetches "
                                 "or opens one; put the context inline in the file (kg export "
                                 "does)", source=str(path)) from None
        raise GraphReadError(f"not valid json-ld: {first}", source=str(path)) from None
    g = Graph()
    bind_prefixes(g)
    for q in quads:
        g.add((to_rdflib(str(q.subject)), to_rdflib(str(q.predicate)), to_rdflib(str(q.object))))
    return g

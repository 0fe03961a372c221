"""Reading and writing graph files. Writes are atomic: a temporary file in the same folder,
flushed and fsynced, then renamed over the final path (RELIABILITY.md, trap 4, O1, O2)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import GraphReadError, OutputError
from kg.rdf import iri
from kg.rdf.namespaces import bind_prefixes

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


def as_dataset(graph: Graph, doc_id: str) -> Dataset:
    ds = Dataset()
    bind_prefixes(ds)
    g = ds.graph(iri.graph(doc_id))
    for t in graph:
        g.add(t)
    return ds


def serialize(graph: Graph, fmt: str, doc_id: str | None = None) -> bytes:
    if fmt in ("trig", "nquads"):
        return as_dataset(graph, doc_id).serialize(format=fmt, encoding="utf-8")
    return graph.serialize(format=fmt, encoding="utf-8")


def write_document(graph: Graph, doc_id: str, out_dir: Path, formats=("ttl", "trig")) -> list[Path]:
    """Write one document's graph in each format: all files or none (a failure removes the
    ones already written in this call)."""
    payloads = [(Path(out_dir) / f"{doc_id}.{ext}", serialize(graph, FORMATS["." + ext], doc_id))
                for ext in formats]
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

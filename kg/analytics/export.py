"""Writing networks: GraphML, GEXF (Gephi), node-link JSON and CSV node and edge lists.

GraphML and GEXF hold only strings, numbers and booleans, so :func:`sanitize` converts first:
``None`` is left out, lists and sets become ``"; "``-joined strings, dates ISO strings and
anything else ``str``. JSON keeps lists and nulls. Files are written atomically (a temporary
file renamed over the target), so a killed run never leaves half a file.

>>> import tempfile, networkx as nx
>>> G = nx.Graph(network="demo", start=None)
>>> G.add_edge("a", "b", weight=1.0, issues=["issue:x", "issue:y"], date=None)
>>> with tempfile.TemporaryDirectory() as d:
...     paths = write_all(G, d, "demo")
...     H = nx.read_graphml(f"{d}/demo.graphml")
...     sorted(p.name for p in paths), H["a"]["b"]["issues"], "date" in H["a"]["b"]
(['demo.edges.csv', 'demo.gexf', 'demo.graphml', 'demo.json', 'demo.nodes.csv'], 'issue:x; issue:y', False)
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import math
from pathlib import Path

import networkx as nx

from kg.analytics.choices import FORMATS
from kg.rdf.io import atomic_write

__all__ = ["FORMATS", "sanitize", "graphml_bytes", "gexf_bytes", "json_bytes", "csv_bytes",
           "write_graphml", "write_gexf", "write_json", "write_csv", "write_all"]

SEP = "; "


def _value(v):
    """A GraphML/GEXF-safe value, or None to leave the attribute out."""
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, str):
        return v
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return SEP.join(str(_value(x)) for x in v if _value(x) is not None)
    if isinstance(v, (set, frozenset)):
        return SEP.join(sorted(str(_value(x)) for x in v if _value(x) is not None))
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)
    if hasattr(v, "item"):  # numpy scalars
        return _value(v.item())
    return str(v)


def _clean(d: dict) -> dict:
    out = {}
    for k, v in d.items():
        cv = _value(v)
        if cv is not None:
            out[str(k)] = cv
    return out


def _one_type_per_key(items) -> None:
    """GraphML and GEXF declare one type per attribute name, taken from the first value seen:
    an attribute that is 0 on one node and 3.0 on another was declared an integer and written
    "3.0", which networkx and Gephi then cannot read. Make every attribute one type: floats when
    numbers are mixed, text when numbers and text are."""
    kinds: dict[str, set] = {}
    for d in items:
        for k, v in d.items():
            kinds.setdefault(k, set()).add(float if isinstance(v, float) else int if
                                           isinstance(v, int) and not isinstance(v, bool) else type(v))
    for k, ks in kinds.items():
        if len(ks) < 2:
            continue
        cast = float if ks <= {int, float, bool} else str
        for d in items:
            if k in d:
                d[k] = cast(d[k])


def sanitize(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose graph, node and edge attributes GraphML and GEXF can hold, each
    attribute with one type throughout.

    >>> G = nx.Graph(filters=None)
    >>> G.add_node("a", articles=["x", "y"], country=None)
    >>> S = sanitize(G)
    >>> S.nodes["a"], S.graph
    ({'articles': 'x; y'}, {})
    """
    H = G.__class__()
    H.graph.update(_clean(G.graph))
    for n, d in G.nodes(data=True):
        H.add_node(str(n), **_clean(d))
    if G.is_multigraph():
        for u, v, k, d in G.edges(keys=True, data=True):
            H.add_edge(str(u), str(v), key=str(k), **_clean(d))
    else:
        for u, v, d in G.edges(data=True):
            H.add_edge(str(u), str(v), **_clean(d))
    _one_type_per_key([d for _, d in H.nodes(data=True)])
    _one_type_per_key([e[-1] for e in (H.edges(keys=True, data=True) if H.is_multigraph()
                                       else H.edges(data=True))])
    return H


def graphml_bytes(G: nx.Graph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(sanitize(G), buf, infer_numeric_types=True)
    return buf.getvalue()


def gexf_bytes(G: nx.Graph) -> bytes:
    S = sanitize(G)
    for *_, d in (S.edges(keys=True, data=True) if S.is_multigraph() else S.edges(data=True)):
        if "weight" in d:
            d["weight"] = float(d["weight"])
    buf = io.BytesIO()
    nx.write_gexf(S, buf)
    return buf.getvalue()


def _jsonable(v):
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()
    if isinstance(v, (set, frozenset)):
        return sorted(v, key=str)
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if hasattr(v, "item"):
        return v.item()
    return str(v)


def json_bytes(G: nx.Graph) -> bytes:
    """node-link JSON (``networkx.node_link_data(G, edges="edges")``); read it back with
    ``networkx.node_link_graph(data, edges="edges")``."""
    data = nx.node_link_data(G, edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1, default=_jsonable).encode("utf-8")


def _csv(rows: list[dict], first: list[str]) -> bytes:
    keys = sorted({k for r in rows for k in r} - set(first))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=first + keys, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in first + keys})
    return buf.getvalue().encode("utf-8")


def csv_bytes(G: nx.Graph) -> tuple[bytes, bytes]:
    """(edges CSV, nodes CSV). Edge columns: source, target, [key,] source_label,
    target_label, then every edge attribute; node columns: id, then every node attribute."""
    S = sanitize(G)
    label = {n: d.get("label", n) for n, d in S.nodes(data=True)}
    erows = []
    if S.is_multigraph():
        first = ["source", "target", "key", "source_label", "target_label"]
        for u, v, k, d in S.edges(keys=True, data=True):
            erows.append(dict(d, source=u, target=v, key=k, source_label=label[u], target_label=label[v]))
    else:
        first = ["source", "target", "source_label", "target_label"]
        for u, v, d in S.edges(data=True):
            erows.append(dict(d, source=u, target=v, source_label=label[u], target_label=label[v]))
    nrows = [dict(d, id=n) for n, d in S.nodes(data=True)]
    return _csv(erows, first), _csv(nrows, ["id"])


def write_graphml(G: nx.Graph, path) -> Path:
    atomic_write(Path(path), graphml_bytes(G))
    return Path(path)


def write_gexf(G: nx.Graph, path) -> Path:
    atomic_write(Path(path), gexf_bytes(G))
    return Path(path)


def write_json(G: nx.Graph, path) -> Path:
    atomic_write(Path(path), json_bytes(G))
    return Path(path)


def write_csv(G: nx.Graph, edges_path, nodes_path=None) -> list[Path]:
    e, n = csv_bytes(G)
    atomic_write(Path(edges_path), e)
    out = [Path(edges_path)]
    if nodes_path is not None:
        atomic_write(Path(nodes_path), n)
        out.append(Path(nodes_path))
    return out


def write_all(G: nx.Graph, out_dir, name: str, formats=FORMATS) -> list[Path]:
    """Write ``G`` as ``<name>.graphml``, ``<name>.gexf``, ``<name>.json`` and
    ``<name>.edges.csv`` + ``<name>.nodes.csv`` in ``out_dir`` (the ``formats`` asked for)."""
    out_dir = Path(out_dir)
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        from kg.analytics.source import AnalyticsError

        raise AnalyticsError(f"unknown format {bad[0]!r}; valid: {', '.join(FORMATS)}")
    paths: list[Path] = []
    if "graphml" in formats:
        paths.append(write_graphml(G, out_dir / f"{name}.graphml"))
    if "gexf" in formats:
        paths.append(write_gexf(G, out_dir / f"{name}.gexf"))
    if "json" in formats:
        paths.append(write_json(G, out_dir / f"{name}.json"))
    if "csv" in formats:
        paths += write_csv(G, out_dir / f"{name}.edges.csv", out_dir / f"{name}.nodes.csv")
    return sorted(paths)

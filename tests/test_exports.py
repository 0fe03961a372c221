"""Every export reads back (issue 13, item 3).

Networks (``kg analyze``): GraphML, GEXF, node-link JSON and the CSV lists are read back with
networkx (and the csv module) and must hold the same nodes, edges and attribute values that
were written. Graphs (``kg export``): every format is parsed back by rdflib and by pyoxigraph and
must give the same triples (and, for the dataset formats, the same named graphs).
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest

import kg.analytics as ka
from kg.analytics.export import FORMATS, sanitize

FIX = Path(__file__).parent / "fixtures"
ANALYTICS = [FIX / "analytics_alpha.ttl", FIX / "analytics_beta.ttl"]


def _edges(G) -> dict:
    if G.is_multigraph():
        return {(u, v, str(k)): d for u, v, k, d in G.edges(keys=True, data=True)}
    if G.is_directed():
        return {(u, v): d for u, v, d in G.edges(data=True)}
    return {frozenset((u, v)): d for u, v, d in G.edges(data=True)}


def _networks():
    g = ka.load(ANALYTICS)
    M = ka.interaction(g)
    nets = {"interaction": M, "interaction_collapsed": ka.collapsed_interaction(M),
            "actor_issue": ka.actor_issue(g), "congruence": ka.congruence(g), "conflict": ka.conflict(g)}
    for G in nets.values():
        ka.annotate(G)
    # an attribute that is a whole number on one node and a fraction on another (the strength
    # of a node without in-edges next to one with): GEXF declared it an integer and wrote "3.0"
    mixed = nx.DiGraph(network="mixed")
    mixed.add_node("a", label="A", in_strength=0, share=1)
    mixed.add_node("b", label="B", in_strength=3.0, share="most")
    mixed.add_edge("a", "b", weight=1, count=2)
    mixed.add_edge("b", "a", weight=0.5, count=1)
    nets["mixed"] = mixed
    return nets


NETWORKS = _networks()


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("networks")
    for name, G in NETWORKS.items():
        paths = ka.write_all(G, out, name)
        assert len(paths) == 5
    return out


@pytest.mark.parametrize("name", sorted(NETWORKS))
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_read_back_equal(written, name, fmt):
    S = sanitize(NETWORKS[name])
    H = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(written / f"{name}.{fmt}")
    assert H.is_directed() == S.is_directed()
    assert dict(H.nodes(data=True)) == dict(S.nodes(data=True))
    got = _edges(H)
    if fmt == "gexf":
        for d in got.values():
            d.pop("id")     # GEXF's own edge id
    assert got == _edges(S)
    if fmt == "graphml":    # GEXF has no graph attributes
        assert {k: H.graph[k] for k in S.graph} == S.graph


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_node_link_json_reads_back_equal(written, name):
    G = NETWORKS[name]
    H = nx.node_link_graph(json.loads((written / f"{name}.json").read_text(encoding="utf-8")), edges="edges")
    plain = json.loads(json.dumps(nx.node_link_data(G, edges="edges"), default=lambda v: sorted(v)
                                  if isinstance(v, (set, frozenset)) else str(v)))
    assert dict(H.nodes(data=True)) == {n["id"]: {k: v for k, v in n.items() if k != "id"}
                                        for n in plain["nodes"]}
    assert len(_edges(H)) == G.number_of_edges()


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_csv_lists_read_back_equal(written, name):
    S = sanitize(NETWORKS[name])
    with open(written / f"{name}.nodes.csv", newline="", encoding="utf-8") as f:
        nodes = {r.pop("id"): {k: v for k, v in r.items() if v != ""} for r in csv.DictReader(f)}
    assert nodes == {n: {k: str(v) for k, v in d.items()} for n, d in S.nodes(data=True)}
    with open(written / f"{name}.edges.csv", newline="", encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    assert len(edges) == S.number_of_edges()
    H = (nx.MultiDiGraph if S.is_multigraph() else nx.DiGraph if S.is_directed() else nx.Graph)()
    for r in edges:
        attrs = {k: v for k, v in r.items() if v != "" and k not in ("source", "target", "key",
                                                                     "source_label", "target_label")}
        if S.is_multigraph():
            H.add_edge(r["source"], r["target"], key=r["key"], **attrs)
        else:
            H.add_edge(r["source"], r["target"], **attrs)
    assert _edges(H) == {k: {a: str(v) for a, v in d.items()} for k, d in _edges(S).items()}


def test_every_network_format_is_covered():
    assert set(FORMATS) == {"graphml", "gexf", "json", "csv"}

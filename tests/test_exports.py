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


# ---------------------------------------------------------------- kg export: every RDF format

import pyoxigraph as ox  # noqa: E402
from rdflib import Dataset  # noqa: E402

from _kgcli import kg  # noqa: E402
from kg.export import DATASET_FORMATS, FORMATS as RDF_FORMATS  # noqa: E402
from kg.rdf.nt import from_rdflib  # noqa: E402

QUERIES = FIX / "queries"
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld",
                  "rdf": "xml", "n3": "n3"}
# Awkward literals and IRIs (written for this test): line breaks, quote runs, backslashes, tabs,
# astral characters, language tags, a data IRI that cannot be written relative to @base.
AWKWARD = """<https://w3id.org/kg-diplomacy/id/graph/awkward> {
<https://w3id.org/kg-diplomacy/id/doc/awkward> a <https://schema.org/NewsArticle> ;
  <http://purl.org/dc/terms/identifier> "awkward" ;
  <https://w3id.org/kg-diplomacy/ontology#text> "line one\\nline \\"two\\"\\n\\"\\"\\" three \\\\n \\\\ \\t🙂\\n" ;
  <http://www.w3.org/2000/01/rdf-schema#label> "Ankara"@tr , "x\\ny"@en-gb ;
  <http://www.w3.org/2002/07/owl#sameAs> <https://w3id.org/kg-diplomacy/id/a:b/c> ,
     <https://w3id.org/kg-diplomacy/id/doc/awkward/statement/10> , <https://w3id.org/kg-diplomacy/id/doc/awkward/statement/9> .
}
"""


@pytest.fixture(scope="module")
def rdf_inputs(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("rdf-in")
    (folder / "awkward.trig").write_text(AWKWARD, encoding="utf-8")
    return [QUERIES, folder / "awkward.trig"]


def _expected(inputs) -> set:
    from kg.store.source import GraphSource

    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
            for q in GraphSource(inputs).quads()}


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_every_export_format_reads_back_in_rdflib_and_oxigraph(fmt, rdf_inputs, tmp_path, capsys):
    out = tmp_path / f"corpus.{fmt}"
    assert kg("export", *rdf_inputs, "--out", out) == 0, capsys.readouterr().err
    want = _expected(rdf_inputs)
    assert len(want) > 100
    dataset = fmt in DATASET_FORMATS
    if not dataset:
        want = {q[:3] for q in want}
    # pyoxigraph
    got = {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
           for q in ox.parse(out.read_bytes(), format=RDF_FORMATS[fmt])}
    assert (got if dataset else {q[:3] for q in got}) == want
    # rdflib
    ds = Dataset()
    ds.parse(out, format=RDFLIB_FORMATS[fmt])
    got = set()
    for s, p, o, g in ds.quads():
        t = (from_rdflib(s), from_rdflib(p), from_rdflib(o))
        got.add(t + (f"<{getattr(g, 'identifier', g)}>",) if dataset else t)
    assert got == want


def test_export_to_stdout_and_from_stdin(rdf_inputs, tmp_path, capsys, monkeypatch):
    import io
    import sys

    assert kg("export", rdf_inputs[1], "--out", "-", "--format", "nq") == 0
    nq = capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(nq.encode())))
    assert kg("export", "-", "--out", tmp_path / "back.trig") == 0
    assert _expected([tmp_path / "back.trig"]) == _expected([rdf_inputs[1]])

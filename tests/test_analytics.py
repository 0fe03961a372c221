"""kg.analytics: known-answer tests on hand-built graphs, exports, plots, the CLI and the seed.

Fixtures: tests/fixtures/analytics_alpha.ttl and analytics_beta.ttl (see their headers for the
stances they hold). Hand-computed answers (positions basis, default modalities):

    actor stances   Roe: FR-, SA+   KOR: FR-, SA+   CHN: FR+, SA-   PRK: SA-   HRW: FR-
    congruence      Roe-KOR 2, Roe-HRW 1, KOR-HRW 1, CHN-PRK 1
    conflict        Roe-CHN 2, KOR-CHN 2, HRW-CHN 1, Roe-PRK 1, KOR-PRK 1
"""
from __future__ import annotations

import argparse
import doctest
import importlib
import math
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.analytics import (ActorIndex, AnalyticsError, actor_issue, all_coalitions, annotate,
                          centrality, coalitions, collapsed_interaction, communities, conflict,
                          congruence, effective_date, example, interaction, load, polarisation,
                          project, rows, time_windows, write_all)
from kg.analytics.cli import register
from kg.analytics.plot import plot_network, plot_signed
from kg.analytics.source import query_names, query_text

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures"
FILES = [FIX / "analytics_alpha.ttl", FIX / "analytics_beta.ttl"]

ROE, KOR, CHN, PRK, HRW = "wd:Q1001", "country:KOR", "country:CHN", "country:PRK", "name:human-rights-watch"
ANON = "anon:beta/anon-official"
FR, SA = "issue:forced-repatriation", "issue:sanctions"


def pairs(G, attr="weight", digits=4):
    """{frozenset(u, v): value} of an undirected graph."""
    return {frozenset((u, v)): round(d[attr], digits) if isinstance(d[attr], float) else d[attr]
            for u, v, d in G.edges(data=True)}


def P(a, b):
    return frozenset((a, b))


@pytest.fixture(scope="module")
def g():
    return load(FILES)


@pytest.fixture(scope="module")
def idx(g):
    return ActorIndex.from_source(g)


# ---------------------------------------------------------------- queries and the seam


def test_every_analytics_query_has_a_header_and_parses():
    from rdflib.plugins.sparql import prepareQuery

    names = query_names()
    assert len(names) == 8, names  # a shrinking folder must fail
    for name in names:
        text = query_text(name)
        header = [l for l in text.splitlines() if l.startswith("#")]
        joined = "\n".join(header)
        for word in ("Question", "Parameters", "Columns"):
            assert word in joined, f"{name}.rq lacks a '{word}' header line"
        prepareQuery(text)


def test_rows_binds_parameters_and_rejects_unknown_ones(g):
    from kg.errors import QueryError
    from kg.rdf import iri

    beta = rows(g, "actors", article=iri.doc("beta"))
    assert {r["article"] for r in beta} == {str(iri.doc("beta"))}
    assert len(beta) == 5
    with pytest.raises(QueryError, match="no variable"):
        rows(g, "actors", artcle=iri.doc("beta"))
    from rdflib import URIRef

    with pytest.raises(QueryError, match="absolute IRI"):
        rows(g, "actors", article=URIRef("not an iri> } DROP ALL"))


def test_rows_same_on_pyoxigraph_store(g, tmp_path):
    import pyoxigraph as ox

    store = ox.Store()
    for f in FILES:
        store.load(path=str(f), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:g:" + f.stem))
    from rdflib import URIRef

    q = dict(issue=URIRef("https://w3id.org/kg-diplomacy/scheme/issue/sanctions"))
    a = sorted(tuple(sorted(r.items())) for r in rows(g, "positions", **q))
    b = sorted(tuple(sorted(r.items())) for r in rows(store, "positions", **q))
    assert a == b and len(a) == 4
    # the networks from a store equal those from files
    assert pairs(congruence(store), "count") == pairs(congruence(g), "count")


# ---------------------------------------------------------------- node identity


def test_one_node_per_real_actor(idx):
    assert sorted(idx.nodes) == sorted([ROE, KOR, CHN, PRK, HRW, ANON])
    base = "https://w3id.org/kg-diplomacy/id/doc/"
    assert idx.node(base + "alpha/actor/p-jane-roe") == idx.node(base + "beta/actor/rapporteur") == ROE
    assert idx.node(base + "beta/actor/kor-government") == idx.node(base + "alpha/actor/kor") == KOR
    assert idx.node(base + "beta/actor/human-rights-watch") == HRW
    kor = idx.nodes[KOR]
    assert (kor["label"], kor["kind"], kor["country"], kor["wikidata"]) == ("South Korea", "state", "KOR", "Q884")
    assert kor["articles"] == ["alpha", "beta"] and kor["n_articles"] == 2
    assert idx.nodes[HRW]["label"] == "Human Rights Watch"


def test_keep_governments_apart(g):
    idx = ActorIndex.from_source(g, merge_government=False)
    assert "country:KOR/government" in idx.nodes and KOR in idx.nodes


def test_identity_rules_on_rows():
    A = "https://w3id.org/kg-diplomacy/id/doc/"
    r = [
        dict(actor=A + "a/actor/1", label="Foreign Ministry", kind="ministry", country="JPN", article=A + "a"),
        dict(actor=A + "b/actor/1", label="Foreign Ministry", kind="ministry", country="CHN", article=A + "b"),
        dict(actor=A + "a/actor/2", label="Ban Ki-moon", kind="person", wikidata="Q1253", article=A + "a"),
        dict(actor=A + "b/actor/2", label="Ban Ki-moon", kind="person", article=A + "b"),
        dict(actor=A + "a/actor/3", label="an official", kind="person", anonymous=True, article=A + "a"),
        dict(actor=A + "b/actor/3", label="an official", kind="person", anonymous=True, article=A + "b"),
        dict(actor=A + "b/actor/4", label="The United Nations", kind="igo", article=A + "b"),
        dict(actor=A + "a/actor/4", label="United Nations", kind="igo", article=A + "a"),
    ]
    idx = ActorIndex.from_rows(r)
    assert idx.node(A + "a/actor/1") == "name:JPN:foreign-ministry"      # generic names keep their country
    assert idx.node(A + "b/actor/1") == "name:CHN:foreign-ministry"
    assert idx.node(A + "b/actor/2") == idx.node(A + "a/actor/2") == "wd:Q1253"  # name joins the one Q-id
    assert idx.node(A + "a/actor/3") != idx.node(A + "b/actor/3")        # anonymous never merge
    assert idx.node(A + "a/actor/4") == idx.node(A + "b/actor/4") == "name:united-nations"


def test_effective_date():
    import datetime as dt

    assert effective_date("2020-02-20", "2020-03-05") == dt.date(2020, 2, 20)
    assert effective_date("2020-03", "2020-03-05") == dt.date(2020, 3, 5)
    assert effective_date("2019", "2020-03-05") == dt.date(2019, 1, 1)
    assert effective_date(None, "2020-03-05") == dt.date(2020, 3, 5)
    assert effective_date(None, None) is None


# ---------------------------------------------------------------- interaction


def test_interaction_edges(g, idx):
    M = interaction(g, index=idx)
    assert isinstance(M, nx.MultiDiGraph)
    assert M.number_of_edges() == 10
    roe_chn = sorted((d["act_type"], d["quad_class"], d["article"], d["date"])
                     for d in M.get_edge_data(ROE, CHN).values())
    assert roe_chn == [("ACCUSE", "verbal-conflict", "alpha", "2020-01-10"),
                       ("REQUEST", "verbal-conflict", "alpha", "2020-01-10"),
                       ("REQUEST", "verbal-conflict", "beta", "2020-02-20")]
    e = M.get_edge_data(ROE, CHN)["https://w3id.org/kg-diplomacy/id/doc/alpha/statement/0"]
    assert (e["cameo"], e["issue"], e["stance"], e["polarity"], e["mode"], e["valence"], e["sign"]) == \
        ("10", FR, "oppose", "negative", "verbal", "conflict", -1)
    assert M.nodes[ROE]["label"] == "Jane Roe" and M.nodes[ROE]["wikidata"] == "Q1001"
    assert M.nodes[CHN]["kind"] == "state" and M.nodes[CHN]["country"] == "CHN"


def test_collapsed_interaction_weights(g, idx):
    D = collapsed_interaction(interaction(g, index=idx))
    got = {(u, v): (d["weight"], d["cooperation"], d["conflict"], d["neutral"], d["balance"], d["sign"])
           for u, v, d in D.edges(data=True)}
    assert got == {
        (ROE, CHN): (3.0, 0, 3, 0, -3, -1),
        (CHN, KOR): (1.0, 0, 1, 0, -1, -1),
        (PRK, KOR): (1.0, 0, 1, 0, -1, -1),
        (KOR, CHN): (2.0, 2, 0, 0, 2, 1),
        (HRW, CHN): (2.0, 0, 2, 0, -2, -1),
        (ANON, ROE): (1.0, 0, 0, 1, 0, 0),
    }
    assert D[KOR][CHN]["verbal_cooperation"] == 2 and D[ROE][CHN]["verbal_conflict"] == 3
    assert D[HRW][CHN]["articles"] == ["alpha", "beta"]
    assert D[ROE][CHN]["act_types"] == ["ACCUSE", "REQUEST"]


def test_interaction_filters(g, idx):
    def n(**kw):
        return interaction(g, index=idx, **kw).number_of_edges()

    assert n(modalities=None) == 12                       # + hypothetical AID, denied THREATEN
    all_mod = collapsed_interaction(interaction(g, index=idx, modalities=None))
    assert all_mod[CHN][PRK]["material_cooperation"] == 1
    assert n(kinds=["state", "government"]) == 4
    assert n(articles=["beta"]) == 4
    assert n(articles="https://w3id.org/kg-diplomacy/id/doc/alpha") == 6
    assert n(issues=["forced-repatriation"]) == 5
    assert n(issues="forced repatriation") == 5           # by label
    assert n(start="2020-02-01") == 4
    assert n(end="2020-02-25") == 7
    assert n(start="2020-02-01", end="2020-02-25") == 1
    with pytest.raises(AnalyticsError, match="unknown issue"):
        interaction(g, index=idx, issues=["no-such-issue"])
    with pytest.raises(AnalyticsError, match="unknown actor kind"):
        interaction(g, index=idx, kinds=["country"])
    with pytest.raises(AnalyticsError, match="not a date"):
        interaction(g, index=idx, start="23/02/2012")


# ---------------------------------------------------------------- actor x issue


def test_actor_issue_bipartite(g, idx):
    B = actor_issue(g, index=idx)
    assert nx.is_bipartite(B)
    assert {n for n, d in B.nodes(data=True) if d["bipartite"] == 1} == {FR, SA}
    assert B.nodes[FR]["label"] == "forced repatriation of defectors"
    got = {(u if u not in (FR, SA) else v, u if u in (FR, SA) else v): (d["sign"], d["weight"])
           for u, v, d in B.edges(data=True)}
    assert got == {(ROE, FR): (-1, 3.0), (ROE, SA): (1, 1.0), (KOR, FR): (-1, 1.0), (KOR, SA): (1, 1.0),
                   (CHN, FR): (1, 1.0), (CHN, SA): (-1, 1.0), (PRK, SA): (-1, 1.0), (HRW, FR): (-1, 1.0)}
    assert B[ROE][FR]["articles"] == ["alpha", "beta"]
    assert (B[ROE][FR]["first_date"], B[ROE][FR]["last_date"]) == ("2020-01-10", "2020-02-20")


def test_actor_issue_statement_basis(g, idx):
    B = actor_issue(g, basis="statements", index=idx)
    assert B[PRK][FR]["sign"] == 1 and B[PRK][FR]["weight"] == 1.0
    C = congruence(g, basis="statements", index=idx)
    assert pairs(C, "count")[P(CHN, PRK)] == 2


# ---------------------------------------------------------------- congruence and conflict

CONG = {P(ROE, KOR): 2, P(ROE, HRW): 1, P(KOR, HRW): 1, P(CHN, PRK): 1}
CONF = {P(ROE, CHN): 2, P(KOR, CHN): 2, P(HRW, CHN): 1, P(ROE, PRK): 1, P(KOR, PRK): 1}


def test_congruence_and_conflict_counts(g, idx):
    C = congruence(g, index=idx)
    K = conflict(g, index=idx)
    assert pairs(C, "count") == CONG and pairs(C) == {k: float(v) for k, v in CONG.items()}
    assert pairs(K, "count") == CONF
    assert C[ROE][KOR]["issues"] == [FR, SA] and C[ROE][KOR]["sign"] == 1
    assert K[ROE][CHN]["relation"] == "conflict" and K[ROE][CHN]["sign"] == -1
    assert set(C) == set(K) == {ROE, KOR, CHN, PRK, HRW}     # every actor with a stance
    assert C.nodes[ROE]["activity"] == 2 and C.nodes[HRW]["activity"] == 1


@pytest.mark.parametrize("norm, cong, conf", [
    ("average", {P(ROE, KOR): 1.0, P(ROE, HRW): 0.6667, P(KOR, HRW): 0.6667, P(CHN, PRK): 0.6667},
     {P(ROE, CHN): 1.0, P(KOR, CHN): 1.0, P(HRW, CHN): 0.6667, P(ROE, PRK): 0.6667, P(KOR, PRK): 0.6667}),
    ("jaccard", {P(ROE, KOR): 1.0, P(ROE, HRW): 0.5, P(KOR, HRW): 0.5, P(CHN, PRK): 0.5},
     {P(ROE, CHN): 0.5, P(KOR, CHN): 0.5, P(HRW, CHN): 0.3333, P(ROE, PRK): 0.3333, P(KOR, PRK): 0.3333}),
    ("cosine", {P(ROE, KOR): 1.0, P(ROE, HRW): 0.7071, P(KOR, HRW): 0.7071, P(CHN, PRK): 0.7071},
     {P(ROE, CHN): 1.0, P(KOR, CHN): 1.0, P(HRW, CHN): 0.7071, P(ROE, PRK): 0.7071, P(KOR, PRK): 0.7071}),
])
def test_normalisations(g, idx, norm, cong, conf):
    assert pairs(congruence(g, normalization=norm, index=idx)) == cong
    assert pairs(conflict(g, normalization=norm, index=idx)) == conf
    assert pairs(congruence(g, normalization=norm, index=idx), "count") == CONG


def test_unknown_normalisation(g, idx):
    with pytest.raises(AnalyticsError, match="valid: no, average, jaccard, cosine"):
        congruence(g, normalization="dice", index=idx)


def test_ambivalent_actor_counts_in_both():
    B = nx.Graph()
    B.add_nodes_from(["a", "b"], node_type="actor")
    B.add_node("i", node_type="issue")
    B.add_edge("a", "i", support=1, oppose=1)
    B.add_edge("b", "i", support=1, oppose=0)
    assert pairs(project(B, "congruence"), "count") == {P("a", "b"): 1}
    assert pairs(project(B, "conflict"), "count") == {P("a", "b"): 1}
    # DNA Jaccard: raw / |{(i,+),(i,-)} ∪ {(i,+)}| = 1/2
    assert pairs(project(B, "congruence", "jaccard")) == {P("a", "b"): 0.5}


def test_date_filter_and_windows(g, idx):
    C = congruence(g, index=idx, start="2020-03-01")
    K = conflict(g, index=idx, start="2020-03-01")
    assert C.number_of_edges() == 0 and pairs(K, "count") == {P(KOR, CHN): 1}
    assert set(C) == {HRW, KOR, CHN}          # Roe's beta statement is dated 2020-02-20
    ws = time_windows(g, "congruence", days=30, index=idx)
    assert [(w.start.isoformat(), w.end.isoformat()) for w in ws] == [
        ("2020-01-10", "2020-02-08"), ("2020-02-09", "2020-03-09")]
    assert pairs(ws[0].graph, "count") == {P(ROE, KOR): 1}
    assert pairs(ws[1].graph, "count") == {P(ROE, HRW): 1}
    wk = time_windows(g, "conflict", days=30, index=idx)
    assert pairs(wk[0].graph, "count") == {P(ROE, CHN): 1, P(KOR, CHN): 1, P(ROE, PRK): 1}
    assert pairs(wk[1].graph, "count") == {P(KOR, CHN): 1}
    assert ws[1].graph.graph["window_start"] == "2020-02-09"
    overlapping = time_windows(g, "congruence", days=60, step=30, index=idx)
    assert [w.start.isoformat() for w in overlapping] == ["2020-01-10", "2020-02-09"]
    assert pairs(overlapping[0].graph, "count") == CONG


def test_issue_and_kind_filters_on_stances(g, idx):
    C = congruence(g, issues=["sanctions"], index=idx)
    assert pairs(C, "count") == {P(ROE, KOR): 1, P(CHN, PRK): 1}
    K = conflict(g, kinds=["state"], index=idx)
    assert pairs(K, "count") == {P(KOR, CHN): 2, P(KOR, PRK): 1}
    C = congruence(g, articles=["alpha"], index=idx)
    assert pairs(C, "count") == {P(ROE, KOR): 1}


# ---------------------------------------------------------------- measures


def test_communities_and_polarisation(g, idx):
    C, K = congruence(g, index=idx), conflict(g, index=idx)
    assert [set(c) for c in communities(C)] == [{ROE, KOR, HRW}, {CHN, PRK}]
    assert [set(c) for c in communities(C)] == [set(c) for c in communities(C)]  # seeded: stable
    p = polarisation(C, K)
    assert p["conflict_share"] == pytest.approx(7 / 12)
    assert p["modularity"] == pytest.approx(0.32)
    assert p["communities"] == 2
    assert p["conflict_between"] == pytest.approx(1.0)


def test_centrality(g, idx):
    D = collapsed_interaction(interaction(g, index=idx))
    c = centrality(D)
    assert c[CHN]["in_degree"] == 3 and c[CHN]["in_strength"] == 7.0
    assert max(c, key=lambda n: c[n]["pagerank"]) == CHN
    assert c[ROE]["out_strength"] == 3.0 and c[ROE]["strength"] == 4.0
    # Roe links the anonymous official to China: the only broker
    assert c[ROE]["betweenness"] > 0 and c[ANON]["betweenness"] == 0
    assert math.isclose(sum(v["pagerank"] for v in c.values()), 1.0)
    C = annotate(congruence(g, index=idx))
    assert C.nodes[ROE]["community"] == C.nodes[KOR]["community"] != C.nodes[CHN]["community"]
    assert C.nodes[ROE]["strength"] == 3.0


def test_coalitions(g, idx):
    B = actor_issue(g, index=idx)
    c = coalitions(B, "forced repatriation")
    assert c["issue"] == FR and c["label"] == "forced repatriation of defectors"
    assert [m["id"] for m in c["oppose"]] == [ROE, HRW, KOR]   # Roe: 3 statements first
    assert [m["id"] for m in c["support"]] == [CHN] and c["mixed"] == []
    assert c["oppose"][0]["statements"] == 3
    assert coalitions(B, "sanctions")["support"][0]["label"] in ("Jane Roe", "South Korea")
    assert [x["issue"] for x in all_coalitions(B)] == [FR, SA]
    with pytest.raises(AnalyticsError):
        coalitions(B, "climate")


@pytest.mark.parametrize("word", ["repatriation", "REPATRIATION", "Refugee", "deport", "defectors",
                                  "forced", "human rights", "nuclear"])
def test_a_word_names_the_same_issues_as_in_kg_query(word):
    """``--param issue=WORD`` of the queries and the analytics' issue words agree (issue 13)."""
    from kg.analytics.networks import issue_terms
    from kg.query import run_query

    src = load([FIX / "queries"])
    by_query = {str(r["issueIri"]) for r in run_query("positions", src, {"issue": word}).rows}
    B = actor_issue(src)
    held = {d["iri"] for _, d in B.nodes(data=True) if d.get("node_type") == "issue"}
    from kg.analytics.issues import match

    assert {i for i in match(issue_terms(src), word) if i in held} == by_query
    if by_query:
        c = coalitions(B, word)
        assert {B.nodes[n]["iri"] for n in c["issues"]} == by_query
        rows_ = run_query("positions", src, {"issue": word}).rows
        assert {m["label"] for k in ("support", "oppose", "mixed") for m in c[k]} == \
            {str(r["holderLabel"]) for r in rows_}
    else:
        with pytest.raises(AnalyticsError):
            coalitions(B, word)


def test_a_word_naming_several_issues_takes_their_stances_together():
    import networkx as nx

    B = nx.Graph()
    B.add_node("issue:a-repatriation", node_type="issue", label="repatriation of defectors",
               iri="https://w3id.org/kg-diplomacy/scheme/issue/a-repatriation")
    B.add_node("issue:b", node_type="issue", label="repatriation of a family",
               iri="https://w3id.org/kg-diplomacy/scheme/issue/b")
    B.add_nodes_from(["x", "y"], node_type="actor")
    B.add_edge("x", "issue:a-repatriation", support=0, oppose=2)
    B.add_edge("x", "issue:b", support=1, oppose=0)
    B.add_edge("y", "issue:b", support=0, oppose=1)
    c = coalitions(B, "Repatriation")
    assert c["issues"] == ["issue:a-repatriation", "issue:b"]
    assert [m["id"] for m in c["mixed"]] == ["x"] and c["mixed"][0]["statements"] == 3
    assert [m["id"] for m in c["oppose"]] == ["y"] and c["support"] == []
    assert coalitions(B, "issue:b")["issues"] == ["issue:b"]       # an identifier names one


# ---------------------------------------------------------------- export


def test_graphml_and_gexf_load_back_with_attributes(g, idx, tmp_path):
    M = annotate(interaction(g, index=idx))
    C = annotate(congruence(g, index=idx))
    B = annotate(actor_issue(g, index=idx))
    for name, G in (("interaction", M), ("congruence", C), ("actor_issue", B)):
        paths = write_all(G, tmp_path, name)
        assert {p.name for p in paths} == {f"{name}.graphml", f"{name}.gexf", f"{name}.json",
                                           f"{name}.edges.csv", f"{name}.nodes.csv"}
    H = nx.read_graphml(tmp_path / "interaction.graphml")
    assert H.is_directed() and H.is_multigraph() and H.number_of_edges() == 10
    assert H.nodes[ROE]["label"] == "Jane Roe" and H.nodes[ROE]["wikidata"] == "Q1001"
    assert H.nodes[ROE]["articles"] == "alpha; beta" and isinstance(H.nodes[ROE]["pagerank"], float)
    acts = sorted(d["act_type"] for d in H.get_edge_data(ROE, CHN).values())
    assert acts == ["ACCUSE", "REQUEST", "REQUEST"]
    assert all(d["quad_class"] == "verbal-conflict" for d in H.get_edge_data(ROE, CHN).values())
    HC = nx.read_graphml(tmp_path / "congruence.graphml")
    assert HC[ROE][KOR]["weight"] == 2.0 and HC[ROE][KOR]["count"] == 2
    assert HC[ROE][KOR]["issues"] == f"{FR}; {SA}" and HC.nodes[KOR]["country"] == "KOR"
    assert HC.graph["normalization"] == "no"
    HB = nx.read_graphml(tmp_path / "actor_issue.graphml")
    assert HB[ROE][FR]["sign"] == -1 and HB[ROE][FR]["stance"] == "oppose"
    GX = nx.read_gexf(tmp_path / "congruence.gexf")
    assert GX.nodes[KOR]["label"] == "South Korea"
    assert GX[ROE][KOR]["weight"] == 2.0 and GX[ROE][KOR]["count"] == 2
    GXM = nx.read_gexf(tmp_path / "interaction.gexf")
    assert GXM.number_of_edges() == 10
    import json

    J = nx.node_link_graph(json.loads((tmp_path / "congruence.json").read_text()), edges="edges")
    assert J[ROE][KOR]["issues"] == [FR, SA]
    import csv

    with open(tmp_path / "congruence.edges.csv", newline="", encoding="utf-8") as f:
        rows_ = list(csv.DictReader(f))
    assert len(rows_) == 4
    row = next(r for r in rows_ if {r["source"], r["target"]} == {ROE, KOR})
    assert {row["source_label"], row["target_label"]} == {"Jane Roe", "South Korea"}
    assert float(row["weight"]) == 2.0


# ---------------------------------------------------------------- plots


def _colours(path):
    import matplotlib.image as mpimg
    import numpy as np

    img = mpimg.imread(path)[:, :, :3]
    px = img.reshape(-1, 3)
    uniq = np.unique((px * 255).round().astype(np.int64) @ np.array([65536, 256, 1]))
    r, g, b = px[:, 0], px[:, 1], px[:, 2]
    red = ((r > g + 0.35) & (r > b + 0.35)).sum()
    green = ((g > r + 0.2) & (g > b + 0.15)).sum()
    return len(uniq), red, green


def test_plots_written_and_non_trivial(g, idx, tmp_path):
    C, K = congruence(g, index=idx), conflict(g, index=idx)
    out = {
        "interaction": plot_network(interaction(g, index=idx), tmp_path / "interaction.png"),
        "actor_issue": plot_network(actor_issue(g, index=idx), tmp_path / "actor_issue.png"),
        "congruence": plot_network(C, tmp_path / "congruence.png"),
        "conflict": plot_network(K, tmp_path / "conflict.png"),
        "signed": plot_signed(C, K, tmp_path / "signed.png"),
    }
    for name, p in out.items():
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
        assert p.stat().st_size > 20_000, name
        n, red, green = _colours(p)
        assert n > 50, f"{name}: only {n} colours"
        if name in ("conflict", "interaction", "actor_issue", "signed"):
            assert red > 200, f"{name}: no red conflict edges"
        if name in ("congruence", "interaction", "actor_issue", "signed"):
            assert green > 200, f"{name}: no green edges"
    # deterministic layout: the same network draws the same picture
    again = plot_network(C, tmp_path / "again.png")
    assert again.read_bytes() == out["congruence"].read_bytes()


# ---------------------------------------------------------------- CLI


def _cli(argv):
    p = argparse.ArgumentParser(prog="kg")
    register(p.add_subparsers(dest="command"))
    a = p.parse_args(argv)
    return a.func(a)


def test_cli_writes_everything(tmp_path, capsys):
    out = tmp_path / "ana"
    code = _cli(["analyze", str(FIX / "analytics_alpha.ttl"), str(FIX / "analytics_beta.ttl"),
                 "--out", str(out), "--normalization", "jaccard", "--window", "30"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "congruence" in printed and "who stands with whom" in printed
    assert "forced repatriation of defectors: support: China (1) | oppose: Jane Roe (3)" in printed
    for name in ("interaction", "actor_issue", "congruence", "conflict"):
        for ext in (".graphml", ".gexf", ".json", ".edges.csv", ".nodes.csv", ".png"):
            assert (out / f"{name}{ext}").is_file(), f"{name}{ext}"
    assert (out / "signed.png").is_file() and (out / "summary.json").is_file()
    assert (out / "windows" / "congruence-2020-01-10.graphml").is_file()
    H = nx.read_graphml(out / "congruence.graphml")
    assert H[ROE][KOR]["weight"] == 1.0 and "community" in H.nodes[ROE]
    import json

    s = json.loads((out / "summary.json").read_text())
    assert s["polarisation"]["conflict_share"] == pytest.approx(7 / 12)
    assert s["articles"] == 2


def test_cli_folder_filters_and_options(tmp_path, capsys):
    code = _cli(["analyze", str(FIX), "--out", str(tmp_path), "--kind", "state", "--kind", "government",
                 "--issue", "sanctions", "--no-plots", "--format", "graphml"])
    assert code == 0
    assert not list(tmp_path.glob("*.png")) and not list(tmp_path.glob("*.gexf"))
    K = nx.read_graphml(tmp_path / "conflict.graphml")
    assert {frozenset(e) for e in K.edges()} == {P(KOR, CHN), P(KOR, PRK)}


def test_cli_store(tmp_path, capsys):
    import pyoxigraph as ox

    store_dir = tmp_path / "store"
    store = ox.Store(str(store_dir))
    for f in FILES:
        store.load(path=str(f), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:g:" + f.stem))
    store.flush()
    del store
    code = _cli(["analyze", "--store", str(store_dir), "--out", str(tmp_path / "out"), "--no-plots"])
    assert code == 0, capsys.readouterr().err
    C = nx.read_graphml(tmp_path / "out" / "congruence.graphml")
    assert {frozenset(e) for e in C.edges()} == set(CONG)


def _summary(tmp_path, name, argv):
    import json

    out = tmp_path / name
    assert _cli(["analyze", *argv, "--out", str(out), "--no-plots", "--format", "json"]) == 0
    s = json.loads((out / "summary.json").read_text())
    s.pop("files")
    return s


def test_cli_files_store_and_endpoint_agree(tmp_path, capsys):
    """kg analyze over files (an in-memory store of what the analytics read), over the
    embedded store kg load writes, and over that store served by oxigraph serve: one summary."""
    from kg.store.embedded import EmbeddedStore
    from kg.store.serve import Server

    with EmbeddedStore(tmp_path / "store") as store:
        assert store.load(FILES).ok
    files = _summary(tmp_path, "files", [str(f) for f in FILES])
    assert files["networks"]["congruence"]["edges"] > 0 and files["articles"] == 2
    assert _summary(tmp_path, "store", ["--store", str(tmp_path / "store")]) == files
    with Server(tmp_path / "store", read_only=True) as server:
        assert _summary(tmp_path, "endpoint", ["--endpoint", server.url]) == files


def test_analyze_files_keep_only_what_the_analytics_read(seed_cli_build):
    from kg.analytics.source import load_store
    from kg.store.graphs import read_named_graphs

    out, _ = seed_cli_build
    store = load_store([out])
    full = sum(len(g) for f in out.glob("*.trig") for g in read_named_graphs(f))
    assert 0 < len(store) < 0.6 * full     # no text, evidence, selectors or mentions


@pytest.mark.parametrize("argv, message", [
    (["analyze", "no/such/file.ttl"], "no such file"),
    (["analyze"], "nothing to analyse"),
    (["analyze", "STORE_EMPTY", "--store", "STORE_EMPTY"], "one of them"),
    (["analyze", "--store", "STORE_EMPTY", "--endpoint", "http://127.0.0.1:9"], "one of them"),
    (["analyze", "--store", "STORE_EMPTY"], "not an Oxigraph store"),
    (["analyze", "FIXDIR", "--issue", "climate change"], "unknown issue"),
    (["analyze", "FIXDIR", "--article", "Bad Id!"], "bad article"),
    (["analyze", "EMPTYDIR"], "no graph files"),
    (["analyze", "BROKEN"], "not valid"),
])
def test_cli_bad_input_exits_2(tmp_path, capsys, argv, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "emptydir").mkdir()
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    subst = {"STORE_EMPTY": str(tmp_path / "empty"), "FIXDIR": str(FIX), "EMPTYDIR": str(tmp_path / "emptydir"),
             "BROKEN": str(broken)}
    argv = [subst.get(a, a) for a in argv] + ["--out", str(tmp_path / "out"), "--no-plots"]
    assert _cli(argv) == 2
    assert message in capsys.readouterr().err


def test_cli_bad_date_and_help(capsys):
    with pytest.raises(SystemExit) as e:
        _cli(["analyze", str(FIX), "--from", "yesterday"])
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        _cli(["analyze", "--help"])
    assert e.value.code == 0
    text = capsys.readouterr().out
    for opt in ("--store", "--out", "--from", "--to", "--issue", "--kind", "--article", "--normalization",
                "--window", "--basis", "--format", "--no-plots", "exit codes"):
        assert opt in text, opt


# ---------------------------------------------------------------- doctests, layering


MODULES = ["kg.analytics", "kg.analytics.source", "kg.analytics.networks", "kg.analytics.measures",
           "kg.analytics.export", "kg.analytics.plot", "kg.analytics.cli", "kg.analytics.issues"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    mod = importlib.import_module(name)
    res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert res.attempted > 0, f"{name} has no doctest"
    assert res.failed == 0


def test_analytics_never_loads_extraction():
    code = ("import sys, kg.analytics as a; a.congruence(a.example()); "
            "bad = [m for m in sys.modules if m == 'spacy' or m.startswith(('kg.extract', 'kg.pipeline', 'kg.nlp'))]; "
            "print(bad); sys.exit(1 if bad else 0)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr


def test_example_is_the_documented_one():
    g = example()
    assert pairs(congruence(g), "count") == {P("wd:Q1001", "country:KOR"): 1}


# ---------------------------------------------------------------- the seed article


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed")
    r = subprocess.run([sys.executable, "-m", "kg", "build",
                        str(ROOT / "examples" / "seed-2012-02-23-un-china-defectors.txt"), "--out", str(out)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode in (0, 1), r.stderr  # 1: SHACL violations, the graph is still written
    return load(out)


def _node(G, pred):
    found = [n for n, d in G.nodes(data=True) if pred(d)]
    assert found, "no such node: " + ", ".join(f"{n} {d.get('label')!r}" for n, d in G.nodes(data=True))
    return found[0]


def test_seed_congruence_rapporteur_and_seoul(seed):
    C = congruence(seed)
    rapporteur = _node(C, lambda d: "Darusman" in str(d.get("label")))
    seoul = _node(C, lambda d: d.get("country") == "KOR" and d.get("kind") in ("state", "government"))
    assert C.has_edge(rapporteur, seoul), sorted(C.edges(data="issues"))
    issue = next(i for i in C[rapporteur][seoul]["issues"] if "repatriation" in i)
    c = coalitions(actor_issue(seed), issue)
    assert {m["id"] for m in c["oppose"]} >= {rapporteur, seoul}


def test_seed_interaction_rapporteur_to_china(seed):
    M = interaction(seed)
    rapporteur = _node(M, lambda d: "Darusman" in str(d.get("label")))
    china = _node(M, lambda d: d.get("country") == "CHN" and d.get("kind") == "state")
    assert M.has_edge(rapporteur, china)
    acts = {d["act_type"] for d in M.get_edge_data(rapporteur, china).values()}
    assert "REQUEST" in acts
    assert all(d["quad_class"] == "verbal-conflict" for d in M.get_edge_data(rapporteur, china).values())


def test_an_issue_labelled_differently_gets_its_first_label_whatever_the_order():
    """Articles label one issue differently (the shared concept then carries every label): the
    networks name it by the first label in alphabetical order, as the library queries do, so
    files, a store and an endpoint (which return the labels in different orders) agree."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    from kg.analytics.networks import _issue_labels
    from kg.rdf.namespaces import ISSUE, KG

    issue = URIRef(str(ISSUE) + "island-building")
    labels = ["India's island building", "China's island building", "Yemen's island building"]
    for order in (labels, labels[::-1]):
        g = Graph()
        g.add((issue, RDF.type, KG.Issue))
        for label in order:
            g.add((issue, SKOS.prefLabel, Literal(label, lang="en")))
        assert _issue_labels(g) == {str(issue): "China's island building"}

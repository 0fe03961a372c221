"""Graphs without dates query on every engine (issue 13, item 1).

``kg query statements`` and ``timeline`` sort by ``STR(?date)``; on a graph with two undated
statements rdflib 7.6 crashed ("'<' not supported between instances of 'NoneType' and
'NoneType'"). SPARQL puts unbound and erroring sort keys lowest (section 15.1): rdflib, the
in-memory Oxigraph engine, the embedded store and an Oxigraph server must give the same rows.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from _kgcli import kg
from kg.query import run_query
from kg.query.run import compact
from kg.rdf.namespaces import KG, SCHEMA
from kg.store.embedded import EmbeddedStore
from kg.store.serve import Server

FIXTURES = Path(__file__).parent / "fixtures" / "queries"
UNDATED_QUERIES = ("statements", "timeline", "summary", "quotes", "positions", "actors")


@pytest.fixture(scope="module")
def undated(tmp_path_factory) -> Path:
    """The two fixture articles with every date removed (statements, events, publication)."""
    folder = tmp_path_factory.mktemp("undated")
    for path in sorted(FIXTURES.glob("*.ttl")):
        g = Graph()
        g.parse(path, format="turtle")
        for p in (KG.date, KG.datePrecision, SCHEMA.datePublished):
            g.remove((None, p, None))
        g.serialize(folder / path.name, format="turtle")
    return folder


@pytest.fixture(scope="module")
def store_dir(undated, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("undated-store") / "kg"
    with EmbeddedStore(path) as s:
        assert s.load([undated]).ok
    return path


def _rows(result) -> list[tuple]:
    return [tuple(compact(r.get(v)) for v in result.variables) for r in result.rows]


def test_rdflib_orders_unbound_keys_lowest_like_oxigraph():
    data = """@prefix : <http://example.org/> .
        :a :p 1 . :b :p 2 ; :d "2020-05-01" . :c :p 3 . :e :p 4 ; :d "2019-01-01" ."""
    g = Graph().parse(data=data, format="turtle")
    store = ox.Store()
    store.load(data.encode(), format=ox.RdfFormat.TURTLE)
    for order in ("STR(?d) ?s", "DESC(STR(?d)) ?s", "?d ?s", "DESC(?d) DESC(?s)", "(?o + ?d) ?s"):
        q = f"SELECT ?s WHERE {{ ?s <http://example.org/p> ?o OPTIONAL {{ ?s <http://example.org/d> ?d }} }} ORDER BY {order}"
        got = [str(r[0]) for r in g.query(q)]
        want = [s["s"].value for s in store.query(q)]
        assert got == want, order


@pytest.mark.parametrize("name", UNDATED_QUERIES)
def test_undated_graphs_query_alike_on_every_local_engine(name, undated, store_dir):
    on_rdflib = run_query(name, [undated])
    assert len(on_rdflib) >= 2
    assert _rows(run_query(name, [undated], engine="oxigraph")) == _rows(on_rdflib)
    with EmbeddedStore(store_dir, create=False) as s:
        assert _rows(run_query(name, s)) == _rows(on_rdflib)


@pytest.mark.slow
def test_undated_graphs_query_alike_through_a_server(undated, store_dir):
    with Server(store_dir) as server:
        from kg.store.remote import Endpoint

        ep = Endpoint.from_url(server.url)
        for name in UNDATED_QUERIES:
            assert _rows(run_query(name, ep)) == _rows(run_query(name, [undated])), name


@pytest.mark.parametrize("name", ["statements", "timeline"])
def test_kg_query_on_undated_graph_files_exits_0(name, undated, capsys):
    assert kg("query", name, undated) == 0
    out = capsys.readouterr().out
    assert "Marzuki Darusman" in out and "(0 rows)" not in out

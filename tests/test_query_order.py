"""ORDER BY sorted by kg on the rows of Oxigraph and SPARQL endpoints (kg.query.order): the
same order as the engine's own sort, every library query sorted so, and in one order only (its
ORDER BY names every column, so rows that differ cannot tie)."""
from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from kg.query import list_queries, run_query
from kg.query.library import load_file
from kg.query.order import Key, sort_rows, split_distinct, split_order
from kg.query.run import _ox_describe, compact

ID = "https://w3id.org/kg-diplomacy/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
QUERY = """SELECT ?a ?b ?c WHERE { ?s <http://example.org/a> ?a .
  OPTIONAL { ?s <http://example.org/b> ?b } OPTIONAL { ?s <http://example.org/c> ?c } }
ORDER BY %s
"""


def test_split_order_reads_the_conditions_kg_evaluates():
    text, keys = split_order(QUERY % 'DESC(?b) ?a # a comment\n STR(?c) ASC(COALESCE(STR(?b), ""))')
    assert "ORDER BY" not in text and text.rstrip().endswith("}")
    assert keys == (Key("b", "term", True), Key("a", "term"), Key("c", "str"), Key("b", "coalesce"))
    _, keys = split_order(QUERY % "?a" + 'VALUES ?a { "x" }')
    assert keys == (Key("a", "term"),)
    assert 'VALUES ?a { "x" }' in split_order(QUERY % "?a" + 'VALUES ?a { "x" }')[0]


@pytest.mark.parametrize("order", ["LCASE(?a)", "?a + ?b", "?a LIMIT 3", "?a OFFSET 1", "DESC(STR(?a) ?b)"])
def test_other_orders_are_left_to_the_engine(order):
    assert split_order(QUERY % order) is None
    assert split_order("SELECT ?a WHERE { ?a ?p ?o }") is None


def _typed(text: str, datatype: str) -> ox.Literal:
    return ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))


def _store(rng: random.Random, kinds: str) -> ox.Store:
    """Rows with values of the given kinds in ?a, ?b and ?c, some unbound (no two values that
    SPARQL orders as equal, such as 10 and 10.0, or "" and an unbound value under COALESCE:
    rows that tie on every key come in no defined order)."""
    ex = "http://example.org/"
    values = {
        "string": lambda: ox.Literal(rng.choice(["a", "B", "b", "é", "ab", "Z"])),
        "number": lambda: _typed(*rng.choice([("-2", "integer"), ("10", "integer"), ("9", "nonNegativeInteger"),
                                               ("0.5", "decimal"), ("3.5", "decimal"), ("1e2", "double")])),
        "date": lambda: ox.Literal(f"2012-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", datatype=ox.NamedNode(XSD + "date")),
        "english": lambda: ox.Literal(rng.choice(["war", "peace", "Peace"]), language="en"),
        "iri": lambda: ox.NamedNode(ex + rng.choice(["x", "y", "z/1"])),
        "mixed": lambda: rng.choice([ox.Literal("2012"), ox.NamedNode(ex + "x"), ox.BlankNode(),
                                     ox.Literal("2012", datatype=ox.NamedNode(XSD + "gYear")),
                                     ox.Literal("1e1", datatype=ox.NamedNode(XSD + "decimal"))]),
    }
    store = ox.Store()
    for k in range(40):
        s = ox.NamedNode(f"{ex}s{k}")
        store.add(ox.Quad(s, ox.NamedNode(ex + "a"), values[rng.choice(kinds.split())](), ox.DefaultGraph()))
        for p in "bc":
            if rng.random() < 0.7:
                store.add(ox.Quad(s, ox.NamedNode(ex + p), values[rng.choice(kinds.split())](), ox.DefaultGraph()))
    return store


@pytest.mark.parametrize("kinds", ["string", "number", "date", "english", "iri string", "iri number", "mixed"])
@pytest.mark.parametrize("order", ["?a ?b ?c", "DESC(?b) ?c ?a", 'COALESCE(STR(?c), "") DESC(STR(?a)) ?b'])
def test_kg_sorts_as_the_engine_does(kinds, order, tmp_path):
    """On values whose order SPARQL defines, kg's sort and Oxigraph's give the very same rows in
    the very same order (and on others, kg leaves the sort to the engine)."""
    path = tmp_path / "q.rq"
    path.write_text(QUERY % order)
    doc = load_file(path)
    for seed in range(5):
        store = _store(random.Random(seed), kinds)
        by_kg = run_query(doc, store)
        by_engine = run_query(doc, store, hints=False)
        assert ("ORDER BY" not in by_kg.query or kinds == "mixed") and "ORDER BY" in by_engine.query
        assert [tuple(map(str, r)) for r in by_kg._raw] == [tuple(map(str, r)) for r in by_engine._raw]


def test_split_distinct_takes_off_the_distinct_of_the_select_only():
    assert split_distinct("SELECT DISTINCT ?a WHERE { ?a ?p ?o }") == "SELECT  ?a WHERE { ?a ?p ?o }"
    assert split_distinct("PREFIX distinct: <http://e/> select distinct ?a { ?a ?p ?o }").endswith("select  ?a { ?a ?p ?o }")
    for text in ("SELECT ?a WHERE { { SELECT DISTINCT ?a WHERE { ?a ?p ?o } } }",
                 "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a ?p ?o }", "SELECT ?a WHERE { ?a ?p \"DISTINCT\" }",
                 "ASK { ?a ?p ?o }"):
        assert split_distinct(text) is None, text


# rows that repeat: ?a and ?b of ?s with two ?c each (and ?c not projected)
REPEATS = """SELECT DISTINCT ?a ?b WHERE { ?s <http://example.org/a> ?a ; <http://example.org/c> ?c .
  OPTIONAL { ?s <http://example.org/b> ?b } }
ORDER BY %s
"""


@pytest.mark.parametrize("order", ["?a ?b", "DESC(?b) ?a", "?a"])
def test_kg_drops_the_repeated_rows_of_a_distinct_query(order, tmp_path):
    """A DISTINCT query that kg sorts runs without DISTINCT; kg drops the rows that repeat, as
    the engine would, whether the ORDER BY names every column or not."""
    ex = "http://example.org/"
    path = tmp_path / "q.rq"
    path.write_text(REPEATS % order)
    doc = load_file(path)
    rng = random.Random(7)
    store = ox.Store()
    for k in range(60):
        s = ox.NamedNode(f"{ex}s{k}")
        quads = [(ex + "a", ox.Literal(rng.choice("xyz"))), (ex + "c", ox.Literal("1")), (ex + "c", ox.Literal("2"))]
        if rng.random() < 0.6:
            quads.append((ex + "b", rng.choice([ox.Literal("1"), ox.NamedNode(ex + "1"), ox.Literal("2")])))
        for p, o in quads:
            store.add(ox.Quad(s, ox.NamedNode(p), o, ox.DefaultGraph()))
    by_kg, by_engine = run_query(doc, store), run_query(doc, store, hints=False)
    assert "DISTINCT" not in by_kg.query and "DISTINCT" in by_engine.query
    rows = [tuple(map(str, r)) for r in by_kg._raw]
    assert len(rows) == len(set(rows)) < 60
    if order != "?a":     # rows that tie on every key come in no defined order
        assert rows == [tuple(map(str, r)) for r in by_engine._raw]
    assert sorted(rows) == sorted(tuple(map(str, r)) for r in by_engine._raw)


def test_a_column_of_mixed_literals_is_left_to_the_engine():
    rows = [(ox.Literal("2012"),), (ox.Literal("2012", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")),)]
    assert sort_rows(rows, ["a"], [Key("a", "term")], _ox_describe) is None
    assert sort_rows(rows, ["a"], [Key("a", "str")], _ox_describe) == rows
    assert sort_rows(rows, ["a"], [Key("b", "str")], _ox_describe) is None    # not a column


def test_pages_are_cut_from_the_sorted_rows(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text(QUERY % "?a ?b ?c")
    doc = load_file(path)
    store = _store(random.Random(1), "string number")
    whole = [tuple(map(str, r)) for r in run_query(doc, store)._raw]
    pages = [tuple(map(str, r)) for k in range(0, 40, 7) for r in run_query(doc, store, limit=7, offset=k)._raw]
    assert pages == whole and len(whole) == 40


@pytest.mark.parametrize("doc", list_queries(), ids=lambda d: d.name)
def test_every_library_query_is_sorted_by_kg_in_one_order(doc):
    """kg evaluates the ORDER BY of every library query, and it names every column (as ?v,
    STR(?v) or COALESCE(STR(?v), "")): two rows that differ never tie."""
    split = split_order(doc.text)
    assert split is not None, doc.name
    keys = {k.var for k in split[1]}
    assert set(doc.columns) <= keys, (doc.name, set(doc.columns) - keys)


def test_rows_come_in_the_same_order_from_every_engine(tmp_path):
    """Two actors with one label, one count and one article (the case that failed in CI):
    rdflib, the embedded store sorted by kg and by Oxigraph give them in one order."""
    from kg.query.run import load_graph
    from kg.store.embedded import EmbeddedStore

    trig = tmp_path / "twins.trig"
    actors = [f"<{ID}doc/d/actor/a{5 - k}> kg:actorKind actorkind:person ; "
              f'rdfs:label "an official" ; kg:article <{ID}doc/d> ; kg:mention <{ID}doc/d/m{k}> .' for k in range(6)]
    trig.write_text("@prefix kg: <https://w3id.org/kg-diplomacy/ontology#> .\n"
                    "@prefix actorkind: <https://w3id.org/kg-diplomacy/scheme/actor-kind/> .\n"
                    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                    f"<{ID}graph/d> {{\n" + "\n".join(actors) + "\n}\n")
    store = EmbeddedStore(tmp_path / "store")
    assert store.load([trig]).ok
    try:
        orders = [[tuple(compact(r[v]) for v in res.variables) for r in res.rows]
                  for res in (run_query("actors", load_graph([trig])), run_query("actors", store),
                              run_query("actors", store, hints=False))]
    finally:
        store.close()
    assert orders[0] == orders[1] == orders[2]
    assert [r[-1] for r in orders[0]] == sorted(r[-1] for r in orders[0]) and len(orders[0]) == 6

"""Kept rows (kg.query.rows): the answers of statements, positions and evidence that kg keeps per
article in a store give the same answers as the queries themselves, with every parameter, paged
or not; a store whose rows are missing, stale or orphaned is asked the queries instead."""
from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query import rows, run_query
from kg.query.library import get_query, list_queries
from kg.rdf import iri, vocabulary
from kg.rdf.emit import emit_triples
from kg.rdf.io import serialize_terms
from kg.store.embedded import EmbeddedStore
from kg.store.graphs import read_named_graphs
from test_query_rewrite import PARAMS, _article

FIXTURES = Path(__file__).parent / "fixtures" / "queries"
KEPT = [d.name for d in list_queries() if rows.kept(d)]


def _cases():
    for name in KEPT:
        doc = get_query(name)
        yield name, {}
        for p in doc.parameters:
            for v in PARAMS.get(p.name, []) + ["none"] * (p.name in ("issue", "stance")):
                yield name, {p.name: v}
        yield name, {p.name: PARAMS[p.name][0] for p in doc.parameters if p.name in PARAMS}
    yield "statements", {"from": "2012-02-01", "to": "2012-02-29"}
    yield "statements", {"actor": "china", "from": "2012-01-01"}
    yield "evidence", {"fact": str(iri.ID) + "doc/synth-1/statement/0"}


CASES = list(_cases())


def _without_rows(path: Path):
    """The store at ``path`` with its rows graphs dropped: kg then runs the queries."""
    with EmbeddedStore(path) as store:
        for g in [g for g in store.store.named_graphs() if vocabulary.is_rows_graph(g.value)]:
            store.store.remove_graph(g)


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """The fixture graphs and a synthetic corpus (issues with conflicting labels, statements
    without issue or addressee, year and month dates), each in a store with rows and in one
    without."""
    folder = tmp_path_factory.mktemp("synthetic")
    rng = random.Random(7)
    for k in range(10):
        (folder / f"synth-{k}.trig").write_bytes(
            serialize_terms(emit_triples(_article(k, rng), version="0.0.0"), "trig", f"synth-{k}"))
    out = {}
    for label, graphs in (("fixtures", FIXTURES), ("synthetic", folder)):
        paths = []
        for kind in ("rows", "plain"):
            path = tmp_path_factory.mktemp(f"{label}-{kind}") / "store"
            with EmbeddedStore(path) as store:
                assert store.load([graphs]).ok
            if kind == "plain":
                _without_rows(path)
            paths.append(path)
        out[label] = [EmbeddedStore(p, read_only=True) for p in paths]
    yield out
    for pair in out.values():
        for store in pair:
            store.close()


def test_a_loaded_store_keeps_rows_and_the_copy_without_them_does_not(stores):
    for kept, plain in stores.values():
        assert rows.current(kept.store) and not rows.current(plain.store)
        assert kept.graph_names() == plain.graph_names() and kept.quad_count() == plain.quad_count()
        assert kept.rows_quad_count() > 0 == plain.rows_quad_count()


@pytest.mark.parametrize("name,params", CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_kept_rows_give_the_answers_of_the_query(name, params, stores):
    found = 0
    for kept, plain in stores.values():
        fast, slow = run_query(name, kept, params), run_query(name, plain, params)
        assert fast.variables == slow.variables
        assert fast.rows == slow.rows, (name, params)
        assert list(fast.strings(compact_iris=True)) == list(slow.strings(compact_iris=True))
        assert fast.records() == slow.records()
        page = run_query(name, kept, params, limit=3, offset=2)
        assert page.rows == slow.rows[2:5]
        found += len(fast)
    if not params:
        assert found > 0, name


def test_an_issue_keeps_the_first_of_its_labels_across_articles(tmp_path):
    """Two articles label one issue differently: the rows read show the label the query
    shows (the first in alphabetical order), not the one their own article gave."""
    from kg.model import Issue

    paths = []
    for k, label in enumerate(["zebra crossing", "alpha crossing"]):
        rec = _article(k, random.Random(5))
        for s in rec.statements:
            s.issue, s.stance = Issue(key="crossing", label=label), "support"
        path = tmp_path / f"synth-{k}.trig"
        path.write_bytes(serialize_terms(emit_triples(rec, version="0.0.0"), "trig", f"synth-{k}"))
        paths.append(path)
    with EmbeddedStore(tmp_path / "s") as store:
        store.load(paths)
        assert rows.current(store.store)
        labels = {r["issueLabel"] for r in run_query("statements", store).records()}
        assert labels == {"alpha crossing"}


def _holds_rows(path: Path) -> bool:
    with EmbeddedStore(path, read_only=True) as store:
        return rows.current(store.store)


def test_stale_missing_or_orphaned_rows_are_not_read(tmp_path):
    files = sorted(FIXTURES.glob("*.ttl"))
    path = tmp_path / "s"
    with EmbeddedStore(path) as store:
        store.load(files)
    assert _holds_rows(path)
    # rows made by another version of kg (other queries): not read
    with EmbeddedStore(path) as store:
        store.store.update(f'DELETE {{ GRAPH ?g {{ ?g <{rows.ROWS}version> ?v }} }} '
                           f'INSERT {{ GRAPH ?g {{ ?g <{rows.ROWS}version> "old" }} }} '
                           f'WHERE {{ GRAPH ?g {{ ?g <{rows.ROWS}version> ?v }} }}')
    assert not _holds_rows(path)
    with EmbeddedStore(path) as store:      # kg load makes them again
        store.load(files)
    assert _holds_rows(path)
    # an article graph loaded by another tool, without rows
    with EmbeddedStore(path) as store:
        extra = ox.NamedNode(str(iri.graph("other-tool")))
        store.store.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                                ox.Literal("o"), extra))
    assert not _holds_rows(path)
    with EmbeddedStore(path) as store:
        store.store.remove_graph(extra)
        assert rows.current(store.store)
        # an article graph dropped by another tool: its rows are orphans
        store.store.remove_graph(ox.NamedNode(store.graph_names()[0]))
        assert not rows.current(store.store)


def test_reloading_an_article_replaces_its_rows(tmp_path):
    a = sorted(FIXTURES.glob("*.ttl"))[0]
    smaller = tmp_path / a.name
    smaller.write_text(a.read_text().split("# --- the event")[0])
    with EmbeddedStore(tmp_path / "s") as store:
        store.load([a])
        before = len(run_query("evidence", store))
        store.load([smaller])
        assert rows.current(store.store)
        after = run_query("evidence", store)
        store.store.update("DROP SILENT GRAPH <%s>" % rows.rows_graph(store.graph_names()[0]))
        assert not rows.current(store.store)
        assert run_query("evidence", store).rows == after.rows and len(after) < before


def test_rows_are_left_out_of_exports_sources_and_loaded_files(tmp_path):
    """Rows are kg's index, not data: an export, the graphs analytics and validation read, and
    a store loaded from an export leave them out (kg makes its own)."""
    from kg.export import export
    from kg.store.source import StoreSource

    with EmbeddedStore(tmp_path / "s") as store:
        store.load([FIXTURES])
        dumped = tmp_path / "dump.trig"
        export(store, "trig", dumped)
    assert b"/graph/rows/" not in dumped.read_bytes()
    src = StoreSource(tmp_path / "s")
    try:
        assert not any(vocabulary.is_rows_graph(g.name.value) for g in src.named_graphs())
        assert len(list(src.documents())) == 2
    finally:
        src.close()
    # a file that carries rows graphs (another kg's) loads its articles, not its rows
    with EmbeddedStore(tmp_path / "s", read_only=True) as store:
        everything = list(store.store)
    carried = tmp_path / "with-rows.nq"
    carried.write_bytes(ox.serialize(everything, format=ox.RdfFormat.N_QUADS))
    assert any(vocabulary.is_rows_graph(g.name.value) for g in read_named_graphs(carried))
    with EmbeddedStore(tmp_path / "t") as store:
        report = store.load([carried])
        assert report.ok and not any(vocabulary.is_rows_graph(g.graph or "") for g in report.graphs)
        assert rows.current(store.store)

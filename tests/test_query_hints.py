"""Pages of answers (--limit/--offset) and the comments that make a query cheaper without
changing its answers (kg.query.library: ``# only with``, ``# only without``, ``# VALUES``).
tests/test_query_rewrite.py checks every library query with and without them; these tests pin
down what each comment does to the text, and paging on every engine and through the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from _kgcli import kg
from kg.errors import QueryError
from kg.query import get_query, run_query
from kg.query.bind import check_query, inject_values, page, strip_unbound
from kg.query.run import compact, load_graph
from kg.store.embedded import EmbeddedStore

FIXTURES = Path(__file__).parent / "fixtures" / "queries"

QUERY = """PREFIX kg: <https://w3id.org/kg-diplomacy/ontology#>
SELECT ?s WHERE {
  ?s a <http://example.org/T#only> ; kg:note "# only with ?party" .
  { ?s kg:speaker ?party } UNION { ?s kg:addressee ?party }  # only with ?party
  { SELECT DISTINCT ?s ?issue
    WHERE { # VALUES ?issue
            ?s kg:issue ?issue } }  # only with ?issue
  { SELECT DISTINCT ?s WHERE { ?s kg:issue ?any } }  # only without ?issue
}
"""


def test_only_with_leaves_out_the_marked_part_when_its_variable_is_unbound():
    text = strip_unbound(QUERY, set())
    assert "?party }" not in text and "kg:issue ?issue" not in text and "# VALUES" not in text
    assert "kg:issue ?any" in text                                       # only without ?issue: kept
    assert '"# only with ?party"' in text and "T#only" in text            # a string, an IRI: no comments
    check_query(text)


def test_only_with_keeps_the_part_when_bound_and_only_without_drops_its_own():
    text = strip_unbound(QUERY, {"party", "issue"})
    assert "kg:addressee ?party" in text and "# VALUES ?issue" in text and "kg:issue ?issue" in text
    assert "kg:issue ?any" not in text
    check_query(text)
    assert strip_unbound(QUERY, {"party", "issue", "other"}) == text


TWO_WAYS = """SELECT ?s WHERE {
  ?s a ?t .
  { ?s <http://example.org/few> ?x }  # only with one of ?a ?b
  { SELECT ?s ?x WHERE { ?s <http://example.org/many> ?x } }  # only without ?a ?b
}
"""


@pytest.mark.parametrize("bound,kept", [(set(), "many"), ({"a"}, "few"), ({"b"}, "few"), ({"a", "b"}, "few"),
                                        ({"c"}, "many")])
def test_one_of_and_without_choose_one_of_two_ways(bound, kept):
    text = strip_unbound(TWO_WAYS, bound)
    assert f"example.org/{kept}>" in text and text.count("example.org/") == 1, text
    check_query(text)


NESTED = """SELECT ?s WHERE {
  ?s a ?t .
  {
    { ?s <http://example.org/stance> ?c }  # only with ?c
    { SELECT ?s ?x WHERE { ?s <http://example.org/many> ?x } } }  # only without ?a
}
"""


@pytest.mark.parametrize("bound,kept", [(set(), ["many"]), ({"c"}, ["stance", "many"]), ({"a"}, []),
                                        ({"a", "c"}, [])])
def test_a_marked_part_inside_a_left_out_part_goes_with_it(bound, kept):
    text = strip_unbound(NESTED, bound)
    assert sorted(k for k in ("stance", "many") if f"example.org/{k}>" in text) == sorted(kept), text
    check_query(text)


def test_values_hint_binds_the_named_parameters_inside_the_group_too():
    checked = check_query(strip_unbound(QUERY, {"issue"}))
    issues = [URIRef("http://example.org/i1"), URIRef("http://example.org/i2")]
    text = inject_values(checked, {"issue": issues, "party": Literal("x")})
    assert text.count("VALUES (?issue ?party)") == 1                     # the top of the WHERE clause
    inner = text[text.index("SELECT DISTINCT ?s ?issue"):]
    assert inner.index("VALUES (?issue) { (<http://example.org/i1>) (<http://example.org/i2>) }") \
        < inner.index("?s kg:issue ?issue")
    assert "# VALUES" not in text
    plain = inject_values(checked, {"issue": issues}, hints=False)
    assert "# VALUES ?issue" in plain and plain.count("VALUES (") == 1
    check_query(text, escapes=True)


def test_page_adds_limit_and_offset_and_refuses_a_query_with_its_own():
    assert page("SELECT * WHERE { ?s ?p ?o }", 10, 20).endswith("LIMIT 10 OFFSET 20\n")
    assert page("SELECT * WHERE { ?s ?p ?o }", None, 5).endswith("OFFSET 5\n")
    assert page("SELECT * WHERE { ?s ?p ?o } # LIMIT", None, 0) == "SELECT * WHERE { ?s ?p ?o } # LIMIT"
    with pytest.raises(QueryError, match="its own LIMIT"):
        page("SELECT * WHERE { ?s ?p ?o } LIMIT 3", 10, 0)
    with pytest.raises(QueryError):
        page("SELECT * WHERE { ?s ?p ?o }", -1, 0)


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    store = EmbeddedStore(tmp_path_factory.mktemp("store") / "kg")
    assert store.load([FIXTURES]).ok
    yield {"rdflib": load_graph([FIXTURES]), "store": store}
    store.close()


def _rows(result):
    return [tuple(compact(r.get(c)) for c in result.variables) for r in result.rows]


@pytest.mark.parametrize("name,params", [("statements", {}), ("actors", {}), ("positions", {}), ("timeline", {}),
                                         ("evidence", {})])
def test_pages_put_together_are_the_whole_answer_in_order(sources, name, params):
    for source in sources.values():
        whole = _rows(run_query(name, source, params))
        assert len(whole) >= 3, name
        pages = []
        for offset in range(0, len(whole) + 2, 2):
            part = _rows(run_query(name, source, params, limit=2, offset=offset))
            assert len(part) == min(2, max(0, len(whole) - offset))
            pages += part
        assert pages == whole
        assert _rows(run_query(name, source, params, offset=1)) == whole[1:]
        assert len(run_query(name, source, params, limit=0)) == 0


def test_cli_prints_a_page_and_says_where_the_next_one_starts(capsys):
    assert kg("query", "statements", FIXTURES, "--limit", "2") == 0
    out = capsys.readouterr().out
    assert "(2 rows)" in out and "the next: --offset 2" in out
    assert kg("query", "statements", FIXTURES, "--limit", "2", "--offset", "2", "--format", "json") == 0
    second = json.loads(capsys.readouterr().out)
    assert kg("query", "statements", FIXTURES, "--format", "json") == 0
    assert second == json.loads(capsys.readouterr().out)[2:4]
    with pytest.raises(SystemExit):
        kg("query", "statements", FIXTURES, "--limit", "-3")


def test_a_user_query_with_its_own_limit_is_not_paged(tmp_path, capsys):
    path = tmp_path / "mine.rq"
    path.write_text("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3\n", encoding="utf-8")
    assert kg("query", path, FIXTURES, "--limit", "2") == 2
    assert "its own LIMIT" in capsys.readouterr().err
    assert get_query(str(path)).trusted is False


@pytest.mark.parametrize("n", [3, 150])
def test_many_values_are_joined_as_a_sub_query_with_the_same_rows(n):
    """A parameter resolved to many IRIs (an actor word names every article's actor) is bound
    by a VALUES block that opens the WHERE group as a sub-query past 100 rows (Oxigraph then
    joins it by hashing instead of testing every row of the block against every solution)."""
    import pyoxigraph as ox

    store = ox.Store()
    ex = "http://example.org/"
    for k in range(300):
        store.add(ox.Quad(ox.NamedNode(f"{ex}s{k}"), ox.NamedNode(ex + "p"), ox.NamedNode(f"{ex}o{k}"),
                          ox.DefaultGraph()))
    checked = check_query(f"SELECT ?s ?o WHERE {{ ?s <{ex}p> ?o }}")
    wanted = [URIRef(f"{ex}o{k}") for k in range(0, 2 * n, 2)]
    text = inject_values(checked, {"o": wanted})
    assert ("{ SELECT * WHERE { VALUES" in text) == (n > 100)
    rows = {(r[0].value, r[1].value) for r in store.query(text)}
    assert rows == {(f"{ex}s{k}", f"{ex}o{k}") for k in range(0, 2 * n, 2)}

"""The query library (queries/*.rq), safe parameters and the query runners.

Every query of the library runs on a hand-made two-article fixture (tests/fixtures/queries/)
and must give the expected rows on rdflib (initBindings) and on Oxigraph (VALUES block over
named graphs, union default graph) alike; the number of queries run is asserted. Injection
payloads must return no extra rows on either engine (RELIABILITY.md Q1); SERVICE, LOAD and
remote FROM are refused before anything runs (Q2); slow queries time out (Q3).
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from _kgcli import kg
from kg.errors import QueryError
from kg.query import QueryTimeout, get_query, list_queries, run_query
from kg.query.bind import check_query, inject_values
from kg.query.library import parse_header, query_dir, resolver
from kg.query.run import compact, format_csv, format_json, format_table, load_graph
from kg.rdf.namespaces import ID, ISSUE, KG, SKOS, XSD
from kg.rdf import vocabulary
from kg.store.embedded import EmbeddedStore

FIXTURES = Path(__file__).parent / "fixtures" / "queries"
A = "https://w3id.org/kg-diplomacy/id/doc/un-china-defectors"
B = "https://w3id.org/kg-diplomacy/id/doc/seoul-urges-beijing"
REQUIRED = {"statements", "positions", "coalitions", "quotes", "timeline", "evidence", "actors",
            "summary"}
TOPIC = "forced repatriation of North Korean defectors"


# ---------------------------------------------------------------- sources


@pytest.fixture(scope="module")
def rdflib_graph() -> Graph:
    return load_graph([FIXTURES])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with EmbeddedStore(tmp_path_factory.mktemp("store") / "kg") as s:
        report = s.load([FIXTURES])
        assert report.ok and len(report.graphs) == 4      # two articles, the shared vocabulary
        assert {g.graph for g in report.graphs[2:]} == set(vocabulary.GRAPHS)
        yield s


def rows(result, columns):
    """Rows as tuples of compact text, for the given columns."""
    return [tuple(compact(r.get(c)) for c in columns) for r in result.rows]


# ---------------------------------------------------------------- the library itself


def test_library_has_the_required_questions():
    names = {q.name for q in list_queries()}
    assert REQUIRED <= names
    files = sorted(query_dir().glob("*.rq"))
    assert len(list_queries()) == len(files) >= 14
    assert sum(q.violation for q in list_queries()) >= 6


@pytest.mark.parametrize("doc", list_queries(), ids=lambda d: d.name)
def test_every_query_parses_and_documents_itself(doc):
    head = parse_header(doc.text)
    assert doc.question.endswith((".", "?")) and len(doc.question) > 20, "# Question: … missing"
    assert "parameters" in head, "# Parameters: … (or none) missing"
    checked = check_query(doc.text, source=doc.name)
    assert checked.form == "SelectQuery"
    assert checked.variables == list(doc.columns), "# Columns: must list the projected variables"
    for p in doc.parameters:
        used = p.resolves or p.name   # a resolved text parameter binds its IRIs to ?<resolves>
        assert f"?{used}" in doc.text.split("SELECT", 1)[1], f"?{used} is not used"
        if p.resolves:
            res = resolver(p)
            assert [q.name for q in res.parameters] == ["text"] and res.columns == ("iri",)
        if p.type != "iri":  # an IRI parameter may be a pattern variable, hence a column
            assert p.name not in doc.columns, f"parameter ?{p.name} must not be a result column"
    if doc.violation:
        assert doc.parameters == ()
    # Oxigraph parses it too (an empty store answers with no rows)
    assert list(ox.Store().query(doc.text, use_default_graph_as_union=True)) == []


def test_records_queries_are_not_part_of_the_library():
    assert all("/records/" not in str(q.path) for q in list_queries())


# ---------------------------------------------------------------- expected rows

# name -> [(params, columns, expected rows)]; every query of the library has at least one case.
EXPECTED = {
    "statements": [
        ({}, ("date", "speakerLabel", "actType", "addresseeLabel", "stanceName"), [
            ("2012-02", "Marzuki Darusman", "STATEMENT", "", ""),
            ("2012-02-23", "Marzuki Darusman", "REQUEST", "China", "oppose"),
            ("2012-02-24", "South Korea", "REQUEST", "China", "oppose"),
            ("2012-02-24", "China", "REJECT", "South Korea", "support"),
            ("2012-02-24", "a South Korean foreign ministry official", "STATEMENT", "", "")]),
        ({"actor": "BEIJING"}, ("speakerLabel", "actType", "addresseeLabel"), [   # altLabel, article B only
            ("South Korea", "REQUEST", "China"), ("China", "REJECT", "South Korea")]),
        ({"actor": "chn"}, ("speakerLabel", "actType", "addresseeLabel"), [        # country code
            ("Marzuki Darusman", "REQUEST", "China"), ("South Korea", "REQUEST", "China"),
            ("China", "REJECT", "South Korea")]),
        ({"actor": "Q884"}, ("speakerLabel", "actType"), [
            ("South Korea", "REQUEST"), ("China", "REJECT")]),
        ({"act": "reject"}, ("statement", "polarity", "content"), [
            ("kgid:doc/seoul-urges-beijing/statement/1", "positive", "the request")]),
        ({"from": "2012-02-24"}, ("date", "speakerLabel"), [
            ("2012-02", "Marzuki Darusman"), ("2012-02-24", "South Korea"), ("2012-02-24", "China"),
            ("2012-02-24", "a South Korean foreign ministry official")]),
        ({"to": "2012-02-23"}, ("date", "actType"), [("2012-02", "STATEMENT"), ("2012-02-23", "REQUEST")]),
        ({"issue": "deport", "stance": "oppose", "from": "2012-02-01", "to": "2012-02-29"},
         ("speakerLabel", "issueLabel", "modality"), [
            ("Marzuki Darusman", TOPIC, "asserted"), ("South Korea", TOPIC, "asserted")]),
    ],
    "positions": [
        ({"issue": "repatriation"}, ("holderLabel", "stanceName", "issueLabel", "country", "wikidata", "doc"), [
            ("Marzuki Darusman", "oppose", TOPIC, "", "", "kgid:doc/un-china-defectors"),
            ("South Korea", "oppose", TOPIC, "KOR", "Q884", "kgid:doc/seoul-urges-beijing"),
            ("China", "support", TOPIC, "CHN", "Q148", "kgid:doc/seoul-urges-beijing")]),
        ({"issue": "Refugee"}, ("holderLabel",), [("Marzuki Darusman",), ("South Korea",), ("China",)]),
        ({"issue": "repatriation", "stance": "OPPOSE", "actor": "seoul"}, ("holderLabel", "position"), [
            ("South Korea", "kgid:doc/seoul-urges-beijing/position/0")]),
        ({"issue": "nuclear"}, ("holderLabel",), []),
    ],
    "coalitions": [
        ({}, ("issueLabel", "stanceName", "actor1Label", "actor2Label", "actor1Positions", "actor2Positions",
              "actor2Key"), [(TOPIC, "oppose", "Marzuki Darusman", "South Korea", "1", "1", "wd:Q884")]),
        ({"issue": "repatriation", "stance": "support"}, ("actor1Label",), []),
    ],
    "quotes": [
        ({}, ("speakerLabel", "text", "start", "end"), [
            ("Marzuki Darusman", "We are agonizing over their fate,", "131", "164"),
            ("a South Korean foreign ministry official",
             "We will raise the issue at the Human Rights Council,", "110", "162")]),
        ({"actor": "darusman"}, ("quote", "published"), [("kgid:doc/un-china-defectors/quote/0", "2012-02-23")]),
    ],
    "timeline": [
        ({"issue": "repatriation"}, ("date", "kind", "actorLabel", "what"), [
            ("2012-02-23", "event", "", "session: session of the Human Rights Council"),
            ("2012-02-23", "statement", "Marzuki Darusman", "REQUEST: not to deport North Korean defectors"),
            ("2012-02-24", "statement", "South Korea", "REQUEST: not to forcibly repatriate North Korean defectors"),
            ("2012-02-24", "statement", "China", "REJECT: the request"),
            ("2012-02-27", "event", "", "visit: visit Geneva")]),
        ({"issue": "elections"}, ("item",), []),
    ],
    "evidence": [
        ({"fact": f"{A}/position/0"}, ("factType", "via", "start", "end", "exact", "doc"), [
            ("PolicyPosition", "kgid:doc/un-china-defectors/statement/0", "0", "129",
             "The U.N. Special Rapporteur on the Situation of Human Rights in North Korea has urged "
             "China not to deport North Korean defectors.", "kgid:doc/un-china-defectors")]),
        ({"fact": f"<{B}/actor/china>"}, ("via", "start", "end", "exact"), [
            ("kgid:doc/seoul-urges-beijing/actor/china/mention/0", "12", "19", "Beijing"),
            ("kgid:doc/seoul-urges-beijing/actor/china/mention/1", "81", "86", "China")]),
        ({"fact": f"{B}/quote/0"}, ("factType", "exact"), [
            ("Quotation", "We will raise the issue at the Human Rights Council,")]),
    ],
    "actors": [
        ({"kind": "STATE"}, ("label", "country", "wikidata", "mentions", "doc"), [
            ("China", "CHN", "Q148", "2", "kgid:doc/seoul-urges-beijing"),
            ("China", "CHN", "Q148", "1", "kgid:doc/un-china-defectors"),
            ("South Korea", "KOR", "Q884", "1", "kgid:doc/seoul-urges-beijing")]),
        ({"actor": "u.n."}, ("label", "actorKind"), [("Marzuki Darusman", "person"), ("United Nations", "igo")]),
    ],
    "summary": [
        ({}, ("id", "published", "actors", "statements", "positions", "quotes", "events"), [
            ("un-china-defectors", "2012-02-23", "3", "2", "1", "1", "1"),
            ("seoul-urges-beijing", "2012-02-24", "4", "3", "2", "1", "1")]),
        ({"article": "SEOUL"}, ("id", "title"), [
            ("seoul-urges-beijing", "Seoul urges Beijing not to repatriate defectors")]),
    ],
}
for _q in list_queries():
    if _q.violation:
        EXPECTED.setdefault(_q.name, [({}, _q.columns, [])])
CASES = [(name, i) for name in sorted(EXPECTED) for i in range(len(EXPECTED[name]))]


def test_every_query_has_expected_rows():
    assert set(EXPECTED) == {q.name for q in list_queries()}
    assert len(CASES) >= 30


@pytest.mark.parametrize("name,i", CASES)
def test_expected_rows_on_rdflib(name, i, rdflib_graph):
    params, cols, expected = EXPECTED[name][i]
    assert rows(run_query(name, rdflib_graph, params), cols) == expected


@pytest.mark.parametrize("name,i", CASES)
def test_expected_rows_on_the_embedded_store(name, i, store):
    params, cols, expected = EXPECTED[name][i]
    assert rows(run_query(name, store, params), cols) == expected


@pytest.mark.parametrize("name,i", CASES)
def test_engines_agree_on_every_column(name, i, rdflib_graph, store):
    """initBindings on rdflib and a VALUES block on Oxigraph give the very same rows."""
    params = EXPECTED[name][i][0]
    a, b = run_query(name, rdflib_graph, params), run_query(name, store, params)
    assert a.variables == b.variables
    assert rows(a, a.variables) == rows(b, b.variables)


def test_all_queries_ran():
    """Guards against a suite that silently shrinks: every query and case is collected."""
    assert len({name for name, _ in CASES}) == len(list(query_dir().glob("*.rq")))


# ---------------------------------------------------------------- violation queries fire

NS_A, NS_B = f"{A}/", f"{B}/"


def _mutations():
    darusman, china_b = URIRef(NS_A + "actor/marzuki-darusman"), URIRef(NS_B + "actor/china")
    topic = ISSUE["forced-repatriation-of-north-korean-defectors"]
    p9 = URIRef(NS_A + "position/9")
    from rdflib.namespace import RDF
    return {
        "contradictory-positions.violation": (
            [(p9, RDF.type, KG.PolicyPosition), (p9, KG.holder, darusman), (p9, KG.issue, topic),
             (p9, KG.stance, URIRef("https://w3id.org/kg-diplomacy/scheme/stance/support")),
             (p9, KG.basedOn, URIRef(NS_A + "statement/0")), (p9, KG.article, URIRef(A))], []),
        "cross-article-link.violation": ([(URIRef(NS_A + "statement/1"), KG.addressee, china_b)], []),
        "duplicate-article.violation": (
            [(URIRef(B), KG.contentHash,
              Literal("4318d83c1d8043d5704b73d96b594193afaf900f0e6efdb01cd917bd1ed51fbd"))],
            [(URIRef(B), KG.contentHash, None)]),
        "issue-label-conflict.violation": ([(topic, SKOS.prefLabel, Literal("forced returns", lang="en"))], []),
        "position-unsupported.violation": (   # South Korea's position resting on China's statement
            [(URIRef(NS_B + "position/1"), KG.holder, URIRef(NS_B + "actor/south-korea")),
             (URIRef(NS_B + "position/1"), KG.stance, URIRef("https://w3id.org/kg-diplomacy/scheme/stance/oppose"))],
            [(URIRef(NS_B + "position/1"), KG.holder, None), (URIRef(NS_B + "position/1"), KG.stance, None)]),
        "statement-after-publication.violation": (
            [(URIRef(NS_B + "statement/2"), KG.date, Literal("2012-03", datatype=XSD.gYearMonth))], []),
    }


def test_every_violation_query_has_a_mutation():
    assert set(_mutations()) == {q.name for q in list_queries() if q.violation}


@pytest.mark.parametrize("name", sorted(_mutations()))
def test_violation_query_fires_on_its_defect_only(name, rdflib_graph):
    add, remove = _mutations()[name]
    g = Graph()
    for t in rdflib_graph:
        g.add(t)
    for t in remove:
        g.remove(t)
    for t in add:
        g.add(t)
    for q in list_queries():
        if q.violation:
            n = len(run_query(q, g))
            assert (n > 0) == (q.name == name), (q.name, n)


# ---------------------------------------------------------------- Q1: injection

PAYLOADS = ['"', "\\", "\\u0022", ">", "}", "#", "\n", '" || true || "', "\") || true || (\"",
            "x\" } UNION { ?s ?p ?o } #", "\\\") || true #", "'", "'''", "\"\"\"", "*/", "?issue",
            "\\u0022) || true || CONTAINS(\\u0022", "a\u0000b", "\u2028", "${issue}"]
INJECTABLE = [("positions", "issue"), ("positions", "actor"), ("statements", "actor"),
              ("statements", "act"), ("quotes", "actor"), ("timeline", "issue"),
              ("coalitions", "issue"), ("actors", "kind"), ("summary", "article")]


@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
@pytest.mark.parametrize("name,param", INJECTABLE)
def test_injection_payloads_return_no_rows(name, param, payload, rdflib_graph, store):
    for source in (rdflib_graph, store):
        assert len(run_query(name, source, {param: payload})) == 0, (name, param, payload)


def test_values_block_holds_payloads_as_single_terms():
    checked = check_query(get_query("positions").text)
    for payload in PAYLOADS:
        text = inject_values(checked, {"issue": Literal(payload)})
        again = check_query(text, escapes=True)
        assert again.variables == checked.variables
        assert text.count("VALUES (") == 1       # the block kg wrote; "# VALUES ?v" hints stay comments


@pytest.mark.parametrize("bad", ["http://x> } UNION { ?s ?p ?o", "not an iri", "http://a b",
                                 "<http://x>\n", "javascript:\"x\""])
def test_iri_parameters_are_validated(bad, rdflib_graph):
    with pytest.raises(QueryError):
        run_query("evidence", rdflib_graph, {"fact": bad})


@pytest.mark.parametrize("bad", ["2012-02-24\" || true || \"", "2012-13-01", "yesterday", "2012-02"])
def test_date_parameters_are_validated(bad, rdflib_graph):
    with pytest.raises(QueryError, match="date"):
        run_query("statements", rdflib_graph, {"from": bad})


def test_unknown_parameter_is_refused(rdflib_graph):
    with pytest.raises(QueryError, match="parameters are: actor, issue, stance"):
        run_query("positions", rdflib_graph, {"isue": "x"})


# ---------------------------------------------------------------- Q2: refused queries

REFUSED = {
    "service": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "service-silent-nested": "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT ?ep { ?a ?b ?c } } }",
    "service-lowercase": "select * where { service <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "service-escaped": "SELECT * WHERE { SERV\\u0049CE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "load": "LOAD <http://127.0.0.1:9/data.ttl>",
    "insert": "INSERT DATA { <http://a> <http://b> <http://c> }",
    "drop": "DROP ALL",
    "from": "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
    "from-named": "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "from-prefixed": "PREFIX ex: <http://127.0.0.1:9/> SELECT * FROM ex:g WHERE { ?s ?p ?o }",
    "garbage": "SELECT WHERE {",
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_user_queries_with_network_or_updates_are_refused(case, tmp_path, rdflib_graph, store, no_network):
    path = tmp_path / f"{case}.rq"
    path.write_text(REFUSED[case], encoding="utf-8")
    for source in (rdflib_graph, store):
        with pytest.raises(QueryError):
            run_query(str(path), source)
    assert no_network == []


def test_from_a_store_graph_is_allowed(tmp_path, store):
    path = tmp_path / "from.rq"
    path.write_text(f"SELECT (COUNT(*) AS ?n) FROM <{ID}graph/seoul-urges-beijing> WHERE {{ ?s ?p ?o }}")
    assert int(run_query(str(path), store).rows[0]["n"]) == 216   # the issue and software in vocabulary graphs


def test_user_query_file_with_parameters(tmp_path, rdflib_graph, store):
    path = tmp_path / "mine.rq"
    path.write_text("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                    "SELECT ?a WHERE { ?a rdfs:label ?name FILTER(STR(?name) = ?who) } ORDER BY ?a")
    for source in (rdflib_graph, store):
        r = run_query(str(path), source, {"who": "China"})
        assert rows(r, ["a"]) == [("kgid:doc/seoul-urges-beijing/actor/china",),
                                  ("kgid:doc/un-china-defectors/actor/china",)]
        with pytest.raises(QueryError, match="no variable"):
            run_query(str(path), source, {"nobody": "x"})


@pytest.mark.parametrize("text,expect", [
    # (rdflib cannot evaluate EXISTS in a projection: that case runs on Oxigraph only)
    ("SELECT ?a (EXISTS { ?a ?p ?o } AS ?e) WHERE { ?a rdfs:label ?name FILTER(STR(?name) = ?who) }", 2),
    ("SELECT ?a WHERE { # a comment with a { brace\n ?a rdfs:label \"{\" , ?name FILTER(STR(?name) = ?who) }", 0),
    ("ASK WHERE { ?a rdfs:label ?name FILTER(STR(?name) = ?who) }", True),
    ("CONSTRUCT { ?a rdfs:label ?name } WHERE { ?a rdfs:label ?name FILTER(STR(?name) = ?who) }", 2),
])
def test_values_block_lands_in_the_where_group(text, expect, tmp_path, rdflib_graph, store):
    path = tmp_path / "q.rq"
    path.write_text("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + text)
    for source in (store,) if "AS ?e" in text else (rdflib_graph, store):
        r = run_query(str(path), source, {"who": "China"})
        got = r.boolean if r.boolean is not None else len(r.graph) if r.graph is not None else len(r)
        assert got == expect, source


def test_concurrent_rdflib_queries_do_not_interfere(rdflib_graph):
    from concurrent.futures import ThreadPoolExecutor

    def one(i):
        return rows(run_query("positions", rdflib_graph, {"issue": ["deport", "nuclear"][i % 2]}), ["holderLabel"])

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(one, range(16)))
    assert all(len(r) == (3 if i % 2 == 0 else 0) for i, r in enumerate(results))


# ---------------------------------------------------------------- Q3: timeouts

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g a ?i }"


def test_slow_query_times_out_on_rdflib(tmp_path, rdflib_graph):
    path = tmp_path / "slow.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }")
    t0 = time.monotonic()
    with pytest.raises(QueryTimeout):
        run_query(str(path), rdflib_graph, timeout=0.2)
    assert time.monotonic() - t0 < 2


def test_slow_query_times_out_on_the_store(tmp_path, store):
    path = tmp_path / "slow.rq"
    path.write_text(SLOW)
    t0 = time.monotonic()
    with pytest.raises(QueryTimeout) as e:
        run_query(str(path), store, timeout=0.05)
    assert time.monotonic() - t0 < 1
    assert e.value.exit_code == 4


# ---------------------------------------------------------------- results and formats


def test_records_and_formats(rdflib_graph):
    r = run_query("summary", rdflib_graph)
    recs = r.records()
    assert recs[0]["actors"] == 3 and recs[0]["id"] == "un-china-defectors"
    assert json.loads(format_json(r))[1]["statements"] == 3
    lines = format_csv(r).splitlines()
    assert lines[0] == ",".join(r.variables) and len(lines) == 3
    assert f"{A}" in lines[1]
    table = format_table(r)
    assert "kgid:doc/un-china-defectors" in table and table.endswith("(2 rows)")


def test_to_dataframe(rdflib_graph):
    pd = pytest.importorskip("pandas")
    df = run_query("positions", rdflib_graph, {"issue": "deport"}).to_dataframe()
    assert isinstance(df, pd.DataFrame) and list(df["holderLabel"]) == ["Marzuki Darusman", "South Korea", "China"]


def test_graph_files_on_either_engine():
    for engine in ("rdflib", "oxigraph"):
        r = run_query("positions", [FIXTURES / "un-china-defectors.ttl"], {"issue": "deport"}, engine=engine)
        assert rows(r, ["holderLabel"]) == [("Marzuki Darusman",)]


# ---------------------------------------------------------------- the command line


def test_cli_list(capsys):
    assert kg("query", "--list") == 0
    out = capsys.readouterr().out
    for q in list_queries():
        assert q.name in out and q.question in out


def test_cli_query_json(capsys):
    assert kg("query", "positions", "--param", "issue=repatriation", FIXTURES, "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [(d["holderLabel"], d["stanceName"]) for d in data] == [
        ("Marzuki Darusman", "oppose"), ("South Korea", "oppose"), ("China", "support")]


def test_cli_query_csv_on_store(capsys, tmp_path):
    assert kg("load", FIXTURES, "--store", tmp_path / "s") == 0
    capsys.readouterr()
    assert kg("query", "quotes", "-p", "actor=official", "--store", tmp_path / "s", "-f", "csv") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("speakerLabel,text,") and len(out) == 2


@pytest.mark.parametrize("argv,code", [
    (("query", "nosuch", FIXTURES), 2),
    (("query", "positions", "--param", "nope=1", FIXTURES), 2),
    (("query", "positions", "--param", "issue", FIXTURES), 2),
    (("query", "positions"), 2),
    (("query", "positions", FIXTURES, "--store", "x"), 2),
    (("query", "statements", "--param", "from=tomorrow", FIXTURES), 2),
    (("query", "positions", "--store", "/nonexistent/store"), 2),
    (("query", "positions", "/nonexistent/graph.ttl"), 2),
])
def test_cli_bad_input_exit_2(argv, code, capsys):
    assert kg(*argv) == code
    err = capsys.readouterr().err
    assert err.startswith("kg: ") and len(err.strip().splitlines()) == 1


def test_cli_refused_query_exit_2(tmp_path, capsys):
    path = tmp_path / "svc.rq"
    path.write_text(REFUSED["service"])
    assert kg("query", path, FIXTURES) == 2
    assert "SERVICE is refused" in capsys.readouterr().err


def test_cli_timeout_exit_4(tmp_path, capsys):
    path = tmp_path / "slow.rq"
    path.write_text(SLOW)
    assert kg("query", path, FIXTURES, "--engine", "oxigraph", "--timeout", "0.05") == 4
    assert "did not finish" in capsys.readouterr().err


def test_cli_violations(tmp_path, capsys):
    assert kg("query", "--violations", FIXTURES) == 0
    assert "6 violation queries, 0 defect" in capsys.readouterr().out
    bad = tmp_path / "bad.ttl"
    text = (FIXTURES / "seoul-urges-beijing.ttl").read_text()
    bad.write_text(text.replace('kg:date "2012-02-24"^^xsd:date', 'kg:date "2012-03-24"^^xsd:date'))
    assert kg("query", "--violations", bad) == 1
    assert "statement-after-publication.violation: 1 row" in capsys.readouterr().out


# ---------------------------------------------------------------- the seed article, built by kg


@pytest.fixture(scope="module")
def seed_graph(seed_cli_build):
    out, proc = seed_cli_build
    assert proc.returncode in (0, 1), proc.stderr
    return load_graph([out])


def test_every_query_runs_on_the_built_seed(seed_graph):
    ran = 0
    for q in list_queries():
        run_query(q, seed_graph)
        ran += 1
    assert ran == len(list(query_dir().glob("*.rq")))
    s = run_query("summary", seed_graph).records()
    assert len(s) == 1 and s[0]["id"] == "seed-2012-02-23-un-china-defectors" and s[0]["statements"] > 0


def test_seed_rapporteur_and_seoul_oppose_repatriation(seed_graph):
    r = run_query("positions", seed_graph, {"issue": "repatriation", "stance": "oppose"})
    holders = {(x["holderLabel"], x["stanceName"]) for x in r.records()}
    assert {("Marzuki Darusman", "oppose"), ("South Korea", "oppose")} <= holders

"""A real Oxigraph server on 127.0.0.1: loading with the Graph Store Protocol, querying through
SPARQLWrapper and `kg query --endpoint`, and the failure cases of RELIABILITY.md (S1–S5).

Each server is `oxigraph serve` (the `oxigraph` package on PyPI) on a free port with its data in
a temporary folder, started by a fixture and killed at teardown. All traffic stays on loopback.
"""
from __future__ import annotations

import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from _kgcli import kg
from conftest import ROOT, SEED_ID, run_kg
from kg.errors import StoreError
from kg.query import rows, run_query
from kg.query.run import compact, keeps_rows
from kg.rdf import vocabulary
from kg.store.embedded import EmbeddedStore
from kg.store.graphs import expand_inputs, read_named_graphs
from kg.store.remote import Endpoint, StoreUnreachable, file_payloads, load_graphs, payloads
from kg.store.report import GraphLoad
from kg.store.serve import Server, free_port, oxigraph_command

FIXTURES = Path(__file__).parent / "fixtures" / "queries"
DEV = ROOT.parent / "shared" / "corpus" / "dev"


# ---------------------------------------------------------------- servers


class Oxigraph:
    """`oxigraph serve` on 127.0.0.1:PORT over DIR, union default graph; restartable."""

    def __init__(self, location: Path, port: int | None = None):
        self.location, self.port, self.proc = location, port or free_port(), None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Oxigraph":
        self.proc = subprocess.Popen(
            [oxigraph_command(), "serve", "--location", str(self.location), "--bind",
             f"127.0.0.1:{self.port}", "--union-default-graph"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, "oxigraph serve exited"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("oxigraph serve did not start")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture
def oxigraph(tmp_path):
    servers = []

    def make(location=None, port=None) -> Oxigraph:
        s = Oxigraph(location or tmp_path / f"store{len(servers)}", port).start()
        servers.append(s)
        return s

    yield make
    for s in servers:
        s.kill()


@pytest.fixture(scope="module")
def fixture_server(tmp_path_factory):
    """A server holding the two hand-made articles of tests/fixtures/queries."""
    s = Oxigraph(tmp_path_factory.mktemp("fixture-server") / "store").start()
    ep = Endpoint.from_url(s.url)
    graphs = [g for p in expand_inputs([FIXTURES]) for g in read_named_graphs(p)]
    assert load_graphs(ep, payloads(graphs)).ok
    yield s
    s.kill()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Graphs of the development corpus built by `kg build` (the fixtures when it is absent)."""
    if not DEV.is_dir():
        return FIXTURES
    out = tmp_path_factory.mktemp("dev-graphs")
    p = run_kg("build", DEV, "--out", out, timeout=600)
    assert p.returncode in (0, 1), p.stderr
    assert len(list(out.glob("*.trig"))) >= 5
    return out


def sparql_json(url: str, query: str) -> dict:
    """Query through SPARQLWrapper directly, as a user of the store would."""
    client = SPARQLWrapper(url + "/query")
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(10)
    client.addParameter("union-default-graph", "true")
    client.setQuery(query)
    return client.queryAndConvert()


# the data: every graph but the rows kg keeps of the articles (kg.query.rows)
DATA = f'GRAPH ?g {{ ?s ?p ?o }} FILTER(!STRSTARTS(STR(?g), "{vocabulary.ROWS_GRAPHS}"))'


def count(url: str, pattern=DATA) -> int:
    data = sparql_json(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(data["results"]["bindings"][0]["n"]["value"])


def all_quads(url: str) -> list:
    data = sparql_json(url, "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    return sorted(json.dumps(b, sort_keys=True) for b in data["results"]["bindings"])


def corpus_graphs(folder):
    """The article graphs of the files (without their shared-vocabulary parts)."""
    return [g for p in expand_inputs([folder]) for g in read_named_graphs(p)
            if not vocabulary.is_vocabulary_graph(g.name.value)]


def vocabulary_size(folder) -> int:
    """Triples `kg load` adds besides the article graphs: the distinct extracted vocabulary of
    the files and kg's schemes (kg.rdf.vocabulary)."""
    shared = {t for p in expand_inputs([folder]) for g in read_named_graphs(p)
              if g.name.value == vocabulary.EXTRACTED for t in g.triples}
    return len(shared) + len(vocabulary.schemes_triples())


# ---------------------------------------------------------------- load, query, reload


def test_load_query_and_reload_the_corpus(oxigraph, corpus, capsys):
    s = oxigraph()
    graphs = corpus_graphs(corpus)
    expected = sum(len(g) for g in graphs) + vocabulary_size(corpus)
    assert kg("load", corpus, "--endpoint", s.url) == 0
    out = capsys.readouterr().out.splitlines()
    assert sum(line.startswith("loaded ") for line in out) == len(graphs) + 2   # and the vocabulary
    assert f"{len(graphs) + 2} loaded" in out[-1]
    # through SPARQLWrapper: one named graph per article, its rows (kg.query.rows) and the
    # shared ones, every triple there
    names = sparql_json(s.url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert sorted(b["g"]["value"] for b in names["results"]["bindings"]) == \
        sorted([g.name.value for g in graphs] + list(vocabulary.GRAPHS)
               + [rows.rows_graph(g.name.value) for g in graphs])
    kept = int(sparql_json(s.url, rows.count_query())["results"]["bindings"][0]["n"]["value"])
    assert kept > 2 * len(graphs)
    assert count(s.url) == expected and count(s.url, "GRAPH ?g { ?s ?p ?o }") == expected + kept
    assert keeps_rows(Endpoint.from_url(s.url))
    before = all_quads(s.url)
    # reload: the store is unchanged
    assert kg("load", corpus, "--endpoint", s.url, "--verify", "--quiet") == 0
    assert count(s.url) == expected
    assert all_quads(s.url) == before


def test_every_query_runs_on_the_server_as_on_rdflib(oxigraph, corpus):
    s = oxigraph()
    assert load_graphs(Endpoint.from_url(s.url), file_payloads(expand_inputs([corpus]))).ok
    from kg.query import list_queries
    from kg.query.run import load_graph

    g = load_graph([corpus])
    ran = 0
    for q in list_queries():
        a, b = run_query(q, g), run_query(q, Endpoint.from_url(s.url))
        assert a.variables == b.variables, q.name
        assert [tuple(compact(r[v]) for v in a.variables) for r in a.rows] == \
               [tuple(compact(r[v]) for v in b.variables) for r in b.rows], q.name
        ran += 1
    assert ran == len(list_queries()) >= 14


def test_expected_rows_through_the_server(fixture_server):
    from test_queries import CASES, EXPECTED, rows

    ep = Endpoint.from_url(fixture_server.url)
    for name, i in CASES:
        params, cols, expected = EXPECTED[name][i]
        assert rows(run_query(name, ep, params), cols) == expected, (name, params)
    assert len(CASES) >= 30


def test_injection_payloads_return_no_rows_on_the_server(fixture_server):
    from test_queries import INJECTABLE, PAYLOADS

    ep = Endpoint.from_url(fixture_server.url)
    n = 0
    for name, param in INJECTABLE:
        for payload in PAYLOADS:
            assert len(run_query(name, ep, {param: payload})) == 0, (name, param, payload)
            n += 1
    assert n == len(INJECTABLE) * len(PAYLOADS)


def test_service_is_refused_before_reaching_the_server(fixture_server, tmp_path, capsys):
    path = tmp_path / "svc.rq"
    path.write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert kg("query", path, "--endpoint", fixture_server.url) == 2
    assert "SERVICE is refused" in capsys.readouterr().err


def test_kg_query_endpoint_cli(fixture_server, capsys):
    assert kg("query", "coalitions", "--param", "issue=deport", "--endpoint",
              fixture_server.url + "/query", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [(d["actor1Label"], d["actor2Label"], d["stanceName"]) for d in data] == [
        ("Marzuki Darusman", "South Korea", "oppose")]
    assert kg("query", "--violations", "--endpoint", fixture_server.url) == 0


def test_fuseki_style_paths_are_configurable(oxigraph, capsys):
    s = oxigraph()
    # Oxigraph answers at /store and /query; the fuseki convention with explicit paths reaches it
    assert kg("load", FIXTURES, "--endpoint", s.url, "--convention", "fuseki",
              "--gsp-path", "/store", "--query-path", "/query", "--verify") == 0
    assert count(s.url) == 163 + 216 + vocabulary_size(FIXTURES)


def test_endpoint_urls():
    f = Endpoint.from_url("http://h:3030/kg/sparql", convention="fuseki")
    assert (f.query_url, f.gsp_url, f.union) == ("http://h:3030/kg/query", "http://h:3030/kg/data", False)
    o = Endpoint.from_url("http://127.0.0.1:7878/")
    assert (o.query_url, o.gsp_url, o.union) == ("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/store", True)
    assert o.graph_url("https://w3id.org/x?a=1&b") == "http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fx%3Fa%3D1%26b"
    for bad in ("file:///etc/passwd", "ftp://x/", "localhost:7878"):
        with pytest.raises(Exception, match="not an http"):
            Endpoint.from_url(bad)


# ---------------------------------------------------------------- S1 S3: store down, restarted


def test_store_down_from_the_start_exit_4_nothing_loaded(tmp_path, capsys):
    port = free_port()   # nothing listens there
    report = tmp_path / "report.json"
    t0 = time.monotonic()
    assert kg("load", FIXTURES, "--endpoint", f"http://127.0.0.1:{port}", "--retries", "2",
              "--backoff", "0.05", "--report", report) == 4
    assert time.monotonic() - t0 < 10
    err = capsys.readouterr().err
    assert err.startswith("kg: ") and "unreachable" in err
    data = json.loads(report.read_text())
    assert [g["status"] for g in data["graphs"]] == ["failed", "skipped", "skipped", "skipped"]
    assert data["graphs"][0]["attempts"] == 3 and "loaded" not in data["counts"]


def test_server_killed_mid_load_retries_then_reports(oxigraph, corpus):
    s = oxigraph()
    graphs = corpus_graphs(corpus)
    assert len(graphs) >= 2
    seen, sleeps = [], []

    def after(rec):
        seen.append(rec.status)
        if len(seen) == 1:
            s.kill()   # crash after the first graph

    with pytest.raises(StoreUnreachable) as e:
        load_graphs(Endpoint.from_url(s.url, timeout=2), payloads(graphs), retries=3, backoff=0.1,
                    on_graph=after, sleep=lambda t: (sleeps.append(t), time.sleep(t)))
    report = e.value.report
    statuses = [g.status for g in report.graphs]
    assert statuses[0] == "loaded"
    assert statuses[1] == "failed" and report.graphs[1].attempts == 4
    assert statuses[2:] == ["skipped"] * (len(graphs) - 2)
    assert sleeps == [0.1, 0.2, 0.4]               # bounded, exponential backoff
    assert e.value.exit_code == 4 and "unreachable" in e.value.message


def test_server_restarted_mid_load_every_graph_complete(oxigraph, corpus, tmp_path):
    location = tmp_path / "restarted"
    s = oxigraph(location)
    graphs = corpus_graphs(corpus)
    restarted = []

    def after(rec):
        if not restarted:
            s.kill()
            restarted.append(threading.Timer(0.3, lambda: restarted.append(
                oxigraph(location, s.port))))
            restarted[0].start()

    report = load_graphs(Endpoint.from_url(s.url, timeout=2), payloads(graphs), retries=6,
                         backoff=0.2, on_graph=after)
    restarted[0].join()
    assert report.ok, report.summary()
    second = report.graphs[1]
    assert second.attempts > 1 and second.verified == second.triples   # S3: count checked
    assert count(restarted[1].url) == sum(len(g) for g in graphs)


# ---------------------------------------------------------------- S2: a store that never answers


@pytest.fixture
def silent_server():
    """Accepts connections and never answers."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    conns = []
    stop = threading.Event()

    def accept():
        srv.settimeout(0.1)
        while not stop.is_set():
            try:
                conns.append(srv.accept()[0])
            except OSError:
                pass

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.getsockname()[1]}"
    stop.set()
    t.join()
    for c in conns:
        c.close()
    srv.close()


def test_load_times_out_on_a_silent_store(silent_server, tmp_path, capsys):
    t0 = time.monotonic()
    assert kg("load", FIXTURES, "--endpoint", silent_server, "--timeout", "0.5", "--retries", "1",
              "--backoff", "0", "--report", tmp_path / "r.json") == 4
    assert time.monotonic() - t0 < 8
    assert "timed out" in capsys.readouterr().err
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["graphs"][0]["status"] == "failed" and data["graphs"][0]["attempts"] == 2


def test_query_times_out_on_a_silent_store(silent_server, capsys):
    t0 = time.monotonic()
    assert kg("query", "summary", "--endpoint", silent_server, "--timeout", "1") == 4
    assert time.monotonic() - t0 < 8
    assert "timed out" in capsys.readouterr().err


# ---------------------------------------------------------------- S4: one graph refused


def test_a_rejected_graph_does_not_stop_the_others(oxigraph):
    s = oxigraph()
    ep = Endpoint.from_url(s.url)
    graphs = corpus_graphs(FIXTURES)
    assert load_graphs(ep, payloads(graphs)).ok
    first = graphs[0].name.value
    items = list(payloads(graphs))
    broken = (GraphLoad("broken.nt", first, 3), b'<http://a> <http://b> "unterminated .\n')
    report = load_graphs(ep, [broken, *items[1:]])
    assert [g.status for g in report.graphs] == ["rejected", "loaded"]
    assert report.graphs[0].error.startswith("HTTP 400") and report.graphs[0].attempts == 1
    # Oxigraph 0.5.13 keeps the old graph when a PUT body is malformed (RELIABILITY.md, trap 4)
    assert count(s.url, f"GRAPH <{first}> {{ ?s ?p ?o }}") == len(graphs[0])
    assert report.store_failed and not report.ok


def test_rows_that_fail_are_deleted_and_the_article_fails(oxigraph):
    """An article graph loaded whose rows (kg.query.rows) the store refuses: its old rows are
    deleted, not left stale, the record fails, and queries run without rows."""
    s = oxigraph()
    ep = Endpoint.from_url(s.url)
    graphs = corpus_graphs(FIXTURES)
    assert load_graphs(ep, payloads(graphs)).ok and keeps_rows(ep)
    answer = run_query("statements", ep).rows
    items = list(payloads(graphs))
    rec, body, (name, _, triples) = items[0]
    broken = (rec, body, (name, b'<http://a> <http://b> "unterminated .\n', triples))
    report = load_graphs(ep, [broken, *items[1:]])
    assert [g.status for g in report.graphs] == ["failed", "loaded"]
    assert report.graphs[0].error.startswith(f"its rows ({name}) were not loaded: HTTP 400")
    assert count(s.url, f"GRAPH <{name}> {{ ?s ?p ?o }}") == 0 and not keeps_rows(ep)
    assert run_query("statements", ep).rows == answer and len(answer) > 3
    assert load_graphs(ep, payloads(graphs)).ok and keeps_rows(ep)   # loaded again


# ---------------------------------------------------------------- S5: truncated answers


# answers that are no rows: cut short, a term that is not one, a variable not in the head, the
# answer of an ASK
BAD_ANSWERS = [
    b'{"head":{"vars":["id"]},"results":{"bindings":[{"id":{"type":"literal","value":"a"}},',
    b'{"head":{"vars":["id"]},"results":{"bindings":[{"id":{"type":"literal","value":7}}]}}',
    b'{"head":{"vars":["id"]},"results":{"bindings":[{"other":{"type":"literal","value":"a"}}]}}',
    b'{"head":{},"boolean":true}',
]


@pytest.fixture(params=BAD_ANSWERS, ids=["truncated", "bad-term", "bad-variable", "ask"])
def truncating_server(request):
    """Answers every query with 200 and a SPARQL JSON body that holds no rows."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = request.param
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_truncated_response_is_a_failed_query(truncating_server, capsys):
    with pytest.raises(StoreError, match="malformed or truncated"):
        run_query("summary", Endpoint.from_url(truncating_server))
    assert kg("query", "summary", "--endpoint", truncating_server) == 4
    out, err = capsys.readouterr()
    assert out == "" and "malformed or truncated" in err


# ---------------------------------------------------------------- kg serve


def test_kg_serve_over_a_store(tmp_path):
    store = tmp_path / "store"
    assert kg("load", FIXTURES, "--store", store) == 0
    with EmbeddedStore(store) as s:
        kept_rows = s.rows_quad_count()     # the rows kg keeps of the two articles (kg.query.rows)
    assert kept_rows > 2 * 2
    port = free_port()
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from _kgcli import kg; "
            "sys.exit(kg('serve', '--store', sys.argv[2], '--port', sys.argv[3]))")
    proc = subprocess.Popen([sys.executable, "-c", code, str(Path(__file__).parent), str(store), str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        first = proc.stdout.readline()   # printed once the server answers
        assert f"at {url}" in first, (first, proc.poll())
        assert count(url, "GRAPH ?g { ?s ?p ?o }") == 163 + 216 + vocabulary_size(FIXTURES) + kept_rows
        assert keeps_rows(Endpoint.from_url(url))     # answers come from the rows
        # the folder is locked while served: a clear error, exit 4
        assert kg("query", "summary", "--store", store) == 4
        r = run_query("positions", Endpoint.from_url(url), {"issue": "repatriation", "stance": "oppose"})
        assert [x["holderLabel"] for x in r.records()] == ["Marzuki Darusman", "South Korea"]
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)   # this test's own process group only
            raise
    assert proc.returncode == 0, err


def test_server_class_starts_and_stops(tmp_path):
    with Server(tmp_path / "s", union_default_graph=True) as srv:
        with urllib.request.urlopen(srv.url + "/", timeout=5) as r:
            assert r.status == 200
        assert srv.alive()
    assert not srv.alive()


# ---------------------------------------------------------------- done when: the seed, end to end


def test_seed_positions_through_a_real_server(oxigraph, seed_cli_build, capsys):
    """kg build + kg load --endpoint + kg query positions --param issue=repatriation --endpoint:
    the UN rapporteur (Marzuki Darusman) and Seoul oppose the forced repatriation; a reload
    leaves the quad count unchanged."""
    out_dir, proc = seed_cli_build
    assert proc.returncode in (0, 1), proc.stderr
    s = oxigraph()
    assert kg("load", out_dir, "--endpoint", s.url) == 0
    quads = count(s.url)
    assert quads == sum(len(g) for g in corpus_graphs(out_dir)) + vocabulary_size(out_dir) > 500
    capsys.readouterr()
    assert kg("query", "positions", "--param", "issue=repatriation", "--endpoint", s.url,
              "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)
    oppose = {r["holderLabel"] for r in rows if r["stanceName"] == "oppose"}
    assert {"Marzuki Darusman", "South Korea"} <= oppose, rows
    assert all(r["doc"].endswith(SEED_ID) for r in rows)
    assert kg("load", out_dir, "--endpoint", s.url) == 0
    assert count(s.url) == quads

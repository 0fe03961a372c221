"""`kg serve` against a hostile web page and careless clients (RELIABILITY.md X1, X3; issue 13
item 4): a real `kg serve` on 127.0.0.1 over a real store, reached with raw HTTP requests as a
browser would send them.

X1: read-only unless --allow-writes; a foreign Host (DNS rebinding), a foreign Origin or a
cross-site browser request is refused, also with writes allowed; SERVICE is never forwarded.
X3: a query its client gave up on is stopped by the server (a default server-side timeout).
Process handling: SIGTERM and kill -9 leave no Oxigraph behind; a taken port is an error, not
"serving".
"""
from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from _kgcli import kg
from conftest import kg_argv
from listener import Listener
from kg.store.serve import free_port

FIXTURES = Path(__file__).parent / "fixtures" / "queries"


def _loaded_quads() -> int:
    """Quads a store holds after `kg load FIXTURES`: two articles, their kept rows
    (kg.query.rows) and the shared vocabulary."""
    import tempfile

    from kg.store.embedded import EmbeddedStore

    with tempfile.TemporaryDirectory() as tmp, EmbeddedStore(Path(tmp) / "s") as s:
        s.load([FIXTURES])
        return len(s.store)


QUADS = _loaded_quads()
pytestmark = pytest.mark.slow


# ---------------------------------------------------------------- helpers


class KgServe:
    """`kg serve --store DIR --port PORT [ARGS]` as a child process of the test."""

    def __init__(self, store: Path, *args: str, port: int | None = None):
        self.port = port or free_port()
        self.proc = subprocess.Popen([*kg_argv(), "serve", "--store", str(store), "--port",
                                      str(self.port), *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     start_new_session=True)
        self.first_line = self.proc.stdout.readline()   # printed once the server answers

    @property
    def serving(self) -> bool:
        return self.first_line.startswith("serving")

    def children(self) -> list[int]:
        """Process ids of the Oxigraph server(s) started by kg serve."""
        out = []
        for task in Path(f"/proc/{self.proc.pid}/task").glob("*/children"):
            out += [int(x) for x in task.read_text().split()]
        return out

    def stop(self, sig=signal.SIGTERM) -> tuple[int, str, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            out, err = self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)   # this test's own process group only
            raise
        return self.proc.returncode, out, err


def running(pid: int) -> bool:
    """Is process ``pid`` alive (a zombie waiting to be reaped is not)?"""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def send(port: int, method: str, path: str, body: bytes | None = None, *, host: str | None = None,
         timeout: float = 20, **headers) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host or f"127.0.0.1:{port}")
        for k, v in headers.items():
            conn.putheader(k.replace("_", "-"), v)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def form(**fields) -> bytes:
    return urllib.parse.urlencode(fields).encode()


FORM = "application/x-www-form-urlencoded"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def count(port: int, **headers) -> int:
    status, body = send(port, "POST", "/query", form(query=COUNT), Content_Type=FORM,
                        Accept="application/sparql-results+json", **headers)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def make_store(path: Path) -> Path:
    assert kg("load", FIXTURES, "--store", path, "-q") == 0
    return path


@pytest.fixture
def store(tmp_path) -> Path:
    return make_store(tmp_path / "store")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """kg serve with its defaults (read-only), over a store of its own."""
    s = KgServe(make_store(tmp_path_factory.mktemp("served") / "store"))
    assert s.serving, (s.first_line, s.proc.poll())
    yield s
    s.stop()


# ---------------------------------------------------------------- X1: read-only, Host, Origin


def test_a_web_page_cannot_empty_the_store(served):
    """The browser-style form POST of the issue: cross-origin, urlencoded, update=DROP ALL."""
    status, body = send(served.port, "POST", "/update", form(update="DROP ALL"), Content_Type=FORM,
                        Origin="http://evil.example")
    assert status == 403, body
    assert count(served.port) == QUADS


def test_dns_rebinding_host_is_refused(served):
    for method, path, body in (("POST", "/update", form(update="DROP ALL")),
                               ("POST", "/query", form(query=COUNT)),
                               ("GET", "/query?" + urllib.parse.urlencode({"query": COUNT}), None)):
        status, answer = send(served.port, method, path, body, host=f"rebind.evil.example:{served.port}",
                              Content_Type=FORM)
        assert status == 403 and b"Host" in answer, (method, path, answer)
    assert count(served.port) == QUADS


def test_read_only_by_default(served):
    graph = urllib.parse.quote("https://w3id.org/kg-diplomacy/id/graph/x", safe="")
    assert send(served.port, "POST", "/update", form(update="DROP ALL"), Content_Type=FORM)[0] == 403
    assert send(served.port, "PUT", f"/store?graph={graph}", b"<http://a> <http://b> <http://c> .\n",
                Content_Type="application/n-triples")[0] == 403
    assert send(served.port, "DELETE", f"/store?graph={graph}")[0] == 403
    assert count(served.port) == QUADS
    # kg load through it is refused graph by graph, and said so
    assert kg("load", FIXTURES, "--endpoint", f"http://127.0.0.1:{served.port}", "-q") == 4


def test_cross_site_browser_requests_are_refused_same_origin_answered(served):
    p = served.port
    for headers in ({"Origin": "null"}, {"Origin": "http://localhost:1"},
                    {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}):
        status, _ = send(p, "POST", "/query", form(query=COUNT), Content_Type=FORM,
                         **{k.replace("-", "_"): v for k, v in headers.items()})
        assert status == 403, headers
    # the server's own query page (same origin) and clients without Origin are answered
    assert count(p, Origin=f"http://127.0.0.1:{p}", Sec_Fetch_Site="same-origin") == QUADS
    assert send(p, "GET", "/", host=f"localhost:{p}")[0] == 200


def test_service_is_not_forwarded(served):
    target = Listener()
    try:
        for query in (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{target.port}/sparql> {{ ?s ?p ?o }} }}",
                      f"select * {{ service silent <http://127.0.0.1:{target.port}/> {{ ?s ?p ?o }} }}"):
            status, answer = send(served.port, "POST", "/query", form(query=query), Content_Type=FORM)
            assert status == 403 and b"SERVICE" in answer
            status, _ = send(served.port, "GET", "/query?" + urllib.parse.urlencode({"query": query}))
            assert status == 403
            status, _ = send(served.port, "POST", "/query", query.encode(),
                             Content_Type="application/sparql-query")
            assert status == 403
        time.sleep(0.3)
        assert target.hits == 0
    finally:
        target.close()


def test_kg_query_through_the_read_only_server(served, capsys):
    assert kg("query", "positions", "--param", "issue=repatriation", "--param", "stance=oppose",
              "--endpoint", f"http://127.0.0.1:{served.port}", "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(r["holderLabel"] for r in rows) == ["Marzuki Darusman", "South Korea"]


def test_writes_only_when_allowed_and_never_cross_origin(store):
    s = KgServe(store, "--allow-writes")
    try:
        assert s.serving and "read-write" in s.first_line, s.first_line
        p = s.port
        assert send(p, "POST", "/update", form(update="DROP ALL"), Content_Type=FORM,
                    Origin="http://evil.example")[0] == 403
        assert send(p, "POST", "/update", form(update="DROP ALL"), Content_Type=FORM,
                    host="rebind.evil.example")[0] == 403
        assert send(p, "POST", "/update", form(update="LOAD <http://127.0.0.1:9/x.ttl>"),
                    Content_Type=FORM)[0] == 403
        assert count(p) == QUADS
        assert send(p, "POST", "/update", form(update="DROP ALL"), Content_Type=FORM)[0] == 204
        assert count(p) == 0
        assert kg("load", FIXTURES, "--endpoint", f"http://127.0.0.1:{p}", "-q") == 0
        assert count(p) == QUADS
    finally:
        code, _, err = s.stop()
    assert code == 0, err


# ---------------------------------------------------------------- X3: server-side timeout


def test_an_abandoned_query_is_stopped_by_the_server(store):
    """A client gives up on a cross product; the server stops the evaluation itself. The
    default limit is 60 s; the behaviour is checked with --timeout 2."""
    with_default = KgServe(store)
    try:
        assert with_default.serving
        (ox,) = with_default.children()
        argv = Path(f"/proc/{ox}/cmdline").read_bytes().split(b"\0")
        assert argv[argv.index(b"--timeout-s") + 1] == b"60"
    finally:
        with_default.stop()

    s = KgServe(store, "--timeout", "2")
    try:
        assert s.serving
        (ox,) = s.children()
        # 397^3 rows hashed for a join: Oxigraph's own time check does not stop this one
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        t0 = time.monotonic()
        with pytest.raises((socket.timeout, TimeoutError)):
            send(s.port, "POST", "/query", form(query=query), Content_Type=FORM, timeout=1)
        deadline = t0 + 15
        while time.monotonic() < deadline and (running(ox) and cpu_busy(ox) or not s.children()):
            time.sleep(0.2)
        assert time.monotonic() < deadline, "the abandoned query still runs"
        assert all(not cpu_busy(c) for c in s.children())
        assert count(s.port) == QUADS   # and the server still answers
    finally:
        code, _, err = s.stop()
    assert code == 0, err
    assert "past the 2 s limit" in err or "cancelled" in err, err


def cpu_busy(pid: int, window: float = 0.5) -> bool:
    """Did process ``pid`` use more than a fifth of a core over ``window`` seconds?"""
    try:
        before = cpu_seconds(pid)
        time.sleep(window)
        return cpu_seconds(pid) - before > window / 5
    except (FileNotFoundError, ProcessLookupError):
        return False


# ---------------------------------------------------------------- process handling (issue 13, item 4)


def _unlocked(store: Path) -> bool:
    from kg.store.embedded import EmbeddedStore

    try:
        EmbeddedStore(store, create=False).close()
        return True
    except Exception:   # noqa: BLE001 - locked
        return False


def test_sigterm_leaves_no_oxigraph_behind(store):
    s = KgServe(store)
    assert s.serving
    children = s.children()
    assert children and all(running(c) for c in children)
    code, _, err = s.stop(signal.SIGTERM)    # what `kill %1` sends
    assert code == 0, err
    assert not any(running(c) for c in children)
    assert _unlocked(store)


def test_kill_9_leaves_no_oxigraph_behind(store):
    s = KgServe(store)
    assert s.serving
    children = s.children()
    s.stop(signal.SIGKILL)
    deadline = time.monotonic() + 10
    while any(running(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(running(c) for c in children)
    assert _unlocked(store)


def test_a_taken_port_is_an_error_not_serving(store):
    """Another HTTP server already answers on the port: kg serve must not take its answers
    for its own readiness."""
    import http.server

    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    port = other.server_address[1]
    try:
        s = KgServe(store, port=port)
        code, out, err = s.stop()
    finally:
        other.shutdown()
        other.server_close()
    assert code == 4 and "serving" not in s.first_line + out, (s.first_line, out)
    assert f"127.0.0.1:{port}" in err and "in use" in err
    assert _unlocked(store)

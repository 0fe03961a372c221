"""A server that answers one byte per second (RELIABILITY.md P3): the --timeout of `kg load
--endpoint` and `kg query --endpoint` is a deadline for the whole request, not a limit per read.
The server is a real listener on 127.0.0.1."""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from conftest import run_kg

FIXTURES = Path(__file__).parent / "fixtures" / "queries"


@pytest.fixture
def dripping_server():
    """Reads the request, then sends a valid-looking answer one byte per 0.2 s, forever."""
    srv = socket.create_server(("127.0.0.1", 0))
    srv.settimeout(0.1)
    stop = threading.Event()
    answered = []

    def drip(c):
        try:
            c.recv(1 << 16)
            head = (b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                    b"Content-Length: 1000000\r\n\r\n")
            for i in range(10_000):
                if stop.is_set():
                    break
                c.sendall(head[i:i + 1] if i < len(head) else b" ")
                answered.append(i)
                time.sleep(0.2)
        except OSError:
            pass
        finally:
            c.close()

    def accept():
        while not stop.is_set():
            try:
                c, _ = srv.accept()
            except OSError:
                continue
            threading.Thread(target=drip, args=(c,), daemon=True).start()

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.getsockname()[1]}", answered
    stop.set()
    t.join()
    srv.close()


def test_request_deadline_covers_headers_and_body(dripping_server):
    from kg.store.http import Deadline, request

    url, answered = dripping_server
    t0 = time.monotonic()
    with pytest.raises(Deadline):
        request("GET", url + "/query", timeout=1.5)
    assert time.monotonic() - t0 < 3
    assert answered, "the server never started answering"


def test_query_deadline_against_a_dripping_server(dripping_server):
    url, _ = dripping_server
    t0 = time.monotonic()
    p = run_kg("query", "summary", "--endpoint", url, "--timeout", "2", timeout=30)
    assert p.returncode == 4 and "timed out" in p.stderr, p.stderr
    assert time.monotonic() - t0 < 10   # 2 s and the start of Python


def test_load_deadline_against_a_dripping_server(dripping_server):
    url, _ = dripping_server
    t0 = time.monotonic()
    p = run_kg("load", FIXTURES, "--endpoint", url, "--timeout", "1", "--retries", "1",
               "--backoff", "0", timeout=30)
    assert p.returncode == 4 and "timed out" in p.stderr, p.stderr
    assert time.monotonic() - t0 < 10     # two attempts of one second each, then give up

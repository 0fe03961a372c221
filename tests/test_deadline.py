"""A server that answers one byte per second (RELIABILITY.md P3): the --timeout of `kg load
--endpoint` and `kg query --endpoint` is a deadline for the whole request, not a limit per read.
The server is a real listener on 127.0.0.1."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import run_kg
from listener import Listener

FIXTURES = Path(__file__).parent / "fixtures" / "queries"


@pytest.fixture
def dripping_server():
    """Reads the request, then sends a valid-looking answer one byte per 0.2 s, forever."""
    answered = []

    def drip(c):
        try:
            c.recv(1 << 16)
            head = (b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                    b"Content-Length: 1000000\r\n\r\n")
            for i in range(10_000):
                if server.stopped.is_set():
                    break
                c.sendall(head[i:i + 1] if i < len(head) else b" ")
                answered.append(i)
                time.sleep(0.2)
        except OSError:
            pass
        finally:
            c.close()

    with Listener(drip) as server:
        yield server.url, answered


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

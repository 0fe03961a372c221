"""One HTTP request with a deadline for the whole of it (RELIABILITY.md, P3).

A socket timeout bounds each read, not the request: a server that sends one byte per second
keeps ``urllib`` (and SPARQLWrapper, which uses it) waiting for as long as it likes. Here a timer
shuts the connection's socket down when the deadline passes, wherever the request is then
(connecting, sending, reading the headers or the body), and the request fails with
:class:`Deadline`. No retry happens here; the callers decide (kg.store.remote).
"""
from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass


class Deadline(TimeoutError):
    """The request did not complete within its time."""


@dataclass
class Response:
    status: int
    reason: str
    headers: dict
    body: bytes


def request(method: str, url: str, *, body: bytes | None = None, headers: dict | None = None,
            timeout: float) -> Response:
    """Send one request and read the whole answer within ``timeout`` seconds, or raise
    :class:`Deadline`. Connection failures raise OSError; a malformed or cut answer raises
    ``http.client.HTTPException``. Any status is returned (the caller judges it)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    deadline = time.monotonic() + timeout
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = kind(parts.hostname, parts.port, timeout=timeout)
    expired = threading.Event()
    lock = threading.Lock()

    def expire() -> None:
        with lock:
            expired.set()
            sock = conn.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    timer = threading.Timer(timeout, expire)
    timer.daemon = True
    timer.start()
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    try:
        with lock:
            if expired.is_set():
                raise Deadline(f"no answer within {timeout:g} s")
        conn.connect()
        if expired.is_set():   # the timer fired while connecting: conn.sock was not set yet
            raise Deadline(f"no answer within {timeout:g} s")
        conn.request(method, target, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        if expired.is_set() or time.monotonic() > deadline:
            raise Deadline(f"no complete answer within {timeout:g} s")
        return Response(resp.status, resp.reason, dict(resp.getheaders()), data)
    except (OSError, http.client.HTTPException) as e:
        if expired.is_set() or isinstance(e, (socket.timeout, TimeoutError)):
            raise Deadline(f"no complete answer within {timeout:g} s") from None
        raise
    finally:
        timer.cancel()
        conn.close()

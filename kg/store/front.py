"""The HTTP front of ``kg serve``: the only port a user (or a web page) reaches.

The Oxigraph server checks neither the ``Host`` nor the ``Origin`` of a request, so a web page
open in a browser on the same machine could send it a form POST (``update=DROP ALL``) or reach
it under its own host name after DNS rebinding (RELIABILITY.md, X1). ``kg serve`` therefore
listens itself on 127.0.0.1:PORT and passes a request on to Oxigraph (on a private port of
127.0.0.1) only when

* its ``Host`` names the loopback interface (``127.0.0.1``, ``localhost``, ``[::1]``, any
  port): a rebinding host name is refused;
* it has no ``Origin``, or the origin of the server itself (``http://`` + its Host), and no
  ``Sec-Fetch-Site`` other than ``same-origin`` or ``none``: cross-site requests of a browser
  are refused, including ``Origin: null`` (sandboxed frames, files);
* it only reads, unless the server was started with writes allowed: ``/update`` and Graph
  Store writes (``PUT``/``POST``/``DELETE`` on ``/store``) are refused by default;
* its SPARQL does not use ``SERVICE`` nor, in an update, ``LOAD``: Oxigraph would fetch those
  URLs for the caller (RELIABILITY.md, trap 1).

A refused request gets ``403`` with a one-line reason, and the reason is logged. Everything
else is streamed both ways unchanged (bodies of any length; a response the backend cuts short
is cut short to the client too, never completed).
"""
from __future__ import annotations

import http.client
import http.server
import re
import socket
import threading
import time
import urllib.parse

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
READ_METHODS = ("GET", "HEAD", "OPTIONS")
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
               "trailer", "trailers", "transfer-encoding", "upgrade", "host", "content-length"}
_FORWARDED = re.compile(r"\b(SERVICE|LOAD)\b", re.IGNORECASE)
_CHUNK = 1 << 16
#: largest SPARQL text read to check it (a query or update form field, or a sparql-query body)
MAX_SPARQL_BYTES = 10 << 20


class Refused(Exception):
    """A request the front does not pass on; the message says why."""


# ---------------------------------------------------------------- the policy


def host_name(host: str) -> str:
    """The host part of a Host header or an origin's authority, lower-cased (IPv6 in brackets)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def check_headers(headers) -> None:
    """Refuse a request whose Host is not loopback, or that a browser sent from another site."""
    host = headers.get("Host")
    if not host or host_name(host) not in LOOPBACK_NAMES:
        raise Refused(f"Host {host!r} refused: kg serve answers only to 127.0.0.1, localhost or "
                      "[::1] (a foreign Host is what DNS rebinding sends)")
    origin = headers.get("Origin")
    if origin is not None and origin.strip().lower().rstrip("/") != "http://" + host.strip().lower():
        raise Refused(f"Origin {origin!r} refused: only pages of this server itself may call it")
    site = (headers.get("Sec-Fetch-Site") or "").strip().lower()
    if site and site not in ("same-origin", "none"):
        raise Refused(f"a {site} request of a browser refused")


def is_write(method: str, path: str) -> bool:
    """Does the request change the store (SPARQL update, Graph Store write)?"""
    route = urllib.parse.urlsplit(path).path.rstrip("/")
    if route == "/update":
        return True
    return route == "/store" and method not in READ_METHODS


def sparql_texts(method: str, path: str, headers, body: bytes | None) -> list[str]:
    """The SPARQL query or update texts a request carries (URL, form body or direct body)."""
    parts = urllib.parse.urlsplit(path)
    texts = [v for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
             if k in ("query", "update")]
    if body:
        kind = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
            texts += [v for k, v in form if k in ("query", "update")]
        elif kind in ("application/sparql-query", "application/sparql-update"):
            texts.append(body.decode("utf-8", "replace"))
    return texts


def check_sparql(text: str, *, update: bool) -> None:
    """Refuse SERVICE (and LOAD in an update): the server would fetch the URL they name.

    The text is parsed with rdflib's SPARQL parser; a text rdflib cannot parse is refused only
    when the word SERVICE or LOAD is in it (Oxigraph then parses it and may refuse it itself)."""
    if not _FORWARDED.search(text):
        return
    from kg.query.bind import PARSE_LOCK

    try:
        with PARSE_LOCK:
            if update:
                from rdflib.plugins.sparql.parser import parseUpdate

                tree = parseUpdate(text)
            else:
                from rdflib.plugins.sparql.parser import parseQuery

                tree = parseQuery(text)
        names = set(_names(tree))
    except Exception:  # noqa: BLE001 - unparseable: judged by the words it holds
        names = {m.upper() for m in _FORWARDED.findall(text)}
        names = {"ServiceGraphPattern" if n == "SERVICE" else "Load" for n in names}
    if "ServiceGraphPattern" in names:
        raise Refused("SERVICE refused: kg serve does not call other endpoints for a client")
    if update and "Load" in names:
        raise Refused("LOAD refused: kg serve does not fetch documents for a client")


def _names(node):
    """The names of the nodes of an rdflib SPARQL parse tree (CompValue, ParseResults, lists)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node.name
        for v in node.values():
            yield from _names(v)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for v in node:
            yield from _names(v)


# ---------------------------------------------------------------- the proxy


class Front(http.server.ThreadingHTTPServer):
    """Listens on 127.0.0.1:``port`` and passes allowed requests to ``backend`` (host, port)."""

    daemon_threads = True
    allow_reuse_address = True   # TIME_WAIT only: a port another server listens on stays taken

    def __init__(self, port: int, backend: tuple[str, int], *, allow_writes: bool = False,
                 timeout: float | None = None, log=None):
        self.backend = backend
        self.allow_writes = allow_writes
        self.backend_timeout = (timeout or 3600.0) + 30.0
        self.log = log
        self._lock = threading.Lock()
        self._inflight: dict[int, tuple[float, tuple]] = {}   # SPARQL queries being answered
        super().__init__(("127.0.0.1", port), _Handler)

    def overdue(self, seconds: float) -> bool:
        """Has a SPARQL query to the current backend been running longer than ``seconds``?"""
        now = time.monotonic()
        with self._lock:
            return any(b == self.backend and now - t > seconds for t, b in self._inflight.values())

    def _track(self, key: int, backend: tuple | None) -> None:
        with self._lock:
            if backend is None:
                self._inflight.pop(key, None)
            else:
                self._inflight[key] = (time.monotonic(), backend)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def note(self, line: str) -> None:
        if self.log is not None:
            with self._lock:
                print(f"kg serve: {line}", file=self.log, flush=True)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"
    timeout = 120   # a client silent that long is dropped (slow clients cannot hold threads)

    def do_request(self) -> None:
        server: Front = self.server
        try:
            check_headers(self.headers)
            write = is_write(self.command, self.path)
            if write and not server.allow_writes:
                raise Refused(f"{self.command} {urllib.parse.urlsplit(self.path).path} refused: the "
                              "store is served read-only (start kg serve with --allow-writes)")
            body = self._small_body()
            for text in sparql_texts(self.command, self.path, self.headers, body):
                check_sparql(text, update=write)
        except Refused as e:
            server.note(f"{self.command} {self.path[:80]} from {self.headers.get('Origin') or 'no Origin'}: {e}")
            self._refuse(403, str(e))
            return
        except _BadRequest as e:
            self._refuse(400, str(e))
            return
        self._forward(body)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_request

    # ------------------------------------------------------------ request bodies

    def _small_body(self) -> bytes | None:
        """Read the body now when it may hold SPARQL (form or sparql-query/update); else None and
        the body is streamed to the backend as it comes."""
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind not in ("application/x-www-form-urlencoded", "application/sparql-query",
                        "application/sparql-update"):
            return None
        return b"".join(self._body_chunks(limit=MAX_SPARQL_BYTES))

    def _body_chunks(self, limit: int | None = None):
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            total = 0
            while True:
                line = self.rfile.readline(1024)
                try:
                    size = int(line.split(b";")[0].strip(), 16)
                except ValueError:
                    raise _BadRequest("malformed chunked body") from None
                if size == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass
                    return
                total += size
                if limit is not None and total > limit:
                    raise _BadRequest("request body too large")
                yield self.rfile.read(size)
                self.rfile.readline(8)
        length = self.headers.get("Content-Length")
        try:
            left = int(length) if length else 0
        except ValueError:
            raise _BadRequest("malformed Content-Length") from None
        if limit is not None and left > limit:
            raise _BadRequest("request body too large")
        while left > 0:
            chunk = self.rfile.read(min(_CHUNK, left))
            if not chunk:
                raise _BadRequest("request body cut short")
            left -= len(chunk)
            yield chunk

    # ------------------------------------------------------------ forwarding

    def _forward(self, body: bytes | None) -> None:
        server: Front = self.server
        backend = server.backend
        # queries only: Oxigraph's time limit covers queries, and an update is never cut short
        sparql = urllib.parse.urlsplit(self.path).path.rstrip("/") == "/query"
        if sparql:
            server._track(id(self), backend)
        try:
            self._send_on(backend, body)
        finally:
            if sparql:
                server._track(id(self), None)

    def _send_on(self, backend: tuple, body: bytes | None) -> None:
        server: Front = self.server
        host, port = backend
        conn = http.client.HTTPConnection(host, port, timeout=server.backend_timeout)
        try:
            conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", f"{host}:{port}")
            for k, v in self.headers.items():
                if k.lower() not in _HOP_BY_HOP:
                    conn.putheader(k, v)
            chunked = "chunked" in (self.headers.get("Transfer-Encoding") or "").lower()
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
                conn.endheaders(body)
            elif chunked:
                conn.putheader("Transfer-Encoding", "chunked")
                conn.endheaders()
                for chunk in self._body_chunks():
                    conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                conn.send(b"0\r\n\r\n")
            else:
                if self.headers.get("Content-Length"):
                    conn.putheader("Content-Length", self.headers["Content-Length"])
                conn.endheaders()
                for chunk in self._body_chunks():
                    conn.send(chunk)
            resp = conn.getresponse()
        except _BadRequest as e:
            conn.close()
            self._refuse(400, str(e))
            return
        except (OSError, http.client.HTTPException) as e:
            conn.close()
            self._refuse(502, f"the Oxigraph server did not answer: {e}")
            return
        try:
            self._relay(resp)
        finally:
            conn.close()

    def _relay(self, resp: http.client.HTTPResponse) -> None:
        self.send_response_only(resp.status, resp.reason)
        for k, v in resp.getheaders():
            if k.lower() not in _HOP_BY_HOP:
                self.send_header(k, v)
        no_body = self.command == "HEAD" or resp.status in (204, 304) or 100 <= resp.status < 200
        if no_body:
            self.send_header("Content-Length", resp.getheader("Content-Length") or "0")
            self.end_headers()
            return
        length = resp.length
        if length is not None:
            self.send_header("Content-Length", str(length))
        else:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            while True:
                chunk = resp.read1(_CHUNK) if length is None else resp.read(min(_CHUNK, length))
                if not chunk:
                    break
                if length is None:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                else:
                    self.wfile.write(chunk)
                    length -= len(chunk)
                    if length <= 0:
                        break
            if length is None:
                self.wfile.write(b"0\r\n\r\n")
            elif length > 0:
                raise http.client.IncompleteRead(b"", length)
            self.wfile.flush()
        except (OSError, http.client.HTTPException):
            # the backend cut the answer short, or the client went away: never complete it
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _refuse(self, status: int, reason: str) -> None:
        data = (reason + "\n").encode("utf-8")
        self.close_connection = True
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        except OSError:
            pass

    def log_message(self, format, *args) -> None:   # noqa: A002 - the base class's name
        pass   # requests are not logged one by one; refusals are (Front.note)


class _BadRequest(Exception):
    pass

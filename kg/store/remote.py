"""Remote SPARQL 1.1 stores: queries with the SPARQL 1.1 Protocol, loading with the Graph Store Protocol.

Loading sends one ``PUT <gsp>?graph=<kgid:graph/doc>`` per article graph (N-Triples body). A PUT
replaces the graph in one transaction, so loading the same graph again leaves the store as it
was (RELIABILITY.md, trap 4). Every request has a deadline for the whole of it, however slowly
the server answers (S2, P3: kg.store.http). Connection failures, timeouts, HTTP 5xx, 408 and
429 are retried with exponential backoff (S1); after a retry the graph's
triple count is checked with a COUNT query (S3). A graph the store refuses (other 4xx) is
reported and the others go on (S4). A store still unreachable after the retries raises
``StoreUnreachable`` carrying the report so far: graphs not yet sent are marked ``skipped``.

Conventions (``--convention``): the URL given is the service (Oxigraph, ``http://host:7878``) or
the dataset (Fuseki, ``http://host:3030/ds``); a URL that already ends in a service path
(``/query``, ``/sparql``, ``/store``, ``/data``, ``/update``) is cut back to that base.

========== ============ ========== ==========================================================
convention query        graph store union default graph
========== ============ ========== ==========================================================
oxigraph   ``/query``   ``/store`` asked per query (``union-default-graph``), or start the
                                   server with ``--union-default-graph`` (``kg serve`` does)
fuseki     ``/query``   ``/data``  set ``tdb2:unionDefaultGraph true`` in the dataset config
========== ============ ========== ==========================================================
"""
from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.parse
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import ConfigError, QueryError, StoreError
from kg.rdf import vocabulary
from kg.store.graphs import NamedGraph
from kg.store.report import GraphLoad, LoadReport

CONVENTIONS = {
    "oxigraph": {"query": "/query", "gsp": "/store", "union": True},
    "fuseki": {"query": "/query", "gsp": "/data", "union": False},
}
_SERVICE_SUFFIXES = ("/query", "/sparql", "/store", "/data", "/update", "/get")
USER_AGENT = "kg (SPARQL 1.1 Protocol client)"


class StoreUnreachable(StoreError):
    """The store did not answer after every retry. ``report`` says what was loaded before."""

    code = "store-unreachable"

    def __init__(self, message: str, *, report: LoadReport | None = None, source=None):
        super().__init__(message, source=source)
        self.report = report


class _Retryable(Exception):
    def __init__(self, message: str, *, connection: bool = False):
        super().__init__(message)
        self.connection = connection   # no HTTP answer at all (refused, reset, timed out)


class _Rejected(Exception):
    pass


# ---------------------------------------------------------------- endpoints


@dataclass(frozen=True)
class Endpoint:
    base: str
    query_url: str
    gsp_url: str
    union: bool = True
    timeout: float = 30.0

    @classmethod
    def from_url(cls, url: str, *, convention: str = "oxigraph", query_path: str | None = None,
                 gsp_path: str | None = None, timeout: float = 30.0) -> "Endpoint":
        if convention not in CONVENTIONS:
            raise ConfigError(f"unknown store convention {convention!r}; use one of "
                              f"{', '.join(CONVENTIONS)}")
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"endpoint {url!r} is not an http(s) URL, e.g. http://127.0.0.1:7878")
        if timeout is None or timeout <= 0:
            raise ConfigError("the timeout must be a positive number of seconds")
        base = url.rstrip("/")
        for suffix in _SERVICE_SUFFIXES:
            if base.endswith(suffix):
                base = base[: -len(suffix)]
                break
        conv = CONVENTIONS[convention]
        return cls(base, _join(base, query_path or conv["query"]),
                   _join(base, gsp_path or conv["gsp"]), conv["union"], float(timeout))

    def graph_url(self, graph: str) -> str:
        ox.NamedNode(graph)  # raises ValueError on an invalid IRI
        sep = "&" if "?" in self.gsp_url else "?"
        return f"{self.gsp_url}{sep}graph={urllib.parse.quote(graph, safe='')}"


def _join(base: str, path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return base + "/" + path.lstrip("/")


# ---------------------------------------------------------------- queries (SPARQL 1.1 Protocol)

_ACCEPT = {"graph": "text/turtle", "results": "application/sparql-results+json"}


def sparql(endpoint: Endpoint, query: str, *, form: str = "SelectQuery", timeout: float | None = None,
           terms: bool = False):
    """Run ``query`` on the endpoint (SPARQL 1.1 Protocol: a form POST, as SPARQLWrapper sends
    it). SELECT -> (variables, bindings) of the SPARQL JSON results, or with ``terms``
    (variables, rows): each row a tuple of pyoxigraph terms (None when unbound), read by
    Oxigraph's parser (1,000 articles, evidence, 59,348 rows: 0.4 s, where json.loads and a
    check of every cell in Python took about 0.8 s); ASK -> bool; CONSTRUCT/DESCRIBE -> list of
    pyoxigraph triples. The timeout is a deadline for the whole request (P3). A malformed or
    truncated response raises StoreError: never partial rows (S5)."""
    from kg.store.http import Deadline, request

    graph_form = form in ("ConstructQuery", "DescribeQuery")
    fields = {"query": query}
    if endpoint.union:
        fields["union-default-graph"] = "true"
    where = endpoint.query_url
    limit = timeout or endpoint.timeout
    try:
        resp = request("POST", endpoint.query_url, body=urllib.parse.urlencode(fields).encode("utf-8"),
                       timeout=limit, headers={
                           "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                           "Accept": _ACCEPT["graph" if graph_form else "results"],
                           "User-Agent": USER_AGENT})
    except Deadline:
        raise StoreUnreachable(f"endpoint unreachable or not answering: timed out (no complete "
                               f"answer within {limit:g} s)", source=where) from None
    except (OSError, http.client.HTTPException) as e:
        raise StoreUnreachable(f"endpoint unreachable or not answering: {_reason(e)}",
                               source=where) from None
    if resp.status == 400:
        raise QueryError(f"the endpoint refused the query: {_body_text(resp.body)}", source=where)
    if resp.status >= 300:
        detail = _body_text(resp.body)
        raise StoreError(f"query failed: HTTP {resp.status} {resp.reason}"
                         + (f": {detail}" if detail else ""), source=where)
    body = resp.body
    if terms and form == "SelectQuery":
        try:
            solutions = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            if not isinstance(solutions, ox.QuerySolutions):
                raise ValueError("no results.bindings")
            return [v.value for v in solutions.variables], [tuple(s) for s in solutions]
        except (SyntaxError, ValueError) as e:
            raise StoreError(f"malformed or truncated response, no rows used: {_short(e)}",
                             source=where) from None
    if graph_form:
        try:
            return list(ox.parse(body, format=ox.RdfFormat.TURTLE))
        except (SyntaxError, ValueError) as e:
            raise StoreError(f"malformed response, no result used: {e}", source=where) from None
    try:
        data = json.loads(body.decode("utf-8"))
        if form == "AskQuery":
            value = data["boolean"]
            if not isinstance(value, bool):
                raise ValueError("boolean is not true/false")
            return value
        variables = data["head"]["vars"]
        bindings = data["results"]["bindings"]
        if not isinstance(variables, list) or not isinstance(bindings, list):
            raise ValueError("head.vars or results.bindings is not a list")
        return variables, bindings
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as e:
        raise StoreError(f"malformed or truncated response, no rows used: {_short(e)}",
                         source=where) from None


def count_graph(endpoint: Endpoint, graph: str, *, timeout: float | None = None) -> int:
    """Number of triples in one named graph."""
    name = str(ox.NamedNode(graph))
    _, bindings = sparql(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}",
                         timeout=timeout)
    try:
        return int(bindings[0]["n"]["value"])
    except (IndexError, KeyError, ValueError, TypeError):
        raise StoreError("malformed COUNT answer", source=endpoint.query_url) from None


def count_quads(endpoint: Endpoint, *, timeout: float | None = None) -> int:
    """Number of quads in the named graphs of the store."""
    _, bindings = sparql(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                         timeout=timeout)
    try:
        return int(bindings[0]["n"]["value"])
    except (IndexError, KeyError, ValueError, TypeError):
        raise StoreError("malformed COUNT answer", source=endpoint.query_url) from None


# ---------------------------------------------------------------- Graph Store Protocol


def put_graph(endpoint: Endpoint, graph: str, body: bytes, *,
              content_type: str = "application/n-triples", timeout: float | None = None,
              method: str = "PUT") -> int:
    """One GSP PUT (replace the graph) or POST (add to it) within its deadline; returns the HTTP
    status. Raises _Retryable or _Rejected."""
    from kg.store.http import Deadline, request

    try:
        resp = request(method, endpoint.graph_url(graph), body=body, timeout=timeout or endpoint.timeout,
                       headers={"Content-Type": content_type, "User-Agent": USER_AGENT})
    except Deadline:
        raise _Retryable("timed out", connection=True) from None
    except (OSError, http.client.HTTPException) as e:
        raise _Retryable(_reason(e), connection=True) from None
    if resp.status >= 300:
        text = _body_text(resp.body)
        detail = (resp.reason or "") + (f": {text}" if text else "")
        if resp.status >= 500 or resp.status in (408, 429):
            raise _Retryable(f"HTTP {resp.status} {detail}")
        raise _Rejected(f"HTTP {resp.status} {detail}")
    return resp.status


def load_graphs(endpoint: Endpoint, graphs, *, retries: int = 3, backoff: float = 0.5,
                max_backoff: float = 10.0, verify: str = "retried", report: LoadReport | None = None,
                on_graph=None, sleep=time.sleep) -> LoadReport:
    """PUT each graph; ``graphs`` yields ``(record, body)`` pairs, or ``(record, body, rows)``
    for an article graph with its rows (see ``payloads``): the rows graph is PUT once the
    article graph is loaded; rows that fail are deleted (kg then runs the queries instead of
    reading rows) and the article's record fails, to be loaded again.

    ``verify``: "retried" checks
    the triple count after a retry, "always" after every PUT, "never" not at all.
    ``on_graph(record)`` is called after each graph (progress, tests).
    """
    report = report or LoadReport(endpoint.gsp_url)
    items = iter(graphs)
    for rec, body, *rows in items:
        report.graphs.append(rec)
        if rec.status == "invalid":
            continue
        t0 = time.monotonic()
        options = (retries, backoff, max_backoff, verify, sleep)
        unreachable = _load_one(endpoint, rec, body, *options)
        if rows and rec.status == "loaded" and not unreachable:
            unreachable = _load_rows(endpoint, rec, *rows[0], options)
        rec.seconds = round(time.monotonic() - t0, 3)
        if on_graph:
            on_graph(rec)
        if unreachable:
            for later, *_ in items:
                if later.status != "invalid":
                    later.status, later.error = "skipped", "store unreachable before this graph"
                report.graphs.append(later)
            raise StoreUnreachable(f"store unreachable after {rec.attempts} attempts: {rec.error}",
                                   report=report, source=endpoint.gsp_url)
    return report


def _load_one(endpoint, rec: GraphLoad, body: bytes, retries, backoff, max_backoff, verify, sleep) -> bool:
    """Load one graph into ``rec``; True when the store looks unreachable."""
    attempts = max(1, retries + 1)
    connection_error = False
    for attempt in range(1, attempts + 1):
        rec.attempts = attempt
        if attempt > 1:
            sleep(min(max_backoff, backoff * 2 ** (attempt - 2)))
        merge = rec.graph == vocabulary.EXTRACTED      # shared by every builder: added to
        try:
            put_graph(endpoint, rec.graph, body, method="POST" if merge else "PUT")
            if verify == "always" or (verify == "retried" and attempt > 1):
                rec.verified = count_graph(endpoint, rec.graph)
                if rec.verified < rec.triples or (rec.verified != rec.triples and not merge):
                    raise _Retryable(f"store holds {rec.verified} triples of {rec.triples} sent")
            rec.status, rec.error = "loaded", None
            return False
        except _Rejected as e:
            rec.status, rec.error = "rejected", str(e)
            return False
        except _Retryable as e:
            rec.status, rec.error = "failed", str(e)
            connection_error = e.connection
        except StoreError as e:   # the verifying COUNT query failed
            rec.status, rec.error = "failed", e.message
            connection_error = isinstance(e, StoreUnreachable)
    return connection_error


def _load_rows(endpoint, rec: GraphLoad, name: str, body: bytes, triples: int, options) -> bool:
    """PUT the rows graph of the article graph ``rec`` loaded; when that fails, delete it (best
    effort: stale rows must not be read) and fail the article's record."""
    kept = GraphLoad(rec.source, name, triples)
    unreachable = _load_one(endpoint, kept, body, *options)
    if kept.status != "loaded":
        try:
            put_graph(endpoint, name, b"", method="DELETE")
        except (_Retryable, _Rejected):
            pass
        rec.status, rec.error = "failed", f"its rows ({name}) were not loaded: {kept.error}"
    return unreachable


def payloads(graphs: list[NamedGraph], shared=None):
    """(record, N-Triples body) for each named graph, ready for ``load_graphs``; for an article
    graph also its rows (name, body, triples: kg.query.rows), made with ``shared``, the
    vocabulary triples its file brought (default: those of the extracted graph in ``graphs``)."""
    from kg.query.rows import article_rows, rows_graph

    if shared is None:
        shared = [t for g in graphs if g.name.value == vocabulary.EXTRACTED for t in g.triples]
    for g in graphs:
        item = (GraphLoad(g.source, g.name.value, len(g)), g.ntriples())
        name = rows_graph(g.name.value) if vocabulary.is_article_graph(g.name.value) else None
        if name is not None:
            kept = article_rows(g.name.value, g.triples, shared)
            item += ((name, ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES), len(kept)),)
        yield item


def file_payloads(paths):
    """(record, body) per article graph of the files, read one file at a time (an unreadable
    file becomes an "invalid" record); then the extracted vocabulary they brought, in one
    request that adds to that graph, and kg's schemes, which replace the schemes graph."""
    from kg.errors import GraphReadError
    from kg.store.graphs import SharedVocabulary, read_named_graphs, schemes_graph

    shared = SharedVocabulary()
    for path in paths:
        try:
            graphs = read_named_graphs(path)
        except GraphReadError as e:
            yield GraphLoad(str(path), None, status="invalid", error=e.message), b""
            continue
        brought = [t for g in graphs if g.name.value == vocabulary.EXTRACTED for t in g.triples]
        for g in graphs:
            if g.name.value == vocabulary.EXTRACTED:
                shared.add(GraphLoad(g.source, g.name.value, status="loaded"), g)
            elif vocabulary.is_article_graph(g.name.value):   # (rows: kg makes its own)
                yield from payloads([g], brought)
    if shared:
        g = NamedGraph(ox.NamedNode(vocabulary.EXTRACTED), sorted(shared.triples, key=str),
                       f"{shared.files} file(s)")
        yield from payloads([g])
    yield from payloads([schemes_graph()])


# ---------------------------------------------------------------- helpers


def _reason(e: BaseException) -> str:
    r = getattr(e, "reason", None)
    if isinstance(r, BaseException):
        e = r
    if isinstance(e, (socket.timeout, TimeoutError)):
        return "timed out"
    return str(e) or type(e).__name__


def _short(e: BaseException) -> str:
    return " ".join(str(e).split())[:300]


def _body_text(body: bytes) -> str:
    """The start of an error answer, on one line."""
    return " ".join(body[:500].decode("utf-8", "replace").split())[:300]

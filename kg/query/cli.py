"""`kg query`: run a competency question (queries/*.rq) or a .rq file on graphs or a store.

kg.cli calls ``register(subparsers)``. Only this module prints. Exit codes: 0 ok, 1 a violation
query returned rows (``--violations``), 2 bad input (unknown query, bad parameter, refused
query, unreadable graph), 4 store failure or query timeout.
"""
from __future__ import annotations

import argparse
import re
import sys
import time

from kg.errors import KgError

EXIT_OK, EXIT_VIOLATIONS, EXIT_INPUT, EXIT_STORE = 0, 1, 2, 4

EPILOG = """\
sources (one of):
  GRAPH…            graph files or folders (.ttl .trig .nt .nq .jsonld), merged into one graph
  --store DIR       the embedded store written by `kg load … --store DIR`
  --endpoint URL    a SPARQL 1.1 endpoint (Oxigraph: http://127.0.0.1:7878; Fuseki:
                    http://host:3030/DATASET); queries see the union of the named graphs

examples:
  kg query --list
  kg query positions --param issue=repatriation output/
  kg query statements --param actor=Seoul --param from=2012-01-01 --store kgstore --format csv
  kg query positions --param issue=repatriation --endpoint http://127.0.0.1:7878
  kg query statements --store kgstore --limit 50 --offset 50     # the second page of 50
  kg query my-question.rq --param name=value output/
  kg query --violations --store kgstore

Parameters are bound as RDF terms (rdflib initBindings, or a VALUES block of validated terms),
never pasted into the query text. Queries using SERVICE, updates (LOAD, INSERT …) and FROM a
document outside the store are refused.

your own .rq files: parameters are typed by a header comment, as in queries/*.rq:
  # Parameters: ?actor (iri), ?from (xsd:date), ?n (xsd:integer), ?name (string)
Without one, a value is a string literal, or an IRI when written <…>: --param
s=https://… binds the string "https://…", which matches no IRI (kg query says so).

output formats: table, csv, json (rows of plain values); SPARQL 1.1 results: sparql-json,
sparql-xml, tsv. A CONSTRUCT prints Turtle (table), N-Triples (csv) or JSON-LD (json).

exit codes: 0 ok, 1 violation rows found (--violations), 2 bad input or refused query,
4 store unreachable, failing or too slow (--timeout)."""


def allow_intermixed(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Let options and positionals mix (``kg query NAME --param k=v GRAPH…``) even though kg.cli
    parses with ``parse_args``: the sub-command parser answers with ``parse_known_intermixed_args``."""
    plain = parser.parse_known_args
    busy = []

    def parse_known_args(args=None, namespace=None):
        if busy:  # parse_known_intermixed_args calls parse_known_args itself
            return plain(args, namespace)
        busy.append(True)
        try:
            return parser.parse_known_intermixed_args(args, namespace)
        finally:
            busy.pop()

    parser.parse_known_args = parse_known_args
    return parser


def register(subparsers) -> argparse.ArgumentParser:
    from kg.cliutil import add_source_arguments
    from kg.query.run import FORMATTERS

    p = subparsers.add_parser(
        "query", help="answer a competency question (queries/*.rq) or run a .rq file",
        description="Run a query of the library (by name, see --list) or a SPARQL file on graph "
        "files, the embedded store or a SPARQL endpoint, and print the rows.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("query", nargs="?", metavar="NAME|FILE.rq",
                   help="a query of the library (see --list) or a path to a .rq file")
    add_source_arguments(p)
    p.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                   help="bind a parameter of the query (repeatable)")
    p.add_argument("--format", "-f", choices=list(FORMATTERS), default="table",
                   help="output format: table, csv, json (plain rows), SPARQL 1.1 results as "
                   "sparql-json, sparql-xml or tsv (default: table)")
    p.add_argument("--limit", type=_rows, metavar="N",
                   help="print at most N rows (a page, in the query's order)")
    p.add_argument("--offset", type=_rows, default=0, metavar="N",
                   help="skip the first N rows (the next page: --offset of the last plus --limit)")
    p.add_argument("--engine", choices=["rdflib", "oxigraph"], default="rdflib",
                   help="engine for GRAPH files (default: rdflib)")
    p.add_argument("--list", action="store_true", help="list the queries of the library and exit")
    p.add_argument("--violations", action="store_true",
                   help="run every *.violation.rq query; exit 1 when any returns rows")
    p.set_defaults(func=cmd_query)
    return allow_intermixed(p)


def _rows(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of rows (0 or more)")
    return n


def _err(msg: str) -> None:
    print(f"kg: {msg}", file=sys.stderr)


def _params(pairs) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--param {pair!r}: write NAME=VALUE, e.g. --param issue=repatriation")
        out[name.strip()] = value
    return out


def _list() -> int:
    from kg.query.library import list_queries

    for q in list_queries():
        kind = " (violation)" if q.violation else ""
        print(f"{q.name}{kind}\n  {q.question}")
        for prm in q.parameters:
            print(f"  --param {prm.name}=…  ({prm.type}) {prm.description}")
        if q.columns:
            print(f"  columns: {', '.join(q.columns)}")
    return EXIT_OK


def _source(a, graphs):
    from kg.store.embedded import EmbeddedStore
    from kg.store.remote import Endpoint

    chosen = sum(bool(x) for x in (graphs, a.store, a.endpoint))
    if chosen != 1:
        raise ValueError("give the graphs to query: GRAPH… files or folders, --store DIR, "
                         "or --endpoint URL (exactly one)")
    if a.store:
        return EmbeddedStore(a.store, create=False)
    if a.endpoint:
        return Endpoint.from_url(a.endpoint, convention=a.convention, query_path=a.query_path,
                                 timeout=a.timeout)
    from kg.query.run import load_graph, memory_store

    return memory_store(graphs) if a.engine == "oxigraph" else load_graph(graphs)


def _iri_hints(doc, params) -> list[str]:
    """Why a user's query may have found nothing: an undeclared parameter bound as a string
    whose value looks like an IRI."""
    return [f"hint: --param {k}={v} was bound as a string, which matches no IRI; write "
            f"--param {k}='<{v}>' or declare it in the file: # Parameters: ?{k} (iri)"
            for k, v in params.items()
            if doc.param(k) is None and _LOOKS_LIKE_IRI.match(v)]


_LOOKS_LIKE_IRI = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*://\S+|urn:\S+)$")


def cmd_query(a) -> int:
    from kg.query.library import get_query, list_queries
    from kg.query.run import FORMATTERS, no_gc, run_query

    if a.list:
        return _list()
    graphs = list(a.graphs)
    if a.violations and a.query:
        graphs.insert(0, a.query)
    if not a.violations and not a.query:
        _err("name a query (see `kg query --list`) or a .rq file")
        return EXIT_INPUT
    source = None
    try:
        params = _params(a.param)
        source = _source(a, graphs)
        if a.violations:
            return _violations(list_queries(), source, a)
        doc = get_query(a.query)
        t0 = time.perf_counter()
        result = run_query(doc, source, params, timeout=a.timeout, limit=a.limit, offset=a.offset)
        if a.verbose:
            _err(f"{type(source).__name__}: {len(result)} row(s) in {time.perf_counter() - t0:.2f} s; "
                 f"the query run:\n{result.query}")
        with no_gc():     # texts of rows: no cycles for the collector to look for
            text = FORMATTERS[a.format](result)
        if a.quiet and a.format == "table" and result.boolean is None and result.graph is None:
            text = text[:text.rindex("\n") + 1]       # the rows without the "(N rows)" line
        elif a.format == "table" and a.limit and len(result) == a.limit:
            text += f"\n(a page of {a.limit} rows; the next: --offset {a.offset + a.limit})"
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        if not len(result) and result.boolean is None and result.graph is None:
            for hint in _iri_hints(doc, params):
                _err(hint)
        result = text = None    # closing the store collects garbage: the rows are garbage already
        return EXIT_OK
    except ValueError as e:
        _err(str(e))
        return EXIT_INPUT
    except KgError as e:
        _err(e.one_line())
        return e.exit_code
    finally:
        if source is not None and hasattr(source, "close"):
            source.close()


def _violations(queries, source, a) -> int:
    from kg.query.run import FORMATTERS, run_query

    found = 0
    ran = 0
    for q in queries:
        if not q.violation:
            continue
        ran += 1
        result = run_query(q, source, timeout=a.timeout)
        if len(result):
            found += len(result)
            print(f"{q.name}: {len(result)} row(s) — {q.question}")
            print(FORMATTERS[a.format](result))
        else:
            print(f"{q.name}: ok")
    print(f"{ran} violation queries, {found} defect row(s)")
    return EXIT_VIOLATIONS if found else EXIT_OK

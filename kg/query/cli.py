"""`kg query`: run a competency question (queries/*.rq) or a .rq file on graphs or a store.

kg.cli calls ``register(subparsers)``. Only this module prints. Exit codes: 0 ok, 1 a violation
query returned rows (``--violations``), 2 bad input (unknown query, bad parameter, refused
query, unreadable graph), 4 store failure or query timeout.
"""
from __future__ import annotations

import argparse
import sys

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
  kg query my-question.rq --param name=value output/
  kg query --violations --store kgstore

Parameters are bound as RDF terms (rdflib initBindings, or a VALUES block of validated terms),
never pasted into the query text. Queries using SERVICE, updates (LOAD, INSERT …) and FROM a
document outside the store are refused.

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
    p = subparsers.add_parser(
        "query", help="answer a competency question (queries/*.rq) or run a .rq file",
        description="Run a query of the library (by name, see --list) or a SPARQL file on graph "
        "files, the embedded store or a SPARQL endpoint, and print the rows.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("query", nargs="?", metavar="NAME|FILE.rq",
                   help="a query of the library (see --list) or a path to a .rq file")
    p.add_argument("graphs", nargs="*", metavar="GRAPH", help="graph files or folders to query")
    p.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                   help="bind a parameter of the query (repeatable)")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--store", metavar="DIR", help="query the embedded store in DIR")
    src.add_argument("--endpoint", metavar="URL", help="query a SPARQL 1.1 endpoint")
    p.add_argument("--format", "-f", choices=["table", "csv", "json"], default="table",
                   help="output format (default: table)")
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                   help="give up after this long (default: 60)")
    p.add_argument("--engine", choices=["rdflib", "oxigraph"], default="rdflib",
                   help="engine for GRAPH files (default: rdflib)")
    p.add_argument("--convention", choices=["oxigraph", "fuseki"], default="oxigraph",
                   help="URL layout of the endpoint (default: oxigraph)")
    p.add_argument("--query-path", metavar="PATH",
                   help="path (or URL) of the SPARQL query service under --endpoint "
                   "(default: /query)")
    p.add_argument("--list", action="store_true", help="list the queries of the library and exit")
    p.add_argument("--violations", action="store_true",
                   help="run every *.violation.rq query; exit 1 when any returns rows")
    p.set_defaults(func=cmd_query)
    return allow_intermixed(p)


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


def cmd_query(a) -> int:
    from kg.query.library import list_queries
    from kg.query.run import FORMATTERS, run_query

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
        result = run_query(a.query, source, params, timeout=a.timeout)
        text = FORMATTERS[a.format](result)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
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

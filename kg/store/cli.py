"""`kg load`, `kg serve`, `kg export`: stores and exports.

kg.cli calls ``register(subparsers)``. Only this module prints. Exit codes: 0 ok, 2 bad input
(unreadable graph file, bad option), 4 store failure (unreachable, timed out, graph refused),
5 output not written.
"""
from __future__ import annotations

import argparse
import sys

from kg.cliutil import add_reader, open_graph_source
from kg.errors import KgError
from kg.query.cli import allow_intermixed

EXIT_OK, EXIT_INPUT, EXIT_STORE, EXIT_OUTPUT = 0, 2, 4, 5

LOAD_EPILOG = """\
targets (one of):
  --store DIR      the embedded on-disk store (pyoxigraph), created when missing
  --endpoint URL   a SPARQL 1.1 Graph Store: one HTTP PUT per article graph
                   (Oxigraph: http://127.0.0.1:7878 -> /store?graph=…;
                    Fuseki with --convention fuseki: http://host:3030/DATASET -> /data?graph=…)

Each article's graph goes to its named graph kgid:graph/<doc> (TriG and N-Quads keep their graph
names; a Turtle file is named after its article's dcterms:identifier) and replaces what was
there: loading the same graphs again leaves the store unchanged. In a folder, one file per
article is read (.trig first, then .nq, .ttl, .nt, .jsonld). Beside each article graph kg keeps
its rows of the statements, positions and evidence queries (kgid:graph/rows/<doc>), which
kg query reads instead of running those queries (docs/rdf-layout.md, "Kept rows").

Requests time out (--timeout); failures to connect, timeouts and HTTP 5xx are retried
(--retries, with exponential --backoff), and after a retry the graph's triple count is checked.
A graph the store refuses is reported and the others still load. One line per graph, then a
summary; --report FILE writes the same as JSON.

examples:
  kg load output/ --store kgstore
  kg load output/ --endpoint http://127.0.0.1:7878
  kg load output/*.trig --endpoint http://localhost:3030/kg --convention fuseki --report load.json

exit codes: 0 every graph loaded, 2 a graph file could not be read, 4 the store was
unreachable or refused a graph (the report says which), 5 the report could not be written."""

SERVE_EPILOG = """\
Runs `oxigraph serve` (from the `oxigraph` package on PyPI) over the store folder, behind kg's
own HTTP front on 127.0.0.1:PORT, with the union of the article graphs as default graph: SPARQL
at /query (and /update), Graph Store Protocol at /store, a query page at /.

Read-only unless --allow-writes: updates and Graph Store writes are refused (403). Requests
whose Host is not 127.0.0.1/localhost/[::1] (DNS rebinding), that come from another web page
(Origin, Sec-Fetch-Site), or whose SPARQL uses SERVICE (or LOAD) are refused (403). A query is
stopped by the server after --timeout seconds, also when its client has given up.

The folder is locked while served: stop the server (Ctrl-C, or SIGTERM: `kill %1`) before
`kg load --store` or `kg query --store` on it, or use --endpoint meanwhile. With
--allow-writes the Oxigraph server itself listens on a private port of 127.0.0.1 that has none
of these checks: allow writes only on a machine whose local users and browser you trust.

example:
  kg serve --store kgstore --port 7878
  kg query positions --param issue=repatriation --endpoint http://127.0.0.1:7878
  kg serve --store kgstore --allow-writes &    # then: kg load output/ --endpoint http://127.0.0.1:7878

exit codes: 0 stopped (Ctrl-C, SIGTERM), 2 bad option, 4 the server could not start (port taken,
store locked) or failed."""

EXPORT_EPILOG = """\
Formats: ttl (Turtle), nt (N-Triples), nq (N-Quads), trig (TriG), jsonld (JSON-LD, context
inline), rdf (RDF/XML; also from a .xml or .owl suffix), n3 (Notation3). nq, trig and jsonld
keep one named graph per article, so a whole corpus fits one file; the others hold the merged
triples. Turtle, TriG and N3 are written for reading: prefixes declared, data IRIs relative to
@base (kgid:). Output is sorted (same input, same bytes) and written atomically; --out - writes
to standard output.

examples:
  kg export output/ --out corpus.trig
  kg export --store kgstore --out corpus.nq
  kg export --endpoint http://127.0.0.1:7878 --out corpus.trig
  kg export output/seed.trig --format jsonld --out seed.jsonld
  kg build article.txt --out out -q && kg export out/ --format rdf --out -"""


def register(subparsers) -> None:
    _register_load(subparsers)
    _register_serve(subparsers)
    _register_export(subparsers)


def _err(msg: str) -> None:
    print(f"kg: {msg}", file=sys.stderr)


def _guarded(fn):
    def run(a) -> int:
        try:
            return fn(a)
        except KgError as e:
            _err(e.one_line())
            return e.exit_code
    run.__name__ = fn.__name__
    run.__doc__ = fn.__doc__
    return run


# ---------------------------------------------------------------- load


def _register_load(sub) -> None:
    p = sub.add_parser("load", help="load article graphs into the embedded store or a SPARQL endpoint",
                       description="Load graph files or folders into a triple store, one named "
                       "graph per article.", epilog=LOAD_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("graphs", nargs="+", metavar="GRAPH|DIR")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--store", metavar="DIR", help="the embedded store folder")
    target.add_argument("--endpoint", metavar="URL", help="a SPARQL 1.1 Graph Store endpoint")
    p.add_argument("--convention", choices=["oxigraph", "fuseki"], default="oxigraph",
                   help="URL layout of the endpoint (default: oxigraph)")
    p.add_argument("--gsp-path", metavar="PATH",
                   help="path (or URL) of the Graph Store service (default: /store for oxigraph, "
                   "/data for fuseki)")
    p.add_argument("--query-path", metavar="PATH",
                   help="path (or URL) of the SPARQL query service, used to check triple counts "
                   "(default: /query)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="timeout of each request (default: 30)")
    p.add_argument("--retries", type=int, default=3, metavar="N",
                   help="retries per graph after a failure (default: 3)")
    p.add_argument("--backoff", type=float, default=0.5, metavar="SECONDS",
                   help="first wait before a retry, doubled each time (default: 0.5)")
    p.add_argument("--verify", action="store_true",
                   help="check every graph's triple count after loading (default: only after a retry)")
    p.add_argument("--report", metavar="FILE.json", help="also write the per-graph report as JSON")
    p.add_argument("--quiet", "-q", action="store_true", help="print the summary line only")
    p.set_defaults(func=_guarded(cmd_load))
    allow_intermixed(p)


def cmd_load(a) -> int:
    from kg.store.report import LoadReport

    if a.retries < 0 or a.backoff < 0:
        _err("--retries and --backoff must not be negative")
        return EXIT_INPUT
    if a.store:
        report = _load_store(a)
    else:
        from kg.store.remote import StoreUnreachable

        try:
            report = _load_endpoint(a)
        except StoreUnreachable as e:
            report = e.report or LoadReport(a.endpoint)
            _print_report(report, a)
            _write_report(report, a)
            _err(e.one_line())
            return EXIT_STORE
    _print_report(report, a)
    code = _write_report(report, a)
    if code:
        return code
    if report.store_failed:
        return EXIT_STORE
    if report.input_failed:
        return EXIT_INPUT
    return EXIT_OK


def _load_store(a):
    from kg.store.embedded import EmbeddedStore

    with EmbeddedStore(a.store) as store:
        report = store.load(a.graphs)
        report.target = f"{a.store} ({store.quad_count()} quads in {len(store.graph_names())} graphs)"
    return report


def _load_endpoint(a):
    from kg.store.remote import Endpoint, load_graphs

    ep = Endpoint.from_url(a.endpoint, convention=a.convention, query_path=a.query_path,
                           gsp_path=a.gsp_path, timeout=a.timeout)
    return load_graphs(ep, _items(a.graphs), retries=a.retries, backoff=a.backoff,
                       verify="always" if a.verify else "retried",
                       on_graph=None if a.quiet else (lambda rec: print(rec.one_line(), flush=True)))


def _items(inputs):
    """(record, body) per graph, reading files one at a time; unreadable files become records."""
    from kg.store.graphs import expand_inputs
    from kg.store.remote import file_payloads

    return file_payloads(expand_inputs(inputs))


def _print_report(report, a) -> None:
    if not a.quiet:
        streamed = bool(a.endpoint)
        for g in report.graphs:
            if not (streamed and g.attempts):   # lines of tried graphs were printed as they went
                print(g.one_line())
    print(report.summary())


def _write_report(report, a) -> int:
    if not a.report:
        return 0
    from kg.rdf.io import atomic_write

    try:
        atomic_write(a.report, report.to_json().encode("utf-8") + b"\n")
    except KgError as e:
        _err(e.one_line())
        return e.exit_code
    return 0


# ---------------------------------------------------------------- serve


def _register_serve(sub) -> None:
    p = sub.add_parser("serve", help="serve the embedded store over HTTP (Oxigraph SPARQL server)",
                       description="Start an Oxigraph SPARQL server on 127.0.0.1 over the store "
                       "folder, until Ctrl-C.", epilog=SERVE_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--store", metavar="DIR", required=True, help="the embedded store folder")
    p.add_argument("--port", type=int, default=7878, help="port on 127.0.0.1 (default: 7878)")
    p.add_argument("--allow-writes", action="store_true",
                   help="accept SPARQL updates and Graph Store writes (default: read-only)")
    p.add_argument("--read-only", action="store_true", help=argparse.SUPPRESS)   # the default now
    p.add_argument("--timeout", "--timeout-s", dest="timeout", type=float, default=60.0,
                   metavar="SECONDS", help="the server stops a query after this long (default: 60; "
                   "0: no limit)")
    p.set_defaults(func=_guarded(cmd_serve))
    allow_intermixed(p)


def cmd_serve(a) -> int:
    import threading

    from kg.store.embedded import EmbeddedStore
    from kg.store.serve import Served, stop_on_signals

    if not 0 < a.port < 65536:
        _err("--port must be between 1 and 65535")
        return EXIT_INPUT
    if a.timeout < 0:
        _err("--timeout must not be negative")
        return EXIT_INPUT
    if a.read_only and a.allow_writes:
        _err("--read-only and --allow-writes contradict each other")
        return EXIT_INPUT
    EmbeddedStore(a.store, create=False).close()   # a store must be there, and not locked
    stop = threading.Event()
    restore = stop_on_signals(stop)
    try:
        with Served(a.store, port=a.port, allow_writes=a.allow_writes, timeout=a.timeout or None,
                    log=sys.stderr) as served:
            mode = "read-write" if a.allow_writes else "read-only"
            if not a.quiet:
                print(f"serving {a.store} ({mode}) at {served.url} (SPARQL: {served.url}/query, "
                      f"Graph Store: {served.url}/store); Ctrl-C stops", flush=True)
            code = served.run(stop)
    finally:
        restore()
    if code:
        _err(f"oxigraph serve exited with code {code}")
        return EXIT_STORE
    return EXIT_OK


# ---------------------------------------------------------------- export


def _register_export(sub) -> None:
    from kg.export import FORMATS

    p = add_reader(sub, "export", help="write graphs or a store as Turtle, N-Triples, N-Quads, TriG, "
                   "JSON-LD, RDF/XML or N3",
                   description="Export graph files, folders, the embedded store or an endpoint to one file.",
                   epilog=EXPORT_EPILOG, exit_codes="0 ok, 2 bad input, 4 store failure, 5 output not written.")
    p.add_argument("--out", "-o", required=True, metavar="FILE", help="output file, or - for stdout")
    p.add_argument("--format", "-f", choices=sorted(FORMATS),
                   help="output format (default: from the --out suffix)")
    p.set_defaults(func=_guarded(cmd_export))
    allow_intermixed(p)


def cmd_export(a) -> int:
    from kg.export import DATASET_FORMATS, export, format_from_path, serialize

    fmt = a.format or format_from_path(a.out, "trig" if a.out == "-" else None)
    with open_graph_source(a) as src:
        quads = sorted(set(src.quads()), key=str)      # (a store's quads, read while it is open)
    if a.out == "-":
        sys.stdout.buffer.write(serialize(quads, fmt))
        sys.stdout.flush()
        return EXIT_OK
    n = export(quads, fmt, a.out)
    if not a.quiet:
        print(f"{a.out}: {n} {'quads' if fmt in DATASET_FORMATS else 'triples'} ({fmt})")
    return EXIT_OK

"""What every ``kg`` command shares: the graph sources (GRAPH… | --store DIR | --endpoint URL),
--timeout, -q/-v, and errors reported on the command's own usage. Used by kg.cli and the
``register`` functions of kg.query.cli, kg.store.cli and kg.analytics.cli."""
from __future__ import annotations

import argparse

SOURCES_HELP = """\
sources (one of):
  GRAPH…            graph files or folders (.ttl .trig .nt .nq .jsonld), '-' for standard input
  --store DIR       the embedded store written by `kg load … --store DIR`
  --endpoint URL    a SPARQL 1.1 endpoint (Oxigraph: http://127.0.0.1:7878; Fuseki:
                    http://host:3030/DATASET)"""


def add_source_arguments(p: argparse.ArgumentParser, *, positional: bool = True,
                         timeout: float = 60.0) -> None:
    """GRAPH… (unless ``positional`` is False), --store, --endpoint and the endpoint options."""
    if positional:
        p.add_argument("graphs", nargs="*", metavar="GRAPH",
                       help="graph files or folders ('-' for standard input)")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--store", metavar="DIR", help="read the embedded store in DIR")
    src.add_argument("--endpoint", metavar="URL", help="read a SPARQL 1.1 endpoint")
    p.add_argument("--convention", choices=["oxigraph", "fuseki"], default="oxigraph",
                   help="URL layout of the endpoint (default: oxigraph)")
    p.add_argument("--query-path", metavar="PATH",
                   help="path (or URL) of the SPARQL query service under --endpoint (default: /query)")
    add_timeout(p, timeout, "give up on the endpoint after this long")


def add_reader(subparsers, name: str, *, help: str, description: str, exit_codes: str,
               epilog: str = "") -> argparse.ArgumentParser:
    """A sub-command that reads graphs: GRAPH…, --store, --endpoint; its help ends with the
    sources and its exit codes."""
    p = subparsers.add_parser(name, help=help, description=description,
                              epilog=(epilog + "\n\n" if epilog else "") + SOURCES_HELP
                              + "\n\nexit codes: " + exit_codes,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    add_source_arguments(p)
    return p


def add_timeout(p: argparse.ArgumentParser, default: float | None, what: str) -> None:
    p.add_argument("--timeout", type=_positive_seconds, default=default, metavar="SECONDS",
                   help=f"{what}" + (f" (default: {default:g})" if default else ""))


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, not {text}")
    return value


def open_graph_source(a):
    """The GraphSource the parsed arguments name (kg.store.source.open_source)."""
    from kg.store.source import open_source

    return open_source(getattr(a, "graphs", ()) or (), store=a.store, endpoint=a.endpoint,
                       timeout=a.timeout, convention=a.convention, query_path=a.query_path)


def add_verbosity(subparsers) -> None:
    """-q/--quiet and -v/--verbose on every sub-command that does not define them itself."""
    for p in subparsers.choices.values():
        have = {s for a in p._actions for s in a.option_strings}
        if "--quiet" not in have:
            p.add_argument("--quiet", "-q", action="store_true",
                           help="print only errors and the data asked for")
        if "--verbose" not in have:
            p.add_argument("--verbose", "-v", action="store_true", help="say more about what is done")


def parse(p: argparse.ArgumentParser, argv):
    """``p.parse_args(argv)``, but an argument no sub-command knows is reported on that
    sub-command's own usage line (argparse would show the top-level one)."""
    a, extra = p.parse_known_args(argv)
    if extra:
        sub = _subparsers(p)
        owner = sub.choices.get(getattr(a, "command", None)) if sub else None
        (owner or p).error(f"unrecognized arguments: {' '.join(extra)}")
    return a


def _subparsers(p: argparse.ArgumentParser):
    return next((x for x in p._actions if isinstance(x, argparse._SubParsersAction)), None)

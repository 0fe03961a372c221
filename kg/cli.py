"""The command line: thin over the library. Only this module prints or exits.

Exit codes (stable, tested):
  0  success; every graph conforms to shapes/
  1  SHACL violations (a report is written beside the graph)
  2  bad input: a file could not be read as an article or graph (one line per file, and a
     record in OUT/quarantine.jsonl)
  3  the validator or the shapes themselves are broken
  4  a triple store failed (unreachable, timeout, refused)
  5  output could not be written
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kg import __version__
from kg.errors import KgError

EXIT_OK, EXIT_VIOLATIONS, EXIT_INPUT, EXIT_VALIDATOR, EXIT_STORE, EXIT_OUTPUT = 0, 1, 2, 3, 4, 5


def _err(msg: str) -> None:
    print(f"kg: {msg}", file=sys.stderr)


# ---------------------------------------------------------------- build


def cmd_build(a) -> int:
    from kg.ingest.sources import Quarantined
    from kg.pipeline import Pipeline

    pipe = Pipeline(validate=not a.no_validate)
    n_ok = n_bad = n_viol = triples = 0
    for item in pipe.build(a.inputs, Path(a.out)):
        if isinstance(item, Quarantined):
            n_bad += 1
            _err(item.one_line())
            continue
        r = item.records
        triples += len(item.graph)
        status = "conforms" if item.conforms else f"{len(item.report.results)} violations"
        n_ok += 1
        if not item.conforms:
            n_viol += 1
        print(f"{item.article.id}: {len(r.actors)} actors, {len(r.statements)} statements, "
              f"{len(r.positions)} positions, {len(r.quotes)} quotes, {len(r.events)} events, "
              f"{len(item.graph)} triples, {status} -> {item.paths[0]}")
    if n_ok + n_bad > 1:
        print(f"total: {n_ok} built, {n_bad} quarantined, {n_viol} with violations, {triples} triples")
    if n_ok + n_bad == 0:
        _err("no input documents found")
        return EXIT_INPUT
    if n_bad:
        return EXIT_INPUT
    return EXIT_VIOLATIONS if n_viol else EXIT_OK


# ---------------------------------------------------------------- validate / records


def cmd_validate(a) -> int:
    from kg.rdf.io import read_graph
    from kg.validate import format_report, validate

    worst = EXIT_OK
    for path in a.graphs:
        g = read_graph(path)
        rep = validate(g, engine=a.engine)
        if rep.conforms:
            print(f"{path}: conforms ({len(g)} triples)")
        else:
            print(f"{path}: {len(rep.results)} violations")
            print(format_report(rep))
            worst = max(worst, EXIT_VIOLATIONS)
    return worst


def cmd_records(a) -> int:
    from kg.rdf.io import read_graph
    from kg.rdf.records import records

    out = records(read_graph(a.graph))
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1 if a.pretty else None)
    sys.stdout.write("\n")
    return EXIT_OK


# ---------------------------------------------------------------- explain


def cmd_explain(a) -> int:
    from kg.explain import explain
    from kg.ingest import read_file
    from kg.ingest.sources import Quarantined
    from kg.pipeline import Pipeline

    pipe = Pipeline(validate=False)
    code = EXIT_OK
    for item in read_file(a.article):
        if isinstance(item, Quarantined):
            _err(item.one_line())
            code = EXIT_INPUT
            continue
        print(explain(pipe.process(item)))
    return code


# ---------------------------------------------------------------- parser


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description="Knowledge graphs of diplomatic statements, "
                                "positions and events from news articles.",
                                epilog="Exit codes: 0 ok, 1 SHACL violations, 2 bad input, "
                                "3 validator broken, 4 store failure, 5 output not written.")
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="extract graphs from articles (files, folders, globs, .jsonl, .html, .gz)",
                       description="Extract one named graph per article and write OUT/<doc-id>.ttl and .trig. "
                       "Each graph is validated against shapes/.")
    b.add_argument("inputs", nargs="+", metavar="INPUT")
    b.add_argument("--out", "-o", default="output", help="output folder (default: output)")
    b.add_argument("--no-validate", action="store_true", help="skip SHACL validation")
    b.set_defaults(func=cmd_build)

    v = sub.add_parser("validate", help="validate graph files against shapes/",
                       description="Validate graph files (.ttl, .trig, .nt, .nq, .jsonld) with SHACL.")
    v.add_argument("graphs", nargs="+", metavar="GRAPH")
    v.add_argument("--engine", choices=["auto", "turbo", "pyshacl"], default="auto")
    v.set_defaults(func=cmd_validate)

    r = sub.add_parser("records", help="print the records JSON of a graph (read back with SPARQL)",
                       description="Print the records of ../shared/eval/CONTRACT.md, read from the graph "
                       "file with SPARQL.")
    r.add_argument("graph", metavar="GRAPH")
    r.add_argument("--pretty", action="store_true", help="indent the JSON")
    r.set_defaults(func=cmd_records)

    e = sub.add_parser("explain", help="show, sentence by sentence, what was extracted and why",
                       description="Print each sentence with the actors, statements, quotes and events "
                       "found in it and the rule or lexicon entry that produced each.")
    e.add_argument("article", metavar="ARTICLE")
    e.set_defaults(func=cmd_explain)

    for register in _extensions():
        register(sub)
    return p


def _extensions():
    """Subcommands that live beside their library modules."""
    from kg.analytics.cli import register as analytics

    out = [analytics]
    try:  # the query and store commands (issue 4) register themselves when present
        from kg.query.cli import register as query
        from kg.store.cli import register as store

        out += [query, store]
    except ImportError:
        pass
    return out


def main(argv=None) -> int:
    p = parser()
    a = p.parse_args(argv)
    if not getattr(a, "func", None):
        p.print_help()
        return EXIT_INPUT
    try:
        return a.func(a)
    except KgError as e:
        _err(e.one_line())
        return e.exit_code
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

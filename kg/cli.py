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
from kg.cliutil import add_verbosity, parse
from kg.errors import KgError

EXIT_OK, EXIT_VIOLATIONS, EXIT_INPUT, EXIT_VALIDATOR, EXIT_STORE, EXIT_OUTPUT = 0, 1, 2, 3, 4, 5


def _err(msg: str) -> None:
    print(f"kg: {msg}", file=sys.stderr)


# ---------------------------------------------------------------- build


def cmd_build(a) -> int:
    from kg.corpus import BuildOptions, Built, CorpusBuild, Skipped, StoreFailed
    from kg.corpus.progress import Progress
    from kg.ingest.sources import Quarantined

    run = CorpusBuild(a.inputs, BuildOptions(
        out_dir=Path(a.out), workers=a.workers, engine=a.engine, scheduler=a.scheduler,
        batch_size=a.batch_size, timeout=a.timeout, validate=not a.no_validate, force=a.force,
        corpus=a.corpus, store=a.store))
    bar = Progress(enabled=False if a.no_progress else None, inputs=a.inputs)
    try:
        for item in run:
            if isinstance(item, Quarantined):
                bar.clear()
                _err(item.one_line())
                bar.update("quarantined")
            elif isinstance(item, StoreFailed):
                bar.clear()
                _err(f"{item.doc_id}: not loaded into the store: {item.message}")
            elif isinstance(item, Skipped):
                if a.verbose:
                    bar.clear()
                    why = "duplicate of a document above" if item.status == "duplicate" else "unchanged"
                    print(f"{item.doc_id}: {why}, skipped" + (f" -> {item.paths[0]}" if item.paths else ""),
                          flush=bar.enabled)
                bar.update("skipped")
            elif isinstance(item, Built):
                if not a.quiet:
                    bar.clear()
                    c = item.counts
                    status = ("not validated" if item.conforms is None else "conforms" if item.conforms
                              else f"{item.violations} violations")
                    print(f"{item.doc_id}: {c['actors']} actors, {c['statements']} statements, "
                          f"{c['positions']} positions, {c['quotes']} quotes, {c['events']} events, "
                          f"{item.triples} triples, {status} -> {item.paths[0]}", flush=bar.enabled)
                bar.update("ok")
    finally:
        bar.close()
    s = run.summary
    if s.documents > 1 or s.skipped:
        rate = f" ({s.built / s.seconds:.2f} built/s)" if s.built and s.seconds else ""
        print(f"total: {s.built} built, {s.skipped} skipped (unchanged), {s.quarantined} quarantined, "
              f"{s.violations} with violations, {s.triples} triples, {s.seconds:.1f} s{rate}")
    if s.documents == 0:
        _err("no input documents found")
        return EXIT_INPUT
    if s.store_failed:
        return EXIT_STORE
    if s.quarantined:
        return EXIT_INPUT
    return EXIT_VIOLATIONS if s.violations else EXIT_OK


# ---------------------------------------------------------------- validate / records


def _each_graph(a, on_error):
    """Every article graph the arguments name, with the shared vocabulary it refers to
    (kg.store.source), one file at a time."""
    from kg.cliutil import open_graph_source

    with open_graph_source(a) as src:
        yield from src.documents(unnamed=True, on_error=on_error)


def cmd_validate(a) -> int:
    from kg.validate import format_report, validate_terms

    worst = EXIT_OK
    counts = {"conform": 0, "violate": 0, "unread": 0}

    def unreadable(e):
        nonlocal worst
        _err(e.one_line())
        counts["unread"] += 1
        worst = max(worst, EXIT_INPUT)

    for g in _each_graph(a, unreadable):
        rep = validate_terms([(str(t.subject), str(t.predicate), str(t.object)) for t in g.triples],
                             engine=a.engine)
        if rep.conforms:
            counts["conform"] += 1
            if not a.quiet:
                print(f"{g.source}: conforms ({len(g)} triples" + (f", {rep.engine} engine)" if a.verbose else ")"))
        else:
            counts["violate"] += 1
            print(f"{g.source}: {len(rep.results)} violations ({len(g)} triples)")
            print(format_report(rep))
            worst = max(worst, EXIT_VIOLATIONS)
    if sum(counts.values()) > 1 and not a.quiet:
        print(f"total: {counts['conform']} conform, {counts['violate']} with violations, "
              f"{counts['unread']} unreadable")
    return worst


def cmd_records(a) -> int:
    from rdflib import Graph

    from kg.query.bind import from_oxigraph
    from kg.rdf.records import records

    code = EXIT_OK

    def unreadable(e):
        nonlocal code
        _err(e.one_line())
        code = EXIT_INPUT

    def write(out, indent=None):
        json.dump(out, sys.stdout, ensure_ascii=False, indent=indent)
        sys.stdout.write("\n")

    pending, several = None, False      # one article: one object; several: JSON Lines, streamed
    for g in _each_graph(a, unreadable):
        graph = Graph()
        for t in g.triples:
            graph.add((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)))
        if a.verbose:
            print(f"{g.source}: {len(g)} triples", file=sys.stderr)
        if pending is not None:
            write(pending)
            several = True
        pending = records(graph)
    if pending is not None:
        write(pending, 1 if a.pretty and not several else None)
    return code


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


def _pos_int(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {n}")
    return n


def _nonneg_int(text: str) -> int:
    n = int(text)
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {n}")
    return n



def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description="Knowledge graphs of diplomatic statements, "
                                "positions and events from news articles.",
                                epilog="Exit codes: 0 ok, 1 SHACL violations, 2 bad input, "
                                "3 validator broken, 4 store failure, 5 output not written.")
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="extract graphs from articles (files, folders, globs, .jsonl, .html, .gz)",
                       description="Extract one named graph per article and write OUT/<doc-id>.ttl and .trig "
                       "(atomically), validated against shapes/. OUT/manifest.jsonl records what was built "
                       "from which text with which kg, lexicons, gazetteers and model: a re-run skips "
                       "unchanged documents. Bad documents are reported (FILE[:LINE]: reason) and recorded "
                       "in OUT/quarantine.jsonl; the rest goes on.",
                       epilog="Exit codes: 0 ok, 1 SHACL violations, 2 a document was quarantined, "
                       "3 validator broken, 4 store failure, 5 output not written.")
    b.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files, folders (recursive), glob patterns; .txt .md .html .jsonl, also .gz; "
                   "'-' for standard input")
    b.add_argument("--out", "-o", default="output", help="output folder (default: output)")
    b.add_argument("--no-validate", action="store_true", help="skip SHACL validation")
    b.add_argument("--workers", "-w", type=_nonneg_int, default=1, metavar="N",
                   help="worker processes, each loading the spaCy pipeline once (default: 1; "
                   "0: everything in this process, without the watchdog)")
    b.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local worker processes (default) or a Dask cluster (needs --scheduler)")
    b.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://host:8786")
    b.add_argument("--batch-size", type=_pos_int, default=32, metavar="N",
                   help="documents per nlp.pipe batch (default: 32)")
    b.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                   help="a document that takes longer is quarantined (default: 60)")
    b.add_argument("--force", action="store_true", help="rebuild every document, even if unchanged")
    b.add_argument("--corpus", metavar="FILE", help="also write every document's named graph to one "
                   "FILE.trig or FILE.nq (N-Quads)")
    b.add_argument("--store", metavar="DIR", help="also load each graph into the embedded Oxigraph "
                   "store in DIR as it is built (one transaction per document graph)")
    b.add_argument("--quiet", "-q", action="store_true", help="no line per built document, only the total")
    b.add_argument("--verbose", "-v", action="store_true", help="also a line per skipped document")
    b.add_argument("--no-progress", action="store_true",
                   help="no progress bar (it is shown only when stderr is a terminal)")
    b.set_defaults(func=cmd_build)

    from kg.cliutil import add_reader

    v = add_reader(sub, "validate", help="validate graph files or a store against shapes/",
                   description="Validate each article graph against the SHACL shapes of shapes/: graph "
                   "files and folders (each named graph of a TriG, N-Quads or JSON-LD file on its own), "
                   "the embedded store or an endpoint. A file that holds no triple is an error, not a pass.",
                   exit_codes="0 every graph conforms, 1 SHACL violations, 2 a graph could not be\n"
                   "read (or holds no triple), 3 the validator or shapes are broken, 4 store failure.")
    v.add_argument("--engine", choices=["auto", "fast", "turbo", "pyshacl"], default="auto",  # = kg.validate.ENGINES
                   help="SHACL engine: auto (fast, else pyshacl-turbo, else pySHACL), fast (kg's own), "
                   "turbo (pyshacl-turbo) or pyshacl (default: auto)")
    v.set_defaults(func=cmd_validate)

    r = add_reader(sub, "records", help="print the records JSON of graphs (read back with SPARQL)",
                   description="Print what a graph says as the records JSON of docs/records.md "
                   "(document, actors, statements, positions, quotes, events), read back from the graph "
                   "with the SPARQL queries of queries/records/: one JSON object, or one per line (JSON "
                   "Lines) when the sources hold several articles.",
                   exit_codes="0 ok, 2 a graph could not be read, 4 store failure.")
    r.add_argument("--pretty", action="store_true", help="indent the JSON (one article only)")
    r.set_defaults(func=cmd_records)

    e = sub.add_parser("explain", help="show, sentence by sentence, what was extracted and why",
                       description="Print each sentence with the actors, statements, quotes and events "
                       "found in it and the rule or lexicon entry that produced each.",
                       epilog="ARTICLE is a file (text, HTML, JSON Lines, .gz) or '-' for standard "
                       "input.\n\nexit codes: 0 ok, 2 the article could not be read.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    e.add_argument("article", metavar="ARTICLE")
    e.set_defaults(func=cmd_explain)

    for register in _extensions():
        register(sub)
    add_verbosity(sub)
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
    a = parse(p, argv)
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

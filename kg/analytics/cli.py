"""``kg analyze``: networks, measures, files and pictures from knowledge graphs.

Wire it into the main parser with::

    from kg.analytics.cli import register
    register(subparsers)          # adds the "analyze" subcommand, func=cmd_analyze

Exit codes: 0 success; 2 bad input (no or unreadable graphs, a missing store, an unknown
issue, kind or date); 5 output could not be written.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kg.errors import KgError

EXIT_OK, EXIT_INPUT = 0, 2

DESCRIPTION = """\
Build networks from knowledge graphs (never re-running extraction: everything is read with
the SPARQL queries in queries/analytics/) and write them with their measures and pictures:

  interaction           actor -> actor, one edge per statement (act type, PLOVER quad class,
                        date, article); interaction_collapsed: one weighted edge per pair
                        with cooperation and conflict counts and their balance
  actor_issue           bipartite actors x issues, edges signed by stance (+1 support,
                        -1 oppose) and weighted by the number of statements behind them
  congruence, conflict  Discourse Network Analysis projections: actors tied by the issues on
                        which they take the same (congruence) or opposite (conflict) stance

For each NAME: NAME.graphml, NAME.gexf (Gephi), NAME.json (networkx node-link),
NAME.edges.csv and NAME.nodes.csv; pictures NAME.png and signed.png (congruence and
conflict together, actors coloured by camp); summary.json with every measure. Node
attributes carry degree, strength, PageRank, betweenness and the Louvain community.
A summary table is printed on the terminal."""

EPILOG = """\
examples:
  kg analyze output/ --out analysis/
  kg analyze output/*.trig --out analysis/ --issue "forced repatriation" --normalization jaccard
  kg analyze --store store/ --out analysis/ --from 2012-01-01 --to 2012-12-31 --kind state
  kg analyze --endpoint http://127.0.0.1:7878 --out analysis/
  kg analyze output/ --out analysis/ --window 30 --step 7

node identity: one node per real actor across articles: states and governments by ISO
country code, others by Wikidata id, else by their folded name; anonymous actors never merge.

exit codes: 0 ok, 2 bad input (no or unreadable graphs, missing store, unknown issue, kind
or date), 5 output not written."""


def _date(text: str) -> str:
    import datetime as dt

    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date {text!r}; use YYYY-MM-DD") from None
    return text


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def register(subparsers) -> argparse.ArgumentParser:
    """Add the ``analyze`` subcommand to an ``argparse`` subparsers object; return it.

    >>> p = argparse.ArgumentParser(prog="kg")
    >>> _ = register(p.add_subparsers(dest="command"))
    >>> a = p.parse_args(["analyze", "output/", "--out", "analysis/", "--kind", "state"])
    >>> a.func.__name__, a.graphs, a.kind, a.normalization, a.basis
    ('cmd_analyze', ['output/'], ['state'], 'no', 'positions')
    """
    from kg.analytics.choices import BASES, FORMATS, KINDS, MODALITIES, NORMALIZATIONS

    p = subparsers.add_parser(
        "analyze", help="networks of who stands with whom: files, measures, pictures",
        description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("graphs", nargs="*", metavar="GRAPH|DIR",
                   help="graph files (.ttl, .trig, .nt, .nq, .jsonld) or folders of them, "
                   "e.g. the output folder of `kg build`")
    p.add_argument("--store", metavar="DIR", help="read an embedded Oxigraph store folder instead of files")
    p.add_argument("--endpoint", metavar="URL", help="read a SPARQL 1.1 endpoint instead of files "
                   "(Oxigraph: http://127.0.0.1:7878; Fuseki: http://host:3030/DATASET with "
                   "--convention fuseki and a union default graph)")
    p.add_argument("--convention", choices=["oxigraph", "fuseki"], default="oxigraph",
                   help="URL layout of the endpoint (default: oxigraph)")
    p.add_argument("--out", "-o", default="analysis", metavar="DIR", help="output folder (default: analysis)")
    f = p.add_argument_group("filters")
    f.add_argument("--from", dest="start", type=_date, metavar="DATE", help="first day (YYYY-MM-DD)")
    f.add_argument("--to", dest="end", type=_date, metavar="DATE", help="last day (YYYY-MM-DD)")
    f.add_argument("--issue", action="append", metavar="ISSUE",
                   help="only this issue: slug, issue:<slug>, IRI or (part of) its label; repeatable")
    f.add_argument("--kind", action="append", choices=KINDS, metavar="KIND",
                   help=f"only actors of this kind ({', '.join(KINDS)}); repeatable")
    f.add_argument("--article", action="append", metavar="DOC",
                   help="only this article (document id or IRI); repeatable")
    f.add_argument("--modality", action="append", choices=MODALITIES, metavar="MODALITY",
                   help="only acts of this modality; repeatable (default: asserted, reported, planned)")
    f.add_argument("--all-modalities", action="store_true",
                   help="keep hypothetical and denied acts too")
    n = p.add_argument_group("networks")
    n.add_argument("--basis", choices=BASES, default="positions",
                   help="stances from policy positions (default) or from every statement")
    n.add_argument("--normalization", choices=NORMALIZATIONS, default="no",
                   help="congruence/conflict weights: no (issue counts, default), average "
                   "(average activity), jaccard, cosine")
    n.add_argument("--keep-governments", action="store_true",
                   help="keep a state's government as its own node (default: one node per country)")
    n.add_argument("--window", type=_positive, metavar="DAYS",
                   help="also write congruence and conflict networks for moving windows of DAYS days")
    n.add_argument("--step", type=_positive, metavar="DAYS", help="days between windows (default: --window)")
    o = p.add_argument_group("output")
    o.add_argument("--format", action="append", choices=FORMATS, metavar="FORMAT",
                   help=f"file formats ({', '.join(FORMATS)}); repeatable (default: all)")
    o.add_argument("--no-plots", action="store_true", help="do not draw PNG pictures")
    o.add_argument("--seed", type=int, default=42, help="seed for Louvain and layouts (default: 42)")
    o.add_argument("--top", type=_positive, default=5, help="actors listed per measure (default: 5)")
    p.set_defaults(func=cmd_analyze)
    return p


def _err(msg: str) -> None:
    print(f"kg: {msg}", file=sys.stderr)


def _fmt(x) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:.3f}" if abs(x) < 100 else f"{x:.1f}"
    return str(x)


def _table(rows: list[list], header: list[str]) -> str:
    cells = [header] + [[_fmt(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for j, r in enumerate(cells):
        lines.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)))
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def analyze(source, out_dir, *, start=None, end=None, issues=None, kinds=None, articles=None,
            modalities=("asserted", "reported", "planned"), basis="positions", normalization="no", merge_government=True,
            formats=None, plots=True, seed=42, window=None, step=None, top_n=5) -> dict:
    """Build every network, write files and pictures to ``out_dir``; return the summary
    (also written as ``summary.json``). The library side of ``kg analyze``.

    ``modalities=None`` keeps every modality; the other filters are those of
    :func:`kg.analytics.networks.interaction`."""
    import kg.analytics.export as export
    import kg.analytics.measures as measures
    import kg.analytics.networks as networks
    import kg.analytics.plot as plot
    from kg.analytics.source import as_source, rows

    src = as_source(source)
    out = Path(out_dir)
    idx = networks.ActorIndex.from_source(src, merge_government=merge_government)
    filt = dict(start=start, end=end, issues=issues, kinds=kinds, articles=articles,
                modalities=modalities)
    M = networks.interaction(src, index=idx, **filt)
    D = networks.collapsed_interaction(M)
    B = networks.actor_issue(src, basis=basis, index=idx, **filt)
    C = networks.project(B, "congruence", normalization)
    K = networks.project(B, "conflict", normalization)
    graphs = {"interaction": M, "interaction_collapsed": D, "actor_issue": B,
              "congruence": C, "conflict": K}
    formats = tuple(formats or export.FORMATS)
    written: list[Path] = []
    f = networks.make_filters(src, **filt)
    arts = {r["article"] for r in rows(src, "articles")}
    if f.articles:
        arts &= set(f.articles)
    summary: dict = {"articles": len(arts), "filters": f.describe(), "basis": basis,
                     "normalization": normalization, "networks": {}}
    for name, G in graphs.items():
        measures.annotate(G, seed=seed)
        summary["networks"][name] = measures.network_summary(G, seed=seed)
        written += export.write_all(G, out, name, formats)
    summary["polarisation"] = measures.polarisation(C, K, seed=seed)
    summary["coalitions"] = measures.all_coalitions(B)
    summary["top"] = {
        "interaction_pagerank": [(D.nodes[n]["label"], v) for n, v in
                                 measures.top(measures.pagerank(D), top_n)] if D.number_of_edges() else [],
        "interaction_betweenness": [(D.nodes[n]["label"], v) for n, v in
                                    measures.top(measures.betweenness(D), top_n) if v > 0],
        "congruence_strength": [(C.nodes[n]["label"], v) for n, v in
                                measures.top(measures.strength(C), top_n) if v > 0],
    }
    if window:
        wins = {}
        for rel in ("congruence", "conflict"):
            for w in networks.time_windows(src, rel, days=window, step=step, normalization=normalization,
                                           basis=basis, index=idx, **filt):
                if w.graph.number_of_nodes() == 0:
                    continue  # no stance in this window
                name = f"{rel}-{w.start.isoformat()}"
                written += export.write_all(w.graph, out / "windows", name, ("graphml",))
                wins.setdefault(w.start.isoformat(), {"end": w.end.isoformat(),
                                                      "actors": w.graph.number_of_nodes()})[rel] = \
                    w.graph.number_of_edges()
        summary["windows"] = [dict(start=k, **v) for k, v in sorted(wins.items())]
    if plots:
        written.append(plot.plot_network(M, out / "interaction.png", seed=seed))
        written.append(plot.plot_network(B, out / "actor_issue.png", seed=seed))
        written.append(plot.plot_network(C, out / "congruence.png", seed=seed))
        written.append(plot.plot_network(K, out / "conflict.png", seed=seed))
        written.append(plot.plot_signed(C, K, out / "signed.png", seed=seed))
    from kg.rdf.io import atomic_write

    summary["files"] = sorted(str(p) for p in written) + [str(out / "summary.json")]
    atomic_write(out / "summary.json",
                 json.dumps(summary, ensure_ascii=False, indent=1, default=str).encode("utf-8"))
    return summary


def format_summary(s: dict) -> str:
    """The terminal summary of :func:`analyze`'s result."""
    lines = []
    names = {"interaction": "interaction (acts)", "interaction_collapsed": "interaction (pairs)",
             "actor_issue": "actor × issue", "congruence": "congruence", "conflict": "conflict"}
    rows = [[names[k], v["nodes"], v["edges"], v["weight"], v["density"], v["communities"], v["modularity"]]
            for k, v in s["networks"].items()]
    lines.append(_table(rows, ["network", "nodes", "edges", "weight", "density", "communities", "modularity"]))
    p = s["polarisation"]
    lines.append("")
    lines.append(f"polarisation: conflict share {_fmt(p['conflict_share'])} "
                 f"({_fmt(p['conflict_weight'])} conflict vs {_fmt(p['congruence_weight'])} congruence), "
                 f"modularity of the congruence camps {_fmt(p['modularity'])} ({p['communities']} camps), "
                 f"conflict between camps {_fmt(p['conflict_between'])}")
    for key, title in (("interaction_pagerank", "most central (PageRank, interaction)"),
                       ("interaction_betweenness", "brokers (betweenness, interaction)"),
                       ("congruence_strength", "most agreed-with (strength, congruence)")):
        items = s["top"].get(key) or []
        if items:
            lines.append(f"{title}: " + ", ".join(f"{l} {_fmt(v)}" for l, v in items))
    if s["coalitions"]:
        lines.append("")
        lines.append("who stands with whom:")
        for c in s["coalitions"][:15]:
            parts = []
            for st in ("support", "oppose", "mixed"):
                if c[st]:
                    parts.append(f"{st}: " + ", ".join(f"{m['label']} ({m['statements']})" for m in c[st]))
            lines.append(f"  {c['label']}: " + " | ".join(parts))
        if len(s["coalitions"]) > 15:
            lines.append(f"  … and {len(s['coalitions']) - 15} more issues in summary.json")
    wins = s.get("windows", [])
    if wins:
        lines.append("")
        lines.append(f"time windows with stances: {len(wins)} (files in windows/)")
        for w in wins[:20]:
            lines.append(f"  {w['start']}..{w['end']}: {w['actors']} actors, {w.get('congruence', 0)} "
                         f"congruence, {w.get('conflict', 0)} conflict ties")
        if len(wins) > 20:
            lines.append(f"  … and {len(wins) - 20} more in summary.json")
    return "\n".join(lines)


def cmd_analyze(a) -> int:
    """Run ``kg analyze`` from parsed arguments; return the exit code."""
    try:
        from kg.analytics.source import load_store, open_store

        given = sum(bool(x) for x in (a.graphs, a.store, a.endpoint))
        if given > 1:
            _err("give graph files, --store DIR or --endpoint URL (one of them)")
            return EXIT_INPUT
        if not given:
            _err("nothing to analyse: give graph files or folders, --store DIR or --endpoint URL")
            return EXIT_INPUT
        if a.endpoint:
            from kg.store.remote import Endpoint

            src = Endpoint.from_url(a.endpoint, convention=a.convention, timeout=300)
        else:
            src = open_store(a.store) if a.store else load_store(a.graphs)
        from kg.analytics.networks import FACTUAL

        mods = None if a.all_modalities else (a.modality or FACTUAL)
        s = analyze(src, a.out, start=a.start, end=a.end, issues=a.issue, kinds=a.kind,
                    articles=a.article, modalities=mods, basis=a.basis, normalization=a.normalization,
                    merge_government=not a.keep_governments, formats=a.format,
                    plots=not a.no_plots, seed=a.seed, window=a.window, step=a.step, top_n=a.top)
    except KgError as e:
        _err(e.one_line())
        return e.exit_code
    if not getattr(a, "quiet", False):
        print(f"kg analyze: {s['articles']} articles -> {a.out}")
        print(format_summary(s))
        print(f"wrote {len(s['files'])} files to {a.out}")
    if s["networks"]["interaction"]["nodes"] == 0 and s["networks"]["actor_issue"]["nodes"] == 0:
        _err("warning: no statements match the filters; the networks are empty")
    return EXIT_OK

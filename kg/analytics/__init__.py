"""Network analysis of who stands with whom, from the knowledge graph.

Knowledge graph in (rdflib ``Graph``/``Dataset``, ``pyoxigraph.Store``, or graph files),
networkx graph out; every number comes from the SPARQL queries in ``queries/analytics/``.

>>> import kg.analytics as ka
>>> g = ka.example()                       # two small articles (Turtle, docs/rdf-layout.md)
>>> I = ka.interaction(g)                  # MultiDiGraph: one edge per act
>>> [(I.nodes[u]["label"], I.nodes[v]["label"], d["act_type"], d["quad_class"])
...  for u, v, d in sorted(I.edges(data=True))]
[('China', 'Jane Roe', 'REJECT', 'verbal-conflict'), ('Jane Roe', 'China', 'REQUEST', 'verbal-conflict')]
>>> C = ka.congruence(g, normalization="jaccard")
>>> [(C.nodes[u]["label"], C.nodes[v]["label"], d["weight"]) for u, v, d in C.edges(data=True)]
[('South Korea', 'Jane Roe', 1.0)]
>>> K = ka.conflict(g)
>>> ka.polarisation(C, K)["conflict_share"]
0.6666666666666666
>>> c = ka.coalitions(ka.actor_issue(g), "forced repatriation")
>>> {k: [m["label"] for m in c[k]] for k in ("support", "oppose")}
{'support': ['China'], 'oppose': ['Jane Roe', 'South Korea']}

Modules: :mod:`~kg.analytics.source` (the SPARQL seam ``rows``), :mod:`~kg.analytics.networks`,
:mod:`~kg.analytics.measures`, :mod:`~kg.analytics.export`, :mod:`~kg.analytics.plot`,
:mod:`~kg.analytics.cli` (``kg analyze``).
"""
import importlib

# name -> module: the names are imported when first used, so that `kg query` (whose command line
# registers `kg analyze`) does not pay for networkx and matplotlib
_MODULES = {
    "kg.analytics.export": ("FORMATS", "sanitize", "write_all", "write_csv", "write_gexf",
                            "write_graphml", "write_json"),
    "kg.analytics.measures": ("SEED", "all_coalitions", "annotate", "betweenness", "centrality",
                              "coalitions", "communities", "degree", "network_summary", "pagerank",
                              "polarisation", "strength"),
    "kg.analytics.networks": ("FACTUAL", "KINDS", "NORMALIZATIONS", "ActorIndex", "Filters",
                              "actor_issue", "collapsed_interaction", "conflict", "congruence",
                              "effective_date", "interaction", "make_filters", "project",
                              "time_windows"),
    "kg.analytics.plot": ("plot_network", "plot_signed"),
    "kg.analytics.source": ("AnalyticsError", "example", "load", "open_store", "rows", "vocabulary"),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name):
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'kg.analytics' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_HOME))


def analyze(source, out_dir, **options):
    """Build, measure, write and draw every network (the library side of ``kg analyze``);
    see :func:`kg.analytics.cli.analyze` for the options."""
    from kg.analytics.cli import analyze as _analyze

    return _analyze(source, out_dir, **options)


__all__ = [
    "rows", "load", "open_store", "vocabulary", "example", "AnalyticsError",
    "ActorIndex", "Filters", "make_filters", "FACTUAL", "KINDS", "NORMALIZATIONS",
    "interaction", "collapsed_interaction", "actor_issue", "congruence", "conflict", "project",
    "time_windows", "effective_date",
    "degree", "strength", "pagerank", "betweenness", "centrality", "communities", "annotate",
    "polarisation", "coalitions", "all_coalitions", "network_summary", "SEED",
    "FORMATS", "sanitize", "write_all", "write_graphml", "write_gexf", "write_json", "write_csv",
    "plot_network", "plot_signed", "analyze",
]

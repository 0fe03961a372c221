"""Measures on the networks of :mod:`kg.analytics.networks`: plain data out.

* :func:`centrality` — degree, strength (sum of weights), in/out variants for directed
  graphs, PageRank and betweenness, per node; :func:`annotate` writes them (and the Louvain
  community) into the node attributes for export.
* :func:`communities` — Louvain (networkx) with a fixed seed, so the partition is the same
  on every run.
* :func:`polarisation` — share of conflict ties, modularity of the congruence partition and
  how much of the conflict runs between its communities.
* :func:`coalitions` — who stands with whom on one issue; :func:`all_coalitions` for every
  issue.

>>> from kg.analytics.source import example
>>> from kg.analytics.networks import congruence, conflict, actor_issue
>>> g = example()
>>> p = polarisation(congruence(g), conflict(g))
>>> p["conflict_share"], p["communities"]
(0.6666666666666666, 2)
>>> c = coalitions(actor_issue(g), "forced-repatriation")
>>> [m["label"] for m in c["oppose"]], [m["label"] for m in c["support"]]
(['Jane Roe', 'South Korea'], ['China'])
"""
from __future__ import annotations

from typing import Any

import networkx as nx
from networkx.algorithms.community import louvain_communities, modularity

from kg.analytics.source import AnalyticsError

__all__ = ["SEED", "degree", "strength", "pagerank", "betweenness", "centrality",
           "communities", "community_of", "annotate", "polarisation", "coalitions",
           "all_coalitions", "network_summary", "top"]

SEED = 42
"""The seed of every randomised measure (Louvain) and layout, for reproducible results."""


def _simple(G: nx.Graph, weight: str = "weight") -> nx.Graph:
    """A simple (Di)Graph with summed weights; multigraphs are collapsed."""
    if not G.is_multigraph():
        return G
    H = nx.DiGraph() if G.is_directed() else nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v, d in G.edges(data=True):
        w = abs(float(d.get(weight, 1.0) or 0.0))
        if H.has_edge(u, v):
            H[u][v][weight] += w
        else:
            H.add_edge(u, v, **{weight: w})
    return H


def _abs_weights(G: nx.Graph, weight: str) -> nx.Graph:
    """A copy whose weights are non-negative (PageRank and Louvain need them)."""
    H = G.copy()
    for *_, d in H.edges(data=True):
        d[weight] = abs(float(d.get(weight, 1.0) or 0.0))
    return H


def degree(G: nx.Graph) -> dict:
    """Number of neighbours-edges per node (parallel edges count)."""
    return dict(G.degree())


def strength(G: nx.Graph, weight: str = "weight") -> dict:
    """Sum of absolute edge weights per node.

    >>> G = nx.Graph([("a", "b", {"weight": 2.0}), ("b", "c", {"weight": -1.0})])
    >>> strength(G)
    {'a': 2.0, 'b': 3.0, 'c': 1.0}
    """
    out = {n: 0.0 for n in G}
    for u, v, d in G.edges(data=True):
        w = abs(float(d.get(weight, 1.0) or 0.0))
        out[u] += w
        if v != u:
            out[v] += w
    return out


def pagerank(G: nx.Graph, weight: str = "weight", alpha: float = 0.85) -> dict:
    """Weighted PageRank (absolute weights; multigraphs summed). Empty graph: ``{}``."""
    if G.number_of_nodes() == 0:
        return {}
    H = _abs_weights(_simple(G, weight), weight)
    return nx.pagerank(H, alpha=alpha, weight=weight)


def betweenness(G: nx.Graph, weight: str | None = None, normalized: bool = True) -> dict:
    """Betweenness centrality. Unweighted by default; with ``weight``, a tie's length is
    1 / |weight| (strong ties are short), since networkx reads weights as distances.

    >>> G = nx.path_graph(["a", "b", "c"])
    >>> betweenness(G)
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    H = _simple(G, weight or "weight")
    if weight is None:
        return nx.betweenness_centrality(H, normalized=normalized)
    H = H.copy()
    for *_, d in H.edges(data=True):
        w = abs(float(d.get(weight, 1.0) or 0.0))
        d["_length"] = 1.0 / w if w else float("inf")
    return nx.betweenness_centrality(H, weight="_length", normalized=normalized)


def centrality(G: nx.Graph, weight: str = "weight") -> dict[Any, dict]:
    """Per node: ``degree``, ``strength``, (directed) ``in_degree``, ``out_degree``,
    ``in_strength``, ``out_strength``, and ``pagerank``, ``betweenness``.

    >>> G = nx.DiGraph([("a", "b", {"weight": 2.0}), ("c", "b", {"weight": 1.0})])
    >>> c = centrality(G)
    >>> c["b"]["in_degree"], c["b"]["in_strength"], c["b"]["pagerank"] > c["a"]["pagerank"]
    (2, 3.0, True)
    """
    out: dict = {n: {} for n in G}
    deg, st = degree(G), strength(G, weight)
    pr, bt = pagerank(G, weight), betweenness(G)
    for n in G:
        out[n].update(degree=deg[n], strength=st[n], pagerank=pr.get(n, 0.0), betweenness=bt.get(n, 0.0))
    if G.is_directed():
        for n in G:
            out[n].update(in_degree=G.in_degree(n), out_degree=G.out_degree(n),
                          in_strength=sum(abs(float(d.get(weight, 1.0) or 0.0)) for *_, d in G.in_edges(n, data=True)),
                          out_strength=sum(abs(float(d.get(weight, 1.0) or 0.0)) for *_, d in G.out_edges(n, data=True)))
    return out


def communities(G: nx.Graph, weight: str = "weight", seed: int = SEED,
                resolution: float = 1.0) -> list[frozenset]:
    """Louvain communities (``networkx.community.louvain_communities``) with a fixed seed,
    largest first (ties: by smallest node id). Multigraphs are collapsed, weights made
    non-negative; a directed graph uses directed modularity. Every node is in one community.

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    >>> [sorted(c) for c in communities(G)]
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    if G.number_of_nodes() == 0:
        return []
    H = _abs_weights(_simple(G, weight), weight)
    if H.number_of_edges() == 0:
        parts = [{n} for n in H]
    else:
        parts = louvain_communities(H, weight=weight, resolution=resolution, seed=seed)
    return sorted((frozenset(p) for p in parts), key=lambda c: (-len(c), min(map(str, c))))


def community_of(parts: list) -> dict:
    """Node → index of its community in ``parts``."""
    return {n: i for i, c in enumerate(parts) for n in c}


def _modularity(G: nx.Graph, parts: list, weight: str) -> float | None:
    H = _abs_weights(_simple(G, weight), weight)
    if H.number_of_edges() == 0 or not parts:
        return None
    return float(modularity(H, parts, weight=weight))


def annotate(G: nx.Graph, weight: str = "weight", seed: int = SEED) -> nx.Graph:
    """Write :func:`centrality` and the Louvain ``community`` into the node attributes (in
    place; returns ``G``), so GraphML and GEXF files carry them to Gephi."""
    parts = communities(G, weight, seed)
    comm = community_of(parts)
    for n, c in centrality(G, weight).items():
        G.nodes[n].update(c)
        G.nodes[n]["community"] = comm.get(n, -1)
    G.graph["modularity"] = _modularity(G, parts, weight)
    G.graph["communities"] = len(parts)
    return G


def polarisation(congruence: nx.Graph, conflict: nx.Graph | None = None, *,
                 weight: str = "count", seed: int = SEED) -> dict:
    """How polarised a discourse network is.

    * ``conflict_share``: conflict / (congruence + conflict), summed over the raw tie counts
      (``weight="count"``, independent of normalisation); ``None`` without ties;
    * ``modularity``: of the Louvain partition of the congruence network (``None`` without
      congruence ties); high when actors fall into separate camps;
    * ``communities``: the number of camps (isolates count as their own);
    * ``conflict_between``: the share of conflict weight that runs between different camps
      (1.0 = every disagreement is between camps, never within); ``None`` without conflict.

    >>> C = nx.Graph([("a", "b", {"count": 2}), ("c", "d", {"count": 1})])
    >>> K = nx.Graph([("a", "c", {"count": 1}), ("b", "d", {"count": 1}), ("a", "b", {"count": 1})])
    >>> p = polarisation(C, K)
    >>> p["conflict_share"], p["communities"], round(p["modularity"], 3), round(p["conflict_between"], 3)
    (0.5, 2, 0.444, 0.667)
    """
    def total(G):
        return sum(abs(float(d.get(weight, d.get("weight", 1.0)) or 0.0)) for *_, d in G.edges(data=True))

    cong = total(congruence)
    conf = total(conflict) if conflict is not None else 0.0
    nodes = set(congruence) | (set(conflict) if conflict is not None else set())
    C = congruence.copy()
    C.add_nodes_from(n for n in nodes if n not in C)
    parts = communities(C, weight, seed)
    comm = community_of(parts)
    between = None
    if conflict is not None and conf > 0:
        across = sum(abs(float(d.get(weight, d.get("weight", 1.0)) or 0.0))
                     for u, v, d in conflict.edges(data=True) if comm.get(u) != comm.get(v))
        between = across / conf
    return {
        "conflict_share": conf / (cong + conf) if (cong + conf) > 0 else None,
        "modularity": _modularity(C, parts, weight),
        "communities": len(parts),
        "conflict_between": between,
        "congruence_weight": cong,
        "conflict_weight": conf,
    }


def _find_issues(B: nx.Graph, issue: str) -> list[str]:
    """The issue nodes of ``B`` that ``issue`` names (kg.analytics.issues.match)."""
    from kg.analytics.issues import issue_node, match, slug_words

    nodes = {d.get("iri") or n: n for n, d in B.nodes(data=True) if d.get("node_type") == "issue"}
    terms = {iri: B.nodes[n].get("terms") or [B.nodes[n].get("label", ""), slug_words(iri)]
             for iri, n in nodes.items()}
    found = [nodes[i] for i in match(terms, issue)]
    if not found:
        raise AnalyticsError(f"no issue {str(issue).strip()!r} in the network; issues: "
                             + (", ".join(sorted(issue_node(i) for i in nodes)[:30]) or "(none)"))
    return found


def coalitions(B: nx.Graph, issue: str) -> dict:
    """Who stands with whom on an issue of an :func:`~kg.analytics.networks.actor_issue`
    graph: the actors grouped by stance ("support", "oppose", and "mixed" for actors on both
    sides), each sorted by the number of statements behind it.

    ``issue`` is a node id (``issue:<slug>``), a slug or an IRI, which name one issue, or a
    word, which names every issue whose names, slug or broader issues contain it (as
    ``kg query positions --param issue=WORD`` does): their stances are taken together.
    Returns ``{"issue", "issues", "label", "support", "oppose", "mixed"}`` (``issue``: the
    node id, or the word when it names several); each member is
    ``{"id", "label", "kind", "statements"}``.
    """
    nodes = _find_issues(B, issue)
    counts: dict = {}
    for node in nodes:
        for a in B[node]:
            d = B[node][a]
            c = counts.setdefault(a, [0, 0])
            c[0] += int(d.get("support", 0))
            c[1] += int(d.get("oppose", 0))
    one = len(nodes) == 1
    out = {"issue": nodes[0] if one else str(issue).strip(), "issues": nodes,
           "label": "; ".join(str(B.nodes[n].get("label", n)) for n in nodes),
           "support": [], "oppose": [], "mixed": []}
    for a, (s, o) in counts.items():
        stance = "mixed" if s and o else "support" if s else "oppose"
        out[stance].append({"id": a, "label": B.nodes[a].get("label", a), "kind": B.nodes[a].get("kind"),
                            "statements": s + o})
    for k in ("support", "oppose", "mixed"):
        out[k].sort(key=lambda m: (-m["statements"], m["label"], m["id"]))
    return out


def all_coalitions(B: nx.Graph) -> list[dict]:
    """:func:`coalitions` for every issue, the most discussed first."""
    issues = [n for n, d in B.nodes(data=True) if d.get("node_type") == "issue"]
    res = [coalitions(B, n) for n in issues]
    return sorted(res, key=lambda c: (-(len(c["support"]) + len(c["oppose"]) + len(c["mixed"])),
                                      c["issue"]))


def top(values: dict, n: int = 5) -> list[tuple]:
    """The ``n`` highest (node, value) pairs, ties broken by node id."""
    return sorted(values.items(), key=lambda kv: (-kv[1], str(kv[0])))[:n]


def network_summary(G: nx.Graph, weight: str = "weight", seed: int = SEED) -> dict:
    """Counts and structure of one network: nodes, edges, total weight, density, number of
    Louvain communities and their modularity.

    >>> s = network_summary(nx.Graph([("a", "b", {"weight": 2.0})]))
    >>> s["nodes"], s["edges"], s["weight"], s["density"], s["communities"]
    (2, 1, 2.0, 1.0, 1)
    """
    parts = communities(G, weight, seed)
    H = _simple(G, weight)
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "weight": sum(abs(float(d.get(weight, 1.0) or 0.0)) for *_, d in G.edges(data=True)),
        "density": nx.density(H) if H.number_of_nodes() > 1 else 0.0,
        "communities": len(parts),
        "modularity": _modularity(G, parts, weight),
    }

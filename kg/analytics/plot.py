"""PNG pictures of the networks (matplotlib, Agg backend: no display needed).

Edges are coloured by sign — green for cooperation, support and congruence, red for
conflict, opposition and disagreement, grey for neutral or mixed — and drawn wider the
heavier they are; nodes are coloured by actor kind (issues as grey squares), sized by
strength, and labelled with wrapped names on a white box. Every picture has a legend and a
title with its counts. Layouts are seeded, so the same network gives the same picture.

>>> import tempfile, os
>>> from kg.analytics.source import example
>>> from kg.analytics.networks import congruence
>>> with tempfile.TemporaryDirectory() as d:
...     p = plot_network(congruence(example()), os.path.join(d, "congruence.png"))
...     p.stat().st_size > 10_000
True
"""
from __future__ import annotations

import io
import sys
import textwrap
from pathlib import Path

import networkx as nx

from kg.analytics.measures import SEED, communities, strength
from kg.rdf.io import atomic_write

__all__ = ["plot_network", "plot_signed", "render", "KIND_COLOURS", "SIGN_COLOURS"]

SIGN_COLOURS = {1: "#1a9641", -1: "#d7191c", 0: "#8c8c8c"}
KIND_COLOURS = {
    "state": "#4575b4", "government": "#74add1", "igo": "#fdae61", "igo_body": "#fee090",
    "ministry": "#abd9e9", "person": "#f46d43", "organization": "#a6d96a", "group": "#d9d9d9",
    "party": "#c2a5cf", "armed_group": "#8c510a", "issue": "#bdbdbd", None: "#ffffff",
}
_SIGN_WORDS = {
    "interaction": {1: "cooperation (more cooperative acts)", -1: "conflict (more conflictual acts)",
                    0: "neutral or balanced"},
    "collapsed_interaction": {1: "cooperation (more cooperative acts)",
                              -1: "conflict (more conflictual acts)", 0: "neutral or balanced"},
    "actor_issue": {1: "supports the issue", -1: "opposes the issue", 0: "both stances"},
    "congruence": {1: "congruence: same stance on an issue"},
    "conflict": {-1: "conflict: opposite stances on an issue"},
    "signed": {1: "congruence: same stance", -1: "conflict: opposite stances"},
}
_COMMUNITY_COLOURS = ["#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854", "#ffd92f",
                      "#e5c494", "#b3b3b3", "#1b9e77", "#d95f02"]


def _figure(n: int):
    import matplotlib

    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    w = min(22.0, 11.0 + 0.12 * n)
    fig = Figure(figsize=(w, w * 0.72), dpi=130)
    FigureCanvasAgg(fig)
    ax = fig.add_axes([0.01, 0.01, 0.76, 0.92])
    ax.set_axis_off()
    return fig, ax


def _label(text: str, width: int = 18, max_len: int = 48) -> str:
    text = str(text)
    if len(text) > max_len:
        text = text[: max_len - 1].rstrip() + "…"
    return "\n".join(textwrap.wrap(text, width=width)) or text


def _sign(d: dict) -> int:
    s = d.get("sign", 0)
    try:
        s = int(s)
    except (TypeError, ValueError):
        s = 0
    return (s > 0) - (s < 0)


def _layout(G: nx.Graph, seed: int) -> dict:
    if G.number_of_nodes() == 0:
        return {}
    if G.graph.get("network") == "actor_issue":
        actors = sorted(n for n, d in G.nodes(data=True) if d.get("node_type") != "issue")
        issues = sorted(n for n, d in G.nodes(data=True) if d.get("node_type") == "issue")
        for _ in range(3):  # barycentric ordering: fewer crossings
            ia = {n: i for i, n in enumerate(actors)}
            issues.sort(key=lambda n: (sum(ia[a] for a in G[n] if a in ia) / max(G.degree(n), 1), str(n)))
            ii = {n: i for i, n in enumerate(issues)}
            actors.sort(key=lambda n: (sum(ii[i] for i in G[n] if i in ii) / max(G.degree(n), 1), str(n)))
        pos = {}
        for col, group in ((0.0, actors), (1.0, issues)):
            k = len(group)
            for i, n in enumerate(group):
                pos[n] = (col, 1.0 - (i + 0.5) / max(k, 1))
        return pos
    U = nx.Graph()
    U.add_nodes_from(sorted(G.nodes(), key=str))
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        w = abs(float(d.get("weight", 1.0) or 1.0))
        if U.has_edge(u, v):
            U[u][v]["weight"] += w
        else:
            U.add_edge(u, v, weight=w)
    return _packed_layout(U, seed)


def _packed_layout(U: nx.Graph, seed: int) -> dict:
    """Lay out each connected component on its own and pack them in rows, largest first,
    so that small components neither fly apart nor pile up on the big one."""
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(U)),
                   key=lambda c: (-len(c), str(c[0])))
    placed = []
    for comp in comps:
        n = len(comp)
        if n == 1:
            local = {comp[0]: (0.0, 0.0)}
        elif n == 2:
            local = {comp[0]: (-1.0, 0.0), comp[1]: (1.0, 0.0)}
        else:
            H = U.subgraph(comp)
            if n <= 40:
                local = nx.kamada_kawai_layout(H, weight=None)
            else:
                local = nx.spring_layout(H, seed=seed, iterations=200, weight="weight")
            xs = [p[0] for p in local.values()]
            ys = [p[1] for p in local.values()]
            cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
            span = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
            local = {k: ((p[0] - cx) / span, (p[1] - cy) / span) for k, p in local.items()}
        r = max(1.0, n ** 0.5) * 1.1
        placed.append((local, r))
    total = sum((2 * r) ** 2 for _, r in placed)
    width = max(max(2 * r for _, r in placed), total ** 0.5 * 1.4)
    pos, x, y, row_h = {}, 0.0, 0.0, 0.0
    for local, r in placed:
        size = 2 * r + 1.8
        if x > 0 and x + size > width:
            x, y, row_h = 0.0, y - row_h, 0.0
        for k, p in local.items():
            pos[k] = (x + size / 2 + p[0] * r * 0.9, y - size / 2 + p[1] * r * 0.9)
        x += size
        row_h = max(row_h, size)
    return pos


def render(G: nx.Graph, *, title: str | None = None, seed: int = SEED,
           node_colour: dict | None = None, node_legend: dict | None = None) -> bytes:
    """Draw ``G`` and return PNG bytes (see the module docstring for the conventions).
    A ``MultiDiGraph`` (interaction) is drawn collapsed, one arrow per ordered pair."""
    from matplotlib.lines import Line2D

    network = G.graph.get("network", "")
    if G.is_multigraph():
        from kg.analytics.networks import collapsed_interaction

        G = collapsed_interaction(G)
        network = "collapsed_interaction"
    fig, ax = _figure(G.number_of_nodes())
    pos = _layout(G, seed)
    st = strength(G)
    top = max(st.values(), default=0.0) or 1.0
    nodes = sorted(G.nodes(), key=str)
    issues = [n for n in nodes if G.nodes[n].get("node_type") == "issue"]
    actors = [n for n in nodes if n not in set(issues)]

    def colour(n):
        if node_colour is not None:
            return node_colour.get(n, "#ffffff")
        return KIND_COLOURS.get(G.nodes[n].get("kind"), "#ffffff")

    if actors:
        nx.draw_networkx_nodes(G, pos, nodelist=actors, ax=ax, node_shape="o",
                               node_size=[220 + 900 * st[n] / top for n in actors],
                               node_color=[colour(n) for n in actors], edgecolors="#333333",
                               linewidths=0.8)
    if issues:
        nx.draw_networkx_nodes(G, pos, nodelist=issues, ax=ax, node_shape="s",
                               node_size=[300 + 900 * st[n] / top for n in issues],
                               node_color=[colour(n) for n in issues], edgecolors="#333333",
                               linewidths=0.8)
    edges = sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))
    wmax = max((abs(float(d.get("weight", 1.0) or 0.0)) for *_, d in edges), default=1.0) or 1.0
    for s in (0, 1, -1):
        group = [(u, v) for u, v, d in edges if _sign(d) == s]
        if not group:
            continue
        widths = [1.0 + 4.0 * abs(float(G[u][v].get("weight", 1.0) or 0.0)) / wmax for u, v in group]
        kw = {}
        if G.is_directed():
            kw = dict(arrows=True, arrowstyle="-|>", arrowsize=16, connectionstyle="arc3,rad=0.12",
                      node_size=[220 + 900 * st[n] / top for n in G.nodes()], nodelist=list(G.nodes()))
        nx.draw_networkx_edges(G, pos, edgelist=group, ax=ax, width=widths,
                               edge_color=SIGN_COLOURS[s], alpha=0.9, **kw)
    labels = {n: _label(G.nodes[n].get("label", n)) for n in nodes}
    if labels:
        nx.draw_networkx_labels(G, pos, labels=labels, ax=ax, font_size=8,
                                bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.75))
    if pos:
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        padx = 0.18 * (max(xs) - min(xs) or 1.0)
        pady = 0.12 * (max(ys) - min(ys) or 1.0)
        ax.set_xlim(min(xs) - padx, max(xs) + padx)
        ax.set_ylim(min(ys) - pady, max(ys) + pady)
    else:
        ax.text(0.5, 0.5, "no actors match the filters", ha="center", va="center", fontsize=14,
                transform=ax.transAxes)
    handles = []
    words = _SIGN_WORDS.get(network, {1: "positive", -1: "negative", 0: "neutral"})
    present = {_sign(d) for *_, d in edges}
    for s in (1, -1, 0):
        if s in words and (s in present or network in ("congruence", "conflict", "signed")):
            handles.append(Line2D([0], [0], color=SIGN_COLOURS[s], lw=3, label=words[s]))
    if node_legend:
        for text, c in node_legend.items():
            handles.append(Line2D([0], [0], marker="o", color="w", markerfacecolor=c,
                                  markeredgecolor="#333333", markersize=10, label=text))
    else:
        kinds = sorted({G.nodes[n].get("kind") for n in actors} - {None})
        for k in kinds:
            handles.append(Line2D([0], [0], marker="o", color="w", markerfacecolor=KIND_COLOURS.get(k, "#fff"),
                                  markeredgecolor="#333333", markersize=10, label=k.replace("_", " ")))
        if issues:
            handles.append(Line2D([0], [0], marker="s", color="w", markerfacecolor=KIND_COLOURS["issue"],
                                  markeredgecolor="#333333", markersize=10, label="issue"))
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=True, framealpha=0.9,
                  title="edges and nodes", title_fontsize=8)
    n_e = G.number_of_edges()
    fig.suptitle(title or f"{network.replace('_', ' ')}: {G.number_of_nodes()} nodes, {n_e} edges",
                 fontsize=12)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def plot_network(G: nx.Graph, path, *, title: str | None = None, seed: int = SEED) -> Path:
    """Draw ``G`` into the PNG file ``path`` (written atomically) and return the path."""
    atomic_write(Path(path), render(G, title=title, seed=seed))
    return Path(path)


def plot_signed(congruence: nx.Graph, conflict: nx.Graph, path, *, title: str | None = None,
                seed: int = SEED) -> Path:
    """Congruence (green) and conflict (red) ties in one picture, nodes coloured by their
    Louvain camp in the congruence network: who stands with whom, and against whom."""
    S = nx.Graph(network="signed")
    S.add_nodes_from(congruence.nodes(data=True))
    S.add_nodes_from(conflict.nodes(data=True))
    for u, v, d in congruence.edges(data=True):
        S.add_edge(u, v, weight=d.get("weight", 1.0), sign=1)
    for u, v, d in conflict.edges(data=True):
        if S.has_edge(u, v):  # both agree and disagree: keep the heavier, grey if equal
            w0 = S[u][v]["weight"]
            w1 = d.get("weight", 1.0)
            S[u][v].update(weight=max(w0, w1), sign=1 if w0 > w1 else (-1 if w1 > w0 else 0))
        else:
            S.add_edge(u, v, weight=d.get("weight", 1.0), sign=-1)
    C = congruence.copy()
    C.add_nodes_from(S.nodes())
    parts = communities(C)
    camps = [c for c in parts if len(c) > 1]
    colours = {n: "#ffffff" for n in S}
    legend = {}
    for i, c in enumerate(camps):
        col = _COMMUNITY_COLOURS[i % len(_COMMUNITY_COLOURS)]
        colours.update({n: col for n in c})
        if i < len(_COMMUNITY_COLOURS):
            legend[f"camp {i + 1} ({len(c)} actors)"] = col
    if len(camps) < len(parts):
        legend["no camp"] = "#ffffff"
    png = render(S, title=title or f"who stands with whom: {S.number_of_nodes()} actors, "
                 f"{congruence.number_of_edges()} congruence and {conflict.number_of_edges()} conflict ties",
                 seed=seed, node_colour=colours, node_legend=legend)
    atomic_write(Path(path), png)
    return Path(path)

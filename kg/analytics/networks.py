"""Networks derived from the knowledge graph: knowledge graph in, networkx graph out.

Every function reads the graph through the SPARQL queries in ``queries/analytics/`` (see
:mod:`kg.analytics.source`) and never re-runs extraction.

* :func:`interaction` — ``MultiDiGraph``: one edge per statement speaker → addressee, with the
  act type, its PLOVER quad class, date and article.
* :func:`collapsed_interaction` — ``DiGraph``: the same, one edge per ordered pair, with
  cooperation and conflict counts and their signed balance.
* :func:`actor_issue` — bipartite ``Graph`` actors × issues, edges signed by stance and
  weighted by the number of statements behind them.
* :func:`congruence`, :func:`conflict` — the one-mode projections of Discourse Network
  Analysis (Leifeld): actors tied by shared (congruence) or opposed (conflict) stances, with
  DNA's normalisations; :func:`time_windows` for moving windows; :func:`project` to project
  an ``actor_issue`` graph you already have.

All take the same filters: ``start``/``end`` (dates, inclusive), ``issues`` (slugs, IRIs or
labels), ``kinds`` (actor kinds), ``articles`` (document ids or IRIs) and ``modalities``
(default :data:`FACTUAL`: hypothetical and denied acts are left out, as the extractor does for
positions).

Node identity
-------------
Actors are minted per article (``kgid:doc/<doc>/actor/<key>``); :class:`ActorIndex` merges
them into one node per real actor, with a union-find over these keys:

1. ``country:<ISO3>`` — a state or government with ``kg:countryCode`` (a state and its
   government are one diplomatic actor: "Seoul" and "South Korea"; pass
   ``merge_government=False`` to keep governments as ``country:<ISO3>/government``);
2. ``wd:<Q…>`` — ``kg:wikidata``;
3. ``name:<slug>`` (``name:<ISO3>:<slug>`` for ministries and unmerged governments, whose names
   are generic: "Foreign Ministry") — the folded label, for actors with neither; it also joins
   the one strongly identified actor of the same name, if exactly one has it;
4. anonymous actors (``kg:anonymous true``) never merge across articles: ``anon:<doc>/<key>``.

The node id is the best key of the group in that order; attributes: ``label`` (the most
frequent label), ``kind``, ``country``, ``wikidata``, ``articles``, ``actors`` (the IRIs).

>>> from kg.analytics.source import example
>>> g = example()
>>> G = interaction(g)
>>> sorted(G.edges(keys=False))
[('country:CHN', 'wd:Q1001'), ('wd:Q1001', 'country:CHN')]
>>> C = congruence(g)
>>> C.nodes["wd:Q1001"]["label"], sorted(C["wd:Q1001"])
('Jane Roe', ['country:KOR'])
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

import networkx as nx
from rdflib import URIRef

import kg.analytics.issues as _issues
from kg.analytics.choices import BASES, FACTUAL, KINDS, MODALITIES, NORMALIZATIONS, STANCES  # noqa: F401
from kg.analytics.issues import issue_node
from kg.analytics.source import AnalyticsError, as_source, rows, vocabulary
from kg.rdf import iri as _iri
from kg.rdf.namespaces import ID

__all__ = ["FACTUAL", "NORMALIZATIONS", "KINDS", "BASES", "ActorIndex", "Filters", "make_filters",
           "interaction", "collapsed_interaction", "actor_issue", "congruence", "conflict",
           "project", "time_windows", "Window", "effective_date", "resolve_issues",
           "issue_node", "doc_id"]


_DOC_PREFIX = str(ID) + "doc/"
_STATE_KINDS = {"state", "government"}
_QUALIFIED_KINDS = {"ministry", "government"}
_DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


# ------------------------------------------------------------------ small helpers


def doc_id(article_iri: str | None) -> str | None:
    """The document id of an article IRI (``kgid:doc/<doc>`` → ``<doc>``).

    >>> doc_id("https://w3id.org/kg-diplomacy/id/doc/alpha")
    'alpha'
    """
    if article_iri is None:
        return None
    s = str(article_iri)
    return s[len(_DOC_PREFIX):] if s.startswith(_DOC_PREFIX) else s


def _parse_date(value, what: str) -> _dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise AnalyticsError(f"{what}: not a date {value!r}; use YYYY-MM-DD") from None


_LEX_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def effective_date(stated: str | None, published: str | None) -> _dt.date | None:
    """The day a statement is placed on for date filters and time windows.

    A full ``kg:date`` is used as is. A ``gYear``/``gYearMonth`` ("2012", "2012-02") stands
    for the article's publication date when that falls inside it, else for its first day.
    Without a ``kg:date`` the publication date is used; without either, ``None`` (undated
    statements are left out whenever a date range or window is given).

    >>> effective_date("2012-02-27", "2012-02-23")
    datetime.date(2012, 2, 27)
    >>> effective_date("2012", "2012-02-23"), effective_date("2011", "2012-02-23")
    (datetime.date(2012, 2, 23), datetime.date(2011, 1, 1))
    >>> effective_date(None, "2012-02-23"), effective_date(None, None)
    (datetime.date(2012, 2, 23), None)
    """
    pub = None
    if published:
        m = _LEX_DATE.match(str(published))
        if m and m.group(3):
            try:
                pub = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                pub = None
    if not stated:
        return pub
    m = _LEX_DATE.match(str(stated))
    if not m:
        return pub
    y, mo, d = m.group(1), m.group(2), m.group(3)
    try:
        if d:
            return _dt.date(int(y), int(mo), int(d))
        prefix = f"{y}-{mo}" if mo else y
        if pub is not None and pub.isoformat().startswith(prefix):
            return pub
        return _dt.date(int(y), int(mo) if mo else 1, 1)
    except ValueError:
        return pub


def _fold(label: str) -> str:
    s = _iri.slug(label)
    return s[4:] if s.startswith("the-") else s


# ------------------------------------------------------------------ actor identity


class _UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


_RANK = {"country": 0, "wd": 1, "name": 2, "anon": 3, "iri": 4}


def _key_rank(key: str) -> tuple:
    return (_RANK.get(key.split(":", 1)[0], 9), key)


@dataclass
class ActorIndex:
    """Maps per-article actor IRIs to network nodes (one node per real actor).

    Build it once with :meth:`from_source` and pass it as ``index=`` to the network
    functions to reuse it.

    >>> from kg.analytics.source import example
    >>> idx = ActorIndex.from_source(example())
    >>> idx.node("https://w3id.org/kg-diplomacy/id/doc/beta/actor/rapporteur")
    'wd:Q1001'
    >>> idx.nodes["wd:Q1001"]["articles"]
    ['alpha', 'beta']
    """

    node_of: dict[str, str] = field(default_factory=dict)
    nodes: dict[str, dict] = field(default_factory=dict)
    merge_government: bool = True

    @classmethod
    def from_source(cls, source, *, merge_government: bool = True) -> "ActorIndex":
        return cls.from_rows(rows(as_source(source), "actors"), merge_government=merge_government)

    @classmethod
    def from_rows(cls, actor_rows: Iterable[dict], *, merge_government: bool = True) -> "ActorIndex":
        actors: dict[str, dict] = {}
        for r in actor_rows:
            a = actors.setdefault(r["actor"], {"labels": [], "kinds": [], "countries": [],
                                               "wikidata": [], "anonymous": False, "articles": set()})
            if r.get("label"):
                a["labels"].append(r["label"])
            if r.get("kind"):
                a["kinds"].append(r["kind"])
            if r.get("country"):
                a["countries"].append(str(r["country"]).upper())
            if r.get("wikidata"):
                a["wikidata"].append(str(r["wikidata"]))
            if r.get("anonymous") in (True, "true", "1"):
                a["anonymous"] = True
            if r.get("article"):
                a["articles"].add(doc_id(r["article"]))
        uf = _UnionFind()
        strong_name_keys: dict[str, set] = defaultdict(set)
        weak: list[tuple[str, str]] = []
        keys_of: dict[str, list[str]] = {}
        for actor in sorted(actors):
            a = actors[actor]
            kind = sorted(a["kinds"])[0] if a["kinds"] else None
            cc = sorted(a["countries"])[0] if a["countries"] else None
            label = Counter(a["labels"]).most_common(1)[0][0] if a["labels"] else None
            keys = []
            if kind in _STATE_KINDS and cc:
                if kind == "government" and not merge_government:
                    keys.append(f"country:{cc}/government")
                else:
                    keys.append(f"country:{cc}")
            keys += [f"wd:{q}" for q in sorted(set(a["wikidata"]))]
            name_key = None
            if label:
                slug = _fold(label)
                name_key = f"name:{cc}:{slug}" if (cc and kind in _QUALIFIED_KINDS) else f"name:{slug}"
            if a["anonymous"] and not keys:
                keys.append(f"anon:{'/'.join(sorted(a['articles']))}/{actor.rsplit('/', 1)[-1]}")
            elif not keys and name_key:
                keys.append(name_key)
                weak.append((actor, name_key))
            elif keys and name_key:
                strong_name_keys[name_key].add(actor)
            if not keys:
                keys.append(f"iri:{actor}")
            keys_of[actor] = keys
            for k in keys:
                uf.union(("a", actor), ("k", k))
        # a weakly identified actor joins the strongly identified one of the same name when
        # that name points to exactly one group
        for actor, name_key in weak:
            groups = {uf.find(("a", s)) for s in strong_name_keys.get(name_key, ())}
            if len(groups) == 1:
                uf.union(("a", actor), groups.pop())
        members: dict = defaultdict(list)
        for actor in actors:
            members[uf.find(("a", actor))].append(actor)
        idx = cls(merge_government=merge_government)
        for group in members.values():
            keys = sorted({k for m in group for k in keys_of[m]}, key=_key_rank)
            node = keys[0]
            labels = Counter(l for m in group for l in actors[m]["labels"])
            kinds = Counter(k for m in group for k in actors[m]["kinds"])
            if node.startswith("country:") and "state" in kinds and merge_government:
                kind = "state"
            else:
                kind = min(kinds, key=lambda k: (-kinds[k], k)) if kinds else None
            countries = Counter(c for m in group for c in actors[m]["countries"])
            wds = sorted({q for m in group for q in actors[m]["wikidata"]})
            idx.nodes[node] = {
                "label": min(labels, key=lambda l: (-labels[l], l)) if labels else node,
                "kind": kind,
                "country": min(countries, key=lambda c: (-countries[c], c)) if countries else None,
                "wikidata": wds[0] if wds else None,
                "articles": sorted({d for m in group for d in actors[m]["articles"]}),
                "actors": sorted(group),
            }
            idx.nodes[node]["n_articles"] = len(idx.nodes[node]["articles"])
            for m in group:
                idx.node_of[m] = node
        return idx

    def node(self, actor_iri: str) -> str:
        """The node id of a per-article actor IRI (``iri:<IRI>`` if the index lacks it)."""
        return self.node_of.get(str(actor_iri), f"iri:{actor_iri}")

    def attrs(self, node: str) -> dict:
        a = self.nodes.get(node)
        if a is None:
            return {"label": node, "kind": None, "country": None, "wikidata": None,
                    "articles": [], "actors": [], "n_articles": 0}
        return dict(a, articles=list(a["articles"]), actors=list(a["actors"]))


# ------------------------------------------------------------------ filters


@dataclass(frozen=True)
class Filters:
    """Validated filters shared by every network function."""

    start: _dt.date | None = None
    end: _dt.date | None = None
    issues: tuple[str, ...] | None = None        # issue IRIs
    kinds: frozenset | None = None
    articles: tuple[str, ...] | None = None      # article IRIs
    modalities: frozenset | None = frozenset(FACTUAL)

    def describe(self) -> dict:
        """Graph attributes recording the filters (GraphML-safe after export)."""
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "issues": [issue_node(i) for i in self.issues] if self.issues else None,
            "kinds": sorted(self.kinds) if self.kinds else None,
            "articles": [doc_id(a) for a in self.articles] if self.articles else None,
            "modalities": sorted(self.modalities) if self.modalities else None,
        }

    def date_ok(self, d: _dt.date | None) -> bool:
        if self.start is None and self.end is None:
            return True
        if d is None:
            return False
        return (self.start is None or d >= self.start) and (self.end is None or d <= self.end)

    def modality_ok(self, m: str | None) -> bool:
        return self.modalities is None or m is None or m in self.modalities

    def kind_ok(self, kind: str | None) -> bool:
        return self.kinds is None or kind in self.kinds


def _as_list(x) -> list | None:
    if x is None:
        return None
    if isinstance(x, (str, URIRef)):
        return [x]
    return list(x)


def resolve_issues(source, issues) -> list[str]:
    """Issue IRIs for IRIs, ``issue:<slug>`` and slugs (exactly), or words, which name every
    issue whose names, slug or broader issues contain them, ignoring case, as in ``kg query``
    (kg.analytics.issues).

    >>> from kg.analytics.source import example
    >>> resolve_issues(example(), ["forced repatriation"])
    ['https://w3id.org/kg-diplomacy/scheme/issue/forced-repatriation']
    """
    known = issue_terms(source)
    out: list[str] = []
    for item in _as_list(issues) or []:
        text = str(item).strip()
        found = _issues.match(known, text)
        if not found:
            names = ", ".join(sorted(issue_node(i)[6:] for i in known)[:30]) or "(none)"
            raise AnalyticsError(f"unknown issue {text!r}; issues in the graph: {names}")
        out.extend(f for f in found if f not in out)
    return out


def _articles(articles) -> list[str] | None:
    out = []
    for a in _as_list(articles) or []:
        s = str(a).strip()
        if s.startswith("http://") or s.startswith("https://"):
            out.append(str(_iri.checked(s)))
        elif _DOC_ID.match(s):
            out.append(str(_iri.doc(s)))
        else:
            raise AnalyticsError(f"bad article {s!r}: give a document id (a-z, 0-9, -) or an IRI")
    return out or None


def make_filters(source, *, start=None, end=None, issues=None, kinds=None, articles=None,
             modalities=FACTUAL) -> Filters:
    """Validate the filter arguments of the network functions into a :class:`Filters`
    (issues resolved to IRIs, articles to article IRIs, dates parsed)."""
    kinds_l = _as_list(kinds)
    if kinds_l:
        bad = [k for k in kinds_l if k not in KINDS]
        if bad:
            raise AnalyticsError(f"unknown actor kind {bad[0]!r}; valid: {', '.join(KINDS)}")
    mods = _as_list(modalities)
    if mods is not None:
        bad = [m for m in mods if m not in MODALITIES]
        if bad:
            raise AnalyticsError(f"unknown modality {bad[0]!r}; valid: {', '.join(MODALITIES)}")
    f = Filters(
        start=_parse_date(start, "start"), end=_parse_date(end, "end"),
        issues=tuple(resolve_issues(source, issues)) if _as_list(issues) else None,
        kinds=frozenset(kinds_l) if kinds_l else None,
        articles=tuple(_articles(articles)) if _as_list(articles) else None,
        modalities=frozenset(mods) if mods is not None else None,
    )
    if f.start and f.end and f.start > f.end:
        raise AnalyticsError(f"start {f.start} is after end {f.end}")
    return f


def _run(source, name: str, f: Filters, *, bind_issue: bool) -> list[dict]:
    """Run a query once per (article, issue) binding the filters ask for."""
    arts = [URIRef(a) for a in f.articles] if f.articles else [None]
    iss = [URIRef(i) for i in f.issues] if (f.issues and bind_issue) else [None]
    out, seen = [], set()
    for a in arts:
        for i in iss:
            params = {}
            if a is not None:
                params["article"] = a
            if i is not None:
                params["issue"] = i
            for r in rows(source, name, **params):
                key = tuple(sorted(r.items(), key=lambda kv: kv[0]))
                if key not in seen:
                    seen.add(key)
                    out.append(r)
    return out




def issue_terms(source) -> dict[str, list[str]]:
    """Per issue IRI, the texts a word is matched against (kg.analytics.issues.terms)."""
    names: dict = {}
    broader: dict = {}
    for r in rows(source, "issues"):
        names.setdefault(r["issue"], [])
        if r["broader"]:
            broader.setdefault(r["issue"], []).append(r["broader"])
    for r in rows(source, "issue_names"):
        names.setdefault(r["issue"], []).append(r["name"])
    return _issues.terms(names, broader)


def _issue_labels(source) -> dict[str, str | None]:
    """Each issue's preferred label; of several (articles label an issue differently) the
    first in alphabetical order, as the library queries choose it, whatever the read order."""
    labels: dict[str, str | None] = {}
    for r in rows(source, "issues"):
        old, new = labels.get(r["issue"]), r["label"]
        if r["issue"] not in labels or (new is not None and (old is None or new < old)):
            labels[r["issue"]] = new
    return labels


def _act_types(source) -> dict[str, dict]:
    acts = {r["actType"]: r for r in rows(vocabulary(), "act_types")}
    for r in rows(source, "act_types"):
        acts.setdefault(r["actType"], r)
    return acts


def _prepare(source, index, filters) -> tuple:
    src = as_source(source)
    idx = index if index is not None else ActorIndex.from_source(src)
    f = make_filters(src, **filters)
    return src, idx, f


def _add_actor(G: nx.Graph, idx: ActorIndex, node: str, **extra) -> None:
    if node not in G:
        G.add_node(node, **idx.attrs(node), **extra)


# ------------------------------------------------------------------ interaction


def _quad(quad_class: str | None) -> tuple[str | None, str, int]:
    """(mode, valence, sign) of a PLOVER quad class."""
    if not quad_class or quad_class == "neutral":
        return None, "neutral", 0
    mode, _, valence = quad_class.partition("-")
    return mode, valence, (1 if valence == "cooperation" else -1)


def interaction(source, *, start=None, end=None, issues=None, kinds=None, articles=None,
                modalities=FACTUAL, index: ActorIndex | None = None) -> nx.MultiDiGraph:
    """Who addressed whom: one directed edge per statement, speaker → addressee.

    Edge key: the statement IRI. Edge attributes: ``act_type`` (PLOVER type, e.g.
    "REQUEST"), ``quad_class`` ("verbal-conflict", …), ``mode`` ("verbal"/"material"/None),
    ``valence`` ("cooperation"/"conflict"/"neutral"), ``sign`` (+1/−1/0), ``cameo``,
    ``issue`` (node id or None), ``stance``, ``modality``, ``polarity``, ``date`` (the
    :func:`effective_date`, ISO), ``date_stated`` (``kg:date`` as written), ``article``
    (document id), ``statement`` (IRI). Statements whose speaker and addressee are the same
    actor are left out. Filters: see the module docstring (``issues`` keeps statements about
    those issues; ``kinds`` keeps edges whose two ends are of those kinds).

    >>> from kg.analytics.source import example
    >>> G = interaction(example())
    >>> [(u, v, d["act_type"], d["quad_class"], d["date"]) for u, v, d in sorted(G.edges(data=True))]
    [('country:CHN', 'wd:Q1001', 'REJECT', 'verbal-conflict', '2020-03-05'), ('wd:Q1001', 'country:CHN', 'REQUEST', 'verbal-conflict', '2020-01-10')]
    >>> interaction(example(), end="2020-02-01").number_of_edges()
    1
    """
    src, idx, f = _prepare(source, index, dict(start=start, end=end, issues=issues, kinds=kinds,
                                                articles=articles, modalities=modalities))
    acts = _act_types(src)
    G = nx.MultiDiGraph(network="interaction", **f.describe())
    issue_set = set(f.issues) if f.issues else None
    for r in sorted(_run(src, "interactions", f, bind_issue=False), key=lambda r: r["statement"]):
        if not f.modality_ok(r["modality"]):
            continue
        if issue_set is not None and r["issue"] not in issue_set:
            continue
        d = effective_date(r["date"], r["published"])
        if not f.date_ok(d):
            continue
        u, v = idx.node(r["speaker"]), idx.node(r["addressee"])
        if u == v:
            continue
        if not (f.kind_ok(idx.attrs(u)["kind"]) and f.kind_ok(idx.attrs(v)["kind"])):
            continue
        act = acts.get(r["actType"], {})
        quad = act.get("quadClass")
        mode, valence, sign = _quad(quad)
        _add_actor(G, idx, u)
        _add_actor(G, idx, v)
        G.add_edge(u, v, key=r["statement"], statement=r["statement"],
                   act_type=act.get("notation") or str(r["actType"]).rsplit("/", 1)[-1],
                   quad_class=quad or "neutral", mode=mode, valence=valence, sign=sign,
                   cameo=r["cameo"], issue=issue_node(r["issue"]) if r["issue"] else None,
                   stance=r["stance"] or None, modality=r["modality"] or None,
                   polarity=r["polarity"] or None, date=d.isoformat() if d else None,
                   date_stated=r["date"], article=doc_id(r["article"]), weight=1.0)
    return G


def collapsed_interaction(source, **filters) -> nx.DiGraph:
    """One edge per ordered actor pair, from an :func:`interaction` graph or a source.

    Edge attributes: ``weight`` (number of acts), ``cooperation``, ``conflict``, ``neutral``,
    ``verbal_cooperation``, ``material_cooperation``, ``verbal_conflict``,
    ``material_conflict`` (counts), ``balance`` = cooperation − conflict, ``sign`` (of the
    balance: +1, −1 or 0), ``act_types`` and ``articles`` (sorted lists).

    >>> from kg.analytics.source import example
    >>> D = collapsed_interaction(example())
    >>> d = D["wd:Q1001"]["country:CHN"]
    >>> d["weight"], d["conflict"], d["cooperation"], d["balance"], d["sign"]
    (1.0, 1, 0, -1, -1)
    """
    M = source if isinstance(source, nx.MultiDiGraph) else interaction(source, **filters)
    D = nx.DiGraph(**dict(M.graph, network="collapsed_interaction"))
    D.add_nodes_from(M.nodes(data=True))
    for u, v, d in M.edges(data=True):
        if not D.has_edge(u, v):
            D.add_edge(u, v, weight=0.0, cooperation=0, conflict=0, neutral=0,
                       verbal_cooperation=0, material_cooperation=0, verbal_conflict=0,
                       material_conflict=0, act_types=[], articles=[])
        e = D[u][v]
        e["weight"] += 1.0
        e[d["valence"]] += 1
        if d["mode"]:
            e[f"{d['mode']}_{d['valence']}"] += 1
        if d["act_type"] not in e["act_types"]:
            e["act_types"] = sorted(e["act_types"] + [d["act_type"]])
        if d["article"] and d["article"] not in e["articles"]:
            e["articles"] = sorted(e["articles"] + [d["article"]])
    for _, _, e in D.edges(data=True):
        e["balance"] = e["cooperation"] - e["conflict"]
        e["sign"] = (e["balance"] > 0) - (e["balance"] < 0)
    return D


# ------------------------------------------------------------------ actor × issue


class _Record(NamedTuple):
    node: str
    issue: str       # IRI
    stance: str
    statement: str
    date: _dt.date | None
    article: str | None


def _stance_records(src, idx: ActorIndex, f: Filters, basis: str) -> list[_Record]:
    if basis not in BASES:
        raise AnalyticsError(f"unknown basis {basis!r}; valid: {', '.join(BASES)}")
    name = "positions" if basis == "positions" else "statement_stances"
    out = set()
    for r in _run(src, name, f, bind_issue=True):
        if r["stance"] not in STANCES or not f.modality_ok(r["modality"]):
            continue
        node = idx.node(r["actor"])
        if not f.kind_ok(idx.attrs(node)["kind"]):
            continue
        out.add(_Record(node, r["issue"], r["stance"], r["statement"],
                        effective_date(r["date"], r["published"]), doc_id(r["article"])))
    return sorted(out, key=lambda x: (x.node, x.issue, x.stance, x.statement))


def _actor_issue_graph(records, idx: ActorIndex, labels: dict, f: Filters, basis: str,
                       terms: dict | None = None) -> nx.Graph:
    G = nx.Graph(network="actor_issue", basis=basis, **f.describe())
    acc: dict = {}
    for rec in records:
        if not f.date_ok(rec.date):
            continue
        inode = issue_node(rec.issue)
        _add_actor(G, idx, rec.node, node_type="actor", bipartite=0)
        if inode not in G:
            G.add_node(inode, label=labels.get(rec.issue) or inode[6:], iri=rec.issue,
                       kind="issue", node_type="issue", bipartite=1,
                       terms=(terms or {}).get(rec.issue) or [_issues.slug_words(rec.issue)])
        e = acc.setdefault((rec.node, inode), {"support": set(), "oppose": set(),
                                               "articles": set(), "dates": set()})
        e[rec.stance].add(rec.statement)
        if rec.article:
            e["articles"].add(rec.article)
        if rec.date:
            e["dates"].add(rec.date)
    for (u, i), e in sorted(acc.items()):
        s, o = len(e["support"]), len(e["oppose"])
        sign = 1 if o == 0 else (-1 if s == 0 else 0)
        G.add_edge(u, i, support=s, oppose=o, weight=float(s + o), net=s - o, sign=sign,
                   stance={1: "support", -1: "oppose", 0: "mixed"}[sign],
                   statements=sorted(e["support"] | e["oppose"]), articles=sorted(e["articles"]),
                   first_date=min(e["dates"]).isoformat() if e["dates"] else None,
                   last_date=max(e["dates"]).isoformat() if e["dates"] else None)
    return G


def actor_issue(source, *, basis: str = "positions", start=None, end=None, issues=None,
                kinds=None, articles=None, modalities=FACTUAL,
                index: ActorIndex | None = None) -> nx.Graph:
    """Bipartite actors × issues: who takes which stance on what, and how often.

    ``basis="positions"`` (default) reads ``kg:PolicyPosition`` and counts the statements
    each rests on (``kg:basedOn``); ``basis="statements"`` reads every statement with an
    issue and a stance. Actor nodes have ``bipartite=0``, ``node_type="actor"``; issue nodes
    (``issue:<slug>``) ``bipartite=1``, ``node_type="issue"``, ``label``, ``iri``, ``terms``
    (what a word is matched against: kg.analytics.issues). Edge
    attributes: ``support`` and ``oppose`` (statement counts), ``weight`` = their sum,
    ``sign`` (+1 support, −1 oppose, 0 both), ``stance`` ("support"/"oppose"/"mixed"),
    ``net`` = support − oppose, ``statements``, ``articles``, ``first_date``, ``last_date``.

    >>> from kg.analytics.source import example
    >>> B = actor_issue(example())
    >>> [(u, d["stance"], d["sign"], d["weight"]) for u, _, d in sorted(B.edges("issue:forced-repatriation", data=True), key=lambda e: e[1])]
    [('issue:forced-repatriation', 'support', 1, 1.0), ('issue:forced-repatriation', 'oppose', -1, 1.0), ('issue:forced-repatriation', 'oppose', -1, 1.0)]
    """
    src, idx, f = _prepare(source, index, dict(start=start, end=end, issues=issues, kinds=kinds,
                                                articles=articles, modalities=modalities))
    records = _stance_records(src, idx, f, basis)
    return _actor_issue_graph(records, idx, _issue_labels(src), f, basis, issue_terms(src))


# ------------------------------------------------------------------ congruence / conflict


def project(B: nx.Graph, relation: str = "congruence", normalization: str = "no") -> nx.Graph:
    """Project an :func:`actor_issue` graph onto actors, as Discourse Network Analysis does.

    Each actor's stances are first made binary: actor *i* holds (issue, stance) or not,
    however many statements back it (DNA's "ignore duplicates across the date range").
    The raw tie between *i* and *j* sums, over the issues both address, the pairs of stances
    that agree (``relation="congruence"``) or differ (``"conflict"``): the number of issues
    on which they agree or disagree (an actor holding both stances on an issue counts in
    both). ``normalization`` follows DNA's one-mode options, with *a_i* the number of
    (issue, stance) pairs of *i*:

    * ``"no"``: the raw count;
    * ``"average"`` (average activity): raw / ((a_i + a_j) / 2);
    * ``"jaccard"``: raw / |pairs_i ∪ pairs_j| (DNA: m11 + m10 + m01);
    * ``"cosine"``: raw / sqrt(a_i · a_j) (binary cosine; DNA divides by a_i · a_j).

    Edge attributes: ``weight`` (normalised), ``count`` (raw), ``issues`` (node ids),
    ``relation``, ``sign`` (+1 congruence, −1 conflict). Every actor of ``B`` is a node
    (isolates included), with ``activity`` = a_i.

    >>> import networkx as nx
    >>> B = nx.Graph()
    >>> B.add_nodes_from(["a", "b", "c"], node_type="actor")
    >>> B.add_nodes_from(["i1", "i2"], node_type="issue")
    >>> B.add_edges_from([("a", "i1", {"support": 1, "oppose": 0}), ("a", "i2", {"support": 2, "oppose": 0}),
    ...                   ("b", "i1", {"support": 1, "oppose": 0}), ("b", "i2", {"support": 0, "oppose": 1}),
    ...                   ("c", "i2", {"support": 0, "oppose": 1})])
    >>> C = project(B, "congruence", "jaccard")
    >>> sorted((u, v, d["count"], round(d["weight"], 3)) for u, v, d in C.edges(data=True))
    [('a', 'b', 1, 0.333), ('b', 'c', 1, 0.5)]
    >>> K = project(B, "conflict", "average")
    >>> sorted((u, v, d["count"], round(d["weight"], 3)) for u, v, d in K.edges(data=True))
    [('a', 'b', 1, 0.5), ('a', 'c', 1, 0.667)]
    """
    if relation not in ("congruence", "conflict"):
        raise AnalyticsError(f"unknown relation {relation!r}; valid: congruence, conflict")
    if normalization not in NORMALIZATIONS:
        raise AnalyticsError(f"unknown normalization {normalization!r}; valid: {', '.join(NORMALIZATIONS)}")
    actors = sorted(n for n, d in B.nodes(data=True) if d.get("node_type", "actor") == "actor")
    held: dict[str, dict[str, set]] = {a: {} for a in actors}
    for a in actors:
        for i in sorted(B[a]):
            d = B[a][i]
            st = {s for s in STANCES if d.get(s, 0) > 0}
            if st:
                held[a][i] = st
    by_issue: dict[str, list[str]] = defaultdict(list)
    for a in actors:
        for i in held[a]:
            by_issue[i].append(a)
    raw: dict[tuple, int] = defaultdict(int)
    why: dict[tuple, set] = defaultdict(set)
    for i in sorted(by_issue):
        who = by_issue[i]
        for x in range(len(who)):
            for y in range(x + 1, len(who)):
                a, b = who[x], who[y]
                sa, sb = held[a][i], held[b][i]
                same = len(sa & sb)
                n = same if relation == "congruence" else len(sa) * len(sb) - same
                if n:
                    raw[(a, b)] += n
                    why[(a, b)].add(i)
    G = nx.Graph(**{k: v for k, v in B.graph.items()})
    G.graph.update(network=relation, relation=relation, normalization=normalization)
    for a in actors:
        attrs = {k: v for k, v in B.nodes[a].items() if k not in ("bipartite", "node_type")}
        G.add_node(a, **attrs, activity=sum(len(s) for s in held[a].values()))
    sign = 1 if relation == "congruence" else -1
    for (a, b), n in sorted(raw.items()):
        act_a = sum(len(s) for s in held[a].values())
        act_b = sum(len(s) for s in held[b].values())
        if normalization == "no":
            w = float(n)
        elif normalization == "average":
            w = n / ((act_a + act_b) / 2)
        elif normalization == "jaccard":
            pa = {(i, s) for i, ss in held[a].items() for s in ss}
            pb = {(i, s) for i, ss in held[b].items() for s in ss}
            w = n / len(pa | pb)
        else:
            w = n / math.sqrt(act_a * act_b)
        G.add_edge(a, b, weight=w, count=n, issues=sorted(why[(a, b)]), relation=relation, sign=sign)
    return G


def congruence(source, *, normalization: str = "no", basis: str = "positions", **filters) -> nx.Graph:
    """Actors tied by taking the same stance on the same issues (DNA congruence network).

    ``source`` is a knowledge graph (or an :func:`actor_issue` graph); ``filters`` are those
    of :func:`actor_issue`. See :func:`project` for weights and normalisations.

    >>> from kg.analytics.source import example
    >>> C = congruence(example(), normalization="average")
    >>> [(u, v, d["count"], d["weight"], d["issues"]) for u, v, d in C.edges(data=True)]
    [('country:KOR', 'wd:Q1001', 1, 1.0, ['issue:forced-repatriation'])]
    """
    B = _bipartite(source, basis, filters)
    return project(B, "congruence", normalization)


def conflict(source, *, normalization: str = "no", basis: str = "positions", **filters) -> nx.Graph:
    """Actors tied by taking opposite stances on the same issues (DNA conflict network).

    >>> from kg.analytics.source import example
    >>> sorted((u, v, d["count"]) for u, v, d in conflict(example()).edges(data=True))
    [('country:CHN', 'country:KOR', 1), ('country:CHN', 'wd:Q1001', 1)]
    """
    B = _bipartite(source, basis, filters)
    return project(B, "conflict", normalization)


def _bipartite(source, basis, filters) -> nx.Graph:
    if isinstance(source, nx.Graph):
        if source.graph.get("network") != "actor_issue":
            raise AnalyticsError("congruence/conflict need a knowledge graph or an actor_issue graph")
        if filters:
            raise AnalyticsError("filters apply when reading a knowledge graph, not an actor_issue graph")
        return source
    return actor_issue(source, basis=basis, **filters)


class Window(NamedTuple):
    start: _dt.date
    end: _dt.date
    graph: nx.Graph


def time_windows(source, relation: str = "congruence", *, days: int = 30, step: int | None = None,
                 normalization: str = "no", basis: str = "positions", start=None, end=None,
                 issues=None, kinds=None, articles=None, modalities=FACTUAL,
                 index: ActorIndex | None = None) -> list[Window]:
    """A sequence of networks over moving time windows of ``days`` days, each ``step`` days
    after the last (default ``step = days``: windows that do not overlap).

    ``relation`` is "congruence", "conflict" or "actor_issue". Windows run from ``start``
    (default: the first dated statement) to ``end`` (default: the last); each is inclusive
    and recorded in the graph attributes ``window_start``/``window_end``. Undated statements
    are left out.

    >>> from kg.analytics.source import example
    >>> [(w.start.isoformat(), w.end.isoformat(), w.graph.number_of_edges())
    ...  for w in time_windows(example(), "congruence", days=30)]
    [('2020-01-10', '2020-02-08', 1), ('2020-02-09', '2020-03-09', 0)]
    >>> [(w.start.isoformat(), w.graph.number_of_edges()) for w in time_windows(example(), "conflict", days=60)]
    [('2020-01-10', 2)]
    """
    if days < 1 or (step is not None and step < 1):
        raise AnalyticsError("window days and step must be at least 1")
    if relation not in ("congruence", "conflict", "actor_issue"):
        raise AnalyticsError(f"unknown relation {relation!r}; valid: congruence, conflict, actor_issue")
    src, idx, f = _prepare(source, index, dict(start=start, end=end, issues=issues, kinds=kinds,
                                                articles=articles, modalities=modalities))
    records = [r for r in _stance_records(src, idx, f, basis) if r.date is not None and f.date_ok(r.date)]
    if not records:
        return []
    labels = _issue_labels(src)
    first = f.start or min(r.date for r in records)
    last = f.end or max(r.date for r in records)
    step = step or days
    out = []
    w = first
    while w <= last:
        w_end = w + _dt.timedelta(days=days - 1)
        fw = Filters(start=w, end=w_end, issues=f.issues, kinds=f.kinds, articles=f.articles,
                     modalities=f.modalities)
        B = _actor_issue_graph(records, idx, labels, fw, basis)
        G = B if relation == "actor_issue" else project(B, relation, normalization)
        G.graph.update(window_start=w.isoformat(), window_end=w_end.isoformat())
        out.append(Window(w, w_end, G))
        w = w + _dt.timedelta(days=step)
    return out

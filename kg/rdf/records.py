"""Read the records JSON of the evaluation contract back from a graph, with SPARQL only.

What this returns is what a user of the graph sees: nothing comes from extractor objects.
The queries live in queries/records/*.rq.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from rdflib import Graph

from kg.rdf import sparql_order  # noqa: F401 - rdflib sorts unbound ORDER BY keys lowest, as SPARQL says
from kg.resources import repo_path


@lru_cache(maxsize=None)
def _query(name: str) -> str:
    return (repo_path("queries") / "records" / f"{name}.rq").read_text(encoding="utf-8")


def _rows(graph: Graph, name: str) -> list[dict]:
    res = graph.query(_query(name))
    names = [str(v) for v in res.vars]
    out = []
    for row in res:
        out.append({k: (None if v is None else v.toPython() if hasattr(v, "toPython") else v)
                    for k, v in zip(names, row)})
    return out


def _s(v):
    return None if v is None else str(v)


def _date(v):
    return None if v is None else str(v)[:10]


def records(graph: Graph) -> dict:
    doc_rows = _rows(graph, "document")
    doc = doc_rows[0] if doc_rows else {}
    document = {"id": _s(doc.get("doc")), "title": _s(doc.get("title")),
                "published": _date(doc.get("published"))}

    actors: dict[str, dict] = {}
    for r in _rows(graph, "actors"):
        a = actors.setdefault(str(r["actor"]), {
            "id": str(r["actor"]), "label": str(r["label"]), "names": [str(r["label"])],
            "kind": _s(r["kind"]), "country": _s(r["country"]), "wikidata": _s(r["wikidata"])})
        if r["name"] is not None and str(r["name"]) not in a["names"]:
            a["names"].append(str(r["name"]))

    keywords = defaultdict(list)
    for r in _rows(graph, "issue_keywords"):
        keywords[str(r["issue"])].append(str(r["keyword"]))

    def issue(iri, label):
        if iri is None:
            return None
        return {"id": str(iri), "label": _s(label), "keywords": sorted(keywords[str(iri)])}

    statements = [{
        "id": str(r["st"]), "speaker": str(r["speaker"]), "addressee": _s(r["addressee"]),
        "act": r["act"], "stance": _s(r["stance"]), "issue": issue(r["issue"], r["issueLabel"]),
        "modality": r["modality"], "date": _s(r["date"]), "source": _s(r["source"]),
        "span": [int(r["start"]), int(r["end"])],
        "text": str(r["text"]),
    } for r in _rows(graph, "statements")]

    positions = [{"id": str(r["pos"]), "actor": str(r["actor"]), "stance": r["stance"],
                  "issue": issue(r["issue"], r["issueLabel"])} for r in _rows(graph, "positions")]

    quotes = [{"id": str(r["q"]), "speaker": _s(r["speaker"]), "text": str(r["text"]),
               "span": [int(r["start"]), int(r["end"])]} for r in _rows(graph, "quotes")]

    events: dict[str, dict] = {}
    for r in _rows(graph, "events"):
        e = events.setdefault(str(r["ev"]), {
            "id": str(r["ev"]), "kind": r["kind"], "act": r["act"], "label": str(r["label"]), "participants": [],
            "location": _s(r["location"]), "date": _s(r["date"]), "modality": r["modality"],
            "span": [int(r["start"]), int(r["end"])]})
        if r["participant"] is not None and str(r["participant"]) not in e["participants"]:
            e["participants"].append(str(r["participant"]))

    key = lambda d: d["id"]  # noqa: E731 - stable order for determinism
    return {
        "document": document,
        "actors": sorted(actors.values(), key=key),
        "statements": sorted(statements, key=lambda s: (s["span"][0], s["id"])),
        "positions": sorted(positions, key=key),
        "quotes": sorted(quotes, key=lambda q: q["span"][0]),
        "events": sorted(events.values(), key=lambda e: e["span"][0]),
    }

"""Helpers shared by the extraction tests: run the pipeline on a short text, find records."""
from __future__ import annotations

import pytest

THURSDAY = "2012-02-23"


@pytest.fixture(scope="module")
def run(pipeline):
    cache = {}

    def _run(text: str, published: str = THURSDAY):
        if (text, published) not in cache:
            r = pipeline.process_text(text, doc_id="phen", published=published)
            assert r.conforms, r.report
            cache[text, published] = r
        return cache[text, published]

    return _run


@pytest.fixture(scope="module")
def rec(run):
    return lambda text, published=THURSDAY: run(text, published).records


def all_names(actor) -> list[str]:
    return [n.lower() for n in [actor.label, *actor.names]]


def actor(R, name: str):
    """The one actor whose label or one of whose names is ``name`` (case-insensitive)."""
    found = [a for a in R.actors.values() if name.lower() in all_names(a)]
    assert len(found) == 1, (name, [(a.key, a.label, a.names) for a in R.actors.values()])
    return found[0]


def by_country(R, iso: str, kinds=("state", "government")):
    """The state (or its government) of that country; its organs (army, embassy, …) are
    actors of their own."""
    found = [a for a in R.actors.values() if a.country == iso and a.kind in kinds
             and not a.rule.startswith("actor.organ")]
    assert len(found) == 1, (iso, [(a.key, a.label, a.kind, a.country) for a in R.actors.values()])
    return found[0]


def statements(R, *, speaker=None, act=None):
    return [s for s in R.statements
            if (speaker is None or s.speaker == speaker.key) and (act is None or s.act == act)]


def one(items, what=""):
    items = list(items)
    assert len(items) == 1, (what, items)
    return items[0]


def issue_text(issue) -> str:
    return " ".join([issue.label, *issue.keywords]).lower() if issue else ""


def events(R, kind):
    return [e for e in R.events if e.kind == kind]



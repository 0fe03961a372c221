"""The Turtle kg build writes is for people too (issue 13, item 7): prefixes declared (kgid:
included), data IRIs without escaped slashes, the article and its statements first and the
annotation selectors after, lines of sensible length."""
from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from conftest import SEED_ID
from kg.rdf.io import TURTLE
from kg.rdf.namespaces import ID

pytestmark = pytest.mark.slow

SUBJECT = re.compile(r"^(<[^>]*>|[\w-]+:[\w-]+)$", re.M)


@pytest.fixture(scope="module")
def ttl(seed_cli_build) -> str:
    out, proc = seed_cli_build
    assert proc.returncode in (0, 1), proc.stderr
    return (out / f"{SEED_ID}.ttl").read_text(encoding="utf-8")


def _subjects(text: str) -> list[str]:
    """The subject of each block, as a full IRI."""
    return [str(ID) + m[1:-1] if m.startswith("<") else m for m in SUBJECT.findall(text)]


def test_header_declares_base_kgid_and_only_the_prefixes_used(ttl):
    head = [ln for ln in ttl.splitlines() if ln.startswith("@")]
    assert head[0] == f"@base <{ID}> ."
    declared = [ln.split()[1][:-1] for ln in head[1:]]
    assert "kgid" in declared
    body = ttl[ttl.index("\n", ttl.index(head[-1])):]
    for p in declared:
        if p != "kgid":
            assert re.search(rf"(^|[\s^]){p}:", body, re.M), f"{p}: declared but not used"


def test_no_escaped_slashes_and_data_iris_relative(ttl):
    assert "\\/" not in ttl
    assert f"<{ID}doc/" not in ttl      # written relative to @base: <doc/…>
    assert f"<doc/{SEED_ID}>" in ttl


def test_article_and_statements_first_annotations_last(ttl):
    subjects = _subjects(ttl)
    doc = f"{ID}doc/{SEED_ID}"
    assert subjects[0] == doc and subjects[1] == f"{doc}/statement/0"
    kinds = [s[len(doc) + 1:].split("/") for s in subjects if s.startswith(doc + "/")]
    facts = [k for k in kinds if len(k) <= 2]
    notes = [k for k in kinds if len(k) > 2]
    assert notes and kinds == facts + notes, "annotations (mentions, evidence, selectors) come last"
    order = [k[0] for k in facts]
    assert order.index("statement") < order.index("actor")
    numbers = [int(k[1]) for k in facts if k[0] == "statement"]
    assert numbers == sorted(numbers) and len(numbers) > 2    # 2 before 10


def test_lines_of_sensible_length(ttl):
    outside = re.sub(r'"""(?:[^"\\]|\\.|"(?!""))*"""|"(?:[^"\\\n]|\\.)*"', '""', ttl)
    # a long IRI or literal cannot be broken, but a list of objects can: one per line
    long = [ln for ln in outside.splitlines() if len(ln) > TURTLE.width and " , " in ln]
    assert long == []
    assert re.search(r" ,\n\t\t<", ttl)
    assert '"""' in ttl         # the article text keeps its line breaks


def test_turtle_and_trig_hold_the_same_triples(seed_cli_build, ttl):
    out, _ = seed_cli_build
    a = set(map(str, ox.parse(ttl.encode(), format=ox.RdfFormat.TURTLE)))
    quads = list(ox.parse((out / f"{SEED_ID}.trig").read_bytes(), format=ox.RdfFormat.TRIG))
    # the article's facts in its graph, the issues and software agent it shares with other
    # articles in the extracted-vocabulary graph (kg.rdf.vocabulary)
    assert {str(q.graph_name) for q in quads} == {f"<{ID}graph/{SEED_ID}>", f"<{ID}graph/vocabulary/extracted>"}
    assert {str(q.triple) for q in quads} == a and len(a) > 500


def test_one_rendering_gives_the_same_turtle_and_trig(ttl):
    """kg build writes both files from one rendering of each subject (kg.rdf.io.turtle_and_trig):
    the bytes are those of the Turtle and TriG writers run apart, the article's triples in its
    graph and the shared ones in the extracted-vocabulary graph."""
    from kg.rdf import vocabulary
    from kg.rdf.io import turtle_and_trig

    def apart(triples):
        own, shared = vocabulary.split(triples)
        graphs = [(f"<{ID}graph/{SEED_ID}>", own)] + ([(f"<{vocabulary.EXTRACTED}>", shared)] if shared else [])
        return TURTLE.turtle(triples), TURTLE.trig(graphs)

    triples = [(str(t.subject), str(t.predicate), str(t.object))
               for t in ox.parse(ttl.encode(), format=ox.RdfFormat.TURTLE)]
    both = turtle_and_trig(triples, SEED_ID)
    assert both == apart(triples)
    assert b"graph/vocabulary/extracted" in both[1]
    own = vocabulary.split(triples)[0]
    assert turtle_and_trig(own, SEED_ID) == apart(own)

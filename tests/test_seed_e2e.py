"""End to end on the seed article: `kg build` -> Turtle -> `kg records`, asserted against the
facts of its hand-written gold annotation (written out here, the gold file is not read).

Everything is read back through the command line from the Turtle file, as the evaluation
contract (../shared/eval/CONTRACT.md) requires.
"""
from __future__ import annotations

import re
import shutil

import pytest
from rdflib import Graph, Literal, URIRef

from conftest import SEED_ID, records_json, run_kg
from kg.rdf.namespaces import KG

pytestmark = pytest.mark.slow

DOC_IRI = f"https://w3id.org/kg-diplomacy/id/doc/{SEED_ID}"
TITLE = "UN human rights official hits China on deporting NK defectors"
RAPPORTEUR = "Special Rapporteur on the Situation of Human Rights in North Korea"
PRONOUNS = {"he", "him", "his", "she", "her", "hers", "it", "its", "they", "them", "their",
            "we", "us", "our", "i", "me", "my", "you", "your"}


# ----------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def build(seed_cli_build):
    """`kg build` of the seed into a temporary folder (run once per session, see conftest)."""
    return seed_cli_build


@pytest.fixture(scope="module")
def ttl(build):
    out, p = build
    assert p.returncode == 0, p.stderr
    path = out / f"{SEED_ID}.ttl"
    assert path.is_file(), sorted(x.name for x in out.iterdir())
    return path


@pytest.fixture(scope="module")
def rec(ttl):
    return records_json(ttl)


@pytest.fixture(scope="module")
def graph(ttl):
    g = Graph()
    g.parse(ttl, format="turtle")
    return g


# ----------------------------------------------------------------------------- helpers
def names(actor) -> list[str]:
    return [actor["label"], *actor["names"]]


def low_names(actor) -> list[str]:
    return [n.lower() for n in names(actor)]


def find_actor(rec, *, label=None, country=None, kind=None):
    found = [a for a in rec["actors"]
             if (label is None or label.lower() in low_names(a))
             and (country is None or a["country"] == country)
             and (kind is None or a["kind"] == kind)]
    assert len(found) == 1, (label, country, kind, [(a["label"], a["kind"], a["country"]) for a in rec["actors"]])
    return found[0]


def darusman(rec):
    return find_actor(rec, label="Marzuki Darusman", kind="person")


def state(rec, iso):
    return find_actor(rec, country=iso, kind="state")


def official(rec):
    found = [a for a in rec["actors"] if a["kind"] == "person" and "senior official" in a["label"].lower()]
    assert len(found) == 1, [a["label"] for a in rec["actors"]]
    return found[0]


def stmts(rec, *, speaker=None, act=None, addressee=None):
    return [s for s in rec["statements"]
            if (speaker is None or s["speaker"] == speaker)
            and (act is None or s["act"] == act)
            and (addressee is None or s["addressee"] == addressee)]


def is_repatriation(issue) -> bool:
    if issue is None:
        return False
    text = " ".join([issue["label"] or "", *issue.get("keywords", [])]).lower()
    return bool(re.search(r"repatriat|deport", text)) and "defector" in text


# ----------------------------------------------------------------------------- the build
def test_build_exit_0_and_summary_line(build):
    out, p = build
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""
    lines = p.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{SEED_ID}:") and "conforms" in lines[0]
    assert (out / f"{SEED_ID}.ttl").is_file() and (out / f"{SEED_ID}.trig").is_file()


def test_graph_conforms(ttl, build):
    p = run_kg("validate", ttl)
    assert p.returncode == 0, p.stdout + p.stderr
    p = run_kg("validate", build[0] / f"{SEED_ID}.trig")
    assert p.returncode == 0, p.stdout + p.stderr


def test_records_from_turtle_file_only(ttl, rec, tmp_path):
    """Copy the .ttl away, delete the build folder: records are the same (nothing kept aside).

    The build folder deleted is a copy of the module's one, so the other tests keep theirs."""
    build_dir = tmp_path / "build"
    shutil.copytree(ttl.parent, build_dir)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    copy = elsewhere / "copy.ttl"
    shutil.copyfile(build_dir / ttl.name, copy)
    shutil.rmtree(build_dir)
    assert not build_dir.exists() and sorted(p.name for p in elsewhere.iterdir()) == ["copy.ttl"]
    again = records_json(copy)
    # the document IRI and everything else come from the triples, not from the file name
    assert again == rec


# ----------------------------------------------------------------------------- document
def test_document(rec):
    assert rec["document"]["id"] == DOC_IRI
    assert rec["document"]["published"] == "2012-02-23"
    assert rec["document"]["title"] == TITLE


# ----------------------------------------------------------------------------- actors
def test_actor_darusman(rec):
    a = darusman(rec)
    assert "Darusman" in names(a)
    assert any(RAPPORTEUR.lower() in n for n in low_names(a)), names(a)


def test_actor_china(rec):
    a = state(rec, "CHN")
    assert a["label"] == "China"
    assert a["wikidata"] in ("Q148", "http://www.wikidata.org/entity/Q148")


def test_actor_north_korea(rec):
    a = state(rec, "PRK")
    assert "north korea" in low_names(a)
    assert {"the stalinist country", "the north"} & set(low_names(a)), names(a)


def test_actor_south_korea(rec):
    a = state(rec, "KOR")
    assert "south korea" in low_names(a)
    assert "seoul" in low_names(a)


def test_actor_human_rights_council(rec):
    a = find_actor(rec, kind="igo_body", label="U.N. Human Rights Council")
    assert "human rights council" in a["label"].lower()


def test_actor_foreign_ministry(rec):
    a = find_actor(rec, kind="ministry", country="KOR")
    assert "foreign affairs and trade ministry" in low_names(a)


def test_actor_anonymous_official(rec, graph):
    a = official(rec)
    assert a["country"] == "KOR"
    assert (URIRef(a["id"]), KG.anonymous, Literal(True)) in graph


# ----------------------------------------------------------------------------- statements
def test_darusman_requests_china_not_to_deport(rec):
    d, chn = darusman(rec), state(rec, "CHN")
    found = [s for s in stmts(rec, speaker=d["id"], act="REQUEST", addressee=chn["id"])
             if s["stance"] == "oppose" and is_repatriation(s["issue"])]
    assert len(found) == 1, stmts(rec, speaker=d["id"])
    assert found[0]["modality"] == "asserted"
    assert "urged China not to deport" in found[0]["text"]


def test_seoul_plans_to_raise_repatriation(rec):
    kor, chn = state(rec, "KOR"), state(rec, "CHN")
    found = stmts(rec, speaker=kor["id"], act="ACCUSE")
    assert len(found) == 1, stmts(rec, speaker=kor["id"])
    s = found[0]
    assert s["modality"] == "planned"
    assert s["addressee"] == chn["id"]
    assert s["stance"] == "oppose"
    assert is_repatriation(s["issue"])
    # the same issue IRI as Darusman's request to China
    d = darusman(rec)
    req = [x for x in stmts(rec, speaker=d["id"], act="REQUEST", addressee=chn["id"])]
    assert s["issue"]["id"] == req[0]["issue"]["id"]


def test_darusman_requests_neighbouring_countries(rec):
    d = darusman(rec)
    by_id = {a["id"]: a for a in rec["actors"]}
    found = [s for s in stmts(rec, speaker=d["id"], act="REQUEST")
             if s["addressee"] and any(re.search(r"(neighbou?ring|surrounding) the korean peninsula", n)
                                        for n in low_names(by_id[s["addressee"]]))]
    assert found, stmts(rec, speaker=d["id"])
    assert any(s["stance"] == "oppose" and is_repatriation(s["issue"]) for s in found)
    assert any("stop repatriating defectors" in s["text"] for s in found)


def test_darusman_accuses_north_korea(rec):
    d, prk = darusman(rec), state(rec, "PRK")
    found = stmts(rec, speaker=d["id"], act="ACCUSE", addressee=prk["id"])
    assert len(found) == 1
    assert found[0]["stance"] == "oppose"
    assert "harsh treatment" in found[0]["text"]


def test_official_statement_with_quotation(rec, graph):
    o = official(rec)
    found = stmts(rec, speaker=o["id"], act="STATEMENT")
    assert len(found) == 1, stmts(rec, speaker=o["id"])
    s = found[0]
    assert s["modality"] == "asserted"
    assert "We are agonizing over our relations with China" in s["text"]
    quotes = list(graph.objects(URIRef(s["id"]), KG.quotation))
    assert len(quotes) == 1
    text = str(graph.value(quotes[0], KG.quoteText))
    assert text.startswith("We are agonizing over our relations with China")


def test_statement_spans_point_into_text(rec, graph):
    text = str(graph.value(URIRef(DOC_IRI), KG.text))
    for s in rec["statements"]:
        a, b = s["span"]
        assert 0 <= a <= b <= len(text)
        assert text[a:b] == s["text"]


# ----------------------------------------------------------------------------- positions
def test_positions_on_repatriation(rec):
    d, kor = darusman(rec), state(rec, "KOR")
    rep = [p for p in rec["positions"] if is_repatriation(p["issue"])]
    held = {(p["actor"], p["stance"]) for p in rep}
    assert (d["id"], "oppose") in held, rec["positions"]
    assert (kor["id"], "oppose") in held, rec["positions"]
    d_iri = {p["issue"]["id"] for p in rep if p["actor"] == d["id"]}
    k_iri = {p["issue"]["id"] for p in rep if p["actor"] == kor["id"]}
    assert len(d_iri) == 1 and d_iri == k_iri


# ----------------------------------------------------------------------------- quotes
def test_two_quotes_by_the_official(rec):
    o = official(rec)
    qs = sorted(rec["quotes"], key=lambda q: q["span"])
    assert len(qs) == 2
    assert all(q["speaker"] == o["id"] for q in qs)
    assert qs[0]["text"].startswith("We are agonizing over our relations with China")
    assert qs[1]["text"].startswith("We are in a situation in which we must keep rewriting")


def test_quote_spans_exclude_quotation_marks(rec, graph):
    text = str(graph.value(URIRef(DOC_IRI), KG.text))
    for q in rec["quotes"]:
        a, b = q["span"]
        assert text[a:b] == q["text"]
        assert not q["text"].startswith(("“", '"')) and not q["text"].endswith(("”", '"'))


# ----------------------------------------------------------------------------- events
def council_meeting(rec):
    hrc = find_actor(rec, kind="igo_body", label="U.N. Human Rights Council")
    found = [e for e in rec["events"] if e["kind"] == "meeting" and hrc["id"] in e["participants"]]
    assert len(found) == 1, rec["events"]
    return found[0]


def test_council_meeting_next_monday(rec):
    e = council_meeting(rec)
    assert e["date"] == "2012-02-27"
    assert e["modality"] == "planned"


def test_council_meeting_in_geneva(rec):
    assert council_meeting(rec)["location"] == "Geneva"


# ----------------------------------------------------------------------------- known defects
def test_no_pronoun_is_an_actor_name(rec):
    bad = {(a["label"], n) for a in rec["actors"] for n in a["names"] if n.lower() in PRONOUNS}
    assert not bad, bad


def test_darusman_country_is_not_the_mandate_country(rec):
    assert darusman(rec)["country"] != "PRK"

"""The cues derived from PETRARCH2's CAMEO verb dictionary (kg/data/lexicons/cues_cameo.tsv).

* The committed files are what scripts/derive_cues.py writes from the reference files
  (skipped when the development copy of those files, ../shared/reference, is absent).
* Behaviour on sentences written for these tests: the lexicon gives the act; only what the
  lexicon is responsible for is asserted (the cue found, its act, the statement it yields
  when the actors are ones kg already resolves).
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from kg.extract.lexicon import CAMEO_CUES_FILE, LEMMAS_FILE, select_cue

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "reference"
CAMEO = REFERENCE / "petrarch2" / "CAMEO.2.0.txt"
PLOVER = REFERENCE / "plover" / "CAMEO2PLOVER-2021.txt"
needs_reference = pytest.mark.skipif(not (CAMEO.is_file() and PLOVER.is_file()),
                                     reason="reference files (../shared/reference) not present")


def _script():
    spec = importlib.util.spec_from_file_location("derive_cues", ROOT / "scripts" / "derive_cues.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("derive_cues", module)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------ the derivation

@needs_reference
def test_derived_files_are_what_the_script_writes(tmp_path):
    assert _script().main([str(CAMEO), str(PLOVER), "--out", str(tmp_path)]) == 0
    for committed in (CAMEO_CUES_FILE, LEMMAS_FILE):
        written = tmp_path / committed.name
        assert written.read_bytes() == committed.read_bytes(), (
            f"{committed.name} is not what scripts/derive_cues.py writes: run it again")


@needs_reference
def test_policy_names_what_the_dictionary_has():
    """Every stopped block exists and every code the dictionary uses has a policy row."""
    script = _script()
    _sets, blocks = script.read_dictionary(CAMEO)
    names = {b.name for b in blocks}
    stop = script.read_tsv(script.POLICY / "stoplist.tsv")
    assert {r["name"] for r in stop if r["kind"] == "block"} <= names
    assert {r["kind"] for r in stop} == {"block", "verb", "sense", "patterns", "subject"}
    _rows, info = script.derive(CAMEO, PLOVER)
    assert not [why for why in info["dropped"] if why.startswith("no policy")]


def test_inflections_follow_english_spelling():
    script = _script()
    assert script.inflections("stage") == ["stages", "staged", "staging"]
    assert script.inflections("rally") == ["rallies", "rallied", "rallying"]
    assert script.inflections("ban") == ["bans", "banned", "banning"]
    assert script.inflections("visit") == ["visits", "visited", "visiting"]
    assert script.inflections("push") == ["pushes", "pushed", "pushing"]


def test_codes_resolve_with_kg_departures():
    script = _script()
    codes = script.Codes(script.read_plover(PLOVER) if PLOVER.is_file() else {"163": "COERCE", "03": "AGREE"},
                         script.read_tsv(script.POLICY / "codes.tsv"))
    act = lambda code, saying=False: codes.resolve(code, saying)[0]  # noqa: E731
    assert act("163")[0] == "SANCTION"                 # the table says COERCE
    assert act("020")[:3] == ("REQUEST", "020", "yes")  # PLOVER drops 02
    assert act("016")[0] == "REJECT"
    if PLOVER.is_file():  # the table's own rows (a clone without ../shared has only the two above)
        assert act("0871", saying=True)[0] == "CONCEDE" and act("0871")[0] == "RETREAT"
        assert act("042:043")[1] == "042"                # the subject's act is kept
    assert codes.resolve("---")[0] is None and codes.resolve(":110")[0] is None


# ------------------------------------------------------------ rows and matching

def test_derived_rows_in_kg_convention():
    hunger = select_cue("join", "VERB", {"strike", "hunger"})
    assert (hunger.cue, hunger.act, hunger.cameo) == ("join strike hunger", "PROTEST", "142")
    assert hunger.source.startswith("CAMEO.2.0.txt (PETRARCH2, MIT) ASSEMBLE line ")
    assert select_cue("join", "VERB", {"alliance"}).source == "kg"  # the hand row "join" COOPERATE
    assert select_cue("blow", "VERB", {"up", "bridge"}).cue == "blow up"
    anger = select_cue("express", "VERB", {"anger"})
    assert (anger.act, anger.speech, anger.stance) == ("ACCUSE", True, "oppose")
    assert select_cue("protest", "VERB").source == "kg"  # hand rows win: official protest is ACCUSE
    # noise control: general verbs and WordNet senses give no cue of their own
    for verb in ("face", "lead", "increase", "need", "see", "best", "abide", "quote"):
        cue = select_cue(verb, "VERB")
        assert cue is None or cue.source == "kg", (verb, cue)
    assert select_cue("beat", "VERB", {"up"}).cameo == "182"  # BEAT [182], not DESTROY [190]


@pytest.fixture(scope="module")
def nlp():
    from kg.nlp import load

    return load()


def _hits(nlp, text):
    from kg.extract.statements import find_cues

    return {h.tok.text: (h.cue.cue, h.cue.act) for h in find_cues(nlp(text))}


@pytest.mark.parametrize("text,word,cue,act", [
    ("The ministry lodged a protest with the embassy.", "lodged", "lodge protest", "ACCUSE"),
    ("Students staged a hunger strike.", "staged", "stage strike", "PROTEST"),    # 'staged' -> 'stag'
    ("Two more prisoners joined the hunger strike.", "joined", "join strike hunger", "PROTEST"),
    ("Thousands of workers staged a sit-in outside the factory.", "staged", "stage in sit", "PROTEST"),
    ("Hackers hacked into the ministry's computers.", "hacked", "hack into computer", "COERCE"),
    ("The guards tortured the prisoners.", "tortured", "torture", "ASSAULT"),
    ("Bulldozers demolished three houses.", "demolished", "demolish", "ASSAULT"),
    ("The mob torched the police station.", "torched", "torch", "ASSAULT"),
    ("Rebels attacked government positions.", "attacked", "attack", "ASSAULT"),   # not 'attack government' [111]
    ("Nigeria withdrew its ambassador from Chad.", "withdrew", "withdraw ambassador", "SANCTION"),
])
def test_cue_found(nlp, text, word, cue, act):
    assert _hits(nlp, text).get(word) == (cue, act)


@pytest.mark.parametrize("text,word", [
    ("Russia faces new sanctions.", "faces"),
    ("The talks could lead to a settlement.", "lead"),
    ("China increased its exports to the region.", "increased"),
    ("The region needs food.", "needs"),
    ("The report contains new details.", "contains"),
    ("The talks resumed on Monday.", "resumed"),        # the subject is the event, not an object
])
def test_general_verbs_are_no_cues(nlp, text, word):
    assert word not in _hits(nlp, text)


@pytest.fixture(scope="module")
def statements(pipeline):
    def run(text):
        r = pipeline.process_text(text, doc_id="cameo").records
        label = {k: a.label.lower() for k, a in r.actors.items()}
        return [(s.act, s.cue, label.get(s.speaker, s.speaker), label.get(s.addressee, s.addressee))
                for s in r.statements]
    return run


def test_statements_from_derived_cues(statements):
    assert ("ASSAULT", "kidnap", "rebels") in [s[:3] for s in statements("Rebels kidnapped two aid workers.")]
    assert ("ASSAULT", "torch", "rebels") in [s[:3] for s in statements("Rebels torched a police station.")]
    assert ("ASSAULT", "blow up", "rebels") in [s[:3] for s in statements("Rebels blew up a bridge.")]
    assert ("ACCUSE", "express anger", "china") in [s[:3] for s in statements(
        "China expressed anger at the decision.")]
    assert ("COOPERATE", "extradite", "spain", "france") in statements("Spain extradited the suspect to France.")
    assert ("ACCUSE", "lodge protest", "china", "japan") in statements("China lodged a protest with Japan.")
    assert ("PROTEST", "stage strike", "hamas") in [s[:3] for s in statements("Hamas staged a hunger strike.")]


def test_embedded_act_keeps_its_own_cue(statements):
    """'announce withdraw' is not a cue: the announced withdrawal is coded by 'withdraw'."""
    got = statements("Nigeria announced it would withdraw its troops from Chad.")
    assert [s for s in got if s[0] == "RETREAT" and s[1] == "withdraw" and s[2] == "nigeria"]
    assert not [s for s in got if s[1].startswith("announce ")]


def test_compliance_is_what_is_asked_for(statements):
    got = statements("The envoy said Thailand should abide by the refugee convention.")
    assert not [s for s in got if s[1].startswith("abide")]

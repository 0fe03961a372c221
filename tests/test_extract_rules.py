"""Extraction rules added for issue 3, each on short sentences written for these tests.

Publication date is Thursday 2012-02-23 unless a test says otherwise.
"""
from __future__ import annotations

import pytest

from extract_helpers import actor, by_country, events, issue_text, one, rec, run, statements  # noqa: F401

pytestmark = pytest.mark.slow


def test_rejecting_a_call_to_halt_supports_what_was_to_be_halted(rec):
    R = rec("Iran rejected a European Union call to halt uranium enrichment.")
    irn, eu = by_country(R, "IRN"), actor(R, "European Union")
    s = one(statements(R, speaker=irn, act="REJECT"))
    assert s.addressee == eu.key
    assert s.stance == "support" and "enrich" in issue_text(s.issue)
    assert not statements(R, speaker=irn, act="SANCTION")  # the halting is not Iran's act


def test_a_threat_is_about_its_condition(rec):
    R = rec("Ashton warned that new sanctions could follow if Tehran refused to cooperate with inspectors.")
    s = one(statements(R, act="THREATEN"))
    assert s.stance == "support" and "cooperat" in issue_text(s.issue)  # refusing is opposed


def test_said_it_would_attack_is_a_threat(rec):
    R = rec("North Korea said it would attack any loudspeakers that broadcast propaganda.")
    prk = by_country(R, "PRK")
    s = one(statements(R, speaker=prk))
    assert s.act == "THREATEN" and s.modality == "asserted"


def test_relative_pronoun_is_its_head(rec):
    R = rec("Japan's prime minister, who was visiting Tehran on Thursday, urged restraint.")
    e = one(events(R, "visit"))
    pm = one(a for a in R.actors.values() if a.kind == "person")
    assert pm.key in e.participants


def test_name_without_accents_matches_the_gazetteer(rec):
    R = rec("Antonio Guterres said he condemned the attack on the convoy.")
    g = actor(R, "Antonio Guterres")
    assert g.wikidata == "Q311440"
    s = one(statements(R, speaker=g))
    assert s.act == "ACCUSE"  # "he" is Guterres himself, his own act stands


def test_the_parties_are_the_two_signatories(rec):
    R = rec("Armenia and Azerbaijan signed a ceasefire agreement in Moscow. "
            "The United Nations urged the parties to respect it.")
    arm, aze = by_country(R, "ARM"), by_country(R, "AZE")
    un = actor(R, "United Nations")
    requests = statements(R, speaker=un, act="REQUEST")
    assert {s.addressee for s in requests} == {arm.key, aze.key}
    agree = statements(R, act="AGREE")
    assert {(s.speaker, s.addressee) for s in agree} == {(arm.key, aze.key), (aze.key, arm.key)}


def test_elliptical_coordination_names_both_states(rec):
    R = rec("North and South Korea exchanged artillery fire on Thursday.")
    prk, kor = by_country(R, "PRK"), by_country(R, "KOR")
    e = one(events(R, "artillery_exchange"))
    assert {prk.key, kor.key} <= set(e.participants)


def test_epithet_needs_its_article_and_yields_to_longer_names(rec):
    R = rec("South Korean officials met in Seoul. The North said nothing.")
    assert not [a for a in R.actors.values() if a.country == "PRK" and "south" in a.label.lower()]
    kor_names = [n.lower() for a in R.actors.values() if a.country == "KOR" for n in [a.label, *a.names]]
    assert "the north" not in kor_names


def test_junta_needs_a_coup_in_the_story(rec):
    quiet = rec("Soldiers guarded the border post on Thursday.")
    assert not [a for a in quiet.actors.values() if "junta" in a.label.lower()]
    coup = rec("Soldiers seized power in Mali on Thursday in a coup. The junta promised elections.")
    junta = one(a for a in coup.actors.values() if "junta" in a.label.lower())
    assert junta.country == "MLI"


def test_permitted_act_is_not_an_act(rec):
    R = rec("The law authorizes the president to impose sanctions on foreign officials.")
    assert not statements(R, act="SANCTION")


def test_multi_sentence_quotation_classified_by_its_content(rec):
    R = rec('"The puppet military of South Korea made another grave provocation. '
            'It fired shells at our posts," said KCNA.')
    kcna = actor(R, "KCNA")
    s = one(statements(R, speaker=kcna))
    military = one(a for a in R.actors.values() if a.country == "KOR" and a.kind == "government")
    assert s.act == "ACCUSE" and s.addressee == military.key  # the South Korean military, an organ
    assert s.quote is not None
    assert s.span.start == 1  # the statement covers the whole quotation
    assert not statements(R, act="ASSAULT")  # firing told in KCNA's quotation is its claim


def test_vague_nouns_are_no_issue(rec):
    R = rec("The Secretary-General expressed concern over the crisis.")
    assert all(s.issue is None for s in R.statements)
    assert not R.positions


def test_object_of_a_material_act_is_no_issue(rec):
    R = rec("Foreign ministers agreed on Friday to freeze the assets of 12 officials.")
    assert not R.positions


@pytest.mark.parametrize("text", [
    "Turkey sent 500 tons of food to the flood victims on Monday.",
    "Japan delivered two batches of tents to the refugees.",
])
def test_what_an_amount_of_an_object_is_of_is_no_issue_either(rec, text):
    """'sent 500 tons of food': the food is what is sent, as 'sent food' would be, not an issue."""
    s = one(statements(R := rec(text), act="AID"))
    assert s.issue is None and not R.positions


def test_an_amount_of_aid_is_about_the_aid(rec):
    s = one(statements(rec("Norway gave $20 million in emergency aid to the flood victims."), act="AID"))
    assert "aid" in issue_text(s.issue)


def test_statement_at_a_meeting_has_it_as_venue(rec):
    R = rec("The Human Rights Council will meet in Geneva next Monday. "
            "Seoul plans to raise the forcible repatriation of defectors at the meeting.")
    kor = by_country(R, "KOR")
    s = one(statements(R, speaker=kor))
    assert s.venue is not None and R.events[s.venue].kind == "meeting"
    assert R.events[s.venue].date.value == "2012-02-27"


def test_the_government_is_not_the_speaker_itself(rec):
    R = rec("Venezuela rejected the criticism on Monday. Brazil and Argentina expressed concern and "
            "called on the government to release political prisoners.")
    ven = by_country(R, "VEN")
    reqs = statements(R, act="REQUEST")
    assert {s.speaker for s in reqs} == {by_country(R, "BRA").key, by_country(R, "ARG").key}
    assert {s.addressee for s in reqs} == {ven.key}


def test_announced_boycott_is_a_threat(rec):
    # an actor announcing a boycott of its own threatens it (PLOVER/CAMEO 133, 1312)
    R = rec("The opposition coalition said it would boycott the July 30 election.")
    s = one(R.statements)
    assert s.act == "THREATEN" and s.modality == "asserted"


def test_name_read_as_a_modal_is_still_the_speaker(rec):
    R = rec("British Prime Minister Theresa May condemned the move and said Britain would not be intimidated.")
    may = actor(R, "Theresa May")
    s = one(statements(R, act="ACCUSE"))
    assert s.speaker == may.key and s.modality == "asserted"
    assert all(s.speaker == may.key for s in R.statements)


def test_retaliation_is_told_by_its_act(rec):
    R = rec("Russia on Saturday expelled two British diplomats, retaliating for London's decision.")
    rus = by_country(R, "RUS")
    assert [s.act for s in statements(R, speaker=rus)] == ["SANCTION"]


def test_representative_of_a_state_and_the_council(rec):
    R = rec("The Security Council met on Tuesday. The representative of France said the Council "
            "must act. China's delegate said Beijing respected Syria's sovereignty.")
    reps = [a for a in R.actors.values() if a.kind == "person"]
    assert {a.country for a in reps} == {"FRA", "CHN"}
    assert not [a for a in R.actors.values() if a.key.startswith("org-")]  # "the Council" is the UNSC
    fr = one(a for a in reps if a.country == "FRA")
    s = one(statements(R, speaker=fr))
    assert s.act == "REQUEST" and s.addressee == actor(R, "Security Council").key


def test_content_of_an_unknown_speaker_is_not_an_act(rec):
    R = rec("The draft demanded an end to the violence and urged Damascus to release all political prisoners.")
    assert not statements(R, act="RETREAT") and not statements(R, act="CONCEDE")


def test_spokesman_beside_his_name_and_harm_inverts(rec):
    R = rec("China's Foreign Ministry spokesman Hong Lei urged Tokyo to stop actions that harm "
            "China's territorial sovereignty.")
    hong = actor(R, "Hong Lei")
    assert hong.country == "CHN" and "spokesman" in (hong.post or "").lower()
    s = one(statements(R, speaker=hong))
    assert s.addressee == by_country(R, "JPN").key
    assert s.stance == "support" and "sovereignty" in issue_text(s.issue)

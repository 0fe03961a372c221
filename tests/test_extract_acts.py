"""Event coding that generalises (issue 10): reported acts, meetings as CONSULT acts, events
typed with PLOVER. Sentences written for these tests; publication date Thursday 2012-02-23."""
from __future__ import annotations

import pytest

from extract_helpers import actor, by_country, events, one, rec, run, statements  # noqa: F401

pytestmark = pytest.mark.slow


def test_an_act_told_by_others_is_the_actors_act(rec):
    R = rec("Chadian soldiers detained twelve journalists in the capital on Monday, local officials said.")
    s = one(statements(R, act="COERCE"))
    assert R.actors[s.speaker].country == "TCD"
    assert s.modality == "reported"
    assert s.source is not None and "officials" in R.actors[s.source].label
    assert not statements(R, act="STATEMENT")  # the report says nothing of its own


def test_a_report_with_content_of_its_own_stays(rec):
    R = rec("Witnesses said the election was calm but police arrested dozens of opposition supporters.")
    assert statements(R, act="COERCE")
    coerce = one(statements(R, act="COERCE"))
    assert coerce.modality == "reported"


def test_according_to_names_the_source(rec):
    R = rec("According to the United Nations, Serbian forces expelled thousands of villagers.")
    s = one(statements(R, act="SANCTION") + statements(R, act="COERCE"))
    assert s.modality == "reported"
    assert R.actors[s.source].label == "United Nations"


def test_own_act_told_by_the_actor_is_asserted(rec):
    R = rec("Norway said it had recalled its ambassador from Caracas.")
    nor = by_country(R, "NOR")
    s = one(statements(R, speaker=nor))
    assert s.act == "SANCTION" and s.modality == "asserted" and s.source is None


def test_a_meeting_between_two_is_mutual_consult(rec):
    R = rec("The meeting between President Alpha Conde and President Macky Sall in Dakar ended without a deal.")
    a, b = actor(R, "Alpha Conde"), actor(R, "Macky Sall")
    got = {(s.speaker, s.addressee) for s in statements(R, act="CONSULT")}
    assert got == {(a.key, b.key), (b.key, a.key)}
    assert one(events(R, "meeting")).act == "CONSULT"


def test_fighting_between_two_is_mutual_assault(rec):
    """'the fighting between X and Y': each side attacks the other."""
    R = rec("Canada is deeply concerned about the fighting that broke out on Monday between the "
            "Malian army and MNLA rebels in the north.")
    got = {(R.actors[s.speaker].label, R.actors[s.addressee].label) for s in statements(R, act="ASSAULT")}
    assert len(got) == 2 and {a for a, _ in got} == {b for _, b in got}


def test_a_body_holding_a_meeting_consults(rec):
    R = rec("The Security Council held an emergency meeting on Tuesday on the crisis in Mali.")
    s = one(statements(R, act="CONSULT"))
    assert R.actors[s.speaker].label.endswith("Security Council") and s.addressee is None


def test_visits_and_calls_go_from_visitor_to_host(rec):
    R = rec("Japan's foreign minister visited Vietnam on Monday and telephoned the Philippine president.")
    vnm, phl = by_country(R, "VNM"), by_country(R, "PHL", kinds=("state", "government", "person"))
    sts = statements(R, act="CONSULT")
    assert {s.addressee for s in sts} == {vnm.key, phl.key}
    assert {R.actors[s.speaker].country for s in sts} == {"JPN"}


def test_a_visit_without_someone_visited_is_no_act(rec):
    R = rec("The minister received an award and toured the exhibition.")
    assert not statements(R, act="CONSULT")


def test_requested_talks_are_no_consult(rec):
    R = rec("The European Union urged Iran to hold talks with the inspectors.")
    assert not statements(R, act="CONSULT")


def test_every_event_carries_its_act(rec):
    R = rec("Iran expelled two French diplomats on Monday after the talks in Vienna collapsed.")
    assert one(events(R, "expulsion")).act == "SANCTION"
    assert one(events(R, "talks")).act == "CONSULT"


# --- targets (kg/extract/targets.py) ------------------------------------------------------

@pytest.mark.parametrize("text, act, target", [
    # 1. a request with a clause asks its subject
    ("Brazil demanded that Paraguay reopen the border crossing.", "REQUEST", "PRY"),
    # 2. a content noun's author: possessor, nationality, from / with
    ("Chile welcomed Peru's offer of talks on fishing rights.", "SUPPORT", "PER"),
    ("Egypt rejected an Ethiopian proposal on the dam.", "REJECT", "ETH"),
    ("The rebels dismissed an appeal from Kenya to lay down their weapons.", "REJECT", "KEN"),
    # 3. a threat is aimed at whoever must meet its condition
    ("Qatar threatened to cut gas supplies unless Egypt lifted the blockade.", "THREATEN", "EGY"),
    # 4. a content clause's recipient or object
    ("Norway vowed to continue its support to Yemen.", "AGREE", "YEM"),
    ("Turkey refused to station troops in Libya.", "REJECT", "LBY"),
    # ... or the state of the place it is done in
    ("The army chief threatened to deploy tanks in Nairobi.", "THREATEN", "KEN"),
    ("UNICEF suspended its vaccination programme in Kabul last week.", "SANCTION", "AFG"),
    ("Students protested against the fee rise in Santiago.", "PROTEST", "CHL"),
    ("Yesterday, Armenia fired artillery rounds aimed at a checkpoint in Azerbaijan.", "ASSAULT", "AZE"),
    ("Armenian gunners fired shells at a border post in Azerbaijan on Monday.", "ASSAULT", "AZE"),
    # 5. what a conflictual act is against
    ("Armenia mobilized reservists for a possible war against Azerbaijan.", "MOBILIZE", "AZE"),
])
def test_target_from_the_content(rec, text, act, target):
    R = rec(text)
    s = one(statements(R, act=act))
    assert s.addressee is not None and R.actors[s.addressee].country == target, (s, R.actors.get(s.addressee))


def test_a_plain_statement_has_no_target(rec):
    R = rec("Brazil said the talks with Paraguay had gone well.")
    assert all(s.addressee is None for s in statements(R, act="STATEMENT"))


# --- material acts are events ------------------------------------------------------------

def test_a_material_act_is_an_event_of_its_kind(rec):
    R = rec("Kenya recalled its ambassador from Somalia on Monday, the foreign ministry said.")
    e = one(events(R, "recall"))
    assert e.act == "SANCTION" and {R.actors[p].country for p in e.participants} >= {"KEN"}
    assert e.date is not None and e.date.value == "2012-02-20"


def test_a_speech_act_is_no_event(rec):
    R = rec("Kenya condemned the attack and urged Somalia to investigate.")
    assert not [e for e in R.events if e.kind not in ("attack",)]


def test_an_act_on_its_event_noun_is_one_event(rec):
    R = rec("The Arab League held an emergency meeting in Cairo on Sunday.")
    assert len(R.events) == 1 and R.events[0].kind == "meeting"


def test_a_participle_names_people_not_an_act(rec):
    R = rec("The expelled diplomats left Moscow on Friday.")
    assert not statements(R, act="SANCTION") and not R.events


def test_one_person_discussing_is_no_meeting(rec):
    R = rec("The prime minister discussed the economy in a radio interview.")
    assert not statements(R, act="CONSULT")


def test_ministers_discussing_meet(rec):
    R = rec("European foreign ministers discussed the crisis in Brussels on Monday.")
    assert statements(R, act="CONSULT")


def test_what_must_be_done_is_not_done(rec):
    R = rec("The resolution sent a clear message that Iran must release the prisoners.")
    assert all(s.modality != "asserted" for s in statements(R, act="RETREAT"))
    assert not [e for e in R.events if e.kind == "release"]


# --- civil dissent and threats ------------------------------------------------------------

def test_civil_protest_is_protest_official_protest_is_accuse(rec):
    R = rec("Students protested against the tuition fees. Japan protested to China over the incursion.")
    assert {R.actors[s.speaker].kind: s.act for s in R.statements if s.cue == "protest"} == {
        "group": "PROTEST", "state": "ACCUSE"}


@pytest.mark.parametrize("text", [
    "Hundreds of dock workers went on strike over pay.",
    "About 300 farmers held a demonstration outside parliament.",
    "Dozens of prisoners began a hunger strike to protest their detention.",
    "Demonstrators blocked the main road into the capital.",
])
def test_collective_action_is_one_protest(rec, text):
    R = rec(text)
    s = one(statements(R, act="PROTEST"))
    assert R.actors[s.speaker].kind == "group"


def test_a_strike_in_protest_at_something_opposes_it(rec):
    R = rec("Opposition parties organized a general strike in protest of the arrests.")
    s = one(statements(R, act="PROTEST"))
    assert s.stance == "oppose" and s.issue is not None


def test_a_protest_in_protest_is_no_second_event(rec):
    R = rec("Opposition parties organized a general strike in protest of the arrests.")
    assert len([e for e in R.events if e.kind == "protest"]) == 1


def test_an_announced_protest_is_a_threat(rec):
    R = rec("The National Union of Teachers said it would strike if the government cut salaries.")
    s = one(R.statements)
    assert s.act == "THREATEN" and s.cameo == "133"  # threaten with protest
    assert not R.events  # a threatened strike has not happened


# --- issue frames (kg/extract/frames.py) ---------------------------------------------------

def test_a_shell_noun_takes_the_story_frame_and_its_author(rec):
    R = rec("Russia expelled two U.S. diplomats on Thursday. The United States condemned the move.")
    usa, rus = by_country(R, "USA"), by_country(R, "RUS")
    s = one(statements(R, speaker=usa, act="ACCUSE"))
    assert s.issue is not None and s.issue.rule == "issue.frame"
    assert "expulsion" in s.issue.label and "Russia" in s.issue.label
    assert s.addressee == rus.key and s.stance == "oppose"
    assert "+frame(shell" in s.rule
    assert any(p.holder == usa.key and p.stance == "oppose" for p in R.positions)


def test_the_same_action_meets_its_frame(rec):
    R = rec("Fighting broke out between Armenia and Azerbaijan on Monday. "
            "The United Nations called on both countries to cease hostilities.")
    un = actor(R, "United Nations")
    reqs = statements(R, speaker=un, act="REQUEST")
    assert reqs and all(s.issue is not None and s.issue.label.startswith("fighting") for s in reqs)
    assert all(s.stance == "oppose" for s in reqs)  # ceasing the fighting is asked: it is opposed


def test_two_sides_of_one_frame_meet_on_one_issue(rec):
    R = rec("Iran expelled the British ambassador on Monday. Britain condemned the expulsion, "
            "while Syria welcomed the decision.")
    gbr, syr = by_country(R, "GBR"), by_country(R, "SYR")
    a = one(statements(R, speaker=gbr, act="ACCUSE"))
    b = one(statements(R, speaker=syr, act="SUPPORT"))
    assert a.issue is b.issue and a.stance == "oppose" and b.stance == "support"


def test_a_venue_is_no_content(rec):
    R = rec("The council will meet on Monday. China will lodge a protest at the meeting.")
    s = one(statements(R, act="ACCUSE"))
    assert s.issue is None or "meeting" not in s.issue.label


def test_a_plain_statement_takes_no_stance_without_an_issue(rec):
    R = rec("Egypt said the talks had ended.")
    assert all(s.stance is None for s in statements(R, act="STATEMENT"))


def test_joining_others_in_an_act_is_that_act_for_its_purpose(rec):
    R = rec("Qatar and Oman have joined Jordan in recalling their ambassadors from Damascus "
            "to protest Syria's crackdown on protesters.")
    sts = statements(R, act="SANCTION")
    assert {R.actors[s.speaker].country for s in sts} >= {"QAT", "OMN"}
    assert not statements(R, act="COOPERATE")  # joining is no act of its own
    s = sts[0]
    assert s.stance == "oppose" and s.issue.label == "Syria's crackdown on protesters"  # a readable phrase
    assert not statements(R, act="ACCUSE")  # the purpose belongs to the recall


def test_the_one_joined_in_an_act_does_it_too(rec):
    """'Canada joined Norway in condemning X': both condemn X; joining is no act of its own."""
    R = rec("Canada joined Norway in condemning the abuses committed by the junta.")
    sts = statements(R, act="ACCUSE")
    assert {R.actors[s.speaker].label for s in sts} == {"Canada", "Norway"}
    assert not statements(R, act="SUPPORT")


@pytest.mark.parametrize("verb, expected", [("join", "joining"), ("cooperate", "cooperating"), ("stop", "stopping"),
                                            ("open", "opening"), ("lie", "lying"), ("agree", "agreeing")])
def test_verb_issues_read_as_gerunds(verb, expected):
    from kg.extract.issues import gerund
    assert gerund(verb) == expected


@pytest.mark.parametrize("text, act", [
    ("Libya offered to hand over the two suspects to Britain.", "AGREE"),
    ("Chile and Peru agreed to share information on the missing fishermen.", "AGREE"),
    ("EU foreign ministers agreed to freeze the assets of twelve officials.", "SANCTION"),
    ("The rebels vowed to attack government positions.", "THREATEN"),
])
def test_promising_cooperation_is_agree_promising_force_is_a_threat(rec, text, act):
    R = rec(text)
    assert [s.act for s in R.statements if s.speaker] and {s.act for s in R.statements} == {act}


def test_a_refusal_given_as_reason_supports_what_was_refused(rec):
    R = rec("The African Union suspended Mali because of the junta's refusal to hand over power.")
    s = one(statements(R, act="SANCTION"))
    assert s.stance == "support" and "transfer of power" in s.issue.label


def test_suspended_until_a_clause_supports_it(rec):
    R = rec("ECOWAS said Niger is suspended until the elected president returns to power.")
    s = one(statements(R, act="SANCTION"))
    assert s.stance == "support" and s.issue is not None


def test_an_envoy_recalled_is_his_states_act_against_his_host(rec):
    R = rec("The Peruvian ambassador to Mexico was recalled on Monday in protest at the remarks.")
    s = one(statements(R, act="SANCTION"))
    assert (s.speaker, s.addressee) == (by_country(R, "PER").key, by_country(R, "MEX").key)
    assert s.stance == "oppose"


def test_declaring_and_denying_a_famine_meet_on_its_recognition(rec):
    R = rec("The United Nations has declared a famine in two regions of Somalia. "
            "Al-Shabab denies that the areas under its control are experiencing a famine.")
    un, shabab = actor(R, "United Nations"), actor(R, "al-Shabaab")
    a, b = one(statements(R, speaker=un)), one(statements(R, speaker=shabab))
    assert a.issue is b.issue and a.issue.label == "recognition of famine"
    assert (a.stance, b.stance) == ("support", "oppose")


def test_a_plain_statement_takes_no_side_on_a_negative_issue(rec):
    R = rec("The World Health Organization said hunger was spreading in the region.")
    assert all(s.stance != "support" or "recognition" in s.issue.label for s in R.statements if s.issue)


def test_urging_not_to_turn_away_opposes_turning_away(rec):
    R = rec("The United States urged the governments of the region not to turn away boats of people seeking refuge.")
    s = one(statements(R, act="REQUEST"))
    assert s.stance == "oppose" and s.issue.label == "turning away boats"


def test_blocking_aid_harms_it(rec):
    R = rec("Kenya accused the militants of blocking humanitarian aid to the camps.")
    s = one(statements(R, act="ACCUSE"))
    assert s.issue.label == "humanitarian assistance" and s.stance == "support"


def test_a_visit_for_a_purpose_takes_no_side_on_it(rec):
    R = rec("The rapporteur visited Japan to check the situation of three men who are believed to be detained.")
    s = one(statements(R, act="CONSULT"))
    assert s.stance is None and not R.positions


def test_one_label_per_issue_and_wordings_meet_on_the_generic_issue(pipeline):
    a = pipeline.process_text("Seoul opposed the forcible repatriation of North Korean defectors.", doc_id="a").records
    b = pipeline.process_text("Human rights groups condemned the repatriation of defectors.", doc_id="b").records
    ia, ib = a.statements[0].issue, b.statements[0].issue
    assert ia.key != ib.key and ia.label != ib.label          # two wordings, two issues …
    assert "repatriation-of-defector" in ia.broader and "repatriation-of-defector" in ib.broader  # … that meet
    assert ia.broader_labels["repatriation-of-defector"] == "repatriation of defector"


@pytest.mark.parametrize("text, act, stance", [
    ("Norwegian doctors handed over two tons of medicine to the Red Cross.", "AID", "support"),
    ("Egypt lifted the curfew in Sinai on Monday.", "CONCEDE", "oppose"),
    ("The National Union of Teachers called off its strike after talks with the government.", "CONCEDE", "oppose"),
    ("Turkey sent two warships to the eastern Mediterranean.", "MOBILIZE", None),
    ("Japan withdrew its envoy from Beijing.", "SANCTION", "oppose"),
])
def test_what_the_verb_acts_on_decides_the_act(rec, text, act, stance):
    R = rec(text)
    s = one(s for s in R.statements if s.act == act)
    assert s.stance == stance


def test_a_transfer_verb_without_what_it_transfers_is_no_act(rec):
    R = rec("Iranian and French negotiators return to Vienna this week for talks.")
    assert not statements(R, act="RETREAT")


def test_a_report_of_what_another_must_do_is_a_demand(rec):
    R = rec("Russia said on Tuesday that Georgia must return the captured helicopter.")
    s = one(R.statements)
    assert s.act == "REQUEST" and s.addressee == by_country(R, "GEO").key


def test_an_announced_act_is_the_announcers_act(rec):
    R = rec("Italy announced a suspension of air links with Serbia on Wednesday.")
    s = one(statements(R, act="SANCTION"))
    assert s.speaker == by_country(R, "ITA").key
    assert not statements(R, act="STATEMENT")


@pytest.mark.parametrize("text, act", [
    ("The Macedonian army prepared to resume shelling rebel positions.", "MOBILIZE"),
    ("Turkish police prevented a demonstration by students in Ankara.", "COERCE"),
    ("Kenya received a mission of observers from the African Union.", "RETREAT"),
    ("Jakarta forced the UN refugee agency out of the country.", "SANCTION"),
])
def test_more_acts_by_what_is_done(rec, text, act):
    R = rec(text)
    assert act in {s.act for s in R.statements}


@pytest.mark.parametrize("phrase, is_group", [
    ("Hundreds of dock workers", True), ("Human rights groups", True), ("Activists", True),
    ("The villages", False), ("Air links", False), ("The settlements", False)])
def test_groups_are_people_not_things(rec, phrase, is_group):
    R = rec(f"Iran said {phrase.lower() if phrase[0] == 'T' else phrase} had been attacked by militants.")
    assert any(a.kind == "group" for a in R.actors.values()) == is_group


def test_an_act_done_to_people_is_aimed_at_them(rec):
    R = rec("Security forces in Guinea have tortured scores of Liberian refugees, Human Rights Watch said.")
    s = one(statements(R, act="ASSAULT"))
    assert s.addressee is not None and "refugees" in R.actors[s.addressee].label


def test_reiterating_ones_demand_is_the_demand(rec):
    R = rec("The International Labor Office reiterated its demand that Israel ease restrictions on workers.")
    s = one(R.statements)
    assert s.act == "REQUEST" and s.addressee == by_country(R, "ISR").key


@pytest.mark.parametrize("text, acts", [
    ("Some information for this report was provided by Reuters.", set()),
    ("Al-Shabab has banned most foreign aid groups from its territory.", {"COERCE"}),
    ("The EU banned 29 Belarusian companies from operating in the bloc.", {"SANCTION"}),
    ("EU foreign ministers agreed to freeze the assets and extend a travel ban on 12 officials.", {"SANCTION"}),
])
def test_objects_and_coordination(rec, text, acts):
    R = rec(text)
    assert {s.act for s in R.statements} == acts
    if acts:
        assert len(R.statements) == 1  # coordinated acts of one kind by one actor are one act


def test_the_group_is_one_group_not_several(rec):
    R = rec("Aid groups say they cannot reach the areas because of restrictions imposed by al-Shabab. "
            "The group has banned most foreign aid groups from its territory.")
    s = one(statements(R, act="COERCE"))
    assert R.actors[s.speaker].label == "al-Shabaab"


def test_representatives_stand_for_their_states(rec):
    R = rec("The foreign ministers of Qatar and Oman said Monday they were recalling their envoys in the Syrian capital.")
    sts = statements(R, act="SANCTION")
    assert {(R.actors[s.speaker].country, R.actors[s.addressee].country if s.addressee else None) for s in sts} == {
        ("QAT", "SYR"), ("OMN", "SYR")}


def test_counterparts_from_a_body_are_the_body(rec):
    R = rec("The Kuwaiti foreign minister said he would meet his counterparts from the Gulf Cooperation Council soon.")
    s = one(statements(R, act="CONSULT"))
    assert R.actors[s.addressee].label == "Gulf Cooperation Council" and s.modality == "planned"


@pytest.mark.parametrize("text, act, speaker", [
    ("Demonstrators protesting the election results blocked roads in Lagos.", "PROTEST", "protesters"),
    ("Serb forces were engaged in ethnic cleansing against the Albanian population.", "ASSAULT", "Serb forces"),
])
def test_participles_and_statives_keep_their_subject(rec, text, act, speaker):
    R = rec(text)
    assert any(s.act == act and speaker.lower() in R.actors[s.speaker].label.lower() for s in R.statements)


def test_a_reporter_does_not_do_the_killing_it_reports(rec):
    R = rec("At least three civilians have been killed in a car bombing in Baghdad, Iraqi police said.")
    assert not statements(R, act="ASSAULT")


def test_troops_backed_by_tanks_do_not_back(rec):
    R = rec("Syrian troops backed by tanks have killed hundreds of people.")
    assert not statements(R, act="SUPPORT")
    s = one(statements(R, act="ASSAULT"))
    assert s.addressee is not None


def test_a_passive_conjunct_makes_its_subject_the_one_acted_on(rec):
    R = rec("Syrian officials made the trip twice and were arrested both times.")
    assert not statements(R, act="COERCE")  # they were arrested; who arrested them is not told


def test_a_multiword_cue_does_not_make_its_verb_a_reporting_verb(rec):
    # "make statement" is a speech cue; "made the trip" reports nothing, and is no promise
    R = rec("Syrian officials made the trip twice and were turned down both times.")
    assert not statements(R, act="REJECT") and not statements(R, act="AGREE")


@pytest.mark.parametrize("text, visitor, host", [
    ("Japanese Foreign Minister Taro Kono visited Beijing on Monday.", "JPN", "CHN"),
    ("The Japanese foreign minister made a visit to Beijing on Monday.", "JPN", "CHN"),
    ("U.S. officials traveled to Kabul on Tuesday.", "USA", "AFG"),
])
def test_a_visit_to_a_capital_visits_its_state(rec, text, visitor, host):
    R = rec(text)
    s = one(statements(R, act="CONSULT"))
    assert R.actors[s.speaker].country == visitor and s.addressee == host and s.cameo == "042"


def test_a_visit_home_is_no_visit(rec):
    R = rec("Japanese Foreign Minister Taro Kono flew to Tokyo on Monday.")
    assert not statements(R, act="CONSULT")


@pytest.mark.parametrize("text", [
    "Thousands of refugees travelled to Germany last year.",
    "Critics of the policies regarding Muslims traveling to the U.S. spoke out.",
])
def test_people_travelling_make_no_diplomatic_visit(rec, text):
    R = rec(text)
    assert not statements(R, act="CONSULT") and not events(R, "visit")


def test_taking_action_is_a_sanction_only_against_someone(rec):
    R = rec("The Treasury took action against three officials of the regime.")
    assert one(statements(R, act="SANCTION")).addressee is not None
    R = rec("The president later took action to allow the team into the country.")
    assert not statements(R, act="SANCTION")
    assert one(statements(R, act="CONCEDE")).cue == "allow into"


def test_what_an_enabling_verb_brings_about_is_the_issue(rec):
    R = rec("President Donald Trump asked the National Security Council to help the girls enter the country.")
    s = one(statements(R, act="REQUEST"))
    assert "enter" in s.issue.keywords and "girl" in s.issue.keywords


@pytest.mark.parametrize("text, act, addressee", [
    ("Syria says it is willing to withdraw its troops from Lebanon.", "AGREE", "LBN"),
    ("China is ready to work with the United States on climate.", "AGREE", "USA"),
    ("Japan said it was open to talks with North Korea.", "AGREE", None),
])
def test_an_adjective_of_readiness_with_its_clause_expresses_intent(rec, text, act, addressee):
    R = rec(text)
    s = one(statements(R, act=act))
    assert s.cue in ("willing", "ready", "open") and s.stance == "support"
    if addressee:
        assert s.addressee == addressee


def test_readiness_to_strike_is_a_threat_and_a_willing_partner_no_act(rec):
    R = rec("The Sudanese army said it is ready to strike rebel positions in Darfur.")
    assert statements(R, act="THREATEN") and not statements(R, act="AGREE")
    R = rec("Britain has been a willing partner of the United States.")
    assert not statements(R, act="AGREE")


@pytest.mark.parametrize("text, act, stance", [
    ("The United States is deeply concerned about the fighting in Blue Nile State.", "STATEMENT", "oppose"),
    ("Germany said it was disappointed by Turkey's decision to expel the ambassador.", "ACCUSE", "oppose"),
    ("The minister was alarmed by the violence against protesters.", "STATEMENT", "oppose"),
])
def test_adjectives_of_concern_and_disappointment(rec, text, act, stance):
    R = rec(text)
    s = one(statements(R, act=act))
    assert s.stance == stance and s.issue is not None


def test_concern_for_a_good_is_care_for_it(rec):
    R = rec("EU foreign policy chief Catherine Ashton said she was extremely concerned about the fate of "
            "civil society in Belarus.")
    s = one(statements(R, act="STATEMENT"))
    assert s.stance == "support" and "civil society" in s.issue.label
    R = rec("Ashton expressed concern about the erosion of human rights in Belarus.")
    assert one(statements(R, act="STATEMENT")).stance == "support"
    R = rec("Ashton expressed concern about the violence in Belarus.")
    assert one(statements(R, act="STATEMENT")).stance == "oppose"


def test_the_need_for_something_asks_for_it_and_is_not_held(rec):
    R = rec("The United States reiterated the need for a peaceful relationship between Sudan and South Sudan.")
    s = one(statements(R, act="REQUEST"))
    assert s.stance == "support" and "peaceful relationship" in s.issue.label
    R = rec("The fighting highlights the urgent need for negotiations between the Government of Sudan and the rebels.")
    assert all(e.modality == "hypothetical" for e in events(R, "talks")) and not statements(R, act="CONSULT")
    R = rec("The minister underlined the importance of dialogue with the opposition.")
    assert one(statements(R, act="STATEMENT")).stance == "support"


def test_a_person_s_affiliation_does_not_take_part_in_the_meeting(rec):
    R = rec("The meeting between President Bashir and SPLM/N Chairman Malik Agar in Khartoum ended on Sunday.")
    e = one(events(R, "meeting"))
    assert len(e.participants) == 2 and all(R.actors[k].kind == "person" for k in e.participants)


def test_a_protest_of_an_act_accuses_its_author(rec):
    R = rec("The United States has voiced its strong protest of the Russian government's attempts to "
            "intimidate embassy employees.")
    s = one(statements(R, act="ACCUSE"))
    assert R.actors[s.addressee].country == "RUS" and s.issue is not None


def test_the_basis_for_an_act_is_the_act(rec):
    R = rec("The United States completely rejects the basis for this unprovoked expulsion of its diplomats.")
    assert "expulsion" in one(statements(R, act="REJECT")).issue.label


@pytest.mark.parametrize("text, target", [
    ("Government troops shelled rebel positions near Goma on Sunday.", "rebel"),
    ("A temporary camp for Congolese refugees was attacked by Burundian militiamen.", "Congolese refugees"),
])
def test_an_attack_on_a_place_is_an_attack_on_whom_it_holds(rec, text, target):
    R = rec(text)
    s = one(statements(R, act="ASSAULT"))
    assert s.addressee is not None and target.lower() in R.actors[s.addressee].label.lower()
    assert s.addressee in one(events(R, "artillery_fire") + events(R, "attack")).participants


def test_a_policy_of_doing_something_is_doing_it(rec):
    """'maintained a policy of turning away boats': the holders of the policy do the act; the
    light verb says nothing of its own."""
    R = rec("Greece and Bulgaria have maintained a policy of turning away boats of refugees.")
    assert {R.actors[s.speaker].label for s in statements(R, act="REJECT")} == {"Greece", "Bulgaria"}
    assert not statements(R, act="STATEMENT")


def test_people_held_in_a_state_without_an_agent_are_held_by_that_state(rec):
    """An agentless arrest or detention 'in X' is the act of the state it happens in."""
    for text, iso in (("Two French students were arrested in Belarus on Friday.", "BLR"),
                      ("Three Canadian aid workers were detained in Tehran last week, their families said.", "IRN")):
        s = one(statements(R := rec(text), act="COERCE"))
        assert (s.speaker, s.addressee is not None) == (by_country(R, iso).key, True), text


def test_an_agentless_killing_has_no_one_to_blame(rec):
    assert not statements(rec("Three protesters were killed in Syria on Sunday."), act="ASSAULT")


@pytest.mark.parametrize("text, act, target", [
    ("Greece and Bulgaria have maintained a policy of turning away boats of refugees.", "REJECT", "refugees"),
    ("The coast guard intercepted a ship carrying 80 migrants.", "COERCE", "migrants"),
])
def test_an_act_on_a_vehicle_is_aimed_at_whom_it_carries(rec, text, act, target):
    R = rec(text)
    assert {R.actors[s.addressee].label for s in statements(R, act=act) if s.addressee} == {target}


@pytest.mark.parametrize("text, act, speaker", [
    ("Kenya announced a new plan, backed by the African Union, on Monday.", "SUPPORT", "African Union"),
    ("The ceasefire, rejected by the rebels, collapsed within a day.", "REJECT", "rebels"),
])
def test_a_participle_with_an_agent_is_the_agents_act(rec, text, act, speaker):
    """'a plan, backed by the AU': the AU backs the plan, not whoever announced it."""
    R = rec(text)
    assert {R.actors[s.speaker].label for s in statements(R, act=act)} == {speaker}


def test_a_participle_on_an_act_is_aimed_at_the_act_s_author(rec):
    R = rec("Kenya announced a new plan, backed by the African Union, on Monday.")
    assert one(statements(R, act="SUPPORT")).addressee == by_country(R, "KEN").key


def test_an_act_on_an_event_is_aimed_at_whoever_holds_it(rec):
    R = rec("Turkish police prevented the demonstration staged by students at Cumhuriyet University.")
    s = one(statements(R, act="COERCE"))
    assert "students" in R.actors[s.addressee].label


def test_refuge_sought_in_a_state_asks_that_state(rec):
    R = rec("Some 800,000 Iraqi Kurds sought refuge in Germany last month.")
    assert one(statements(R, act="REQUEST")).addressee == "DEU"


@pytest.mark.parametrize("text, speaker, act", [
    ("The pro-Iranian Hizbollah (Party of God) group declared a unilateral ceasefire in south Lebanon.", "Hezbollah", "RETREAT"),
    ("Osama bin Laden's al-Qaeda terror network has threatened to strike the United States.", "al-Qaeda", "THREATEN"),
])
def test_a_body_named_by_the_name_before_its_head(rec, text, speaker, act):
    R = rec(text)
    assert R.actors[one(statements(R, act=act)).speaker].label == speaker


def test_a_document_s_participle_speaks_for_its_issuer(rec):
    R = rec("The Kurdistan Workers' Party issued a declaration demanding that the Turkish government "
            "release its leader.")
    s = one(statements(R, act="REQUEST"))
    assert R.actors[s.speaker].label == "Kurdistan Workers' Party" and R.actors[s.addressee].country == "TUR"
    R = rec("Human Rights Watch released a report accusing Sudanese forces of war crimes.")
    s = one(R.statements)  # publishing the report is no release of anything
    assert s.act == "ACCUSE" and R.actors[s.addressee].label == "Sudanese forces"
    assert s.stance == "support" and "accountab" in s.issue.label  # against war crimes: for accountability


def test_a_subject_misread_as_a_clause_keeps_its_noun(rec):
    R = rec("The Red Cross operating in Iraq said US and British forces must ensure security.")
    sts = statements(R, act="REQUEST")
    assert sts and all("Red Cross" in R.actors[s.speaker].label for s in sts)


def test_promising_not_to_block_concedes(rec):
    R = rec("After talks in Geneva, Georgia said it will not block Russia's entry into the WTO.")
    s = one(statements(R, act="CONCEDE"))
    assert s.addressee == "RUS" and s.stance == "support" and "wto" in s.issue.label.lower()
    R = rec("Georgia did not block the proposal.")
    assert not statements(R, act="CONCEDE")


def test_a_participle_demonstrated_by_someone_is_no_street_protest(rec):
    R = rec("The United States joins the European Union in taking a strong stand against the abuses "
            "demonstrated by the Ortega-Murillo regime.")
    assert not statements(R, act="PROTEST") and not events(R, "protest")


@pytest.mark.parametrize("text", [
    "Serbia ordered the withdrawal of its ambassador to Washington.",
    "Serbia announced the recall of its ambassador to Washington.",
    '"We ordered the urgent withdrawal of our ambassador to Washington," Serbian Prime Minister Vojislav Kostunica said.',
])
def test_an_ordered_or_announced_recall_is_the_recall(rec, text):
    R = rec(text)
    s = one(statements(R, act="SANCTION"))
    assert s.cameo == "161" and s.addressee == "USA" and R.actors[s.speaker].country == "SRB"
    assert not statements(R, act="REQUEST")


def test_declaring_independence_is_a_claim(rec):
    R = rec("Serbia's province of Kosovo declared independence last Sunday.")
    s = one(statements(R, act="STATEMENT"))
    assert R.actors[s.speaker].label == "Kosovo"


def test_a_finite_verb_joined_to_an_infinitive_keeps_the_main_subject(rec):
    R = rec("The Secretary-General urges the DPRK to abide by the resolution and calls upon all Member "
            "States to ensure its implementation.")
    assert all(R.actors[s.speaker].kind == "person" for s in statements(R, act="REQUEST"))


def test_support_had_or_won_is_the_supporter_s(rec):
    R = rec("Georgia has the support of the United States and the European Union in reaching a deal.")
    sts = statements(R, act="SUPPORT")
    assert {(s.speaker, s.addressee) for s in sts} == {("USA", "GEO"), (actor(R, "European Union").key, "GEO")}
    R = rec("With the support of the UN, the talks resumed.")
    assert not statements(R, act="SUPPORT")


def test_coordinated_demands_are_one_request_per_issue(rec):
    R = rec("State Department spokeswoman Jen Psaki said Venezuelan authorities should release those unjustly "
            "jailed, allow freedom of speech, and begin a dialogue with Venezuelans across the political spectrum.")
    sts = statements(R, act="REQUEST")
    assert len({s.issue.key for s in sts}) == 3 and all(s.stance == "support" for s in sts)
    assert not statements(R, act="CONSULT")  # the dialogue asked for is not held


def test_a_coordinated_clause_with_its_own_auxiliary_is_no_content(rec):
    R = rec("The UN urged Iran to stop enrichment and will continue to monitor its facilities.")
    assert len(statements(R, act="REQUEST")) == 1


def test_vowing_not_to_yield_refuses(rec):
    R = rec("Israeli right-winger Ariel Sharon has vowed not to return the Golan Heights to Syria.")
    s = one(statements(R, act="REJECT"))
    assert s.addressee == "SYR" and s.stance == "oppose"
    assert not statements(R, act="AGREE")


def test_what_is_awaited_has_not_happened(rec):
    R = rec("The African Union suspended Ivory Coast until President Laurent Gbagbo steps down.")
    assert not statements(R, act="RETREAT")
    assert one(statements(R, act="SANCTION")).stance == "support"  # for the handover it awaits


def test_a_commitment_to_promoting_names_what_is_promoted(rec):
    R = rec("The United States continues to demonstrate its commitment to promoting accountability for the atrocities.")
    assert "accountab" in one(statements(R, act="AGREE")).issue.label


def test_declaring_independence_supports_it(rec):
    R = rec("Serbia's province of Kosovo declared independence last Sunday.")
    s = one(statements(R, act="STATEMENT"))
    assert s.stance == "support" and "independence" in s.issue.label


@pytest.mark.parametrize("text", [
    "Russia declared two U.S. diplomats persona non grata.",
    "The Russian Ministry of Foreign Affairs informed Ambassador Tracy on September 14 of the decision to "
    "declare two U.S. diplomats persona non grata.",
])
def test_declaring_diplomats_persona_non_grata_expels_them(rec, text):
    R = rec(text)
    s = one(statements(R, act="SANCTION"))
    assert s.cameo == "166" and R.actors[s.speaker].country == "RUS" and R.actors[s.addressee].country == "USA"
    assert one(events(R, "expulsion"))


def test_thanked_for_hosting_the_host_is_the_one_thanked(rec):
    R = rec("The Secretary-General thanked the Republic of South Africa for hosting the peace talks.")
    assert one(events(R, "talks")).participants == ["ZAF"]


def test_artillery_rounds_are_no_army(rec):
    R = rec("Yesterday, North Korea fired artillery rounds aimed at a loudspeaker in South Korea.")
    assert all(a.kind == "state" for a in R.actors.values())


@pytest.mark.parametrize("text,act", [
    ("The United States will continue to call out Russia's conduct in Ukraine.", "ACCUSE"),
    ("Canada took a firm stand against the repression of journalists.", "ACCUSE"),
    ("The United States is undertaking economic sanctions against Nicaragua.", "SANCTION"),
    ("The European Union will implement new restrictions on Belarus.", "SANCTION"),
])
def test_phrasal_and_light_verb_acts(rec, text, act):
    assert one(statements(rec(text), act=act)).stance == "oppose"


def test_deploying_what_is_no_force_mobilizes_nothing(rec):
    R = rec("The EU will deploy diplomatic and economic tools to support the restoration of democracy.")
    assert not statements(R, act="MOBILIZE") and not events(R, "mobilization")
    assert one(statements(R, act="SUPPORT")).modality == "planned"  # the purpose of a plan is planned
    R = rec("Russia deployed warships to the Black Sea.")
    assert one(statements(R, act="MOBILIZE")) and one(events(R, "mobilization"))


def test_a_condemning_report_accuses_without_a_named_author(rec):
    R = rec("Western observers said the presidential election was fraudulent.")
    assert one(statements(R, act="ACCUSE")).stance == "oppose"
    R = rec("Western observers said the presidential election was calm.")
    assert not statements(R, act="ACCUSE")


@pytest.mark.parametrize("text,stance,word", [
    ("Washington threatened to impose sanctions unless Gbagbo steps down.", "support", "power"),
    ("The United States said it may impose sanctions on Gbagbo if he fails to step down.", "support", "power"),
    ("North Korea threatened to attack unless South Korea stops the broadcasts.", "oppose", "broadcast"),
    ("North Korea said it would attack the loudspeakers if South Korea does not stop the broadcasts.",
     "oppose", "broadcast"),
])
def test_a_threat_is_about_its_condition(rec, text, stance, word):
    s = one(statements(rec(text), act="THREATEN"))
    assert s.modality == "asserted" and s.stance == stance and word in s.issue.label
    assert s.addressee is not None


def test_a_rally_to_protest_is_protested_by_who_rallies(rec):
    R = rec("Thousands of Kenyans converged on Nairobi for a rally to protest the new tax law.")
    s = one(statements(R, act="PROTEST"))
    assert R.actors[s.speaker].country == "KEN" and "tax" in s.issue.label


def test_stones_thrown_by_a_crowd_are_a_violent_protest(rec):
    s = one(statements(rec("Students threw stones at the police outside parliament."), act="PROTEST"))
    assert s.cameo == "145" and s.addressee is not None


@pytest.mark.parametrize("text,act,target", [
    ("Norway will give Malawi a grant of 40 million dollars.", "AID", "MWI"),  # an indirect object
    ("Government troops launched rocket fire against Mali.", "ASSAULT", "MLI"),
])
def test_given_to_and_fired_against(rec, text, act, target):
    R = rec(text)
    s = one(statements(R, act=act))
    assert R.actors[s.addressee].country == target


@pytest.mark.parametrize("text,act,target", [
    ("Hundreds of thousands of people blocked streets in Hong Kong in defiance of Chinese authorities.",
     "PROTEST", "CHN"),
    ("North Korea hacked the computers of South Korean officials.", "COERCE", "KOR"),  # whose the thing is
    ("Soldiers opened fire on the homes of Syrian villagers.", "ASSAULT", "SYR"),
    ("Armed men attacked the offices of Nigeria's electoral commission.", "ASSAULT", "NGA"),
])
def test_target_of_an_act_on_something_owned_or_defied(rec, text, act, target):
    R = rec(text)
    s = one(statements(R, act=act))
    assert s.addressee is not None and R.actors[s.addressee].country == target


def test_fire_against_camps_is_aimed_at_who_camps_there(rec):
    R = rec("The army launched rocket fire against rebel camps near the border.")
    s = one(statements(R, act="ASSAULT"))
    assert s.addressee is not None and "rebel" in R.actors[s.addressee].label


def test_an_event_first_hoped_for_then_told_as_done_happened(rec):
    text = "The Secretary-General urged the parties to continue the negotiations. " \
           "He thanked Kenya for hosting the negotiations in Nairobi."
    e = one(events(rec(text), "talks"))
    assert e.modality == "asserted" and e.span.start >= text.index("He thanked")  # the evidence it happened


def test_mobilizing_assistance_is_aid(rec):
    assert one(statements(rec("The United Nations will continue to mobilize assistance for the refugees."),
                          act="AID")).modality == "planned"


def test_the_purpose_of_sanctions_under_a_light_verb(rec):
    R = rec("Canada is undertaking these sanctions to promote accountability for the junta's abuses.")
    s = one(statements(R, act="SANCTION"))
    assert s.stance == "support" and "accountab" in s.issue.label


def test_a_strike_to_protest_against_a_decision_is_aimed_at_its_author(rec):
    R = rec("Hundreds of Kurds began a hunger strike to protest against Germany's decision to deport them.")
    s = one(statements(R, act="PROTEST"))
    assert R.actors[s.addressee].country == "DEU"


def test_a_hunger_strike_is_a_protest_by_anyone(rec):
    R = rec("Opposition lawmaker Ahmed Said started a hunger strike to protest the arrest of his colleagues.")
    assert one(statements(R, act="PROTEST")).cameo == "142" and not statements(R, act="ASSAULT")


def test_a_strike_on_positions_is_aimed_at_who_holds_them(rec):
    R = rec("The air force launched a strike on rebel positions.")
    assert "rebel" in R.actors[one(statements(R, act="ASSAULT")).addressee].label


def test_will_not_accept_is_a_refusal(rec):
    s = one(statements(rec("Jordan says it will not accept any more refugees."), act="REJECT"))
    assert s.modality == "asserted" and s.cameo == "120"


@pytest.mark.parametrize("text,target", [
    ("Nigeria announced that it will withdraw its peacekeeping force from Chad unless President "
     "Oueddei arranges a ceasefire.", "Oueddei"),
    ("The opposition party said it will boycott the elections unless the president agrees to step down.",
     "president"),
])
def test_an_act_to_compel_unless_is_a_threat(rec, text, target):
    R = rec(text)
    s = one(statements(R, act="THREATEN"))
    assert s.stance == "support" and target in R.actors[s.addressee].label


@pytest.mark.parametrize("text,act", [
    ("Beijing has expressed anger over the landing of the activists.", "ACCUSE"),
    ("Assad vowed to crush what he calls terrorists in the north.", "ACCUSE"),  # a condemning name
    ("Japan and India have been undertaking freedom of navigation operations in the region.", "MOBILIZE"),
    ("Russia conducted military exercises near the border.", "MOBILIZE"),
])
def test_anger_condemning_names_and_shows_of_force(rec, text, act):
    assert statements(rec(text), act=act)


def test_a_sea_named_after_a_state_is_no_mention_of_it(rec):
    R = rec("Australian warships sailed through the South China Sea.")
    assert "CHN" not in R.actors
    R = rec("Ivory Coast's election commission named Mr. Ouattara the winner.")
    assert "CIV" in R.actors


def test_an_event_named_by_the_headline_is_evidenced_by_the_story(rec):
    text = ("Statement on the Expulsion of Two Diplomats\n\n"
            "Minsk informed the Lithuanian embassy of its decision to expel two diplomats. "
            "Lithuania rejects this unprovoked expulsion.")
    e = one(events(rec(text), "expulsion"))
    assert text.index("Minsk") <= e.span.start < text.index("Lithuania rejects")


def test_a_word_of_a_name_is_no_event(rec):
    R = rec("The team won the FIRST Global Challenge (For Inspiration and Recognition of Science and Technology).")
    assert not events(R, "recognition")


def test_sanctions_share_the_purpose_one_side_gives(rec):
    R = rec("The European Union imposed new sanctions on Belarus in an effort to persuade Minsk to free "
            "political prisoners. The EU also froze the assets of twelve Belarusian officials.")
    for s in statements(R, act="SANCTION"):
        assert s.stance == "support" and "prisoner" in s.issue.label


def test_what_is_missing_is_wanted(rec):
    s = one(statements(rec("Sweden is disappointed that there has been no progress toward a ceasefire."),
                       act="ACCUSE"))
    assert s.stance == "support" and "ceasefire" in s.issue.label


def test_a_threat_without_a_condition_opposes_its_addressee(rec):
    s = one(statements(rec("President Maduro warned the protesters that security forces would clear the plaza."),
                       act="THREATEN"))
    assert s.addressee is not None and s.stance == "oppose"


def test_what_one_has_trouble_doing_is_wanted(rec):
    s = one(statements(rec("Relief agencies say they are having trouble delivering food to the north because "
                           "of attacks by the rebels."), act="ACCUSE"))
    assert s.stance == "support"


def test_an_act_told_in_a_relative_clause_is_a_fact(rec):
    R = rec("The army cracked down on students who had protested against the election.")
    assert "students" in R.actors[one(statements(R, act="PROTEST")).speaker].label
    R = rec("Assad said he would deal with what he calls outlaws who cut off roads.")  # inside a claim
    assert not statements(R, act="SANCTION")


def test_holding_and_taking_control(rec):
    assert one(statements(rec("Nicaragua continues to hold 170 political prisoners."), act="COERCE")).cameo == "173"
    R = rec("The United States condemned the violence. In Caracas, security forces took control of a plaza.")
    s = one(statements(R, act="COERCE"))
    assert R.actors[s.speaker].country == "VEN"  # the organ of the state the clause is in
    R = rec("Alassane Ouattara has been unable to take control of state institutions.")
    assert one(statements(R, act="COERCE")).modality == "denied"


@pytest.mark.parametrize("text,speaker,act", [
    ("Bahrain and Kuwait recalled their ambassadors from Damascus. Qatar became the first to do so.", "QAT", "SANCTION"),
    ("Germany expelled two Russian diplomats. France followed suit.", "FRA", "SANCTION"),
    ("Egypt mediated between Hamas and Israel, and Qatar did the same.", "QAT", "CONSULT"),
    # the same actor announcing it again, to others: a threat
    ("Serbia recalled its ambassador to Washington. Serbia says it will do the same to all countries "
     "that recognise Kosovo.", "SRB", "THREATEN"),
])
def test_do_so_and_follow_suit_repeat_the_act_told_before(rec, text, speaker, act):
    R = rec(text)
    assert any(s.speaker == speaker and "pro-act" in s.rule for s in statements(R, act=act))


def test_do_so_without_an_act_before_is_nothing(rec):
    assert not [s for s in rec("The minister said he did so because he was tired.").statements if "pro-act" in s.rule]


@pytest.mark.parametrize("text,act,stance,word", [
    # the harm is what the issue's own name says: standing against abuses opposes them
    ("Canada took a firm stand against the human rights abuses in Myanmar.", "ACCUSE", "oppose", "abuse"),
    # a harm far above the issue's word still harms it: not turning away asylum seekers protects them
    ("Spokesman Jeff Rathke asked the governments of the region not to turn away boats of people "
     "seeking asylum.", "REQUEST", "support", "refugee"),
    # aid is an issue one is for unless one says otherwise
    ("The Secretary-General stressed the critical role of international assistance for Yemen.",
     "STATEMENT", "support", "aid"),
    # a relative pronoun stands for what its clause is about
    ("Sweden is alarmed by the fighting in the north, about which it remains deeply concerned.",
     "STATEMENT", "oppose", "fighting"),
])
def test_stances_read_from_harms_valence_and_relatives(rec, text, act, stance, word):
    assert any(s.stance == stance and s.issue and word in s.issue.label for s in statements(rec(text), act=act))


def test_recalled_for_consultations_is_no_reason(rec):
    R = rec("Bahrain said it was recalling its ambassador in Damascus for consultations.")
    assert all(s.issue is None or "consult" not in s.issue.label for s in statements(R, act="SANCTION"))


@pytest.mark.parametrize("text,act,label", [
    # a verb with no object: who does it and the doing, not the place or the time
    ("Kenya said the delegates will leave by Friday.", "STATEMENT", "delegates leaving"),
    ("Witnesses said shelling resumed on Tuesday in Goma.", "STATEMENT", "shelling resuming"),
    # a passive's subject is what is done to
    ("Activists said at least 30 people were killed in the town on Monday.", "ACCUSE", "killing people"),
    # urging someone to do something is about the doing
    ("The AU condemned the coup in Mali. In a statement, AU Commission Chairman Moussa Faki said the generals "
     "are violating the charter, and urged Malian politicians to shun the junta.", None, "shunning junta"),
])
def test_issue_labels_are_phrases_not_fragments(rec, text, act, label):
    labels = [s.issue.label for s in statements(rec(text), act=act) if s.issue]
    assert label in labels and "urging Malian politicians" not in labels, labels


@pytest.mark.parametrize("text,act,fragment", [
    ("Brazil says it will need several weeks to study the offer.", "STATEMENT", "weeks"),
    ("Moscow refused to give Kyiv the information.", "REJECT", "information"),      # a shell noun alone
    ("Ghana says there were concerns the players would stay in Spain.", "STATEMENT", "concerns"),
    ("The junta ignored warnings from the African Union.", "REJECT", "warnings"),    # no complement of its own
    ("Canada said it was disappointed that there has been no follow through on the pledges.", "STATEMENT", "follow"),
    ('"Ten years ago, this would have been impossible," said the minister.', "STATEMENT", "years"),
])
def test_a_fragment_is_no_issue_label(rec, text, act, fragment):
    labels = [s.issue.label for s in statements(rec(text), act=act) if s.issue]
    assert not [x for x in labels if x == fragment or x.endswith(" " + fragment)], labels


@pytest.mark.parametrize("text,act", [
    # what is traded decides the act: fire or shots are fighting, insults accusations, not trade
    ("Armenia and Azerbaijan traded fire along the border on Tuesday.", "ASSAULT"),
    ("Armenia and Azerbaijan traded shots along the border on Tuesday.", "ASSAULT"),
    ("Armenia and Azerbaijan traded insults at the summit on Tuesday.", "ACCUSE"),
])
def test_trading_fire_or_insults_is_no_cooperation(rec, text, act):
    R = rec(text)
    assert {(s.speaker, s.addressee) for s in statements(R, act=act)} == {("ARM", "AZE"), ("AZE", "ARM")}
    assert not statements(R, act="COOPERATE")


@pytest.mark.parametrize("text,act,target", [
    # an act done to people is aimed at them
    ("The rebels released Governor John Akwa on Sunday.", "RETREAT", "John Akwa"),
    ("Somali pirates have kidnapped twelve Turkish aid workers near Kismayo, officials said.", "ASSAULT",
     "Turkish aid workers"),
])
def test_people_acted_on_are_the_target(rec, text, act, target):
    R = rec(text)
    s = one(statements(R, act=act))
    assert s.addressee is not None and target in R.actors[s.addressee].label


def test_issue_labels_name_what_a_reader_would(rec):
    R = rec("Spokeswoman Jen Psaki said Venezuelan authorities should release those unjustly jailed.")
    assert one(statements(R, act="REQUEST")).issue.label == "release of those unjustly jailed"
    R = rec("In Caracas, security forces took control of a plaza.")
    assert one(statements(R, act="COERCE")).issue is None  # the place taken is no issue


# ---------------------------------------------------------------- coordinated speech verbs


def test_coordinated_speech_verbs_are_acts_of_their_own(rec):
    R = rec("Brazil's foreign minister said the vote had been flawed and called on Venezuela "
            "to free the detained activists.")
    said = one(s for s in R.statements if s.cue == "say")
    assert "flawed" in said.content and "called" not in said.content
    call = one(statements(R, act="REQUEST"))
    assert call.speaker == said.speaker
    assert R.actors[call.addressee].country == "VEN"
    assert "activist" in call.issue.label


def test_a_coordinated_condemnation_keeps_its_own_content(rec):
    R = rec("The Dutch government said the talks had collapsed and condemned the shelling of Aleppo.")
    acc = one(statements(R, act="ACCUSE"))
    assert acc.stance == "oppose" and "shelling" in acc.issue.label
    said = one(s for s in R.statements if s.cue == "say")
    assert "condemned" not in said.content


def test_a_material_verb_coordinated_in_the_content_stays_content(rec):
    R = rec("Ukraine said Russian troops had entered Crimea and seized two airports.")
    said = one(s for s in R.statements if s.cue == "say")
    assert R.actors[said.speaker].country == "UKR" and "seized two airports" in said.content
    assert not any(R.actors[s.speaker].country == "UKR" for s in R.statements if s.cue == "seize")


# ---------------------------------------------------------------- evaluative states


#: an evaluative state -> the act it is coded as and a word of what it is against
EVALUATIVE = {
    "The Irish government is concerned that there has been fighting near the border with Chad.":
        "STATEMENT fighting",
    "Canada was deeply troubled by the violence against protesters in Minsk.": "STATEMENT violence",
    "Canada is disturbed by the violence against protesters in Minsk.": "STATEMENT violence",
    "Canada was appalled at the killing of aid workers in Darfur.": "ACCUSE killing",
    "Canada is dismayed by the arrests of opposition leaders.": "ACCUSE arrest",
    "Canada remains worried about the detentions of journalists.": "STATEMENT detention",
}


@pytest.mark.parametrize("text", list(EVALUATIVE))
def test_an_evaluative_state_opposes_what_it_is_about(rec, text):
    act, word = EVALUATIVE[text].split()
    R = rec(text)
    s = one(s for s in R.statements if s.act == act)
    assert s.stance == "oppose" and s.speaker == (by_country(R, "IRL") if "Irish" in text else by_country(R, "CAN")).key
    assert word in s.issue.label.lower() or word in " ".join(s.issue.keywords)
    assert any(p.holder == s.speaker and p.stance == "oppose" for p in R.positions)


def test_a_troubled_region_is_no_statement(rec):
    R = rec("Kenya sent troops to the troubled region on Monday.")
    assert not statements(R, act="STATEMENT")


# ---------------------------------------------------------------- sentences after titles


@pytest.mark.parametrize("text,n,speaker", [
    ("The fighting went on. Amb. Samantha Power said on Tuesday that the talks had failed.", 2, None),
    ("CAIRO -- Pres. Vladimir Putin arrived in Ankara on Monday for talks.", 1, None),
    ("Pres. Vladimir Putin urged both sides to return to the table.", 1, "Vladimir Putin"),
    ("The delegates flew back to the U.S. The talks resume next month.", 2, None),
    ("The fighting went on. U.N. Secretary-General Ban Ki-moon urged both sides to stop.", 2, "Ban Ki-moon"),
])
def test_no_sentence_ends_after_a_title(pipeline, rec, text, n, speaker):
    doc = pipeline.nlp(text)
    assert len(list(doc.sents)) == n, [s.text for s in doc.sents]
    if speaker:  # the title stays with the one who speaks
        R = rec(text)
        assert speaker in R.actors[one(statements(R, act="REQUEST")).speaker].label


# ---------------------------------------------------------------- what a material act is about


CRACKDOWN = "Malaysia has cracked down on drug trafficking along its northern border."
AMOUNT = "Norway committed $40 million in humanitarian assistance to flood victims in Sudan."


def test_what_a_material_act_is_about(rec):
    """A crackdown opposes the activity it is on (no one is its target); an amount of aid
    supports what it is of; a crackdown on people has them as its target and no issue."""
    crack = one(statements(rec(CRACKDOWN), act="COERCE"))
    assert "trafficking" in crack.issue.label and crack.stance == "oppose" and crack.addressee is None
    assert any(p.stance == "oppose" and "trafficking" in p.issue.label for p in rec(CRACKDOWN).positions)
    aid = one(statements(rec(AMOUNT), act="AID"))
    assert aid.issue is not None and "humanitarian" in aid.issue.label and aid.stance == "support"
    assert one(statements(rec("The police cracked down on the protesters in the capital."),
                          act="COERCE")).addressee is not None


def test_where_an_act_happens_is_no_object_of_its_issue(rec):
    R = rec("Britain said it was concerned that there had been arrests in Minsk.")
    s = one(s for s in R.statements if s.cue == "concerned")
    assert s.stance == "oppose" and "minsk" not in s.issue.label.lower()


@pytest.mark.parametrize("text, act, stance, word", [
    ("Taiwan's membership was opposed by Beijing at the assembly.", "REJECT", "oppose", "membership"),
    ("The naval blockade, condemned by the Arab League, entered its third week.", "ACCUSE",
     "oppose", "blockade"),
    ("Scotland's independence was recognised by Norway in the spring.", "SUPPORT", "support", "independence"),
])
def test_a_passive_acts_on_its_subject(rec, text, act, stance, word):
    """What a passive act is about is its subject, or the noun its participle modifies, when
    that is no actor (the speaker is the 'by' agent)."""
    from extract_helpers import issue_text

    s = one(s for s in rec(text).statements if s.act == act)
    assert s.stance == stance and word in issue_text(s.issue), s


def test_a_passive_on_an_actor_or_through_which_names_no_issue(rec):
    from extract_helpers import issue_text

    assert one(statements(rec("The consul was expelled by Egypt."), act="SANCTION")).issue is None
    welcome = one(statements(rec("Peru announced a ban on trawling, which was welcomed by Chile."), act="SUPPORT"))
    assert "trawling" not in issue_text(welcome.issue)   # "which": the parser's guess of the noun


@pytest.mark.parametrize("text, speaker, parties", [
    ("Ghana brokered a truce between Togo and Benin on Sunday.", "GHA", {"TGO", "BEN"}),
    ("Oman mediated a prisoner swap between Iran and Canada.", "OMN", {"IRN", "CAN"}),
])
def test_the_parties_of_a_brokered_deal_are_its_addressees(rec, text, speaker, parties):
    R = rec(text)
    acts = statements(R, act="CONSULT")
    assert {s.speaker for s in acts} == {speaker}
    assert {s.addressee for s in acts} == parties


@pytest.mark.parametrize("text, act, speaker, target", [
    ("Chile froze aid to Bolivia on Friday.", "SANCTION", "CHL", "BOL"),
    ("Peru banned imports from Ecuador.", "SANCTION", "PER", "ECU"),
    ("Spain has suspended arms sales to Morocco.", "SANCTION", "ESP", "MAR"),
    ("Japan resumed economic aid to Laos.", "AID", "JPN", "LAO"),
])
def test_a_material_act_on_a_thing_reaches_the_party_it_goes_to(rec, text, act, speaker, target):
    s = one(statements(rec(text), act=act))
    assert (s.speaker, s.addressee) == (speaker, target)


def test_a_speech_act_on_a_deal_is_not_addressed_to_its_parties(rec):
    s = one(statements(rec("Austria criticised the deal with Iran."), act="ACCUSE"))
    assert s.addressee != "IRN"


def test_the_envoys_of_two_states_meeting_are_the_two_states_meeting(rec):
    R = rec("The foreign ministers of Peru and Chile held talks in Lima on Monday.")
    assert {(s.speaker, s.addressee) for s in statements(R, act="CONSULT")} == {("PER", "CHL"), ("CHL", "PER")}
    assert sorted(one(R.events).participants) == ["CHL", "PER"]
    assert any(a.kind == "group" and "ministers" in a.label for a in R.actors.values())  # still mentioned


@pytest.mark.parametrize("text, act", [
    ("Bolivia and Paraguay restored diplomatic relations on Friday.", "SUPPORT"),
    ("Mali and Niger severed ties last year.", "SANCTION"),
])
def test_two_sides_that_make_or_break_relations_each_act_towards_the_other(rec, text, act):
    R = rec(text)
    pairs = {(s.speaker, s.addressee) for s in statements(R, act=act)}
    assert len(pairs) == 2 and all(a and b and a != b for a, b in pairs)


@pytest.mark.parametrize("text, act, speaker", [
    ("The Human Rights Council adopted a resolution condemning the executions.", "ACCUSE", "UNHRC"),
    ("The African Union adopted a declaration urging Sudan to end the fighting.", "REQUEST", "AU"),
])
def test_what_an_adopted_document_says_its_adopter_says(rec, text, act, speaker):
    R = rec(text)
    s = one(statements(R, act=act))
    assert s.speaker == speaker and s.stance == "oppose"
    assert statements(R, act="AGREE") or statements(R, act="SUPPORT")   # the adoption stands too


@pytest.mark.parametrize("text, word", [
    ("Damascus vowed revenge for the bombing of its embassy.", "bombing"),
    ("Caracas threatened retaliation over the new border fence.", "fence"),
])
def test_a_threat_answering_a_grievance_opposes_it(rec, text, word):
    s = one(statements(rec(text), act="THREATEN"))
    assert s.stance == "oppose" and s.issue is not None and word in s.issue.label


@pytest.mark.parametrize("text", [
    "The Dutch prime minister spoke with the Polish president on Tuesday.",
    "The Dutch prime minister held a phone call with the Polish president on Tuesday.",
])
def test_speaking_with_someone_or_calling_them_is_consulting(rec, text):
    R = rec(text)
    s = one(statements(R, act="CONSULT"))
    assert R.actors[s.speaker].country == "NLD" and R.actors[s.addressee].country == "POL"


def test_speaking_to_reporters_is_no_consultation(rec):
    assert not statements(rec("The Dutch prime minister spoke to reporters on Tuesday."), act="CONSULT")


def test_two_sides_agreeing_agree_with_each_other_not_with_what_they_move(rec):
    R = rec("Armenia and Azerbaijan agreed to pull back troops from the border.")
    assert {(s.speaker, s.addressee) for s in statements(R, act="AGREE")} == {("ARM", "AZE"), ("AZE", "ARM")}


def test_the_two_countries_are_the_two_states_the_story_named(rec):
    R = rec("Ghana summoned Togo's ambassador on Monday over the border incident. "
            "The two countries will hold talks in Accra next week.")
    assert {(s.speaker, s.addressee) for s in statements(R, act="CONSULT")} == {("GHA", "TGO"), ("TGO", "GHA")}
    assert {s.modality for s in statements(R, act="CONSULT")} == {"planned"}


@pytest.mark.parametrize("text", [
    "Fiji and Tonga are due to resume negotiations next month.",
    "Fiji and Tonga will hold talks next month.",
])
def test_an_act_named_by_a_noun_is_planned_by_the_verb_that_carries_it(rec, text):
    assert {s.modality for s in statements(rec(text), act="CONSULT")} == {"planned"}


# --- positions told as nouns, participles, elided objects ------------------------------------

@pytest.mark.parametrize("text, iso, act, stance, word", [
    ("Talks collapsed because of Sudan's refusal to hand over the suspects.", "SDN", "REJECT", "oppose", "suspects"),
    ("The summit ended early after Peru's rejection of the trade pact.", "PER", "REJECT", "oppose", "trade pact"),
    ("Bolivia's support for the canal project surprised the delegates.", "BOL", "SUPPORT", "support", "canal"),
    ("After the recognition of Palestine by Ireland, Israel recalled its envoy.", "IRL", "SUPPORT",
     "support", "palestine"),
])
def test_a_stance_noun_with_its_holder_states_the_stance_anywhere(rec, text, iso, act, stance, word):
    """'X's refusal to Y', 'the recognition of Z by X': a stance noun whose holder is named
    (possessor or 'by') and whose content is filled tells X's stance wherever the noun sits
    (a reason, a time clause, a subject)."""
    from extract_helpers import issue_text

    R = rec(text)
    s = one(statements(R, speaker=by_country(R, iso), act=act))
    assert s.stance == stance and word in issue_text(s.issue), s


def test_a_stance_noun_without_holder_or_content_states_nothing(rec):
    R = rec("The opposition to the dam grew in the north, and support was thin.")
    assert not statements(R, act="REJECT") and not statements(R, act="SUPPORT")
    R = rec("Chile's opposition held a rally in Santiago.")   # the opposition is a party
    assert not statements(R, act="REJECT")


def test_a_participle_with_an_agent_is_the_agents_act(rec):
    """'…, a verdict endorsed by X and Y': the agent of a participle does the act to the noun
    it modifies, wherever that noun sits."""
    R = rec("The court annulled the vote, a verdict endorsed by Kenya and Uganda.")
    sts = statements(R, act="SUPPORT")
    assert {R.actors[s.speaker].country for s in sts} == {"KEN", "UGA"}, sts


def test_recognising_a_state_takes_the_side_of_its_recognition(rec):
    """'Norway recognised Kosovo': the one recognised is the addressee, and the act is a side
    taken on the recognition itself (its own frame), so a protest against it meets it."""
    R = rec("Norway recognised Kosovo on Monday. Serbia condemned the decision.")
    nor, srb, xkx = by_country(R, "NOR"), by_country(R, "SRB"), actor(R, "Kosovo")
    s = one(statements(R, speaker=nor, act="SUPPORT"))
    c = one(statements(R, speaker=srb, act="ACCUSE"))
    assert s.addressee == xkx.key and s.stance == "support" and "recognition" in s.issue.label
    assert c.issue is s.issue and c.stance == "oppose"


@pytest.mark.parametrize("text, word", [
    ("Ghana has the support of Nigeria in seeking a seat on the Security Council.", "seat"),
    ("Ghana has the backing of Nigeria in reaching its goal of hosting the next summit.", "hosting"),
    ("Ghana has the support of Nigeria in its bid to host the next summit.", "host"),
])
def test_support_someone_has_is_for_what_they_seek(rec, text, word):
    """'X has the support of Y in seeking Z': Y supports X, and the issue is what X seeks (an
    endeavour noun, 'its bid to', 'its goal of', gives way to what it aims at)."""
    from extract_helpers import issue_text

    R = rec(text)
    s = one(statements(R, speaker=by_country(R, "NGA"), act="SUPPORT"))
    assert s.addressee == by_country(R, "GHA").key and s.stance == "support"
    assert word in issue_text(s.issue) and "goal" not in issue_text(s.issue), s.issue


def test_a_noun_restating_its_clause_stands_for_it(rec):
    """'X did Y, a move which Z condemned' / '…, a decision welcomed by Z': a restating noun set
    off by a comma stands for the clause before it, so Z's side is on Y (the frame of the
    story when Y is one), and Z, not X, acts."""
    R = rec("Kenya expelled two Somali diplomats, a move which Uganda condemned.")
    s = one(statements(R, speaker=by_country(R, "UGA"), act="ACCUSE"))
    assert "expulsion" in s.issue.label and s.stance == "oppose" and s.addressee == by_country(R, "KEN").key
    R = rec("Iraq expelled the Syrian ambassador, a decision welcomed by Jordan.")
    s = one(statements(R, speaker=by_country(R, "JOR"), act="SUPPORT"))
    assert "expulsion" in s.issue.label and s.stance == "support" and s.addressee == by_country(R, "IRQ").key
    assert not statements(R, speaker=by_country(R, "IRQ"), act="SUPPORT")
    R = rec("Chile's senate approved the treaty, a decision welcomed by Peru.")
    s = one(statements(R, speaker=by_country(R, "PER"), act="SUPPORT"))
    assert "treaty" in s.issue.label and R.actors[s.addressee].label == "Chile's senate", s


def test_a_ruling_restated_is_aimed_at_its_author(rec):
    R = rec("Malawi's supreme court declared Mr. Banda the victor of the runoff, a ruling backed by Zambia.")
    s = one(statements(R, speaker=by_country(R, "ZMB"), act="SUPPORT"))
    assert s.stance == "support" and "ruling" not in s.issue.label, s
    assert "court" in R.actors[s.addressee].label


def test_endorsing_an_annulment_opposes_what_was_annulled(rec):
    R = rec("The court annulled the vote, a verdict endorsed by Kenya and Uganda.")
    sts = statements(R, act="SUPPORT")
    assert {R.actors[s.speaker].country for s in sts} == {"KEN", "UGA"}
    assert all(s.stance == "oppose" and "vote" in " ".join(s.issue.keywords + [s.issue.label]) or
               s.issue.label == "election" and s.stance == "oppose" for s in sts), sts


def test_asking_someone_to_stop_plans_opposes_what_is_planned(rec):
    """'demanded that X stop plans to Y': X is the one asked, and Y is opposed (the negating
    head and the plan it negates compose; the plan gives way to what is planned)."""
    R = rec("Egypt demanded that Ethiopia abandon plans to fill the new reservoir.")
    s = one(statements(R, speaker=by_country(R, "EGY"), act="REQUEST"))
    assert s.addressee == by_country(R, "ETH").key and s.stance == "oppose" and "fill" in s.issue.label, s


def test_a_held_stance_in_a_reason_is_told_by_the_way(rec):
    """'suspended X because of Y's refusal to Z': Y's refusal is a fact the sentence takes as
    given, so Y opposes Z, besides the suspension."""
    R = rec("The league expelled Chad because of General Moussa's refusal to hold elections.")
    moussa = actor(R, "Moussa")
    s = one(statements(R, speaker=moussa, act="REJECT"))
    assert s.stance == "oppose" and "election" in s.issue.label.lower()


@pytest.mark.parametrize("text", [
    "Thailand keeps a policy of pushing back fishing boats, which Laos and Vietnam have criticised.",
    "Thailand keeps a policy of pushing back fishing boats which, according to diplomats, Laos and "
    "Vietnam have both criticised.",
])
def test_what_a_relative_clause_judges_is_the_act_and_its_author(rec, text):
    """'a policy of pushing back boats, which X criticised': X criticises the pushing back (an
    act, not the boats), aimed at who keeps the policy; a relative pronoun the parser reads as a
    second subject is the object of its clause."""
    R = rec(text)
    sts = statements(R, act="ACCUSE")
    assert {R.actors[s.speaker].country for s in sts} == {"LAO", "VNM"}, sts
    assert all("pushing back" in s.issue.label and s.stance == "oppose" for s in sts)
    assert all(s.addressee == by_country(R, "THA").key for s in sts)


@pytest.mark.parametrize("text, iso, act", [
    ("Russia expelled two Japanese diplomats on Friday. Japan protested, and Britain also condemned.", "GBR", "ACCUSE"),
    ("Russia expelled two Japanese diplomats on Friday. Japan protested, and Britain also condemned.", "JPN", "ACCUSE"),
    ("Russia expelled two Japanese diplomats on Friday. Japan reserves the right to respond.", "JPN", "THREATEN"),
    ("Russia expelled two Japanese diplomats on Friday. Tokyo vowed to retaliate.", "JPN", "THREATEN"),
])
def test_a_reaction_with_its_object_left_out_takes_the_act_before_it(rec, text, iso, act):
    """'Japan protested.' / 'Britain also condemned.' / 'reserves the right to respond': a side
    taken with no object named, or a reaction, is about the act the story told just before
    (a frame), against its author."""
    R = rec(text)
    s = one(statements(R, speaker=by_country(R, iso), act=act))
    assert s.issue is not None and "expulsion" in s.issue.label and s.stance == "oppose", s
    assert s.addressee == by_country(R, "RUS").key and "+frame(reaction)" in s.rule


def test_a_reaction_takes_no_act_of_its_own_speaker_nor_one_told_long_before(rec):
    R = rec("Japan expelled two Russian diplomats on Friday. Japan also protested.")
    assert all(s.issue is None for s in statements(R, act="ACCUSE"))
    R = rec("Russia expelled two Japanese diplomats on Friday. The talks resumed in March. "
            "Trade rose in April. Prices fell in May. Britain protested.")
    assert all(s.issue is None for s in statements(R, act="ACCUSE"))


def test_keeping_a_policy_is_being_for_what_it_does(rec):
    """'X has maintained a policy of Y': X is for Y (cues.tsv 'maintain policy')."""
    R = rec("Chile and Peru have maintained a policy of closing ports to foreign trawlers.")
    sts = [s for s in R.statements if s.cue == "maintain policy"]
    assert {R.actors[s.speaker].country for s in sts} == {"CHL", "PER"}
    assert all(s.stance == "support" and "closing ports" in s.issue.label for s in sts), sts
    assert {p.holder for p in R.positions} >= {s.speaker for s in sts}

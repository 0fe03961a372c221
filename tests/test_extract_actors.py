"""The actor layer on constructions of unseen news: state organs, named organisations and
their acronyms, places, first names, currencies and first-person voices. Sentences written for
these tests. Publication date is Thursday 2012-02-23.
"""
from __future__ import annotations

import pytest

from extract_helpers import actor, all_names, by_country, one, rec, run, statements  # noqa: F401

pytestmark = pytest.mark.slow


def organs_of(R, iso):
    return [a for a in R.actors.values() if a.country == iso and a.kind in ("government", "armed_group")
            and a.rule.startswith("actor.organ")]


# ============================================================================= state organs
def test_troops_security_forces_and_army_are_one_military_not_the_state(rec):
    R = rec("Ethiopian troops crossed the border on Monday, and security forces arrested dozens of "
            "students. The army later denied the arrests.")
    mil = one(organs_of(R, "ETH"))
    assert mil.kind == "government" and {"ethiopian troops", "security forces"} <= set(all_names(mil))
    assert one(statements(R, act="COERCE")).speaker == mil.key
    assert one(statements(R, act="REJECT")).speaker == mil.key
    assert "ETH" not in {s.speaker for s in R.statements}


def test_police_is_not_the_military(rec):
    R = rec("Kenyan police detained three journalists in Nairobi while Kenyan soldiers guarded the airport.")
    keys = {a.key: a for a in organs_of(R, "KEN")}
    assert len(keys) == 2
    police = actor(R, "Kenyan police")
    assert one(statements(R, act="COERCE")).speaker == police.key
    assert actor(R, "Kenyan soldiers").key != police.key


def test_navy_and_air_force_are_organs_of_their_own(rec):
    R = rec("The Philippine Navy escorted the ship while Philippine aircraft patrolled the reef.")
    navy, air = actor(R, "Philippine Navy"), actor(R, "Philippine aircraft")
    assert navy.key != air.key and navy.country == air.country == "PHL"
    assert one(statements(R, act="MOBILIZE")).speaker == air.key


@pytest.mark.parametrize("text,name,iso", [
    ("Police in Bolivia arrested an opposition leader.", "Police", "BOL"),   # "in X"
    ("Hungary's parliament approved the law on Tuesday.", "Hungary's parliament", "HUN"),
    ("The army of Chad shelled the rebel positions.", "army of Chad", "TCD"),
    ("Malian rebels attacked an army convoy.", "Malian rebels", "MLI"),
])
def test_the_country_of_an_organ(rec, text, name, iso):
    R = rec(text)
    a = actor(R, name)
    assert a.country == iso and a.kind in ("government", "armed_group")
    assert one(statements(R)).speaker == a.key


def test_an_organ_belongs_to_its_state_when_the_state_is_named(rec):
    R = rec("Police in Bolivia arrested an opposition leader.")
    assert actor(R, "Police").affiliation == "BOL"  # emitted as org:subOrganizationOf


def test_an_organ_the_gazetteer_names_is_that_entry(rec):
    R = rec("The Duma passed the bill. Russian parliament leaders said the vote was final.")
    duma = actor(R, "State Duma")
    assert duma.country == "RUS" and "russian parliament" in all_names(duma)


def test_one_member_of_an_organ_is_a_person_with_a_post(rec):
    R = rec("A Peruvian judge ordered the former minister to appear in court.")
    judge = one(a for a in R.actors.values() if a.post == "judge")
    assert judge.kind == "person" and judge.country == "PER" and judge.anonymous
    assert one(statements(R, act="REQUEST")).speaker == judge.key


def test_forces_of_an_organisation_are_that_organisation(rec):
    R = rec("NATO troops withdrew from the valley on Monday.")
    assert one(statements(R)).speaker == actor(R, "NATO").key
    assert not [a for a in R.actors.values() if a.kind == "government"]


def test_a_name_that_is_no_state_makes_an_armed_group(rec):
    R = rec("Chechen rebels ambushed a convoy near the border.")
    g = actor(R, "Chechen rebels")
    assert g.kind == "armed_group" and g.country is None


def test_forces_of_two_states(rec):
    R = rec("U.S. and British forces must protect the convoys, the Red Cross said.")
    assert {a.country for a in R.actors.values() if a.rule.startswith("actor.organ")} == {"USA", "GBR"}


@pytest.mark.parametrize("text,iso,organ,act", [
    # a state's hardware acting stands for the organ that flies, drives or sails it
    ("Egyptian jets struck militant camps in eastern Libya on Monday.", "EGY", "air-force", "ASSAULT"),
    ("Armenian tanks shelled two villages across the frontier overnight.", "ARM", "military", "ASSAULT"),
    ("Saudi drones attacked a rebel convoy near the border.", "SAU", "air-force", "ASSAULT"),
    ("Ukrainian helicopters bombed a fuel depot outside the city.", "UKR", "air-force", "ASSAULT"),
    ("Greek gunboats fired on a trawler in the Aegean.", "GRC", "navy", "ASSAULT"),
])
def test_a_states_hardware_acting_is_its_organ(rec, text, iso, organ, act):
    R = rec(text)
    s = one(statements(R, act=act))
    a = R.actors[s.speaker]
    assert a.country == iso and a.kind == "government" and a.rule.startswith("actor.organ")
    assert a.key.endswith(organ), a.key


@pytest.mark.parametrize("text", [
    "A Ugandan jet carrying forty passengers landed safely in Entebbe.",   # one machine, no organ
    "A Norwegian think tank warned that the talks would fail.",            # a tank of something else
    "Algerian oil tanks burned for two days after the blast.",
])
def test_hardware_of_something_else_is_no_organ(rec, text):
    R = rec(text)
    assert not [a for a in R.actors.values() if a.rule.startswith("actor.organ")], \
        [(a.key, a.label) for a in R.actors.values()]


def test_an_organ_named_in_passing_is_no_actor(rec):
    R = rec("The ministers met at an army base near the capital of Jordan.")
    assert not [a for a in R.actors.values() if a.rule.startswith("actor.organ")]


def test_an_organ_with_a_modifier_of_its_own_is_not_the_states(rec):
    R = rec("Chinese officials rejected the ruling of the arbitration court on Tuesday.")
    assert not [a for a in R.actors.values() if a.rule.startswith("actor.organ")]


def test_they_are_the_organ_named_before(rec):
    R = rec("Sudanese troops entered the town on Monday. They arrested dozens of men.")
    assert one(statements(R, act="COERCE")).speaker == actor(R, "Sudanese troops").key


def test_a_member_of_an_organ_named_beside_the_person(rec):
    R = rec("A member of the Kenyan parliament, Joseph Otieno, began a hunger strike on Monday.")
    p = actor(R, "Joseph Otieno")
    assert p.country == "KEN" and p.affiliation == actor(R, "Kenyan parliament").key


def test_ethnic_demonym_is_a_people_not_the_state(rec):
    R = rec("Ethnic Serb militants operating in Kosovo attacked a police post on Friday.")
    assert "SRB" not in {a.country for a in R.actors.values()}


@pytest.mark.parametrize("text, country", [
    ("Kenya's foreign ministry said the vote was flawed.", "KEN"),
    ("The Nigerian defence ministry said the vote was flawed.", "NGA"),
    ("Chile's ministry of foreign affairs said the vote was flawed.", "CHL"),
])
def test_a_ministry_written_in_lower_case_is_that_states_ministry(rec, text, country):
    R = rec(text)
    s = one(R.statements)
    speaker = R.actors[s.speaker]
    assert speaker.kind == "ministry" and speaker.country == country


def test_a_ministry_of_no_named_state_is_no_actor(rec):
    assert not [a for a in rec("The foreign ministry said the vote was flawed.").actors.values()
                if a.kind == "ministry"]


@pytest.mark.parametrize("text, country", [
    ("A Tunisian court sentenced three bloggers to prison on Monday.", "TUN"),
    ("A court in Kenya sentenced three bloggers to prison on Monday.", "KEN"),
])
def test_a_court_of_a_named_state_is_its_judiciary(rec, text, country):
    R = rec(text)
    s = one(statements(R, act="COERCE"))
    court = R.actors[s.speaker]
    assert court.country == country and court.kind == "government"


def test_a_court_of_no_named_state_is_no_actor(rec):
    assert not rec("A court sentenced three bloggers to prison on Monday.").statements


def test_a_government_dealing_with_other_states_is_its_state(rec):
    """In foreign relations a government speaks for its state: one actor, not two."""
    R = rec("Peru recalled its ambassador from Quito on Monday. The Ecuadorian government "
            "condemned the recall, and Ecuador said the decision was regrettable.")
    ecu = by_country(R, "ECU")
    assert ecu.kind == "state" and "the ecuadorian government" in all_names(ecu)
    assert one(statements(R, act="ACCUSE")).speaker == ecu.key


def test_a_government_facing_its_own_rebels_stays_a_party_of_its_own(rec):
    R = rec("Mali sent a delegation to Algiers. The Malian government and the rebels signed a "
            "peace accord on Friday.")
    gov = one(a for a in R.actors.values() if a.kind == "government" and a.country == "MLI"
              and not a.rule.startswith("actor.organ"))
    assert gov.key in {s.speaker for s in statements(R, act="AGREE")}


def test_a_regime_named_by_its_leader_is_a_government_not_the_story_s_voice(rec):
    """'The Boteza regime' names a government by its leader; 'the regime' after it is that
    government again, never the state that speaks of it."""
    R = rec("The United States condemned the Boteza regime's abuses on Monday. The regime continues "
            "to hold 90 political prisoners.")
    regime = actor(R, "Boteza regime")
    assert regime.kind == "government" and regime.country != "USA"
    assert one(statements(R, act="ACCUSE")).addressee == regime.key
    assert one(statements(R, act="COERCE")).speaker == regime.key


# ============================================================================= organisations
def test_a_state_inside_a_name_is_not_its_owner(rec):
    R = rec("The Kenya Human Rights Commission criticised the police on Monday.")
    c = actor(R, "Kenya Human Rights Commission")
    assert c.country == "KEN" and "KEN" not in R.actors
    assert one(statements(R, act="ACCUSE")).speaker == c.key


def test_state_organ_and_armed_movement_named_with_their_country(rec):
    R = rec("Clashes broke out between the Chad National Army and the Chad People's Liberation "
            "Movement/Army-East (CPLM/A-E) in the east. The CPLM/A-East said it had repelled the attack.")
    army = actor(R, "Chad National Army")
    assert army.kind == "government" and army.country == "TCD"
    movement = actor(R, "Chad People's Liberation Movement/Army-East")
    assert movement.kind != "state" and "cplm/a-east" in all_names(movement)
    assert one(statements(R)).speaker == movement.key


def test_parenthesised_acronym_is_an_alias(rec):
    R = rec("Britain's Office of Financial Sanctions Implementation (OFSI) fined the bank on Monday. "
            "OFSI said the breach was serious.")
    office = actor(R, "Office of Financial Sanctions Implementation")
    assert "ofsi" in all_names(office) and office.country == "GBR"
    assert len([a for a in R.actors.values() if a.kind == "organization"]) == 1


def test_a_misspelt_gazetteer_name_is_that_entry(rec):
    R = rec("The Europaen Union condemned the attack on Sunday.")
    assert one(statements(R, act="ACCUSE")).speaker == "EU"


def test_a_name_used_as_a_place_is_no_actor(rec):
    R = rec("Fighting spread into Upper Nile State on Monday. Rebels in Upper Nile killed ten soldiers. "
            "Aid agencies said Upper Nile needs food.")
    assert not [a for a in R.actors.values() if "upper nile" in " ".join(all_names(a))]


def test_a_state_named_with_the_is_the_state_not_a_place_inside_a_longer_name(rec):
    R = rec("New Zealand welcomed the decision by the Marshall Islands to hold talks. Patrols in the "
            "South China Sea worried the Maldives.")
    welcome = one(statements(R, act="SUPPORT"))
    assert welcome.speaker == "NZL" and welcome.addressee == "MHL"
    assert "MHL" in R.actors and "MDV" in R.actors
    assert "CHN" not in R.actors        # a sea named after a state is a place


def test_officials_in_a_state_or_its_capital_speak_for_it(rec):
    R = rec("Officials in Canberra said the quota was unfair. Officials in Chile rejected the plan. "
            "Diplomats in Lima said the talks had stalled. Officials in Geneva said the vote was delayed.")
    assert R.actors[one(statements(R, act="REJECT")).speaker].country == "CHL"
    countries = {R.actors[s.speaker].country for s in R.statements}
    assert "AUS" in countries
    assert "PER" not in countries and "CHE" not in countries   # foreign diplomats; a UN city


# ============================================================================= descriptions
def speakers_of(R, act):
    return {s.speaker for s in statements(R, act=act)}


@pytest.mark.parametrize("text,act,key", [
    # a description of an organisation is the one organisation of that kind the story named
    ("Finland joined NATO last year. On Tuesday the alliance urged Moscow to pull back its troops.",
     "REQUEST", "NATO"),
    ("Finland joined NATO last year. On Tuesday the Western military alliance urged Moscow to pull back "
     "its troops.", "REQUEST", "NATO"),
    ("The United Nations condemned the coup in Niger. The world body urged the junta to free the president.",
     "REQUEST", "UN"),
    ("ECOWAS suspended Guinea after the coup. The 15-nation bloc also urged the junta to hold elections.",
     "REQUEST", "ECOWAS"),
    # however far back it was named
    ("The European Union met Serbia's prime minister in Brussels on Monday. Serbia's leaders want to "
     "join soon. Talks on a trade deal began in 2019. Farmers in Serbia fear the competition. Belgrade "
     "expects a date this year. The bloc urged Belgrade to recognise Kosovo.", "REQUEST", "EU"),
    # its members acting together are the body
    ("The Security Council's fifteen members condemned the missile test on Monday.", "ACCUSE", "UNSC"),
    ("The Security Council met on Monday. All 15 council members condemned the missile test.", "ACCUSE", "UNSC"),
    # a description of a state is the one state of that kind the story named
    ("Denmark recalled its envoy from Iran on Monday. The kingdom also expelled two Iranian diplomats.",
     "SANCTION", "DNK"),
    ("Qatar and France discussed gas prices on Monday. The Gulf state later accused Egypt of meddling.",
     "ACCUSE", "QAT"),
    ("Fiji and Australia held talks on climate aid. The island nation later accused Canberra of "
     "bullying.", "ACCUSE", "FJI"),
    ("Saudi Arabia recalled its ambassador from Canada. Bahrain backed the oil-rich kingdom.",
     "SUPPORT", "BHR"),
])
def test_a_description_is_the_one_actor_of_its_kind_the_story_named(rec, text, act, key):
    assert key in speakers_of(rec(text), act)


@pytest.mark.parametrize("text,act,wrong", [
    # two organisations or states of that kind named: the description is none of them
    ("The EU and ASEAN signed a trade pact in June. The bloc urged Myanmar to free its prisoners.",
     "REQUEST", {"EU", "ASEAN"}),
    ("Jordan and Morocco signed a trade accord on Monday. The kingdom also expelled two Iranian diplomats.",
     "SANCTION", {"JOR", "MAR"}),
    ("Saudi Arabia and Bahrain met Canada's envoy on Monday. The kingdom later accused Canada of meddling.",
     "ACCUSE", {"SAU", "BHR"}),
    ("Qatar and Kuwait discussed gas prices on Monday. The Gulf state later accused Egypt of meddling.",
     "ACCUSE", {"QAT", "KWT"}),
    # a state of another kind is not it
    ("France discussed gas prices with Egypt on Monday. The Gulf state later accused Egypt of meddling.",
     "ACCUSE", {"FRA", "EGY"}),
])
def test_a_description_fitting_several_or_none_is_no_one(rec, text, act, wrong):
    assert not speakers_of(rec(text), act) & wrong


def test_a_description_ends_before_when(rec):
    R = rec("Norway's foreign minister summoned the Iranian ambassador on Monday to protest. The envoy "
            "to Chad last week met the Italian consul in Oslo on Friday to discuss the case.")
    labels = {a.label for a in R.actors.values()}
    assert "Iranian ambassador" in labels and "Italian consul in Oslo" in labels
    assert not [x for x in labels if "Monday" in x or "week" in x]


# ============================================================================= names and symbols
def test_a_first_name_is_not_a_capital_or_a_country(rec):
    R = rec("Victoria Alvarez said the talks had failed, and Jordan Peters agreed.")
    assert not [a for a in R.actors.values() if a.kind == "state"]
    assert {a.label for a in R.actors.values()} == {"Victoria Alvarez", "Jordan Peters"}


def test_a_currency_is_not_its_state(rec):
    R = rec("Haiti received US $5 million and 3 million U.S. dollars in aid.")
    assert "USA" not in R.actors


def test_a_surname_before_the_full_name_is_that_person(rec):
    R = rec("Mugabe rejects talks with opposition\n\nZimbabwe's President Robert Mugabe on Monday rejected "
            "talks with the opposition.")
    persons = [a for a in R.actors.values() if a.kind == "person"]
    assert [a.label for a in persons] == ["Robert Mugabe"]
    assert {s.speaker for s in statements(R, act="REJECT")} == {persons[0].key}


@pytest.mark.parametrize("text,iso", [
    # people who act in the news under a name of their trade or crowd are actors
    ("Somali pirates hijacked a Greek tanker off the coast on Monday.", "SOM"),
    ("Armed bandits abducted thirty pupils from a school in northern Nigeria on Friday.", None),
    ("An angry mob attacked the Danish embassy in Damascus on Saturday.", None),
])
def test_pirates_bandits_and_mobs_act(rec, text, iso):
    R = rec(text)
    s = one([s for s in R.statements if s.act in ("ASSAULT", "COERCE")])
    a = R.actors[s.speaker]
    assert a.kind in ("group", "armed_group") and (iso is None or a.country == iso), a


# ============================================================================= voices
def test_we_in_a_governments_statement_is_that_state(rec):
    R = rec("Japan is deeply concerned about the clashes between Armenia and Azerbaijan. "
            "We call on both sides to exercise restraint.")
    jpn, arm, aze = by_country(R, "JPN"), by_country(R, "ARM"), by_country(R, "AZE")
    assert {s.addressee for s in statements(R, speaker=jpn, act="REQUEST")} == {arm.key, aze.key}


def test_we_is_the_issuer_the_title_names(rec):
    R = rec("Statement by the Embassy of Canada\n\nThe authorities detained two journalists on Friday. "
            "We condemn these arrests.")
    embassy = actor(R, "Embassy of Canada")
    assert one(statements(R, act="ACCUSE")).speaker == embassy.key

"""Constructions that state an act without a verb of it, or with a verb that is no cue: an act
named by a noun with its agent, journalists as the ones acted on, "had talks with X",
"with the backing of X". Sentences written for these tests; publication date Thursday 2012-02-23."""
from __future__ import annotations

import pytest

from extract_helpers import actor, by_country, events, one, rec, run, statements  # noqa: F401

pytestmark = pytest.mark.slow


def the_act(rec, text, act):
    """The one statement of ``act`` a text gives, with its speaker's and addressee's actors."""
    R = rec(text)
    s = one(statements(R, act=act))
    return s, R.actors.get(s.speaker), R.actors.get(s.addressee) if s.addressee else None


# -- 1. an act named by a noun with a "by" agent ---------------------------------------------

@pytest.mark.parametrize("text, act, agent_iso, target_iso", [
    ("The seizure of two Peruvian fishing boats by the Chilean navy angered Lima.", "COERCE", "CHL", "PER"),
    ("Britain condemned the expulsion of four British diplomats by Moscow.", "SANCTION", "RUS", "GBR"),
    ("The detention of three Kenyan aid workers by Somali militiamen was reported on Monday.",
     "COERCE", "SOM", "KEN"),
    # no owner named: the one the act angered is its target
    ("The seizure of two fishing boats by the Chilean navy angered Lima.", "COERCE", "CHL", "PER"),
    ("Iran's seizure of the tanker outraged Britain.", "COERCE", "IRN", "GBR"),
])
def test_an_act_named_by_a_noun_with_its_agent_is_the_agents_act(rec, text, act, agent_iso, target_iso):
    s, who, whom = the_act(rec, text, act)
    assert who.country == agent_iso, who
    assert whom is not None and whom.country == target_iso, s
    assert s.modality == "asserted"


@pytest.mark.parametrize("text, act, agent, target", [
    ("The sanctions imposed on Belarus by the EU took effect on Monday.", "SANCTION", "European Union", "Belarus"),
    ("The airstrikes carried out by Russia destroyed a hospital.", "ASSAULT", "Russia", None),
])
def test_a_noun_act_done_by_a_participles_agent_is_the_agents_act(rec, text, act, agent, target):
    s, who, whom = the_act(rec, text, act)
    assert who.label == agent and (whom.label if whom else None) == target, s


def test_the_agent_may_hang_on_the_one_acted_on(rec):
    # the parser hangs "by police" on "leader": the arrest is still the police's
    s, who, whom = the_act(rec, "The arrest of the opposition leader by police in Caracas sparked protests.", "COERCE")
    assert "police" in who.label.lower()
    assert "opposition" in whom.label.lower()


def test_a_noun_act_in_what_another_says_is_told_by_the_way(rec):
    s, who, whom = the_act(rec, "Peru warned that the seizure of its fishing boats by Chile would have consequences.", "COERCE")
    assert who.country == "CHL"
    assert whom.country == "PER"


@pytest.mark.parametrize("text", [
    "The expulsion of the diplomats by decree came as a surprise.",
    "The arrest of the suspects by Friday is unlikely.",
    "The seizure of the boats angered Lima.",
])
def test_a_noun_act_without_an_actor_for_agent_is_no_act(rec, text):
    assert {s.act for s in rec(text).statements}.isdisjoint({"COERCE", "SANCTION"})


def test_a_noun_act_takes_the_modality_of_its_modifier(rec):
    s, who, whom = the_act(rec, "The planned expulsion of two Dutch diplomats by Iran was postponed.", "SANCTION")
    assert who.country == "IRN" and s.modality == "planned"


# -- 2. the press: acted on, never speaking ----------------------------------------------------

@pytest.mark.parametrize("text, act, agent_iso", [
    ("Police in Minsk arrested three journalists on Monday.", "ASSAULT", "BLR"),  # CAMEO: arresting journalists is repression
    ("Egyptian police detained two television reporters.", "COERCE", "EGY"),
    ("Russia expelled two Dutch correspondents.", "SANCTION", "RUS"),
    ("Three journalists were jailed in Turkey.", "COERCE", "TUR"),
    ("Egypt banned foreign journalists from the region.", "COERCE", "EGY"),
    ("Militants in Mali attacked dozens of journalists.", "ASSAULT", None),
])
def test_journalists_are_the_ones_acted_on(rec, text, act, agent_iso):
    s, who, whom = the_act(rec, text, act)
    assert agent_iso is None or who.country == agent_iso
    assert whom.kind == "group" and any(w in whom.label.lower() for w in ("journalist", "reporter", "correspondent"))


@pytest.mark.parametrize("text", [
    "Journalists said the talks had failed.",
    "Reporters in Cairo condemned the decision.",
    "Police in Minsk detained three journalists on Monday. The journalists later condemned the arrests.",
])
def test_journalists_never_speak_for_the_story(rec, text):
    R = rec(text)
    press = [k for k, a in R.actors.items() if any(w in a.label.lower() for w in ("journalist", "reporter"))]
    assert not [s for s in R.statements if s.speaker in press], R.statements


# -- 3. "have" carries a meeting, a call or talks, and nothing else -----------------------------

@pytest.mark.parametrize("text, source, target, modality", [
    ("French President Emmanuel Macron had a telephone call with Russian President Vladimir Putin on Friday.",
     "FRA", "RUS", "asserted"),
    ("Chancellor Angela Merkel had a phone conversation with President Vladimir Putin on Monday.", "DEU", "RUS", "asserted"),
    ("Japan will have consultations with South Korea next month.", "JPN", "KOR", "planned"),
    ("The Indian foreign minister had discussions with Chinese Foreign Minister Wang Yi.", "IND", "CHN", "asserted"),
    ("Japan has had no talks with China since May.", "JPN", "CHN", "denied"),
])
def test_having_talks_or_a_call_with_someone_is_consulting_them(rec, text, source, target, modality):
    s, who, whom = the_act(rec, text, "CONSULT")
    assert who.country == source and whom.country == target, s
    assert s.modality == modality


@pytest.mark.parametrize("text", [
    "Germany has concerns about the project.",
    "India has the right to defend itself.",
    "Poland has an agreement with Ukraine on grain exports.",
    "Israel has a blockade on Gaza.",
    "Britain has a call for restraint on the table.",
])
def test_having_anything_else_is_no_act(rec, text):
    assert not rec(text).statements


# -- 4. "with the backing of X", "backed by X": X supports whoever acts --------------------------

@pytest.mark.parametrize("text, actor_word, backer, act", [
    ("With the backing of Turkey, the rebels seized the town.", "rebels", "TUR", "COERCE"),
    ("With Iranian backing, Houthi fighters seized the port.", "houthi", "IRN", "COERCE"),
    ("Supported by France, Chadian troops attacked the rebels.", "chadian", "FRA", "ASSAULT"),
])
def test_a_backer_supports_whoever_acts_and_is_no_party_of_the_act(rec, text, actor_word, backer, act):
    s, who, whom = the_act(rec, text, act)
    assert actor_word in who.label.lower() and who.country != backer, who
    assert whom is None or whom.country != backer, whom
    support, backer_actor, backed = the_act(rec, text, "SUPPORT")
    assert backer_actor.country == backer and backed is who
    assert support.stance == "support" and support.modality == "asserted"


@pytest.mark.parametrize("text", [
    "Backed by Russia, the rebels attacked government positions.",
    "Russian-backed separatists shelled the town.",
    "Russia-backed rebels attacked the town.",
])
def test_a_backer_named_in_its_sentence_is_not_the_nationality_of_those_it_backs(rec, text):
    s, who, whom = the_act(rec, text, "ASSAULT")
    assert who.kind == "armed_group" and who.country != "RUS", who


def test_a_backer_in_a_modifier_describes_and_tells_no_act(rec):
    assert not statements(rec("Russian-backed separatists shelled the town."), act="SUPPORT")


def test_a_passive_participle_before_a_clause_is_its_agents_act_on_the_subject(rec):
    s, who, whom = the_act(rec, "Condemned by the United Nations, the junta banned all opposition parties.", "ACCUSE")
    assert who.label == "United Nations" and "junta" in whom.label.lower()


# -- 5-7. targets read off the content -----------------------------------------------------------

@pytest.mark.parametrize("text, act, target", [
    # a material act named by a noun on a thing reaches the party the thing goes to
    ("Britain announced the suspension of arms sales to Bahrain.", "SANCTION", "BHR"),
    ("Germany announced a suspension of flights with Iran.", "SANCTION", "IRN"),
    ("Japan ordered a ban on imports from North Korea.", "SANCTION", "PRK"),
    ("Canada announced the suspension of its aid program for Haiti.", "SANCTION", "HTI"),
    ("Japan lifted export curbs on South Korea.", "CONCEDE", "KOR"),
    # an act done despite someone's pressure is aimed at them
    ("The minister refused to resign despite pressure from the opposition.", "REJECT", "opposition"),
    ("North Korea launched a missile despite warnings from Japan.", "MOBILIZE", "JPN"),
    ("The president declined to step down in spite of calls by the African Union.", "REJECT", "African Union"),
    # asking for someone's going is aimed at them
    ("The opposition demanded the resignation of Prime Minister Viktor Orban.", "REQUEST", "Viktor Orban"),
    ("NATO called for the withdrawal of Russian troops from Georgia.", "REQUEST", "Russian troops"),
    ("Protesters demanded the removal of President Hosni Mubarak.", "REQUEST", "Hosni Mubarak"),
    # whose the object of a threatened or promised act is
    ("Turkey threatened to block Sweden's bid to join NATO.", "THREATEN", "SWE"),
    ("China promised to respect Vietnam's sovereignty.", "AGREE", "VNM"),
    # a capital aimed at or hit stands for its state
    ("Moscow lashed out at Washington over the new sanctions.", "ACCUSE", "USA"),
    ("Rebels fired rockets at Kabul.", "ASSAULT", "AFG"),
    ("Russian jets dropped bombs on Damascus.", "ASSAULT", "SYR"),  # (dropping bombs is no concession)
])
def test_the_target_read_off_the_content(rec, text, act, target):
    s, who, whom = the_act(rec, text, act)
    assert whom is not None and target in (whom.country, whom.label), (whom, s)


@pytest.mark.parametrize("text, act", [
    ("Iran vowed to continue enrichment despite sanctions.", "AGREE"),
    ("The minister refused to resign despite pressure from the opposition.", "REJECT"),
])
def test_what_an_act_is_done_despite_is_no_part_of_its_issue(rec, text, act):
    s, who, whom = the_act(rec, text, act)
    assert s.issue is None or not {"despite", "sanctions", "pressure"} & set(s.issue.label.split()), s.issue


def test_offering_to_mediate_between_two_sides_is_aimed_at_both(rec):
    R = rec("Egypt offered to mediate between Ethiopia and Sudan.")
    assert {(s.speaker, s.addressee) for s in statements(R, act="AGREE")} == {("EGY", "ETH"), ("EGY", "SDN")}


def test_asking_for_a_release_is_not_aimed_at_those_released(rec):
    s, who, whom = the_act(rec, "The European Union urged the release of the prisoners.", "REQUEST")
    assert s.addressee is None or "prisoner" not in whom.label.lower()


# -- 8. who is acted on: a movement's representatives, a people named by its name --------------

def test_a_movements_representatives_are_the_movement_as_object_and_as_subject(rec):
    for text in ("The US envoy met Taliban representatives in Doha.", "Taliban representatives met the US envoy in Doha."):
        R = rec(text)
        s = one(statements(R, act="CONSULT"))
        assert "TALIBAN" in (s.speaker, s.addressee), (text, s)


@pytest.mark.parametrize("text, act, people", [
    ("Myanmar expelled thousands of Rohingya to Bangladesh.", "SANCTION", "rohingya"),
    ("The Guinean junta threatened to disqualify opposition candidates from the election.", "THREATEN", "candidates"),
    ("Police arrested two presidential candidates in Minsk.", "COERCE", "candidates"),
    ("Turkish jets bombed Kurds in northern Iraq.", "ASSAULT", "kurds"),
])
def test_a_people_named_by_its_name_is_acted_on(rec, text, act, people):
    assert people in the_act(rec, text, act)[2].label.lower()


# -- 9. money in any currency ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Germany pledged 50 million euros to Ukraine.",
    "Germany pledged 50 million euros in humanitarian aid to Ukraine.",
])
def test_an_amount_in_any_currency_is_money_given(rec, text):
    s, who, whom = the_act(rec, text, "AID")
    assert s.speaker == "DEU" and s.addressee == "UKR", s
    assert s.issue is None or "euro" not in s.issue.label.lower()


# -- 10. the diplomatic words for a protest and a summons -------------------------------------------

@pytest.mark.parametrize("text, speaker, target", [
    ("Beijing lodged stern representations with Tokyo over the visit.", "CHN", "JPN"),
    ("China made solemn representations to the Philippines about the incident.", "CHN", "PHL"),
    ("Poland called in the Belarusian charge d'affaires over the incident.", "POL", "BLR"),
    ("Germany called in the Iranian envoy.", "DEU", "IRN"),
])
def test_representations_and_calling_in_an_envoy_are_formal_complaints(rec, text, speaker, target):
    s, who, whom = the_act(rec, text, "ACCUSE")
    assert who.country == speaker and whom.country == target, s
    assert s.cameo == "114"


def test_calling_in_the_army_is_no_complaint(rec):
    assert not statements(rec("The Peruvian government called in the army to restore order."), act="ACCUSE")


# -- 11. the possessor of a noun act with its object is its agent ----------------------------------

@pytest.mark.parametrize("text, act, agent, target", [
    ("Iran's seizure of a British tanker escalated tensions.", "COERCE", "IRN", "GBR"),
    ("The Chinese coast guard's detention of three Filipino fishermen drew protests from Manila.", "COERCE", "CHN", "PHL"),
    ("Following Russia's expulsion of two Estonian diplomats, Estonia expelled a Russian diplomat.", "SANCTION", "RUS", "EST"),
    ("Poland's arrest of two Belarusian nationals angered Minsk.", "COERCE", "POL", "BLR"),
])
def test_the_possessor_of_a_noun_act_with_its_object_is_its_agent(rec, text, act, agent, target):
    R = rec(text)
    pairs = {(R.actors[s.speaker].country, R.actors[s.addressee].country if s.addressee else None)
             for s in statements(R, act=act)}
    assert (agent, target) in pairs, pairs


def test_the_possessor_of_a_noun_act_without_object_is_what_it_is_done_to(rec):
    assert not statements(rec("Mali's suspension from the bloc was lifted in March."), act="SANCTION")


# -- 12. an attack on X is no act of X ---------------------------------------------------------------

@pytest.mark.parametrize("text, victim", [
    ("The United Nations condemned the attack on the Turkish embassy.", "TUR"),
    ("Russia condemned the sanctions against Iran.", "IRN"),
])
def test_condemning_an_act_on_someone_is_not_aimed_at_them(rec, text, victim):
    s, who, whom = the_act(rec, text, "ACCUSE")
    assert whom is None or whom.country != victim, (whom, s.issue)
    assert s.issue is None or "by" not in s.issue.label.split(), s.issue


# -- 13. a reaction something drew from someone ------------------------------------------------------

@pytest.mark.parametrize("text, act, speaker, target", [
    ("Russia's move drew sharp criticism from the European Union.", "ACCUSE", "European Union", "Russia"),
    ("The decision by Moscow to expel the diplomats drew condemnation from Washington.", "ACCUSE", "United States", "Russia"),
    ("Russia drew criticism from the European Union.", "ACCUSE", "European Union", "Russia"),
    ("The agreement drew praise from the United Nations.", "SUPPORT", "United Nations", None),
    ("Ukraine received military aid from the United States.", "AID", "United States", "Ukraine"),
])
def test_a_reaction_drawn_from_someone_is_theirs_on_what_drew_it(rec, text, act, speaker, target):
    s, who, whom = the_act(rec, text, act)
    assert who.label == speaker and (whom.label if whom else None) == target, s
    assert not statements(rec(text), act="CONSULT")


def test_a_noun_act_named_in_passing_is_an_act_but_no_new_event(rec):
    passing, named = "Tensions rose after Iran's seizure of a British tanker.", "The seizure of a British tanker by Iran raised tensions."
    for text in (passing, named):
        s, who, whom = the_act(rec, text, "COERCE")
        assert s.speaker == "IRN" and s.addressee == "GBR"
    assert not events(rec(passing), "seizure") and events(rec(named), "seizure")


# -- 14. "no" before what an act does denies it ----------------------------------------------------

@pytest.mark.parametrize("text, act", [
    ("Japan held no talks with China.", "CONSULT"),
    ("Russia imposed no new sanctions on Belarus.", "SANCTION"),
    ("Germany sent no troops to Mali.", "MOBILIZE"),
])
def test_no_before_what_an_act_does_denies_it(rec, text, act):
    s, who, whom = the_act(rec, text, act)
    assert s.modality == "denied"
    assert all(e.modality == "denied" for e in rec(text).events if e.act == act)


# -- 15. who acts along with the subject ---------------------------------------------------------------

@pytest.mark.parametrize("text, act, speakers", [
    ("France, along with Germany, condemned the coup in Niger.", "ACCUSE", {"FRA", "DEU"}),
    ("Japan, together with South Korea, protested the launch.", "ACCUSE", {"JPN", "KOR"}),
])
def test_who_acts_along_with_the_subject_acts_too(rec, text, act, speakers):
    assert {s.speaker for s in statements(rec(text), act=act)} == speakers



# -- keeping people out of a place --------------------------------------------------------

@pytest.mark.parametrize("text, act, who, where", [
    ("The rebels banned foreign aid groups from the region.", "COERCE", "aid groups", "region"),
    ("The junta barred Western journalists from the capital.", "COERCE", "journalists", "capital"),
    ("The militia has excluded UN inspectors from the northern provinces.", None, "inspectors", "provinces"),
])
def test_keeping_people_out_of_a_place_is_against_their_access_to_it(rec, text, act, who, where):
    R = rec(text)
    s = one([s for s in R.statements if act is None or s.act == act])
    assert s.stance == "oppose" and s.issue is not None, s
    assert "access" in s.issue.label and who in s.issue.label and where in s.issue.label, s.issue


# -- an act pursued as a policy -----------------------------------------------------------

def test_an_act_a_relative_clause_judges_stays_an_act(rec):
    R = rec("Spain has kept a policy of turning away boats of migrants, which Italy has criticised.")
    assert {R.actors[s.speaker].country for s in statements(R, act="REJECT")} == {"ESP"}
    assert {R.actors[s.speaker].country for s in statements(R, act="ACCUSE")} == {"ITA"}


@pytest.mark.parametrize("text, speaker", [
    ("Spain has maintained a policy of turning away boats of migrants.", "ESP"),
    ("Malta and Italy pursue a practice of turning away migrant boats.", "MLT"),
])
def test_who_keeps_a_policy_of_doing_something_is_for_doing_it(rec, text, speaker):
    R = rec(text)
    s = one([s for s in statements(R, act="REJECT") if R.actors[s.speaker].country == speaker])
    assert s.stance == "support" and s.issue is not None and "turning" in s.issue.label, s
    assert "boats" in s.issue.label, s.issue


def test_who_ends_a_policy_of_doing_something_is_against_doing_it(rec):
    R = rec("Spain ended its policy of turning away boats of migrants.")
    s = one(statements(R, act="REJECT"))
    assert s.stance == "oppose" and s.issue is not None and "boats" in s.issue.label, s

"""Groups named by a plural or collective noun phrase in an argument slot ("countries
neighboring the Korean Peninsula", "two entities and 11 individuals", "Yemeni political
leaders"). The key depends on the head lemmas, the country and the content modifiers, so
"entities and individuals" and "two entities and 11 individuals" are one group."""
from __future__ import annotations

from kg.slug import slug
from kg.extract import describe
from kg.extract.data import words
from kg.extract.parse import span as token_span, tokens

COLLECTIVE = words("collective_heads")
NOT_AGENTS = {"effort", "measure", "step", "way", "issue", "right", "principle", "action",
              "activity", "abuse", "violation", "sanction", "restriction", "area", "region",
              "term", "condition", "fund", "dollar", "billion", "million", "percent", "year",
              "month", "week", "day", "time", "thing", "matter", "case", "need", "problem",
              "service", "institution", "provision", "undertaking", "opportunity", "step",
              "hostility", "act", "force", "tool", "post", "shell", "round", "loudspeaker",
              "freedom", "liberty", "asset", "injury", "death", "casualty", "broadcast", "weapon", "attack", "report", "statement", "talk", "election", "vote",
              "medium", "press"}
PRESS = words("press_people")  # no agents; only acted on (``patient``)
AGENT_SUFFIXES = tuple(words("agent_suffix"))
QUANTIFIERS = {"all", "other", "some", "more", "several", "many", "most", "both", "any", "each",
               "the", "a", "an", "those", "these", "its", "their", "our"}


def _is_agent_noun(t, singular=False, patient=False) -> bool:
    """A plural noun that names people or bodies ("countries", "protesters", "two entities"),
    not things ("air links", "supplies", "villages"), or a collective noun ("the opposition");
    with ``singular``, also a singular one ("rebel" in "rebel positions"); with ``patient``
    (the one a material act is done to), also the people of the press ("three journalists")."""
    lemma = t.lemma_.lower()
    if lemma in PRESS:
        return patient and t.pos_ == "NOUN"
    if t.pos_ not in ("NOUN", "PROPN") and not (singular and t.pos_ == "ADJ" and lemma in words("group_heads")):
        return False  # ("rebel camps": the parser may tag the modifier an adjective)
    if lemma in NOT_AGENTS or t.like_num:
        return False
    if lemma in COLLECTIVE or t.ent_type_ == "NORP" and t.pos_ in ("NOUN", "PROPN"):
        return True  # (a people, whatever its number: "the Rohingya", "Kurds")
    if t.tag_ not in ("NNS", "NNPS") and not singular:
        return False
    if lemma in words("quantity_nouns") or lemma in ("dozen", "score", "number"):
        # "hundreds of dock workers", "dozens of prisoners": the people counted
        return any(_is_agent_noun(x, patient=patient) for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                   for p in c.children if p.dep_ == "pobj" for x in [p, *(y for y in p.children if y.dep_ == "conj")])
    if t.pos_ == "PROPN" or lemma in words("group_heads") or lemma.rstrip("s") in words("group_heads"):
        return True
    return lemma.endswith(AGENT_SUFFIXES) and lemma not in words("not_agent_word")


def is_agent_noun(t, singular=False) -> bool:
    """Whether a noun names people or a body (see ``group_for``)."""
    return _is_agent_noun(t, singular)


def _counted(t) -> list:
    """The people a quantity noun counts: 'thousands of Kenyans' -> Kenyans."""
    if t.lemma_.lower() not in words("quantity_nouns") and t.lemma_.lower() not in ("dozen", "score", "number"):
        return []
    return [p for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]


def of_someone(prep, reg, patient=False) -> bool:
    """Whether an "of" phrase names people or a body ("members of the opposition", "the army
    of Sudan"), not what they are said to do ("accused forces of war crimes")."""
    return any(p.dep_ == "pobj" and (p.pos_ == "PROPN" or reg.key_of_token(p) or _is_agent_noun(p, True, patient))
               for p in prep.children)


def group_for(reg, conj, singular=False, patient=False) -> str | None:
    heads = [t for t in conj if _is_agent_noun(t, singular, patient)]
    if not heads or len(heads) != len(conj):
        return None
    if len(conj) == 1 and describe.referent(reg, conj[0])[0]:
        return None  # "the alliance": a description of an organisation (kg.extract.coref)
    words = tokens(reg.doc)
    first = conj[0]
    # the phrase: each head with its left modifiers, short "of …" complements and short
    # participle modifiers ("countries surrounding the Korean Peninsula"); not clauses
    toks = set()
    for t in conj:
        toks.update(x.i for x in t.subtree if x.i <= t.i)
        for c in t.rights:
            sub = list(c.subtree)
            if c.dep_ == "prep" and c.lower_ == "of" and not of_someone(c, reg, patient):
                continue  # "accused Sudanese forces of war crimes": what they are accused of
            if (c.dep_ == "prep" and c.lower_ == "of" or c.dep_ == "acl") and len(sub) <= 6:
                toks.update(x.i for x in sub)
        if t.dep_ == "conj":
            toks.update(x.i for x in words[first.i:t.i])
    toks = {i for i in toks if not words[i].is_space}
    start, end = min(toks), max(toks) + 1
    while start < end and (words[start].lower_ in QUANTIFIERS or words[start].like_num or words[start].is_punct):
        start += 1
    if start >= end:
        return None
    country = None
    mods = []
    for t in conj:
        for c in t.lefts:
            if c.i in reg.country_hint:
                country = reg.country_hint[c.i]
            elif c.dep_ in ("amod", "compound") and c.lower_ not in QUANTIFIERS and not c.like_num:
                mods.append(c.lemma_.lower())
        for p in _counted(t) if country is None else ():  # "thousands of Kenyans", "scores of Liberian refugees"
            country = next((reg.country_hint[x.i] for x in [p, *p.lefts] if x.i in reg.country_hint), None)
    key = "g-" + slug("-".join(sorted(set(mods)) + sorted({t.lemma_.lower() for t in heads}) + ([country] if country else [])))
    if key not in reg.actors:
        # an unqualified later mention ("other political leaders") joins the qualified group
        base = slug("-".join(sorted(set(mods)) + sorted({t.lemma_.lower() for t in heads})))
        same = [k for k in reg.actors if k.startswith("g-" + base + "-") or k == "g-" + base]
        if same:
            key = same[0]
    text = " ".join(token_span(reg.doc, start, end).text.split())
    reg.ensure(key, label=text, kind="group", country=country, rule="actor.group.argument")
    reg.add_mention(start, end, key, "actor.group.argument", head=first.i)
    return key


def subject_groups(doc, reg, is_cue) -> None:
    """Plural subjects of act verbs become groups before coreference, so that a later
    "they" can find them ("Foreign ministers of the bloc agreed … They also banned …")."""
    for tok in tokens(doc):
        if tok.dep_ in ("nsubj", "nsubjpass") and is_cue(tok.head) and reg.key_of_token(tok) is None:
            conj = [tok] + [c for c in tok.children if c.dep_ == "conj"]
            if not any(reg.key_of_token(t) for t in conj):
                group_for(reg, conj)


REPRESENTATIVES = words("representative_heads")
MOVEMENT_KINDS = {"armed_group", "party"}  # bodies whose named people are the body
PRINCIPAL_KINDS = {"state", "government", "igo", "igo_body", "party", "armed_group", "organization"}


def principals(reg, conj) -> list[str]:
    """Representatives stand for whom they represent: 'the foreign ministers of Bahrain and
    Kuwait' are Bahrain and Kuwait, 'his counterparts from the Gulf Cooperation Council' the
    Council (word class representative_heads)."""
    keys = []
    for t in conj:
        if t.lemma_.lower() not in REPRESENTATIVES:
            return []
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "from"):
                for p in c.children:
                    if p.dep_ != "pobj":
                        continue
                    for x in [p, *(y for y in p.children if y.dep_ == "conj")]:
                        _principal(reg, x, keys)
            elif c.dep_ in ("poss", "compound") and c.i < t.i and t.lemma_.lower() == "member":
                _principal(reg, c, keys)  # "the Security Council's members", "council members"
            elif c.dep_ == "compound" and c.i < t.i and reg.actors.get(reg.key_of_token(c) or "") is not None \
                    and reg.actors[reg.key_of_token(c)].kind in MOVEMENT_KINDS:
                _principal(reg, c, keys)  # "Taliban representatives", "Hamas officials"
    return keys


def _principal(reg, x, keys) -> None:
    """Add the body a token names: its own mention, under the group's that covers it, or the
    one body of the story a description names ("the council")."""
    found = [m.key for m in reg.mentions if m.start <= x.i < m.end] + [reg.key_of_token(x)]
    if x.pos_ == "NOUN" and (k := describe.referent(reg, x, bare=x.dep_ == "compound")[1]):
        found.append(k)
    for k in found:
        if k and k not in keys and k in reg.actors and reg.actors[k].kind in PRINCIPAL_KINDS:
            keys.append(k)
            return


def represent(reg) -> None:
    """A group of representatives, and every pronoun that refers to it, stands for its
    principals ("The foreign ministers of Bahrain and Kuwait said they were recalling …":
    Bahrain and Kuwait recall)."""
    toks = tokens(reg.doc)
    for key, a in list(reg.actors.items()):
        if a.rule != "actor.group.argument":
            continue
        ms = [m for m in reg.mentions if m.key == key]
        heads = [toks[m.head] for m in ms if toks[m.head].pos_ in ("NOUN", "PROPN")]
        found = next((p for h in heads if (p := principals(reg, [h, *(c for c in h.children if c.dep_ == "conj")]))), [])
        if found:
            for m in ms:
                reg.multi[m.head] = list(found)


def populace(reg, keys) -> bool:
    """Whether the actors are unnamed groups of people ('refugees', 'Chinese tourists',
    'protesters'), not their representatives ('officials', 'a delegation'): their travels
    are no diplomatic visits."""
    if not keys:
        return False
    toks = tokens(reg.doc)
    for k in keys:
        a = reg.actors.get(k)
        if a is None or a.rule != "actor.group.argument":
            return False
        if any(toks[m.head].lemma_.lower() in REPRESENTATIVES for m in reg.mentions if m.key == k):
            return False
    return True


def press(reg, key) -> bool:
    """Whether an actor is a group of the press ("three journalists"): acted on, never a speaker."""
    a = reg.actors.get(key)
    toks = tokens(reg.doc)
    return a is not None and a.rule == "actor.group.argument" and any(
        toks[m.head].lemma_.lower() in PRESS for m in reg.mentions if m.key == key)

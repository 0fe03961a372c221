"""Groups named by a plural or collective noun phrase in an argument slot ("countries
neighboring the Korean Peninsula", "two entities and 11 individuals", "Yemeni political
leaders"). The key depends on the head lemmas, the country and the content modifiers, so
"entities and individuals" and "two entities and 11 individuals" are one group."""
from __future__ import annotations

from kg.rdf.iri import slug

COLLECTIVE = {"community", "leadership", "junta", "opposition", "public", "people", "regime",
              "military", "army", "coalition", "alliance"}
NOT_AGENTS = {"effort", "measure", "step", "way", "issue", "right", "principle", "action",
              "activity", "abuse", "violation", "sanction", "restriction", "area", "region",
              "term", "condition", "fund", "dollar", "billion", "million", "percent", "year",
              "month", "week", "day", "time", "thing", "matter", "case", "need", "problem",
              "service", "institution", "provision", "undertaking", "opportunity", "step",
              "hostility", "act", "force", "tool", "post", "shell", "round", "loudspeaker"}
QUANTIFIERS = {"all", "other", "some", "more", "several", "many", "most", "both", "any", "each",
               "the", "a", "an", "those", "these", "its", "their", "our"}


def _is_agent_noun(t) -> bool:
    if t.pos_ not in ("NOUN", "PROPN"):
        return False
    lemma = t.lemma_.lower()
    if lemma in NOT_AGENTS or t.like_num:
        return False
    return t.tag_ in ("NNS", "NNPS") or lemma in COLLECTIVE


def group_for(reg, conj) -> str | None:
    heads = [t for t in conj if _is_agent_noun(t)]
    if not heads or len(heads) != len(conj):
        return None
    doc = reg.doc
    first, last = conj[0], conj[-1]
    start = first.left_edge.i
    end = max(t.right_edge.i for t in conj) + 1
    # keep the phrase short: modifiers and "of/in/from …" complements, not relative clauses
    for t in conj:
        for c in t.rights:
            if c.dep_ in ("relcl", "acl") and c.i < end and len(list(c.subtree)) > 6:
                end = min(end, c.i)
    while start < end and (doc[start].lower_ in QUANTIFIERS or doc[start].like_num or doc[start].is_punct):
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
    key = "g-" + slug("-".join(sorted(set(mods)) + sorted({t.lemma_.lower() for t in heads}) + ([country] if country else [])))
    if key not in reg.actors:
        # an unqualified later mention ("other political leaders") joins the qualified group
        base = slug("-".join(sorted(set(mods)) + sorted({t.lemma_.lower() for t in heads})))
        same = [k for k in reg.actors if k.startswith("g-" + base + "-") or k == "g-" + base]
        if same:
            key = same[0]
    text = doc[start:end].text
    reg.ensure(key, label=text, kind="group", country=country, rule="actor.group.argument")
    reg.add_mention(start, end, key, "actor.group.argument", head=first.i)
    return key

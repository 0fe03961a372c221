"""Organs of a state, and a country's armed groups, named by common nouns: "Syrian troops",
"the Sri Lankan army", "Turkish police", "Poland's parliament", "Russian aircraft" (the air
force), "security forces in Guinea", "Afghan rebels", "Burundian militiamen".

The nouns and the organ each names come from ``kg/data/gazetteer/agents.tsv`` (derived from the
PETRARCH2 agents dictionary), the organs from ``organs.tsv``. Each organ of each country is one
actor per article: "Syrian troops", "security forces" and "the army" in a story about Syria are
the same actor, kind ``government`` (``armed_group`` for rebels), with the country (and the
state as its ``affiliation`` when the article names the state). The country
is named by a modifier ("Syrian", "Israel's", "U.S."), an "of X" or an "in X" complement, or, for
a bare noun ("the army", "security forces"), the same organ named before in the article, else
the state the article is about. An organ the gazetteer names (``state_organs.tsv``: the Knesset,
the IDF) is that entry. A noun owned by an organisation ("the forces of the SPLM", "NATO
troops") is that organisation; one qualified by a non-state name ("Moslem forces", "Chechen
rebels") is an armed group of its own. One member of an organ ("an Argentine judge") is a
person with a post (see :func:`member_title`; kg.extract.persons makes the person); several
members ("Israeli soldiers") and the organ's equipment ("warplanes") stand for the organ.
In a story of a coup a bare "soldiers"/"the army" is the junta (collectives.tsv), not the state.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract import backing, groups
from kg.extract.data import DATA, collectives, read_tsv, words
from kg.extract.gazetteer import PostInfo
from kg.extract.parse import entities, filter_spans, span as token_span, tokens
from kg.slug import slug

OWNER_KINDS = {"igo", "igo_body", "organization", "armed_group", "party", "ministry", "government"}
NAMED_KINDS = {"PROPN"}
NAME_ENTS = {"NORP", "ORG", "GPE", "LOC"}
FOCUS_POSSESSORS = {"country", "nation", "state"}  # "the country's military"
ROLE = {"military": "military", "navy": "military", "air_force": "military", "police": "official",
        "judiciary": "official", "legislature": "legislator", "intelligence": "official",
        "rebels": "military", "agency": "official"}
# a mention is "weak" when the text names no country for it (see weak())
CONTEXT, MODIFIER = "actor.organ.context", "actor.organ.modifier"


@dataclass(frozen=True)
class Agent:
    phrase: str       # as written in agents.tsv ("security force")
    organ: str
    form: str         # body | member | equipment
    plural: bool      # the surface form matched is the plural


@dataclass(frozen=True)
class Organ:
    organ: str
    kind: str
    key: str          # template with {iso}
    label: str        # template with {state}


def _plural(word: str) -> str:
    if word.endswith("man"):
        return word[:-3] + "men"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    return word + "s"


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("’", "'").split())


@lru_cache(maxsize=1)
def table():
    """(surface forms by last word, longest first; organs by name)."""
    index: dict[str, list[tuple[tuple[str, ...], Agent]]] = {}
    for _, r in read_tsv(DATA / "agents.tsv", ("phrase", "plural", "organ", "form", "code", "source")):
        words = _norm(r["phrase"]).split()
        forms = [(tuple(words), False)]
        if r["plural"] and r["plural"] != "-":
            forms.append((tuple(_norm(r["plural"]).split()), True))
        elif not r["plural"]:
            h = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
            forms.append((tuple(words[:h] + [_plural(words[h])] + words[h + 1:]), True))
        for ws, plural in forms:
            index.setdefault(ws[-1], []).append((ws, Agent(r["phrase"], r["organ"], r["form"], plural)))
    for v in index.values():  # longest first; a form written in the file before a derived plural
        v.sort(key=lambda x: (-len(x[0]), x[1].plural and x[0] != tuple(_norm(x[1].phrase).split())))
    organs = {r["organ"]: Organ(r["organ"], r["kind"], r["key"], r["label"])
              for _, r in read_tsv(DATA / "organs.tsv", ("organ", "kind", "key", "label"))}
    return index, organs


def organ_key(organ: str, iso: str | None, phrase: str = "") -> str:
    tpl = table()[1][organ].key.replace("{phrase}", slug(phrase))
    return tpl.format(iso=iso) if iso else re.sub(r"-?\{iso\}-?", "", tpl)


def _phrases_at(doc, i):
    """Agents whose surface form ends at token i: [(start, Agent)], longest first."""
    toks = tokens(doc)
    cands = table()[0].get(toks[i].lower_)
    if not cands:
        return []
    out = []
    for words, agent in cands:
        j, k = i, len(words) - 1
        while k > 0 and j > 0:
            j -= 1
            t = toks[j]
            if t.text in ("-", "‐") and j > 0:
                continue
            if t.lower_ != words[k - 1] and _norm(t.text) != words[k - 1]:
                break
            k -= 1
        if k == 0:
            out.append((j, agent))
    return out


def matches(doc):
    """(start, end, Agent) of agent nouns heading a noun, longest first per position."""
    memo = doc.user_data.get("kg_organ_matches")
    if memo is not None:
        return memo
    toks = tokens(doc)
    found = {}
    for t in toks:
        if t.pos_ not in ("NOUN", "PROPN"):
            continue
        if t.dep_ in ("compound", "nmod") and t.head.lemma_.lower() in words("munition_heads"):
            continue  # "artillery rounds", "artillery fire": what is fired, not who fires
        for start, agent in _phrases_at(doc, t.i):
            found.setdefault((start, t.i + 1), agent)
    keep = filter_spans(found)
    memo = doc.user_data["kg_organ_matches"] = [(s, e, found[(s, e)]) for s, e in keep]
    return memo


def member_title(doc, i) -> tuple[int, str, PostInfo] | None:
    """One member of an organ ending at token i, as a post: (start, title, PostInfo), e.g.
    "judge", "police officer" ("an Argentine judge" is a person with the post of judge)."""
    tok = tokens(doc)[i]
    if tok.dep_ in ("compound", "nmod") and tok.head.pos_ == "NOUN":
        return None  # "a spy plot", "judge shopping": a modifier, not a person
    for start, agent in _phrases_at(doc, i):
        if agent.form == "member" and not agent.plural:
            speaks = "organization" if agent.organ == "rebels" else "state"
            return start, token_span(doc, start, i + 1).text, PostInfo(agent.phrase, ROLE[agent.organ], speaks)
    return None


def is_organ_noun(tok) -> bool:
    """The token ends an agent noun that stands for an organ ("forces", "army", "troops")."""
    return any(a.form != "member" or a.plural for _, a in _phrases_at(tok.doc, tok.i))


# ---------------------------------------------------------------- the pass


def find(nlp, doc, reg, gaz, focus: str | None) -> None:
    toks = tokens(doc)
    named = {(e.country, e.organ): e for e in gaz.entries.values() if e.organ}
    persons = {i for e in entities(doc) if e.label_ == "PERSON" for i in range(e.start, e.end)}
    last: dict[str, str] = {}  # organ -> key of its last mention
    taken = {i for s, e, row in collectives.matches(nlp, doc) for i in range(s, e)}  # "coup leaders"
    for start, end, agent in matches(doc):
        head = toks[end - 1]
        if any(i in reg.by_token for i in range(start, end)):
            continue
        if agent.form == "member" and not agent.plural or gaz.post(agent.phrase) is not None:
            continue  # one person with a post, or a title (kg.extract.persons)
        indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in head.children)
        if indefinite and agent.organ != "judiciary":
            continue  # "a transitional national council": not the state's organ
        if agent.form == "equipment" and _of_something_else(head, start):
            continue  # "oil tanks", "a think tank": a machine of another kind
        nxt = reg.by_token.get(end)
        if end in persons or nxt is not None and toks[end].pos_ == "PROPN" and reg.actors[nxt.key].kind != "state":
            continue  # "Judge X", "the rebel group al-Shabab": a title or a description of a name
        owner, countries, via = _owner(doc, head, start, reg, focus)
        if owner is not None:  # "the forces of the SPLM", "NATO troops", "Taliban militants"
            left, right = _extent(head, start, reg)
            reg.add_mention(left, right, owner, "actor.organ.owner", head=head.i)
            continue
        if indefinite and (not countries or via == CONTEXT):
            continue  # "a court": any court; "a Russian court", "a court in Iran": that state's courts
        if not countries:
            name = _group_name(doc, head, start, reg)
            if name is not None and agent.organ in ("military", "rebels"):
                left, right = _extent(head, start, reg)
                key = "org-" + slug(name)
                reg.ensure(key, label=name, kind="armed_group", rule="actor.organ.named_group")
                reg.add_mention(left, right, key, "actor.organ.named_group", head=head.i)
                continue
            if start in taken or head.i in taken or agent.form == "equipment":
                continue  # a collective actor ("coup leaders" in a coup story); "the aircraft" is none
            if any(c.dep_ in ("relcl", "acl") for c in head.children) or _qualified(head, start):
                continue  # "the forces over which they exercise control", "the arbitration court"
            via = CONTEXT
        if head.dep_ in ("compound", "nmod") and head.head.i > head.i and via != CONTEXT:
            via = MODIFIER
        slot = (agent.organ, agent.phrase) if agent.organ == "agency" else agent.organ
        if via == CONTEXT and slot in last:  # the same organ named before
            keys = [last[slot]]
        else:
            several = MODIFIER if len(countries) > 1 else via  # "U.S. and British forces": generic labels
            backers = backing.backer_countries(head.sent, reg.country_hint)  # ("Russian-backed separatists")
            keys = [_ensure(doc, reg, gaz, named, agent, iso, head, start, several)
                    for iso in countries or [focus if focus not in backers else None]]
        left, right = _extent(head, start, reg)
        reg.add_mention(left, right, keys[0], via, head=head.i)
        if len(keys) > 1:  # "U.S. and British forces"
            reg.multi[head.i] = keys
        last[slot] = keys[0]


def _ensure(doc, reg, gaz, named, agent, iso, head, start, via) -> str:
    state = iso if iso in reg.actors and reg.actors[iso].kind == "state" else None  # the organ's parent
    e = named.get((iso, agent.organ))
    if e is not None:
        a = reg.from_entry(e, rule="actor.organ")
        a.affiliation = a.affiliation or state
        return e.key
    o = table()[1][agent.organ]
    key = organ_key(agent.organ, iso, agent.phrase)
    entry = gaz.entries.get(iso) if iso else None
    label = o.label.replace("{phrase}", agent.phrase)
    generic = label.format(state=entry.label) if entry else label.split(" of ")[0].split(" in ")[0]
    text = _label(doc, head, start, reg)
    explicit = via not in (CONTEXT, MODIFIER)
    a = reg.ensure(key, label=text if explicit else generic, kind=o.kind, country=iso, rule="actor.organ",
                   affiliation=state)
    if explicit and a.label == generic:  # a generic label gives way to the first explicit name
        a.label = text
    return key


def _left(head, start, reg) -> int:
    """The first token of the noun phrase an agent noun heads, or of the one it modifies when
    a country stands there ("Russian" in "Russian parliament leaders", not "a" in "a police
    station")."""
    left = min(head.left_edge.i, start)
    if head.dep_ in ("compound", "nmod") and head.head.i > head.i:
        outer = head.head.left_edge.i
        if any(i in reg.country_hint or i in reg.by_token for i in range(outer, left)):
            left = outer
    return left


def _label(doc, head, start, reg) -> str:
    toks = tokens(doc)
    left, right = _extent(head, start, reg)
    while left < start and (toks[left].dep_ in ("det", "predet") or toks[left].is_punct):
        left += 1
    return " ".join(token_span(doc, left, right).text.split())


def _extent(head, start, reg):
    right = head.i + 1
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ == "of" and groups.of_someone(c, reg):
            right = c.right_edge.i + 1
    return _left(head, start, reg), right


def _owner(doc, head, start, reg, focus):
    """(owner actor key, [ISO3 ...], via) for an agent noun: an organisation that owns it, or the
    countries the text names for it."""
    toks = tokens(doc)
    countries: list[str] = []

    def note(t):
        m = reg.by_token.get(t.i)
        if m is not None and m.key in reg.actors:
            a = reg.actors[m.key]
            if a.kind == "state":
                return a.key
            if a.kind in OWNER_KINDS:
                return ("owner", a.key)
            if a.kind == "person" and a.country:
                return a.country
        return reg.country_hint.get(t.i)

    left = _left(head, start, reg)
    backers = {x.i for t in toks[left:start] for b in backing.backer_tokens(t) for x in b.subtree}
    for t in toks[left:start]:  # "Syrian", "Israel's", "U.S. and British", "NATO"
        if t.i in backers:
            continue  # "Turkish-backed rebels" are no Turkish rebels (kg.extract.backing)
        got = note(t)
        if isinstance(got, tuple):
            return got[1], [], "actor.organ.owner"
        if got and got not in countries:
            countries.append(got)
        if t.dep_ == "poss" and t.head is head and t.lower_ in FOCUS_POSSESSORS and focus:
            countries.append(focus)  # "the country's military"
    for c in head.rights:
        if c.dep_ != "prep" or c.lower_ not in ("of", "in") or countries:
            continue
        for t in c.subtree:  # "the army of Sudan", "the forces of the SPLM", "security forces in Guinea"
            got = note(t)
            if isinstance(got, tuple):
                if c.lower_ == "of":
                    return got[1], [], "actor.organ.owner"
                continue
            if got:
                countries.append(got)
                break
    if not countries and head.dep_ in ("nsubj", "nsubjpass"):
        for c in head.head.children:  # "In Caracas, security forces took control of a plaza"
            if c.dep_ == "prep" and c.lower_ == "in":
                got = next((g for t in c.subtree if isinstance(g := note(t), str)), None)
                if got:
                    countries.append(got)
                    break
    return None, countries, "actor.organ"


def _qualified(head, start) -> bool:
    """A bare organ noun with a modifier of its own that is not a state's ("the arbitration
    court", "the local police"): some body, not the state's organ."""
    return any(c.i < start and (c.dep_ in ("compound", "nmod") and c.lower_ not in words("state_qualifier")
                                or c.dep_ == "amod" and c.lower_ in words("other_body")) for c in head.children)


def _of_something_else(head, start) -> bool:
    """Equipment qualified by a common noun of its own ("oil tanks", "think tank", "cargo
    jets"): no weapon of the state's forces. A model name ("T-72 tanks") keeps it one."""
    return any(c.i < start and c.dep_ in ("compound", "nmod") and c.text[:1].islower()
               and c.lower_ not in words("state_qualifier") for c in head.children)


def _group_name(doc, head, start, reg) -> str | None:
    """'Moslem forces', 'Chechen rebels': a name that is no state qualifies the noun."""
    toks = tokens(doc)
    mods = [t for t in toks[head.left_edge.i:start] if t.head is head or t.head.i in range(start, head.i + 1)]
    named = [t for t in mods if t.dep_ in ("amod", "compound", "nmod") and t.i not in reg.country_hint
             and (t.pos_ in NAMED_KINDS or t.ent_type_ in NAME_ENTS) and t.text[:1].isupper()
             and not (t.i == t.sent.start and t.pos_ != "PROPN")]
    if not named:
        return None
    return _label(doc, head, named[0].i, reg)


def weak(reg, key: str) -> bool:
    """No mention of the organ names its country (bare "the army", "police station"), and none
    is the subject of a clause: nothing in the text makes it an actor of the story."""
    ms = [m for m in reg.mentions if m.key == key]
    toks = tokens(reg.doc)
    return bool(ms) and all(m.via in (CONTEXT, MODIFIER) and toks[m.head].dep_ not in ("nsubj", "nsubjpass")
                            for m in ms)


def names_organ(doc, start: int, end: int, reg) -> bool:
    """Tokens start..end are the name of a state's organ: an organ noun qualified only by the
    state and words such as "Royal", "National" ("the Sudan Armed Forces", "Indonesian Navy")."""
    toks = tokens(doc)
    for s, agent in _phrases_at(doc, end - 1):
        if agent.form != "body" or s < start:
            continue
        country = False
        for t in toks[start:s]:
            m = reg.by_token.get(t.i)
            if m is not None and reg.actors.get(m.key) is not None and reg.actors[m.key].kind == "state" \
                    or t.i in reg.country_hint:
                country = True
            elif t.lower_ not in words("state_qualifier") and t.dep_ != "det":
                return False
        return country
    return False

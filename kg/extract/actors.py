"""Actor mentions: gazetteer names, metonyms and epithets, spaCy entities, ministries,
governments, persons with posts, anonymous officials and collective actors.

Input: a parsed spaCy Doc. Output: a Registry with one Actor per actor and every mention.
Coreference of pronouns and nominals is in kg.extract.coref.
"""
from __future__ import annotations

from collections import Counter

from kg.extract import backing, organisations, organs, persons
from kg.extract.data import collectives, ministries, words
from kg.extract.gazetteer import load_gazetteer
from kg.extract.matcher import find as gazetteer_find
from kg.extract.parse import entities, span as token_span, tokens
from kg.extract.registry import Registry
from kg.slug import slug

GOVERNMENT_WORDS = {"government", "authorities", "administration", "cabinet", "leadership"}
REGIME_WORDS = {"regime"}  # a state named by its regime (its organs: kg.extract.organs)
MINISTRY_HEADS = {"ministry", "department", "office", "ministries"}


def find_actors(nlp, doc) -> Registry:
    reg = Registry(doc)
    gaz = load_gazetteer()
    _gazetteer_mentions(nlp, doc, reg, gaz)
    _ellipsis(doc, reg, gaz)
    _governments(doc, reg, gaz)
    _ministries(doc, reg, gaz)
    organisations.find(doc, reg, gaz)
    organs.find(nlp, doc, reg, gaz, dominant_state(reg) or _hinted_state(reg))
    persons.find(doc, reg, gaz)
    organisations.aliases(doc, reg)
    _collectives(nlp, doc, reg)
    return reg


def dominant_state(reg: Registry) -> str | None:
    """The state mentioned most often: the article's country in focus."""
    counts = Counter()
    for m in reg.mentions:
        a = reg.actors.get(m.key)
        if a and a.kind == "state":
            counts[a.key] += 1
    return counts.most_common(1)[0][0] if counts else None


def _hinted_state(reg: Registry) -> str | None:
    """The state named most often by a demonym or a place when no state is named itself."""
    counts = Counter(reg.country_hint.values())
    return counts.most_common(1)[0][0] if counts else None


# ---------------------------------------------------------------- gazetteer


def _is_place_use(tok) -> bool:
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in words("place_prep"):
        return not (head.lower_ == "at" and head.head.lemma_.lower() in words("aiming_words"))  # "lashed out at Washington"
    if tok.dep_ == "appos" and head.lower_ in ("capital", "city"):
        return True
    if tok.dep_ == "dobj" and head.lemma_ in words("place_verb"):
        return True
    if tok.dep_ == "pobj" and head.lower_ in ("to", "from") and head.head.lemma_ in words("place_verb"):
        return True  # "returned to Seoul", "flew from Kabul"
    return False


def _currency(doc, s: int, e: int) -> bool:
    """'US $5 million', 'U.S. dollars': a state's name that qualifies its currency."""
    toks = tokens(doc)
    nxt = toks[e] if e < len(toks) else None
    return nxt is not None and (nxt.text.startswith("$") or nxt.lemma_.lower() in ("dollar", "cent")
                                and toks[e - 1].head is nxt)


def _in_person_name(doc, s: int, e: int, persons: list) -> bool:
    """A first name that is also a capital or a country ("Victoria Nuland", "Jordan Henderson"):
    one word that begins a longer PERSON entity, or is followed by a surname the text also uses
    alone."""
    if e - s != 1:
        return False
    if any(ps == s and e < pe for ps, pe in persons):
        return True
    toks = tokens(doc)
    if e >= len(toks) or toks[e].pos_ != "PROPN" or not toks[e].text[:1].isupper():
        return False
    surname = toks[e].text
    return any(t.text == surname and t.i != e and toks[t.i - 1].text != toks[s].text for t in toks[1:])


def _inside_place_name(doc, s, e) -> bool:
    """Whether tokens s..e lie inside a longer geographic (non-political) name the parser
    found: a sea, a gulf, a mountain range (spaCy's LOC entities)."""
    toks = tokens(doc)
    return any(x.label_ == "LOC" and x.start <= s and e <= x.end and any(
        toks[i].text[:1].isalpha() and toks[i].tag_ not in ("POS", "DT") for i in (*range(x.start, s), *range(e, x.end)))
        for x in entities(doc))  # ("Ivory Coast's", "the Solomon Islands" are the state's own name)


def _gazetteer_mentions(nlp, doc, reg: Registry, gaz) -> None:
    matches = gazetteer_find(nlp, doc)
    persons_at = [(x.start, x.end) for x in entities(doc) if x.label_ == "PERSON"]
    keys_named = {k for s, e, k, via in matches if via in ("name", "abbrev", "capital", "seat", "demonym")}
    for s, e, key, via in matches:
        span = token_span(doc, s, e)
        if via == "context_epithet":  # "the kingdom": the one state it can name that the story names
            named = {m.entry.key for m in gaz.lookup(span.text) if m.via == "context_epithet"} & keys_named
            if len(named) != 1:
                continue
            key = named.pop()
        entry = gaz.entries[key]
        if entry.kind == "state" and via in ("name", "capital") and _in_person_name(doc, s, e, persons_at):
            continue
        if entry.kind == "state" and _currency(doc, s, e):
            continue
        if via in ("name", "capital") and _inside_place_name(doc, s, e):
            continue  # "the South China Sea", "the Gulf of Mexico": a place named after the state
        if via == "demonym":
            if s > 0 and tokens(doc)[s - 1].lower_ == "ethnic":
                continue  # "ethnic Albanian guerrillas in Macedonia": a people, not the state
            for i in range(s, e):
                reg.country_hint[i] = entry.country or key
            continue
        if via in ("capital", "seat") and _is_place_use(span.root):
            for i in range(s, e):
                reg.places[i] = span.text
                reg.country_hint[i] = entry.country or key
            continue
        reg.from_entry(entry, rule=f"gazetteer.{via}")
        reg.add_mention(s, e, key, f"gazetteer.{via}")
        if entry.kind == "state":
            for i in range(s, e):
                reg.country_hint[i] = key
    # entity-recognised places that are not actors (cities, regions)
    for ent in entities(doc):
        if ent.label_ in ("GPE", "LOC", "FAC") and not any(i in reg.by_token for i in range(ent.start, ent.end)):
            for i in range(ent.start, ent.end):
                reg.places.setdefault(i, ent.text)


def _ellipsis(doc, reg: Registry, gaz) -> None:
    """'North and South Korea', 'East and West Germany': the first conjunct borrows the
    rest of the second's name when that makes a known name."""
    toks = tokens(doc)
    for m in list(reg.mentions):
        if m.start < 2 or m.end - m.start < 2 or toks[m.start - 1].lower_ != "and":
            continue
        first = toks[m.start - 2]
        if first.i in reg.by_token or not first.text[:1].isupper():
            continue
        name = first.text + " " + token_span(doc, m.start + 1, m.end).text
        hits = [x for x in gaz.lookup(name) if x.via == "name" and x.entry.kind == "state"]
        if hits:
            e = hits[0].entry
            reg.from_entry(e, rule="gazetteer.ellipsis")
            reg.add_mention(first.i, first.i + 1, e.key, "gazetteer.ellipsis")
            reg.country_hint[first.i] = e.key


def country_near(tok, reg: Registry) -> str | None:
    """A country named in a token's modifiers or its 'of X' / 'in X' complements."""
    for t in tok.subtree:
        if t.i in reg.country_hint:
            return reg.country_hint[t.i]
    return None


# ---------------------------------------------------------------- governments


def _governments(doc, reg: Registry, gaz) -> None:
    for tok in tokens(doc):
        low = tok.lower_
        if low not in GOVERNMENT_WORDS and low not in REGIME_WORDS:
            continue
        if tok.i in reg.by_token or tok.dep_ == "compound" and organs.is_organ_noun(tok.head):
            continue  # "government forces": an organ (kg.extract.organs)
        iso = None
        for child in tok.children:  # "the South Korean government", "China's government"
            if child.i < tok.i and child.i in reg.country_hint and child.dep_ in ("amod", "compound", "nmod", "poss"):
                iso = reg.country_hint[child.i]
        for child in tok.children:  # "the Government of X", "the regime of President Y"
            if child.dep_ == "prep" and child.lower_ == "of":
                for t in child.subtree:
                    if t.i in reg.country_hint and reg.actors.get(reg.at(t.i) or "", None) is not None:
                        iso = iso or reg.country_hint[t.i]
                        break
                    if t.i in reg.country_hint:
                        iso = iso or reg.country_hint[t.i]
        if iso is None:
            iso = _leader_named(doc, reg, tok, low)
        if iso is None or iso not in gaz.entries:
            continue
        left = tok.left_edge.i
        right = max([tok.i] + [c.right_edge.i for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"])
        state = gaz.entries[iso]
        if low in REGIME_WORDS:  # a state named by its regime is the state
            reg.from_entry(state, rule="actor.regime")
            reg.add_mention(left, right + 1, iso, "actor.regime", head=tok.i)
            continue
        key = f"{iso}-gov"
        reg.ensure(key, label=f"Government of {state.label}", kind="government", country=iso,
                   affiliation=None, rule="actor.government")
        reg.add_mention(left, right + 1, key, "actor.government", head=tok.i)


def _leader_named(doc, reg: Registry, tok, low) -> str | None:
    """'the Obama administration', 'the Boteza regime': a government named by its leader. A
    leader the gazetteer knows gives its country (returned); one it does not makes the
    government an actor of its own ('Boteza regime'), so that no state speaks with its voice."""
    names = [c for c in tok.children if c.dep_ in ("compound", "nmod", "amod") and c.i < tok.i and c.pos_ == "PROPN"]
    if not names or any(c.i in reg.country_hint for c in tok.children if c.i < tok.i):
        return None
    start = min(c.left_edge.i for c in names)
    held = [reg.by_token[i] for i in range(start, tok.i) if i in reg.by_token]
    if held:
        a = reg.actors.get(held[0].key)
        return a.country if a is not None and a.kind == "person" else None
    name = token_span(doc, start, tok.i).text
    key = "regime-" + slug(name)
    reg.ensure(key, label=f"{name} {low}", kind="government", rule="actor.regime.leader")
    reg.add_mention(tok.left_edge.i, tok.i + 1, key, "actor.regime.leader", head=tok.i)
    return None


# ---------------------------------------------------------------- ministries


def _ministry_span(tok):
    """Proper-name extent of a ministry head: capitalised left modifiers and 'of X' names."""
    i = tok.i - 1
    toks = tokens(tok.doc)
    while i >= 0 and (toks[i].text[:1].isupper() or toks[i].lower_ in ("and", "&", "of")) and toks[i].dep_ != "det":
        if toks[i].text in ("'s", "’s"):
            break
        i -= 1
    start = i + 1
    lower = not tok.text[:1].isupper()
    if lower:  # "the foreign ministry", "Japan's defence ministry": the modifiers that name it
        while start > 0 and toks[start - 1].dep_ in ("amod", "compound") and toks[start - 1].head.i in (
                tok.i, start) and toks[start - 1].text not in ("'s", "’s"):
            start -= 1
    while start < tok.i and toks[start].lower_ in ("and", "of", "&"):
        start += 1
    end = tok.i + 1
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            sub = list(child.subtree)
            if all(t.text[:1].isupper() or t.lower_ in ("of", "and", "the", "&") for t in sub) or (
                    lower and end == tok.i + 1 and ministries.portfolio_of(" ".join(t.lower_ for t in sub))):
                end = sub[-1].i + 1  # ("the ministry of foreign affairs")
    return start, end


def _ministries(doc, reg: Registry, gaz) -> None:
    for start, end, portfolio, country in ministries.named_matches(doc):
        inner = organisations.within(reg, start, end)  # "US" in "US State Department"
        if inner is None:
            continue
        for m in inner:
            reg.unmention(m)
        _add_ministry(doc, reg, gaz, start, end, portfolio, country, rule="actor.ministry.named")
    for tok in tokens(doc):
        if tok.lower_ not in MINISTRY_HEADS or tok.i in reg.by_token:
            continue
        start, end = _ministry_span(tok)
        words = token_span(doc, start, end).text.lower()
        portfolio = ministries.portfolio_of(words)
        if portfolio is None:
            continue
        country = None
        for t in tokens(doc)[tok.left_edge.i:end]:
            if t.i in reg.country_hint:
                country = reg.country_hint[t.i]
        if country is None:
            for child in tok.rights:
                if child.dep_ == "prep" and child.lower_ in ("in", "of"):
                    country = country_near(child, reg)
        if country is None and not tok.text[:1].isupper():
            continue  # "the foreign ministry" alone may be any state's; "Japan's foreign ministry" is one
        _add_ministry(doc, reg, gaz, tok.left_edge.i if tok.left_edge.dep_ != "det" else start,
                      end, portfolio, country, rule="actor.ministry")


def _add_ministry(doc, reg, gaz, start, end, portfolio, country, rule):
    country = country or dominant_state(reg)
    key = f"{country or 'unknown'}-ministry-{portfolio}"
    label = token_span(doc, start, end).text
    if label.lower().startswith("the "):
        label = label[4:]
    reg.ensure(key, label=label, kind="ministry", country=country, rule=rule)
    reg.add_mention(start, end, key, rule, head=end - 1)


# ---------------------------------------------------------------- collectives


def _collectives(nlp, doc, reg: Registry) -> None:
    focus = dominant_state(reg)
    for start, end, row in collectives.matches(nlp, doc):
        if any(i in reg.by_token for i in range(start, end)):
            continue
        country = None
        if row.scope == "national":  # (not the state that backs them: "Backed by Russia, the rebels …")
            root = token_span(doc, start, end).root
            backers = backing.backer_countries(root.sent, reg.country_hint)
            country = next((c for c in [country_near(root, reg)] if c not in backers), None) or (
                focus if focus not in backers else None)
        key = row.key + (f"-{country}" if country else "")
        reg.ensure(key, label=row.label, kind=row.kind, country=country, rule="actor.collective")
        reg.add_mention(start, end, key, "actor.collective")

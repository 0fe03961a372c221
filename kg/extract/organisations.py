"""Named organisations the entity recogniser finds though no gazetteer lists them, their
and acronyms.

- A name is the entity without its article, possessive, or a trailing "(" / "in <place>" that
  the recogniser swept in. An entity of another type whose last word is an organisation's head
  noun ("… Liberation Movement/Army-North" tagged FAC) is read as an organisation too.
- A state named inside an organisation's name ("the Sudan People's Liberation Movement",
  "China Daily", "the U.S. Embassy") is not its owner: the name is one actor (with that
  country), the state is no mention there. A state's own organ named this way ("the Sudan Armed
  Forces", "the Royal Malaysian Navy") is left to kg.extract.organs.
- A place is no actor (kg.extract.places).
- "NAME (ACR)" makes ACR an alias of NAME's actor: later "ACR", and variants that extend it
  ("SPLM/A-N" -> "SPLM/A-North", "SPLM/N"), are the same actor (see :func:`aliases`); a bare
  acronym that spells the initials of an actor's name, or a shorter form of a name, is that actor.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract import organs, persons
from kg.extract.data import words
from kg.extract.gazetteer import normalise
from kg.extract.parse import entities, span as token_span, text_of, tokens, tokens_at
from kg.extract.places import norm, is_place, name_span
from kg.slug import slug

ACRONYM = re.compile(r"[A-Z][A-Za-z0-9]*(?:[/&-][A-Za-z0-9]+)*")
STOP = {"of", "the", "and", "for", "&", "on", "in", "'s", "’s"}


# ---------------------------------------------------------------- organisations


def find(doc, reg, gaz) -> None:
    toks = tokens(doc)
    surnames = {toks[x.end - 1].text for x in entities(doc) if x.label_ == "PERSON" and len(x) > 1}
    for ent in entities(doc):
        got = name_span(doc, ent)
        if got is None:
            continue
        s, e = got
        if ent.label_ != "ORG" and not (ent.label_ in ("FAC", "GPE", "LOC", "NORP") and any(
                t.text[:1].isupper() and t.lower_ in words("org_head") for t in toks[max(s, e - 5):e])):
            continue  # a name with an organisation's head noun, maybe qualified ("Movement/Army-North")
        text = token_span(doc, s, e).text
        if not text[:1].isupper() or _has(text, "non_actor_word") or len(text) < 2 or text in surnames \
                or any(t.pos_ in ("VERB", "AUX") for t in toks[s:e]):
            continue  # not a name ("Recalling Envoys" in a headline), an agreement; a surname
        inner = within(reg, s, e)
        if inner is None:
            continue  # a gazetteer name, a government, a ministry: already read
        if e - s == 1 and (persons._post_at(doc, s, gaz) or gaz.by_generic(toks[s].lower_)):
            continue  # "State" of "Secretary of State"; "the Council": left to coreference
        root = token_span(doc, s, e).root
        if root.dep_ == "pobj" and persons._post_at(doc, root.head.head.i, gaz):
            continue  # "Special Rapporteur on the Situation of Human Rights": part of a title
        if is_place(doc, reg, s, e):
            for i in range(s, e):
                reg.places.setdefault(i, text)
            continue
        if organs.names_organ(doc, s, e, reg):
            continue  # "the Sudan Armed Forces": the state's organ (kg.extract.organs)
        entry = misspelt(gaz, text) if not inner else None
        if entry is not None:  # "the Untied Nations"
            reg.from_entry(entry, rule="gazetteer.misspelt")
            reg.add_mention(s, e, entry.key, "gazetteer.misspelt")
            continue
        country = next((reg.country_hint[i] for i in range(s, e) if i in reg.country_hint), None) or \
            next((reg.country_hint[c.i] for c in root.children if c.dep_ == "poss" and c.i in reg.country_hint), None)
        for m in inner:
            reg.unmention(m)  # the state inside the name is not its owner
        kind = "armed_group" if _has(text, "armed_word") else "party" if _has(text, "party_word") else "organization"
        key = _known(reg, text) or "org-" + slug(text)
        reg.ensure(key, label=text, kind=kind, country=country, rule="actor.ner.org")
        reg.add_mention(s, e, key, "actor.ner.org")


def _has(name: str, cls: str) -> bool:
    """A capitalised word of the name is one of the class ("Liberation Army": armed_word)."""
    return any(w[:1].isupper() and w.lower() in words(cls) for w in re.findall(r"[\w']+", name))


def within(reg, s: int, e: int) -> list | None:
    """The mentions inside the name s..e when they are only gazetteer names of states (and of
    organisations after a state) strictly inside it: "Sudan" in "Sudan People's Liberation
    Movement", "United States" and "Security Council" in "United States National Security
    Council". None when another reading covers the name (a whole gazetteer name, a ministry, a
    government) or a state is its possessor ("Iran's Revolutionary Guards")."""
    toks = tokens(reg.doc)
    inner = list({id(m): m for m in (reg.by_token.get(i) for i in range(s, e)) if m is not None}.values())
    kinds = [reg.actors[m.key].kind if m.key in reg.actors else None for m in inner]
    for m, kind in zip(inner, kinds):
        if not (m.via.startswith("gazetteer.") and kind in ("state", "igo", "igo_body") and s <= m.start
                and m.end <= e and (m.start, m.end) != (s, e) and toks[m.end].text not in ("'s", "’s")):
            return None
    if inner and "state" not in kinds:
        return None
    return inner


@lru_cache(maxsize=4)
def _names_by_shape(gaz) -> dict:
    """Gazetteer names of organisations and states of two words or more, by (words, first letter)."""
    out: dict = {}
    for surface, case_sensitive, key, via in gaz.surface_forms():
        if via == "name" and not case_sensitive and gaz.entries[key].kind != "person":
            n = normalise(surface)
            if len(n) >= 8 and " " in n:
                out.setdefault((n.count(" "), n[0]), []).append((n, key))
    return out


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by one insertion, deletion, substitution or swap of neighbours."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


def misspelt(gaz, text: str):
    """The gazetteer entry a name misspells by one letter ("Untied Nations"), if just one."""
    n = normalise(text)
    if len(n) < 8 or " " not in n:
        return None
    keys = {key for form, key in _names_by_shape(gaz).get((n.count(" "), n[0]), ()) if _one_edit(n, form)}
    return gaz.entries[keys.pop()] if len(keys) == 1 else None


def _fits(acr: str, name: str) -> bool:
    """The acronym's first letter begins a word of the name ("CEI" for "Independent Electoral
    Commission", not "UPC" for "Central African Republic")."""
    return acr[0].upper() in {w[0].upper() for w in re.split(r"[\s/-]+", name) if w}


def _initials(name: str) -> str:
    first = name.split("/")[0]
    return "".join(w[0] for w in re.split(r"[\s-]+", first) if w and w.lower() not in STOP and w[0].isalpha()).upper()


def _known(reg, text: str) -> str | None:
    """An actor this name is another form of: an acronym of its initials ("OFAC"), or a shorter
    form of its name sharing its first word and three words or more."""
    words = set(norm(text).replace("/", " ").split()) - STOP
    acro = ACRONYM.fullmatch(text) and sum(c.isupper() for c in text) >= 2 and " " not in text
    for a in reg.actors.values():
        if a.kind in ("person", "state") or a.anonymous:
            continue
        for n in [a.label, *a.names]:
            if acro and len(n.split()) >= 2 and len(re.split(r"[/-]", text)[0]) >= 3 \
                    and _initials(n).startswith(re.split(r"[/-]", text)[0].upper()):
                return a.key
            other = set(norm(n).replace("/", " ").split()) - STOP
            if len(words) >= 3 and len(words & other) >= 3 and norm(n).split()[:1] == norm(text).split()[:1] \
                    and (words <= other or other <= words):
                return a.key
    return None


# ---------------------------------------------------------------- acronyms


def aliases(doc, reg) -> None:
    """'NAME (ACR)': every later ACR, or a variant of it, is NAME's actor."""
    toks = tokens(doc)
    text = text_of(doc)
    found = []
    for m in sorted(reg.mentions, key=lambda m: m.start):
        a = reg.actors.get(m.key)
        if a is None or a.kind == "person" or m.end + 2 >= len(toks) or toks[m.end].text != "(":
            continue
        close = next((j for j in range(m.end + 1, min(m.end + 9, len(toks))) if toks[j].text == ")"), None)
        if close is None or close == m.end + 1:
            continue
        acr = text[toks[m.end + 1].idx:toks[close].idx].strip()
        if not ACRONYM.fullmatch(acr) or sum(c.isupper() for c in acr) < 2:
            continue
        if not _fits(acr, token_span(doc, m.start, m.end).text):
            # "the Union for Peace in the Central African Republic (UPC)": the name before "in"
            p = m.start - (2 if toks[m.start - 1].lower_ == "the" else 1)
            before = reg.by_token.get(p - 1) if p > 0 and toks[p].lower_ in ("in", "of") else None
            if before is None or not _fits(acr, token_span(doc, before.start, before.end).text):
                continue
            m = before
        found.append((acr, m.key))
    for acr, key in found:
        stem = re.split(r"[/-]", acr)[0]
        pattern = re.escape(stem if len(stem) >= 3 else acr) + r"(?:[/-][A-Za-z0-9]+)*"
        for hit in re.finditer(r"(?<![\w/-])" + pattern + r"(?![\w])", text):
            span = tokens_at(doc, hit.start(), hit.end())
            if not span or key not in reg.actors:
                continue
            s, e = span[0].i, span[-1].i + 1
            olds = list({id(x): x for x in (reg.by_token.get(i) for i in range(s, e)) if x is not None}.values())
            if any(x.start < s or x.end > e or x.key != key and x.via not in ("actor.ner.org", "actor.alias")
                   or x.key == key and (x.start, x.end) == (s, e) for x in olds):
                continue  # part of a longer mention, another reading of these words, or this one
            reg.add_mention(s, e, key, "actor.alias")
            for x in olds:  # a shorter or another organisation's reading of the acronym
                reg.unmention(x)
    for a in [a for a in reg.actors.values() if a.rule == "actor.ner.org" and ACRONYM.fullmatch(a.label)]:
        other = _known(reg, a.label)
        if other and other != a.key:
            reg.merge(other, a.key)

"""Names that are places, not actors: a name the text uses as a place ("in Blue Nile", "into
Southern Kordofan", "the town of Hama", "Blue Nile State") is a place wherever it occurs in the
article, whatever type the entity recogniser gives it; so is a name made with a place word
("Plaza Altamira", "Camp David"), and the city of a dateline ("YANGON, June 9 (Wire) -")."""
from __future__ import annotations

import re

from kg.extract.data import words
from kg.extract.parse import entities, memo, span as token_span, tokens

def norm(text: str) -> str:
    return " ".join(re.sub(r"[’'`]s\b", "", text).replace("-", " ").lower().split())


def name_span(doc, ent) -> tuple[int, int] | None:
    """The name in an entity: without article and possessive, cut before "(" and before a
    preposition that introduces a place ("SPLM/A-North in Southern Kordofan")."""
    toks = tokens(doc)
    s, e = ent.start, ent.end
    while s < e and (toks[s].dep_ == "det" or toks[s].lower_ == "the" or toks[s].is_punct or toks[s].is_space):
        s += 1
    for i in range(s + 1, e):
        if toks[i].text in ("(", "["):
            e = i
            break
        if toks[i].lower_ in ("in", "at") and toks[i].pos_ == "ADP" and toks[i - 1].lower_ not in words("name_before_in") \
                and not any(t.lower_ in ("for", "of", "to") for t in toks[s:i]):
            e = i  # "SPLM/A-North in Southern Kordofan"; not "Union for Peace in the Central African Republic"
            break
    while e > s and (toks[e - 1].is_punct or toks[e - 1].is_space or toks[e - 1].text in ("'s", "’s")):
        e -= 1
    return (s, e) if e > s else None


def _place_use(toks, s, e) -> bool:
    root = max(toks[s:e], key=lambda t: t.i if t.head.i not in range(s, e) else -1)
    if e < len(toks) and toks[e].lower_ in words("place_suffix") and toks[e].text[:1].isupper():
        return True  # "Blue Nile State"
    if root.dep_ == "pobj" and root.head.lower_ in words("place_prep") \
            and not any(t.dep_ == "det" for t in toks[s - 1:e] if s > 0):
        return True  # "in Blue Nile", "into Southern Kordofan"
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in words("place_noun"):
        return True  # "the town of Hama"
    if root.dep_ == "pobj" and root.head.lower_ in ("from", "to") and root.head.head.lemma_.lower() in words("place_verb"):
        return True  # "travel from Herat"
    if any(c.dep_ == "prep" and c.lower_ == "in" and any(p.dep_ == "pobj" and p.lemma_.lower() in words("place_noun")
                                                           for p in c.children) for c in root.children):
        return True  # "X in the northern province of Idlib"
    return False


def place_names(doc, reg) -> set[str]:
    """Names the article uses as places (normalised), computed once per Doc."""
    known = memo(doc, "place_names")
    if "names" in known:
        return known["names"]
    toks = tokens(doc)
    out = set()
    for ent in entities(doc):
        got = name_span(doc, ent)
        if got is None:
            continue
        s, e = got
        if ent.label_ in ("GPE", "LOC", "FAC") and not any(i in reg.by_token for i in range(s, e)):
            ws = norm(token_span(doc, s, e).text).split()
            out.add(" ".join(ws))
            if len(ws) > 1 and ws[-1] in words("place_suffix"):
                out.add(" ".join(ws[:-1]))  # "Blue Nile State" -> "Blue Nile"
        elif ent.label_ in ("ORG", "PERSON") and _place_use(toks, s, e):
            out.add(norm(token_span(doc, s, e).text))
    known["names"] = out
    return out


def is_place(doc, reg, s: int, e: int) -> bool:
    """Tokens s..e name a place: used as one in the article, or named by a place word
    ("Plaza Altamira", "Camp David")."""
    text = token_span(doc, s, e).text
    toks = tokens(doc)
    if text.isupper() and e < len(toks) and toks[e].text == "," and (s == 0 or "\n" in toks[s - 1].text):
        return True  # "YANGON, June 9 (Wire) -": a dateline
    return norm(text) in place_names(doc, reg) or any(w.lower() in words("place_word") for w in text.split())

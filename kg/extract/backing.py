"""Backing told beside an act: "With the backing of Turkey, the rebels seized the town", "With
Iranian backing, Houthi fighters seized the port", "Backed by Russia, the rebels attacked …".
The backer supports whoever does the act; it is no party the act reaches (the "with" phrase
is no partner of the act) and, named beside those it backs, not their nationality either
("Russian-backed separatists" are no Russian separatists; the modifier describes them and
tells no act).
The words are the word classes ``backing_nouns`` and ``backing_verbs``."""
from __future__ import annotations

from kg.extract.data import words

BACKING_NOUNS = words("backing_nouns")
BACKING_VERBS = words("backing_verbs")


def backing_noun(tok) -> bool:
    """'with the backing of X', 'with US support': a backing noun in a 'with' phrase."""
    return tok.lemma_.lower() in BACKING_NOUNS and tok.dep_ == "pobj" and tok.head.lower_ == "with"


def backed_verb(tok):
    """The verb whose subject a 'with the backing of X' phrase backs, or None."""
    if not backing_noun(tok):
        return None
    verb = tok.head.head
    return verb if verb.pos_ in ("VERB", "AUX") else None


def backer_tokens(tok) -> list:
    """The tokens that name who backs: 'of X', 'from X', X's, a name or nationality before the
    noun; 'by X' after a backing participle ('Backed by Russia, …')."""
    if backing_noun(tok):
        out = [c for c in tok.children if c.dep_ == "poss" or c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i]
        return out + [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                      for p in c.children if p.dep_ == "pobj"]
    if tok.lemma_.lower() in BACKING_VERBS and tok.tag_ == "VBN" and tok.dep_ in ("advcl", "acl"):
        return [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    if backed_by_modifier(tok):  # "Russian-backed separatists"
        return [c for c in tok.children if c.dep_ in ("npadvmod", "compound", "amod", "nmod") and c.i < tok.i]
    return []


def backed_by_modifier(tok) -> bool:
    """'Russian-backed separatists', 'Iran-backed rebels': a backing participle before a noun."""
    return tok.lemma_.lower() in BACKING_VERBS and tok.tag_ == "VBN" and tok.dep_ == "amod"


def backer_countries(sent, country_hint) -> set[str]:
    """The countries a sentence names as backers ('with Turkish backing', 'backed by France')."""
    return {country_hint[t.i] for tok in sent for b in backer_tokens(tok) for t in b.subtree if t.i in country_hint}

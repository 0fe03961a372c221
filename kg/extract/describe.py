"""Descriptions of an actor the story has named: "the bloc", "the 27-nation bloc", "the world
body", "the Western military alliance" (an organisation, by the generic forms of igos.tsv),
"the kingdom", "the Gulf state", "the island nation" (a state, by state_kinds.tsv).

A description is the one actor of its kind the story named before it. When the story named
several of that kind, or none, the description is no one: kg does not guess by recency."""
from __future__ import annotations

from functools import lru_cache

from kg.errors import ConfigError
from kg.extract.data import DATA, read_tsv, split, words
from kg.extract.gazetteer import load_gazetteer
from kg.extract.parse import tokens

ORG_KINDS = {"igo", "igo_body", "organization", "party", "armed_group", "ministry"}


@lru_cache(maxsize=1)
def state_kinds() -> dict[str, frozenset]:
    """word of kind -> ISO3 codes of the states of that kind (state_kinds.tsv)."""
    gaz = load_gazetteer()
    by_region: dict[str, set] = {}
    for e in gaz.entries.values():
        if e.kind == "state":
            by_region.setdefault(e.region, set()).add(e.key)
    path = DATA / "state_kinds.tsv"
    out = {}
    for n, r in read_tsv(path, ("word", "states", "regions")):
        isos = set(split(r["states"]))
        for region in split(r["regions"]):
            if region not in by_region:
                raise ConfigError(f"region {region!r} is no region of states.tsv", source=str(path), line=n)
            isos |= by_region[region]
        unknown = sorted(i for i in isos if gaz.entries.get(i) is None or gaz.entries[i].kind != "state")
        if unknown:
            raise ConfigError(f"{', '.join(unknown)} not states of states.tsv", source=str(path), line=n)
        out[r["word"].lower()] = frozenset(isos)
    return out


def _modifiers(tok) -> list:
    """The words of the phrase before its head, after the determiner ("27 - nation" in "the
    27-nation bloc")."""
    toks = tokens(tok.doc)
    start = tok.left_edge.i
    while start < tok.i and (toks[start].dep_ in ("det", "predet") or toks[start].is_punct):
        start += 1
    return list(toks[start:tok.i])


def _organisations(reg, tok, gaz) -> set | None:
    """Keys of the organisations a generic phrase can name ("the Western military alliance" ends
    with "military alliance"), with the actors of the story whose name has the head noun ("the
    commission"); None when the phrase is no organisation's generic form."""
    mods = _modifiers(tok)
    keys: set = set()
    for i in range(len(mods) + 1):  # the longest generic form the phrase ends with
        keys = {e.key for e in gaz.by_generic(" ".join([t.text for t in mods[i:]] + [tok.text]))}
        if keys:
            break
    keys = keys or {e.key for e in gaz.by_generic(tok.lemma_)}
    if not keys:
        return None
    lemma = tok.lemma_.lower()
    return keys | {k for k, a in reg.actors.items() if a.kind in ORG_KINDS and lemma in a.label.lower().split()}


def _states(tok) -> frozenset | None:
    """States a description of a kind of state fits ("the Gulf state", "the island nation", "the
    oil-rich kingdom"); None when it names no kind ("the country")."""
    if tok.lemma_.lower() not in words("state_kind_heads"):
        return None
    kinds = state_kinds()
    ws = [t.lower_ for t in _modifiers(tok)] + [tok.lemma_.lower()]
    fits, i = None, 0
    while i < len(ws):
        two = " ".join(ws[i:i + 2])
        w = two if i + 1 < len(ws) and two in kinds else ws[i]
        if w in kinds:
            fits = kinds[w] if fits is None else fits & kinds[w]
        i += len(w.split())
    return fits


def referent(reg, tok, gaz=None, exclude=(), bare=False) -> tuple[bool, str | None]:
    """(whether the definite singular noun ``tok`` heads a description, the one actor of its
    kind the story named before it, else None). Actors in ``exclude`` (the subject of its own
    clause: "Bahrain backed the kingdom") are not candidates. With ``bare``, a noun without
    an article describes too (the modifier "council" in "council members")."""
    if tok.tag_ not in ("NN", "NNP") or not bare and not any(
            c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
        return False, None  # "rights groups", "an alliance": no one named before
    gaz = gaz or load_gazetteer()
    fits = _states(tok)
    if fits is None:
        fits = _organisations(reg, tok, gaz)
    if fits is None:
        return False, None
    before = [m for m in reg.mentions if m.start < tok.i and m.key in fits and m.key in reg.actors]
    named = {m.key for m in before} | {iso for i, iso in reg.country_hint.items() if i < tok.i and iso in fits}
    named -= set(exclude)
    if len(named) > 1:  # several of its kind: the one the story already called so ("the regional bloc ECOWAS")
        named &= {m.key for m in before if tokens(tok.doc)[m.head].lemma_.lower() == tok.lemma_.lower()}
    return True, (next(iter(named)) if len(named) == 1 else None)

"""The gazetteer's surface forms matched in a document (one phrase index, built once per pipeline)."""
from __future__ import annotations

from functools import lru_cache

from kg.extract.gazetteer import load_gazetteer
from kg.extract.parse import filter_spans
from kg.extract.phrases import PhraseIndex, tokenizer_of

# When two matches cover the same tokens, the stronger reading wins.
VIA_RANK = {"name": 0, "abbrev": 1, "seat": 2, "capital": 3, "epithet": 4,
            "context_epithet": 5, "demonym": 6}


def _unaccent(s: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _normalise(surface: str) -> str:
    return (surface.replace("’", "'").replace("`", "'").replace("\u2011", "-")
            .replace("\u00a0", " "))


def variants(gaz) -> list[tuple[str, bool, str, str, str]]:
    """(surface, case_sensitive, ident, key, via) of every form the matcher looks for: each
    surface as written, without a leading "the" (but for epithets) and without accents."""
    out = []
    seen = set()
    for surface, case_sensitive, key, via in gaz.surface_forms():
        if via == "generic":
            continue
        surface = _normalise(surface)
        epithet = via in ("epithet", "context_epithet")  # "the North" needs its article
        forms = {surface, surface[4:] if surface.lower().startswith("the ") and not epithet else surface}
        forms |= {_unaccent(f) for f in forms}  # "Antonio Guterres" for "António Guterres"
        ident = f"{key}\t{via}"
        for variant in sorted(forms):
            sig = (variant.lower() if not case_sensitive else variant, case_sensitive, ident)
            if variant and sig not in seen:
                seen.add(sig)
                out.append((variant, case_sensitive, ident, key, via))
    return out


@lru_cache(maxsize=4)
def _matchers(nlp):
    tokens = tokenizer_of(nlp)
    index = PhraseIndex()
    table: dict[str, tuple[str, str]] = {}
    for variant, case_sensitive, ident, key, via in variants(load_gazetteer()):
        table[ident] = (key, via)
        index.add(ident, tokens(variant), case_sensitive)
    return index, table


def find(nlp, doc):
    index, table = _matchers(nlp)
    raw = []
    for ident, s, e in index(doc):
        key, via = table[ident]
        if via in ("epithet", "context_epithet") and e < len(doc) and doc[e].text[:1].isupper():
            continue  # "the South Korean …", "the North Atlantic …": part of a longer name
        raw.append((s, e, key, via))
    # strongest reading per exact span, then longest spans win overlaps
    best: dict[tuple[int, int], tuple[int, int, str, str]] = {}
    for m in raw:
        cur = best.get((m[0], m[1]))
        if cur is None or VIA_RANK.get(m[3], 9) < VIA_RANK.get(cur[3], 9):
            best[(m[0], m[1])] = m
    keep = set(filter_spans(best))
    return sorted(m for k, m in best.items() if k in keep)

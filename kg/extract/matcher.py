"""spaCy PhraseMatchers over the gazetteer's surface forms, built once per pipeline."""
from __future__ import annotations

from functools import lru_cache

from spacy.matcher import PhraseMatcher

from kg.extract.gazetteer import load_gazetteer
from kg.extract.parse import filter_spans

# When two matches cover the same tokens, the stronger reading wins.
VIA_RANK = {"name": 0, "abbrev": 1, "seat": 2, "capital": 3, "epithet": 4,
            "context_epithet": 5, "demonym": 6}


def _unaccent(s: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _normalise(surface: str) -> str:
    return (surface.replace("’", "'").replace("`", "'").replace("\u2011", "-")
            .replace("\u00a0", " "))


@lru_cache(maxsize=4)
def _matchers(nlp):
    gaz = load_gazetteer()
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    table: dict[str, tuple[str, str]] = {}
    seen = set()
    for surface, case_sensitive, key, via in gaz.surface_forms():
        if via == "generic":
            continue
        surface = _normalise(surface)
        epithet = via in ("epithet", "context_epithet")  # "the North" needs its article
        forms = {surface, surface[4:] if surface.lower().startswith("the ") and not epithet else surface}
        forms |= {_unaccent(f) for f in forms}  # "Antonio Guterres" for "António Guterres"
        for variant in forms:
            ident = f"{key}\t{via}"
            table[ident] = (key, via)
            sig = (variant.lower() if not case_sensitive else variant, case_sensitive, ident)
            if not variant or sig in seen:
                continue
            seen.add(sig)
            m = exact if case_sensitive else lower
            m.add(ident, [nlp.make_doc(variant)])
    return lower, exact, table


def find(nlp, doc):
    lower, exact, table = _matchers(nlp)
    raw = []
    for matcher in (lower, exact):
        for mid, s, e in matcher(doc):
            key, via = table[nlp.vocab.strings[mid]]
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

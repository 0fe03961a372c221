"""No sentence ends after a title: a spaCy component that runs after the parser.

The parser of the small English model sometimes ends a sentence after an abbreviated title
("Amb. | Samantha Power said …", "CAIRO -- Pres. | Vladimir Putin …"), after a title word
("President | Barack Obama …") or after an abbreviated name before a title ("U.N. |
Secretary-General …"). Such a fragment is joined to the sentence it starts: the title
modifies the name after it (a compound), and the rest of the fragment hangs on that
sentence's root. A boundary at a line break is never touched. The words come from data:
``title_abbreviation`` in kg/data/gazetteer/name_words.tsv and the words of the titles of
office in kg/data/gazetteer/posts.tsv.
"""
from __future__ import annotations

import re
from functools import lru_cache

STOP = {"the", "a", "an", "of", "for", "and"}
ACRONYM = re.compile(r"(?:[A-Z]\.){2,}")  # "U.N.", "U.S.", "E.U."


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset, frozenset, frozenset]:
    from kg.extract.data import DATA, read_tsv, words

    firsts, lasts = set(), set()
    for _, r in read_tsv(DATA / "posts.tsv", ("title",)):
        ws = [w for w in r["title"].lower().split() if w.replace("-", "").isalpha()]
        if ws and ws[0] not in STOP:
            firsts.add(ws[0])  # "Secretary-General", "Foreign (Minister)": after "U.N."
            lasts.add(ws[-1])  # "(Prime) Minister", "President": before a name
    return words("title_abbreviation"), frozenset(firsts), frozenset(lasts)


def _title_at_end(prev, first):
    """The title token a sentence ends on, when the next sentence starts with ``first``."""
    abbrevs, firsts, lasts = _vocabulary()
    last = prev[-1]
    if last.text == "." and len(prev) >= 2 and not prev[-2].whitespace_ and prev[-2].lower_ in abbrevs:
        return prev[-2]  # "Amb" "."
    if last.text.endswith(".") and last.lower_[:-1] in abbrevs:
        return last  # "Pres."
    if ACRONYM.fullmatch(last.text):
        return last if first.lower_ in firsts else None  # "U.N. Secretary-General", not "U.S. The"
    if last.lower_ in lasts and last.text[:1].isupper() and not last.is_punct:
        return last  # "President Barack Obama", split before the name
    return None


def join_title_fragments(doc):
    sents = list(doc.sents)
    for prev, nxt in zip(sents, sents[1:]):
        end = doc[prev.end - 1]
        first = nxt[0]
        if "\n" in end.text_with_ws or end.is_space or not first.text[:1].isupper():
            continue
        title = _title_at_end(prev, first)
        if title is None:
            continue
        name = first
        while name.dep_ == "compound" and nxt.start <= name.head.i < nxt.end and name.head.i > name.i:
            name = name.head
        root = prev.root
        title.head = name
        title.dep_ = "compound"
        if root.i != title.i:
            root.head = nxt.root
            root.dep_ = "dep"
    return doc

"""Title-case headlines ("Russia Expels Two British Diplomats", "US Calls For Venezuela To Stop
Violence") mislead the tagger: every capitalised word looks like a name, and the verb is lost.
:func:`case_normalised` writes such a headline in ``Article.nlp_text`` as a sentence would have
it, the same length so that offsets agree; ``Article.text`` keeps it as written.

A capitalised word after the first is written in lower case when

- it is a closed-class word (``kg/data/lexicons/headline_words.txt``: "For", "To", "Two"),
- the head verb of an act of kg's cue lexicons in its -s form ("Expels", "Urges"), or
- the story writes it in lower case, and never capitalised, in mid-sentence ("Diplomats",
  "Ambassador").

A word the story capitalises in mid-sentence ("British", "Ivory Coast", "New" of "New Delhi")
and a word in capitals ("US", "UN") stay as they are. Standard library only.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from kg.errors import ConfigError

WORD = re.compile(r"[A-Za-z]+")
SENTENCE_END = re.compile(r"(?:^|[.!?:;\"\u201c\u2018(\n])\s*$")
LEXICONS = ("kg", "data", "lexicons")


def _read(name: str) -> str:
    try:
        return resources.files(LEXICONS[0]).joinpath(*LEXICONS[1:], name).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"cannot read kg/data/lexicons/{name}: {e}") from None


@lru_cache(maxsize=1)
def closed_class() -> frozenset[str]:
    return frozenset(w for line in _read("headline_words.txt").splitlines()
                     if (w := line.split("#", 1)[0].strip().lower()))


@lru_cache(maxsize=1)
def act_verbs() -> frozenset[str]:
    """The head verbs of the cue lexicons ("expel" of "expel", "call" of "call for")."""
    out = set()
    for name in ("cues.tsv", "cues_cameo.tsv"):
        for line in _read(name).splitlines():
            cells = line.split("\t")
            if line.startswith("#") or len(cells) < 2 or cells[1] != "VERB":
                continue
            out.add(cells[0].split(" ")[0].lower())
    return frozenset(out)


def _verb_forms(word: str) -> set[str]:
    """Candidate base forms of a third-person -s form: "expels" -> expel, "pushes" -> push,
    "denies" -> deny."""
    out = set()
    if word.endswith("ies"):
        out.add(word[:-3] + "y")
    if word.endswith("es"):
        out.add(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        out.add(word[:-1])
    return out


def is_title_case(headline: str) -> bool:
    """Every word of four letters or more is capitalised, and at least two words after the
    first are capitalised words (not acronyms)."""
    words = WORD.findall(headline)
    if len(words) < 3:
        return False
    long_words = [w for w in words if len(w) >= 4]
    capitalised = [w for w in words[1:] if w[0].isupper() and not w.isupper()]
    return all(w[0].isupper() for w in long_words) and len(capitalised) >= 2


def _usage(body: str) -> tuple[set[str], set[str]]:
    """(words the body writes in lower case, words it capitalises) in mid-sentence."""
    lower, upper = set(), set()
    for m in WORD.finditer(body):
        w = m.group()
        if w[0].islower():
            lower.add(w)
        elif not w.isupper() and not SENTENCE_END.search(body[max(0, m.start() - 3):m.start()]):
            upper.add(w)
    return lower, upper


def case_normalised(text: str, start: int, end: int) -> str:
    """``text`` with its headline ``text[start:end]`` written in sentence case when it is a
    title-case headline; the same length, and unchanged outside the headline."""
    headline = text[start:end]
    if not is_title_case(headline):
        return text
    lower, upper = _usage(text[:start] + "\n" + text[end:])
    closed, verbs = closed_class(), act_verbs()
    out = list(headline)
    for n, m in enumerate(WORD.finditer(headline)):
        w = m.group()
        low = w.lower()
        if n == 0 or w.isupper() or w[0].islower() or w in upper:
            continue
        told_lower = low in lower or (low.endswith("s") and low[:-1] in lower) or low + "s" in lower
        if low in closed or _verb_forms(low) & verbs or told_lower:
            out[m.start()] = low[0]
    return text[:start] + "".join(out) + text[end:]

"""A phrase matcher over token sequences, in plain Python, and the tokens of its phrases.

spaCy's PhraseMatcher needs each phrase as a Doc, and making ~4,500 Docs of gazetteer names
creates thousands of lexemes: about 0.3 s of every worker's start, more than a whole article's
extraction. Here a phrase is a tuple of token strings, matched by the lower-case form or the
exact text of the document's tokens: the same matches as a PhraseMatcher with attr LOWER or
ORTH over the same token splits.

The splits come from ``kg/data/gazetteer/phrase_tokens.tsv``, derived by ``scripts/derive_tokens.py``
with the tokenizer that kg's pipeline loads. The file names that tokenizer by a fingerprint
(spaCy's version and the tokenizer's rules); with another tokenizer the file is ignored, and a
phrase the file lacks (a gazetteer row added since) is tokenized at start-up, so the file only
ever saves time, never changes a match.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from spacy.attrs import LOWER, ORTH
from spacy.strings import get_string_id

TOKENS_FILE = Path(__file__).resolve().parent.parent / "data" / "gazetteer" / "phrase_tokens.tsv"
HEADER = ("# How spaCy's English tokenizer splits each phrase kg matches against documents "
          "(gazetteer names).\n# Derived by scripts/derive_tokens.py; do not edit by hand, "
          "rerun the script.\n")


def fingerprint(nlp) -> str:
    """spaCy's version and the tokenizer's rules (prefixes, suffixes, infixes, special
    cases): the same fingerprint, the same splits."""
    import spacy

    rules = nlp.tokenizer.to_bytes(exclude=["vocab"])
    return hashlib.sha256(spacy.__version__.encode() + b"\0" + rules).hexdigest()[:16]


@lru_cache(maxsize=4)
def _stored(path: str, fp: str) -> dict[str, tuple[str, ...]]:
    try:
        lines = Path(path).read_text(encoding="utf-8").split("\n")
    except OSError:
        return {}
    known = next((ln.split("\t")[1] for ln in lines if ln.startswith("tokenizer\t")), None)
    if known != fp:
        return {}
    out = {}
    for ln in lines:
        if ln and not ln.startswith("#") and not ln.startswith("tokenizer\t"):
            surface, *tokens = ln.split("\t")
            out[surface] = tuple(tokens)
    return out


def tokenizer_of(nlp, path: Path = TOKENS_FILE):
    """A function from a phrase to its tokens: the stored split when the file was derived
    with this tokenizer, else the tokenizer's own."""
    stored = _stored(str(path), fingerprint(nlp))

    def tokens(surface: str) -> tuple[str, ...]:
        got = stored.get(surface)
        return got if got is not None else tuple(t.text for t in nlp.make_doc(surface))
    return tokens


def write_tokens(nlp, surfaces) -> str:
    """The file's text for ``surfaces`` (sorted, one per line), split by ``nlp``'s tokenizer."""
    rows = []
    for s in sorted(set(surfaces)):
        if "\t" in s or "\n" in s or not s:
            continue
        rows.append("\t".join([s, *(t.text for t in nlp.make_doc(s))]))
    return HEADER + f"tokenizer\t{fingerprint(nlp)}\n" + "\n".join(rows) + "\n"


class PhraseIndex:
    """Phrases (tuples of token strings) under an id, each matched by lower case or exactly.
    Tokens are compared by the hashes spaCy keeps for them (``Doc.to_array``), so a document
    is read in one call and no phrase adds to the vocabulary."""

    def __init__(self):
        # per mode: phrase (tuple of token ids) -> its ids, and first token -> phrase lengths
        self._lower: tuple[dict, dict] = ({}, {})
        self._exact: tuple[dict, dict] = ({}, {})

    def add(self, ident: str, tokens: tuple[str, ...], case_sensitive: bool) -> None:
        if not tokens:
            return
        ids = tuple(get_string_id(t if case_sensitive else t.lower()) for t in tokens)
        phrases, lengths = self._exact if case_sensitive else self._lower
        phrases.setdefault(ids, set()).add(ident)
        known = lengths.setdefault(ids[0], ())
        if len(ids) not in known:
            lengths[ids[0]] = tuple(sorted(known + (len(ids),)))

    def __call__(self, doc) -> list[tuple[str, int, int]]:
        """(id, start, end) of every match, in order of start, then end, then id."""
        if not len(doc):
            return []
        columns = doc.to_array([LOWER, ORTH]).T.tolist()
        found = []
        for seq, (phrases, lengths) in zip(columns, (self._lower, self._exact)):
            n = len(seq)
            for i in [i for i, w in enumerate(seq) if w in lengths]:
                for size in lengths[seq[i]]:
                    if i + size <= n:
                        for ident in phrases.get(tuple(seq[i:i + size]), ()):
                            found.append((i, i + size, ident))
        return [(ident, s, e) for s, e, ident in sorted(set(found))]

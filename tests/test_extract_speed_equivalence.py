"""The speed-ups of extraction change no result.

kg.extract.parse copies a parsed Doc into plain Python objects; these tests compare every
attribute extraction reads with spaCy's own Token and Span. The time-expression gates,
the span filter and the per-Doc caches are compared with the plain computations they
replace. (bench/extract_snapshot.py compares whole Records over a corpus.)
"""
from __future__ import annotations

import dataclasses
import random
import re
from pathlib import Path

import pytest

from kg.extract import parse
from kg.extract import time as timex

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    *(p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))),
    'UN Secretary-General Ban Ki-moon said on Monday that "we will not accept this," and urged '
    "North and South Korea to hold talks in Geneva next week.\n\nThe talks, which both sides "
    "agreed to last Friday, are expected to begin on March 3, 2012.",
    "Whom did the minister, who had arrived in Seoul two days ago, say China should not deport?\n"
    "It is clear that the government's decision  \t was taken late this year; the EU & the AU "
    "called it 'unacceptable'.",
    "  \n\nBreaking: Russia-backed forces shelled the city.  Talks between Kyiv and Moscow, "
    "planned for 5-7 April, were called off. ",
]
ATTRS = ("i", "idx", "text", "lower_", "lemma_", "pos_", "tag_", "dep_", "ent_type_",
         "is_space", "is_punct", "is_quote", "is_stop", "like_num")


@pytest.fixture(scope="module")
def docs():
    from kg import nlp

    return list(nlp.load().pipe(TEXTS))


def _ids(tokens) -> list[int]:
    return [t.i for t in tokens]


def test_toks_answer_like_spacy_tokens(docs):
    for doc in docs:
        toks = parse.tokens(doc)
        assert len(toks) == len(doc)
        assert parse.text_of(doc) == doc.text
        for t, x in zip(toks, doc):
            assert [getattr(t, a) for a in ATTRS] == [getattr(x, a) for a in ATTRS], x.i
            assert t.head.i == x.head.i and t.head is toks[x.head.i]
            assert _ids(t.children) == _ids(x.children)
            assert _ids(t.lefts) == _ids(x.lefts) and _ids(t.rights) == _ids(x.rights)
            assert _ids(t.subtree) == _ids(x.subtree)
            assert _ids(t.ancestors) == _ids(x.ancestors)
            assert (t.left_edge.i, t.right_edge.i) == (x.left_edge.i, x.right_edge.i)
            assert (t.sent.start, t.sent.end) == (x.sent.start, x.sent.end)
            assert str(t.morph) == str(x.morph) and len(t) == len(x) and str(t) == str(x)
        parse.release(doc)


def test_spans_answer_like_spacy_spans(docs):
    for doc in docs:
        sents = parse.sentences(doc)
        assert [(s.start, s.end, s.text, s.start_char, s.end_char, s.root.i) for s in sents] == \
            [(s.start, s.end, s.text, s.start_char, s.end_char, s.root.i) for s in doc.sents]
        assert [(e.start, e.end, e.label_, e.text) for e in parse.entities(doc)] == \
            [(e.start, e.end, e.label_, e.text) for e in doc.ents]
        for start in range(len(doc) + 1):
            for end in range(start, min(len(doc), start + 10) + 1):
                ours, theirs = parse.span(doc, start, end), doc[start:end]
                assert ours.text == theirs.text and _ids(ours) == _ids(theirs)
                assert (ours.start_char, ours.end_char) == (theirs.start_char, theirs.end_char)
                if start < len(doc):
                    assert ours.root.i == theirs.root.i, (start, end)
        for a, b in [(0, 5), (3, 40), (10, 11), (7, 7)]:
            ours, theirs = parse.char_span(doc, a, b), doc.char_span(a, b, alignment_mode="expand")
            assert (ours.start, ours.end) == (theirs.start, theirs.end)
        for a, b in [(0, 30), (12, 80), (50, 51)]:
            assert parse.tokens_at(doc, a, b) == [t for t in parse.tokens(doc) if a <= t.idx < b]
        parse.release(doc)


PLAIN_PATTERNS = [re.compile(pattern, re.I) for _, pattern, _ in timex._RULES]


def _ungated_timexes(text):
    """find_timexes as it was: every pattern as written, on the whole text."""
    found = []
    for pat in PLAIN_PATTERNS:
        for m in pat.finditer(text):
            found.append((m.start("t" if "t" in pat.groupindex else 0), m.end()))
    return timex.leftmost_longest(found, text)


def test_time_expressions_are_found_as_by_the_plain_patterns():
    rng = random.Random(7)

    def mutate(t):  # case flips and other white space: what the patterns read through
        out = []
        for c in t:
            if c.isalpha() and rng.random() < 0.1:
                c = c.swapcase()
            elif c == " " and rng.random() < 0.1:
                c = rng.choice(["  ", "\n", "\t", "\u00a0", "\u2003"])
            if c in "is" and rng.random() < 0.03:  # letters re.IGNORECASE reads as i and s
                c = {"i": "\u0131", "s": "\u017f"}[c]
            out.append(c)
        return "".join(out)

    texts = TEXTS + [mutate(t) for t in TEXTS for _ in range(5)] + [
        "from 3 to 5 March", "\u017fince May 2010", "between Monday and Friday", "TWO  WEEKS\nAGO",
        "\u0130n 2009, the end of this month", "mid-June, late this year", "in 1999's", "LAST\nNIGHT",
        "This\u00a0Morning", "next\u2003Friday", "from\nMonday till Friday", "the BEGINNING OF March",
        "\u017fince 1999", "lateſt news, \u0131n 2010", "a few days ago", "Earlier this week", "mid-2010",
        "between 3 and 5 May", "\u0663\u0664\u0665\u0666-01-02 and 2011-03-04"]
    for text in texts:
        assert timex.find_timexes(text) == _ungated_timexes(text), text


def test_filter_spans_is_spacys(docs):
    from spacy.util import filter_spans

    doc = docs[0]
    rng = random.Random(3)
    for _ in range(200):
        pairs = []
        for _ in range(rng.randrange(1, 12)):
            s = rng.randrange(0, 30)
            pairs.append((s, s + rng.randrange(1, 5)))
        assert parse.filter_spans(pairs) == [(sp.start, sp.end) for sp in filter_spans([doc[s:e] for s, e in pairs])]


def test_extraction_releases_its_caches_and_repeats_itself(docs):
    from kg import nlp
    from kg.extract import extract
    from kg.model import Article

    doc = docs[1]
    art = Article(id="t", text=TEXTS[1])
    first = dataclasses.asdict(extract(nlp.load(), art, doc))
    assert not [k for k in doc.user_data if str(k).startswith("kg_")]
    assert dataclasses.asdict(extract(nlp.load(), art, doc)) == first


def test_post_titles_are_found_as_by_the_plain_search(docs):
    from kg.extract import persons
    from kg.extract.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    for doc in docs:
        toks = parse.tokens(doc)
        for i in range(len(toks)):
            best = None
            for s in range(i, max(i - 4, -1), -1):
                info = gaz.post(" ".join(t.lower_ for t in toks[s:i + 1]))
                if info is not None:
                    best = (s, doc[s:i + 1].text, info)
            assert persons._post_at(doc, i, gaz) == best, i
        parse.release(doc)


def test_issue_vocabulary_and_actions_are_found_as_by_the_plain_scan(docs):
    from kg.extract import issues

    def plain_vocabulary(tokens):
        lem, txt = issues._lemmas(tokens), issues._texts(tokens)
        best = None
        for key, label, patterns, flip, broader in issues.vocabulary():
            for p in patterns:
                if any(f" {p}" in h for h in (lem, txt)) and (best is None or len(p) > best[0]):
                    best = (len(p), key)
        return best and best[1]

    def plain_action(tokens):
        table = issues.actions()
        for i in range(len(tokens)):
            for n in (3, 2, 1):
                words = " ".join(x.lemma_.lower() for x in tokens[i:i + n])
                if len(tokens[i:i + n]) == n and words in table:
                    return tokens[i + n - 1], table[words]
        return None

    for doc in docs:
        for sent in parse.sentences(doc):
            for tok in sent:
                toks = [t for t in tok.subtree if not t.is_space]
                found = issues._from_vocabulary(toks)
                assert (found[0].key if found else None) == plain_vocabulary(toks)
                got = issues._action(toks)
                assert (got and got[:2]) == plain_action(toks)
        parse.release(doc)


# ------------------------------------------------------------------ phrase index and cue search
PHRASE_TEXTS = [
    "The U.S. and the EU met NATO's envoy; the u.s. delegation and Nato officials left.",
    "South Korea, North Korea and the Republic of Korea: the Korea talks. UN U.N. un",
    "Côte d'Ivoire and Cote d'Ivoire, the Kremlin and the North, then New York's mayor.",
]


def _spacy_matches(nlp, index_rows, doc):
    """The same phrases through spaCy's PhraseMatcher (what kg.extract.phrases replaces)."""
    from spacy.matcher import PhraseMatcher

    lower, exact = PhraseMatcher(nlp.vocab, attr="LOWER"), PhraseMatcher(nlp.vocab, attr="ORTH")
    for surface, case_sensitive, ident in index_rows:
        (exact if case_sensitive else lower).add(ident, [nlp.make_doc(surface)])
    return sorted({(nlp.vocab.strings[m], s, e) for matcher in (lower, exact) for m, s, e in matcher(doc)},
                  key=lambda x: (x[1], x[2], x[0]))


def test_phrase_index_matches_like_spacys_phrase_matcher(docs):
    from kg import nlp as _nlp
    from kg.extract.gazetteer import load_gazetteer
    from kg.extract.matcher import variants
    from kg.extract.phrases import PhraseIndex

    nlp = _nlp.load()
    rows = [(v, cs, ident) for v, cs, ident, _key, _via in variants(load_gazetteer())]
    rows += [("Korea", False, "twice"), ("korea", False, "twice"), ("U.S.", True, "exact-us"),
             ("the North", False, "north"), ("New York 's", False, "possessive")]
    index = PhraseIndex()
    for surface, case_sensitive, ident in rows:
        index.add(ident, tuple(t.text for t in nlp.make_doc(surface)), case_sensitive)
    for doc in [*docs, *nlp.pipe(PHRASE_TEXTS)]:
        got = index(doc)
        assert got == _spacy_matches(nlp, rows, doc)
    assert ("exact-us", 1, 2) in index(nlp.make_doc(PHRASE_TEXTS[0]))      # "U.S." by its case only
    assert not any(i == "exact-us" for i, _, _ in index(nlp.make_doc("the u.s. delegation")))


def test_stored_phrase_tokens_are_current_and_only_save_time(tmp_path):
    import subprocess
    import sys

    from kg import nlp as _nlp
    from kg.extract.phrases import TOKENS_FILE, tokenizer_of, write_tokens

    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "derive_tokens.py"), "--check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr    # after editing the gazetteer: rerun the script
    nlp = _nlp.load()
    assert tokenizer_of(nlp)("Côte d'Ivoire") == tuple(t.text for t in nlp.make_doc("Côte d'Ivoire"))
    # a file made by another tokenizer is not used, a phrase it lacks is split by this one
    stale = tmp_path / "tokens.tsv"
    stale.write_text(write_tokens(nlp, ["U.S. Congress"]).replace("tokenizer\t", "tokenizer\tX")
                     .replace("U.S. Congress\tU.S.\tCongress", "U.S. Congress\tU.S. Congress"),
                     encoding="utf-8")
    assert tokenizer_of(nlp, stale)("U.S. Congress") == ("U.S.", "Congress")
    made_here = tmp_path / "current.tsv"     # while a file of this tokenizer is read as it is
    made_here.write_text(write_tokens(nlp, ["U.S. Congress"]).replace("\tU.S.\tCongress", "\tUS\tCongress"),
                         encoding="utf-8")
    assert tokenizer_of(nlp, made_here)("U.S. Congress") == ("US", "Congress")
    assert tokenizer_of(nlp, stale)("the Holy See") == ("the", "Holy", "See")
    assert "Côte d'Ivoire" in TOKENS_FILE.read_text(encoding="utf-8")


def _plain_find_cues(doc):
    """Cue search as it was before per-word row lists were kept and multiword cues whose words
    the text lacks were skipped."""
    from kg.extract import statements as S
    from kg.extract.lexicon import load_cues

    cues, hits = load_cues(), []
    for tok in parse.tokens(doc):
        lemma = S._lemma(tok)
        rows = cues.get(lemma) or ()
        adjectives = []
        if tok.lower_ != lemma:
            own = cues.get(tok.lower_) or ()
            adjectives = [r for r in own if r.pos == "ADJ"]
            rows = [*rows, *(r for r in own if r.pos != "ADJ")]
        for row in adjectives + sorted(rows, key=S._longest_first):
            if row.pos == "VERB" and tok.pos_ not in ("VERB", "AUX"):
                continue
            if row.pos == "NOUN" and tok.pos_ not in ("NOUN", "PROPN"):
                continue
            if row.pos == "ADJ" and (not (tok.pos_ == "ADJ" or tok.tag_ == "VBN")
                                     or not S.role_tokens(tok, row.content)):
                continue
            extra = S._multiword(tok, S._rest_words(row.cue))
            if extra is not None:
                hits.append((tok.i, row, [t.i for t in extra]))
                break
    return hits


def test_cues_are_found_as_by_the_plain_search(docs):
    from kg import nlp as _nlp
    from kg.extract import statements as S

    more = _nlp.load().pipe([
        "Officials were deeply concerned and disturbed by the move, and called on Rome to step up "
        "talks; Paris called off the visit and lodged a protest, then gave the go-ahead.",
        "The envoy was declared persona non grata. Ministers expressed anger and were willing to "
        "withdraw, and a willing partner pulled out of the accord.",
    ])
    found = 0
    for doc in [*docs, *more]:
        got = [(h.tok.i, h.cue, [t.i for t in h.extra]) for h in S._find_cues(doc)]
        assert got == _plain_find_cues(doc)
        found += sum(1 for _, _, extra in got if extra)
    assert found >= 4      # multiword cues were among them

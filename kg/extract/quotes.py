"""Direct quotations and their speakers.

Quotation marks are paired within a paragraph (the ingest step has already normalised
curly quotes to '"' in the NLP text, at the same offsets). A quotation's speaker is the
subject of the reporting verb that governs it or stands beside it ('"…," X said',
'X said: "…"', 'said X'), else the speaker of the quotation just before it in the same
paragraph (a quotation continued after its attribution).
"""
from __future__ import annotations

import re

from kg.extract.lexicon import load_cues
from kg.extract.parse import sentences, tokens, tokens_at
from kg.extract.statements import subject_of
from kg.model import Quote, Span

QUOTE = '"'
MIN_CHARS = 2


def quotation_marks(text: str):
    """(open, close) offsets of double quotation marks, paired within paragraphs."""
    out = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        marks = [m.start() + para.start() for m in re.finditer(QUOTE, para.group())]
        for a, b in zip(marks[0::2], marks[1::2]):
            out.append((a, b))
    return out


def _is_speech(tok) -> bool:
    rows = load_cues().get(tok.lemma_.lower()) or []
    return tok.pos_ in ("VERB", "AUX") and any(r.speech for r in rows if r.pos == "VERB")


def _speaker_of_verb(tok, reg):
    subj, passive = subject_of(tok)
    if subj is None or passive:
        return None
    k = reg.key_of_token(subj)
    if k is None:
        for c in subj.children:
            k = k or reg.key_of_token(c)
    return k


def find(doc, reg, text: str) -> list[Quote]:
    quotes: list[Quote] = []
    prev_para_end = -1
    prev_speaker = None
    for a, b in quotation_marks(text):
        inner = text[a + 1:b]
        stripped = inner.strip(" ,.;:")
        if len(stripped) < MIN_CHARS:
            continue
        lead = len(inner) - len(inner.lstrip())
        span = Span(a + 1 + lead, a + 1 + lead + len(inner.strip()))
        qtoks = tokens_at(doc, span.start, span.end)
        if not qtoks:
            continue
        speaker, rule = _attribute(doc, reg, qtoks, span)
        para_start = text.rfind("\n", 0, a)
        if speaker is None and prev_speaker and para_start <= prev_para_end:
            speaker, rule = prev_speaker, "quote.continued"
        quotes.append(Quote(speaker=speaker, text=text[span.start:span.end], span=span, rule=rule))
        prev_speaker = speaker
        prev_para_end = b
    return quotes


def _attribute(doc, reg, qtoks, span):
    inside = {t.i for t in qtoks}
    # 1. a reporting verb outside the quotation that governs one of its tokens
    for t in qtoks:
        for anc in t.ancestors:
            if anc.i not in inside and _is_speech(anc):
                k = _speaker_of_verb(anc, reg)
                if k:
                    return k, "quote.governed"
                break
    # 2. a reporting verb in the same sentence(s), nearest to the quotation
    sents = {qtoks[0].sent.start, qtoks[-1].sent.start}
    cands = []
    for s in sentences(doc):
        if s.start in sents or (s.start == qtoks[-1].sent.end):
            for t in s:
                if t.i not in inside and _is_speech(t):
                    cands.append(t)
    cands.sort(key=lambda t: min(abs(t.idx - span.start), abs(t.idx - span.end)))
    for t in cands:
        k = _speaker_of_verb(t, reg) or _inverted_speaker(t, reg, inside)
        if k:
            return k, "quote.attribution"
    # 3. "according to X, quoting Y, … '…'": the source named for the sentence
    sent = qtoks[0].sent
    for t in sent:
        if t.lemma_.lower() == "quote" and t.pos_ == "VERB":
            for c in t.children:
                if c.dep_ == "dobj" and reg.key_of_token(c):
                    return reg.key_of_token(c), "quote.quoting"
    for t in sent:
        if t.lower_ == "according":
            for p in t.subtree:
                if p.dep_ == "pobj" and reg.key_of_token(p):
                    return reg.key_of_token(p), "quote.according-to"
    return None, ""


def _inverted_speaker(verb, reg, inside):
    """'"…," added KCNA.': the name right after the reporting verb."""
    for t in tokens(verb.doc)[verb.i + 1:verb.i + 4]:
        if t.i in inside or t.is_punct:
            break
        k = reg.key_of_token(t)
        if k:
            return k
    return None


FIRST_PERSON = {"i", "me", "my", "we", "us", "our", "ours", "myself", "ourselves"}


def first_person(doc, reg, quotes) -> None:
    """'We', 'I', 'our' inside a quotation are its speaker."""
    for q in quotes:
        if not q.speaker:
            continue
        for t in tokens_at(doc, q.span.start, q.span.end):
            if t.lower_ in FIRST_PERSON and t.i not in reg.by_token:
                reg.add_mention(t.i, t.i + 1, q.speaker, "coref.quote")

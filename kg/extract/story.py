"""Passes over all of one story's acts, after each sentence's own: an act told again by "do
so", "do the same" or "follow suit", and one side's sanctions sharing the purpose it gives for
any of them."""
from __future__ import annotations

from dataclasses import replace

from kg.extract.modality import act_modality
from kg.extract.parse import tokens
from kg.extract.statements import STATE_ORGAN_KINDS, actor_keys, sentence_span, subject_of
from kg.model import Span, Statement


def shared_purpose(sts, reg):
    """One side's sanctions in a story serve the purpose it gives for any of them ('imposed
    new sanctions … in an effort to persuade … to free political prisoners'; '… also banned 29
    companies'): a sanction told without one takes the nearest such purpose."""
    def side(k):  # a state and its organs; an organisation and its bodies ("EU foreign ministers")
        a = reg.actors.get(k)
        return None if a is None else a.key if a.kind == "state" else (
            a.country if a.kind in STATE_ORGAN_KINDS and a.country else a.affiliation or a.key)

    for st in sts:
        if st.act != "SANCTION" or st.issue is not None:
            continue
        donors = [o for o in sts if o.act == "SANCTION" and o.issue is not None and o.stance == "support"
                  and side(o.speaker) == side(st.speaker)]  # what they are for, not why one was hit
        if donors:
            d = min(donors, key=lambda o: abs(o.cue_span.start - st.cue_span.start))
            st.issue, st.stance, st.rule = d.issue, d.stance, st.rule + "+purpose"
    return sts


def pro_act(tok) -> bool:
    """'do so', 'do the same', 'follow suit': a verb standing for an act told before."""
    lemma = tok.lemma_.lower()
    if lemma not in ("do", "follow"):
        return False
    toks = tokens(tok.doc)
    nxt = toks[tok.i + 1].lower_ if tok.i + 1 < len(toks) else ""
    return tok.pos_ in ("VERB", "AUX") and (
        lemma == "do" and (nxt == "so" or any(c.dep_ == "dobj" and c.lower_ == "same" for c in tok.children))
        or lemma == "follow" and any(c.dep_ == "dobj" and c.lower_ == "suit" for c in tok.children))


def pro_acts(doc, reg, made, dates) -> list[Statement]:
    """'Bahrain and Kuwait recalled their ambassadors … Saudi Arabia was the first to do so',
    'Serbia says it will do the same to all countries that …': the act told last before, done
    by the new subject (to whom "to" names, else to the same addressee)."""
    out = []
    for tok in tokens(doc):
        if not pro_act(tok):
            continue
        before = [s for s in made + out if s.cue_span.start < tok.idx and s.act != "STATEMENT"]
        if not before:
            continue
        ante = max(before, key=lambda s: s.cue_span.start)
        subj, passive = subject_of(tok)
        head = tok
        while subj is None and head.dep_ in ("xcomp", "acl", "relcl", "attr") and head.head.i != head.i:
            head = head.head  # "became the first (nation) to do so": the one who became it
            if head.pos_ in ("VERB", "AUX"):
                subj, passive = subject_of(head)
        to = [k for c in tok.children if c.dep_ == "prep" and c.lower_ == "to" for p in c.children
              if p.dep_ == "pobj" for k in actor_keys(reg, p, create=True)]
        speakers = [k for k in actor_keys(reg, subj) if k != ante.speaker or to] \
            if subj is not None and not passive else []  # ("it will do the same to all countries that …")
        if not speakers:
            continue
        modality = act_modality(tok)
        addressees = to[:1] or list(dict.fromkeys(  # "mediated between Hamas and Israel": both
            s.addressee for s in before if s.cue_span == ante.cue_span and s.speaker == ante.speaker))
        for sp in speakers:
            for ad in addressees:
                out.append(replace(ante, speaker=sp, addressee=ad if ad != sp else None, modality=modality,
                                   span=sentence_span(tok), cue_span=Span(tok.idx, tok.idx + len(tok.text)),
                                   content=None, content_span=None, content_head=None, quote=None, source=None,
                                   date=dates(tok), rule=ante.rule + "+pro-act"))
    return out

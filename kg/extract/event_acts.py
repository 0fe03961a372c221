"""Acts read off events named by a noun: a meeting, talks, a visit or a phone call is a
CONSULT between its participants, a signing an AGREE of each party towards the other.

Verbal triggers ("met", "visited", "signed") are statements through the cue lexicon; this
covers what the text names as a thing ("the meeting between X and Y", "X's visit to Y",
"after talks in Geneva, X accepted …"). Who is the source:

- "between X and Y", "X and Y held talks", a signing: each party towards the other;
- an agent (the possessor, "by X", the subject of a light verb: "X held a meeting with Y",
  or, for talks, of the clause they frame: "during talks with Y, X said"; for a visit, "of X"):
  the agent towards each other participant, or alone;
- one participant and no agent: that participant, alone ("the council's meeting").

Events that are hypothetical (asked for, refused, threatened) are no acts.
"""
from __future__ import annotations

from kg.extract import issues, statements
from kg.extract.events import acts as event_acts
from kg.extract.parse import char_span
from kg.model import Statement

LIGHT_VERBS = {"hold", "have", "attend", "host", "convene", "begin", "start", "conduct", "open",
               "chair", "make", "pay", "resume", "continue", "sign", "conclude", "launch"}
FRAMING_PREPS = {"during", "at", "in", "after", "before", "on", "following", "ahead"}
ABOUT_PREPS = {"on", "about", "over", "regarding", "concerning"}
MAX_PARTIES = 4


def from_events(doc, reg, evs, sts) -> list[Statement]:
    out = []
    for e in evs:
        if e.act not in ("CONSULT", "AGREE") or e.trigger_span is None or e.modality == "hypothetical":
            continue
        trig = char_span(doc, e.trigger_span.start, e.trigger_span.end)
        if trig is None or trig.root.pos_ not in ("NOUN", "PROPN"):
            continue
        tok = trig.root
        parties = [p for p in e.participants if p in reg.actors]
        agent = [k for k in _agent(tok, reg, e.kind) if k in reg.actors]
        for k in agent:
            if k not in parties:
                parties.insert(0, k)
        if not parties:
            continue
        mutual = e.act == "AGREE" or any(c.lower_ == "between" for c in tok.children) or len(agent) >= 2
        if mutual or (not agent and len(parties) >= 2):
            ps = parties[:MAX_PARTIES]
            pairs = [(a, b) for a in ps for b in ps if a != b] or [(ps[0], None)]
        else:
            src = agent or parties[:1]
            others = [p for p in parties if p not in src]
            pairs = [(a, b) for a in src for b in (others or [None])]
        issue = _about(doc, tok, ABOUT_PREPS | ({"of"} if e.act == "AGREE" else set()))
        act_cameo = event_acts().get(e.kind, (e.act, None))[1] or None
        span = statements.sentence_span(tok)
        for a, b in pairs:
            if any(s.speaker == a and s.act == e.act and s.addressee in (b, None) and s.span.overlaps(span)
                   for s in sts + out):
                continue
            out.append(Statement(
                speaker=a, act=e.act, span=span, cue=tok.lemma_.lower(), cue_span=e.trigger_span,
                addressee=b, cameo=act_cameo, issue=issue,
                stance="support" if issue and e.act == "AGREE" else None,
                modality=e.modality, date=e.date, rule=f"event:{e.kind}"))
    return out


def _agent(tok, reg, kind: str) -> list[str]:
    """Who holds, pays or makes the event named by ``tok`` (see the module docstring)."""
    actor_of = statements.actor_keys
    for c in tok.children:
        if c.dep_ == "poss":
            return actor_of(reg, c)
        if c.dep_ in ("prep", "agent") and c.lower_ == "by" or (c.lower_ == "of" and kind == "visit"):
            for p in c.children:
                if p.dep_ == "pobj":
                    return actor_of(reg, p)
    head = tok.head
    if tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in LIGHT_VERBS:
        subj, passive = statements.subject_of(head)
        return [] if passive else actor_of(reg, subj)
    if kind == "talks" and tok.dep_ == "pobj" and head.lower_ in FRAMING_PREPS and head.head.pos_ in ("VERB", "AUX"):
        subj, passive = statements.subject_of(head.head)
        return [] if passive else actor_of(reg, subj)
    return []


def _about(doc, tok, preps):
    """The issue of a meeting: what it is 'on', 'about' or 'over' (a signing: 'of')."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj" and p.ent_type_ not in ("DATE", "TIME"):
                    issue, _ = issues.normalise(doc, list(p.subtree))
                    return issue
    return None


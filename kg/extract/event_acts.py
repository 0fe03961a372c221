"""Events and acts, each read off the other.

Material acts are events: a recall, an arrest or a shelling told as an act is also an event
of the kind its CAMEO code names (kg/data/lexicons/act_event_kinds.tsv), with the act's
actors as participants (:func:`from_acts`).

Acts read off events named by a noun: a meeting, talks, a visit or a phone call is a
CONSULT between its participants, a signing an AGREE of each party towards the other, the
fighting between two sides an ASSAULT of each on the other (:func:`from_events`).

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

from functools import lru_cache

from kg.extract import events, issues, statements
from kg.extract.data import LEXICONS, read_tsv, words
from kg.extract.events import acts as event_acts
from kg.extract.parse import char_span
from kg.model import Event, Statement

LIGHT_VERBS = words("gathering_light_verbs")
FRAMING_PREPS = {"during", "at", "in", "after", "before", "on", "following", "ahead", "for"}
ABOUT_PREPS = {"on", "about", "over", "regarding", "concerning"}
MAX_PARTIES = 4
MUTUAL_KINDS = words("mutual_event_kinds")


def from_events(doc, reg, evs, sts) -> list[Statement]:
    out = []
    for e in evs:
        mutual_kind = e.kind in MUTUAL_KINDS  # "the fighting between X and Y"
        if e.act not in ("CONSULT", "AGREE") and not mutual_kind or e.trigger_span is None \
                or e.modality == "hypothetical":
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
        if not parties or mutual_kind and len(parties) < 2:
            continue
        mutual = e.act == "AGREE" or mutual_kind or any(c.lower_ == "between" for c in tok.children) or len(agent) >= 2
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
            if any(s.speaker == a and s.act == e.act and (b is None or s.addressee in (b, None)) and s.span.overlaps(span)
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



@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    return {r["cameo"]: r["kind"] for _, r in read_tsv(LEXICONS / "act_event_kinds.tsv", ("cameo", "kind"))}


def kind_of(cameo: str | None) -> str | None:
    """The event kind of a CAMEO code: its longest listed prefix's, or None."""
    table = _kinds()
    for n in range(len(cameo or ""), 1, -1):
        kind = table.get(cameo[:n])
        if kind:
            return kind
    return None


def from_acts(doc, reg, sts, evs) -> list[Event]:
    """Events for the material acts that no event trigger found already (one per cue, with
    every speaker and addressee of its statements as participants). An act whose event the
    text names by its object ("held a meeting", "imposed sanctions") or told twice ("the coup
    … the military seized power") joins that event; one named in passing by a noun in another
    clause's phrase is no new event."""
    seen = {m for e in evs for m in e.mentions} | {e.trigger_span for e in evs}
    out: dict = {}
    for s in sts:
        if s.cue_span in seen or s.rule.startswith("event:") or s.modality in ("hypothetical", "denied") \
                or (statements.load_cues_speech(s) and not s.rule.endswith("+civil")):
            continue
        kind = kind_of(s.cameo)
        if kind is None:
            continue
        e = out.get(s.cue_span)
        tok = char_span(doc, s.cue_span.start, s.cue_span.end).root
        if e is None:
            e = _same_event(doc, tok, kind, s, evs)
            if e is not None:
                out[s.cue_span] = e
        if e is None and statements.in_passing(tok):
            continue  # "sanctions over Russia's deportation of children": the act, not a new event
        if e is None:
            e = out[s.cue_span] = Event(
                kind=kind, label=events.label_of(tok, kind), span=events.clause_span(tok),
                act=event_acts().get(kind, (s.act,))[0], location=events.location(tok, reg), date=s.date,
                modality=s.modality, trigger=tok.text, rule=f"event.act:{s.cue}", trigger_span=s.cue_span,
                mentions=[s.cue_span])
        for k in (s.speaker, s.addressee):
            if k and k not in e.participants:
                e.participants.append(k)
    known = {id(e) for e in evs}
    return list({id(e): e for e in out.values() if id(e) not in known}.values())


def _same_event(doc, tok, kind, s, evs):
    """An event already found that this act tells: one whose trigger hangs on the act's word
    ('held a meeting'), or one of the same kind in the same sentence or with a shared
    participant, and no other date ('staged a rally to protest …': one protest)."""
    for e in evs:
        trig = char_span(doc, e.trigger_span.start, e.trigger_span.end) if e.trigger_span else None
        if trig is not None and (trig.root.head.i == tok.i or tok.head.i == trig.root.i):
            return e
    for e in evs:
        if e.kind == kind and ({s.speaker, s.addressee} & set(e.participants) or e.span.overlaps(s.span)) and (
                e.date is None or s.date is None or e.date.value[:7] == s.date.value[:7]):
            e.mentions.append(s.cue_span)
            events.retold(e, events.clause_span(tok), s.date, s.modality, events.title_end_of(doc))
            return e
    return None

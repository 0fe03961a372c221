"""Issue frames: the acts and events a story is about, as issues that statements elsewhere in
the story take sides on.

Every event of the article that names an issue (kg/data/lexicons/event_acts.tsv, column
``noun``) is a frame: its action ("expulsion", "fighting", "coup") with its agent and patient
("expulsion of two U.S. diplomats by Russia"). A statement takes a frame as its issue when
the word its content names the issue by (``Statement.issue_span``)

1. is a mention of the frame's event ("this unprovoked expulsion", "the fighting");
2. is a word of the same action ("hostilities" for the fighting, "expelled" for the
   expulsion) and the content names no issue of its own beyond that word: the nearest
   frame of that kind, an earlier one before a later one;
3. is a shell noun or a pronoun ("the move", "this step", "the decision", "it"): the nearest
   earlier frame of a kind the shell noun fits (kg/data/lexicons/word_classes.tsv, classes
   ``shell_nouns`` and, for nouns that name a kind, ``shell_kinds``).

A statement never takes its own act as issue ("recalled its ambassador" is not about the
recall). The frame's issue is one node per frame in the article; its key depends on the
action and the canonical ids of its participants (ISO-3, Wikidata), so the same act meets
itself across articles, and its broader concept is the action. The link and its reason are
kept in the statement's rule ("+frame(shell 'move')") for ``kg explain``. A statement aimed
at no one that takes a frame is aimed at the frame's agent ("condemned the move": Russia).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.extract.data import LEXICONS, read_tsv, split, words
from kg.extract.parse import char_span, sentences, text_of, tokens_at
from kg.model import Event, Issue
from kg.slug import slug

AIMED = {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "REQUEST", "SUPPORT", "AGREE", "CONCEDE"}
REACTIONS = {"ACCUSE", "REJECT", "PROTEST", "THREATEN"}  # sides taken against something done
REACTION_VERBS = words("reaction_verbs")
SELF_STANCES = {"SUPPORT", "REJECT"}  # acts that are a side taken on themselves (recognition)
MUTUAL_KINDS = words("symmetric_event_kinds")  # no doer and done-to: every participant is a party


@dataclass
class Frame:
    event: Event
    kind: str
    tokens: set          # token indices of the event's mentions
    start: int           # char offset of the first mention
    issue: Issue
    agent: list          # actor keys
    patient: list


@lru_cache(maxsize=1)
def _nouns() -> dict[str, str]:
    return {r["kind"]: r["noun"] for _, r in read_tsv(LEXICONS / "event_acts.tsv", ("kind", "noun")) if r["noun"]}


@lru_cache(maxsize=1)
def _families() -> dict[str, frozenset]:
    """event kind -> the lemmas that name its action: its triggers' words (events.tsv) and its noun."""
    fam: dict[str, set] = {}
    for _, r in read_tsv(LEXICONS / "events.tsv", ("trigger", "pos", "kind")):
        fam.setdefault(r["kind"], set()).add(r["trigger"].split()[0])
    for kind, noun in _nouns().items():
        fam.setdefault(kind, set()).update(noun.split()[:1])
    return {k: frozenset(v) for k, v in fam.items()}


@lru_cache(maxsize=1)
def _shell_kinds() -> dict[str, frozenset]:
    """shell noun -> the kinds of frame it can stand for (empty: any)."""
    out = {w: frozenset() for w in words("shell_nouns")}
    for _, r in read_tsv(LEXICONS / "shell_kinds.tsv", ("shell", "kinds")):
        out[r["shell"]] = frozenset(split(r["kinds"]))
    return out


def build(doc, reg, evs, sts) -> list[Frame]:
    frames = []
    for e in evs:
        noun = _nouns().get(e.kind)
        if not noun or e.trigger_span is None or e.modality == "hypothetical":
            continue
        toks = set()
        for m in e.mentions or [e.trigger_span]:
            toks.update(t.i for t in tokens_at(doc, m.start, m.end))
        agent, patient = _roles(e, sts, reg, doc)
        frames.append(Frame(event=e, kind=e.kind, tokens=toks, start=min(m.start for m in e.mentions or [e.trigger_span]),
                            issue=_issue(e, noun, agent, patient, reg, doc), agent=agent, patient=patient))
    return frames


def _roles(e: Event, sts, reg, doc):
    """The event's agent and patient actors: those of the act that told it; for an event
    named by a noun, its possessor or 'by X' and its 'of X' ("the recognition of Kosovo by
    the United States"), 'on X' or 'against X' ("the attack on the embassy": the embassy is
    attacked, it attacks no one); else its participants (the first acting)."""
    acts = [s for s in sts if s.cue_span in (e.mentions or [e.trigger_span])]
    if acts:
        agent = list(dict.fromkeys(s.speaker for s in acts))
        patient = list(dict.fromkeys(s.addressee for s in acts if s.addressee and s.addressee not in agent))
        return agent, patient
    trig = char_span(doc, e.trigger_span.start, e.trigger_span.end)
    if trig is not None and trig.root.pos_ in ("VERB", "AUX"):  # "refuse to recognize Macedonia"
        agent = [k for c in trig.root.children if c.dep_ == "nsubj" for k in [reg.key_of_token(c)] if k]
        patient = [k for c in trig.root.children if c.dep_ in ("dobj", "nsubjpass") for k in [reg.key_of_token(c)] if k]
        if agent or patient:
            return agent, patient
    if trig is not None and trig.root.pos_ in ("NOUN", "PROPN"):
        agent, patient = [], []
        for c in trig.root.children:
            if c.dep_ == "poss":
                agent += [k for k in [reg.key_of_token(c)] if k]
            if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "of", "on", "against"):
                for p in c.children:
                    k = reg.key_of_token(p) if p.dep_ == "pobj" else None
                    if k:
                        (agent if c.lower_ == "by" else patient).append(k)
        if agent or patient:
            return agent, patient
    parts = [p for p in e.participants if p in reg.actors]
    if e.kind in MUTUAL_KINDS:
        return parts, []
    return parts[:1], parts[1:]


def _name(reg, key) -> str:
    a = reg.actors.get(key)
    return a.label if a else key


def _canonical(reg, key) -> str:
    a = reg.actors.get(key)
    if a is None:
        return slug(key)
    if a.kind in ("state", "government") and a.country:
        return a.country.lower()
    return (a.wikidata or slug(a.label)).lower()


def _issue(e: Event, noun: str, agent, patient, reg, doc) -> Issue:
    if e.kind in MUTUAL_KINDS and len(agent) >= 2:
        label = f"{noun} between {' and '.join(_name(reg, k) for k in agent[:3])}"
    else:
        label = noun
        if patient:
            label += " of " + " and ".join(_name(reg, k) for k in patient[:3])
        if agent:
            label += " by " + " and ".join(_name(reg, k) for k in agent[:3])
    ids = sorted({_canonical(reg, k) for k in agent + patient})
    key = slug("-".join([noun] + ids)) if ids else slug(f"{noun}-{e.label}")
    text = text_of(doc)
    surface = {text[m.start:m.end].lower() for m in e.mentions or [e.trigger_span]}
    keywords = sorted({noun, *surface, *(_name(reg, k).lower() for k in agent + patient)})
    generic = noun + (" (" + ", ".join(ids) + ")" if ids else "")
    return Issue(key=key, label=label, keywords=keywords, broader=[slug(noun)], rule="issue.frame",
                 generic_label=generic, broader_labels={slug(noun): noun})


def link(doc, reg, sts, evs) -> list[Frame]:
    """Give statements whose content names a frame of the story that frame's issue."""
    frames = build(doc, reg, evs, sts)
    if not frames:
        return frames
    families = _families()
    shells = _shell_kinds()
    for s in sts:
        if s.issue is None and s.act in SELF_STANCES:
            own = [f for f in frames if s.cue_span in (f.event.mentions or [f.event.trigger_span])]
            if own:  # "Norway recognised Kosovo": recognising takes the side of the recognition
                s.issue, s.rule = own[0].issue, s.rule + "+frame(own act)"
                continue
        if s.issue is None and s.addressee is None and s.act in REACTIONS and _reacts(doc, s):
            found = _reacted_to(doc, reg, s, frames)
            if found is not None:  # "Japan protested.", "Britain also condemned.", "reserves the right to respond"
                s.issue, s.stance = found.issue, s.stance or "oppose"
                s.rule += "+frame(reaction)"
                s.addressee = next((k for k in found.agent if k != s.speaker), None)
            continue
        if s.issue_span is None or (s.issue is not None and s.issue.rule == "issue.vocabulary"):
            continue
        toks = tokens_at(doc, s.issue_span.start, s.issue_span.end)
        if not toks:
            continue
        head = toks[0]
        lemma = head.lemma_.lower()
        own = [f for f in frames if s.cue_span in (f.event.mentions or [f.event.trigger_span])]
        cands = [f for f in frames if f not in own]
        found, why = None, ""
        exact = [f for f in cands if head.i in f.tokens]
        if exact:
            found, why = exact[0], f"names it: {head.text!r}"
        if found is None and (s.issue is None or _bare(head, s.issue)):
            same = [f for f in cands if lemma in families.get(f.kind, ())]
            if same:
                found, why = _nearest(same, head.idx), f"same action: {head.text!r}"
        if found is None and (lemma in shells or head.pos_ == "PRON") and s.issue is None:
            kinds = shells.get(lemma, frozenset())
            fit = [f for f in cands if f.start < head.idx and (not kinds or f.kind in kinds)]
            if fit:
                found, why = max(fit, key=lambda f: f.start), f"shell {head.text!r}"
        if found is not None:
            s.issue = found.issue
            s.rule += f"+frame({why})"
            if s.addressee is None and s.act in AIMED:  # "condemned the move": its author is accused
                s.addressee = next((k for k in found.agent if k != s.speaker), None)
    return frames


def _reacts(doc, s) -> bool:
    """A side taken with nothing named to take it on ('Japan protested.', 'Britain also
    condemned.'), or a reaction ('vowed to retaliate', 'reserves the right to respond')."""
    cue = tokens_at(doc, s.cue_span.start, s.cue_span.end)
    if not cue:
        return False
    rest = s.cue.split()[1:]  # the cue's own words ("reserve the right")
    own = [cue[0]] + [c for c in cue[0].children if c.lemma_.lower() in rest]
    if any(t.lemma_.lower() in REACTION_VERBS for t in own) or any(
            c.dep_ in ("xcomp", "acl") and c.lemma_.lower() in REACTION_VERBS for t in own for c in t.children):
        return True
    if s.content is None:
        return not any(c.dep_ in ("dobj", "ccomp", "xcomp", "prep", "nsubjpass") for c in cue[0].children if c not in own)
    inner = tokens_at(doc, s.content_head, s.content_head + 1) if s.content_head is not None else []
    return bool(inner) and inner[0].lemma_.lower() in REACTION_VERBS


def _reacted_to(doc, reg, s, frames):
    """What a reaction reacts to: the nearest frame told before it that was done to its
    speaker's side (the speaker, or an organ or envoy of its country); else the nearest one,
    in its sentence or the two before, that its speaker did not do."""
    before = [f for f in frames if f.start < s.cue_span.start and f.kind not in MUTUAL_KINDS
              and s.speaker not in f.agent]
    side = _country(reg, s.speaker)
    done_to = [f for f in before if s.speaker in f.patient or side and any(_country(reg, k) == side for k in f.patient)
               and not any(_country(reg, k) == side for k in f.agent)]
    if done_to:
        return max(done_to, key=lambda f: f.start)
    starts = [x.start_char for x in sentences(doc)]
    here = max((i for i, st in enumerate(starts) if st <= s.cue_span.start), default=0)
    near = [f for f in before if f.start >= starts[max(0, here - 2)]]
    return max(near, key=lambda f: f.start) if near else None


def _country(reg, key):
    a = reg.actors.get(key)
    return a.country if a is not None else None


def _bare(head, issue) -> bool:
    """An issue that is nothing but its head word ('hostilities'): a frame of the same action
    says more."""
    return issue.rule == "issue.head-noun" and head.pos_ == "NOUN" and not any(
        c.dep_ in ("compound", "amod", "nmod", "poss") for c in head.children)


def _nearest(frames, at: int):
    before = [f for f in frames if f.start <= at]
    return max(before, key=lambda f: f.start) if before else min(frames, key=lambda f: f.start)

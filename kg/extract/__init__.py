"""Extraction: a parsed spaCy Doc of an Article -> Records.

Order matters: actors (with coreference) first, then quotations, statements, events;
positions are derived from statements last.
"""
from __future__ import annotations

from kg.extract import actors, codes, coref, event_acts, events, frames, groups, issues, organs, positions, quotes, statements
from kg.extract.parse import char_span, memo, release, sentences, text_of, tokens
from kg.extract.time import find_timexes, resolve
from kg.model import Article, Records, Span, TimeValue


class DateResolver:
    """Dates of acts and events: a temporal expression in the act's clause (else its
    sentence), resolved against the publication date with the verb's tense; a present-tense
    act with no expression takes the publication date."""

    def __init__(self, doc, article: Article):
        self.doc = doc
        self.anchor = article.published
        self.timexes = []  # (start_token, end_token, expr)
        if self.anchor is None:
            return
        for s, e, expr in find_timexes(text_of(doc)):
            span = char_span(doc, s, e)
            if span is not None:
                self.timexes.append((span, expr))

    @staticmethod
    def _verb(tok):
        cur = tok
        while cur.pos_ not in ("VERB", "AUX") and cur.head.i != cur.i:
            cur = cur.head
        return cur

    @staticmethod
    def tense(verb) -> str | None:
        if any(c.lower_ in ("will", "'ll", "shall") or (c.lower_ == "to" and c.dep_ == "aux")
               for c in verb.children if c.dep_ == "aux"):
            return "future"
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        found = [_tense_values(t) for t in [verb] + auxes]
        tenses = [str(v[0]) for v in found if v]
        if auxes and "Pres" in [str(v[0]) for v in found[1:] if v]:
            return "present"
        if "Past" in tenses:
            return "past"
        if "Pres" in tenses:
            return "present"
        return None

    def __call__(self, tok, reporting=None) -> TimeValue | None:
        """An event noun governed by a reporting verb (``reporting``) takes only a date
        next to itself: 'the conference was announced on Monday' dates the announcement,
        'at a meeting in Brussels Friday, X said' dates the meeting."""
        if self.anchor is None:
            return None
        verb = self._verb(tok)
        tense = self.tense(verb)
        sent = tok.sent
        here = [(sp, expr) for sp, expr in self.timexes if sp.start >= sent.start and sp.end <= sent.end]
        if tok.pos_ in ("NOUN", "PROPN") and reporting and verb.lemma_.lower() in reporting:
            lo, hi = tok.left_edge.i, tok.right_edge.i + 3
            pick = [x for x in here if lo <= x[0].start <= hi
                    and not (min(tok.i, x[0].start) < verb.i < max(tok.i, x[0].start))]
            if not pick:
                return None
        else:
            attached = [x for x in here if verb in x[0].root.ancestors or x[0].root.head == tok
                        or tok in x[0].root.ancestors]
            pick = attached or here
        if pick:
            sp, expr = min(pick, key=lambda x: abs(x[0].start - tok.i))
            tv = resolve(expr, self.anchor, "future" if tense == "future" else "past" if tense == "past" else None)
            if tv is not None:
                tv.span = Span(sp.start_char, sp.end_char)
                return tv
        if tense == "present":
            return TimeValue(self.anchor.isoformat(), "day", "(publication date)")
        return None


def _tense_values(tok) -> list:
    """The token's Tense values (spaCy's morph.get("Tense")), looked up once per token."""
    known = memo(tok.doc, "tense")
    got = known.get(tok.i)
    if got is None:
        got = known[tok.i] = tok.morph.get("Tense")
    return got


def extract(nlp, article: Article, doc) -> Records:
    try:
        return _extract(nlp, article, doc)
    finally:
        release(doc)


def _extract(nlp, article: Article, doc) -> Records:
    reg = actors.find_actors(nlp, doc)
    cue_heads = {h.tok.i for h in statements.find_cues(doc)}
    groups.subject_groups(doc, reg, lambda t: t.i in cue_heads)
    coref.resolve(doc, reg)
    groups.represent(reg)
    dates = DateResolver(doc, article)
    qs = quotes.find(doc, reg, article.nlp_text)
    quotes.first_person(doc, reg, qs)
    in_quote = lambda i: any(q.span.start <= i < q.span.end for q in qs)  # noqa: E731
    sts = statements.extract(doc, reg, issues=issues.normalise, dates=dates, in_quote=in_quote)
    _unify_issues(sts)
    _link_quotes(sts, qs)
    sts = statements.with_quotes(doc, reg, sts, qs)
    unreal = [s.content_span for s in sts if s.act in ("REQUEST", "REJECT", "THREATEN") and s.content_span]
    unreal += [s.cue_span for s in sts if s.rule.endswith("+threat")]  # "said it would attack …"
    evs = events.find(doc, reg, dates, in_quote,
                      irrealis=lambda i: any(sp.start <= i < sp.end for sp in unreal))
    sts += event_acts.from_events(doc, reg, evs, sts)
    evs = sorted(evs + event_acts.from_acts(doc, reg, sts, evs), key=lambda e: e.span.start)
    frames.link(doc, reg, sts, evs)
    for s in sts:
        s.cameo = codes.agreeing(s.act, s.cameo)  # a reclassified act carries a code of its own type
        if s.issue is None and s.act == "STATEMENT":
            s.stance = None  # a plain statement takes a side only on an issue it names
    _unify_issues(sts)
    for issue in {id(s.issue): s.issue for s in sts if s.issue}.values():
        issues.specialise(issue)  # one label per issue IRI, across articles too
    _venues(doc, sts, evs)
    _governments_as_states(reg, sts, qs, evs)
    _prune(reg, sts, qs, evs)
    pos = positions.derive(sts)
    return Records(article=article, actors=reg.actors, statements=sts, positions=pos, quotes=qs,
                   events=evs, sentences=[Span(s.start_char, s.end_char) for s in sentences(doc)],
                   trace=reg.trace)


PRUNABLE = ("actor.group.argument", "actor.description", "actor.collective", "actor.government")
MODIFIER_SUFFIXES = ("linked", "backed", "led", "installed", "allied", "affiliated", "occupied",
                     "controlled", "supported", "sponsored", "funded", "based", "aligned", "run")


def _prune(reg, sts, qs, evs) -> None:
    """Keep the actors that matter: mentioned for themselves, or taking part in something.

    - a group, an unnamed description or a government that no statement, quotation or
      event involves (itself or through the actors it stands for) is dropped (a government
      whose state the story names has folded into it before, see _governments_as_states);
    - an actor named only inside a modifier ('al-Qaida-linked', 'Russia-installed') is not
      an actor of the story."""
    used = {s.speaker for s in sts} | {s.addressee for s in sts} | {s.source for s in sts} | {q.speaker for q in qs}
    used |= {p for e in evs for p in e.participants}
    used |= {a.affiliation for a in reg.actors.values() if a.affiliation}
    # "the foreign ministers of A and B" stand for A and B in what they do, and are mentioned
    used |= {m.key for m in reg.mentions if any(i in reg.multi for i in range(m.start, m.end))}
    doc = reg.doc
    toks = tokens(doc)
    for key, a in list(reg.actors.items()):
        if key in used:
            continue
        if a.rule == "actor.organ" and organs.weak(reg, key):  # "the army" in passing
            reg.actors.pop(key)
            continue
        if a.rule in PRUNABLE and (a.kind == "group" or a.anonymous or a.rule in ("actor.description", "actor.group.argument")):
            reg.actors.pop(key)
            continue
        ms = [m for m in reg.mentions if m.key == key]
        if ms and all(m.end + 1 < len(toks) and toks[m.end].text == "-" and toks[m.end + 1].lower_ in MODIFIER_SUFFIXES
                      for m in ms):
            reg.actors.pop(key)


DOMESTIC_PARTY_KINDS = ("armed_group", "party")


def _governments_as_states(reg, sts, qs, evs) -> None:
    """A government that deals only with other countries' actors speaks for its state ('the
    Ecuadorian government condemned the recall'): it folds into the state the story names.
    One the story sets against its own country's parties (rebels, the opposition, its
    citizens, the country itself) stays a party of its own ('the Malian government and the
    rebels signed …')."""
    govs = {k: a for k, a in reg.actors.items() if a.rule == "actor.government" and a.country in reg.actors}
    if not govs:
        return
    pairs = [(s.speaker, s.addressee) for s in sts] + [
        (p, q) for e in evs for p in e.participants for q in e.participants if p != q]
    for key, gov in govs.items():
        others = {b for a, b in pairs if a == key} | {a for a, b in pairs if b == key}
        if any(_domestic(reg.actors.get(o), gov) for o in others if o):
            continue  # (acting on its own country, 'imposed a curfew in a town of X', is domestic too)
        state = gov.country
        reg.merge(state, key)
        for s in sts:
            s.speaker = state if s.speaker == key else s.speaker
            s.addressee = state if s.addressee == key else s.addressee
            s.source = state if s.source == key else s.source
        for q in qs:
            q.speaker = state if q.speaker == key else q.speaker
        for e in evs:
            e.participants = list(dict.fromkeys(state if p == key else p for p in e.participants))


def _domestic(other, gov) -> bool:
    return other is not None and (other.country == gov.country or
                                  (other.country is None and other.kind in DOMESTIC_PARTY_KINDS))


GATHERING_KINDS = {"meeting", "session", "talks", "conference", "summit"}


def _venues(doc, sts, evs) -> None:
    """A statement made or planned 'at the meeting' / 'in the talks' has that event as venue."""
    for s in sts:
        for n, e in enumerate(evs):
            if e.kind not in GATHERING_KINDS or e.trigger_span is None:
                continue
            for t in char_span(doc, s.span.start, s.span.end) or []:
                if t.lower_ in ("at", "in", "during") and t.dep_ == "prep" and any(
                        m.start in [x.idx for x in p.subtree] for p in t.children if p.dep_ == "pobj"
                        for m in e.mentions) and _governs(doc, s.cue_span, t):
                    s.venue = n
                    break
            if s.venue is not None:
                break


def _governs(doc, cue_span, prep) -> bool:
    """The 'at/in X' phrase hangs under the cue (or the cue's object)."""
    cue = char_span(doc, cue_span.start, cue_span.end)
    return cue is not None and (cue.root in prep.ancestors)


def _unify_issues(sts) -> None:
    """One Issue object per key in a document, with the keywords of all its wordings."""
    seen = {}
    for s in sts:
        if s.issue is None:
            continue
        first = seen.setdefault(s.issue.key, s.issue)
        if len(s.issue.label) > len(first.label):  # the fullest wording names the issue
            first.label = s.issue.label
        for k in s.issue.keywords:
            if k not in first.keywords:
                first.keywords.append(k)
        s.issue = first


def _link_quotes(sts, qs) -> None:
    for qi, q in enumerate(qs):
        for s in sts:
            if s.quote is None and s.speaker == q.speaker and s.span.overlaps(q.span):
                s.quote = qi
                break

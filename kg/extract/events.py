"""Events: meetings, sessions, visits, talks, signings, sanctions, suspensions, coups,
elections, attacks… from the trigger lexicon (kg/data/lexicons/events.tsv), with
participants from the parse, place, date resolved against the publication date, and
modality. Later definite mentions ("the meeting", "the talks") corefer with an earlier
event of a compatible kind instead of making a new one. Events told inside a direct
quotation are the speaker's claims, not narrated events, and are left to the statements."""
from __future__ import annotations

from functools import lru_cache

from kg.extract import groups, statements, targets
from kg.extract.data import LEXICONS, read_tsv, words
from kg.extract.modality import act_modality
from kg.model import Event, Span
from kg.extract.parse import memo, text_of, tokens

LIGHT_VERBS = words("event_light_verbs")
REPORTING = words("reporting_verbs")
SPEECH_LIGHT_VERBS = words("light_verbs")
NEED_NOUNS = words("need_nouns")
GATHERINGS = {"meeting", "session", "talks", "conference", "summit"}
PLURAL_OK = {"talk", "talks", "sanction", "sanctions", "negotiation", "consultation", "hostility", "protest",
             "restriction", "election", "broadcast"}
MONEY_KINDS = {"aid_pledge"}


@lru_cache(maxsize=1)
def acts() -> dict[str, tuple[str, str]]:
    """Event kind -> (PLOVER act, CAMEO code), from event_acts.tsv; kinds that are no act are absent."""
    return {r["kind"]: (r["act"], r["cameo"]) for _, r in read_tsv(LEXICONS / "event_acts.tsv", ("kind", "act", "cameo"))
            if r["act"]}


@lru_cache(maxsize=1)
def triggers():
    single, double = {}, {}
    for _, r in read_tsv(LEXICONS / "events.tsv", ("trigger", "pos", "kind")):
        words = r["trigger"].lower().split()
        (double if len(words) == 2 else single)[(tuple(words), r["pos"])] = r["kind"]
    return single, double


@lru_cache(maxsize=1)
def _first_words() -> frozenset:
    """The first words of the two-word triggers."""
    return frozenset(words[0] for words, _ in triggers()[1])


@lru_cache(maxsize=1)
def _trigger_words() -> frozenset:
    """Every word a trigger can start with: a token with neither its lemma nor its form
    among them triggers nothing."""
    return _first_words() | {ws[0] for ws, _ in triggers()[0] if ws}


POS_GROUP = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN"}


def _match(tok):
    pos = POS_GROUP.get(tok.pos_)
    if pos is None:
        return None
    single, double = triggers()
    lemma = tok.lemma_.lower()
    if lemma not in _first_words():  # no two-word trigger starts here
        return single.get(((lemma,), pos)) or single.get(((tok.lower_,), pos))
    for c in tok.children:
        k = double.get(((lemma, c.lemma_.lower()), pos))
        if k:
            return k
    if tok.i + 1 < len(tok.doc):
        k = double.get(((lemma, tokens(tok.doc)[tok.i + 1].lemma_.lower()), pos))
        if k:
            return k
    return single.get(((lemma,), pos)) or single.get(((tok.lower_,), pos))


def _participants(tok, reg):
    keys = []

    def add(t):
        xs = [t] + [c for c in t.children if c.dep_ == "conj"]
        # "North and South Korea": the elided first conjunct sits inside the phrase
        xs += [c for c in t.lefts if reg.mention_at(c.i) is not None and reg.mention_at(c.i).via == "gazetteer.ellipsis"]
        for x in xs:
            if reg.multi.get(x.i):  # "the foreign ministers of A and B": A and B take part
                keys.extend(k for k in reg.multi[x.i] if k not in keys)
                continue
            k = reg.key_of_token(x)
            if k and k not in keys:
                keys.append(k)
            elif k is None and x.dep_ in ("dobj", "nsubjpass"):  # "shelled rebel positions"
                keys.extend(o for o in targets.occupants(x, reg, statements.actor_keys) if o not in keys)

    anchor = tok
    if tok.pos_ in ("NOUN", "PROPN"):
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "nmod") or (c.dep_ == "prep" and c.lower_ in (
                    "of", "between", "with", "by", "on", "against")):
                for t in c.subtree:
                    if not _affiliation(t, reg):
                        add(t)
        if tok.dep_ in ("dobj", "nsubjpass", "pobj") and tok.head.lemma_.lower() in LIGHT_VERBS | {"on"}:
            anchor = tok.head if tok.dep_ != "pobj" else tok.head.head
    for c in anchor.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "which", "that") and anchor.dep_ == "relcl":
            add(anchor.head)  # "Abe, who was visiting Tehran"
        elif c.dep_ in ("nsubj", "agent", "dobj", "nsubjpass"):
            add(c if c.dep_ != "agent" else next((p for p in c.children if p.dep_ == "pobj"), c))
        if c.dep_ == "prep" and c.lower_ in ("with", "on", "against", "from", "to", "between"):
            for p in c.children:
                if p.dep_ == "pobj":
                    add(p)
    if tok.pos_ in ("NOUN", "PROPN"):  # "… between the Government and the Front" anywhere in the clause
        for t in tok.sent:
            if t.dep_ == "prep" and t.lower_ == "between":
                for p in t.children:
                    if p.dep_ == "pobj":
                        add(p)
    if not keys and anchor.dep_ in ("xcomp", "conj", "advcl", "pcomp"):
        head = anchor.head.head if anchor.dep_ == "pcomp" else anchor.head  # "retaliated by firing"
        objs = [c for c in head.children if c.dep_ == "dobj" and c.i < anchor.i] \
            if anchor.dep_ == "pcomp" and anchor.head.lower_ in ("for", "of") else []
        for c in objs or head.children:  # "thanked South Africa for hosting the talks": South Africa
            if c.dep_ in ("nsubj", "nsubjpass") or c in objs:  # "Putin is expected to visit"
                add(c)
    return keys


def _affiliation(t, reg) -> bool:
    """A name that only qualifies a person named with it ("SPLM/N Chairman Malik Agar"):
    the person takes part, not the movement."""
    head = t
    while head.dep_ in ("compound", "nmod", "amod", "poss", "punct") and head.head.i != head.i:
        head = head.head
    k, own = reg.key_of_token(head), reg.key_of_token(t)
    return head is not t and k is not None and own is not None and k != own and reg.actors[k].kind == "person"


def location(tok, reg):
    """A place in an 'in/at X' phrase attached to the trigger or to the verbs above it."""
    heads = [tok] + [a for a in tok.ancestors][:3] + [c for c in tok.children if c.pos_ in ("VERB", "AUX")]
    toks = tokens(tok.doc)
    if tok.i + 2 < len(toks) and toks[tok.i + 1].lower_ == "to" and toks[tok.i + 2].pos_ == "VERB":
        heads.append(toks[tok.i + 2])  # "the meeting to begin in Geneva"
    for t in tok.sent:
        if t.dep_ == "pobj" and t.head.lower_ in ("in", "at") and t.head.head in heads:
            if t.i in reg.places:
                return reg.places[t.i]
            for c in t.children:  # "in Kenya's capital, Nairobi"
                if c.dep_ == "appos" and c.i in reg.places:
                    return reg.places[c.i]
            if reg.at(t.i) and reg.actors[reg.at(t.i)].kind == "state":
                return reg.actors[reg.at(t.i)].label
    return None


def clause_span(tok) -> Span:
    anchor = tok
    while anchor.pos_ not in ("VERB", "AUX") and anchor.head.i != anchor.i:
        anchor = anchor.head
    toks = list(anchor.subtree) if anchor.pos_ in ("VERB", "AUX") else list(tok.sent)
    return Span(toks[0].idx, toks[-1].idx + len(toks[-1].text))


def _definite(tok) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in tok.children)


def _compatible(a: str, b: str) -> bool:
    return a == b or (a in GATHERINGS and b in GATHERINGS)


def _agent(tok, reg):
    """The actor doing the event: the active subject or 'by X'."""
    for c in tok.children:
        if c.dep_ == "nsubj" and tok.pos_ in ("VERB", "AUX"):
            return reg.key_of_token(c)
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            for p in c.children:
                if p.dep_ == "pobj":
                    return reg.key_of_token(p)
    return None


def _dates_agree(a, b) -> bool:
    if a is None or b is None:
        return True
    return a.value.startswith(b.value) or b.value.startswith(a.value)


def find(doc, reg, dates, in_quote, irrealis=lambda i: False) -> list[Event]:
    """``irrealis(char offset)`` tells whether a trigger stands inside something requested,
    rejected or threatened: such an event has not happened ('urged Iran to hold talks')."""
    events: list[Event] = []
    agents = {}
    starts = _trigger_words()
    title_end = title_end_of(doc)
    for tok in tokens(doc):
        if tok.lemma_.lower() not in starts and tok.lower_ not in starts:
            continue
        kind = _match(tok)
        if kind is None or kind == "-" or in_quote(tok.idx):
            continue
        if tok.dep_ == "amod" and tok.pos_ in ("VERB", "AUX"):
            continue  # "Lebanon's visiting minister", "repatriated defectors" name people, not events
        if tok.pos_ == "PROPN" and tok.ent_type_ in ("ORG", "WORK_OF_ART", "LAW", "PRODUCT"):
            continue  # a word of a name: "(For Inspiration and Recognition of Science and Technology)"
        if tok.pos_ in ("NOUN", "PROPN") and (tok.dep_ in ("compound", "amod") or (
                tok.tag_ in ("NNS", "NNPS") and tok.lemma_.lower() not in PLURAL_OK)):
            continue  # "coup leaders" is not a coup; "numerous coups" are no one event
        if kind in MONEY_KINDS and not any(statements.is_money(t) for t in tok.subtree):
            continue
        if tok.pos_ in ("VERB", "AUX") and (by := statements.object_act(tok)) is not None and by[0] == "-":
            continue  # "deployed diplomatic tools": what the verb acts on makes it no event of its kind
        if kind == "protest" and (tok.dep_ == "pobj" and tok.head.lower_ in ("in", "as") or (
                tok.dep_ == "dobj" and tok.head.lemma_.lower() in SPEECH_LIGHT_VERBS)):
            continue  # "in protest at X" says why; "lodged a protest" is an official complaint, a statement
        parts = _participants(tok, reg)
        if kind == "visit" and groups.populace(reg, parts[:1]):
            continue  # "refugees travelled to Germany": no diplomatic visit
        date = dates(tok, REPORTING)
        loc = location(tok, reg)
        modality = act_modality(tok) if tok.pos_ in ("VERB", "AUX") else _noun_modality(tok)
        if modality == "asserted" and date is not None and dates.anchor and date.value > dates.anchor.isoformat()[:len(date.value)]:
            modality = "planned"
        if any(t.lower_ == "according" for t in tok.sent) and modality == "asserted":
            modality = "reported"
        if irrealis(tok.idx) and modality in ("asserted", "reported", "planned"):
            modality = "hypothetical"
        span = clause_span(tok)
        agent = _agent(tok, reg)
        same = [e for e in events if _compatible(e.kind, kind) and (
            (tok.pos_ in ("NOUN", "PROPN") and _definite(tok)) or set(e.participants) == set(parts)
            or e.span.start < title_end <= tok.idx  # the headline's event is the story's
            or (kind not in GATHERINGS and _dates_agree(e.date, date)
                and (agent is None or agents.get(id(e)) in (None, agent))
                and (agent is not None or set(parts) & set(e.participants))))]
        strong = date is not None and date.span is not None  # a date stated in the text
        if same and not (strong and same[-1].date and date.value != same[-1].date.value):
            e = same[-1]
            e.mentions.append(Span(tok.idx, tok.idx + len(tok.text)))
            for p in parts:
                if p not in e.participants:
                    e.participants.append(p)
            e.location = e.location or loc
            if strong and (not e.date or e.date.span is None or len(date.value) > len(e.date.value)):
                e.date, e.span = date, span
            retold(e, span, date, modality, title_end)
            if e.modality == "hypothetical" and modality in ("asserted", "reported"):
                # first hoped for ("urged them to continue the talks"), then told as done
                # ("thanked X for hosting the talks"): it happened, as that mention tells
                e.modality, e.span, e.date = modality, span, e.date or date
            if agent and agents.get(id(e)) is None:
                agents[id(e)] = agent
            continue
        label = label_of(tok, kind)
        events.append(Event(kind=kind, label=label, span=span, act=acts().get(kind, (None,))[0],
                            participants=parts, location=loc,
                            date=date, modality=modality, trigger=tok.text, rule=f"event:{tok.lemma_.lower()}",
                            trigger_span=Span(tok.idx, tok.idx + len(tok.text)),
                            mentions=[Span(tok.idx, tok.idx + len(tok.text))]))
        agents[id(events[-1])] = agent
    return events


def retold(e: Event, span: Span, date, modality: str, title_end: int) -> None:
    """An event named again: its evidence is the story's first telling of it, not the
    headline ("… in response to the Expulsion of two Diplomats"), with that telling's date."""
    dated = e.date is not None and e.date.span is not None  # a date the text states stays
    if e.span.start < title_end <= span.start or title_end <= span.start < e.span.start and (
            not dated or date is not None and date.span is not None):
        e.span, e.date, e.modality = span, date or e.date, modality


def title_end_of(doc) -> int:
    """Where a headline ends: a short first line without a full stop ("Comment from U.S.
    Embassy Moscow in response to …"); 0 when the text opens with a sentence. Once per Doc."""
    m = memo(doc, "title_end")
    if "end" not in m:
        m["end"] = _title_end(text_of(doc))
    return m["end"]


def _title_end(text: str) -> int:
    first = text.split("\n", 1)[0]
    line = first.rstrip()
    if "\n" not in text or not line or len(line) > 200 or line.endswith((".", "?", "!", ".\"", ".”")):
        return 0
    return len(first)


def _noun_modality(tok) -> str:
    if tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.head.lemma_.lower() in NEED_NOUNS:
        return "hypothetical"  # "the urgent need for negotiations": none are held
    if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        return "denied"  # "no talks were held"
    for anc in [tok.head] + [c for c in tok.children if c.dep_ in ("acl", "relcl")]:
        if anc.pos_ in ("VERB", "AUX"):
            m = act_modality(anc)
            if m != "asserted":
                return m
    return "asserted"


def label_of(tok, kind: str) -> str:
    if tok.pos_ in ("NOUN", "PROPN"):
        toks = [t for t in tok.subtree if t.dep_ not in ("det", "punct", "relcl", "acl")]
        left = [t for t in toks if t.i <= tok.i and t.i >= tok.left_edge.i]
        text = " ".join(t.text for t in left)
        return text.replace(" 's", "'s").replace(" '", "'") or kind
    args = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "prep", "prt", "agent")]
    toks = sorted({tok, *[x for c in args for x in c.subtree if not x.is_space]}, key=lambda t: t.i)
    return " ".join(t.text for t in toks)[:160].replace(" 's", "'s")

"""The per-document actor registry: one Actor per real-world actor, all its mentions,
and which tokens refer to which actor."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

from kg.extract.gazetteer import Entry
from kg.extract.parse import sentences, span as token_span
from kg.model import Actor, Mention, Span


@dataclass
class MentionRef:
    start: int      # token index
    end: int        # token index, exclusive
    key: str
    via: str        # how it was recognised: gazetteer name, ner, post, pronoun, …
    head: int       # token index of the syntactic head of the mention


# common nouns that continue an actor's name ("the Tigray leadership", "the Kremlin administration")
NAME_HEADS = {"government", "leadership", "administration", "authorities", "military", "army",
              "forces", "troops", "regime", "delegation", "side", "cabinet", "parliament"}


class Registry:
    def __init__(self, doc):
        self.doc = doc
        self.actors: dict[str, Actor] = {}
        self.mentions: list[MentionRef] = []
        self.by_token: dict[int, MentionRef] = {}
        self.places: dict[int, str] = {}          # token index -> place name (cities used as places)
        self.country_hint: dict[int, str] = {}    # token index -> ISO3 (demonyms, places)
        self.trace: list[tuple[Span, str, str]] = []
        self.multi: dict[int, list[str]] = {}     # token index -> several actors ("the two sides")

    # ------------------------------------------------------------------ actors
    def ensure(self, key: str, *, label: str, kind: str, country=None, wikidata=None,
               post=None, affiliation=None, anonymous=False, rule="") -> Actor:
        a = self.actors.get(key)
        label = " ".join(label.split())
        if a is None:
            a = Actor(key=key, label=label, kind=kind, country=country, wikidata=wikidata,
                      post=post, affiliation=affiliation, anonymous=anonymous, rule=rule)
            self.actors[key] = a
        else:
            a.country = a.country or country
            a.wikidata = a.wikidata or wikidata
            a.post = a.post or post
            a.affiliation = a.affiliation or affiliation
        return a

    def from_entry(self, e: Entry, rule: str) -> Actor:
        return self.ensure(e.key, label=e.label, kind=e.kind, country=e.country,
                           wikidata=e.wikidata, post=e.post, affiliation=e.parent, rule=rule)

    def add_mention(self, start: int, end: int, key: str, via: str, head: int | None = None):
        span = token_span(self.doc, start, end)
        if head is None:
            head = span.root.i
        m = MentionRef(start, end, key, via, head)
        self.mentions.append(m)
        for i in range(start, end):
            self.by_token[i] = m
        a = self.actors[key]
        start_char, end_char, text = span.start_char, span.end_char, span.text
        s = Span(start_char, end_char)
        if not any(x.span.start == start_char and x.span.end == end_char for x in a.mentions):
            a.mentions.append(Mention(s, text, via))
        if via not in ("coref.pronoun", "coref.quote") and not (span.root.pos_ == "PRON"):
            a.add_name(_clean_name(text))
        self.trace.append((s, f"actor {key} ({a.kind})", via))
        return m

    def unmention(self, m: MentionRef) -> None:
        """Withdraw a mention (a longer name or another reading claims its tokens); an actor
        left without mentions is dropped."""
        if m not in self.mentions:
            return
        self.mentions.remove(m)
        for i in range(m.start, m.end):
            if self.by_token.get(i) is m:
                del self.by_token[i]
        sp = token_span(self.doc, m.start, m.end)
        a = self.actors.get(m.key)
        if a is not None:
            a.mentions = [x for x in a.mentions if (x.span.start, x.span.end) != (sp.start_char, sp.end_char)]
            if not any(x.key == m.key for x in self.mentions):
                del self.actors[m.key]
        self.trace = [t for t in self.trace if not (t[0].start == sp.start_char and t[0].end == sp.end_char
                                                    and t[1].startswith(f"actor {m.key} "))]

    def merge(self, keep: str, drop: str):
        """Fold actor ``drop`` into ``keep`` (coreference)."""
        if keep == drop or drop not in self.actors:
            return
        k, d = self.actors[keep], self.actors.pop(drop)
        for n in [d.label] + d.names:
            k.add_name(n)
        for m in d.mentions:
            if not any(x.span == m.span for x in k.mentions):
                k.mentions.append(m)
        k.country = k.country or d.country
        k.wikidata = k.wikidata or d.wikidata
        k.post = k.post or d.post
        k.affiliation = k.affiliation or d.affiliation
        k.anonymous = k.anonymous and d.anonymous
        for m in self.mentions:
            if m.key == drop:
                m.key = keep
        for a in self.actors.values():
            if a.affiliation == drop:
                a.affiliation = keep

    # ------------------------------------------------------------------ lookups
    def at(self, i: int) -> str | None:
        m = self.by_token.get(i)
        return m.key if m else None

    def mention_at(self, i: int) -> MentionRef | None:
        return self.by_token.get(i)

    def key_of_token(self, tok) -> str | None:
        """The actor a token stands for: the token itself, or a mention inside its
        compound/flat modifiers (``the U.N. Security Council``)."""
        k = self.at(tok.i)
        if k:
            return k
        for child in tok.children:  # "spokesman Hong Lei", "the regional bloc ECOWAS"
            if child.dep_ == "appos" and child.i in self.by_token and child.i > tok.i:
                return self.by_token[child.i].key
        if tok.pos_ != "PROPN" and tok.lemma_.lower() not in NAME_HEADS:
            return None  # "the EU call", "a UN resolution": the noun is not the actor
        for child in tok.children:
            if child.dep_ in ("compound", "nmod", "amod", "flat") and child.i in self.by_token:
                m = self.by_token[child.i]
                if m.via not in ("demonym",):
                    return m.key
        return None

    def mentions_before(self, i: int):
        return [m for m in self.mentions if m.start < i]


@lru_cache(maxsize=16384)
def _clean_name(text: str) -> str:
    t = " ".join(text.split())
    for suffix in ("'s", "’s", "`s", "'"):
        if t.endswith(suffix):
            t = t[: -len(suffix)]
    return t.strip(" ,.;:")


def sentence_of(doc) -> dict[int, int]:
    """token index -> sentence number, computed once per Doc."""
    cached = doc.user_data.get("kg_sent_of")
    if cached is None:
        cached = doc.user_data["kg_sent_of"] = {}
        for n, s in enumerate(sentences(doc)):
            cached.update(zip(range(s.start, s.end), repeat(n)))
    return cached

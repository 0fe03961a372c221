"""Plain records: the seam between NLP and RDF. Standard library only.

Offsets are character offsets into ``Article.text`` exactly as the input decoded,
end exclusive.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ACTOR_KINDS = (
    "state", "government", "igo", "igo_body", "ministry", "person",
    "organization", "group", "party", "armed_group",
)
ACT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    "STATEMENT",
)
MODALITIES = ("asserted", "planned", "hypothetical", "denied", "reported")
STANCES = ("support", "oppose")


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int

    def __post_init__(self):
        if not (0 <= self.start <= self.end):
            raise ValueError(f"bad span {self.start}..{self.end}")

    def covers(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class Article:
    """One input document. ``text`` is the decoded input; ``nlp_text`` has the same length
    with page furniture and control characters blanked, so offsets agree."""

    id: str
    text: str
    source: str = ""
    title: str | None = None
    title_span: Span | None = None
    published: date | None = None
    published_source: str | None = None  # where the date came from: "text", "metadata", "filename"
    url: str | None = None
    publisher: str | None = None
    nlp_text: str = ""
    content_hash: str = ""

    def __post_init__(self):
        if not self.nlp_text:
            self.nlp_text = self.text
        if len(self.nlp_text) != len(self.text):
            raise ValueError("nlp_text must have the same length as text")


@dataclass
class Mention:
    span: Span
    text: str
    rule: str = ""


@dataclass
class Actor:
    key: str                        # document-local, stable: gazetteer id or a slug of the name
    label: str
    kind: str
    names: list[str] = field(default_factory=list)
    country: str | None = None      # ISO 3166-1 alpha-3
    wikidata: str | None = None     # Q-identifier
    post: str | None = None         # for persons: "Special Rapporteur on ..."
    affiliation: str | None = None  # actor key of the organisation the person or body belongs to
    anonymous: bool = False
    mentions: list[Mention] = field(default_factory=list)
    rule: str = ""

    def add_name(self, name: str) -> None:
        name = " ".join(name.split())
        if name and name not in self.names and name != self.label:
            self.names.append(name)


@dataclass
class Issue:
    key: str                  # slug, stable across documents
    label: str
    keywords: list[str] = field(default_factory=list)
    broader: list[str] = field(default_factory=list)  # issue keys
    rule: str = ""
    generic_label: str = ""   # the label of what ``key`` names before a wording makes it specific
    broader_labels: dict[str, str] = field(default_factory=dict)  # labels of broader issues kg mints


@dataclass
class TimeValue:
    value: str        # "YYYY-MM-DD", "YYYY-MM" or "YYYY"
    precision: str    # "day", "month", "year"
    text: str = ""
    span: Span | None = None


@dataclass
class Quote:
    speaker: str | None    # actor key
    text: str
    span: Span             # the quoted words, without the quotation marks
    rule: str = ""


@dataclass
class Statement:
    speaker: str                  # actor key
    act: str                      # one of ACT_TYPES
    span: Span                    # the sentence (or clause) that carries the cue
    cue: str                      # lemma of the cue
    cue_span: Span
    addressee: str | None = None
    cameo: str | None = None
    issue: Issue | None = None
    issue_span: Span | None = None  # the word the issue was read from ("expulsion", "move", "it")
    stance: str | None = None      # support / oppose (speaker towards issue)
    modality: str = "asserted"
    negated_content: bool = False
    content: str | None = None
    content_span: Span | None = None
    content_head: int | None = None  # char offset of the content's head word
    quote: int | None = None       # index into Records.quotes
    date: TimeValue | None = None
    venue: int | None = None       # index into Records.events
    source: str | None = None      # actor key of who reports the act ("…, officials said")
    rule: str = ""


@dataclass
class Position:
    holder: str           # actor key
    issue: Issue
    stance: str
    statements: list[int] = field(default_factory=list)  # indexes into Records.statements


@dataclass
class Event:
    kind: str
    label: str
    span: Span
    act: str | None = None        # PLOVER act type of the kind (meeting: CONSULT), or None
    participants: list[str] = field(default_factory=list)
    location: str | None = None
    date: TimeValue | None = None
    modality: str = "asserted"
    trigger: str = ""
    rule: str = ""
    trigger_span: Span | None = None
    mentions: list[Span] = field(default_factory=list)  # every trigger that refers to this event


def _plain(value):
    """``value`` as JSON-ready data: spans as [start, end], dates as ISO text."""
    if isinstance(value, Span):
        return [value.start, value.end]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {f: _plain(getattr(value, f)) for f in value.__dataclass_fields__ if f != "nlp_text"}
    return value


@dataclass
class Records:
    article: Article
    actors: dict[str, Actor] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    trace: list[tuple[Span, str, str]] = field(default_factory=list)  # (span, what, rule) for `kg explain`

    def to_dict(self) -> dict:
        """Everything extracted, as JSON-ready data: the article (without ``nlp_text``), actors
        by key, statements, positions, quotes, events, sentences and the trace; spans are
        [start, end] character offsets into the article text, dates ISO text."""
        return _plain(self)

    def to_json(self, *, indent: int | None = None) -> str:
        """:meth:`to_dict` as JSON text."""
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

"""A parsed spaCy Doc as plain Python objects, built once per Doc.

Extraction reads the same few token attributes in many passes. A spaCy Token is a fresh
object on every ``doc[i]``, ``tok.head`` or ``tok.children`` and each attribute is looked
up in the vocabulary on every access; here every token is one :class:`Tok` holding those
attributes, its head and its children, so the rules compare and follow plain attributes.

A Tok answers like the spaCy Token it copies, for the attributes extraction uses (tests/
test_extract_speed_equivalence.py compares them). There is one Tok per token, so ``==``,
``in`` and set membership (identity) mean the same token, as for spaCy Tokens of one Doc.
Never mix Toks with spaCy Tokens: get tokens with :func:`tokens`, spans with :func:`span`,
sentences with :func:`sentences`.
"""
from __future__ import annotations

from bisect import bisect_left

from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, ORTH, POS, SPACY, TAG

_ATTRS = [ORTH, LEMMA, POS, TAG, DEP, ENT_TYPE, HEAD, IDX]
# shared by all Docs of the process (emptied when they grow past _LIMIT entries)
_STRINGS: dict[int, str] = {0: ""}  # string id -> string
_LEXEMES: dict[int, tuple] = {}     # orth id -> the lexical attributes of a Tok
_LIMIT = 200_000


class Tok:
    """One token: the spaCy Token attributes that extraction reads, as plain attributes."""

    __slots__ = ("doc", "i", "idx", "text", "lower_", "lemma_", "pos_", "tag_", "dep_", "ent_type_",
                 "is_space", "is_punct", "is_quote", "is_stop", "like_num", "head", "children",
                 "sent", "_subtree", "_toks")

    @property
    def lefts(self) -> tuple:
        """The children before the token (``children`` are in token order)."""
        return tuple(c for c in self.children if c.i < self.i)

    @property
    def rights(self) -> tuple:
        return tuple(c for c in self.children if c.i > self.i)

    @property
    def subtree(self) -> tuple:
        """The token and its descendants, in spaCy's order (left subtrees, self, right)."""
        st = self._subtree
        if st is None:
            out, placed = [], False
            for c in self.children:  # in token order: the left children come first
                if not placed and c.i > self.i:
                    out.append(self)
                    placed = True
                out += c.subtree
            if not placed:
                out.append(self)
            st = self._subtree = tuple(out)
        return st

    @property
    def ancestors(self):
        """The head, its head, … up to the root (spaCy's guard against cycles kept)."""
        cur, n = self, len(self._toks)
        while cur.head is not cur and n:
            cur = cur.head
            yield cur
            n -= 1

    @property
    def left_edge(self) -> "Tok":  # spaCy's own edges, read from the Doc
        return self._toks[self.doc[self.i].left_edge.i]

    @property
    def right_edge(self) -> "Tok":
        return self._toks[self.doc[self.i].right_edge.i]

    @property
    def morph(self):
        """spaCy's MorphAnalysis of the token."""
        return self.doc[self.i].morph

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


class TokSpan:
    """Tokens ``start`` to ``end`` (exclusive) of a Doc, like a spaCy Span: text, character
    offsets, root, and iteration over its Toks."""

    __slots__ = ("doc", "start", "end", "label_", "_toks", "_root")

    def __init__(self, doc, toks: list, start: int, end: int, label_: str = ""):
        self.doc, self._toks, self.start, self.end, self.label_, self._root = doc, toks, start, end, label_, None

    @property
    def start_char(self) -> int:
        return self._toks[self.start].idx if self.start < len(self._toks) else len(text_of(self.doc))

    @property
    def end_char(self) -> int:
        if self.start >= self.end:
            return self.start_char
        last = self._toks[self.end - 1]
        return last.idx + len(last.text)

    @property
    def text(self) -> str:
        return text_of(self.doc)[self.start_char:self.end_char] if self.start < self.end else ""

    @property
    def root(self) -> Tok:
        """spaCy's Span.root: a sentence root inside the span, else the first of the tokens
        governed from outside that is nearest to the root (a childless space or punctuation
        counting as far)."""
        if self._root is None:
            self._root = self._find_root()
        return self._root

    def _find_root(self) -> Tok:
        toks, start, end = self._toks, self.start, self.end
        for t in toks[start:end]:
            if t.head is t:
                return t
        best, root = len(toks), None
        for t in toks[start:end]:
            if start <= t.head.i < end:
                continue
            if (t.is_space or t.is_punct) and not t.children:
                depth = len(toks) - 1
            else:
                depth, cur = 0, t
                while cur.head is not cur and depth < len(toks):
                    cur, depth = cur.head, depth + 1
            if depth < best:
                best, root = depth, t
        return root if root is not None else toks[start]

    def __iter__(self):
        return iter(self._toks[self.start:self.end])

    def __len__(self) -> int:
        return self.end - self.start


def _lexeme(vocab, orth: int) -> tuple:
    lx = vocab[orth]
    return lx.orth_, lx.lower_, lx.is_space, lx.is_punct, lx.is_quote, lx.is_stop, lx.like_num


class _View:
    """What extraction keeps of one Doc: its Toks, sentences, text and (when asked) entities."""

    __slots__ = ("toks", "sents", "text", "memos", "_ents", "_starts")

    def __init__(self, doc):
        self.toks = toks = _make_toks(doc)
        self.sents = [TokSpan(doc, toks, sp.start, sp.end) for sp in doc.sents]
        for sp in self.sents:
            for t in toks[sp.start:sp.end]:
                t.sent = sp
        spaces = doc.to_array(SPACY).tolist()
        self.text = "".join([t.text + " " if ws else t.text for t, ws in zip(toks, spaces)])
        self.memos: dict[str, dict] = {}
        self._ents = self._starts = None

    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [t.idx for t in self.toks]
        return self._starts

    def ents(self, doc) -> list:
        if self._ents is None:
            self._ents = [TokSpan(doc, self.toks, e.start, e.end, e.label_) for e in doc.ents]
        return self._ents


def _make_toks(doc) -> list[Tok]:
    orths, lemmas, poss, tags, deps, ents, heads, idxs = doc.to_array(_ATTRS).T.tolist()
    strings, lexemes = _STRINGS, _LEXEMES
    if len(strings) > _LIMIT or len(lexemes) > _LIMIT:
        strings.clear()
        strings[0] = ""
        lexemes.clear()
    for h in set(lemmas).union(poss, tags, deps, ents).difference(strings):
        strings[h] = doc.vocab.strings[h]
    for o in set(orths).difference(lexemes):
        lexemes[o] = _lexeme(doc.vocab, o)
    get = strings.__getitem__
    toks = []
    for i, lex, lemma, pos, tag, dep, ent, idx in zip(
            range(len(orths)), map(lexemes.__getitem__, orths), map(get, lemmas), map(get, poss),
            map(get, tags), map(get, deps), map(get, ents), idxs):
        t = Tok()
        t.text, t.lower_, t.is_space, t.is_punct, t.is_quote, t.is_stop, t.like_num = lex
        t.doc, t.i, t.idx, t.lemma_, t.pos_, t.tag_, t.dep_, t.ent_type_ = doc, i, idx, lemma, pos, tag, dep, ent
        t._toks, t._subtree, t.children = toks, None, ()
        toks.append(t)
    children: dict[int, list] = {}
    for t, h in zip(toks, heads):
        if h:
            h = t.i + (h if h < 2 ** 63 else h - 2 ** 64)  # a relative offset, as unsigned
            t.head = toks[h]
            children.setdefault(h, []).append(t)
        else:
            t.head = t
    for h, kids in children.items():
        toks[h].children = tuple(kids)
    return toks


def _view(doc) -> _View:
    view = doc.user_data.get("kg_view")
    if view is None:
        view = doc.user_data["kg_view"] = _View(doc)
    return view


def release(doc) -> None:
    """Forget the Doc's per-Doc extraction caches (``kg_*`` in ``doc.user_data``) and unlink
    its Toks. Toks refer to each other (head, children), so without this the view would
    wait for the cyclic garbage collector, which costs more than building it."""
    view = doc.user_data.get("kg_view")
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith("kg_")]:
        del doc.user_data[key]
    if view is not None:
        for t in view.toks:
            t.head = t.children = t.sent = t._subtree = None
        view.toks.clear()
        view.memos.clear()


def tokens(doc) -> list[Tok]:
    """The Doc's tokens as Toks, made once per Doc."""
    view = doc.user_data.get("kg_view")
    return (view or _view(doc)).toks


def sentences(doc) -> list[TokSpan]:
    """The Doc's sentences, computed once per Doc."""
    return _view(doc).sents


def entities(doc) -> list[TokSpan]:
    """The Doc's named entities (spaCy's ``doc.ents``, with ``label_``), computed once per Doc."""
    return _view(doc).ents(doc)


def tokens_at(doc, start_char: int, end_char: int) -> list[Tok]:
    """The tokens that start at a character offset in ``start_char`` to ``end_char``
    (exclusive), in order."""
    view = _view(doc)
    starts = view.starts()
    return view.toks[bisect_left(starts, start_char):bisect_left(starts, end_char)]


def memo(doc, name: str) -> dict:
    """A dict kept with the Doc's view (and released with it), for results that depend on
    nothing but the parse."""
    memos = _view(doc).memos
    got = memos.get(name)
    if got is None:
        got = memos[name] = {}
    return got


def text_of(doc) -> str:
    """The Doc's text, built once (spaCy's ``doc.text`` joins every token on each call)."""
    m = memo(doc, "text")
    if "text" not in m:
        m["text"] = doc.text
    return m["text"]


def span(doc, start: int, end: int) -> TokSpan:
    """Tokens ``start`` to ``end`` of the Doc (spaCy's ``doc[start:end]``)."""
    return TokSpan(doc, _view(doc).toks, start, end)


def char_span(doc, start: int, end: int) -> TokSpan | None:
    """The tokens covering characters ``start`` to ``end`` (spaCy's ``doc.char_span`` with
    ``alignment_mode="expand"``), or None."""
    sp = doc.char_span(start, end, alignment_mode="expand")
    return None if sp is None else span(doc, sp.start, sp.end)


def filter_spans(pairs) -> list[tuple[int, int]]:
    """spaCy's ``spacy.util.filter_spans`` over (start, end) token offsets: without
    overlaps, the first longest winning, in order of start."""
    result, seen = [], set()
    for start, end in sorted(pairs, key=lambda se: (se[1] - se[0], -se[0]), reverse=True):
        if start not in seen and end - 1 not in seen:
            result.append((start, end))
            seen.update(range(start, end))
    return sorted(result, key=lambda se: se[0])


def text_of(doc) -> str:
    """The Doc's text, joined once per Doc (spaCy rebuilds it from the tokens on every access)."""
    return _view(doc).text

"""Turtle and TriG a person can read, from N-Triples term strings (kg.rdf.nt).

* The header declares ``@base`` (the data namespace, ``kgid:``) and the prefixes the body uses,
  ``kgid:`` always: data IRIs are written relative to the base (``<doc/x/statement/0>``), since
  their local names hold "/", which a prefixed name would have to escape (``kgid:doc\\/x``).
* Subjects come in reading order: per article, the article, its statements, positions,
  quotations, events, actors and places, the extraction run; then shared terms (issues, the
  software); then the annotations (mentions, evidence, selectors). Numbers sort as numbers
  (statement/2 before statement/10).
* Per subject, ``a`` first, then the predicates in IRI order; a list of objects that would make
  a long line gets one object per line; a literal holding line breaks is a long string
  (``\"\"\"...\"\"\"``) with real line breaks.

The same triples always give the same bytes. rdflib and Oxigraph parse the output back to the
same graph (tests/test_nt.py, tests/test_roundtrip.py, tests/test_exports.py).
"""
from __future__ import annotations

import re
from operator import itemgetter

_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")      # a safe subset of Turtle's PN_LOCAL
_DOT_SEGMENT = re.compile(r"(^|/)\.\.?(/|$)")
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_DIGITS = re.compile(r"([0-9]+)")
_ESCAPE = re.compile(r"\\(.)")
_HEAD = itemgetter(0)

#: reading order of the facts of an article (kgid:doc/<doc>/<kind>/<n>)
FACT_ORDER = ("statement", "position", "quote", "event", "actor", "place", "run")
_RANK = {k: i + 1 for i, k in enumerate(FACT_ORDER)}
_LAST = len(FACT_ORDER) + 1


def _object_key(term: str) -> tuple:
    """IRIs that differ in a trailing number (mention/2, mention/10) in numeric order."""
    return (len(term), term) if term[0] == "<" else (0, term)


def natural(text: str) -> tuple:
    """A sort key in which runs of digits compare as numbers."""
    return tuple(int(p) if i % 2 else p for i, p in enumerate(_DIGITS.split(text)))


class TurtleWriter:
    """Readable Turtle (and TriG) of term-string triples; see the module docstring.

    ``prefixes`` maps prefix to namespace IRI (a prefix is written only when the body uses it,
    except ``always``); ``base`` is the namespace that data IRIs are written relative to."""

    def __init__(self, prefixes: dict[str, str], base: str | None = None, *, always=("kgid",),
                 width: int = 100):
        self.prefixes = dict(prefixes)
        self.base = base
        self.always = tuple(p for p in always if p in self.prefixes)
        self.width = width
        self._by_length = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))
        self._base_term = "<" + base if base else None
        self._names: dict[str, tuple[str, str | None]] = {}
        self._heads: dict[str, str] = {}      # predicate term -> its written form

    # ------------------------------------------------------------------ terms
    def _name(self, term: str) -> tuple[str, str | None]:
        """(prefixed name, prefix) of an IRI term, or (the term, None) when no prefix fits."""
        hit = self._names.get(term)
        if hit is not None:
            return hit
        out: tuple[str, str | None] = (term, None)
        iri = term[1:-1]
        for p, ns in self._by_length:
            if iri.startswith(ns) and _LOCAL.fullmatch(iri, len(ns)):
                out = (f"{p}:{iri[len(ns):]}", p)
                break
        if len(self._names) > 50_000:
            self._names.clear()
        self._names[term] = out
        return out

    def _term(self, term: str, used: set) -> str:
        c = term[0]
        if c == "<":
            base = self._base_term
            if base is not None and term.startswith(base):    # data IRIs: many, each used once
                rest = term[len(base):-1]
                if rest and rest[0] != "/" and ":" not in rest.partition("/")[0] and \
                        ("." not in rest or not _DOT_SEGMENT.search(rest)):
                    return "<" + rest + ">"
            short, prefix = self._name(term)
            if prefix:
                used.add(prefix)
            return short
        if c == '"':
            if term[-1] == '"' and "\\n" not in term:         # a plain literal as it is
                return term
            end = term.rindex('"')
            body, tail = term[1:end], term[end + 1:]
            if tail.startswith("^^<"):
                short, prefix = self._name(tail[2:])
                if prefix:
                    used.add(prefix)
                tail = "^^" + short
            if "\\n" in body:
                return '"""' + _ESCAPE.sub(_newline, body) + '"""' + tail
            return '"' + body + '"' + tail
        return term      # blank node

    # ------------------------------------------------------------------ order
    def subject_key(self, term: str) -> tuple:
        """(tier, article, rank, …): the facts of each article, then shared terms, then the
        annotations of each article; statement/2 before statement/10."""
        base = self._base_term
        if base and term.startswith(base):
            parts = term[len(base):-1].split("/", 4)     # doc, <doc>, kind, n, rest
            if parts[0] == "doc" and len(parts) >= 2:
                if len(parts) == 2:
                    return (0, parts[1], 0, 0, "")
                n = parts[3] if len(parts) > 3 else ""
                return (0 if len(parts) <= 4 else 2, parts[1], _RANK.get(parts[2], _LAST), len(n), term)
        return (1, "", 0, 0, term)

    # ------------------------------------------------------------------ documents
    def header(self, used) -> str:
        lines = [f"@base <{self.base}> .\n"] if self.base else []
        names = set(used) | set(self.always)
        lines += [f"@prefix {p}: <{ns}> .\n" for p, ns in self.prefixes.items() if p in names]
        return "".join(lines)

    def body(self, triples, used: set) -> str:
        """The statements of ``triples`` (no header); adds the prefixes they use to ``used``."""
        return "".join([text for _, _, text in self.blocks(triples, used)])

    def blocks(self, triples, used: set) -> list:
        """(sort key, subject, text) of each subject of ``triples``, in reading order; adds the
        prefixes they use to ``used``."""
        blocks = []
        subject = None
        preds: list = []
        for s, p, o in sorted(triples):
            if s != subject:
                if subject is not None:
                    blocks.append(self._block(subject, preds, used))
                subject, preds, last = s, [], None
            if p != last:
                objs = [o]
                preds.append((p, objs))
                last = p
            elif o != objs[-1]:
                objs.append(o)
        if subject is not None:
            blocks.append(self._block(subject, preds, used))
        blocks.sort(key=_HEAD)
        return blocks

    def _block(self, s: str, preds: list, used: set) -> tuple:
        """(sort key, subject, text) of one subject and its (predicate, objects) in IRI order."""
        term = self._term
        lines = []
        for p, objs in preds:
            head = self._heads.get(p)
            if head is None:
                head = self._heads[p] = "a" if p == _RDF_TYPE else term(p, set())
            if head[0] != "<" and head != "a":
                used.add(head.partition(":")[0])
            if len(objs) == 1:
                text = term(objs[0], used)
            else:
                names = [term(o, used) for o in sorted(objs, key=_object_key)]
                text = " , ".join(names)
                if len(head) + len(text) + 8 > self.width:
                    text = " ,\n\t\t".join(names)
            line = head + " " + text
            if head == "a":
                lines.insert(0, line)
            else:
                lines.append(line)
        return self.subject_key(s), s, term(s, used) + "\n\t" + " ;\n\t".join(lines) + " .\n"

    def turtle(self, triples) -> bytes:
        used: set = set()
        body = self.body(triples, used)
        return (self.header(used) + body).encode("utf-8")

    __call__ = turtle

    def trig(self, graphs) -> bytes:
        """TriG of ``graphs``: (graph name term or None for the default graph, triples) pairs."""
        used: set = set()
        blocks = []
        for name, triples in graphs:
            body = self.body(triples, used)
            blocks.append(body if name is None else f"{self._term(name, used)} {{\n{body}}}\n")
        return (self.header(used) + "".join(blocks)).encode("utf-8")

    def turtle_and_trig(self, triples, graph_of) -> tuple[bytes, bytes]:
        """(:meth:`turtle` of ``triples``, :meth:`trig` of the same triples in named graphs),
        each subject written once: ``graph_of(subject)`` names the graph (a term) a subject's
        triples go to; the graphs come in the order of their first subject."""
        used: set = set()
        blocks = self.blocks(triples, used)
        graphs: dict = {}
        for _, s, text in blocks:
            graphs.setdefault(graph_of(s), []).append(text)
        named = set(used)
        trig = "".join([f"{self._term(name, named)} {{\n{''.join(texts)}}}\n" for name, texts in graphs.items()])
        turtle = self.header(used) + "".join([text for _, _, text in blocks])
        return turtle.encode("utf-8"), (self.header(named) + trig).encode("utf-8")


def _newline(m: re.Match) -> str:
    return "\n" if m.group(1) == "n" else m.group(0)

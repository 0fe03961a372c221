"""Turtle and TriG a person can read, from N-Triples term strings (kg.rdf.nt).

* The header declares ``@base`` (the data namespace, ``kgid:``) and the prefixes the body uses,
  ``kgid:`` always: data IRIs are written relative to the base (``<doc/x/statement/0>``), since
  their local names hold "/", which a prefixed name would have to escape (``kgid:doc\\/x``).
* Subjects come in reading order: per article, the article, its statements, positions,
  quotations, events, actors and places, the extraction run; then shared terms (issues, the
  software); then the annotations (mentions, evidence, selectors). Numbers sort as numbers
  (statement/2 before statement/10).
* Per subject, ``a`` first, then the predicates in alphabetical order of their written names; a list of objects that would make
  a long line gets one object per line; a literal holding line breaks is a long string
  (``\"\"\"...\"\"\"``) with real line breaks.

The same triples always give the same bytes. rdflib and Oxigraph parse the output back to the
same graph (tests/test_nt.py, tests/test_roundtrip.py, tests/test_exports.py).
"""
from __future__ import annotations

import re

_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")      # a safe subset of Turtle's PN_LOCAL
_RELATIVE = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~/-]*")  # no scheme, query, fragment or dot segment
_DOT_SEGMENT = re.compile(r"(^|/)\.\.?(/|$)")
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_DIGITS = re.compile(r"([0-9]+)")
_ESCAPE = re.compile(r"\\(.)")

#: reading order of the facts of an article (kgid:doc/<doc>/<kind>/<n>)
FACT_ORDER = ("statement", "position", "quote", "event", "actor", "place", "run")
_RANK = {k: i + 1 for i, k in enumerate(FACT_ORDER)}
_LAST = len(FACT_ORDER) + 1


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

    # ------------------------------------------------------------------ terms
    def _name(self, term: str) -> tuple[str, str | None]:
        """(written form, prefix used or None) of an IRI term."""
        hit = self._names.get(term)
        if hit is not None:
            return hit
        out: tuple[str, str | None] = (term, None)
        iri = term[1:-1]
        base = self.base
        if base and iri.startswith(base):
            rest = iri[len(base):]
            if _RELATIVE.fullmatch(rest) and not _DOT_SEGMENT.search(rest):
                out = ("<" + rest + ">", None)
        if out[0] == term:
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
            short, prefix = self._name(term)
            if prefix:
                used.add(prefix)
            return short
        if c == '"':
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
        annotations of each article."""
        base = self._base_term
        if base and term.startswith(base):
            parts = term[len(base):-1].split("/")
            if parts[0] == "doc" and len(parts) >= 2:
                doc = parts[1]
                if len(parts) == 2:
                    return (0, doc, 0)
                rank = _RANK.get(parts[2], _LAST)
                if len(parts) <= 4:
                    return (0, doc, rank, natural("/".join(parts[3:])))
                return (2, doc, rank, natural("/".join(parts[3:])))
        return (1, "", 0, natural(term))

    # ------------------------------------------------------------------ documents
    def header(self, used) -> str:
        lines = [f"@base <{self.base}> .\n"] if self.base else []
        names = set(used) | set(self.always)
        lines += [f"@prefix {p}: <{ns}> .\n" for p, ns in self.prefixes.items() if p in names]
        return "".join(lines)

    def body(self, triples, used: set) -> str:
        """The statements of ``triples`` (no header); adds the prefixes they use to ``used``."""
        by_subject: dict[str, dict[str, list[str]]] = {}
        for s, p, o in triples:
            by_subject.setdefault(s, {}).setdefault(p, []).append(o)
        out = []
        term = self._term
        width = self.width
        for s in sorted(by_subject, key=self.subject_key):
            preds = by_subject[s]
            lines = []
            heads = sorted(("" if p == _RDF_TYPE else term(p, used), p) for p in preds)
            for head, p in heads:
                objs = [term(o, used) for o in sorted(set(preds[p]), key=natural)]
                head = head or "a"
                one_line = " , ".join(objs)
                if len(objs) > 1 and len(head) + len(one_line) + 8 > width:
                    one_line = " ,\n\t\t".join(objs)
                lines.append(f"{head} {one_line}")
            out.append(term(s, used) + "\n\t" + " ;\n\t".join(lines) + " .\n")
        return "".join(out)

    def turtle(self, triples) -> bytes:
        used: set = set()
        body = self.body(triples, used)
        return (self.header(used) + body).encode("utf-8")

    __call__ = turtle

    def trig_from_turtle(self, ttl: bytes, name: str) -> bytes:
        """TriG of one named graph from :meth:`turtle`'s output for it, without writing the
        triples again: the header, then the statements inside the graph block (``name`` must
        need no prefix of its own, as data IRIs under the base do not)."""
        at = 0
        while ttl.startswith(b"@", at):
            at = ttl.index(b"\n", at) + 1
        written = self._term(name, set()).encode("utf-8")
        return ttl[:at] + written + b" {\n" + ttl[at:] + b"}\n"

    def trig(self, graphs) -> bytes:
        """TriG of ``graphs``: (graph name term or None for the default graph, triples) pairs."""
        used: set = set()
        blocks = []
        for name, triples in graphs:
            body = self.body(triples, used)
            blocks.append(body if name is None else f"{self._term(name, used)} {{\n{body}}}\n")
        return (self.header(used) + "".join(blocks)).encode("utf-8")


def _newline(m: re.Match) -> str:
    return "\n" if m.group(1) == "n" else m.group(0)

"""RDF terms as N-Triples strings: the fast representation ``kg build`` works in.

A term is the string N-Triples (and Oxigraph's ``str()``) writes for it: ``<iri>``, ``_:b0``,
``"text"`` (xsd:string), ``"text"@en``, ``"12"^^<http://www.w3.org/2001/XMLSchema#integer>``,
with Oxigraph's escapes in the lexical form. A graph is a list of (s, p, o) such strings. The
emitter produces them with string formatting (no rdflib or Oxigraph object per term); the
N-Triples document is their sorted lines; TurtleWriter groups them into Turtle (and TriG);
kg.validate.fast reads them directly. ``to_rdflib`` / ``from_rdflib`` convert for the library API.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.rdf.namespaces import ID

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')
_DATA = "<" + str(ID)   # data IRIs are many and used once: not cached


def _escape_char(m: re.Match) -> str:
    c = m.group()
    return _ESCAPES.get(c) or f"\\u{ord(c):04X}"


def escape(text: str) -> str:
    """The lexical form as Oxigraph writes it inside "..."."""
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    return _NEEDS_ESCAPE.sub(_escape_char, text)


def iri(value: str) -> str:
    return f"<{value}>"


def literal(lex: str, datatype: str | None = None, lang: str | None = None) -> str:
    """A literal term; ``datatype`` is an IRI string (not a term); xsd:string is left implicit."""
    body = '"' + escape(lex) + '"'
    if lang:
        return f"{body}@{lang.lower()}"
    if datatype and datatype != str(XSD.string):
        return f"{body}^^<{datatype}>"
    return body


def ntriples(triples, *, presorted: bool = False) -> bytes:
    """Canonical N-Triples: one "S P O ." line per triple, sorted (same graph, same bytes).
    Sorting the (s, p, o) tuples gives the order of sorting the lines: a term never is a
    prefix of another term followed by more term characters (IRIs end in ">", literals in a
    quote, a tag or a datatype IRI)."""
    return "".join(f"{s} {p} {o} .\n" for s, p, o in (triples if presorted else sorted(triples))).encode("utf-8")


# ---------------------------------------------------------------------- Turtle
_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")   # a safe subset of Turtle's PN_LOCAL
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


class TurtleWriter:
    """Turtle from term-string triples: the prefix header, then one block per subject with
    its predicates and objects grouped (";" and ","), in canonical order. Vocabulary IRIs
    are written as prefixed names; data IRIs (under ``skip``) and any IRI whose local part
    is not a plain name are written in full, which is always valid Turtle."""

    def __init__(self, prefixes: dict[str, str], skip: str = ""):
        self.prefixes = dict(prefixes)
        self.header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in self.prefixes.items())
        self._by_length = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))
        self._skip = "<" + skip if skip else None
        self._names: dict[str, str] = {}

    def name(self, term: str) -> str:
        if term[0] != "<":
            if term[-1] == ">" and term[0] == '"':      # typed literal: shorten the datatype
                at = term.rindex("^^<")
                return term[:at + 2] + self.name(term[at + 2:])
            return term
        if self._skip and term.startswith(self._skip):
            return term
        short = self._names.get(term)
        if short is None:
            short = term
            iri = term[1:-1]
            for p, ns in self._by_length:
                if iri.startswith(ns) and _LOCAL.fullmatch(iri, len(ns)):
                    short = f"{p}:{iri[len(ns):]}"
                    break
            if len(self._names) > 50_000:
                self._names.clear()
            self._names[term] = short
        return short

    def __call__(self, triples, *, presorted: bool = False) -> bytes:
        out = [self.header]
        name = self.name
        last_s = last_p = None
        for s, p, o in (triples if presorted else sorted(triples)):
            if s != last_s:
                if last_s is not None:
                    out.append(" .\n")
                out.append(name(s))
                out.append("\n\t")
                out.append("a" if p == _RDF_TYPE else name(p))
                out.append(" ")
                last_s, last_p = s, p
            elif p != last_p:
                out.append(" ;\n\t")
                out.append("a" if p == _RDF_TYPE else name(p))
                out.append(" ")
                last_p = p
            else:
                out.append(" , ")
            out.append(name(o))
        if last_s is not None:
            out.append(" .\n")
        return "".join(out).encode("utf-8")


# ---------------------------------------------------------------------- parsing terms back
_UNESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))', re.S)
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape_match(m: re.Match) -> str:
    if m.group(1) or m.group(2):
        return chr(int(m.group(1) or m.group(2), 16))
    return _SIMPLE.get(m.group(3), m.group(3))


def unescape(lex: str) -> str:
    return lex if "\\" not in lex else _UNESCAPE.sub(_unescape_match, lex)


def split_literal(term: str) -> tuple[str, str | None, str | None]:
    """(lexical value, datatype IRI or None, language or None) of a literal term."""
    end = term.rindex('"')
    lex = unescape(term[1:end])
    rest = term[end + 1:]
    if rest.startswith("@"):
        return lex, None, rest[1:]
    if rest.startswith("^^<"):
        return lex, rest[3:-1], None
    return lex, None, None


@lru_cache(maxsize=4096)
def _vocab_term(term: str):
    return to_rdflib(term, cache=False)


def to_rdflib(term: str, cache: bool = True):
    """An rdflib term from its N-Triples string."""
    if term[0] == "<":
        return _vocab_term(term) if cache and not term.startswith(_DATA) else URIRef(term[1:-1])
    if term[0] == "_":
        return BNode(term[2:])
    lex, dt, lang = split_literal(term)
    if lang:
        return Literal(lex, lang=lang)
    return Literal(lex, datatype=URIRef(dt) if dt else None)


def from_rdflib(term) -> str:
    """The N-Triples string of an rdflib term."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return literal(str(term), str(term.datatype) if term.datatype else None, term.language)
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


__all__ = ["TurtleWriter", "escape", "from_rdflib", "iri", "literal", "ntriples", "split_literal", "to_rdflib", "unescape"]

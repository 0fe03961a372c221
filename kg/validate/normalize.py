"""What every SHACL engine of kg is given: shapes and data graphs put in the form in which the
three engines (kg's own, pyshacl-turbo, pySHACL) agree with the SHACL and RDF 1.1 semantics.

* ``sh:pattern`` is an XPath regular expression (SHACL 4.4.3, XPath ``fn:matches``); all three
  engines run Python's ``re``. Where the two differ, the pattern is rewritten: ``$`` matches
  only at the very end (Python's also before a final newline, so ``"^[A-Z]{3}$"`` accepted
  ``"CHN\\n"``); the flags ``s`` (dot matches newlines), ``x`` (whitespace removed) and ``q``
  (no metacharacters) are applied to the pattern itself, since the engines honour only ``i``
  and ``m``. XPath syntax Python has no equivalent for (``\\p{…}``, ``\\i``, ``\\c``, class
  subtraction ``[a-z-[aeiou]]``) is refused (ValidationError): a pattern is never run with
  another meaning.
* ``sh:uniqueLang`` is on only when its value is the literal ``true`` (W3C test
  uniqueLang-002): any other value is removed, so no engine switches it on.
* ``"x"^^xsd:string`` and ``"x"`` are one literal in RDF 1.1; rdflib keeps them apart (so
  ``"day"^^xsd:string`` failed ``sh:in ("day")``). Both graphs get the simple literal.
"""
from __future__ import annotations

import re
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD

from kg.errors import ValidationError

_UNSUPPORTED = re.compile(r"\\[pP]\{|\\[iIcC]")


def xpath_to_python(pattern: str, flags: str = "") -> tuple[str, str]:
    """(pattern, flags) for Python's ``re`` with the meaning of the XPath ``pattern`` and
    ``flags``; the flags returned hold only ``i`` and ``m``."""
    flags = flags or ""
    if "q" in flags:
        return re.escape(pattern), "".join(f for f in "i" if f in flags)
    if _UNSUPPORTED.search(pattern.replace("\\\\", "")):
        raise ValidationError(f"sh:pattern {pattern!r} uses XPath regular-expression syntax (\\p{{…}}, "
                              "\\i, \\c) that kg's SHACL engines cannot run")
    multiline, dotall, extended = "m" in flags, "s" in flags, "x" in flags
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "-" and pattern.startswith("[", i + 1):
                raise ValidationError(f"sh:pattern {pattern!r} uses XPath character class "
                                      "subtraction, which kg's SHACL engines cannot run")
            if c == "]":
                in_class = False
            out.append(c)
        elif c == "[":
            in_class = True
            out.append(c)
            if pattern.startswith("^", i + 1):   # "[^" and "[]" keep their first character
                out.append("^")
                i += 1
            if pattern.startswith("]", i + 1):
                out.append("]")
                i += 1
        elif extended and c in " \t\r\n":
            pass
        elif c == "$" and not multiline:
            out.append(r"\Z")
        elif c == "." and dotall:
            out.append(r"[\s\S]")
        else:
            out.append(c)
        i += 1
    return "".join(out), "".join(f for f in "im" if f in flags)


def _simple(o):
    return Literal(str(o)) if isinstance(o, Literal) and o.datatype == XSD.string else o


def simple_literals(g: Graph) -> Graph:
    """``g`` with every ``"x"^^xsd:string`` made ``"x"`` (in place; returns ``g``)."""
    typed = [(s, p, o) for s, p, o in g if o.__class__ is Literal and o.datatype == XSD.string]
    for s, p, o in typed:
        g.remove((s, p, o))
        g.add((s, p, _simple(o)))
    return g


def needs_work(g: Graph) -> bool:
    return any(True for p in (SH.pattern, SH.uniqueLang) for _ in g.subject_objects(p)) or any(
        isinstance(o, Literal) and o.datatype == XSD.string for o in g.objects())


def shapes(g: Graph) -> Graph:
    """``g`` with XPath patterns rewritten, simple literals, and no ``sh:uniqueLang`` other
    than "true" (in place; returns ``g``)."""
    simple_literals(g)
    for shape, value in list(g.subject_objects(SH.uniqueLang)):
        if isinstance(value, Literal) and str(value) != "true":   # "1"^^xsd:boolean does not switch it on
            g.remove((shape, SH.uniqueLang, value))
    for shape in set(g.subjects(SH.pattern, None)):
        flags = g.value(shape, SH.flags)
        new_flags = None
        for pattern in list(g.objects(shape, SH.pattern)):
            if not isinstance(pattern, Literal):
                continue   # ill-formed: kg.validate.wellformed reports it
            new, new_flags = xpath_to_python(str(pattern), str(flags) if flags is not None else "")
            g.remove((shape, SH.pattern, pattern))
            g.add((shape, SH.pattern, Literal(new)))
        if flags is not None and new_flags is not None and new_flags != str(flags):
            g.remove((shape, SH.flags, flags))
            if new_flags:
                g.add((shape, SH.flags, Literal(new_flags)))
    return g


def parse_turtle(path=None, *, data: str | bytes | None = None) -> Graph:
    """A Turtle file (or text) as an rdflib Graph, parsed by Oxigraph so that literals keep
    their lexical form: ``sh:uniqueLang "1"^^xsd:boolean`` stays "1" (which does not switch the
    constraint on), where rdflib's parser would make it "true". Raises SyntaxError or OSError."""
    import pyoxigraph as ox

    if data is not None:
        parser = ox.parse(data, format=ox.RdfFormat.TURTLE)
    else:
        path = Path(path)
        parser = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.absolute().as_uri())
    g = Graph()
    for t in parser:
        g.add((_rdflib(t.subject), _rdflib(t.predicate), _rdflib(t.object)))
    for prefix, ns in parser.prefixes.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def _rdflib(term):
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    dt = term.datatype.value
    return Literal(term.value) if dt == str(XSD.string) else Literal(term.value, datatype=URIRef(dt),
                                                                      normalize=False)


def copy(g: Graph) -> Graph:
    out = Graph()
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    out += g
    return out


__all__ = ["copy", "needs_work", "parse_turtle", "shapes", "simple_literals", "xpath_to_python"]

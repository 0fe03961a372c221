"""kg's own SHACL Core engine, in pure Python: ``validate(..., engine="fast")``.

    program = compile_shapes(shapes_graph)    # Unsupported: sh:sparql, complex paths, ...
    results = program.validate(triples)       # (s, p, o) N-Triples term strings -> [Result]

:func:`compile_shapes` reads any shapes graph once into plain Python: term-string sets, compiled
regexes, one closure per constraint. :meth:`Program.validate` indexes the data once (subject ->
predicate -> objects) and checks it with dict lookups and set membership; only the terms that
end up in results become rdflib terms.

The results are pySHACL's (0.40, inference "none"), field by field (tests/test_shapes.py,
tests/test_validate_fast.py), with its and rdflib's rules:
- sh:datatype: a literal of the datatype fails when rdflib finds it ill-typed (rdflib's own
  lexical-to-value table: int() and range checks for the integer types, Decimal(), float(),
  date.fromisoformat() ...) or pySHACL's Python type test fails; datatypes rdflib does not know
  (xsd:gYear, xsd:gYearMonth ...) and xsd:anyURI always match.
- literal equality (sh:in, sh:hasValue, sh:equals, sh:disjoint) is rdflib's: typed literals by
  normalised lexical form ("01" = "1" as xsd:integer); kg.validate gives every engine
  "x"^^xsd:string as "x" (RDF 1.1) and sh:pattern in Python's dialect (kg.validate.normalize).
- orderings (sh:minInclusive ..., sh:lessThan[OrEquals]) compare numbers by value, strings as
  str, anything else as rdflib Literals, as pySHACL does (made only for those rare pairs).
- sh:value is given for value-based constraints, not for counts, sh:hasValue, sh:uniqueLang and
  qualified counts; sh:closed gives the predicate as sh:resultPath and the object as value.
- default messages (for shapes without sh:message) are made by pySHACL's own classes, when needed.
pySHACL's failures are kept: an ordering it cannot make (sh:lessThan with a blank node or an
ill-typed number) raises. Anything else (sh:sparql, sh:target, complex paths, custom constraint components, recursive
shapes ...) raises :class:`Unsupported` at compile time, so the caller can use another engine;
a malformed shapes graph raises :class:`ShapeError`.
"""
from __future__ import annotations

import re
import sys
from datetime import date, datetime, time
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import _NUMERIC_LITERAL_TYPES, _check_well_formed_types, _toPythonMapping

from kg.errors import ValidationError
from kg.rdf.nt import from_rdflib, split_literal, to_rdflib, unescape
from kg.validate import Result, messages_of, severity_name


class Unsupported(ValidationError):
    """The shapes use SHACL this engine does not implement: use another engine."""

    code = "validator-unsupported"


class ShapeError(ValidationError):
    """The shapes graph is malformed (pySHACL fails on it as well)."""


TYPE, SUBCLASS, RESOURCE = (f"<{x}>" for x in (RDF.type, RDFS.subClassOf, RDFS.Resource))
EMPTY: dict = {}
_XS, _LANG, _LITERAL, _DATATYPE = map(str, (XSD.string, RDF.langString, RDFS.Literal, RDFS.Datatype))
_CONV = {str(d) if d else None: c for d, c in _toPythonMapping.items()}   # rdflib: lexical -> value
_CHECK = {str(d): c for d, c in _check_well_formed_types.items()}
_STR_DTS = {d for d, c in _CONV.items() if c is None}     # rdflib's value is the lexical form
_NUMERIC = {str(d) for d in _NUMERIC_LITERAL_TYPES}
_PYTYPE = {_XS: str, _LANG: str, str(XSD.integer): int, str(XSD.float): float, str(XSD.decimal): Decimal,
           str(XSD.boolean): bool, str(XSD.date): date, str(XSD.time): time, str(XSD.dateTime): datetime}
_KINDS = {SH.IRI: "<", SH.BlankNode: "_", SH.Literal: '"', SH.BlankNodeOrIRI: "<_", SH.BlankNodeOrLiteral: '_"',
          SH.IRIOrLiteral: '<"'}
_META = {SH.path, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.message, SH.severity,
         SH.deactivated, SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.flags,
         SH.ignoredProperties, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint}
_LISTS = (SH["and"], SH["or"], SH.xone)
_REFS = (*_LISTS, SH["not"], SH.node, SH.property, SH.qualifiedValueShape)
_MIN, _MAX, _CLOSED = SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent, SH.ClosedConstraintComponent


# ----------------------------------------------------------------------------- terms and values
def term(node) -> str:
    """The N-Triples string of an rdflib term, keeping what rdflib's literal holds beside its
    lexical form: an explicit ^^xsd:string ("x"^^xsd:string is not "x" to rdflib; Oxigraph never
    writes it), and an ill-typed xsd:boolean, whose lexical form rdflib normalised to a good one."""
    t = from_rdflib(node)
    if isinstance(node, Literal) and node.datatype in (XSD.string, XSD.boolean):
        if node.datatype == XSD.string:
            return t + f"^^<{_XS}>"
        if node.ill_typed:
            return f'"{"TRUE" if node.value else "no"}"^^<{XSD.boolean}>'   # still ill-typed, same value
    return t


def graph_terms(graph) -> list:
    return [(term(s), term(p), term(o)) for s, p, o in graph]


def _value(lex: str, dt: str | None) -> tuple[bool, object]:
    """(well-formed, value) of a literal: rdflib's ``not Literal.ill_typed`` and Literal.value."""
    if dt not in _CONV:
        return True, None
    if dt == "http://www.w3.org/2001/XMLSchema#boolean":   # rdflib checks the lexical form
        return lex in ("true", "false", "1", "0"), lex.lower() in ("1", "true")
    try:
        value = lex if _CONV[dt] is None else _CONV[dt](lex)
    except Exception:  # noqa: BLE001 - as rdflib: a converter failure means no value
        value = None
    check = _CHECK.get(dt)
    return (value is not None) if check is None else check(lex, value), value


_cache: dict = {}   # literal term -> what _num and _strval found


def _num(t: str):
    """The value of a well-typed numeric literal (rdflib orders those by value), else None."""
    if t[-1] != ">" or t[0] != '"':
        return None
    value = _cache.get(t, _cache)
    if value is _cache:
        i = t.rindex('"')
        ok, value = _value(unescape(t[1:i]), t[i + 4:-1]) if t[i + 4:-1] in _NUMERIC else (False, None)
        if len(_cache) > 50_000:
            _cache.clear()
        value = _cache[t] = value if ok else None
    return value


def _strval(t: str):
    """What pySHACL orders as a str: an IRI, or a literal whose rdflib value is a str."""
    if t[0] == "<":
        return t[1:-1]
    if t[0] != '"':
        return None
    i = t.rindex('"')
    return unescape(t[1:i]) if t[-1] != ">" or t[i + 4:-1] in _STR_DTS else None


def _text(t: str):
    """pySHACL's string of a value node for sh:pattern and sh:min/maxLength (None: blank node)."""
    if t[0] != '"':
        return t[1:-1] if t[0] == "<" else None
    lex, dt, _ = split_literal(t)
    return lex if dt in (None, _XS, _LANG) else str(to_rdflib(t))


_keys: dict = {}


def _key(t: str):
    """A term under rdflib's equality: typed literals by their normalised lexical form."""
    if t[-1] != ">" or t[0] != '"':
        return t
    k = _keys.get(t)
    if k is None:
        if len(_keys) > 20_000:
            _keys.clear()
        lit = to_rdflib(t)
        k = _keys[t] = (str(lit), str(lit.datatype))
    return k


def _compare(a: Literal, b: Literal) -> int:
    """pySHACL's compare_literal (TypeError when rdflib cannot order the pair)."""
    if a.eq(b):
        return 0
    if a.value.__class__ in (datetime, time):
        if a.value == b.value:
            return 0
        if a.value > b.value:
            return 1
    elif a > b:
        return 1
    return -1


def _less(v: str, c: str, strict: bool) -> bool:
    """pySHACL's sh:lessThan (strict) or sh:lessThanOrEquals test of one pair."""
    a, b = _num(v), _num(c)
    if a is not None and b is not None:   # rdflib: a < b is "not a > b and not a == b"
        return (not a > b and not a == b) if strict else (not a > b or a == b)
    sv, sc = _strval(v), _strval(c)
    if (sv is None) != (sc is None):
        return False
    if sv is not None:
        return sv < sc if strict else sv <= sc
    return to_rdflib(v) < to_rdflib(c) if strict else to_rdflib(v) <= to_rdflib(c)


def _closure(edges: dict, start: str) -> set:
    seen, todo = {start}, [start]
    while todo:
        for n in edges.get(todo.pop(), ()):
            if n not in seen:
                seen.add(n)
                todo.append(n)
    return seen


# ----------------------------------------------------------------------------- validating
class _Data:
    """One data graph, indexed, with the caches of one validation."""

    __slots__ = ("spo", "memo", "types", "sup", "sub")

    def __init__(self, spo: dict):
        self.spo, self.memo, self.types = spo, {}, None

    def _index(self):
        self.types, self.sup, self.sub = {}, {}, {}
        for s, po in self.spo.items():
            for t in po.get(TYPE, ()):
                self.types.setdefault(t, []).append(s)
            for c in po.get(SUBCLASS, ()):
                self.sup.setdefault(s, []).append(c)
                self.sub.setdefault(c, []).append(s)

    def instances(self, cls: str) -> list:
        """SHACL instances: typed with ``cls`` or a subclass of it (in the data graph)."""
        if self.types is None:
            self._index()
        if not self.sub:
            return self.types.get(cls, [])
        return [s for c in _closure(self.sub, cls) for s in self.types.get(c, ())]

    def is_a(self, v: str, classes: frozenset) -> bool:
        """Is ``v`` a SHACL instance of one of ``classes``?"""
        types = self.spo.get(v, EMPTY).get(TYPE)
        if not types:
            return False
        for t in types:
            if t in classes:
                return True
        if self.types is None:
            self._index()
        return bool(self.sup) and any(not classes.isdisjoint(_closure(self.sup, t)) for t in types)

    def conforms(self, shape: _Shape, v: str) -> bool:
        """Conformance checking (sh:or, sh:node ...): does ``v`` give no result against ``shape``?"""
        if shape.oks is not None:
            for ok in shape.oks:
                if not ok(self, v):
                    return False
            return True
        r = self.memo.get((shape.idx, v))
        if r is None:
            found: list = []
            shape.run(self, (v,), found)
            r = self.memo[shape.idx, v] = not found
        return r


class _Shape:
    __slots__ = ("idx", "node", "path", "path_node", "off", "severity", "message", "messages", "minc", "maxc", "checks",
                 "always", "props", "oks", "targets")

    def __init__(self, idx: int, node, path):
        self.idx, self.node, self.path_node, self.path = idx, node, path, None if path is None else term(path)
        self.minc, self.maxc, self.off, self.targets = 0, sys.maxsize, False, None
        self.checks, self.always, self.props, self.oks = [], [], [], []
        self.messages = ()

    def run(self, data: _Data, foci, out: list) -> None:
        """Validate the focus nodes; a result is (shape, focus, value, component, path) in ``out``.
        ``checks`` run when a focus node has value nodes, ``always`` also when it has none."""
        if self.off:
            return
        path, minc, maxc, checks, always, spo = self.path, self.minc, self.maxc, self.checks, self.always, data.spo
        for f in foci:
            vals = (f,) if path is None else spo.get(f, EMPTY).get(path, ())
            k = len(vals)
            if k < minc:
                out.append((self, f, None, _MIN, None))
            if k > maxc:
                out.append((self, f, None, _MAX, None))
            if k:
                for check in checks:
                    check(data, f, vals, out)
            for check in always:
                check(data, f, vals, out)
        if self.props:   # sh:property: every value node is a focus node of the property shapes
            vals = foci if path is None else [v for f in foci for v in spo.get(f, EMPTY).get(path, ())]
            for p in self.props:
                p.run(data, vals, out)

    def focus(self, data: _Data) -> set:
        nodes, classes, subjects_of, objects_of = self.targets
        found = set(nodes)
        for c in classes:
            found.update(data.instances(c))
        for s, po in data.spo.items() if subjects_of or objects_of else ():
            if any(p in po for p in subjects_of):
                found.add(s)
            for p in objects_of:
                found.update(po.get(p, ()))
        return found


class Program:
    """Compiled shapes: :meth:`validate` checks one data graph against them."""

    def __init__(self, sg: Graph, shapes: dict, roots: list):
        self.sg, self.shapes, self.roots, self._pyshacl = sg, shapes, roots, None

    def validate(self, triples, graph=None) -> list[Result]:
        """The results for a graph of (s, p, o) term strings, sorted as kg.validate sorts them.
        ``graph``: the same data as an rdflib Graph (or a function making it), used only to word
        pySHACL's default messages (with its prefixes and blank nodes); made when needed."""
        if not isinstance(triples, (set, frozenset)):
            triples = set(triples)
        spo: dict = {}
        for s, p, o in triples:
            po = spo.get(s)
            if po is None:
                spo[s] = {p: [o]}
            elif p in po:
                po[p].append(o)
            else:
                po[p] = [o]
        data, out = _Data(spo), []
        for shape in self.roots:
            shape.run(data, shape.focus(data), out)
        if not out:
            return []
        if any(shape.message is None for shape, *_ in out):
            graph = graph() if callable(graph) else graph
            if graph is None:
                graph = Graph()
                for s, p, o in triples:
                    graph.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
        results = [Result(focus=to_rdflib(f), path=to_rdflib(p) if p else shape.path_node, shape=shape.node,
                          severity=shape.severity, value=None if v is None else to_rdflib(v), component=c,
                          message=self._message(shape, c, graph, f, v) if shape.message is None else shape.message,
                          messages=shape.messages)
                   for shape, f, v, c, p in out]
        return sorted(results, key=lambda r: (str(r.focus), str(r.shape), str(r.path), str(r.value)))

    def _message(self, shape: _Shape, component: URIRef, graph: Graph, f: str, v) -> str:
        """pySHACL's default message for a result of a shape without sh:message, from pySHACL's
        own constraint class (made only then)."""
        from pyshacl.constraints import ALL_CONSTRAINT_COMPONENTS
        from pyshacl.constraints.core.shape_based_constraints import QualifiedValueShapeConstraintComponent
        from pyshacl.shapes_graph import ShapesGraph

        if self._pyshacl is None:   # pySHACL adds triples to its shapes graph: give it a copy
            sg = Graph(bind_namespaces="none")
            for prefix, ns in self.sg.namespaces():
                sg.bind(prefix, ns)
            sg += self.sg
            self._pyshacl = ShapesGraph(sg)
            self._pyshacl.shapes   # noqa: B018 - finds the shapes
        kind = {c.shacl_constraint_component: c for c in ALL_CONSTRAINT_COMPONENTS}.get(
            component, QualifiedValueShapeConstraintComponent)
        focus, value = to_rdflib(f), None if v is None else to_rdflib(v)
        if isinstance(value, Literal):  # the graph's own term: rdflib shows "1000" = 1E+3 when it normalised "1e3"
            value = next((o for o in graph.objects(focus, None) if o == value), value)
        messages = kind(self._pyshacl.lookup_shape_from_node(shape.node)).make_generic_messages(graph, focus, value)
        return Literal(min(map(str, messages)))


# ----------------------------------------------------------------------------- compiling
def compile_shapes(sg: Graph) -> Program:
    """Read the shapes graph into a :class:`Program` (the shapes are those pySHACL finds)."""
    custom = set(sg.subjects(RDF.type, SH.ConstraintComponent))
    for c in sg.subjects(RDFS.subClassOf, SH.ConstraintComponent):
        custom.update(sg.subjects(RDF.type, c))
    if any(not str(c).startswith(str(SH)) for c in custom):
        raise Unsupported("custom constraint components")
    nodes = set(sg.subjects(RDF.type, SH.NodeShape)) | set(sg.subjects(RDF.type, SH.PropertyShape))
    for p in (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf, SH.property, SH.node):
        nodes.update(sg.subjects(p, None))
    for p in _REFS:
        for x in sg.objects(None, p):
            items = list(sg.items(x)) if p in _LISTS else [x]
            if not items:
                raise ShapeError(f"the value of {p} is not a list of shapes")
            nodes.update(items)
    shapes = {n: _Shape(i, n, _path(sg, n)) for i, n in enumerate(sorted(nodes, key=str))}
    for shape in shapes.values():
        _compile(sg, shape, shapes)
    state: dict = {}

    def visit(n):   # pySHACL gives up on recursive shapes (a warning); this engine before starting
        if state.get(n) == 1:
            raise Unsupported(f"recursive shapes ({n})")
        if n not in state:
            state[n] = 1
            for p in _REFS:
                for x in sg.objects(n, p):
                    for y in sg.items(x) if p in _LISTS else (x,):
                        visit(y)
            state[n] = 2

    for n in shapes:
        visit(n)
    return Program(sg, shapes, [s for s in shapes.values() if s.targets])


def _path(sg: Graph, n):
    types, paths = set(sg.objects(n, RDF.type)), list(sg.objects(n, SH.path))
    if SH.NodeShape in types and (paths or SH.PropertyShape in types):
        raise ShapeError(f"{n}: a sh:NodeShape cannot have sh:path or be a sh:PropertyShape")
    if len(paths) > 1 or (SH.PropertyShape in types and not paths):
        raise ShapeError(f"{n}: a property shape has exactly one sh:path")
    if paths and not isinstance(paths[0], URIRef):
        raise Unsupported(f"{n}: sh:path is not a single IRI")
    return paths[0] if paths else None


def _only_class(sg: Graph, n):
    """The class of a node shape that tests nothing but sh:class (sh:or of those: one lookup)."""
    own = {p for p in sg.predicates(n) if str(p).startswith(str(SH)) and p not in _META}
    classes = list(sg.objects(n, SH["class"]))
    plain = (sg.value(n, SH.path), sg.value(n, SH.deactivated)) == (None, None)
    return term(classes[0]) if own == {SH["class"]} and len(classes) == 1 and plain else None


def _datatype(rule: str):
    """sh:datatype ``rule`` as a test of one value node (pySHACL's DatatypeConstraintComponent)."""
    if rule == _XS:
        return lambda data, v: v[0] == '"' and (v[-1] == '"' or v.endswith(f'"^^<{_XS}>'))
    suffix, pytype, seen = f'"^^<{rule}>', _PYTYPE.get(rule), {}

    def ok(data, v):
        if v.endswith(suffix):   # a literal of that datatype: not ill-typed, of the Python type
            good = seen.get(v)
            if good is None:
                good, value = _value(unescape(v[1:-len(suffix)]), rule)
                if len(seen) > 50_000:
                    seen.clear()
                good = seen[v] = good and (pytype is None or isinstance(value, pytype))
            return good
        if v[0] != '"' or rule not in (_LITERAL, _DATATYPE, _LANG):
            return False
        _, dt, lang = split_literal(v)
        return rule == _LITERAL or (dt is not None if rule == _DATATYPE else bool(lang))
    return ok


def _range(bound, accept):
    """sh:min/maxIn/Exclusive ``bound`` as a test of one value node (pySHACL's rules)."""
    if not isinstance(bound, Literal):
        raise ShapeError(f"a value range bound must be a literal, not {bound}")
    bound_is_str, bound_num = isinstance(bound.value, str), _num(term(bound))

    def ok(data, v):
        n = _num(v)   # a number is not a str
        if n is not None and bound_num is not None:
            return accept(0 if n == bound_num else 1 if n > bound_num else -1)
        if v[0] != '"' or (n is None and _strval(v) is not None) != bound_is_str:
            return False
        try:
            return accept(_compare(to_rdflib(v), bound))
        except (TypeError, NotImplementedError):
            return False
    return ok


def _text_test(p, limit, rx=None):
    """sh:minLength / sh:maxLength / sh:pattern as a test of one value node."""
    if rx is not None:
        return lambda data, v: (t := _text(v)) is not None and rx.search(t) is not None
    if not isinstance(limit, Literal) or limit.ill_typed or type(limit.value) is not int or limit.value < 0:
        raise ShapeError(f"{p} must be a non-negative integer")
    m = limit.value
    if p == SH.minLength:
        return lambda data, v: m == 0 or (t := _text(v)) is not None and len(t) >= m
    return lambda data, v: (t := _text(v)) is not None and len(t) <= m


def _languages(tags: set):
    def ok(data, v):
        lang = (split_literal(v)[2] or "").lower() if v[0] == '"' else ""
        return bool(lang) and ("*" in tags or lang in tags or lang.split("-")[0] in tags)
    return ok


def _logic(members: list, need: int):
    """sh:and (need all), sh:or (need 1), sh:xone (-1: need exactly one) over member shapes."""
    def ok(data, v):
        k = 0
        for m in members:
            if data.conforms(m, v):
                k += 1
                if k == need:
                    return True
        return k == 1 if need == -1 else k >= need
    return ok


_RANGES = {SH.minExclusive: lambda c: c > 0, SH.minInclusive: lambda c: c >= 0,
           SH.maxExclusive: lambda c: c < 0, SH.maxInclusive: lambda c: c <= 0}
_HANDLED = {SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, *_RANGES, SH["not"], *_LISTS,
            SH.minLength, SH.maxLength, SH.pattern, SH.languageIn, SH.uniqueLang, SH.equals, SH.disjoint,
            SH.lessThan, SH.lessThanOrEquals, SH.node, SH.property, SH.qualifiedValueShape, SH.closed, SH.hasValue,
            SH["in"]}


def _component(p) -> URIRef:
    name = str(p).rsplit("#", 1)[1]
    return SH[name[0].upper() + name[1:] + "ConstraintComponent"]


def _compile(sg: Graph, shape: _Shape, shapes: dict) -> None:   # noqa: C901 - one block per constraint
    n, prop = shape.node, shape.path is not None
    simple = True   # only tests of single value nodes: conformance needs no run()

    def objs(p) -> list:
        return list(sg.objects(n, p))

    def one(p):
        found = objs(p)
        if len(found) > 1:
            raise ShapeError(f"{n}: more than one {p}")
        return found[0] if found else None

    def ref(x, property_shape=None) -> _Shape:
        s = shapes.get(x)
        if s is None or property_shape is not None and (s.path is not None) != property_shape:
            raise ShapeError(f"{n}: {x} is not a {'property' if property_shape else 'node'} shape")
        return s

    def per_value(p, ok):   # a result (with sh:value) for each value node v where not ok(data, v)
        comp = _component(p)

        def check(data, f, vals, out):
            for v in vals:
                if not ok(data, v):
                    out.append((shape, f, v, comp, None))
        shape.checks.append(check)
        shape.oks.append(ok)

    def other(check, always=False):   # check(data, focus, value nodes, out) makes its own results
        nonlocal simple
        simple = False
        (shape.always if always else shape.checks).append(check)

    for p in set(sg.predicates(n)):
        if str(p).startswith(str(SH)) and p not in _HANDLED and p not in _META:
            raise Unsupported(f"{n}: {p}")
    off, severity = one(SH.deactivated), set(objs(SH.severity))
    if off is not None and not isinstance(off, Literal) or len(severity) > 1:
        raise ShapeError(f"{n}: sh:deactivated must be a literal, sh:severity single")
    shape.off = bool(off is not None and off.value)
    shape.severity = severity_name(next(iter(severity), SH.Violation))
    messages = messages_of(objs(SH.message))
    shape.message = messages[0] if messages else None
    shape.messages = messages if len(messages) > 1 else ()

    for c in objs(SH["class"]):
        per_value(SH["class"], lambda data, v, c=frozenset([term(c)]): data.is_a(v, c))
    if (dt := one(SH.datatype)) is not None:
        per_value(SH.datatype, _datatype(str(dt)))
    if (kind := one(SH.nodeKind)) is not None:
        per_value(SH.nodeKind, lambda data, v, k=_KINDS.get(kind, ""): v[0] in k)
    for p, attr in ((SH.minCount, "minc"), (SH.maxCount, "maxc")):
        if (count := one(p)) is not None:
            if not prop or not isinstance(count, Literal) or count.datatype != XSD.integer \
                    or not isinstance(count.value, int) or count.value < 0:
                raise ShapeError(f"{n}: {p} must be a non-negative xsd:integer on a property shape")
            setattr(shape, attr, count.value)
            simple = False
    for p, accept in _RANGES.items():
        for bound in objs(p):
            per_value(p, _range(bound, accept))
    for x in objs(SH["not"]):
        per_value(SH["not"], lambda data, v, s=ref(x): not data.conforms(s, v))
    for p in _LISTS:
        for x in objs(p):
            items = list(sg.items(x)) if p == SH.xone else set(sg.items(x))   # as pySHACL
            members, only = [ref(m) for m in items], {_only_class(sg, m) for m in items}
            per_value(p, (lambda data, v, cs=frozenset(only): data.is_a(v, cs)) if p == SH["or"] and None not in only
                      else _logic(members, {SH["and"]: len(members), SH["or"]: 1, SH.xone: -1}[p]))
    for p in (SH.minLength, SH.maxLength):
        if (limit := one(p)) is not None:
            per_value(p, _text_test(p, limit))
    flags = {str(getattr(x, "value", "")).lower() for x in objs(SH.flags)}
    flags = next(iter(flags), "")   # as pySHACL: any one sh:flags value; only "i" and "m" count
    for x in objs(SH.pattern):
        if not isinstance(x, Literal):
            raise ShapeError(f"{n}: sh:pattern must be a literal")
        try:
            rx = re.compile(str(x), (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0))
        except re.error as e:
            raise ShapeError(f"{n}: sh:pattern {str(x)!r} is not a valid regular expression ({e})") from None
        per_value(SH.pattern, _text_test(SH.pattern, None, rx))
    if (languages := one(SH.languageIn)) is not None:
        items = list(sg.items(languages))
        if any(not isinstance(x, Literal) or not isinstance(x.value, str) for x in items):
            raise ShapeError(f"{n}: sh:languageIn takes a list of strings")
        per_value(SH.languageIn, _languages({str(x.value).lower() for x in items}))
    if (unique := one(SH.uniqueLang)) is not None:
        if not prop or not isinstance(unique, Literal) or not isinstance(unique.value, bool):
            raise ShapeError(f"{n}: sh:uniqueLang must be a boolean on a property shape")
        if str(unique) == "true":   # only true: "1"^^xsd:boolean does not switch it on (W3C uniqueLang-002)
            other(lambda data, f, vals, out: out.extend(
                (shape, f, None, SH.UniqueLangConstraintComponent, None) for _ in _repeated_languages(vals)))
    for p in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
        for x in set(objs(p)):
            if p in (SH.lessThan, SH.lessThanOrEquals) and (not prop or not isinstance(x, URIRef)):
                raise ShapeError(f"{n}: {p} takes an IRI, on a property shape")
            other(_pair(shape, _component(p), term(x)), always=p == SH.equals)
    for x in objs(SH.node):
        per_value(SH.node, lambda data, v, s=ref(x, False): data.conforms(s, v))
    for x in objs(SH.property):
        shape.props.append(ref(x, True))
        simple = False
    qualified = set(objs(SH.qualifiedValueShape))
    if prop and (qualified or objs(SH.qualifiedMinCount) or objs(SH.qualifiedMaxCount)):   # node shapes: ignored
        for check in _qualified(sg, shape, qualified, one, ref):
            other(check, always=True)
    closed, ignored = one(SH.closed), objs(SH.ignoredProperties)
    if ignored and closed is None or closed is not None and not isinstance(closed, Literal):
        raise ShapeError(f"{n}: sh:ignoredProperties needs sh:closed, a boolean")
    if closed is not None and closed.value:
        allowed = {ref(x, True).path for x in objs(SH.property)}
        allowed.update(term(i) for x in ignored for i in sg.items(x))

        def closed_check(data, f, vals, out):
            for v in vals:
                for p, os in data.spo.get(v, EMPTY).items():
                    if p not in allowed:
                        out.extend((shape, f, o, _CLOSED, p) for o in os if p != TYPE or o != RESOURCE)
        other(closed_check)
    for x in set(objs(SH.hasValue)):
        def has_value(data, f, vals, out, t=term(x)):
            if t not in vals and (_key(t) == t or all(_key(v) != _key(t) for v in vals)):
                out.append((shape, f, None, SH.HasValueConstraintComponent, None))
        other(has_value, always=True)
    if (members := one(SH["in"])) is not None:
        raw = {term(x) for x in sg.items(members)}
        keys = {_key(t) for t in raw}
        typed = any(isinstance(k, tuple) for k in keys)
        per_value(SH["in"], lambda data, v: v in raw or typed and _key(v) in keys)
    targets = tuple([term(x) for x in objs(p)] for p in (SH.targetNode, SH.targetClass, SH.targetSubjectsOf,
                                                          SH.targetObjectsOf))
    if set(objs(RDF.type)) & ({RDFS.Class, OWL.Class} | set(sg.subjects(RDFS.subClassOf, RDFS.Class))):
        targets[1].append(term(n))   # a shape that is a class targets its instances
    shape.targets = targets if any(targets) else None
    if shape.off or prop or not simple:
        shape.oks = None


def _repeated_languages(vals) -> set:
    langs = [(split_literal(v)[2] or "").lower() for v in vals if v[0] == '"']
    return {x for x in langs if x and langs.count(x) > 1}


def _pair(shape: _Shape, comp: URIRef, p: str):
    """sh:equals / sh:disjoint / sh:lessThan / sh:lessThanOrEquals against the property ``p``."""
    equals, disjoint, strict = (comp == SH[x + "ConstraintComponent"] for x in ("Equals", "Disjoint", "LessThan"))

    def compare(data, f, vals, out):   # pySHACL: every value node against every value of p
        others = data.spo.get(f, EMPTY).get(p, ())
        for v in vals:
            for c in ("", *others):
                if (c or v)[0] == "_":
                    raise RuntimeError(f"Cannot use {comp} to compare a BlankNode.")
                if c and not _less(v, c, strict):
                    out.append((shape, f, v, comp, None))

    def match(data, f, vals, out):   # the value nodes and the values of p, as sets
        mine, theirs = {_key(v): v for v in vals}, {_key(o): o for o in data.spo.get(f, EMPTY).get(p, ())}
        found = [v for k, v in mine.items() if (k in theirs) == disjoint]
        if equals:
            found += [o for k, o in theirs.items() if k not in mine]
        out.extend((shape, f, v, comp, None) for v in found)
    return match if equals or disjoint else compare


def _qualified(sg: Graph, shape: _Shape, qualified: set, one, ref) -> list:
    """One check per sh:qualifiedValueShape: how many value nodes conform to it (and to no
    sibling shape, with sh:qualifiedValueShapesDisjoint)."""
    counts = [one(SH.qualifiedMinCount), one(SH.qualifiedMaxCount)]
    if not qualified or counts == [None, None] or any(
            c is not None and not (isinstance(c, Literal) and isinstance(c.value, int)) for c in counts):
        raise ShapeError(f"{shape.node}: sh:qualifiedValueShape needs an integer qualified min or max count")
    low, high = (None if c is None else c.value for c in counts)
    disjoint = any(isinstance(d, Literal) and d.value is True
                   for d in sg.objects(shape.node, SH.qualifiedValueShapesDisjoint))
    checks = []
    for q in qualified:
        siblings = [ref(x) for parent in sg.subjects(SH.property, shape.node) for ps in sg.objects(parent, SH.property)
                    for x in set(sg.objects(ps, SH.qualifiedValueShape)) if x != q] if disjoint else []

        def count(data, f, vals, out, s=ref(q), siblings=siblings):
            k = sum(1 for v in vals if data.conforms(s, v) and not any(data.conforms(x, v) for x in siblings))
            if high is not None and k > high:
                out.append((shape, f, None, SH.QualifiedMaxCountConstraintComponent, None))
            if low is not None and k < low:
                out.append((shape, f, None, SH.QualifiedMinCountConstraintComponent, None))
        checks.append(count)
    return checks


__all__ = ["Program", "ShapeError", "Unsupported", "compile_shapes", "graph_terms", "term"]

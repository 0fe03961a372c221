"""Is a shapes graph well-formed? The syntax rules of SHACL Core (W3C Recommendation, sections
2 and 4: the values each parameter takes), checked before any engine runs the shapes.

A shapes graph that breaks them is a broken configuration, not a property of the data: a literal
``sh:datatype "xsd:date"`` would otherwise mark every document as violating, and a shapes
file holding no shape would let every graph "conform" (RELIABILITY.md, V1).
:func:`problems` lists what is wrong; kg.validate raises ValidationError (exit code 3) on them.
"""
from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

_NODE_KINDS = {SH.IRI, SH.BlankNode, SH.Literal, SH.BlankNodeOrIRI, SH.BlankNodeOrLiteral, SH.IRIOrLiteral}
_PATH_OPS = (SH.inversePath, SH.alternativePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath)
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def _iri(v) -> bool:
    return isinstance(v, URIRef)


def _literal_of(*datatypes):
    def ok(v) -> bool:
        if not isinstance(v, Literal):
            return False
        dt = v.datatype or (RDF.langString if v.language else XSD.string)
        return dt in datatypes and not v.ill_typed
    return ok


def _node(v) -> bool:
    return isinstance(v, (URIRef, BNode))


_INTEGER, _BOOLEAN = _literal_of(XSD.integer), _literal_of(XSD.boolean)
_STRING, _TEXT = _literal_of(XSD.string), _literal_of(XSD.string, RDF.langString)

#: parameter -> (test of each value, what it must be, at most one value)
RULES = {
    SH["class"]: (_iri, "an IRI", False),
    SH.datatype: (_iri, "an IRI", True),
    SH.nodeKind: (lambda v: v in _NODE_KINDS, "one of sh:IRI, sh:BlankNode, sh:Literal, "
                  "sh:BlankNodeOrIRI, sh:BlankNodeOrLiteral, sh:IRIOrLiteral", True),
    SH.minCount: (_INTEGER, "an xsd:integer", True),
    SH.maxCount: (_INTEGER, "an xsd:integer", True),
    SH.minExclusive: (lambda v: isinstance(v, Literal), "a literal", True),
    SH.minInclusive: (lambda v: isinstance(v, Literal), "a literal", True),
    SH.maxExclusive: (lambda v: isinstance(v, Literal), "a literal", True),
    SH.maxInclusive: (lambda v: isinstance(v, Literal), "a literal", True),
    SH.minLength: (_INTEGER, "an xsd:integer", True),
    SH.maxLength: (_INTEGER, "an xsd:integer", True),
    SH.pattern: (_STRING, "an xsd:string literal", False),
    SH.flags: (_STRING, "an xsd:string literal", True),
    SH.languageIn: (_node, "a list of strings", True),
    SH.uniqueLang: (_BOOLEAN, "an xsd:boolean", True),
    SH.equals: (_iri, "an IRI", False),
    SH.disjoint: (_iri, "an IRI", False),
    SH.lessThan: (_iri, "an IRI", False),
    SH.lessThanOrEquals: (_iri, "an IRI", False),
    SH["not"]: (_node, "a shape", False),
    SH["and"]: (_node, "a list of shapes", False),
    SH["or"]: (_node, "a list of shapes", False),
    SH.xone: (_node, "a list of shapes", False),
    SH.node: (_node, "a node shape", False),
    SH.property: (_node, "a property shape", False),
    SH.qualifiedValueShape: (_node, "a shape", False),
    SH.qualifiedMinCount: (_INTEGER, "an xsd:integer", True),
    SH.qualifiedMaxCount: (_INTEGER, "an xsd:integer", True),
    SH.qualifiedValueShapesDisjoint: (_BOOLEAN, "an xsd:boolean", True),
    SH.closed: (_BOOLEAN, "an xsd:boolean", True),
    SH.ignoredProperties: (_node, "a list of IRIs", True),
    SH["in"]: (_node, "a list", True),
    SH.targetClass: (_iri, "an IRI", False),
    SH.targetNode: (lambda v: not isinstance(v, BNode), "an IRI or a literal", False),
    SH.targetSubjectsOf: (_iri, "an IRI", False),
    SH.targetObjectsOf: (_iri, "an IRI", False),
    SH.severity: (_iri, "an IRI", True),
    SH.deactivated: (_BOOLEAN, "an xsd:boolean", True),
    SH.message: (_TEXT, "a string or language-tagged string", False),
    SH.path: (_node, "a property path", True),
}
_LIST_MEMBERS = {
    SH.languageIn: (_STRING, "strings"),
    SH["and"]: (_node, "shapes"), SH["or"]: (_node, "shapes"), SH.xone: (_node, "shapes"),
    SH.ignoredProperties: (_iri, "IRIs"),
    SH["in"]: (lambda v: True, "members"),
}


def _short(g: Graph, term) -> str:
    try:
        return term.n3(g.namespace_manager)
    except Exception:  # noqa: BLE001 - shown in full
        return str(term)


def _items(g: Graph, head) -> list | None:
    """The members of an RDF list, or None when ``head`` is not a well-formed list."""
    if head == RDF.nil:
        return []
    if not isinstance(head, BNode):
        return None
    items, seen, node = [], set(), head
    while node != RDF.nil:
        if node in seen or not isinstance(node, BNode):
            return None
        seen.add(node)
        firsts, rests = list(g.objects(node, RDF.first)), list(g.objects(node, RDF.rest))
        if len(firsts) != 1 or len(rests) != 1:
            return None
        items.append(firsts[0])
        node = rests[0]
    return items


def _path_problem(g: Graph, path, depth: int = 0) -> str | None:
    """Why ``path`` is not a well-formed SHACL property path (None when it is)."""
    if _iri(path):
        return None
    if not isinstance(path, BNode) or depth > 50:
        return "is not an IRI or a path expression"
    members = _items(g, path)
    if members is not None and list(g.objects(path, RDF.first)):
        if len(members) < 2:
            return "is a sequence path of fewer than two members"
        return next((p for p in (_path_problem(g, m, depth + 1) for m in members) if p), None)
    ops = [(op, v) for op in _PATH_OPS for v in g.objects(path, op)]
    if len(ops) != 1:
        return "is a blank node that is not exactly one path expression"
    op, value = ops[0]
    if op == SH.alternativePath:
        members = _items(g, value)
        if members is None or len(members) < 2:
            return "has an sh:alternativePath that is not a list of two or more paths"
        return next((p for p in (_path_problem(g, m, depth + 1) for m in members) if p), None)
    return _path_problem(g, value, depth + 1)


def problems(g: Graph, *, limit: int = 20) -> list[str]:
    """What makes the shapes graph ``g`` ill-formed (empty when it is well-formed)."""
    found: list[str] = []
    for param, (ok, what, single) in RULES.items():
        subjects = set(g.subjects(param, None))
        for s in sorted(subjects, key=str):
            values = list(g.objects(s, param))
            where = f"{_short(g, s)} {_short(g, param)}"
            if single and len(values) > 1:
                found.append(f"{where} has {len(values)} values; it takes one")
            for v in values:
                if not ok(v):
                    found.append(f"{where} is {_short(g, v)}; it must be {what}")
                elif param in _LIST_MEMBERS:
                    members = _items(g, v)
                    good, kind = _LIST_MEMBERS[param]
                    if members is None:
                        found.append(f"{where} is not a well-formed RDF list")
                    elif not all(good(m) for m in members):
                        found.append(f"{where} must be a list of {kind}")
                elif param == SH.path and (why := _path_problem(g, v)):
                    found.append(f"{where} {why}")
            if len(found) >= limit:
                return found[:limit]
    return found


def has_targets(g: Graph) -> bool:
    """Does any shape of ``g`` select focus nodes (a target, or a shape that is a class)?"""
    if any(True for t in _TARGETS for _ in g.subject_objects(t)):
        return True
    from rdflib.namespace import RDFS

    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
    return any((s, RDF.type, RDFS.Class) in g for s in shapes)


__all__ = ["RULES", "has_targets", "problems"]

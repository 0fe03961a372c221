"""The standard-vocabulary triples of a graph, written out so that a plain triple store answers
them without inference (issue 13, item 8).

ontology/kg.ttl declares kg's terms as subproperties and subclasses of standard ones
(kg:speaker of sem:hasActor and prov:wasAttributedTo, kg:holder of prov:wasAttributedTo,
kg:article of dcterms:source, kg:Statement of sem:Event …). For every triple whose predicate or
class has such super-terms, :func:`entail` adds the triple with each standard super-term
(followed transitively): what an RDFS reasoner would add with those two axioms, limited to the
standard vocabularies. The table is
read from the ontology once per process, so a new axiom there reaches the data without code.

>>> from kg.rdf.namespaces import KG
>>> s, o = "<https://w3id.org/kg-diplomacy/id/doc/d/statement/0>", "<https://w3id.org/kg-diplomacy/id/doc/d/actor/a>"
>>> sorted(p for _, p, _ in entail([(s, f"<{KG.speaker}>", o)]))  # doctest: +NORMALIZE_WHITESPACE
['<http://semanticweb.cs.vu.nl/2009/11/sem/hasActor>', '<http://www.w3.org/ns/prov#wasAttributedTo>',
 '<https://w3id.org/kg-diplomacy/ontology#speaker>']
"""
from __future__ import annotations

from functools import lru_cache

_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SUB_PROPERTY = "http://www.w3.org/2000/01/rdf-schema#subPropertyOf"
_SUB_CLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


def _closure(edges: dict[str, set[str]], own: str) -> dict[str, tuple[str, ...]]:
    """Per term, its super-terms outside kg's own namespace ``own``, followed through kg's
    terms (kg:State ⊑ kg:Actor ⊑ sem:Actor gives kg:State sem:Actor, not kg:Actor: kg's own
    classes stay as written, and queries that read them see what they always saw)."""
    out = {}
    for term in edges:
        seen: set[str] = set()
        todo = list(edges[term])
        while todo:
            t = todo.pop()
            if t not in seen and t != term:
                seen.add(t)
                todo.extend(edges.get(t, ()))
        supers = sorted(f"<{t}>" for t in seen if not t.startswith(own))
        if supers:
            out[f"<{term}>"] = tuple(supers)
    return out


@lru_cache(maxsize=1)
def axioms() -> tuple[dict, dict]:
    """({property: super-properties}, {class: super-classes}) of kg's terms, as N-Triples
    terms, read from ontology/kg.ttl."""
    import pyoxigraph as ox

    from kg.rdf.namespaces import KG
    from kg.resources import repo_path

    ns = str(KG._NS)
    props: dict[str, set[str]] = {}
    classes: dict[str, set[str]] = {}
    with open(repo_path("ontology") / "kg.ttl", "rb") as f:
        for t in ox.parse(f, format=ox.RdfFormat.TURTLE):
            if not isinstance(t.subject, ox.NamedNode) or not isinstance(t.object, ox.NamedNode):
                continue
            table = props if t.predicate.value == _SUB_PROPERTY else \
                classes if t.predicate.value == _SUB_CLASS else None
            if table is not None and t.subject.value.startswith(ns):
                table.setdefault(t.subject.value, set()).add(t.object.value)
    return _closure(props, ns), _closure(classes, ns)


def entail(triples: list) -> list:
    """``triples`` (N-Triples term strings) followed by the super-property and super-class
    triples they entail, without duplicates."""
    props, classes = axioms()
    out = list(triples)
    seen = set(out)
    for s, p, o in triples:
        supers = classes.get(o, ()) if p == _TYPE else props.get(p, ())
        for sup in supers:
            t = (s, _TYPE, sup) if p == _TYPE else (s, sup, o)
            if t not in seen:
                seen.add(t)
                out.append(t)
    return out

"""kg's own SHACL engine (kg.validate.fast) gives exactly pySHACL's results.

Every comparison is on every field of every result (focus node, source shape, path, value,
constraint component, severity, message), as a multiset. The inputs: a "zoo" of shapes using
every constraint the engine supports (most without sh:message, so pySHACL's default messages
are compared too) on data full of edge cases (ill-typed literals, language tags, subclasses,
blank nodes ...); random literals against it; random mutations of the hand-written valid graph
(tests/fixtures/valid_graph.ttl) against shapes/; and the graphs of the example and development
articles, as they are and broken. No test asserts a timing.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import pyshacl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

import kg.validate as kv
from conftest import ROOT, run_kg
from kg.errors import ValidationError
from kg.rdf.namespaces import ID, ISSUE, KG, OA, SCHEMA
from kg.rdf.nt import literal, ntriples, to_rdflib
from kg.validate import ENGINES, validate, validate_ntriples, validate_terms
from kg.validate.fast import ShapeError, Unsupported, compile_shapes, graph_terms

EX = Namespace("http://example.org/")
FIXTURE = Path(__file__).parent / "fixtures" / "valid_graph.ttl"
DEV = ROOT.parent / "shared" / "corpus" / "dev"
UNDECLARED = URIRef(str(KG._NS) + "undeclaredProperty")

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""

# every constraint component of SHACL Core the engine supports; most shapes have no sh:message
ZOO = PREFIXES + """
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property ex:p-int, ex:p-nni, ex:p-date, ex:p-bool, ex:p-dec, ex:p-dbl, ex:p-float, ex:p-gyear,
        ex:p-str, ex:p-lang, ex:p-uri, ex:p-datetime, ex:p-lit, ex:p-range, ex:p-range-dec, ex:p-range-date,
        ex:p-range-str, ex:p-lt, ex:p-lte, ex:p-eq, ex:p-dis, ex:p-in, ex:p-has, ex:p-pat, ex:p-len,
        ex:p-langin, ex:p-uniq, ex:p-kind, ex:p-class, ex:p-node, ex:p-not, ex:p-and, ex:p-or, ex:p-xone,
        ex:p-q1, ex:p-q2, ex:p-req, ex:p-one, ex:p-warn, ex:p-off, ex:p-msgs ,
        [ sh:path ex:blank ; sh:maxCount 0 ] .
ex:p-int sh:path ex:int ; sh:datatype xsd:integer .
ex:p-nni sh:path ex:nni ; sh:datatype xsd:nonNegativeInteger .
ex:p-date sh:path ex:date ; sh:datatype xsd:date .
ex:p-bool sh:path ex:bool ; sh:datatype xsd:boolean .
ex:p-dec sh:path ex:dec ; sh:datatype xsd:decimal .
ex:p-dbl sh:path ex:dbl ; sh:datatype xsd:double .
ex:p-float sh:path ex:float ; sh:datatype xsd:float .
ex:p-gyear sh:path ex:gyear ; sh:datatype xsd:gYear .
ex:p-str sh:path ex:str ; sh:datatype xsd:string .
ex:p-lang sh:path ex:lang ; sh:datatype rdf:langString .
ex:p-uri sh:path ex:uri ; sh:datatype xsd:anyURI .
ex:p-datetime sh:path ex:datetime ; sh:datatype xsd:dateTime .
ex:p-lit sh:path ex:lit ; sh:datatype rdfs:Literal .
ex:p-range sh:path ex:range ; sh:minInclusive 0 ; sh:maxExclusive 100 .
ex:p-range-dec sh:path ex:range ; sh:minExclusive 1.5 ; sh:maxInclusive 99.5e0 .
ex:p-range-date sh:path ex:range-date ; sh:minInclusive "2000-01-01"^^xsd:date .
ex:p-range-str sh:path ex:range-str ; sh:minInclusive "m" .
ex:p-lt sh:path ex:start ; sh:lessThan ex:end .
ex:p-lte sh:path ex:start ; sh:lessThanOrEquals ex:end .
ex:p-eq sh:path ex:eq ; sh:equals ex:eq2 .
ex:p-dis sh:path ex:dis ; sh:disjoint ex:dis2 .
ex:p-in sh:path ex:in ; sh:in ( "a" "b"@en 1 ex:x "01"^^xsd:integer "s"^^xsd:string ) .
ex:p-has sh:path ex:has ; sh:hasValue 5 .
ex:p-pat sh:path ex:pat ; sh:pattern "^a.c$" ; sh:flags "i" .
ex:p-len sh:path ex:len ; sh:minLength 2 ; sh:maxLength 4 .
ex:p-langin sh:path ex:langin ; sh:languageIn ( "en" "fr" ) .
ex:p-uniq sh:path ex:uniq ; sh:uniqueLang true .
ex:p-kind sh:path ex:kind ; sh:nodeKind sh:BlankNodeOrIRI .
ex:p-class sh:path ex:cls ; sh:class ex:Thing .
ex:p-node sh:path ex:node ; sh:node ex:Named .
ex:p-not sh:path ex:not ; sh:not [ sh:datatype xsd:integer ] .
ex:p-and sh:path ex:and ; sh:and ( [ sh:datatype xsd:integer ] [ sh:minInclusive 10 ] ) .
ex:p-or sh:path ex:or ; sh:or ( [ sh:datatype xsd:integer ] [ sh:nodeKind sh:IRI ] ) .
ex:p-xone sh:path ex:xone ; sh:xone ( [ sh:datatype xsd:integer ] [ sh:nodeKind sh:Literal ] ) .
ex:p-q1 sh:path ex:q ; sh:qualifiedValueShape [ sh:class ex:Thing ] ; sh:qualifiedMinCount 1 ;
    sh:qualifiedMaxCount 1 ; sh:qualifiedValueShapesDisjoint true .
ex:p-q2 sh:path ex:q ; sh:qualifiedValueShape [ sh:class ex:Other ] ; sh:qualifiedMaxCount 1 ;
    sh:qualifiedValueShapesDisjoint true .
ex:p-req sh:path ex:req ; sh:minCount 1 .
ex:p-one sh:path ex:one ; sh:maxCount 1 .
ex:p-warn sh:path ex:warn ; sh:maxCount 0 ; sh:severity sh:Warning ; sh:message "A warning."@en .
ex:p-off sh:path ex:off ; sh:maxCount 0 ; sh:deactivated true .
ex:p-msgs sh:path ex:msgs ; sh:maxCount 0 ; sh:severity sh:Info ; sh:message "zwei"@de, "two"@en .
ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .

ex:ClosedShape a sh:NodeShape ; sh:targetClass ex:Closed ; sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ; sh:nodeKind sh:IRI ; sh:property [ sh:path ex:a ] .
ex:SubjectsShape a sh:NodeShape ; sh:targetSubjectsOf ex:marker ; sh:class ex:Marked .
ex:ObjectsShape a sh:NodeShape ; sh:targetObjectsOf ex:points ; sh:nodeKind sh:IRI ;
    sh:message "Points to an IRI." .
ex:NodesShape a sh:NodeShape ; sh:targetNode ex:fixed, "a literal" ; sh:class ex:Thing .
ex:Implicit a sh:NodeShape, rdfs:Class ; sh:property [ sh:path ex:req ; sh:minCount 1 ] .
ex:PropertyRoot a sh:PropertyShape ; sh:targetClass ex:Closed ; sh:path ex:a ; sh:maxCount 1 ;
    sh:datatype xsd:string .
"""


def parse(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


@lru_cache(maxsize=1)
def zoo():
    shapes = parse(ZOO)
    return shapes, compile_shapes(shapes)


def full(results) -> Counter:
    return Counter((r.focus, r.shape, r.path, r.value, r.component, r.severity, r.message) for r in results)


def both(data: Graph, shapes: Graph | None = None, program=None) -> tuple[list, list]:
    """(fast results, pySHACL results) of ``data`` against ``shapes`` (default: the zoo)."""
    if shapes is None:
        shapes, program = zoo()
    fast = (program or compile_shapes(shapes)).validate(graph_terms(data), data)
    answer = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=False)
    return fast, kv._checked("pyshacl", answer).results


def assert_same(data: Graph, shapes: Graph | None = None):
    fast, py = both(data, shapes)
    a, b = full(fast), full(py)
    assert a == b, "\n".join(["fast only:", *map(str, a - b), "pySHACL only:", *map(str, b - a)])
    return fast


# ----------------------------------------------------------------------------- (1) what it refuses
UNSUPPORTED = {
    "sparql": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select \"SELECT $this WHERE {}\" ] .",
    "sequence path": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:a ex:b ) ] .",
    "inverse path": "ex:S a sh:PropertyShape ; sh:targetClass ex:C ; sh:path [ sh:inversePath ex:a ] .",
    "sparql target": "ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:select \"SELECT ?this {}\" ] .",
    "custom component": "ex:Comp a sh:ConstraintComponent ; sh:parameter [ sh:path ex:param ] .\n"
                        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; ex:param 1 .",
    "recursion": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:knows ; sh:node ex:S ] .",
}


@pytest.mark.parametrize("name", UNSUPPORTED)
def test_unsupported_shapes(name):
    with pytest.raises(Unsupported):
        compile_shapes(parse(PREFIXES + UNSUPPORTED[name]))


def test_the_sparql_shapes_are_unsupported_and_auto_falls_back():
    with pytest.raises(Unsupported, match="sh.*sparql"):
        compile_shapes(kv.shapes_graph(True))
    assert issubclass(Unsupported, ValidationError)
    with pytest.raises(Unsupported):
        validate(FIXTURE, engine="fast", full=True)
    assert validate(FIXTURE, full=True).engine == "turbo"
    nt = ntriples(graph_terms(Graph().parse(FIXTURE)))
    assert validate_ntriples(nt, full=True).engine == "turbo"
    assert validate_terms(graph_terms(Graph().parse(FIXTURE)), full=True).engine == "turbo"


@pytest.mark.parametrize("text", [
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount \"one\" ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:minCount 1 .",                     # on a node shape
    "ex:S a sh:NodeShape ; sh:path ex:p .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:or ( ) .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:node ex:P . ex:P sh:path ex:p .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:ignoredProperties ( ex:p ) .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:datatype xsd:string, xsd:date ] .",
])
def test_malformed_shapes_raise(text):
    with pytest.raises(ShapeError):
        compile_shapes(parse(PREFIXES + text))


# ----------------------------------------------------------------------------- (4) the zoo
def zoo_data() -> Graph:
    g = Graph()
    t, t2, sub, other = EX.t1, BNode("t2"), EX.sub, EX.o1
    g.add((EX.SubThing, RDFS.subClassOf, EX.Thing))
    g.add((EX.SubSub, RDFS.subClassOf, EX.SubThing))
    for n, c in ((t, EX.Thing), (t2, EX.Thing), (sub, EX.SubSub), (other, EX.Other), (EX.named, EX.Closed)):
        g.add((n, RDF.type, c))
    lit = lambda lex, dt=None, lang=None: Literal(lex, datatype=dt, lang=lang)  # noqa: E731 - from lexical forms
    values = {
        EX.int: [lit("12", XSD.integer), lit("abc", XSD.integer), lit("1.5", XSD.integer), lit(" 7", XSD.integer),
                 lit("12", XSD.int), lit("12")],
        EX.nni: [lit("-1", XSD.nonNegativeInteger), lit("3", XSD.nonNegativeInteger), lit("3", XSD.integer)],
        EX.date: [lit("2024-13-45", XSD.date), lit("2012-02-23", XSD.date), lit("2012-02-23"),
                  lit("2012-02-23Z", XSD.date), lit("2012-02-23T10:00:00", XSD.dateTime)],
        EX.bool: [lit("maybe", XSD.boolean), lit("true", XSD.boolean), lit("1", XSD.boolean), lit("TRUE", XSD.boolean)],
        EX.dec: [lit("1.50", XSD.decimal), lit("x", XSD.decimal), lit("NaN", XSD.decimal), lit("2", XSD.integer)],
        EX.dbl: [lit("1e3", XSD.double), lit("INF", XSD.double), lit("one", XSD.double)],
        EX.float: [lit("1.5", XSD.float), lit("abc", XSD.float)],
        EX.gyear: [lit("2012", XSD.gYear), lit("abcd", XSD.gYear), lit("2012")],
        EX.str: [lit("plain"), lit("tagged", lang="en"), lit("typed", XSD.string), lit("1", XSD.integer), EX.iri],
        EX.lang: [lit("tagged", lang="en-GB"), lit("plain")],
        EX.uri: [lit("not a uri", XSD.anyURI), lit("http://x", XSD.anyURI), lit("http://x")],
        EX.datetime: [lit("2012-02-23T10:00:00", XSD.dateTime), lit("2012-02-23", XSD.dateTime)],
        EX.lit: [lit("x"), EX.iri, BNode("b1")],
        EX.range: [lit("5", XSD.integer), lit("-1", XSD.integer), lit("100", XSD.integer), lit("1.5", XSD.decimal),
                   lit("99.5", XSD.double), lit("7"), lit("x", XSD.integer), lit("50", XSD.nonNegativeInteger), EX.iri],
        EX["range-date"]: [lit("1999-12-31", XSD.date), lit("2001-01-01", XSD.date), lit("2001", XSD.gYear)],
        EX["range-str"]: [lit("a"), lit("z"), lit("z", lang="en"), lit("5", XSD.integer)],
        EX.start: [lit("5", XSD.integer), lit("b")],
        EX.end: [lit("5", XSD.integer), lit("9", XSD.nonNegativeInteger), lit("a")],
        EX.eq: [lit("1", XSD.integer), EX.x], EX.eq2: [lit("01", XSD.integer), EX.y],
        EX.dis: [EX.x, lit("a")], EX.dis2: [EX.x, lit("a", lang="en")],
        EX["in"]: [lit("a"), lit("b", lang="EN"), lit("1", XSD.integer), lit("001", XSD.integer), EX.x,
                   lit("s"), lit("s", XSD.string), lit("b")],
        EX.has: [lit("05", XSD.integer)],
        EX.pat: [lit("ABC"), lit("abc", lang="en"), lit("xabcx"), EX.abc, BNode("b2"), lit("0abc", XSD.integer)],
        EX.len: [lit("a"), lit("abcde"), lit("abc"), EX.ab, BNode("b3"), lit("12", XSD.integer)],
        EX.langin: [lit("x", lang="en-US"), lit("x", lang="de"), lit("x"), lit("x", lang="FR")],
        EX.uniq: [lit("a", lang="en"), lit("b", lang="EN"), lit("c", lang="fr"), lit("d")],
        EX.kind: [lit("x"), EX.iri, BNode("b4")],
        EX.cls: [sub, other, lit("x"), EX.untyped],
        EX.node: [EX.named, EX.nameless],
        EX["not"]: [lit("1", XSD.integer), lit("x")],
        EX["and"]: [lit("12", XSD.integer), lit("5", XSD.integer), lit("12", XSD.decimal)],
        EX["or"]: [lit("1", XSD.integer), EX.iri, lit("x")],
        EX.xone: [lit("1", XSD.integer), lit("x"), EX.iri],
        EX.q: [sub, other, EX.untyped],
        EX.one: [lit("1"), lit("2")],
        EX.warn: [lit("w")], EX.off: [lit("o")], EX.msgs: [lit("m")], EX.blank: [BNode("b5")],
    }
    for p, objs in values.items():
        for o in objs:
            g.add((t, p, o))
    g.add((t2, EX.req, Literal("here")))
    g.add((t2, EX.q, other))
    g.add((EX.named, EX.name, Literal("N")))
    g.add((EX.named, EX.a, Literal("1", datatype=XSD.integer)))
    g.add((EX.named, EX.a, Literal("two")))
    g.add((EX.named, EX.b, EX.x))
    g.add((EX.named, RDF.type, RDFS.Resource))
    g.add((BNode("c1"), RDF.type, EX.Closed))
    g.add((EX.m, EX.marker, Literal("x")))
    g.add((EX.m, EX.points, Literal("lit")))
    g.add((EX.m, EX.points, EX.iri))
    g.add((EX.fixed, RDF.type, EX.SubThing))
    g.add((EX.impl, RDF.type, EX.Implicit))
    return g


def test_zoo_agrees_with_pyshacl():
    fast = assert_same(zoo_data())
    fired = {(r.component.rsplit("#")[-1]) for r in fast}
    assert len(fired) >= 27, sorted(fired)   # nearly every component reports something
    assert {r.severity for r in fast} == {"Violation", "Warning", "Info"}
    assert any(isinstance(r.focus, BNode) for r in fast) and any(isinstance(r.shape, BNode) for r in fast)


def test_zoo_conforming_data_gives_no_results():
    g = Graph()
    for t in (EX.t, EX.fixed):
        g.add((t, RDF.type, EX.Thing))
        g.add((t, EX.req, Literal("x")))
        g.add((t, EX.has, Literal(5)))
        g.add((t, EX.q, EX.t))
    fast = assert_same(g)
    assert [(r.focus, r.shape) for r in fast] == [(Literal("a literal"), EX.NodesShape)]   # a literal has no class


ILL_FORMED = [("abc", XSD.integer), ("2024-13-45", XSD.date), ("-1", XSD.nonNegativeInteger), ("maybe", XSD.boolean),
              ("1.5", XSD.integer), ("2012-02-30", XSD.date), ("0x1F", XSD.integer), ("2147483648", XSD.int),
              ("256", XSD.unsignedByte), ("0", XSD.positiveInteger), ("1", XSD.negativeInteger)]


@pytest.mark.parametrize("lex,dt", ILL_FORMED, ids=[f"{lex}^^{dt.rsplit('#')[-1]}" for lex, dt in ILL_FORMED])
def test_ill_formed_literals_agree(lex, dt):
    """An ill-formed literal of the datatype violates sh:datatype, in kg's shapes as in the zoo."""
    shapes = parse(PREFIXES + f"ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
                              f"sh:datatype <{dt}> ] .")
    g = Graph()
    g.add((EX.c, RDF.type, EX.C))
    g.add((EX.c, EX.p, Literal(lex, datatype=dt)))
    fast = assert_same(g, shapes)
    assert len(fast) == 1 and fast[0].value == Literal(lex, datatype=dt)


def test_language_tagged_and_plain_strings_agree():
    g = Graph().parse(FIXTURE)
    actor, issue = ID["doc/un-china-defectors/actor/china"], ISSUE["forced-repatriation-of-north-korean-defectors"]
    g.set((actor, RDFS.label, Literal("China", lang="en")))            # xsd:string wanted: violation
    g.set((issue, SKOS.prefLabel, Literal("Forced repatriation")))    # @en wanted: violation
    g.add((issue, KG.keyword, Literal("refoulement", datatype=XSD.string)))   # explicit xsd:string: fine
    fast, py = validate(g, engine="fast"), validate(g, engine="pyshacl")
    assert full(fast.results) == full(py.results) and len(fast.results) == 2


DATATYPES = [XSD.integer, XSD.nonNegativeInteger, XSD.int, XSD.unsignedByte, XSD.decimal, XSD.double, XSD.float,
             XSD.boolean, XSD.date, XSD.dateTime, XSD.time, XSD.gYear, XSD.gYearMonth, XSD.anyURI, XSD.string]
LEXICAL = st.one_of(st.sampled_from(["0", "-0", "+5", "01", "1_000", " 12 ", "1e3", "1.", ".5", "NaN", "-INF", "true",
                                     "0", "2012-02-23", "2012-2-3", "2012-02-23+05:00", "-2012-02-23", "20120223",
                                     "2012-02-23T10:00:00Z", "10:00:00", "2012", "2012-02", "P1D", "", "٣"]),
                    st.text(alphabet="0123456789-+.eE:TZ _abc", max_size=12))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(LEXICAL, st.sampled_from(DATATYPES)), min_size=1, max_size=6))
def test_random_literals_agree(literals):
    """Random lexical forms of random datatypes, against sh:datatype and sh:minInclusive/sh:lessThan."""
    shapes = parse(PREFIXES + "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property "
                   + ", ".join(f"[ sh:path <{dt}> ; sh:datatype <{dt}> ]" for dt in DATATYPES)
                   + ", [ sh:path ex:v ; sh:minInclusive 0 ; sh:maxExclusive \"2012-06-01\"^^xsd:date ],"
                   + " [ sh:path ex:v ; sh:lessThanOrEquals ex:w ; sh:pattern \"^[0-9]\" ; sh:maxLength 4 ] .")
    g = Graph()
    g.add((EX.c, RDF.type, EX.C))
    for i, (lex, dt) in enumerate(literals):
        g.add((EX.c, dt, Literal(lex, datatype=dt)))
        g.add((EX.c, EX.v if i % 2 == 0 else EX.w, Literal(lex, datatype=dt)))
    try:
        answer = pyshacl.validate(g, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=False)
        py = kv._checked("pyshacl", answer).results
    except Exception:  # noqa: BLE001 - pySHACL fails on pairs rdflib cannot order; so must the engine
        with pytest.raises(Exception):
            compile_shapes(shapes).validate(graph_terms(g), g)
        return
    assert full(compile_shapes(shapes).validate(graph_terms(g), g)) == full(py)


# ----------------------------------------------------------------------------- (3) the valid graph, mutated
@lru_cache(maxsize=1)
def fixture() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


CLASSES = [KG.State, KG.Person, KG.Issue, KG.Statement, KG.Mention, OA.TextPositionSelector, KG.DiplomaticEvent,
           EX.Unknown]
NEW_DATATYPES = [None, "en", XSD.integer, XSD.nonNegativeInteger, XSD.date, XSD.gYear, XSD.boolean, XSD.anyURI,
                 XSD.string, XSD.decimal]


@st.composite
def mutations(draw):
    g = Graph()
    g += fixture()
    triples = sorted(g)
    nodes = sorted({s for s, _, _ in triples})
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["drop", "duplicate", "datatype", "undeclared", "retype", "relink", "lexical",
                                     "blank"]))
        s, p, o = draw(st.sampled_from(triples))
        if kind == "drop":
            g.remove((s, p, o))
        elif kind == "duplicate" and isinstance(o, Literal):
            g.add((s, p, Literal(str(o) + draw(st.sampled_from(["x", "1", " "])), datatype=o.datatype,
                                 lang=o.language)))
        elif kind == "datatype" and isinstance(o, Literal):
            new = draw(st.sampled_from(NEW_DATATYPES))
            g.remove((s, p, o))
            g.add((s, p, Literal(str(o), lang=new) if new == "en" else Literal(str(o), datatype=new)))
        elif kind == "undeclared":
            g.add((draw(st.sampled_from(nodes)), draw(st.sampled_from([UNDECLARED, RDFS.comment, KG.speaker])),
                   draw(st.sampled_from([Literal("x"), EX.x, draw(st.sampled_from(nodes))]))))
        elif kind == "retype":
            g.remove((s, RDF.type, None))
            g.add((s, RDF.type, draw(st.sampled_from(CLASSES))))
        elif kind == "relink" and isinstance(o, URIRef) and p != RDF.type:
            g.set((s, p, draw(st.sampled_from(nodes))))
        elif kind == "lexical" and isinstance(o, Literal):
            g.set((s, p, Literal(draw(st.sampled_from(["-1", "abc", "2012-13-01", "", "Q1", "00"])),
                                 datatype=o.datatype, lang=o.language)))
        elif kind == "blank":
            b = BNode(f"b{draw(st.integers(0, 3))}")
            g.add((b, RDF.type, draw(st.sampled_from(CLASSES))))
            g.add((s, p, b) if p != RDF.type else (b, OWL.sameAs, s))
    return g


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_mutations_of_the_valid_graph_agree(g):
    try:
        py = validate(g, engine="pyshacl")
    except ValidationError:   # pySHACL cannot order a blank node or an ill-typed oa:start; nor can the engine
        with pytest.raises(ValidationError):
            validate(g, engine="fast")
        return
    fast = validate(g, engine="fast")
    assert fast.conforms == py.conforms
    assert full(fast.results) == full(py.results)


def test_all_entry_points_agree():
    g = Graph()
    g += fixture()
    st0 = ID["doc/un-china-defectors/statement/0"]
    g.remove((st0, KG.speaker, None))
    g.add((st0, KG.cameoCode, Literal("12", datatype=XSD.integer)))
    g.add((st0, UNDECLARED, Literal("caf\u00e9 \"x\"\n", lang="en")))
    terms = graph_terms(g)
    py = validate(g, engine="pyshacl")
    reports = [validate(g, engine="fast"), validate_terms(terms), validate_terms(iter(terms), engine="fast"),
               validate_ntriples(ntriples(terms)), validate_ntriples(ntriples(terms).decode(), engine="fast"),
               validate_ntriples(g.serialize(format="nt", encoding="utf-8"), engine="fast")]   # rdflib's escapes
    for report in reports:
        assert report.engine == "fast" and not report.conforms
        assert full(report.results) == full(py.results)
        assert kv._results(report.graph) == report.results
    assert len(py.results) == 5   # minCount, maxCount and datatype of kg:cameoCode, closed, code of the act
    assert validate_terms(terms, engine="pyshacl").results == py.results


def test_ill_typed_offsets_fail_as_in_pyshacl():
    """pySHACL cannot order an ill-typed oa:start against oa:end (sh:lessThanOrEquals): it fails,
    and so does the fast engine; "auto" then falls back to pyshacl-turbo."""
    g = Graph()
    g += fixture()
    pos = ID["doc/un-china-defectors/statement/0/evidence/pos"]
    g.set((pos, OA.start, Literal("abc", datatype=XSD.nonNegativeInteger)))
    for engine in ("pyshacl", "fast"):
        with pytest.raises(ValidationError, match="TypeError"):
            validate(g, engine=engine)
    report = validate(g)
    assert report.engine == "turbo" and not report.conforms


def test_cli_offers_every_engine(tmp_path):
    from kg.cli import parser

    sub = next(a for a in parser()._subparsers._group_actions[0].choices.values() if a.prog.endswith("validate"))
    engine = next(a for a in sub._actions if a.dest == "engine")
    assert tuple(engine.choices) == ENGINES
    g = Graph()
    g += fixture()
    g.remove((ID["doc/un-china-defectors/statement/0"], KG.speaker, None))
    g.serialize(tmp_path / "broken.ttl", format="turtle")
    p = run_kg("validate", "--engine", "fast", tmp_path / "broken.ttl")
    assert p.returncode == 1 and "Conforms: no (fast), 1 result(s)" in p.stdout, p.stdout + p.stderr


# ----------------------------------------------------------------------------- (2) the articles
def article_variants(triples: list) -> list:
    """The article's term triples, and a copy broken in many places at once."""
    type_, kg, oa = f"<{RDF.type}>", str(KG), str(OA)
    of = lambda cls: sorted(s for s, p, o in triples if p == type_ and o == f"<{cls}>")  # noqa: E731
    broken = list(triples)
    statements, selectors, actors = of(KG.Statement), of(OA.TextPositionSelector), of(KG.Person) + of(KG.State)
    if statements:
        st0 = statements[0]
        broken = [t for t in broken if not (t[0] == st0 and t[1] == f"<{kg}speaker>")]
        broken += [(st0, f"<{kg}cameoCode>", literal("12", str(XSD.integer))), (st0, f"<{kg}undeclared>", '"x"'),
                   (st0, f"<{kg}date>", literal("2024-13-45", str(XSD.date)))]
    for sel, lex in zip(selectors, ("-1", "07", "99999")):   # (an ill-typed one: test_ill_typed_offsets)
        broken = [t for t in broken if not (t[0] == sel and t[1] == f"<{oa}start>")]
        broken.append((sel, f"<{oa}start>", literal(lex, str(XSD.nonNegativeInteger))))
    articles = of(SCHEMA.NewsArticle)
    broken = [t for t in broken if not (t[0] in articles and t[1] == f"<{SCHEMA.datePublished}>")]
    broken += [(a, f"<{SCHEMA.datePublished}>", literal("2024-02-30", str(XSD.date))) for a in articles]
    if actors:
        broken = [t for t in broken if not (t[0] == actors[0] and t[1] in (f"<{RDFS.label}>", type_))]
        broken += [(actors[0], f"<{RDFS.label}>", literal("x", lang="en")), (actors[0], type_, f"<{kg}Issue>")]
    return [triples, broken]


@pytest.mark.slow
def test_article_graphs_agree_with_pyshacl(pipeline):
    from kg import __version__
    from kg.ingest import iter_inputs
    from kg.model import Article
    from kg.rdf.emit import emit_triples

    folders = [str(ROOT / "examples")] + ([str(DEV)] if DEV.is_dir() else [])
    articles = {a.id: a for a in iter_inputs(folders) if isinstance(a, Article)}
    violations = 0
    for article in articles.values():
        records = pipeline.process(article).records
        triples = emit_triples(records, version=__version__, config=pipeline.config)
        for variant in article_variants(triples):
            g = Graph()
            for s, p, o in variant:
                g.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
            py = validate(g, engine="pyshacl")
            for fast in (validate_terms(variant, engine="fast"), validate(g, engine="fast"),
                         validate_ntriples(ntriples(variant), engine="fast")):
                assert full(fast.results) == full(py.results), article.id
            violations += len(py.results)
    assert len(articles) >= 1 and violations >= 8 * len(articles)

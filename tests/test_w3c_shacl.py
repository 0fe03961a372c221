"""kg's SHACL engines against the W3C SHACL core test suite (98 tests, vendored in
tests/fixtures/w3c-shacl with their licence), and the XPath-regex and RDF 1.1 literal cases
where Python's `re` and rdflib differ from SHACL (RELIABILITY.md V1; issue 14 item 11).

Every test passes with "auto" (kg's default), pyshacl-turbo and pySHACL; kg's own engine passes
each test it takes and refuses (Unsupported, handed to pyshacl-turbo by "auto") exactly the
tests of complex paths and the two complex suites."""
from __future__ import annotations

import logging

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

import w3c_shacl
from kg.errors import ValidationError
from kg.validate import validate
from kg.validate.normalize import parse_turtle

CASES = w3c_shacl.cases()
FAST_REFUSES = {"complex/personexample", "complex/shacl-shacl"} | {
    f"path/path-{n}" for n in ("alternative-001", "complex-001", "complex-002", "inverse-001",
                               "oneOrMore-001", "sequence-001", "sequence-002", "sequence-duplicate-001",
                               "strange-001", "strange-002", "zeroOrMore-001", "zeroOrOne-001")}


def test_the_suite_is_complete():
    assert len(CASES) == 98
    assert {c.name for c in CASES} >= FAST_REFUSES


@pytest.mark.parametrize("case", CASES, ids=str)
def test_w3c_core(case, caplog):
    caplog.set_level(logging.ERROR)
    outcomes = {engine: w3c_shacl.check(case, engine) for engine in ("auto", "fast", "turbo", "pyshacl")}
    assert outcomes["fast"] == ("unsupported" if case.name in FAST_REFUSES else "pass"), outcomes
    assert outcomes["auto"] == outcomes["turbo"] == outcomes["pyshacl"] == "pass", outcomes


# ----------------------------------------------------------------- XPath regex, RDF 1.1 literals

ENGINES = ("fast", "turbo", "pyshacl")
EX = "http://example.org/"


def _shapes(constraint: str) -> Graph:
    """Shapes read as kg reads shapes/ (literals as written: rdflib would make "1"^^xsd:boolean
    "true")."""
    return parse_turtle(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <{EX}> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; {constraint} ] .
        """)


def _conforms(constraint: str, value: str, engine: str) -> bool:
    data = Graph().parse(data=f"""
        @prefix ex: <{EX}> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:x a ex:C ; ex:p {value} .""", format="turtle")
    return validate(data, shapes=_shapes(constraint), engine=engine).conforms


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("constraint, value, conforms", [
    ('sh:pattern "^[A-Z]{3}$"', '"CHN"', True),
    ('sh:pattern "^[A-Z]{3}$"', '"CHN\\n"', False),            # XPath $: the very end only
    ('sh:pattern "^[A-Z]{3}$" ; sh:flags "m"', '"CHN\\nKOR"', True),
    ('sh:pattern "^a.b$"', '"a\\nb"', False),
    ('sh:pattern "^a.b$" ; sh:flags "s"', '"a\\nb"', True),     # s: dot matches a newline
    ('sh:pattern "^a b c$" ; sh:flags "x"', '"abc"', True),    # x: whitespace removed
    ('sh:pattern "a.c" ; sh:flags "q"', '"a.c"', True),        # q: no metacharacters
    ('sh:pattern "a.c" ; sh:flags "q"', '"abc"', False),
    ('sh:pattern "^[$]$"', '"$"', True),                       # $ in a class stays a dollar
    ('sh:pattern "^x\\\\$$"', '"x$"', True),
    ('sh:in ( "day" )', '"day"^^xsd:string', True),            # RDF 1.1: one literal
    ('sh:in ( "day"^^xsd:string )', '"day"', True),
    ('sh:hasValue "day"', '"day"^^xsd:string', True),
    ('sh:uniqueLang "1"^^xsd:boolean', '"a"@en, "b"@en', True),  # only true switches it on
    ('sh:uniqueLang true', '"a"@en, "b"@en', False),
])
def test_xpath_regex_and_rdf11_literals(engine, constraint, value, conforms):
    assert _conforms(constraint, value, engine) is conforms


@pytest.mark.parametrize("pattern", ["^\\\\p{L}+$", "^[a-z-[aeiou]]+$", "^\\\\i\\\\c*$"])
def test_xpath_syntax_python_lacks_is_refused(pattern):
    with pytest.raises(ValidationError, match="XPath"):
        _conforms(f'sh:pattern "{pattern}"', '"abc"', "auto")


@pytest.mark.parametrize("engine", ENGINES)
def test_report_keeps_message_language_and_custom_severity(engine):
    shapes = Graph().parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <{EX}> .
        ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:nodeKind sh:BlankNode ;
            sh:severity ex:MySeverity ; sh:message "Kein Leerknoten"@de, "Not a blank node"@en .
        """, format="turtle")
    report = validate(Graph(), shapes=shapes, engine=engine)
    assert not report.conforms
    g = report.graph
    (result,) = g.objects(None, SH.result)
    assert g.value(result, SH.resultSeverity) == URIRef(EX + "MySeverity")
    assert set(g.objects(result, SH.resultMessage)) == {Literal("Kein Leerknoten", lang="de"),
                                                        Literal("Not a blank node", lang="en")}

"""N-Triples term strings (kg.rdf.nt), the representation of kg build's fast path: they must be
exactly what Oxigraph writes, and convert to and from rdflib without loss."""
from __future__ import annotations

import re

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.rdf.emit import emit, emit_triples
from kg.query.bind import to_oxigraph
from kg.rdf.io import TURTLE, serialize_terms
from kg.rdf.nt import from_rdflib, literal, ntriples, split_literal, to_rdflib

# any text, control characters, quotes, backslashes and astral characters included
# (surrogates cannot be encoded as UTF-8, so no RDF tool accepts them)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
LANG = st.sampled_from(["en", "zh-hant", "EN-gb"])
DATATYPES = st.sampled_from([None, str(XSD.string), str(XSD.date), str(XSD.integer), "http://example.org/dt#x"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, datatype=DATATYPES)
def test_typed_literals_are_written_as_oxigraph_writes_them(text, datatype):
    term = literal(text, datatype)
    expected = ox.Literal(text, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(text)
    assert term == str(expected)
    lex, dt, lang = split_literal(term)
    assert lex == text and lang is None
    assert dt == (None if datatype in (None, str(XSD.string)) else datatype)


@settings(max_examples=100, deadline=None)
@given(text=TEXT, lang=LANG)
def test_language_literals_round_trip(text, lang):
    term = literal(text, lang=lang)
    assert term == str(ox.Literal(text, language=lang.lower()))
    assert to_rdflib(term) == Literal(text, lang=lang.lower())
    assert from_rdflib(to_rdflib(term)) == term


@settings(max_examples=100, deadline=None)
@given(text=TEXT)
def test_rdflib_terms_round_trip(text):
    for term in (Literal(text), Literal(text, datatype=XSD.token), URIRef("https://example.org/" + str(len(text))),
                 BNode("b" + str(len(text)))):
        assert to_rdflib(from_rdflib(term)) == term


def test_ntriples_are_sorted_lines_oxigraph_parses_back():
    s, p = "<https://example.org/s>", "<https://example.org/p>"
    triples = [(s, p, literal("b\n\"x\"")), (s, p, literal("a")), (s, p, "<https://example.org/o>")]
    nt = ntriples(triples)
    lines = nt.decode().splitlines()
    assert lines == sorted(lines) and all(ln.endswith(" .") for ln in lines)
    assert [str(t) for t in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)] == [ln[:-2] for ln in lines]


def test_emitter_strings_equal_oxigraph_serialization_of_the_rdflib_graph(pipeline, seed_path):
    """The emitter's own escaping and the rdflib path agree byte for byte with Oxigraph's
    N-Triples writer on the seed article (long text, quotes, dates, offsets, booleans)."""
    _, records = _records(pipeline, seed_path)
    triples = emit_triples(records, version="test", config=pipeline.config)
    graph = emit(records, version="test", config=pipeline.config)
    assert len(graph) == len(triples) > 500
    assert ntriples(triples) == ox.serialize(sorted((ox.Triple(*map(to_oxigraph, t)) for t in graph), key=str), format=ox.RdfFormat.N_TRIPLES)


def _records(pipeline, path):
    from kg.extract import extract
    from kg.ingest import iter_inputs

    article = next(iter(iter_inputs([str(path)])))
    return article, extract(pipeline.nlp, article, pipeline.nlp(article.nlp_text))


TERMS = st.one_of(
    st.builds(lambda t: literal(t), TEXT),
    st.builds(lambda t, l: literal(t, lang=l), TEXT, LANG),
    st.builds(lambda t, d: literal(t, d), TEXT, DATATYPES),
    st.sampled_from(["<https://w3id.org/kg-diplomacy/ontology#label>", "<http://www.wikidata.org/entity/Q884>",
                     "<https://w3id.org/kg-diplomacy/scheme/issue/a-b_c>", "<https://example.org/a.b/c#d.>",
                     "<https://w3id.org/kg-diplomacy/id/doc/x/actor/y>", "_:b1"]))
IRIS = st.sampled_from(["<https://w3id.org/kg-diplomacy/id/doc/x>", "<http://www.w3.org/2002/07/owl#sameAs>",
                        "<https://schema.org/x.y>", "_:b0", "<https://w3id.org/kg-diplomacy/id/doc/x/statement/10>",
                        "<https://w3id.org/kg-diplomacy/id/a:b/c>", "<https://w3id.org/kg-diplomacy/id/doc/../x>",
                        "<https://w3id.org/kg-diplomacy/id/doc/x/statement/2/evidence/pos>",
                        "<https://w3id.org/kg-diplomacy/id/>", "<https://w3id.org/kg-diplomacy/id/doc/x²/statement/3>"])
PREDICATES = st.sampled_from(["<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<http://www.w3.org/ns/oa#start>",
                              "<https://w3id.org/kg-diplomacy/ontology#text>", "<https://example.org/p->"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(triples=st.lists(st.tuples(IRIS, PREDICATES, TERMS), max_size=12))
def test_turtle_and_trig_parse_back_to_the_same_triples(triples):
    """kg's Turtle writer: prefixed names, "a", ";" and "," groups, any literal."""
    expected = {str(t) for t in ox.parse(ntriples(triples), format=ox.RdfFormat.N_TRIPLES)}
    ttl = serialize_terms(triples, "turtle")
    assert {str(t) for t in ox.parse(ttl, format=ox.RdfFormat.TURTLE)} == expected
    assert len(Graph().parse(data=ttl, format="turtle")) == len(expected)
    quads = ox.parse(serialize_terms(triples, "trig", "d"), format=ox.RdfFormat.TRIG)
    assert {str(q.triple) for q in quads} == expected
    text = ttl.decode()
    declared = set(re.findall(r"^@prefix (\w+): ", text, flags=re.M))
    assert "kgid" in declared and text.startswith(f"@base <{TURTLE.base}> .\n")
    assert declared <= set(TURTLE.prefixes)    # (a used prefix left undeclared would not parse)

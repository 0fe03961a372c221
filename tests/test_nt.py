"""N-Triples term strings (kg.rdf.nt), the representation of kg build's fast path: they must be
exactly what Oxigraph writes, and convert to and from rdflib without loss."""
from __future__ import annotations

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.rdf.emit import emit, emit_triples
from kg.rdf.io import ox_from_ntriples, ox_triples, serialize_triples
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
    assert [str(t) for t in ox_from_ntriples(nt)] == [ln[:-2] for ln in lines]


def test_emitter_strings_equal_oxigraph_serialization_of_the_rdflib_graph(pipeline, seed_path):
    """The emitter's own escaping and the rdflib path agree byte for byte with Oxigraph's
    N-Triples writer on the seed article (long text, quotes, dates, offsets, booleans)."""
    _, records = _records(pipeline, seed_path)
    triples = emit_triples(records, version="test", config=pipeline.config)
    graph = emit(records, version="test", config=pipeline.config)
    assert len(graph) == len(triples) > 500
    assert ntriples(triples) == serialize_triples(ox_triples(graph), "nt")


def _records(pipeline, path):
    from kg.extract import extract
    from kg.ingest import iter_inputs

    article = next(iter(iter_inputs([str(path)])))
    return article, extract(pipeline.nlp, article, pipeline.nlp(article.nlp_text))

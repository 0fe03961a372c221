"""Standard vocabularies without inference (issue 13, item 8): the facts kg writes with its own
terms are also there with the standard properties and classes that ontology/kg.ttl makes them
subproperties and subclasses of, and an event's place is a sem:Place node, so that a triple
store without a reasoner answers the queries a user writes with SEM, PROV-O and Dublin Core."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from conftest import SEED_ID
from kg.rdf.entail import axioms

pytestmark = pytest.mark.slow

TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
PREFIXES = """PREFIX kg: <https://w3id.org/kg-diplomacy/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@pytest.fixture(scope="module")
def store(seed_cli_build) -> ox.Store:
    out, proc = seed_cli_build
    assert proc.returncode == 0, proc.stderr       # and it conforms to shapes/
    s = ox.Store()      # a plain store: no reasoner
    s.load((out / f"{SEED_ID}.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    return s


def _count(store, where: str) -> int:
    res = store.query(PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    return int(next(iter(res))["n"].value)


def test_every_entailed_standard_triple_is_written(store):
    props, classes = axioms()
    assert "<http://www.w3.org/ns/prov#wasAttributedTo>" in props["<https://w3id.org/kg-diplomacy/ontology#speaker>"]
    triples = {(str(t.subject), str(t.predicate), str(t.object)) for t in store}
    missing = [(s, sup, o) for s, p, o in triples if p != TYPE for sup in props.get(p, ())
               if (s, sup, o) not in triples]
    missing += [(s, TYPE, sup) for s, p, o in triples if p == TYPE for sup in classes.get(o, ())
                if (s, TYPE, sup) not in triples]
    assert missing == []


def test_a_plain_store_answers_standard_queries(store):
    statements = _count(store, "?s a kg:Statement")
    assert statements > 3
    assert _count(store, "?s a kg:Statement ; prov:wasAttributedTo ?who . ?s kg:speaker ?who") == statements
    assert _count(store, "?s a sem:Event ; a kg:Statement") == statements
    speakers_and_addressees = _count(store, "SELECT DISTINCT ?s ?a WHERE { ?s a kg:Statement ; "
                                            "kg:speaker|kg:addressee ?a }")
    assert _count(store, "?s a kg:Statement ; sem:hasActor ?a") == speakers_and_addressees
    actors = _count(store, "?a kg:actorKind ?k")
    assert _count(store, "?a a sem:Actor ; a prov:Agent") == actors > 3
    assert _count(store, "?a a kg:Actor") == 0      # kg's own classes stay as written
    assert _count(store, "?p a kg:PolicyPosition ; prov:wasAttributedTo ?h ; kg:holder ?h") == \
        _count(store, "?p a kg:PolicyPosition")
    facts = _count(store, "?f kg:article ?d")
    assert _count(store, "?f dcterms:source ?d ; kg:article ?d") == facts


def test_an_event_place_is_a_place_node(store):
    located = _count(store, "?e kg:location ?name")
    assert located >= 1
    assert _count(store, "?e kg:location ?name ; sem:hasPlace ?p . ?p a sem:Place ; rdfs:label ?name ; "
                         "kg:article ?d . ?e kg:article ?d") == located

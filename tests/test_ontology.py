"""ontology/kg.ttl declares exactly the KG namespace; ontology/schemes.ttl holds the schemes."""
from __future__ import annotations

from functools import lru_cache

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg import model
from kg.rdf.namespaces import (ACT, ACTOR_KIND, EVENT_KIND, ID, KG, KIND_CLASS, MODALITY, ORG,
                               POLARITY, SCHEMA, SEM, STANCE)
from kg.resources import repo_path

FILES = ("kg.ttl", "schemes.ttl")
ONTOLOGY = URIRef(str(KG._NS).rstrip("#"))
TERMS = {KG[name] for name in KG.__annotations__}


@lru_cache(maxsize=None)
def load(name: str) -> Graph:
    return Graph().parse(repo_path("ontology") / name, format="turtle")


def english(g: Graph, s, p) -> list:
    return [o for o in g.objects(s, p) if isinstance(o, Literal) and o.language == "en" and str(o).strip()]


@pytest.mark.parametrize("name", FILES)
def test_parses_with_rdflib_and_oxigraph(name):
    path = repo_path("ontology") / name
    assert len(load(name)) > 100
    assert len(list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))) == len(load(name))


def test_ontology_header():
    g = load("kg.ttl")
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in g
    for p in (OWL.versionInfo, DCTERMS.title, DCTERMS.description, DCTERMS.license):
        assert g.value(ONTOLOGY, p) is not None, p


def test_every_namespace_term_is_declared_with_label_and_definition():
    g = load("kg.ttl")
    assert len(TERMS) >= 62   # guards against collecting nothing
    for t in sorted(TERMS):
        types = set(g.objects(t, RDF.type))
        local = str(t).removeprefix(str(KG._NS))
        expected = {OWL.Class} if local[0].isupper() else {OWL.ObjectProperty, OWL.DatatypeProperty}
        assert types & expected, f"{local} is not declared as {expected}"
        assert len(english(g, t, RDFS.label)) == 1, f"{local} needs one English rdfs:label"
        assert english(g, t, SKOS.definition) or english(g, t, RDFS.comment), f"{local} needs a definition"


def test_every_declared_term_is_in_the_namespace():
    for name in FILES:
        g = load(name)
        used = {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(str(KG._NS))}
        used |= {o for o in g.objects() if isinstance(o, URIRef) and str(o).startswith(str(KG._NS))}
        used |= {p for p in g.predicates() if str(p).startswith(str(KG._NS))}
        assert used <= TERMS, sorted(used - TERMS)
    declared = {s for s in load("kg.ttl").subjects(RDF.type, None) if str(s).startswith(str(KG._NS))}
    assert declared == TERMS


def test_property_kinds_and_ranges_are_consistent():
    g = load("kg.ttl")
    obj = set(g.subjects(RDF.type, OWL.ObjectProperty))
    dat = set(g.subjects(RDF.type, OWL.DatatypeProperty))
    assert not obj & dat
    classes = set(g.subjects(RDF.type, OWL.Class))
    for p in obj & TERMS:
        for r in g.objects(p, RDFS.range):
            assert r in classes, (p, r)
    for p in dat & TERMS:
        for r in g.objects(p, RDFS.range):
            assert str(r).startswith(str(XSD)) or r == RDFS.Literal, (p, r)
    assert g.value(KG.date, RDFS.range) == RDFS.Literal
    assert g.value(KG.evidence, RDFS.range) == URIRef("http://www.w3.org/ns/oa#SpecificResource")


def superclasses(g: Graph, c) -> set:
    return set(g.transitive_objects(c, RDFS.subClassOf)) - {c}


def test_reuse_of_standard_vocabularies():
    g = load("kg.ttl")
    assert {SEM.Actor, PROV.Agent} <= superclasses(g, KG.Actor)
    for kind, cls in KIND_CLASS.items():
        assert KG.Actor in superclasses(g, cls), kind
    assert SCHEMA.Person in superclasses(g, KG.Person)
    assert ORG.OrganizationalUnit in superclasses(g, KG.IGOBody)
    assert {SEM.Event, PROV.Entity} <= superclasses(g, KG.Statement)
    assert SEM.Event in superclasses(g, KG.DiplomaticEvent)
    assert PROV.Activity in superclasses(g, KG.ExtractionRun)
    for c in (KG.Issue, KG.ActType, KG.Modality, KG.Stance, KG.Polarity, KG.EventKind, KG.ActorKind):
        assert SKOS.Concept in superclasses(g, c), c
    assert SEM.hasActor in set(g.objects(KG.speaker, RDFS.subPropertyOf))


# --- schemes ----------------------------------------------------------------------------------

def concepts(cls) -> set:
    return set(load("schemes.ttl").subjects(RDF.type, cls))


def test_seventeen_act_types_with_cameo_codes_and_quad_class():
    g = load("schemes.ttl")
    acts = concepts(KG.ActType)
    assert len(acts) == 17
    assert acts == {ACT[a] for a in model.ACT_TYPES}
    covered = set()
    for a in acts:
        codes = {str(c) for c in g.objects(a, KG.cameoCodes)}
        assert codes and all(2 <= len(c) <= 4 and c.isdigit() for c in codes), a
        assert any(len(c) == 2 for c in codes), a
        covered |= {c for c in codes if len(c) == 2}
        assert str(g.value(a, KG.quadClass)) in {"verbal-cooperation", "material-cooperation",
                                                 "verbal-conflict", "material-conflict", "neutral"}
    assert covered == {f"{i:02d}" for i in range(1, 21)}   # every CAMEO top-level code has a home
    assert str(g.value(ACT.STATEMENT, KG.quadClass)) == "neutral"


SCHEMES = [
    (KG.ActType, "act-types", ACT, model.ACT_TYPES),
    (KG.Modality, "modalities", MODALITY, model.MODALITIES),
    (KG.Stance, "stances", STANCE, model.STANCES),
    (KG.Polarity, "polarities", POLARITY, ("positive", "negative")),
    (KG.ActorKind, "actor-kinds", ACTOR_KIND, model.ACTOR_KINDS),
    (KG.EventKind, "event-kinds", EVENT_KIND, None),
]


@pytest.mark.parametrize("cls, scheme, ns, values", SCHEMES, ids=[s[1] for s in SCHEMES])
def test_scheme_concepts(cls, scheme, ns, values):
    g = load("schemes.ttl")
    scheme_iri = ID[f"scheme/{scheme}"]
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in g and english(g, scheme_iri, SKOS.prefLabel)
    members = concepts(cls)
    assert members == set(g.subjects(SKOS.inScheme, scheme_iri))
    if values is not None:
        assert members == {ns[v] for v in values}
    for c in members:
        assert (c, RDF.type, SKOS.Concept) in g
        assert str(c).startswith(str(ns))
        assert str(g.value(c, SKOS.notation)) == str(c).removeprefix(str(ns))
        assert len(english(g, c, SKOS.prefLabel)) == 1 and len(english(g, c, SKOS.definition)) == 1, c


def test_event_kinds_include_the_required_ones():
    required = ("meeting session visit talks conference summit report agreement_signing sanction "
                "visa_restriction suspension expulsion election coup attack artillery_fire mobilization "
                "aid_pledge evacuation broadcast protest invasion execution bombing announcement other").split()
    assert {EVENT_KIND[k] for k in required} <= concepts(KG.EventKind)


def test_actor_kinds_match_actor_classes():
    assert set(KIND_CLASS) == set(model.ACTOR_KINDS)
    assert concepts(KG.ActorKind) == {ACTOR_KIND[k] for k in KIND_CLASS}


def test_issues_scheme():
    g = load("schemes.ttl")
    scheme = ID["scheme/issues"]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g and english(g, scheme, SKOS.prefLabel)

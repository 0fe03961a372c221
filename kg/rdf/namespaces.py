"""Namespaces. Terms of our own come from a closed namespace checked against ontology/.

Never type an IRI in Python elsewhere: use these objects, and mint data IRIs in kg.rdf.iri.
"""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace
from rdflib.term import URIRef

BASE = "https://w3id.org/kg-diplomacy/"


class KG(DefinedNamespace):
    """The kg ontology (ontology/kg.ttl)."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # classes
    Actor: URIRef
    State: URIRef
    Government: URIRef
    IntergovernmentalOrganization: URIRef
    IGOBody: URIRef
    Ministry: URIRef
    Person: URIRef
    Organization: URIRef
    Group: URIRef
    Party: URIRef
    ArmedGroup: URIRef
    Statement: URIRef
    Quotation: URIRef
    PolicyPosition: URIRef
    Issue: URIRef
    DiplomaticEvent: URIRef
    Mention: URIRef
    ExtractionRun: URIRef
    ActType: URIRef
    Modality: URIRef
    Stance: URIRef
    Polarity: URIRef
    EventKind: URIRef
    ActorKind: URIRef
    # properties
    actorKind: URIRef
    countryCode: URIRef
    wikidata: URIRef
    post: URIRef
    affiliation: URIRef
    anonymous: URIRef
    mention: URIRef
    speaker: URIRef
    addressee: URIRef
    actType: URIRef
    cameoCode: URIRef
    cameoCodes: URIRef
    quadClass: URIRef
    issue: URIRef
    stance: URIRef
    modality: URIRef
    contentPolarity: URIRef
    content: URIRef
    cue: URIRef
    rule: URIRef
    venue: URIRef
    reportedBy: URIRef
    date: URIRef
    datePrecision: URIRef
    quotation: URIRef
    quoteText: URIRef
    evidence: URIRef
    holder: URIRef
    basedOn: URIRef
    keyword: URIRef
    eventKind: URIRef
    location: URIRef
    article: URIRef
    sentence: URIRef
    text: URIRef
    configuration: URIRef
    configurationHash: URIRef
    contentHash: URIRef
    publishedSource: URIRef


# Reused vocabularies
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")

# Data and vocabulary IRIs (minted in kg.rdf.iri)
ID = Namespace(BASE + "id/")
SCHEME = Namespace(BASE + "scheme/")
ACT = Namespace(BASE + "scheme/act/")
MODALITY = Namespace(BASE + "scheme/modality/")
STANCE = Namespace(BASE + "scheme/stance/")
POLARITY = Namespace(BASE + "scheme/polarity/")
EVENT_KIND = Namespace(BASE + "scheme/event-kind/")
ACTOR_KIND = Namespace(BASE + "scheme/actor-kind/")
ISSUE = Namespace(BASE + "scheme/issue/")

PREFIXES = {
    "kg": KG._NS, "sem": SEM, "oa": OA, "schema": SCHEMA, "org": ORG, "wd": WD,
    "prov": PROV, "dcterms": DCTERMS, "skos": SKOS, "owl": OWL, "rdfs": RDFS, "rdf": RDF,
    "xsd": XSD, "kgid": ID, "act": ACT, "modality": MODALITY, "stance": STANCE,
    "polarity": POLARITY, "evkind": EVENT_KIND, "actorkind": ACTOR_KIND, "issue": ISSUE,
}

KIND_CLASS = {
    "state": KG.State, "government": KG.Government, "igo": KG.IntergovernmentalOrganization,
    "igo_body": KG.IGOBody, "ministry": KG.Ministry, "person": KG.Person,
    "organization": KG.Organization, "group": KG.Group, "party": KG.Party,
    "armed_group": KG.ArmedGroup,
}


def bind_prefixes(graph) -> None:
    for p, ns in PREFIXES.items():
        graph.bind(p, ns, override=True)

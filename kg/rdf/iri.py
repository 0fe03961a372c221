"""The one place where data IRIs are minted. Deterministic, always valid.

Every minted IRI is checked with Oxigraph's IRI parser (RELIABILITY.md, trap 3).
"""
from __future__ import annotations


import pyoxigraph
from rdflib import URIRef

from kg.errors import IRIError
from kg.slug import slug
from kg.rdf.namespaces import ACT, ACTOR_KIND, EVENT_KIND, ID, ISSUE, MODALITY, POLARITY, STANCE

def checked(iri: str) -> URIRef:
    """Return ``iri`` as a URIRef after checking it is a valid absolute IRI."""
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError as e:
        raise IRIError(f"invalid IRI {iri!r}: {e}") from None
    return URIRef(iri)


def _seg(part: str | int) -> str:
    return str(part) if isinstance(part, int) else slug(part)


def data(*parts: str | int) -> URIRef:
    """kgid:<part>/<part>/… with every part slugged."""
    return checked(str(ID) + "/".join(_seg(p) for p in parts))


def doc(doc_id: str) -> URIRef:
    return data("doc", doc_id)


def graph(doc_id: str) -> URIRef:
    return data("graph", doc_id)


def vocabulary_graph(name: str) -> URIRef:
    """kgid:graph/vocabulary/<name>: a shared graph (kg.rdf.vocabulary); its two segments keep
    it apart from every article graph kgid:graph/<doc>."""
    return data("graph", "vocabulary", name)


def run(doc_id: str) -> URIRef:
    return data("doc", doc_id, "run")


def software(version: str) -> URIRef:
    return data("software", "kg", version)


def actor(doc_id: str, key: str) -> URIRef:
    return data("doc", doc_id, "actor", key)


def item(doc_id: str, kind: str, n: int) -> URIRef:
    """Statements, quotes, positions and events: kgid:doc/<doc>/<kind>/<n>."""
    return data("doc", doc_id, kind, n)


def sub(node: URIRef, *parts: str | int) -> URIRef:
    """A node under another: <node>/evidence, <node>/mention/3 …"""
    return checked(str(node) + "/" + "/".join(_seg(p) for p in parts))


def issue(key: str) -> URIRef:
    return checked(str(ISSUE) + slug(key))


def act(act_type: str) -> URIRef:
    return checked(str(ACT) + act_type)


def modality(name: str) -> URIRef:
    return checked(str(MODALITY) + name)


def stance(name: str) -> URIRef:
    return checked(str(STANCE) + name)


def polarity(negated: bool) -> URIRef:
    return checked(str(POLARITY) + ("negative" if negated else "positive"))


def event_kind(kind: str) -> URIRef:
    return checked(str(EVENT_KIND) + slug(kind).replace("-", "_"))


def actor_kind(kind: str) -> URIRef:
    return checked(str(ACTOR_KIND) + kind)


def issue_scheme() -> URIRef:
    return data("scheme", "issues")

"""Records -> RDF graph, following docs/rdf-layout.md. No spaCy here."""
from __future__ import annotations

import hashlib
import json

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.model import Event, Issue, Records, Span, TimeValue
from kg.rdf import iri
from kg.rdf.namespaces import KG, KIND_CLASS, OA, ORG, SCHEMA, SEM, WD, bind_prefixes

_DATE_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def config_json(config: dict) -> str:
    return json.dumps(config, sort_keys=True, separators=(",", ":"))


class _Emitter:
    def __init__(self, records: Records, version: str, config: dict):
        self.r = records
        self.a = records.article
        self.doc = iri.doc(self.a.id)
        self.triples: list[tuple] = []   # in emission order, without duplicates
        self._seen: set[tuple] = set()
        self.version = version
        self.config = config

    def add(self, s, p, o):
        t = (s, p, o)
        if t not in self._seen:
            self._seen.add(t)
            self.triples.append(t)

    def evidence(self, node, span: Span):
        ev = iri.sub(node, "evidence")
        pos, quote = iri.sub(ev, "pos"), iri.sub(ev, "quote")
        self.add(node, KG.evidence, ev)
        self.add(ev, RDF.type, OA.SpecificResource)
        self.add(ev, OA.hasSource, self.doc)
        self.add(ev, OA.hasSelector, pos)
        self.add(ev, OA.hasSelector, quote)
        self.add(pos, RDF.type, OA.TextPositionSelector)
        self.add(pos, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger))
        self.add(pos, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger))
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(self.a.text[span.start:span.end]))

    def date(self, node, t: TimeValue | None):
        if t is None:
            return
        self.add(node, KG.date, Literal(t.value, datatype=_DATE_TYPES[t.precision]))
        self.add(node, KG.datePrecision, Literal(t.precision))

    def article(self):
        a, d = self.a, self.doc
        self.add(d, RDF.type, SCHEMA.NewsArticle)
        self.add(d, DCTERMS.identifier, Literal(a.id))
        if a.title:
            self.add(d, DCTERMS.title, Literal(a.title))
        if a.published:
            self.add(d, SCHEMA.datePublished, Literal(a.published.isoformat(), datatype=XSD.date))
            self.add(d, KG.publishedSource, Literal(a.published_source or "text"))
        if a.publisher:
            self.add(d, SCHEMA.publisher, Literal(a.publisher))
        if a.url:
            self.add(d, SCHEMA.url, Literal(a.url, datatype=XSD.anyURI))
        self.add(d, KG.contentHash, Literal(a.content_hash))
        self.add(d, KG.text, Literal(a.text))
        run, sw = iri.run(a.id), iri.software(self.version)
        self.add(d, PROV.wasGeneratedBy, run)
        self.add(run, RDF.type, PROV.Activity)
        self.add(run, RDF.type, KG.ExtractionRun)
        self.add(run, PROV.wasAssociatedWith, sw)
        self.add(run, PROV.used, d)
        cfg = config_json(self.config)
        self.add(run, KG.configuration, Literal(cfg))
        self.add(run, KG.configurationHash, Literal(hashlib.sha256(cfg.encode()).hexdigest()))
        self.add(sw, RDF.type, PROV.SoftwareAgent)
        self.add(sw, RDFS.label, Literal(f"kg {self.version}"))

    def actors(self):
        for key, act in sorted(self.r.actors.items()):
            node = iri.actor(self.a.id, key)
            self.add(node, RDF.type, KIND_CLASS[act.kind])
            self.add(node, RDFS.label, Literal(act.label))
            self.add(node, KG.actorKind, iri.actor_kind(act.kind))
            self.add(node, KG.article, self.doc)
            for name in act.names:
                self.add(node, SKOS.altLabel, Literal(name))
            if act.country:
                self.add(node, KG.countryCode, Literal(act.country))
            if act.wikidata:
                self.add(node, KG.wikidata, Literal(act.wikidata))
                self.add(node, OWL.sameAs, WD[act.wikidata])
            if act.post:
                self.add(node, KG.post, Literal(act.post))
            if act.affiliation and act.affiliation in self.r.actors:
                parent = iri.actor(self.a.id, act.affiliation)
                prop = KG.affiliation if act.kind == "person" else ORG.subOrganizationOf
                self.add(node, prop, parent)
            if act.anonymous:
                self.add(node, KG.anonymous, Literal(True))
            if act.rule:
                self.add(node, KG.rule, Literal(act.rule))
            for n, m in enumerate(sorted(act.mentions, key=lambda m: m.span)):
                mn = iri.sub(node, "mention", n)
                self.add(node, KG.mention, mn)
                self.add(mn, RDF.type, KG.Mention)
                self.evidence(mn, m.span)

    def issue(self, issue: Issue):
        node = iri.issue(issue.key)
        self.add(node, RDF.type, SKOS.Concept)
        self.add(node, RDF.type, KG.Issue)
        self.add(node, SKOS.inScheme, iri.issue_scheme())
        self.add(node, SKOS.prefLabel, Literal(issue.label, lang="en"))
        for k in issue.keywords:
            self.add(node, KG.keyword, Literal(k))
        for b in issue.broader:
            self.add(node, SKOS.broader, iri.issue(b))
        return node

    def statements(self):
        for n, s in enumerate(self.r.statements):
            node = iri.item(self.a.id, "statement", n)
            self.add(node, RDF.type, KG.Statement)
            self.add(node, KG.speaker, iri.actor(self.a.id, s.speaker))
            if s.addressee:
                self.add(node, KG.addressee, iri.actor(self.a.id, s.addressee))
            self.add(node, KG.actType, iri.act(s.act))
            if s.cameo:
                self.add(node, KG.cameoCode, Literal(s.cameo))
            if s.issue:
                self.add(node, KG.issue, self.issue(s.issue))
            if s.stance:
                self.add(node, KG.stance, iri.stance(s.stance))
            self.add(node, KG.modality, iri.modality(s.modality))
            self.add(node, KG.contentPolarity, iri.polarity(s.negated_content))
            if s.content:
                self.add(node, KG.content, Literal(s.content))
            self.add(node, KG.cue, Literal(s.cue))
            if s.rule:
                self.add(node, KG.rule, Literal(s.rule))
            self.date(node, s.date)
            if s.venue is not None:
                self.add(node, KG.venue, iri.item(self.a.id, "event", s.venue))
            if s.quote is not None:
                self.add(node, KG.quotation, iri.item(self.a.id, "quote", s.quote))
            self.add(node, KG.article, self.doc)
            self.evidence(node, s.span)

    def quotes(self):
        for n, q in enumerate(self.r.quotes):
            node = iri.item(self.a.id, "quote", n)
            self.add(node, RDF.type, KG.Quotation)
            if q.speaker:
                self.add(node, KG.speaker, iri.actor(self.a.id, q.speaker))
            self.add(node, KG.quoteText, Literal(q.text))
            if q.rule:
                self.add(node, KG.rule, Literal(q.rule))
            self.add(node, KG.article, self.doc)
            self.evidence(node, q.span)

    def positions(self):
        for n, p in enumerate(self.r.positions):
            node = iri.item(self.a.id, "position", n)
            self.add(node, RDF.type, KG.PolicyPosition)
            self.add(node, KG.holder, iri.actor(self.a.id, p.holder))
            self.add(node, KG.issue, self.issue(p.issue))
            self.add(node, KG.stance, iri.stance(p.stance))
            for i in p.statements:
                self.add(node, KG.basedOn, iri.item(self.a.id, "statement", i))
            self.add(node, KG.article, self.doc)

    def events(self):
        for n, e in enumerate(self.r.events):
            self.event(n, e)

    def event(self, n: int, e: Event):
        node = iri.item(self.a.id, "event", n)
        self.add(node, RDF.type, KG.DiplomaticEvent)
        self.add(node, RDFS.label, Literal(e.label))
        self.add(node, KG.eventKind, iri.event_kind(e.kind))
        for p in e.participants:
            self.add(node, SEM.hasActor, iri.actor(self.a.id, p))
        if e.location:
            self.add(node, KG.location, Literal(e.location))
        self.date(node, e.date)
        self.add(node, KG.modality, iri.modality(e.modality))
        if e.rule:
            self.add(node, KG.rule, Literal(e.rule))
        self.add(node, KG.article, self.doc)
        self.evidence(node, e.span)


def emit_triples(records: Records, *, version: str, config: dict | None = None) -> list[tuple]:
    """The article's triples (rdflib terms) as a list, without building an rdflib Graph: the
    fast path of ``kg build`` (serialized and validated by Oxigraph / pyshacl-turbo)."""
    e = _Emitter(records, version, config or {})
    e.article()
    e.actors()
    e.quotes()
    e.statements()
    e.positions()
    e.events()
    return e.triples


def emit(records: Records, *, version: str, config: dict | None = None) -> Graph:
    """Build the article's graph (triples only; the writer puts it in its named graph)."""
    g = Graph()
    bind_prefixes(g)
    for t in emit_triples(records, version=version, config=config):
        g.add(t)
    return g

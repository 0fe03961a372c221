"""Records -> RDF triples, following docs/rdf-layout.md. No spaCy here.

Triples are made of N-Triples term strings (kg.rdf.nt): ``emit_triples`` is the fast path of
``kg build`` (serialized by Oxigraph, validated by kg.validate.fast); ``emit`` gives the same
triples as an rdflib Graph for the library API.
"""
from __future__ import annotations

import hashlib
import json

from rdflib import Graph
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.model import Event, Issue, Records, Span, TimeValue
from kg.rdf import iri
from kg.rdf.namespaces import KG, KIND_CLASS, OA, ORG, SCHEMA, SEM, WD, bind_prefixes
from kg.rdf.entail import entail
from kg.rdf.nt import escape, literal, to_rdflib
from kg.slug import slug


def _t(term) -> str:
    return f"<{term}>"


_DATE_TYPES = {"day": str(XSD.date), "month": str(XSD.gYearMonth), "year": str(XSD.gYear)}
_NNI = f"^^<{XSD.nonNegativeInteger}>"
_TRUE = literal("true", str(XSD.boolean))
_KIND_CLASS = {k: _t(v) for k, v in KIND_CLASS.items()}

# the predicates and classes the layout uses, as N-Triples terms
TYPE, LABEL, ALT_LABEL, PREF_LABEL = _t(RDF.type), _t(RDFS.label), _t(SKOS.altLabel), _t(SKOS.prefLabel)
(K_EVIDENCE, K_DATE, K_DATE_PRECISION, K_PUBLISHED_SOURCE, K_CONTENT_HASH, K_TEXT, K_CONFIGURATION,
 K_CONFIGURATION_HASH, K_ACTOR_KIND, K_ARTICLE, K_COUNTRY_CODE, K_WIKIDATA, K_POST, K_AFFILIATION,
 K_ANONYMOUS, K_RULE, K_MENTION, K_MENTION_CLASS, K_ISSUE_CLASS, K_KEYWORD, K_STATEMENT, K_SPEAKER,
 K_ADDRESSEE, K_ACT_TYPE, K_CAMEO, K_ISSUE, K_STANCE, K_MODALITY, K_POLARITY, K_CONTENT, K_CUE,
 K_VENUE, K_QUOTATION_P, K_QUOTATION, K_QUOTE_TEXT, K_POSITION, K_HOLDER, K_BASED_ON, K_EVENT,
 K_EVENT_KIND, K_LOCATION, K_RUN, K_REPORTED_BY) = (_t(x) for x in (
    KG.evidence, KG.date, KG.datePrecision, KG.publishedSource, KG.contentHash, KG.text,
    KG.configuration, KG.configurationHash, KG.actorKind, KG.article, KG.countryCode, KG.wikidata,
    KG.post, KG.affiliation, KG.anonymous, KG.rule, KG.mention, KG.Mention, KG.Issue, KG.keyword,
    KG.Statement, KG.speaker, KG.addressee, KG.actType, KG.cameoCode, KG.issue, KG.stance,
    KG.modality, KG.contentPolarity, KG.content, KG.cue, KG.venue, KG.quotation, KG.Quotation,
    KG.quoteText, KG.PolicyPosition, KG.holder, KG.basedOn, KG.DiplomaticEvent, KG.eventKind,
    KG.location, KG.ExtractionRun, KG.reportedBy))
(OA_RESOURCE, OA_SOURCE, OA_SELECTOR, OA_POSITION, OA_START, OA_END, OA_QUOTE, OA_EXACT) = (_t(x) for x in (
    OA.SpecificResource, OA.hasSource, OA.hasSelector, OA.TextPositionSelector, OA.start, OA.end,
    OA.TextQuoteSelector, OA.exact))
(NEWS_ARTICLE, IDENTIFIER, TITLE, PUBLISHED, PUBLISHER, URL, GENERATED_BY, ACTIVITY, ASSOCIATED,
 USED, SOFTWARE_AGENT, CONCEPT, IN_SCHEME, BROADER, SAME_AS, SUB_ORG, HAS_ACTOR) = (_t(x) for x in (
    SCHEMA.NewsArticle, DCTERMS.identifier, DCTERMS.title, SCHEMA.datePublished, SCHEMA.publisher,
    SCHEMA.url, PROV.wasGeneratedBy, PROV.Activity, PROV.wasAssociatedWith, PROV.used,
    PROV.SoftwareAgent, SKOS.Concept, SKOS.inScheme, SKOS.broader, OWL.sameAs, ORG.subOrganizationOf,
    SEM.hasActor))


HAS_PLACE, SEM_PLACE = _t(SEM.hasPlace), _t(SEM.Place)


def config_json(config: dict) -> str:
    return json.dumps(config, sort_keys=True, separators=(",", ":"))


def _lit(text: str) -> str:
    return '"' + escape(text) + '"'


class _Emitter:
    def __init__(self, records: Records, version: str, config: dict):
        self.r = records
        self.a = records.article
        self.doc = _t(iri.doc(self.a.id))
        self._base = str(iri.doc(self.a.id))    # data IRIs below it: slugs and numbers only
        self.triples: list[tuple] = []   # in emission order, without duplicates
        self._seen: set[tuple] = set()
        self._actors: dict[str, str] = {}
        self.version = version
        self.config = config

    def add(self, s: str, p: str, o: str) -> None:
        t = (s, p, o)
        if t not in self._seen:
            self._seen.add(t)
            self.triples.append(t)

    # ------------------------------------------------------------------ IRIs (as iri.* mints them)
    def actor(self, key: str) -> str:
        node = self._actors.get(key)
        if node is None:
            node = self._actors[key] = _t(iri.actor(self.a.id, key))
        return node

    def item(self, kind: str, n: int) -> str:
        return f"<{self._base}/{kind}/{n}>"     # == iri.item(doc, kind, n): kinds are slugs

    def evidence(self, node: str, span: Span) -> None:
        ev = node[:-1] + "/evidence"
        pos, quote = ev + "/pos>", ev + "/quote>"
        ev += ">"
        add = self.add
        add(node, K_EVIDENCE, ev)
        add(ev, TYPE, OA_RESOURCE)
        add(ev, OA_SOURCE, self.doc)
        add(ev, OA_SELECTOR, pos)
        add(ev, OA_SELECTOR, quote)
        add(pos, TYPE, OA_POSITION)
        add(pos, OA_START, f'"{span.start}"{_NNI}')
        add(pos, OA_END, f'"{span.end}"{_NNI}')
        add(quote, TYPE, OA_QUOTE)
        add(quote, OA_EXACT, _lit(self.a.text[span.start:span.end]))

    def date(self, node: str, t: TimeValue | None) -> None:
        if t is None:
            return
        self.add(node, K_DATE, literal(t.value, _DATE_TYPES[t.precision]))
        self.add(node, K_DATE_PRECISION, _lit(t.precision))

    def article(self):
        a, d, add = self.a, self.doc, self.add
        add(d, TYPE, NEWS_ARTICLE)
        add(d, IDENTIFIER, _lit(a.id))
        if a.title:
            add(d, TITLE, _lit(a.title))
        if a.published:
            add(d, PUBLISHED, literal(a.published.isoformat(), str(XSD.date)))
            add(d, K_PUBLISHED_SOURCE, _lit(a.published_source or "text"))
        if a.publisher:
            add(d, PUBLISHER, _lit(a.publisher))
        if a.url:
            add(d, URL, literal(a.url, str(XSD.anyURI)))
        add(d, K_CONTENT_HASH, _lit(a.content_hash))
        add(d, K_TEXT, _lit(a.text))
        run, sw = _t(iri.run(a.id)), _t(iri.software(self.version))
        add(d, GENERATED_BY, run)
        add(run, TYPE, ACTIVITY)
        add(run, TYPE, K_RUN)
        add(run, ASSOCIATED, sw)
        add(run, USED, d)
        cfg = config_json(self.config)
        add(run, K_CONFIGURATION, _lit(cfg))
        add(run, K_CONFIGURATION_HASH, _lit(hashlib.sha256(cfg.encode()).hexdigest()))
        add(sw, TYPE, SOFTWARE_AGENT)
        add(sw, LABEL, _lit(f"kg {self.version}"))

    def actors(self):
        add = self.add
        for key, act in sorted(self.r.actors.items()):
            node = self.actor(key)
            add(node, TYPE, _KIND_CLASS[act.kind])
            add(node, LABEL, _lit(act.label))
            add(node, K_ACTOR_KIND, _t(iri.actor_kind(act.kind)))
            add(node, K_ARTICLE, self.doc)
            for name in act.names:
                add(node, ALT_LABEL, _lit(name))
            if act.country:
                add(node, K_COUNTRY_CODE, _lit(act.country))
            if act.wikidata:
                add(node, K_WIKIDATA, _lit(act.wikidata))
                add(node, SAME_AS, _t(WD[act.wikidata]))
            if act.post:
                add(node, K_POST, _lit(act.post))
            if act.affiliation and act.affiliation in self.r.actors:
                prop = K_AFFILIATION if act.kind == "person" else SUB_ORG
                add(node, prop, self.actor(act.affiliation))
            if act.anonymous:
                add(node, K_ANONYMOUS, _TRUE)
            if act.rule:
                add(node, K_RULE, _lit(act.rule))
            for n, m in enumerate(sorted(act.mentions, key=lambda m: m.span)):
                mn = f"{node[:-1]}/mention/{n}>"
                add(node, K_MENTION, mn)
                add(mn, TYPE, K_MENTION_CLASS)
                self.evidence(mn, m.span)

    def issue(self, issue: Issue) -> str:
        node = self.concept(issue.key, issue.label)
        add = self.add
        for k in issue.keywords:
            add(node, K_KEYWORD, _lit(k))
        for b in issue.broader:
            add(node, BROADER, self.concept(b, issue.broader_labels[b]) if b in issue.broader_labels
                else _t(iri.issue(b)))
        return node

    def concept(self, key: str, label: str) -> str:
        node = _t(iri.issue(key))
        add = self.add
        add(node, TYPE, CONCEPT)
        add(node, TYPE, K_ISSUE_CLASS)
        add(node, IN_SCHEME, _t(iri.issue_scheme()))
        add(node, PREF_LABEL, literal(label, lang="en"))
        return node

    def statements(self):
        add = self.add
        for n, s in enumerate(self.r.statements):
            node = self.item("statement", n)
            add(node, TYPE, K_STATEMENT)
            add(node, K_SPEAKER, self.actor(s.speaker))
            if s.addressee:
                add(node, K_ADDRESSEE, self.actor(s.addressee))
            add(node, K_ACT_TYPE, _t(iri.act(s.act)))
            if s.cameo:
                add(node, K_CAMEO, _lit(s.cameo))
            if s.issue:
                add(node, K_ISSUE, self.issue(s.issue))
            if s.stance:
                add(node, K_STANCE, _t(iri.stance(s.stance)))
            add(node, K_MODALITY, _t(iri.modality(s.modality)))
            add(node, K_POLARITY, _t(iri.polarity(s.negated_content)))
            if s.content:
                add(node, K_CONTENT, _lit(s.content))
            add(node, K_CUE, _lit(s.cue))
            if s.rule:
                add(node, K_RULE, _lit(s.rule))
            self.date(node, s.date)
            if s.source:
                add(node, K_REPORTED_BY, self.actor(s.source))
            if s.venue is not None:
                add(node, K_VENUE, self.item("event", s.venue))
            if s.quote is not None:
                add(node, K_QUOTATION_P, self.item("quote", s.quote))
            add(node, K_ARTICLE, self.doc)
            self.evidence(node, s.span)

    def quotes(self):
        add = self.add
        for n, q in enumerate(self.r.quotes):
            node = self.item("quote", n)
            add(node, TYPE, K_QUOTATION)
            if q.speaker:
                add(node, K_SPEAKER, self.actor(q.speaker))
            add(node, K_QUOTE_TEXT, _lit(q.text))
            if q.rule:
                add(node, K_RULE, _lit(q.rule))
            add(node, K_ARTICLE, self.doc)
            self.evidence(node, q.span)

    def positions(self):
        add = self.add
        for n, p in enumerate(self.r.positions):
            node = self.item("position", n)
            add(node, TYPE, K_POSITION)
            add(node, K_HOLDER, self.actor(p.holder))
            add(node, K_ISSUE, self.issue(p.issue))
            add(node, K_STANCE, _t(iri.stance(p.stance)))
            for i in p.statements:
                add(node, K_BASED_ON, self.item("statement", i))
            add(node, K_ARTICLE, self.doc)

    def events(self):
        for n, e in enumerate(self.r.events):
            self.event(n, e)

    def event(self, n: int, e: Event):
        add = self.add
        node = self.item("event", n)
        add(node, TYPE, K_EVENT)
        add(node, LABEL, _lit(e.label))
        add(node, K_EVENT_KIND, _t(iri.event_kind(e.kind)))
        if e.act:
            add(node, K_ACT_TYPE, _t(iri.act(e.act)))
        for p in e.participants:
            add(node, HAS_ACTOR, self.actor(p))
        if e.location:
            add(node, K_LOCATION, _lit(e.location))
            self.place(node, e.location)
        self.date(node, e.date)
        add(node, K_MODALITY, _t(iri.modality(e.modality)))
        if e.rule:
            add(node, K_RULE, _lit(e.rule))
        add(node, K_ARTICLE, self.doc)
        self.evidence(node, e.span)


    def place(self, event: str, name: str) -> None:
        """The place of an event as a node (sem:hasPlace), one per name and article."""
        node = self.item("place", slug(name))
        self.add(event, HAS_PLACE, node)
        self.add(node, TYPE, SEM_PLACE)
        self.add(node, LABEL, _lit(name))
        self.add(node, K_ARTICLE, self.doc)


def emit_triples(records: Records, *, version: str, config: dict | None = None) -> list[tuple[str, str, str]]:
    """The article's triples as N-Triples term strings (kg.rdf.nt), in emission order, without
    duplicates, with the standard-vocabulary triples they entail (kg.rdf.entail): the fast
    path of ``kg build`` (no rdflib or Oxigraph object per term)."""
    e = _Emitter(records, version, config or {})
    e.article()
    e.actors()
    e.quotes()
    e.statements()
    e.positions()
    e.events()
    return entail(e.triples)


def emit(records: Records, *, version: str, config: dict | None = None) -> Graph:
    """Build the article's graph as an rdflib Graph (the writer puts it in its named graph)."""
    g = Graph()
    bind_prefixes(g)
    for s, p, o in emit_triples(records, version=version, config=config):
        g.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return g

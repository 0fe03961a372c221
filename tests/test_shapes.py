"""The SHACL shapes, tested by breaking the hand-written valid graph one triple at a time.

Each case removes one triple, adds one, or replaces one (remove + add), and states exactly
which (focus node, source shape) pairs must be reported. Every shape in shapes/*.ttl that
can fire is made to fire by some case. kg's fast engine must give exactly pySHACL's results
(every field), pyshacl-turbo the same (focus node, shape, path); the SPARQL shapes (full=True)
are beyond the fast engine, which says so (Unsupported) and "auto" falls back.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

import kg.validate as kv
from kg.errors import ConfigError, ValidationError
from kg.rdf.namespaces import (ACT, ACTOR_KIND, EVENT_KIND, ID, ISSUE, KG, MODALITY, OA, ORG,
                               SCHEMA, SEM, STANCE)
from kg.resources import repo_path
from kg.validate import format_report, shapes_graph, validate
from kg.validate.fast import Unsupported

FIXTURE = Path(__file__).parent / "fixtures" / "valid_graph.ttl"
KGSH = Namespace(dict(shapes_graph(True).namespaces())["kgsh"])
ENGINES = ("fast", "turbo", "pyshacl")

# --- nodes of the fixture ---------------------------------------------------------------------
ART = ID["doc/un-china-defectors"]


def node(path: str) -> URIRef:
    return URIRef(f"{ART}/{path}")


RUN, SW = node("run"), ID["software/kg/0-1-0"]
CHINA, DARU, UN = node("actor/china"), node("actor/marzuki-darusman"), node("actor/united-nations")
M_CHINA = node("actor/china/mention/0")
ST0, ST1, Q0, P0, E0 = (node(p) for p in ("statement/0", "statement/1", "quote/0", "position/0", "event/0"))
PLACE = node("place/geneva")
TOPIC = ISSUE["forced-repatriation-of-north-korean-defectors"]


def ev(n: URIRef) -> URIRef:
    return URIRef(f"{n}/evidence")


def pos(n: URIRef) -> URIRef:
    return URIRef(f"{n}/evidence/pos")


def quote(n: URIRef) -> URIRef:
    return URIRef(f"{n}/evidence/quote")


def nni(n: int) -> Literal:
    return Literal(n, datatype=XSD.nonNegativeInteger)


# --- the mutation table -----------------------------------------------------------------------

class Case(NamedTuple):
    id: str
    remove: tuple = ()          # at most one (s, p, o) pattern; None is a wildcard; must match 1 triple
    add: tuple = ()             # at most one triple
    expect: frozenset = frozenset()   # {(focus, shape local name)}
    full: bool = False          # also load shapes/kg.sparql-shapes.ttl


def C(id, *, rm=None, add=None, expect=(), full=False):
    return Case(id, (rm,) if rm else (), (add,) if add else (),
                frozenset((f, s) for f, s in expect), full)


CASES = [
    # article
    C("article-closed", add=(ART, KG.speaker, DARU), expect=[(ART, "ArticleShape")]),
    C("article-no-identifier", rm=(ART, DCTERMS.identifier, None), expect=[(ART, "Article-identifier")]),
    C("article-identifier-not-slug", rm=(ART, DCTERMS.identifier, None),
      add=(ART, DCTERMS.identifier, Literal("UN China")), expect=[(ART, "Article-identifier")]),
    C("article-two-titles", add=(ART, DCTERMS.title, Literal("Another title")), expect=[(ART, "Article-title")]),
    C("article-date-not-xsd-date", rm=(ART, SCHEMA.datePublished, None),
      add=(ART, SCHEMA.datePublished, Literal("2012-02-23")), expect=[(ART, "Article-datePublished")]),
    C("article-published-source-unknown", rm=(ART, KG.publishedSource, None),
      add=(ART, KG.publishedSource, Literal("guess")), expect=[(ART, "Article-publishedSource")]),
    C("article-two-publishers", add=(ART, SCHEMA.publisher, Literal("Reuters")), expect=[(ART, "Article-publisher")]),
    C("article-url-plain-string", rm=(ART, SCHEMA.url, None),
      add=(ART, SCHEMA.url, Literal("https://example.org/x")), expect=[(ART, "Article-url")]),
    C("article-bad-content-hash", rm=(ART, KG.contentHash, None),
      add=(ART, KG.contentHash, Literal("ABC")), expect=[(ART, "Article-contentHash")]),
    C("article-no-text", rm=(ART, KG.text, None), expect=[(ART, "Article-text")]),
    C("article-no-run", rm=(ART, PROV.wasGeneratedBy, None), expect=[(ART, "Article-wasGeneratedBy")]),
    # run and software
    C("run-closed", add=(RUN, KG.rule, Literal("x")), expect=[(RUN, "RunShape")]),
    C("run-not-activity", rm=(RUN, RDF.type, PROV.Activity), expect=[(RUN, "Run-type")]),
    C("run-no-software", rm=(RUN, PROV.wasAssociatedWith, None), expect=[(RUN, "Run-wasAssociatedWith")]),
    C("run-used-not-article", rm=(RUN, PROV.used, None), add=(RUN, PROV.used, CHINA),
      expect=[(RUN, "Run-used")]),
    C("run-no-configuration", rm=(RUN, KG.configuration, None), expect=[(RUN, "Run-configuration")]),
    C("run-bad-configuration-hash", rm=(RUN, KG.configurationHash, None),
      add=(RUN, KG.configurationHash, Literal("xyz")), expect=[(RUN, "Run-configurationHash")]),
    C("software-closed", add=(SW, KG.rule, Literal("x")), expect=[(SW, "SoftwareShape")]),
    C("software-no-label", rm=(SW, RDFS.label, None), expect=[(SW, "Software-label")]),
    # evidence and selectors
    C("evidence-closed", add=(ev(ST0), KG.rule, Literal("x")), expect=[(ev(ST0), "EvidenceShape")]),
    C("evidence-no-source", rm=(ev(ST0), OA.hasSource, None), expect=[(ev(ST0), "Evidence-hasSource")]),
    C("evidence-third-selector", add=(ev(ST0), OA.hasSelector, CHINA), expect=[(ev(ST0), "Evidence-selectors")]),
    C("evidence-no-position-selector", rm=(ev(ST0), OA.hasSelector, pos(ST0)),
      expect=[(ev(ST0), "Evidence-positionSelector")]),
    C("evidence-no-quote-selector", rm=(ev(ST0), OA.hasSelector, quote(ST0)),
      expect=[(ev(ST0), "Evidence-quoteSelector")]),
    C("evidence-two-quote-selectors", rm=(ev(ST0), OA.hasSelector, pos(ST0)),
      add=(ev(ST0), OA.hasSelector, quote(ST1)),
      expect=[(ev(ST0), "Evidence-positionSelector"), (ev(ST0), "Evidence-quoteSelector")]),
    C("position-selector-closed", add=(pos(ST0), OA.exact, Literal("x")),
      expect=[(pos(ST0), "PositionSelectorShape")]),
    C("start-is-negative", rm=(pos(ST0), OA.start, None), add=(pos(ST0), OA.start, Literal(-1)),
      expect=[(pos(ST0), "PositionSelector-start")]),
    C("start-is-a-string", rm=(pos(ST0), OA.start, None), add=(pos(ST0), OA.start, Literal("0")),
      expect=[(pos(ST0), "PositionSelector-start"), (pos(ST0), "PositionSelector-order")]),
    C("start-as-store-integer-conforms", rm=(pos(ST0), OA.start, None), add=(pos(ST0), OA.start, Literal(0)),
      expect=[]),
    C("no-end", rm=(pos(ST0), OA.end, None), expect=[(pos(ST0), "PositionSelector-end")]),
    C("start-after-end", rm=(pos(M_CHINA), OA.start, None), add=(pos(M_CHINA), OA.start, nni(95)),
      expect=[(pos(M_CHINA), "PositionSelector-order")]),
    C("quote-selector-closed", add=(quote(ST0), OA.start, nni(0)), expect=[(quote(ST0), "QuoteSelectorShape")]),
    C("quote-selector-no-exact", rm=(quote(ST0), OA.exact, None), expect=[(quote(ST0), "QuoteSelector-exact")]),
    C("blank-node-mention", add=(BNode("b0"), RDF.type, KG.Mention),
      expect=[(BNode("b0"), "MentionShape"), (BNode("b0"), "Mention-evidence")]),
    # actors and mentions
    C("actor-closed", add=(CHINA, KG.holder, DARU), expect=[(CHINA, "ActorShape")]),
    C("actor-without-class", rm=(CHINA, RDF.type, KG.State),
      expect=[(CHINA, "ActorShape"), (ST0, "Statement-addressee")]),
    C("actor-two-labels", add=(CHINA, RDFS.label, Literal("PRC")), expect=[(CHINA, "Actor-label")]),
    C("actor-altlabel-tagged", rm=(DARU, SKOS.altLabel, None),
      add=(DARU, SKOS.altLabel, Literal("the rapporteur", lang="en")), expect=[(DARU, "Actor-altLabel")]),
    C("actor-kind-unknown", rm=(CHINA, KG.actorKind, None), add=(CHINA, KG.actorKind, ACTOR_KIND["country"]),
      expect=[(CHINA, "Actor-actorKind")]),
    C("actor-country-alpha2", rm=(CHINA, KG.countryCode, None), add=(CHINA, KG.countryCode, Literal("CN")),
      expect=[(CHINA, "Actor-countryCode")]),
    C("actor-wikidata-no-q", rm=(CHINA, KG.wikidata, None), add=(CHINA, KG.wikidata, Literal("148")),
      expect=[(CHINA, "Actor-wikidata")]),
    C("actor-sameas-not-wikidata", rm=(CHINA, OWL.sameAs, None), add=(CHINA, OWL.sameAs, ID["x"]),
      expect=[(CHINA, "Actor-sameAs")]),
    C("actor-post-tagged", rm=(DARU, KG.post, None), add=(DARU, KG.post, Literal("rapporteur", lang="en")),
      expect=[(DARU, "Actor-post")]),
    C("actor-affiliation-not-actor", rm=(DARU, KG.affiliation, None), add=(DARU, KG.affiliation, TOPIC),
      expect=[(DARU, "Actor-affiliation")]),
    C("actor-suborganization-not-actor", add=(UN, ORG.subOrganizationOf, TOPIC),
      expect=[(UN, "Actor-subOrganizationOf")]),
    C("actor-anonymous-not-boolean", rm=(UN, KG.anonymous, None), add=(UN, KG.anonymous, Literal("no")),
      expect=[(UN, "Actor-anonymous")]),
    C("actor-two-rules", add=(DARU, KG.rule, Literal("actor.ner")), expect=[(DARU, "Actor-rule")]),
    C("actor-no-article", rm=(CHINA, KG.article, None), expect=[(CHINA, "Actor-article")]),
    C("actor-mention-not-mention", add=(CHINA, KG.mention, ST0), expect=[(CHINA, "Actor-mention")]),
    C("mention-closed", add=(M_CHINA, RDFS.label, Literal("x")), expect=[(M_CHINA, "MentionShape")]),
    C("mention-no-evidence", rm=(M_CHINA, KG.evidence, None), expect=[(M_CHINA, "Mention-evidence")]),
    # issue
    C("issue-closed", add=(TOPIC, SKOS.definition, Literal("x", lang="en")), expect=[(TOPIC, "IssueShape")]),
    C("issue-not-concept", rm=(TOPIC, RDF.type, SKOS.Concept), expect=[(TOPIC, "Issue-type")]),
    C("issue-other-scheme", rm=(TOPIC, SKOS.inScheme, None), add=(TOPIC, SKOS.inScheme, ID["scheme/x"]),
      expect=[(TOPIC, "Issue-inScheme")]),
    C("issue-label-untagged", rm=(TOPIC, SKOS.prefLabel, None), add=(TOPIC, SKOS.prefLabel, Literal("x")),
      expect=[(TOPIC, "Issue-prefLabel")]),
    C("issue-keyword-tagged", rm=(TOPIC, KG.keyword, Literal("deport")),
      add=(TOPIC, KG.keyword, Literal("deport", lang="en")), expect=[(TOPIC, "Issue-keyword")]),
    C("issue-broader-literal", rm=(TOPIC, SKOS.broader, None), add=(TOPIC, SKOS.broader, Literal("refugees")),
      expect=[(TOPIC, "Issue-broader")]),
    # statements
    C("statement-closed", add=(ST0, KG.holder, DARU), expect=[(ST0, "StatementShape")]),
    C("statement-no-speaker", rm=(ST0, KG.speaker, None), expect=[(ST0, "Statement-speaker")]),
    C("statement-speaker-not-actor", rm=(ST0, KG.speaker, None), add=(ST0, KG.speaker, TOPIC),
      expect=[(ST0, "Statement-speaker")]),
    C("statement-two-speakers", add=(ST0, KG.speaker, UN), expect=[(ST0, "Statement-speaker")]),
    C("statement-two-addressees", add=(ST0, KG.addressee, UN), expect=[(ST0, "Statement-addressee")]),
    C("statement-act-not-in-scheme", rm=(ST0, KG.actType, None), add=(ST0, KG.actType, ACT["DEMAND"]),
      expect=[(ST0, "Statement-actType"), (ST0, "StatementCodeShape")]),
    C("statement-no-act", rm=(ST1, KG.actType, None),
      expect=[(ST1, "Statement-actType"), (ST1, "StatementCodeShape")]),
    C("statement-bad-cameo", rm=(ST0, KG.cameoCode, None), add=(ST0, KG.cameoCode, Literal("2a")),
      expect=[(ST0, "Statement-cameoCode"), (ST0, "StatementCodeShape")]),
    C("statement-issue-not-issue", rm=(ST0, KG.issue, None), add=(ST0, KG.issue, CHINA),
      expect=[(ST0, "Statement-issue")]),
    C("statement-stance-unknown", rm=(ST0, KG.stance, None), add=(ST0, KG.stance, STANCE["neutral"]),
      expect=[(ST0, "Statement-stance")]),
    C("statement-no-modality", rm=(ST0, KG.modality, None), expect=[(ST0, "Statement-modality")]),
    C("statement-no-polarity", rm=(ST0, KG.contentPolarity, None), expect=[(ST0, "Statement-contentPolarity")]),
    C("statement-two-contents", add=(ST0, KG.content, Literal("x")), expect=[(ST0, "Statement-content")]),
    C("statement-two-cues", add=(ST0, KG.cue, Literal("call")), expect=[(ST0, "Statement-cue")]),
    C("statement-rule-integer", rm=(ST0, KG.rule, None), add=(ST0, KG.rule, Literal(1)),
      expect=[(ST0, "Statement-rule")]),
    C("statement-date-plain-string", rm=(ST0, KG.date, None), add=(ST0, KG.date, Literal("2012-02-23")),
      expect=[(ST0, "Statement-date")]),
    C("statement-precision-unknown", rm=(ST0, KG.datePrecision, None),
      add=(ST0, KG.datePrecision, Literal("week")), expect=[(ST0, "Statement-datePrecision")]),
    C("statement-venue-not-event", rm=(ST1, KG.venue, None), add=(ST1, KG.venue, CHINA),
      expect=[(ST1, "Statement-venue")]),
    C("statement-quotation-not-quote", rm=(ST1, KG.quotation, None), add=(ST1, KG.quotation, ST0),
      expect=[(ST1, "Statement-quotation")]),
    C("statement-reported-by-issue", add=(ST0, KG.reportedBy, TOPIC), expect=[(ST0, "Statement-reportedBy")]),
    C("valid-reported-by", add=(ST0, KG.reportedBy, DARU)),
    C("statement-code-of-another-act", rm=(ST0, KG.cameoCode, None), add=(ST0, KG.cameoCode, Literal("190")),
      expect=[(ST0, "StatementCodeShape")]),
    C("valid-code-of-the-act", rm=(ST0, KG.cameoCode, None), add=(ST0, KG.cameoCode, Literal("1033"))),
    C("statement-no-article", rm=(ST0, KG.article, None), expect=[(ST0, "Statement-article")]),
    C("statement-no-evidence", rm=(ST0, KG.evidence, None), expect=[(ST0, "Statement-evidence")]),
    # quotation
    C("quotation-closed", add=(Q0, KG.addressee, CHINA), expect=[(Q0, "QuotationShape")]),
    C("quotation-speaker-not-actor", rm=(Q0, KG.speaker, None), add=(Q0, KG.speaker, TOPIC),
      expect=[(Q0, "Quotation-speaker")]),
    C("quotation-no-text", rm=(Q0, KG.quoteText, None), expect=[(Q0, "Quotation-quoteText")]),
    C("quotation-rule-integer", rm=(Q0, KG.rule, None), add=(Q0, KG.rule, Literal(1)),
      expect=[(Q0, "Quotation-rule")]),
    C("quotation-no-article", rm=(Q0, KG.article, None), expect=[(Q0, "Quotation-article")]),
    C("quotation-no-evidence", rm=(Q0, KG.evidence, None), expect=[(Q0, "Quotation-evidence")]),
    # position
    C("position-closed", add=(P0, KG.speaker, DARU), expect=[(P0, "PositionShape")]),
    C("position-no-holder", rm=(P0, KG.holder, None), expect=[(P0, "Position-holder")]),
    C("position-no-issue", rm=(P0, KG.issue, None), expect=[(P0, "Position-issue")]),
    C("position-no-stance", rm=(P0, KG.stance, None), expect=[(P0, "Position-stance")]),
    C("position-not-based-on-anything", rm=(P0, KG.basedOn, None), expect=[(P0, "Position-basedOn")]),
    C("position-based-on-quote", rm=(P0, KG.basedOn, None), add=(P0, KG.basedOn, Q0),
      expect=[(P0, "Position-basedOn")]),
    C("position-no-article", rm=(P0, KG.article, None), expect=[(P0, "Position-article")]),
    # event
    C("event-closed", add=(E0, KG.speaker, DARU), expect=[(E0, "EventShape")]),
    C("event-no-label", rm=(E0, RDFS.label, None), expect=[(E0, "Event-label")]),
    C("event-kind-unknown", rm=(E0, KG.eventKind, None), add=(E0, KG.eventKind, EVENT_KIND["party"]),
      expect=[(E0, "Event-eventKind")]),
    C("event-act-statement", add=(E0, KG.actType, ACT.STATEMENT), expect=[(E0, "Event-actType")]),
    C("valid-event-act", add=(E0, KG.actType, ACT.CONSULT)),
    C("event-participant-not-actor", add=(E0, SEM.hasActor, TOPIC), expect=[(E0, "Event-hasActor")]),
    C("event-two-locations", add=(E0, KG.location, Literal("Bern")), expect=[(E0, "Event-location")]),
    C("event-date-datetime", rm=(E0, KG.date, None),
      add=(E0, KG.date, Literal("2012-02-23T10:00:00", datatype=XSD.dateTime)), expect=[(E0, "Event-date")]),
    C("event-precision-unknown", rm=(E0, KG.datePrecision, None), add=(E0, KG.datePrecision, Literal("hour")),
      expect=[(E0, "Event-datePrecision")]),
    C("event-modality-unknown", rm=(E0, KG.modality, None), add=(E0, KG.modality, MODALITY["certain"]),
      expect=[(E0, "Event-modality")]),
    C("event-two-rules", add=(E0, KG.rule, Literal("x")), expect=[(E0, "Event-rule")]),
    C("event-no-article", rm=(E0, KG.article, None), expect=[(E0, "Event-article")]),
    C("event-no-evidence", rm=(E0, KG.evidence, None), expect=[(E0, "Event-evidence")]),
    C("event-place-not-place", add=(E0, SEM.hasPlace, CHINA), expect=[(E0, "Event-hasPlace")]),
    # place
    C("place-closed", add=(PLACE, KG.speaker, DARU), expect=[(PLACE, "PlaceShape")]),
    C("place-no-label", rm=(PLACE, RDFS.label, None), expect=[(PLACE, "Place-label")]),
    C("place-no-article", rm=(PLACE, KG.article, None), expect=[(PLACE, "Place-article")]),
    # changes that keep the graph valid
    C("valid-gyear-date", rm=(ST1, KG.date, None), add=(ST1, KG.date, Literal("2012", datatype=XSD.gYear))),
    C("valid-other-actor-class", rm=(ST0, KG.speaker, None), add=(ST0, KG.speaker, CHINA)),
    C("valid-more-keywords", add=(TOPIC, KG.keyword, Literal("refoulement"))),
    C("valid-without-standard-copy", rm=(ST0, PROV.wasAttributedTo, None)),   # kg:speaker is checked
    # the SPARQL shapes (full validation only)
    C("sparql-exact-differs", rm=(quote(ST0), OA.exact, None), add=(quote(ST0), OA.exact, Literal("China")),
      expect=[(ev(ST0), "EvidenceTextShape")], full=True),
    C("sparql-end-beyond-text", rm=(pos(E0), OA.end, None), add=(pos(E0), OA.end, nni(999)),
      expect=[(ev(E0), "EvidenceTextShape")], full=True),
]


def test_case_count():
    assert len(CASES) == 118
    assert len({c.id for c in CASES}) == len(CASES)


@lru_cache(maxsize=1)
def fixture() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


def mutated(case: Case) -> Graph:
    g = Graph()
    g += fixture()
    assert len(case.remove) + len(case.add) in (1, 2) and len(case.remove) <= 1 and len(case.add) <= 1
    for pattern in case.remove:
        matches = list(g.triples(pattern))
        assert len(matches) == 1, f"{case.id}: {pattern} matches {len(matches)} triples"
        g.remove(matches[0])
    for triple in case.add:
        assert triple not in g, f"{case.id}: {triple} is already in the fixture"
        g.add(triple)
    return g


def local(shape) -> str:
    return str(shape).removeprefix(str(KGSH))


def fired(report) -> frozenset:
    return frozenset((r.focus, local(r.shape)) for r in report.results)


@lru_cache(maxsize=None)
def run(case_id: str, engine: str):
    case = next(c for c in CASES if c.id == case_id)
    return validate(mutated(case), engine=engine, full=case.full)


# --- (a) the fixture conforms -----------------------------------------------------------------

@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("engine", ENGINES)
def test_fixture_conforms(engine, full):
    if engine == "fast" and full:
        with pytest.raises(Unsupported, match="sparql"):
            validate(fixture(), engine=engine, full=full)
        return
    report = validate(fixture(), engine=engine, full=full)
    assert report.conforms, format_report(report)
    assert report.results == [] and report.engine == engine


# --- (b) each mutation fires exactly the expected shapes ---------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_mutation(case, engine):
    if engine == "fast" and case.full:
        with pytest.raises(Unsupported):
            run(case.id, engine)
        engine = "auto"   # ... which falls back to pyshacl-turbo
    report = run(case.id, engine)
    assert fired(report) == case.expect, format_report(report)
    assert report.conforms == (not case.expect)
    assert all(r.severity == "Violation" and r.message for r in report.results)


# --- (d) the engines agree --------------------------------------------------------------------

def full_results(report) -> Counter:
    """Every field of every result (a multiset: pySHACL may report the same thing twice)."""
    return Counter((r.focus, r.shape, r.path, r.value, r.component, r.severity, r.message) for r in report.results)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_engines_agree(case):
    turbo, py = run(case.id, "turbo"), run(case.id, "pyshacl")
    assert fired(turbo) == fired(py)
    assert {(r.focus, r.shape, r.path) for r in turbo.results} == {(r.focus, r.shape, r.path) for r in py.results}
    if case.full:
        with pytest.raises(Unsupported):
            run(case.id, "fast")
        auto = run(case.id, "auto")
        assert auto.engine == "turbo" and auto.results == turbo.results
        return
    fast = run(case.id, "fast")
    assert fast.engine == "fast" and fast.conforms == py.conforms
    assert full_results(fast) == full_results(py)
    assert [(r.focus, r.shape, r.path, r.value) for r in fast.results] == \
        [(r.focus, r.shape, r.path, r.value) for r in py.results]          # the same order too
    assert kv._results(fast.graph) == fast.results                          # its report graph reads back


# --- coverage: every shape that can fire is made to fire ---------------------------------------

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def declared_shapes(g: Graph) -> set:
    return set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape)) \
        | set(g.objects(None, SH.property))


def firing_shapes(g: Graph) -> set:
    """Targeted node shapes and their property shapes; the rest are helpers."""
    roots = {s for t in TARGETS for s in g.subjects(t, None)}
    return roots | {p for r in roots for p in g.objects(r, SH.property)}


def helper_shapes(g: Graph) -> set:
    """Shapes used only as members of sh:or lists or as sh:qualifiedValueShape, and the
    property shapes of those."""
    out = set(g.objects(None, SH.qualifiedValueShape))
    for lst in g.objects(None, SH["or"]):
        out |= set(g.items(lst))
    return out | {p for h in out for p in g.objects(h, SH.property)}


def all_shapes_graph() -> Graph:
    g = Graph()
    for f in sorted(repo_path("shapes").glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


def test_every_shape_fires_in_some_case():
    g = all_shapes_graph()
    shapes = declared_shapes(g)
    firing = firing_shapes(g)
    assert shapes == firing | helper_shapes(g)
    assert not firing & helper_shapes(g)
    covered = {KGSH[s] for c in CASES for _, s in c.expect}
    assert firing - covered == set(), sorted(local(s) for s in firing - covered)
    assert covered <= firing
    assert len(firing) == 100


def test_every_shape_has_an_iri_and_a_message():
    g = all_shapes_graph()
    for s in declared_shapes(g):
        assert isinstance(s, URIRef) and str(s).startswith(str(KGSH)), s
        assert g.value(s, SH.message) is not None, s
    for c in g.objects(None, SH.sparql):
        assert isinstance(c, URIRef) and g.value(c, SH.message) is not None, c


def test_value_lists_match_the_schemes():
    """Every sh:in over scheme concepts lists exactly the concepts of that scheme."""
    schemes = Graph().parse(repo_path("ontology") / "schemes.ttl", format="turtle")
    g = shapes_graph()
    for shape, cls in [(KGSH["Statement-actType"], KG.ActType), (KGSH["Statement-modality"], KG.Modality),
                       (KGSH["Statement-stance"], KG.Stance), (KGSH["Statement-contentPolarity"], KG.Polarity),
                       (KGSH["Actor-actorKind"], KG.ActorKind), (KGSH["Event-eventKind"], KG.EventKind),
                       (KGSH["Event-modality"], KG.Modality), (KGSH["Position-stance"], KG.Stance)]:
        listed = set(g.items(g.value(shape, SH["in"])))
        assert listed == set(schemes.subjects(RDF.type, cls)), local(shape)


# --- the validate() API ------------------------------------------------------------------------

def test_unknown_engine_is_a_config_error():
    with pytest.raises(ConfigError, match="valid: auto, fast, turbo, pyshacl"):
        validate(fixture(), engine="jena")


def test_auto_uses_fast_and_reads_files_and_datasets():
    assert validate(FIXTURE).engine == "fast"
    assert validate(FIXTURE, full=True).engine == "turbo"   # the SPARQL shapes are beyond the fast engine
    ds = Dataset()
    ds.graph(ID["graph/un-china-defectors"]).__iadd__(mutated(CASES[1]))
    report = validate(ds, engine="pyshacl")
    assert fired(report) == CASES[1].expect


def test_broken_validator_raises(monkeypatch):
    """pySHACL returns (False, <exception>, text) when it fails: that is not a report."""
    def failing(data, full):
        return False, RuntimeError("boom"), "Validation Failure - boom"
    monkeypatch.setitem(kv._RUNNERS, "pyshacl", failing)
    with pytest.raises(ValidationError, match="boom"):
        validate(fixture(), engine="pyshacl")


def test_inconsistent_report_raises(monkeypatch):
    monkeypatch.setitem(kv._RUNNERS, "pyshacl", lambda data, full: (False, Graph(), ""))
    with pytest.raises(ValidationError):
        validate(fixture(), engine="pyshacl")


def test_auto_falls_back_to_pyshacl(monkeypatch):
    def crash(data, full):
        raise RuntimeError("native crash")
    monkeypatch.setitem(kv._RUNNERS, "turbo", crash)
    assert validate(fixture(), full=True).engine == "pyshacl"
    with pytest.raises(ValidationError, match="native crash"):
        validate(fixture(), engine="turbo")


def test_auto_falls_back_when_the_fast_engine_fails(monkeypatch):
    class Broken:
        def validate(self, triples, graph=None):
            raise KeyError("bug")
    monkeypatch.setattr(kv, "_fast_program", lambda full: Broken())
    with pytest.raises(ValidationError, match="fast failed: KeyError"):
        validate(fixture(), engine="fast")
    assert validate(fixture()).engine == "turbo"


@pytest.mark.parametrize("engine", ENGINES)
def test_broken_shapes_raise(monkeypatch, tmp_path, engine):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<urn:s> a sh:NodeShape ; sh:class .\n")
    monkeypatch.setattr(kv, "shape_files", lambda full=False: [bad])
    kv.shapes_graph.cache_clear()
    kv._turbo_program.cache_clear()
    kv._fast_compiled.cache_clear()
    try:
        with pytest.raises(ValidationError):
            validate(fixture(), engine=engine)
        # parses, but sh:minCount is not an integer: a malformed shape, not a violation
        bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                       "<urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:property <urn:p> .\n"
                       "<urn:p> sh:path <urn:q> ; sh:minCount \"one\" .\n")
        kv.shapes_graph.cache_clear()
        kv._turbo_program.cache_clear()
        kv._fast_compiled.cache_clear()
        g = Graph()
        g.add((URIRef("urn:x"), RDF.type, URIRef("urn:C")))
        with pytest.raises(ValidationError):
            validate(g, engine=engine)
    finally:
        kv.shapes_graph.cache_clear()
        kv._turbo_program.cache_clear()
        kv._fast_compiled.cache_clear()


def test_format_report():
    assert format_report(run("statement-no-speaker", "turbo")).splitlines()[1].startswith(
        f"Violation: <{ST0}>  kg:speaker  [kgsh:Statement-speaker]")
    assert format_report(validate(fixture())) == "Conforms: yes (fast)"
    assert format_report(run("statement-no-speaker", "fast")) == format_report(run("statement-no-speaker", "pyshacl")) \
        .replace("(pyshacl)", "(fast)")

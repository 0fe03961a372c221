"""The embedded store (pyoxigraph on disk) and the exports.

Loading puts each article in its named graph and replaces it as a whole: loading again leaves
the store unchanged. Exports round-trip isomorphically in every format, keep the named graphs
in TriG, N-Quads and JSON-LD, are deterministic, written atomically, and never fetch anything.
"""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from _kgcli import kg
from kg.errors import ConfigError, GraphReadError, StoreError
from kg.export import FORMATS, collect_quads, export, serialize
from kg.rdf import vocabulary
from kg.rdf.namespaces import ID
from kg.store.embedded import EmbeddedStore
from kg.store.graphs import expand_inputs, read_named_graphs

FIXTURES = Path(__file__).parent / "fixtures" / "queries"
A_TTL, B_TTL = FIXTURES / "un-china-defectors.ttl", FIXTURES / "seoul-urges-beijing.ttl"
GRAPH_A, GRAPH_B = f"{ID}graph/un-china-defectors", f"{ID}graph/seoul-urges-beijing"
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld", "rdf": "xml",
                 "n3": "n3"}


def dump(store: EmbeddedStore) -> list[str]:
    return sorted(str(q) for q in store.quads())


def reference() -> Dataset:
    """The two articles in the store layout: their facts in their graphs, the issue concept and
    software agent they refer to in the extracted-vocabulary graph (kg.rdf.vocabulary)."""
    ds = Dataset()
    for path, name in ((A_TTL, GRAPH_A), (B_TTL, GRAPH_B)):
        g = Graph().parse(path, format="turtle")
        for t in g:
            ds.graph(vocabulary.EXTRACTED if vocabulary.is_shared(str(t[0])) else name).add(t)
    return ds


def schemes_quads() -> list:
    return [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(vocabulary.SCHEMES))
            for t in vocabulary.schemes_triples()]


# ---------------------------------------------------------------- reading graph files


def shared_count(*paths) -> int:
    """Distinct triples of the extracted-vocabulary graph the files bring."""
    return len({t for p in paths for g in read_named_graphs(p) if g.name.value == vocabulary.EXTRACTED
                for t in g.triples})


SCHEMES = len(vocabulary.schemes_triples())
VOCABULARY = [vocabulary.EXTRACTED, vocabulary.SCHEMES]


def test_turtle_is_named_after_its_article():
    """The article's facts go to its graph, the issue concept and the software agent it refers
    to (kg.rdf.vocabulary) to the extracted-vocabulary graph."""
    g, shared = read_named_graphs(A_TTL)
    assert g.name.value == GRAPH_A and len(g) == 163
    assert shared.name.value == vocabulary.EXTRACTED and len(shared) == 172 - 163
    assert all(vocabulary.is_shared(t.subject.value) for t in shared.triples)
    assert not any(vocabulary.is_shared(t.subject.value) for t in g.triples)


def test_trig_keeps_its_graph_names(tmp_path):
    path = tmp_path / "corpus.trig"
    export(collect_quads([FIXTURES]), "trig", path)
    assert sorted(g.name.value for g in read_named_graphs(path)) == sorted([GRAPH_A, GRAPH_B, vocabulary.EXTRACTED])


def test_folder_reads_one_file_per_article(tmp_path):
    for p in (A_TTL, B_TTL):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    export(collect_quads([A_TTL]), "trig", tmp_path / "un-china-defectors.trig")
    (tmp_path / "notes.txt").write_text("not a graph")
    (tmp_path / ".hidden.ttl").write_text("broken")
    assert [p.name for p in expand_inputs([tmp_path])] == ["seoul-urges-beijing.ttl",
                                                          "un-china-defectors.trig"]


@pytest.mark.parametrize("text,match", [
    ("<http://a> <http://b> <http://c> .", "no article"),
    ("<http://a> <http://b> \"unterminated .", "not valid"),
    ("<http://a b> <http://b> <http://c> .", "not valid"),
])
def test_unnameable_or_invalid_files_are_refused(tmp_path, text, match):
    path = tmp_path / "x.ttl"
    path.write_text(text)
    with pytest.raises(GraphReadError, match=match):
        read_named_graphs(path)


def test_two_articles_in_one_turtle_file_are_refused(tmp_path):
    path = tmp_path / "both.ttl"
    path.write_bytes(A_TTL.read_bytes() + b"\n" + B_TTL.read_bytes().replace(b"@base", b"@base", 1))
    with pytest.raises(GraphReadError, match="2 articles"):
        read_named_graphs(path)


def test_jsonld_with_a_remote_context_is_refused_without_fetching(tmp_path):
    path = tmp_path / "x.jsonld"
    path.write_text(json.dumps({"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://a"}))
    with pytest.raises(GraphReadError):
        read_named_graphs(path)


# ---------------------------------------------------------------- loading


def test_load_and_reload_leaves_the_store_unchanged(tmp_path):
    with EmbeddedStore(tmp_path / "s") as store:
        report = store.load([FIXTURES])
        assert report.ok and [g.graph for g in report.graphs] == [GRAPH_B, GRAPH_A] + VOCABULARY
        assert store.graph_names() == sorted([GRAPH_A, GRAPH_B] + VOCABULARY)
        assert store.quad_count() == 163 + 216 + shared_count(A_TTL, B_TTL) + SCHEMES
        before = dump(store)
        assert store.load([FIXTURES]).ok
        assert store.load([A_TTL, B_TTL]).ok
        assert dump(store) == before


def test_reload_replaces_the_graph(tmp_path):
    smaller = tmp_path / "un-china-defectors.ttl"
    smaller.write_text(A_TTL.read_text().split("# --- the event")[0])
    with EmbeddedStore(tmp_path / "s") as store:
        store.load([A_TTL, B_TTL])
        store.load([smaller])
        assert store.graph_size(GRAPH_A) == len(read_named_graphs(smaller)[0]) < 172
        assert store.graph_size(GRAPH_B) == 216


def test_store_survives_reopening(tmp_path):
    with EmbeddedStore(tmp_path / "s") as store:
        store.load([FIXTURES])
        before = dump(store)
    with EmbeddedStore(tmp_path / "s", create=False) as store:
        assert dump(store) == before


def test_a_bad_file_does_not_stop_the_others(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://a> <http://b> \"unterminated .")
    with EmbeddedStore(tmp_path / "s") as store:
        report = store.load([A_TTL, bad, B_TTL])
        assert [g.status for g in report.graphs] == ["loaded", "invalid", "loaded", "loaded", "loaded"]
        assert "not valid" in report.graphs[1].error
        assert store.quad_count() == 163 + 216 + shared_count(A_TTL, B_TTL) + SCHEMES


def test_locked_store_is_a_clear_error(tmp_path):
    with EmbeddedStore(tmp_path / "s"):
        with pytest.raises(StoreError, match="locked"):
            EmbeddedStore(tmp_path / "s")


def test_store_folder_must_hold_a_store(tmp_path):
    with pytest.raises(ConfigError, match="no store here"):
        EmbeddedStore(tmp_path / "missing", create=False)
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "a.ttl").write_text("")
    with pytest.raises(ConfigError, match="no store"):
        EmbeddedStore(tmp_path / "output")


# ---------------------------------------------------------------- exports


@pytest.fixture(scope="module")
def quads():
    return collect_quads([FIXTURES])


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_round_trips_isomorphically(fmt, quads, no_network):
    data = serialize(quads, fmt).decode("utf-8")
    ref = reference()
    if fmt in ("nq", "trig", "jsonld"):
        back = Dataset()
        back.parse(data=data, format=RDFLIB_FORMAT[fmt])
        graphs = {str(g.identifier): g for g in back.graphs() if len(g)}
        assert sorted(graphs) == sorted([GRAPH_A, GRAPH_B, vocabulary.EXTRACTED])
        for name in (GRAPH_A, GRAPH_B, vocabulary.EXTRACTED):
            assert isomorphic(graphs[name], ref.graph(name)), name
    else:
        merged = Graph()
        for s, p, o, _ in ref.quads():
            merged.add((s, p, o))
        assert isomorphic(Graph().parse(data=data, format=RDFLIB_FORMAT[fmt]), merged)
    if fmt != "jsonld":   # Oxigraph reads them back too
        back = list(ox.parse(data.encode(), format=FORMATS[fmt]))
        assert len(back) == (len(quads) if fmt in ("nq", "trig") else len({q.triple for q in quads}))
    assert no_network == []


def test_jsonld_context_is_inline(quads):
    doc = json.loads(serialize(quads, "jsonld"))
    assert isinstance(doc["@context"], dict) and doc["@context"]["kg"].startswith("https://")
    assert all(isinstance(v, str) for v in doc["@context"].values())


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_is_deterministic(fmt, quads):
    assert serialize(quads, fmt) == serialize(list(reversed(quads)), fmt)


XSD_NS = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {XSD_NS + t for t in ("nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
                                     "negativeInteger", "long", "int", "short", "byte",
                                     "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}


def as_oxigraph_stores(quads):
    """Oxigraph (0.5.13) keeps numbers by value: a literal of a type derived from xsd:integer
    comes back as xsd:integer (oa:start "12"^^xsd:nonNegativeInteger -> "12"^^xsd:integer)."""
    out = []
    for q in quads:
        o = q.object
        if isinstance(o, ox.Literal) and o.datatype.value in INTEGER_TYPES:
            o = ox.Literal(str(int(o.value)), datatype=ox.NamedNode(XSD_NS + "integer"))
        out.append(ox.Quad(q.subject, q.predicate, o, q.graph_name))
    return sorted(out, key=str)


def test_export_of_a_store_equals_export_of_its_files(tmp_path, quads):
    with EmbeddedStore(tmp_path / "s") as store:
        store.load([FIXTURES])
        from_store = collect_quads(store=store)
    assert serialize(from_store, "nq") == serialize(as_oxigraph_stores(quads + schemes_quads()), "nq")
    # documents the one difference, so that a change of Oxigraph's behaviour is noticed
    assert serialize(from_store, "nq") != serialize(quads + schemes_quads(), "nq")


def test_export_writes_atomically(tmp_path, quads):
    out = tmp_path / "corpus.trig"
    out.write_text("old")
    assert export(quads, "trig", out) == len(quads)
    assert out.read_bytes() == serialize(quads, "trig")
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.trig"]


def test_unknown_format_is_refused(quads):
    with pytest.raises(ConfigError, match="use one of"):
        serialize(quads, "rdfxml")


# ---------------------------------------------------------------- command line


def test_cli_load_store(tmp_path, capsys):
    report = tmp_path / "load.json"
    assert kg("load", FIXTURES, "--store", tmp_path / "s", "--report", report) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 5 and out[0].startswith("loaded ") and "4 loaded" in out[-1]
    data = json.loads(report.read_text())
    assert data["counts"] == {"loaded": 4}
    assert {g["graph"] for g in data["graphs"]} == {GRAPH_A, GRAPH_B, *VOCABULARY}


def test_cli_load_bad_file_exit_2_others_loaded(tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix broken")
    assert kg("load", A_TTL, bad, B_TTL, "--store", tmp_path / "s") == 2
    out = capsys.readouterr().out
    assert "invalid" in out and "4 loaded, 1 invalid" in out


def test_cli_load_needs_a_target(tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        kg("load", FIXTURES)
    assert e.value.code == 2


def test_cli_query_locked_store_exit_4(tmp_path, capsys):
    with EmbeddedStore(tmp_path / "s") as store:
        store.load([FIXTURES])
        assert kg("query", "summary", "--store", tmp_path / "s") == 4
        assert "locked" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_cli_export(tmp_path, fmt, capsys, quads):
    out = tmp_path / f"corpus.{fmt}"
    assert kg("export", FIXTURES, "--out", out) == 0
    assert out.read_bytes() == serialize(quads, fmt)
    assert kg("load", FIXTURES, "--store", tmp_path / "s") == 0
    assert kg("export", "--store", tmp_path / "s", "--out", tmp_path / "x", "--format", fmt) == 0
    assert (tmp_path / "x").read_bytes() == serialize(as_oxigraph_stores(quads + schemes_quads()), fmt)


def test_cli_export_unwritable_exit_5(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert kg("export", FIXTURES, "--out", blocker / "sub" / "corpus.trig") == 5


def test_cli_export_bad_input_exit_2(tmp_path, capsys):
    assert kg("export", tmp_path / "missing.ttl", "--out", tmp_path / "x.trig") == 2
    assert kg("export", FIXTURES, "--out", tmp_path / "x.unknown") == 2


def test_export_takes_rdflib_graphs_and_datasets(tmp_path):
    ds = reference()
    assert export(ds, tmp_path / "corpus.trig") == 163 + 216 + shared_count(A_TTL, B_TTL)
    assert sorted(g.name.value for g in read_named_graphs(tmp_path / "corpus.trig")) == \
        sorted([GRAPH_A, GRAPH_B, vocabulary.EXTRACTED])
    g = Graph().parse(A_TTL)
    assert export(g, tmp_path / "a.jsonld") == 172
    assert isomorphic(Graph().parse(tmp_path / "a.jsonld", format="json-ld"), g)


def test_an_article_read_back_has_the_shared_triples_it_refers_to(tmp_path):
    """validate and records read an article with the issues it names, their broader issues
    and the software agent (kg.rdf.vocabulary.referred), wherever the graphs come from; other
    articles' issues stay out."""
    import pyoxigraph as ox

    from kg.store.source import GraphSource, StoreSource

    def issue(slug):
        return ox.NamedNode(f"https://w3id.org/kg-diplomacy/scheme/issue/{slug}")

    skos = "http://www.w3.org/2004/02/skos/core#"
    label, broader = ox.NamedNode(skos + "prefLabel"), ox.NamedNode(skos + "broader")
    shared = [ox.Triple(issue("a"), label, ox.Literal("a")), ox.Triple(issue("a"), broader, issue("b")),
              ox.Triple(issue("b"), label, ox.Literal("b")), ox.Triple(issue("c"), label, ox.Literal("c"))]
    fact = ox.Triple(ox.NamedNode("https://w3id.org/kg-diplomacy/id/doc/x/statement/0"),
                     ox.NamedNode("https://w3id.org/kg-diplomacy/ontology#issue"), issue("a"))
    assert sorted(map(str, vocabulary.referred([fact], vocabulary.by_subject(shared)))) == \
        sorted(map(str, shared[:3]))
    # the files as kg build writes them, a store they were loaded into: the same documents
    # (Oxigraph stores xsd:nonNegativeInteger values as xsd:integer)
    def text(g):
        return sorted(str(t).replace("XMLSchema#nonNegativeInteger", "XMLSchema#integer") for t in g.triples)

    from_files = {str(g.name): text(g) for g in GraphSource([FIXTURES]).documents()}
    with EmbeddedStore(tmp_path / "s") as s:
        assert s.load([FIXTURES]).ok
    with StoreSource(tmp_path / "s") as src:
        from_store = {str(g.name): text(g) for g in src.documents()}
    assert from_files == from_store and len(from_files) == 2
    assert all(any("/scheme/issue/" in t.split(" ")[0] for t in ts) for ts in from_files.values())

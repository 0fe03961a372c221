"""Graphs written by kg parse back to the same graph; building is deterministic; documents
do not share data IRIs.

Graphs are compared as graphs (rdflib.compare.isomorphic), never as text, except for the
determinism check, which compares sorted N-Triples/N-Quads lines byte for byte.
"""
from __future__ import annotations

import importlib
import os

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from conftest import SEED_ID, run_kg
from kg.rdf import vocabulary
from kg.rdf.io import read_graph, serialize, write_document
from kg.rdf.namespaces import ID, KG

pytestmark = pytest.mark.slow

# Written for this test: straight double quotes inside a name and a quotation, a run of three
# double quotes (the Turtle long-string delimiter), backslashes (also before 'n' and '"'),
# a newline inside a quotation, and emoji (astral plane).
AWKWARD = (
    'Turkish Foreign Minister Ahmet "The Wall" Davutoglu said Ankara rejected the plan.\n'
    '"We reject the so-called """final""" offer \\ C:\\temp\\new 🙂\n'
    'from Athens," Davutoglu said.\n'
    'Greece\'s Foreign Ministry said the "Olive 🌿 Branch\\" talks would resume next Monday.\n'
)
AWKWARD_ID = "awkward-strings"


def diff(a: Graph, b: Graph) -> str:
    _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
    la = sorted(only_a.serialize(format="nt").splitlines())[:5]
    lb = sorted(only_b.serialize(format="nt").splitlines())[:5]
    return f"only in first: {la}\nonly in second: {lb}"


def merged(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads():
        g.add((s, p, o))
    return g


# ----------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def seed_result(pipeline, seed_path, tmp_path_factory):
    """The seed built by Pipeline.build (the library behind `kg build`): result + files."""
    out = tmp_path_factory.mktemp("rt-seed")
    results = list(pipeline.build([str(seed_path)], out))
    assert len(results) == 1 and hasattr(results[0], "graph"), results
    return results[0]


# Names added to the extracted records before emitting, so that awkward names reach the graph
# whatever the extractor makes of the text above.
AWKWARD_NAMES = ['Ahmet "The Wall" Davutoglu', 'the """Olive""" group', "back\\slash \\n \\\"",
                 "line one\nline two", "🙂 smiling 🌿 branch", "tab\there", "ends with a quote\""]


@pytest.fixture(scope="module")
def awkward_result(pipeline, tmp_path_factory):
    """Pipeline.process_text on AWKWARD, awkward names added to its actors, emitted again by
    kg.rdf.emit and written by kg.rdf.io.write_document."""
    from kg import __version__
    from kg.rdf.emit import emit
    from kg.validate import validate

    r = pipeline.process_text(AWKWARD, doc_id=AWKWARD_ID, published="2012-02-23")
    actors = list(r.records.actors.values())
    assert actors
    for i, name in enumerate(AWKWARD_NAMES):
        actors[i % len(actors)].names.append(name)
    r.graph = emit(r.records, version=__version__, config=pipeline.config)
    r.report = validate(r.graph)
    out = tmp_path_factory.mktemp("rt-awkward")
    r.paths = write_document(r.graph, AWKWARD_ID, out)
    return r


@pytest.fixture(params=["seed", "awkward"])
def result(request, seed_result, awkward_result):
    return {"seed": seed_result, "awkward": awkward_result}[request.param]


# ----------------------------------------------------------------------------- the awkward text
def test_awkward_strings_reach_the_graph(awkward_result):
    """The test is only meaningful if the awkward characters are in literals of the graph."""
    r = awkward_result
    assert r.conforms, r.report
    literals = {str(o) for o in r.graph.objects() if isinstance(o, Literal)}
    for name in AWKWARD_NAMES:
        assert name in literals, name
    assert AWKWARD in literals                        # kg:text, with its newlines
    quotes = [str(o) for o in r.graph.objects(None, KG.quoteText)]
    assert any("\\" in q for q in quotes), quotes     # from extraction, not added
    assert any("🙂" in q for q in quotes), quotes
    assert any("\n" in q for q in quotes), quotes


# ----------------------------------------------------------------------------- Turtle, TriG
def test_turtle_file_parses_back_isomorphic(result):
    ttl = [p for p in result.paths if p.suffix == ".ttl"][0]
    g = Graph().parse(ttl, format="turtle")
    assert len(g) == len(result.graph)
    assert isomorphic(g, result.graph), diff(g, result.graph)
    assert isomorphic(read_graph(ttl), result.graph)


def test_trig_file_parses_back_isomorphic_in_its_named_graph(result):
    trig = [p for p in result.paths if p.suffix == ".trig"][0]
    ds = Dataset()
    ds.parse(trig, format="trig")
    doc_id = result.article.id
    name = URIRef(f"{ID}graph/{doc_id}")
    named = ds.graph(name)
    own = Graph()
    for t in result.graph:
        if not vocabulary.is_shared(str(t[0])):
            own.add(t)
    assert len(named) == len(own)
    assert isomorphic(named, own), diff(named, own)
    # the rest (the issue concepts and software agent) in the extracted-vocabulary graph
    assert len(ds.graph(URIRef(vocabulary.EXTRACTED))) == len(result.graph) - len(own) > 0
    assert len(merged(ds)) == len(result.graph)
    assert isomorphic(read_graph(trig), result.graph)


@pytest.mark.parametrize("fmt", ["nt", "nquads", "json-ld"])
def test_other_serializations_parse_back_isomorphic(result, fmt):
    """N-Triples / N-Quads / JSON-LD as kg serializes them (kg.rdf.io.serialize)."""
    data = serialize(result.graph, fmt, result.article.id)
    if fmt == "nquads":
        ds = Dataset()
        ds.parse(data=data, format=fmt)
        g = merged(ds)
    else:
        g = Graph().parse(data=data, format=fmt)
    assert isomorphic(g, result.graph), diff(g, result.graph)


@pytest.mark.parametrize("fmt", ["nt", "json-ld"])
def test_kg_export_if_present(result, fmt, tmp_path):
    """A dedicated export module is optional (ARCHITECTURE.md mentions *.jsonld output)."""
    try:
        export = importlib.import_module("kg.export")
    except ModuleNotFoundError:
        pytest.skip("kg.export does not exist")
    fn = getattr(export, "export", None) or getattr(export, "write", None)
    if fn is None:
        pytest.skip("kg.export has no export()/write() function")
    path = tmp_path / f"out.{ 'nt' if fmt == 'nt' else 'jsonld'}"
    fn(result.graph, path)
    g = Graph().parse(path, format=fmt)
    assert isomorphic(g, result.graph), diff(g, result.graph)


# ----------------------------------------------------------------------------- determinism
def sorted_lines(graph: Graph, fmt: str, doc_id: str) -> list[bytes]:
    return sorted(serialize(graph, fmt, doc_id).splitlines())


@pytest.mark.parametrize("text_kind", ["seed", "awkward"])
def test_same_input_twice_same_graph(pipeline, seed_path, text_kind):
    text = seed_path.read_text(encoding="utf-8") if text_kind == "seed" else AWKWARD
    a = pipeline.process_text(text, doc_id="twice", published="2012-02-23")
    b = pipeline.process_text(text, doc_id="twice", published="2012-02-23")
    assert isomorphic(a.graph, b.graph), diff(a.graph, b.graph)
    assert sorted_lines(a.graph, "nt", "twice") == sorted_lines(b.graph, "nt", "twice")
    assert sorted_lines(a.graph, "nquads", "twice") == sorted_lines(b.graph, "nquads", "twice")


def test_build_deterministic_across_processes(tmp_path, seed_path, pipeline):
    """`kg build` in a subprocess with another hash seed writes the same graphs as
    Pipeline.build in this process: same sorted N-Triples/N-Quads lines, same bytes."""
    src = tmp_path / "in"
    src.mkdir()
    (src / seed_path.name).write_bytes(seed_path.read_bytes())
    (src / f"{AWKWARD_ID}.txt").write_text(AWKWARD, encoding="utf-8")
    here, there = tmp_path / "here", tmp_path / "there"
    built = list(pipeline.build([str(src)], here))
    assert len(built) == 2 and all(hasattr(b, "graph") for b in built), built
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    p = run_kg("build", src, "--out", there, env={"PYTHONHASHSEED": seed})
    assert p.returncode == 0, p.stderr
    for doc_id in (SEED_ID, AWKWARD_ID):
        nq = []
        for out in (here, there):
            ds = Dataset()
            ds.parse(out / f"{doc_id}.trig", format="trig")
            nq.append(sorted(ds.serialize(format="nquads", encoding="utf-8").splitlines()))
        assert nq[0] and nq[0] == nq[1], doc_id
        nt = [sorted(Graph().parse(out / f"{doc_id}.ttl").serialize(format="nt", encoding="utf-8").splitlines())
              for out in (here, there)]
        assert nt[0] and nt[0] == nt[1], doc_id
        for ext in ("ttl", "trig"):
            assert (here / f"{doc_id}.{ext}").read_bytes() == (there / f"{doc_id}.{ext}").read_bytes()


# ----------------------------------------------------------------------------- IRIs per document
def data_iris(graph: Graph) -> set[URIRef]:
    return {t for triple in graph for t in triple
            if isinstance(t, URIRef) and str(t).startswith(str(ID))}


SHARED = (f"{ID}software/", f"{ID}scheme/")


@pytest.mark.parametrize("text_kind", ["seed", "awkward"])
def test_same_text_two_doc_ids_disjoint_data_iris(pipeline, seed_path, text_kind):
    text = seed_path.read_text(encoding="utf-8") if text_kind == "seed" else AWKWARD
    a = pipeline.process_text(text, doc_id="copy-one", published="2012-02-23")
    b = pipeline.process_text(text, doc_id="copy-two", published="2012-02-23")
    ia = {i for i in data_iris(a.graph) if not str(i).startswith(SHARED)}
    ib = {i for i in data_iris(b.graph) if not str(i).startswith(SHARED)}
    assert ia and ib
    assert not (ia & ib), sorted(ia & ib)[:5]
    assert all(str(i).startswith(f"{ID}doc/copy-one") for i in ia), sorted(ia)[:5]
    assert all(str(i).startswith(f"{ID}doc/copy-two") for i in ib), sorted(ib)[:5]
    # same number of statements, actors, … : only the IRIs differ
    assert len(a.graph) == len(b.graph)

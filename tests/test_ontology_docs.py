"""docs/ontology/ (the HTML reference of ontology/) is current: regenerated into a temporary
folder by scripts/gen_docs.py, it must equal the checked-in pages, and generating fetches nothing.

When this fails after a change to ontology/: run `python scripts/gen_docs.py` and commit docs/.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent


def gen_docs():
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_checked_in_docs_are_current(no_network):
    stale = gen_docs().stale()
    assert stale == [], f"run `python scripts/gen_docs.py`: {stale} out of date"
    assert no_network == [], "generating the docs must not use the network"


def test_docs_cover_every_term_and_scheme():
    from rdflib import Graph
    from rdflib.namespace import RDF, SKOS

    from kg.rdf.namespaces import KG

    kg_html = (ROOT / "docs" / "ontology" / "kg.html").read_text(encoding="utf-8")
    missing = [t for t in KG.__annotations__ if str(KG[t]) not in kg_html]
    assert not missing, missing
    schemes = Graph().parse(ROOT / "ontology" / "schemes.ttl")
    page = (ROOT / "docs" / "ontology" / "schemes.html").read_text(encoding="utf-8")
    concepts = list(schemes.subjects(SKOS.inScheme, None))
    assert len(concepts) > 40
    for c in concepts:
        assert f">{str(c).rstrip('/').rsplit('/', 1)[-1]}</code>" in page, c
    assert all(str(s) in page for s in schemes.subjects(RDF.type, SKOS.ConceptScheme))


def test_check_mode_reports_stale_docs(tmp_path):
    module = gen_docs()
    module.generate(tmp_path)
    assert module.stale(tmp_path) == []
    (tmp_path / "schemes.html").write_text("old", encoding="utf-8")
    (tmp_path / "kg.html").unlink()
    assert module.stale(tmp_path) == ["kg.html", "schemes.html"]

"""Input that hangs or crashes (RELIABILITY.md P2, I2, R1): a FIFO, socket or device among the
inputs is skipped with a quarantine line (it would block `kg build` forever); lone surrogates
(a JSON `\\udc80` escape, a file name that is not UTF-8) are replaced at ingest, so every
writer can write the graph; arbitrary text round-trips through every writer."""
from __future__ import annotations

import json
import os
import socket
import subprocess
from pathlib import Path

import pytest
import pyoxigraph as ox
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from conftest import SEED, run_kg
from kg.errors import EmptyInput

pytestmark = pytest.mark.slow
SENTENCE = "Seoul urged Beijing to stop the forced repatriation of defectors.\n"


def _folder_with_specials(tmp_path: Path) -> Path:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(SENTENCE)
    os.mkfifo(inputs / "b.txt")                     # a writer never comes
    os.mkfifo(inputs / "c.jsonl")
    os.symlink("/dev/zero", inputs / "d.txt")       # never ends
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(inputs / "e.html"))
    sock.close()
    return inputs


def test_fifo_socket_and_device_are_skipped_with_a_quarantine_line(tmp_path):
    inputs = _folder_with_specials(tmp_path)
    out = tmp_path / "out"
    p = run_kg("build", inputs, "--out", out, "--workers", "0", timeout=120)
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert "a: " in p.stdout and (out / "a.ttl").is_file()
    bad = {Path(json.loads(line)["source"]).name: json.loads(line)
           for line in (out / "quarantine.jsonl").read_text().splitlines()}
    assert set(bad) == {"b.txt", "c.jsonl", "d.txt", "e.html"}
    assert "FIFO" in bad["b.txt"]["message"] and "device" in bad["d.txt"]["message"]
    assert "socket" in bad["e.html"]["message"]
    for name in bad:
        assert f"{inputs / name}: " in p.stderr


def test_fifo_through_a_glob_and_by_name(tmp_path):
    inputs = _folder_with_specials(tmp_path)
    p = run_kg("build", str(inputs / "*.txt"), inputs / "c.jsonl", "--out", tmp_path / "out",
               "--workers", "0", timeout=120)
    assert p.returncode == 2, p.stderr
    assert "b.txt: " in p.stderr and "c.jsonl: " in p.stderr and "d.txt: " in p.stderr


def test_lone_surrogates_in_jsonl_and_file_names(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "s.jsonl").write_text(
        '{"id": "s1", "text": "Seoul urged Beijing to stop the deportations.\\udc80 More.", '
        '"title": "T\\ud800 itle", "publisher": "P\\udfff"}\n')
    name = os.fsdecode(b"\xffbad.txt")                # not UTF-8: a surrogate in Python's str
    (inputs / name).write_text(SENTENCE)
    out = tmp_path / "out"
    p = run_kg("build", inputs, "--out", out, "--workers", "0", timeout=300)
    assert p.returncode in (0, 1), p.stderr
    assert "bug in kg" not in p.stderr and "Traceback" not in p.stderr
    g = Graph().parse(out / "s1.ttl", format="turtle")
    texts = [str(o) for o in g.objects() if "More." in str(o)]
    assert texts and all("\ufffd" in t for t in texts)
    assert (out / "bad.ttl").is_file()
    for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        json.loads(line)                               # valid UTF-8 JSON, every line


def test_a_lone_surrogate_through_process_text(pipeline):
    r = pipeline.process_text("Seoul urged Beijing to stop.\udc80 Fine.", doc_id="x")
    nt = r.graph.serialize(format="nt", encoding="utf-8")
    assert "\ufffd".encode() in nt


# ----------------------------------------------------------------- every writer, arbitrary text

# any code point; Hypothesis leaves lone surrogates out unless asked for them by name
ANY_CHAR = st.one_of(st.characters(codec=None, exclude_categories=()),
                     st.characters(codec=None, categories=["Cs"]))


def _writers(graph, doc_id: str):
    """(name, bytes, rdflib format, pyoxigraph format or None) for every writer of kg."""
    from kg import export
    from kg.query.bind import to_oxigraph
    from kg.rdf import iri
    from kg.rdf.io import serialize

    for fmt, ox_fmt in (("turtle", ox.RdfFormat.TURTLE), ("trig", ox.RdfFormat.TRIG),
                        ("nt", ox.RdfFormat.N_TRIPLES), ("nquads", ox.RdfFormat.N_QUADS)):
        yield f"kg.rdf.io {fmt}", serialize(graph, fmt, doc_id), fmt, ox_fmt
    yield "kg.rdf.io json-ld", serialize(graph, "json-ld", doc_id), "json-ld", None
    name = ox.NamedNode(str(iri.graph(doc_id)))
    quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name) for s, p, o in graph]
    for fmt, rdflib_fmt in (("ttl", "turtle"), ("nt", "nt"), ("nq", "nquads"), ("trig", "trig"),
                            ("jsonld", "json-ld")):
        yield f"kg export {fmt}", export.serialize(quads, fmt), rdflib_fmt, export.FORMATS[fmt]


def _parsed(data: bytes, fmt: str) -> Graph:
    if fmt in ("trig", "nquads", "json-ld"):
        ds = Dataset()
        ds.parse(data=data, format=fmt)
        g = Graph()
        for s, p, o, _ in ds.quads():
            g.add((s, p, o))
        return g
    return Graph().parse(data=data, format=fmt)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(text=st.text(ANY_CHAR, min_size=1, max_size=60), title=st.text(ANY_CHAR, max_size=20))
def test_arbitrary_text_round_trips_through_every_writer(pipeline, text, title):
    try:
        r = pipeline.process_text(SENTENCE + text, doc_id="rt", title=title or None)
    except EmptyInput:
        assume(False)
    graph = r.graph
    for name, data, fmt, ox_fmt in _writers(graph, "rt"):
        back = _parsed(data, fmt)
        assert isomorphic(back, graph), name
        if ox_fmt is not None:
            assert len(set(ox.parse(data, format=ox_fmt))) == len(graph), name

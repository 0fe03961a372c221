"""Reliability figures of docs/reliability.md, measured on this machine.

    python bench/reliability.py                 # everything (about 10 minutes on 2 cores)
    python bench/reliability.py --fuzz 2000 --skip-cases

Prints, in Markdown:
1. every case of the reliability table with the tests that check it and how many passed
   (one pytest run of those tests);
2. fuzzing: N random inputs (seeded) through ingest (bytes -> decode, HTML, JSON lines) and
   through every writer (kg's Turtle/TriG/N-Triples/N-Quads, rdflib's JSON-LD, kg export's five
   formats), each written graph parsed back by rdflib and Oxigraph and compared;
3. injection runs: every payload in every injectable parameter of the query library, on rdflib,
   the embedded store and a `kg serve` endpoint: extra rows returned;
4. refused queries (SERVICE, LOAD, remote FROM, updates) on the same engines, with the network
   calls an audit hook saw;
5. the W3C SHACL core suite on each engine.
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
sys.path[:0] = [str(ROOT), str(TESTS)]

#: case -> (input or fault, test selections "file::name-prefix" or "file")
CASES = {
    "I1": ("BOM, UTF-16, UTF-32, cp1252, invalid bytes",
           ["test_ingest.py::test_utf8", "test_ingest.py::test_utf16", "test_ingest.py::test_invalid",
            "test_ingest.py::test_cp1252", "test_ingest.py::test_truncated", "test_ingest.py::test_decode",
            "test_decoding_html.py::test_utf32"]),
    "I2": ("NUL, C0 controls, DEL", ["test_ingest.py::test_controls", "test_corpus.py::test_control"]),
    "I3": ("empty text; HTML that is only <script>", ["test_ingest.py::test_empty", "test_ingest.py::test_html_only"]),
    "I4": ("HTML script, style, entities, navigation", ["test_decoding_html.py::test_furniture",
                                                        "test_decoding_html.py::test_title", "test_decoding_html.py::test_unclosed",
                                                        "test_decoding_html.py::test_no_furniture", "test_corpus.py::test_html"]),
    "I5": ("text over the NLP length limit", ["test_corpus.py::test_text_over"]),
    "I6": ("JSONL truncated, non-object, huge, blank lines", ["test_ingest.py::test_jsonl", "test_corpus.py::test_jsonl"]),
    "I7": ("duplicate document ids", ["test_corpus.py::test_duplicate"]),
    "I8": ("compression bombs, archive paths", ["test_ingest.py::test_iter_inputs_gz", "test_ingest.py::test_read_bytes"]),
    "R1": ("quotes, backslashes, newlines, emoji, lone surrogates", [
        "test_roundtrip.py", "test_hostile_input.py::test_arbitrary", "test_hostile_input.py::test_lone",
        "test_hostile_input.py::test_a_lone", "test_corpus.py::test_serializations"]),
    "R2": ("text that would make a bad IRI", ["test_iri.py"]),
    "O1": ("serialization fails, disk full", ["test_disk_full.py", "test_store.py::test_cli_export_unwritable"]),
    "O2": ("killed mid-write", ["test_corpus.py::test_process_killed", "test_corpus.py::test_build_killed"]),
    "S1": ("store down", ["test_remote_store.py::test_store_down", "test_remote_store.py::test_server_killed"]),
    "S2": ("store never answers", ["test_remote_store.py::test_load_times_out", "test_remote_store.py::test_query_times_out"]),
    "S3": ("store restarted mid-load", ["test_remote_store.py::test_server_restarted"]),
    "S4": ("one graph rejected", ["test_remote_store.py::test_a_rejected"]),
    "S5": ("truncated response", ["test_remote_store.py::test_truncated"]),
    "Q1": ("injection payloads", ["test_queries.py::test_injection", "test_remote_store.py::test_injection"]),
    "Q2": ("SERVICE, LOAD, remote FROM", ["test_queries.py::test_user_queries", "test_remote_store.py::test_service"]),
    "Q3": ("expensive query", ["test_queries.py::test_slow", "test_queries.py::test_cli_timeout"]),
    "V1": ("broken validator or shapes", ["test_broken_shapes.py", "test_shapes.py::test_broken",
                                          "test_w3c_shacl.py"]),
    "P1": ("kill -9 of a build", ["test_killed_build.py"]),
    "P2": ("FIFO/socket/device input; output inside input", ["test_hostile_input.py::test_fifo",
                                                              "test_out_in_input.py"]),
    "P3": ("a server answering one byte per second", ["test_deadline.py"]),
    "X1": ("web page: cross-origin POST, rebinding Host", [
        "test_serve_security.py::test_a_web", "test_serve_security.py::test_dns", "test_serve_security.py::test_read",
        "test_serve_security.py::test_cross", "test_serve_security.py::test_service", "test_serve_security.py::test_writes"]),
    "X2": (".jsonld with an http or file: @context", ["test_jsonld_context.py", "test_store.py::test_jsonld"]),
    "X3": ("a client gives up on an expensive query", ["test_serve_security.py::test_an_abandoned"]),
}


# ---------------------------------------------------------------- 1. cases


def run_cases() -> dict[str, tuple[int, int]]:
    files = sorted({sel.split("::")[0] for _, sels in CASES.values() for sel in sels})
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        f"--junitxml={report}", *(f"tests/{f}" for f in files)], cwd=ROOT,
                       capture_output=True, text=True)
        outcomes = []
        for case in ET.parse(report).iter("testcase"):
            module = case.get("classname", "").split(".")[-1] + ".py"
            failed = any(child.tag in ("failure", "error") for child in case)
            skipped = any(child.tag == "skipped" for child in case)
            outcomes.append((module, case.get("name", ""), failed, skipped))
    counts = {}
    for key, (_, selections) in CASES.items():
        hits = [o for o in outcomes for sel in selections if _selected(o, sel)]
        ran = [o for o in hits if not o[3]]
        counts[key] = (sum(1 for o in ran if not o[2]), len(ran))
    return counts


def _selected(outcome, selection: str) -> bool:
    module, name = outcome[:2]
    file, _, prefix = selection.partition("::")
    return module == file and name.startswith(prefix)


# ---------------------------------------------------------------- 2. fuzzing

_ALPHABET = ('"', "'", "\\", "\n", "\r", "\t", "\x00", "\x01", "\x7f", "\u2028", "\ufeff", "\ud800",
             "\udc80", "🙂", "é", "<", ">", "{", "}", "#", "&amp;", "<script>", "\"\"\"", "^^", "@en")


def _random_text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 12)):
        r = rng.random()
        if r < 0.4:
            parts.append(rng.choice(_ALPHABET))
        elif r < 0.7:
            parts.append("".join(chr(rng.randint(0x20, 0x7e)) for _ in range(rng.randint(1, 8))))
        else:
            parts.append("".join(chr(rng.choice([rng.randint(0, 0xd7ff), rng.randint(0xe000, 0x10ffff),
                                                 rng.randint(0xd800, 0xdfff)])) for _ in range(rng.randint(1, 4))))
    return "".join(parts)


def fuzz(n: int, seed: int = 14) -> dict:
    import json

    import pyoxigraph as ox
    from rdflib import Graph, Literal
    from rdflib.compare import isomorphic
    from rdflib.namespace import DCTERMS, RDFS

    from kg import export
    from kg.errors import KgError
    from kg.ingest.decode import decode
    from kg.ingest.html import read_html
    from kg.ingest.jsonl import _article
    from kg.ingest.text import article_from_text
    from kg.query.bind import to_oxigraph
    from kg.rdf import iri
    from kg.rdf.io import serialize
    from kg.rdf.namespaces import KG

    rng = random.Random(seed)
    failures: list[str] = []
    writes = 0
    for i in range(n):
        text = _random_text(rng)
        raw = text.encode("utf-8", "surrogatepass")
        try:   # ingest: only kg's own errors may escape
            for data in (raw, rng.randbytes(rng.randint(0, 64)), b"\xff\xfe\x00\x00" + raw[:32]):
                try:
                    decode(data, "fuzz")
                except KgError:
                    pass
                try:
                    read_html(b"<h1>" + data + b"</h1><p>" + data + b"</p>", "fuzz.html")
                except KgError:
                    pass
            _article(json.loads(json.dumps({"id": text, "text": text, "title": text})), "fuzz.jsonl", 1)
            try:
                article = article_from_text("Talks. " + text, doc_id=text or "x", title=text or None)
            except KgError:
                continue
        except Exception as e:  # noqa: BLE001 - what the fuzzer is looking for
            failures.append(f"ingest #{i}: {type(e).__name__}: {e}")
            continue
        try:   # writers: parse back with rdflib and Oxigraph, compare
            g = Graph()
            doc = iri.doc(article.id)
            g.add((doc, KG.text, Literal(article.text)))
            g.add((doc, DCTERMS.title, Literal(article.title or "", lang="en")))
            g.add((iri.data(article.id, "actor", text or "a"), RDFS.label, Literal(article.text[:40])))
            name = ox.NamedNode(str(iri.graph(article.id)))
            quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name) for s, p, o in g]
            outputs = [(serialize(g, fmt, article.id), fmt, ox_fmt) for fmt, ox_fmt in (
                ("turtle", ox.RdfFormat.TURTLE), ("trig", ox.RdfFormat.TRIG), ("nt", ox.RdfFormat.N_TRIPLES),
                ("nquads", ox.RdfFormat.N_QUADS), ("json-ld", None))]
            outputs += [(export.serialize(quads, fmt), rdflib_fmt, export.FORMATS[fmt]) for fmt, rdflib_fmt in (
                ("ttl", "turtle"), ("nt", "nt"), ("nq", "nquads"), ("trig", "trig"), ("jsonld", "json-ld"))]
            for data, fmt, ox_fmt in outputs:
                writes += 1
                back = Graph()
                if fmt in ("trig", "nquads", "json-ld"):
                    from rdflib import Dataset

                    ds = Dataset()
                    ds.parse(data=data, format=fmt)
                    for s, p, o, _ in ds.quads():
                        back.add((s, p, o))
                else:
                    back.parse(data=data, format=fmt)
                if not isomorphic(back, g) or (ox_fmt is not None and len(set(ox.parse(data, format=ox_fmt))) != len(g)):
                    failures.append(f"writer #{i} {fmt}: not the same graph back")
        except Exception as e:  # noqa: BLE001
            failures.append(f"writer #{i}: {type(e).__name__}: {e}")
    return {"inputs": n, "writes": writes, "failures": failures}


# ---------------------------------------------------------------- 3, 4. injection and refused queries


def queries() -> dict:
    from rdflib import Graph

    from kg.errors import QueryError
    from kg.query import run_query
    from kg.query.run import load_graph, memory_store
    from kg.store.embedded import EmbeddedStore
    from kg.store.remote import Endpoint
    from kg.store.serve import Served
    from test_queries import INJECTABLE, PAYLOADS, REFUSED

    fixtures = TESTS / "fixtures" / "queries"
    network = []
    sys.addaudithook(lambda event, args: network.append(event) if event in (
        "socket.connect", "urllib.Request") and watching[0] else None)
    watching = [False]
    out = {"injection_runs": 0, "extra_rows": 0, "refused_runs": 0, "not_refused": 0, "network_calls": 0}
    with tempfile.TemporaryDirectory() as tmp:
        with EmbeddedStore(Path(tmp) / "store") as store:
            store.load([fixtures])
        engines = {"rdflib": load_graph([fixtures]), "embedded": memory_store([fixtures])}
        with Served(Path(tmp) / "store", port=0) as served:
            engines["kg serve"] = Endpoint.from_url(served.url)
            for name, source in engines.items():
                for query, param in INJECTABLE:
                    for payload in PAYLOADS:
                        out["injection_runs"] += 1
                        out["extra_rows"] += len(run_query(query, source, {param: payload}))
                for case, text in REFUSED.items():
                    path = Path(tmp) / f"{case}.rq"
                    path.write_text(text, encoding="utf-8")
                    out["refused_runs"] += 1
                    watching[0] = name != "kg serve"   # the endpoint's own traffic is expected
                    try:
                        run_query(str(path), source)
                        out["not_refused"] += 1
                    except QueryError:
                        pass
                    watching[0] = False
    out["network_calls"] = len(network)
    out["engines"] = list(engines)
    return out


def w3c() -> dict:
    import logging

    import w3c_shacl

    logging.disable(logging.WARNING)
    return {engine: {k: len(v) for k, v in w3c_shacl.tally(engine).items()}
            for engine in ("fast", "auto", "turbo", "pyshacl")}


# ---------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fuzz", type=int, default=11_000, metavar="N", help="fuzzed inputs (default 11000)")
    ap.add_argument("--skip-cases", action="store_true", help="do not run the tests of the table")
    a = ap.parse_args()
    print(f"# Reliability figures, {time.strftime('%Y-%m-%d')}\n")
    if not a.skip_cases:
        t0 = time.monotonic()
        counts = run_cases()
        passed = sum(1 for ok, ran in counts.values() if ran and ok == ran)
        print(f"## Cases: {passed} of {len(CASES)} pass ({time.monotonic() - t0:.0f} s)\n")
        print("| case | input or fault | tests passed |\n|---|---|---|")
        for key, (what, _) in CASES.items():
            ok, ran = counts[key]
            print(f"| {key} | {what} | {ok}/{ran} |")
        print()
    t0 = time.monotonic()
    f = fuzz(a.fuzz)
    print(f"## Fuzzing: {f['inputs']} inputs, {f['writes']} graphs written and read back, "
          f"{len(f['failures'])} failures ({time.monotonic() - t0:.0f} s)\n")
    for line in f["failures"][:10]:
        print(f"- {line}")
    t0 = time.monotonic()
    q = queries()
    print(f"## Queries ({', '.join(q['engines'])}; {time.monotonic() - t0:.0f} s)\n")
    print(f"- injection: {q['injection_runs']} runs, {q['extra_rows']} rows returned")
    print(f"- refused queries: {q['refused_runs']} runs, {q['not_refused']} not refused, "
          f"{q['network_calls']} network calls\n")
    print("## W3C SHACL core suite (98 tests)\n")
    for engine, tally in w3c().items():
        print(f"- {engine}: {tally['pass']} pass, {tally['unsupported']} refused, {tally['fail']} wrong")


if __name__ == "__main__":
    main()

"""Corpus builds (kg.corpus, `kg build`): bad input never stops a batch, re-runs do no work,
configuration changes re-derive exactly the affected graphs, workers / Dask give the same
graphs, a killed build leaves nothing partial, and the fast serialization and validation
paths agree with rdflib and pySHACL.

The inputs are the seed article plus two development articles (../shared/corpus/dev, read
at run time; variants of the seed when that folder is absent), a file that is not UTF-8 and
an empty file. No test asserts a timing.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from conftest import ROOT, SEED, SEED_ID, kg_argv, run_kg
from kg.corpus import BuildOptions, Built, CorpusBuild, Failed, Skipped
from kg.corpus.manifest import NAME as MANIFEST
from kg.ingest.sources import Quarantined
from kg.rdf import iri, vocabulary
from kg.rdf.io import serialize, serialize_terms, terms_of

pytestmark = pytest.mark.slow

DEV = ROOT.parent / "shared" / "corpus" / "dev"
DEV_NAMES = ["un-2014-09-21-sg-yemen-peace-agreement.txt", "voa-2011-07-25-un-donors-horn-of-africa.txt"]


def good_sources() -> dict[str, str]:
    """name -> text of the good articles (3)."""
    out = {SEED.name: SEED.read_text(encoding="utf-8")}
    for name in DEV_NAMES:
        if (DEV / name).is_file():
            out[name] = (DEV / name).read_text(encoding="utf-8")
    seed = out[SEED.name]
    k = 0
    while len(out) < 3:       # no dev corpus here: vary the seed
        k += 1
        out[f"seed-variant-{k}.txt"] = seed.replace("China", ["Russia", "Japan"][k - 1])
    return out


GOOD = good_sources()
GOOD_IDS = sorted(Path(n).stem for n in GOOD)


def write_inputs(folder: Path, bad: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    if bad:
        (folder / "broken-article.txt").write_bytes(b"The minister said talks would resume \x80\xff soon.\n")
        (folder / "empty-article.txt").write_bytes(b"")
    return folder


def build(inputs, out, **kw) -> tuple[list, CorpusBuild]:
    kw.setdefault("workers", 0)
    run = CorpusBuild([str(p) for p in inputs], BuildOptions(out_dir=out, **kw))
    return list(run), run


def kinds(events) -> dict[str, list]:
    out = {"built": [], "skipped": [], "quarantined": []}
    for e in events:
        if isinstance(e, Built):
            out["built"].append(e.doc_id)
        elif isinstance(e, Skipped):
            out["skipped"].append(e.doc_id)
        elif isinstance(e, Quarantined):
            out["quarantined"].append(e)
    return out


def nquads(path: Path) -> list[bytes]:
    ds = Dataset()
    ds.parse(path, format="trig")
    return sorted(ds.serialize(format="nquads", encoding="utf-8").splitlines())


def current_key() -> str:
    """The build key as it is now (not cached): it hashes kg's source, which other people may
    be editing while the suite runs; tests that compare two runs skip when it moved."""
    from kg.corpus.manifest import build_key

    return build_key.__wrapped__(True)[0]


def skip_if_source_changed(before: str) -> None:
    if current_key() != before:
        pytest.skip("kg's source or data changed while the test ran (the build key moved)")


def manifest_lines(out: Path) -> list[dict]:
    return [json.loads(x) for x in (out / MANIFEST).read_text(encoding="utf-8").splitlines() if x.strip()]


# ----------------------------------------------------------------------------- the "done when"
@pytest.fixture(scope="module")
def cli_twice(tmp_path_factory):
    """`kg build IN --out OUT --workers 2` on 3 good + 2 bad files, then the same again."""
    src = write_inputs(tmp_path_factory.mktemp("corpus-in"))
    out = tmp_path_factory.mktemp("corpus-out")
    key = current_key()
    first = run_kg("build", src, "--out", out, "--workers", "2", timeout=300)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    lines = manifest_lines(out)
    second = run_kg("build", src, "--out", out, "--workers", "2", timeout=300)
    return src, out, first, second, stamps, lines, key


def test_build_folder_builds_the_good_and_quarantines_the_bad(cli_twice):
    src, out, p, _, _, _, _ = cli_twice
    assert p.returncode == 2, (p.stdout, p.stderr)
    for doc_id in GOOD_IDS:
        assert (out / f"{doc_id}.ttl").is_file() and (out / f"{doc_id}.trig").is_file(), doc_id
        assert len(Graph().parse(out / f"{doc_id}.ttl")) > 100
    built_lines = [ln for ln in p.stdout.splitlines() if re.match(r"^[a-z0-9-]+: \d+ actors", ln)]
    assert len(built_lines) == 3, p.stdout
    err = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert len(err) == 2, p.stderr
    assert any(ln.startswith(f"kg: {src / 'broken-article.txt'}: not valid UTF-8 at byte") for ln in err), err
    assert any(ln.startswith(f"kg: {src / 'empty-article.txt'}: ") for ln in err), err
    recs = [json.loads(x) for x in (out / "quarantine.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(os.path.basename(r["source"]) for r in recs) == ["broken-article.txt", "empty-article.txt"]
    assert {r["code"] for r in recs} == {"decode", "empty"}
    assert not [x for x in out.iterdir() if x.name.endswith(".tmp")]
    assert re.search(r"^total: 3 built, 0 skipped \(unchanged\), 2 quarantined, 0 with violations, "
                     r"\d+ triples, [\d.]+ s", p.stdout, re.M), p.stdout


def test_manifest_records_every_built_document(cli_twice):
    _, out, _, _, _, lines, _ = cli_twice
    assert sorted(r["id"] for r in lines) == GOOD_IDS
    for r in lines:
        assert r["status"] == "ok" and r["triples"] > 100 and len(r["hash"]) == 64
        assert r["files"] == [f"{r['id']}.ttl", f"{r['id']}.trig"]


def test_second_run_does_no_work(cli_twice):
    src, out, _, p, stamps, lines, key = cli_twice
    skip_if_source_changed(key)
    assert p.returncode == 2, (p.stdout, p.stderr)     # the bad files are still bad
    assert [ln for ln in p.stdout.splitlines() if " actors, " in ln] == []
    assert re.search(r"^total: 0 built, 3 skipped \(unchanged\), 2 quarantined", p.stdout, re.M), p.stdout
    assert len([ln for ln in p.stderr.splitlines() if ln.strip()]) == 2, p.stderr
    for name, stamp in stamps.items():
        if name.endswith((".ttl", ".trig")) or name == MANIFEST:
            assert (out / name).stat().st_mtime_ns == stamp, name
    assert manifest_lines(out) == lines


# ----------------------------------------------------------------------------- same graphs, any engine
@pytest.fixture(scope="module")
def inline_out(tmp_path_factory, pipeline):
    """The good articles built in this process (workers=0)."""
    src = write_inputs(tmp_path_factory.mktemp("inline-in"), bad=False)
    out = tmp_path_factory.mktemp("inline-out")
    events, run = build([src], out)
    assert sorted(kinds(events)["built"]) == GOOD_IDS
    return src, out


def assert_same_graphs(a: Path, b: Path) -> None:
    for doc_id in GOOD_IDS:
        assert (a / f"{doc_id}.ttl").read_bytes() == (b / f"{doc_id}.ttl").read_bytes(), doc_id
        assert nquads(a / f"{doc_id}.trig") == nquads(b / f"{doc_id}.trig"), doc_id


def test_two_workers_give_the_same_graphs_as_one(inline_out, cli_twice, tmp_path):
    src, inline = inline_out
    events, _ = build([src], tmp_path / "one", workers=1)
    assert sorted(kinds(events)["built"]) == GOOD_IDS
    assert_same_graphs(inline, tmp_path / "one")
    assert_same_graphs(inline, cli_twice[1])              # the CLI run used --workers 2


def test_turtle_and_trig_parse_back_isomorphic(inline_out):
    _, out = inline_out
    for doc_id in GOOD_IDS:
        g = Graph().parse(out / f"{doc_id}.ttl")
        ds = Dataset()
        ds.parse(out / f"{doc_id}.trig", format="trig")
        # the article's facts in its graph, the shared issue concepts and software agent in the
        # extracted-vocabulary graph (kg.rdf.vocabulary): together the Turtle file, nothing else
        named, shared = ds.graph(iri.graph(doc_id)), ds.graph(URIRef(vocabulary.EXTRACTED))
        assert len(shared) and not any(vocabulary.is_shared(str(s)) for s in named.subjects())
        assert len(named) + len(shared) == len(g) and isomorphic(named + shared, g), doc_id
        assert len(list(ds.quads())) == len(g)            # nothing outside those two graphs


def test_records_reads_the_written_graph(inline_out):
    _, out = inline_out
    p = run_kg("records", out / f"{SEED_ID}.ttl")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["statements"]


# ----------------------------------------------------------------------------- incremental
def test_config_change_rebuilds_exactly_the_affected(inline_out, tmp_path, monkeypatch):
    src, inline = inline_out
    out = tmp_path / "out"
    shutil.copytree(inline, out)
    before = {p.name: p.read_bytes() for p in out.glob("*.ttl")}
    # a manifest written by another configuration for one document
    lines = manifest_lines(out)
    lines[0]["config"] = "0123456789abcdef"
    (out / MANIFEST).write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    events, _ = build([src], out)
    k = kinds(events)
    assert k["built"] == [lines[0]["id"]] and sorted(k["skipped"]) == sorted(r["id"] for r in lines[1:])
    assert {p.name: p.read_bytes() for p in out.glob("*.ttl")} == before      # same IRIs, same bytes
    # a new kg version, lexicon or gazetteer changes the build key: everything is re-derived
    import kg.corpus.build as cb

    monkeypatch.setattr(cb, "build_key", lambda validate=True: ("fedcba9876543210", {}))
    events, _ = build([src], out)
    assert sorted(kinds(events)["built"]) == GOOD_IDS
    assert {p.name: p.read_bytes() for p in out.glob("*.ttl")} == before


def test_changed_text_rebuilds_only_that_document(inline_out, tmp_path):
    src0, inline = inline_out
    src, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(src0, src)
    shutil.copytree(inline, out)
    (src / SEED.name).write_text(GOOD[SEED.name] + "\nThe talks will resume next week.\n", encoding="utf-8")
    events, _ = build([src], out)
    k = kinds(events)
    assert k["built"] == [SEED_ID] and len(k["skipped"]) == 2
    doc = URIRef(str(iri.doc(SEED_ID)))
    assert (doc, None, None) in Graph().parse(out / f"{SEED_ID}.ttl")      # the IRIs stay put
    events, _ = build([src], out, force=True)
    assert sorted(kinds(events)["built"]) == GOOD_IDS


def test_deleted_output_is_rebuilt(inline_out, tmp_path):
    src, inline = inline_out
    out = tmp_path / "out"
    shutil.copytree(inline, out)
    (out / f"{SEED_ID}.trig").unlink()
    events, _ = build([src], out)
    assert kinds(events)["built"] == [SEED_ID]


# ----------------------------------------------------------------------------- bad input (I3-I7)
def test_jsonl_bad_lines_are_reported_and_good_lines_built(tmp_path, pipeline):
    seed = GOOD[SEED.name]
    lines = [
        json.dumps({"id": "jl-good-1", "text": seed, "title": "UN official hits China", "published": "2012-02-23"}),
        '{"id": "jl-truncated", "text": "Seoul urged',
        "[1, 2, 3]",
        "",
        json.dumps({"id": "jl-no-text", "title": "x"}),
        json.dumps({"id": "jl-good-2", "text": "Seoul urged Beijing not to deport North Korean defectors.",
                    "url": "https://example.org/a", "publisher": "Example"}),
        json.dumps({"id": "jl-bad-date", "text": "Seoul urged Beijing.", "published": "yesterday-ish"}),
    ]
    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    events, run = build([f], tmp_path / "out")
    k = kinds(events)
    assert sorted(k["built"]) == ["jl-good-1", "jl-good-2"]
    bad = {q.line: q for q in k["quarantined"]}
    assert sorted(bad) == [2, 3, 5, 7], bad
    assert bad[2].one_line().startswith(f"{f}:2: not valid JSON")
    assert bad[3].code == "not-object" and bad[5].code == "empty"
    recs = [json.loads(x) for x in (tmp_path / "out" / "quarantine.jsonl").read_text().splitlines()]
    assert sorted(r["line"] for r in recs) == [2, 3, 5, 7]
    assert run.summary.built == 2 and run.summary.quarantined == 4


def test_html_script_style_and_navigation_never_reach_the_graph(tmp_path, pipeline):
    src = tmp_path / "in"
    src.mkdir()
    body = "".join(f"<p>{p}</p>" for p in GOOD[SEED.name].split("\n\n")[3:])
    (src / "page.html").write_text(
        "<html><head><title>UN official hits China</title><style>.x{color:red} STYLEWORD</style>"
        "<script>var SCRIPTWORD = 1;</script></head><body><nav>Home NAVWORD Login</nav>"
        f"<article><h1>UN official hits China</h1>{body}</article><footer>FOOTWORD</footer></body></html>",
        encoding="utf-8")
    (src / "only-script.html").write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
    events, _ = build([src], tmp_path / "out")
    k = kinds(events)
    assert k["built"] == ["page"]
    assert [q.code for q in k["quarantined"]] == ["empty"]
    ttl = (tmp_path / "out" / "page.ttl").read_text(encoding="utf-8")
    for word in ("SCRIPTWORD", "STYLEWORD", "NAVWORD", "FOOTWORD", "color:red"):
        assert word not in ttl
    assert not list((tmp_path / "out").glob("only-script*"))


def test_gz_inputs_and_glob(tmp_path, pipeline):
    import gzip

    src = tmp_path / "in"
    src.mkdir()
    (src / "short-one.txt.gz").write_bytes(gzip.compress(b"Seoul urged Beijing not to deport North Korean defectors.\n"))
    rows = json.dumps({"id": "gz-line", "text": "France condemned the attack."}) + "\n"
    (src / "rows.jsonl.gz").write_bytes(gzip.compress(rows.encode()))
    events, _ = build([str(src / "*.gz")], tmp_path / "out")
    assert sorted(kinds(events)["built"]) == ["gz-line", "short-one"]


def test_duplicate_ids_policy(tmp_path, pipeline):
    src = tmp_path / "in"
    for sub, text in (("a", "Seoul urged Beijing not to deport defectors."),
                      ("b", "Seoul urged Beijing not to deport defectors."),
                      ("c", "Paris condemned the attack on the embassy.")):
        (src / sub).mkdir(parents=True)
        (src / sub / "same-name.txt").write_text(text, encoding="utf-8")
    events, run = build([src], tmp_path / "out")
    k = kinds(events)
    assert k["built"] == ["same-name"]
    assert [e.status for e in events if isinstance(e, Skipped)] == ["duplicate"]
    assert [q.code for q in k["quarantined"]] == ["duplicate-id"]
    assert "c/same-name.txt" in k["quarantined"][0].source


def test_text_over_the_nlp_limit_is_refused_clearly(tmp_path, pipeline, monkeypatch):
    from kg import nlp

    monkeypatch.setattr(nlp.load(), "max_length", 500)
    src = write_inputs(tmp_path / "in", bad=False)
    events, _ = build([src], tmp_path / "out")
    k = kinds(events)
    assert k["built"] == []           # every good article is longer than 500 characters
    assert {q.code for q in k["quarantined"]} == {"too-large"}
    assert all("NLP limit is 500" in q.message for q in k["quarantined"])


def test_control_characters_and_awkward_text_parse_back(tmp_path, pipeline):
    text = ('Seoul urged Beijing "not" to deport\x00 North\x07 Korean\x7f defectors \\ """x""" 🙂.\n'
            "Tokyo said talks would resume.\r\n")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "awkward.txt").write_text(text, encoding="utf-8")
    events, _ = build([tmp_path / "in"], tmp_path / "out")
    assert kinds(events)["built"] == ["awkward"]
    g = Graph().parse(tmp_path / "out" / "awkward.ttl")
    assert Literal(text.replace("\r\n", "\n")) in set(g.objects()) or Literal(text) in set(g.objects())


# ----------------------------------------------------------------------------- watchdog, crashes, bugs
def test_hung_crashing_and_buggy_documents_are_quarantined(tmp_path, pipeline):
    from corpus_faults import BUG, CRASH, HANG

    src = tmp_path / "in"
    src.mkdir()
    (src / "a-good.txt").write_text(GOOD[SEED.name], encoding="utf-8")
    (src / "b-bug.txt").write_text(f"Seoul urged Beijing. {BUG}\n", encoding="utf-8")
    (src / "c-crash.txt").write_text(f"Tokyo urged Seoul. {CRASH}\n", encoding="utf-8")
    (src / "d-hang.txt").write_text(f"Paris urged Rome. {HANG}\n", encoding="utf-8")
    (src / "e-good.txt").write_text("France condemned the attack on the embassy in Kabul.\n", encoding="utf-8")
    out = tmp_path / "out"
    events, run = build([src], out, workers=1, timeout=4, batch_size=8,
                        processor="corpus_faults:FaultyProcessor")
    k = kinds(events)
    assert sorted(k["built"]) == ["a-good", "e-good"]
    bad = {os.path.basename(q.source): q for q in k["quarantined"]}
    assert sorted(bad) == ["b-bug.txt", "c-crash.txt", "d-hang.txt"], bad
    assert bad["b-bug.txt"].code == "internal" and "injected bug" in bad["b-bug.txt"].message
    assert bad["c-crash.txt"].code == "crash" and "SIGKILL" in bad["c-crash.txt"].message
    assert bad["d-hang.txt"].code == "timeout" and "longer than 4 s" in bad["d-hang.txt"].message
    assert all(isinstance(q, Failed) for q in bad.values())
    assert run.summary.retries >= 2
    status = {r["id"]: r["status"] for r in manifest_lines(out)}
    assert status == {"a-good": "ok", "e-good": "ok", "b-bug": "quarantined", "c-crash": "quarantined",
                      "d-hang": "quarantined"}
    # a re-run reports them again without trying them (and builds nothing)
    events, run = build([src], out)
    k = kinds(events)
    assert k["built"] == [] and sorted(k["skipped"]) == ["a-good", "e-good"]
    assert sorted(q.code for q in k["quarantined"]) == ["crash", "internal", "timeout"]
    assert all("previous run" in q.message for q in k["quarantined"])


def test_the_workers_the_parent_or_a_finisher_finish_the_same_way():
    """With a CPU to spare the local engine's workers only parse and a finisher process
    extracts and finishes, or the parent makes, validates and serializes the graphs of what
    they extracted; otherwise the workers do everything. Same bytes, same quarantine."""
    from corpus_faults import GRAPH

    from kg.corpus.local import LocalEngine, split_for
    from kg.corpus.work import WorkOptions
    from kg.ingest.text import article_from_text

    assert [split_for(1, 2), split_for(2, 2), split_for(3, 8), split_for(4, 8), split_for(6, 8)] == \
        ["parse", "serialize", "parse", "extract", "serialize"]
    texts = {"a-good": GOOD[SEED.name], "b-graph": f"Seoul urged Beijing to act. {GRAPH}\n",
             "c-good": "France condemned the attack on the embassy in Kabul.\n",
             "d-good": "Chile froze aid to Bolivia on Friday.\n"}
    files = {}
    for until in ("parse", "extract", "serialize"):
        articles = [article_from_text(t, doc_id=k) for k, t in texts.items()]
        engine = LocalEngine(1, WorkOptions(processor="corpus_faults:FaultyProcessor"), until=until)
        try:
            out = list(engine.run(articles, batch_size=8))
            roles = sorted(w.role for w in engine.workers)
        finally:
            engine.close()
        assert roles == (["finish", "work"] if until == "parse" else ["work"])
        built = {b.doc_id: b for b in out if isinstance(b, Built)}
        assert sorted(built) == ["a-good", "c-good", "d-good"]
        assert built["a-good"].seconds.keys() >= {"nlp", "extract", "emit", "validate", "serialize"}
        failed = [q for q in out if isinstance(q, Failed)]
        assert [q.doc_id for q in failed] == ["b-graph"], out
        assert "graph building failed" in failed[0].message
        files[until] = {k: (b.ttl, b.trig, b.counts) for k, b in built.items()}
    assert files["parse"] == files["extract"] == files["serialize"]


def test_a_run_smaller_than_a_batch_loads_no_finisher():
    """kg chooses the finisher for a corpus, not for a few articles: one more model load would
    cost more than it saves."""
    from dataclasses import replace

    from kg.corpus.local import LocalEngine
    from kg.corpus.work import WorkOptions
    from kg.ingest.text import article_from_text

    for n, roles in ((3, ["work"]), (9, ["finish", "work"])):
        articles = [article_from_text(f"Chile froze aid to Bolivia on day {i}.\n", doc_id=f"a{i}") for i in range(n)]
        engine = LocalEngine(1, WorkOptions())
        engine.options = replace(engine.options, until="parse")  # as on a machine with a CPU to spare
        try:
            out = list(engine.run(articles, batch_size=4))
            assert sorted(w.role for w in engine.workers) == roles
        finally:
            engine.close()
        assert len([b for b in out if isinstance(b, Built)]) == n


@pytest.mark.parametrize("until", ["parse", "serialize"])
def test_a_document_that_hangs_or_crashes_extraction_is_quarantined_wherever_it_is_extracted(until):
    """Extraction in the finisher process is watched as in a worker: the parse that crashes or
    hangs it is quarantined alone, a new finisher takes the parses that were waiting."""
    from corpus_faults import CRASH, HANG

    from kg.corpus.local import LocalEngine
    from kg.corpus.work import WorkOptions
    from kg.ingest.text import article_from_text

    texts = {"a-good": "Peru banned imports from Ecuador.\n", "b-crash": f"Tokyo urged Seoul. {CRASH}\n",
             "c-good": "France condemned the attack on the embassy in Kabul.\n",
             "d-hang": f"Paris urged Rome. {HANG}\n", "e-good": "Chile froze aid to Bolivia.\n"}
    articles = [article_from_text(t, doc_id=k) for k, t in texts.items()]
    engine = LocalEngine(1, WorkOptions(processor="corpus_faults:FaultyProcessor"), until=until, timeout=4)
    try:
        out = list(engine.run(articles, batch_size=8))
    finally:
        engine.close()
    assert sorted(b.doc_id for b in out if isinstance(b, Built)) == ["a-good", "c-good", "e-good"]
    bad = {q.doc_id: q for q in out if isinstance(q, Failed)}
    assert sorted(bad) == ["b-crash", "d-hang"]
    assert bad["b-crash"].code == "crash" and "SIGKILL" in bad["b-crash"].message
    assert bad["d-hang"].code == "timeout" and "longer than 4 s" in bad["d-hang"].message
    assert engine.restarts >= 2


# ----------------------------------------------------------------------------- killed mid-write (O2)
KILL_DURING_WRITE = textwrap.dedent("""
    import os, signal, sys
    import kg.rdf.io as io
    def die(fd):
        os.kill(os.getpid(), signal.SIGKILL)      # data written to the temporary file, not renamed
    io.os.fsync = die
    io.atomic_write(sys.argv[1], b"new content that must never be seen half-written" * 1000)
""")


def test_process_killed_mid_write_leaves_the_old_file(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "doc.ttl"
    target.write_bytes(b"old content\n")
    p = subprocess.run([sys.executable, "-c", KILL_DURING_WRITE, str(target)], capture_output=True, timeout=60)
    assert p.returncode == -signal.SIGKILL, p.stderr
    assert target.read_bytes() == b"old content\n"
    stale = [x for x in out.iterdir() if x.name.endswith(".tmp")]
    assert len(stale) == 1 and stale[0].name.startswith(".doc.ttl.")
    # the next build cleans the temporary file
    list(CorpusBuild([str(tmp_path / "nothing-here")], BuildOptions(out_dir=out, workers=0)))
    assert sorted(x.name for x in out.iterdir()) == ["doc.ttl", "quarantine.jsonl"]


def test_build_killed_midway_resumes_without_partial_files(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    seed = GOOD[SEED.name]
    for n in range(6):
        (src / f"doc-{n}.txt").write_text(seed.replace("China", ["Russia", "Japan", "India", "France",
                                                                   "Brazil", "Kenya"][n]), encoding="utf-8")
    out = tmp_path / "out"
    key = current_key()
    proc = subprocess.Popen([*kg_argv(), "build", str(src), "--out", str(out), "--batch-size", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        first = proc.stdout.readline()            # one document written ...
        assert " actors, " in first, (first, proc.stderr.read() if proc.poll() is not None else "")
        os.killpg(proc.pid, signal.SIGKILL)        # ... then the whole build dies, workers included
        proc.wait(30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.stdout.close()
        proc.stderr.close()
    done = sorted(p.stem for p in out.glob("*.ttl"))
    assert done, list(out.iterdir())
    for p in list(out.glob("*.ttl")) + list(out.glob("*.trig")):   # every final file is complete
        g = Dataset() if p.suffix == ".trig" else Graph()
        g.parse(p, format="trig" if p.suffix == ".trig" else "turtle")
        assert len(g) > 100, p
    recorded = {r["id"] for r in manifest_lines(out)} if (out / MANIFEST).exists() else set()
    assert recorded <= set(done)                   # a manifest entry means complete files
    p = run_kg("build", src, "--out", out, timeout=300)
    assert p.returncode == 0, p.stderr
    assert not [x for x in out.iterdir() if x.name.endswith(".tmp")]
    everything = {f"doc-{n}" for n in range(6)}
    assert {x.stem for x in out.glob("*.ttl")} == everything
    rebuilt = {ln.split(":")[0] for ln in p.stdout.splitlines() if " actors, " in ln}
    skip_if_source_changed(key)
    assert rebuilt == everything - recorded       # what was recorded is not built again


def test_a_second_build_in_the_same_folder_fails_at_once(tmp_path):
    """Two builds in one folder would interleave manifest lines and delete each other's
    temporary files: the second one stops with exit code 5 and touches nothing."""
    import fcntl

    from kg.corpus.build import LOCK

    out = tmp_path / "out"
    out.mkdir()
    temp = out / ".doc.ttl.x1y2.tmp"            # a file the running build is writing
    temp.write_bytes(b"@prefix")
    with open(out / LOCK, "a") as held:         # the running build
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        p = run_kg("build", SEED, "--out", out, timeout=120)
        assert p.returncode == 5, (p.stdout, p.stderr)
        assert "another kg build is writing to this folder" in p.stderr
        assert temp.exists() and not list(out.glob("*.ttl")) and not (out / MANIFEST).exists()
    p = run_kg("build", SEED, "--out", out, timeout=300)     # the folder is free again
    assert p.returncode == 0, p.stderr
    assert not temp.exists() and (out / f"{SEED_ID}.ttl").is_file()
    assert not (out / LOCK).exists()                          # removed when the build ends


def test_manifest_survives_a_torn_line_and_compacts(tmp_path):
    from kg.corpus.manifest import Manifest

    m = Manifest(tmp_path)
    m.record("a", source="a.txt", content_hash="h1", key="k", status="ok", triples=5)
    m.record("b", source="b.txt", content_hash="h2", key="k", status="ok", triples=6)
    m.close()
    with open(tmp_path / MANIFEST, "ab") as f:
        f.write(b'{"id": "c", "source": "c.txt", "ha')          # a crash in the middle of a line
    m = Manifest(tmp_path)
    assert sorted(m.entries) == ["a", "b"]
    assert m.lookup("a", "h1", "k") and not m.lookup("a", "h1", "other") and not m.lookup("a", "h9", "k")
    for n in range(100):
        m.record("c", source="c.txt", content_hash=f"h{n}", key="k", status="ok", triples=n)
    m.close()
    lines = manifest_lines(tmp_path)                          # every line parses: compacted
    assert sorted(r["id"] for r in lines) == ["a", "b", "c"]
    assert Manifest(tmp_path).lookup("c", "h99", "k").triples == 99


# ----------------------------------------------------------------------------- corpus file and store
def test_corpus_file_and_store(inline_out, tmp_path):
    src, inline = inline_out
    out = tmp_path / "out"
    events, run = build([src], out, corpus=tmp_path / "all.trig", store=tmp_path / "store")
    assert sorted(kinds(events)["built"]) == GOOD_IDS
    ds = Dataset()
    ds.parse(tmp_path / "all.trig", format="trig")
    # each article's facts in its graph; the issue concepts and software agent the articles
    # share once in the extracted-vocabulary graph; kg's schemes in the schemes graph
    shared, schemes = ds.graph(URIRef(vocabulary.EXTRACTED)), ds.graph(URIRef(vocabulary.SCHEMES))
    assert isomorphic(schemes, Graph().parse(ROOT / "ontology" / "schemes.ttl"))
    union = Graph()
    for doc_id in GOOD_IDS:
        g = Graph().parse(out / f"{doc_id}.ttl")
        union += g
        assert isomorphic(ds.graph(iri.graph(doc_id)) + (shared & g), g), doc_id
    expected = Graph()
    for t in union:
        if vocabulary.is_shared(str(t[0])):
            expected.add(t)
    assert isomorphic(shared, expected)
    assert (tmp_path / "all.trig").read_bytes().count(b"graph/vocabulary/extracted>") == 1     # one block
    file_quads = len(list(ds.quads()))
    assert file_quads == len(union) + len(schemes) < run.summary.triples + len(schemes)
    from kg.query import rows
    from kg.store.embedded import EmbeddedStore

    with EmbeddedStore(tmp_path / "store") as st:
        assert st.graph_names() == sorted([str(iri.graph(d)) for d in GOOD_IDS] + list(vocabulary.GRAPHS))
        assert len(st) == file_quads
        assert rows.current(st.store)     # each article's rows kept beside it (kg.query.rows)
    # all skipped: the corpus file and a new store still get every document (from the files)
    events, run2 = build([src], out, corpus=tmp_path / "all.nq", store=tmp_path / "store2")
    assert sorted(kinds(events)["skipped"]) == GOOD_IDS
    nq = Dataset()
    nq.parse(tmp_path / "all.nq", format="nquads")
    assert sorted(nq.serialize(format="nquads", encoding="utf-8").splitlines()) == \
        sorted(ds.serialize(format="nquads", encoding="utf-8").splitlines())
    with EmbeddedStore(tmp_path / "store2") as st:
        assert len(st) == file_quads
        assert rows.current(st.store)
    assert not [x for x in tmp_path.iterdir() if x.name.endswith(".tmp")]


def test_corpus_must_be_trig_or_nquads(tmp_path):
    from kg.errors import ConfigError

    with pytest.raises(ConfigError):
        CorpusBuild([str(SEED)], BuildOptions(out_dir=tmp_path, corpus=tmp_path / "all.ttl"))


# ----------------------------------------------------------------------------- SHACL: turbo == pySHACL
def test_turbo_on_ntriples_agrees_with_pyshacl_on_emitted_graphs(inline_out):
    from rdflib.namespace import RDF, XSD

    from kg.rdf.namespaces import KG
    from kg.validate import validate, validate_ntriples

    _, out = inline_out
    key = lambda rep: sorted((str(r.focus), str(r.shape), str(r.path), r.severity) for r in rep.results)  # noqa: E731
    checked = 0
    for doc_id in GOOD_IDS:
        g = Graph().parse(out / f"{doc_id}.ttl")
        variants = [g]
        broken = Graph()
        for t in g:
            broken.add(t)
        st = next(iter(sorted(broken.subjects(RDF.type, KG.Statement))))
        broken.remove((st, KG.speaker, None))                                   # minCount
        broken.add((st, KG.cameoCode, Literal(12, datatype=XSD.integer)))       # datatype
        broken.add((st, URIRef(str(KG._NS) + "undeclaredProperty"), Literal("x")))  # closed shape
        variants.append(broken)
        for v in variants:
            nt = serialize(v, "nt")
            a, b = validate(v, engine="pyshacl"), validate_ntriples(nt, engine="turbo")
            assert a.conforms == b.conforms and key(a) == key(b), doc_id
            checked += 1
        assert not validate_ntriples(serialize(broken, "nt")).conforms
    assert checked == 2 * len(GOOD_IDS)


# ----------------------------------------------------------------------------- round trips (R1, R2)
_TEXT = st.text(max_size=60)
# (language tags are lower case: Oxigraph normalises them, RDF compares them case-insensitively)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc_id=_TEXT, values=st.lists(_TEXT, min_size=1, max_size=4), lang=st.sampled_from([None, "en", "zh-hant"]))
def test_serializations_round_trip_for_any_text(doc_id, values, lang):
    from rdflib.namespace import RDFS, XSD

    from kg.rdf.namespaces import KG

    node = iri.actor(doc_id, values[0])
    triples = [(node, RDFS.label, Literal(v, lang=lang)) for v in values]
    triples += [(node, KG.quoteText, Literal(v)) for v in values]
    triples += [(iri.sub(node, "mention", 0), KG.article, iri.doc(doc_id)),
                (node, KG.date, Literal("2012-02-23", datatype=XSD.date))]
    expected = Graph()
    for t in triples:
        expected.add(t)
    terms = terms_of(triples)
    name = iri.graph(doc_id)
    for fmt in ("turtle", "nt"):
        g = Graph().parse(data=serialize_terms(terms, fmt), format=fmt)
        assert isomorphic(g, expected), fmt
    for fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(data=serialize_terms(terms, fmt, doc_id), format=fmt)
        assert isomorphic(ds.graph(name), expected), fmt
        assert len(list(ds.quads())) == len(expected)


# ----------------------------------------------------------------------------- progress bar
class _Tty:
    def __init__(self):
        self.text = ""

    def isatty(self):
        return True

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def test_progress_bar_on_a_terminal_only(tmp_path):
    from kg.corpus.progress import Progress, count_documents

    src = write_inputs(tmp_path / "in")
    (src / "rows.jsonl").write_text('{"id": "a", "text": "x"}\n\n{"id": "b", "text": "y"}\n')
    assert count_documents([str(src)]) == 7
    tty = _Tty()
    now = [100.0]
    bar = Progress(tty, interval=0, clock=lambda: now[0])
    bar.total = 10
    for kind in ("ok", "ok", "skipped", "quarantined"):
        now[0] += 1.0
        bar.update(kind)
    line = tty.text.rsplit("\r", 1)[-1]
    assert "4/10" in line and "0.8 docs/s" in line and "ETA 8s" in line and "quarantined 1" in line
    bar.close()
    assert tty.text.endswith("\r\x1b[K")

    class Pipe(_Tty):
        def isatty(self):
            return False

    pipe = Pipe()
    bar = Progress(pipe, interval=0)
    bar.update("ok")
    bar.close()
    assert pipe.text == ""


# ----------------------------------------------------------------------------- Dask (last: it starts threads)
def test_dask_local_cluster_gives_the_same_graphs(inline_out, tmp_path):
    distributed = pytest.importorskip("distributed")
    src, inline = inline_out
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        events, run = build([src], tmp_path / "out", engine="dask", scheduler=cluster.scheduler_address,
                            batch_size=2)
    assert sorted(kinds(events)["built"]) == GOOD_IDS
    assert_same_graphs(inline, tmp_path / "out")

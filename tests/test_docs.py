"""Every code block of README.md and docs/*.md runs (issue 13, item 2).

Shell and Python blocks run as written, in order, in a scratch folder holding a copy of
examples/ (and, for docs/corpus.md, a small corpus with the files its commands name). The only
changes made to them are listed in REWRITES and SKIPPED with the reason for each, and each
must still apply, so that no block is edited out of the test silently: ports become free ports,
servers started with "&" are waited for and stopped at the end, the multi-host Dask recipe runs
on this host. Turtle blocks (docs/rdf-layout.md) are read as Turtle with their placeholders
filled in, and must name every property kg writes and no property kg does not know.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import ROOT, SEED_ID, kg_argv

pytestmark = pytest.mark.slow

FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.M | re.S)
DOCS = ["README.md"] + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))

# Lines not run, by how they start, and why.
SKIPPED = {
    "pip install": "the install is what CI does before the tests run",
    "python -m pytest": "this is the test run",
}
# (document, text in a block, replacement, why): each must occur.
REWRITES = [
    ("README.md", "7878", "{port}", "a free port instead of Oxigraph's default"),
    ("docs/corpus.md", "tcp://scheduler:8786", "tcp://127.0.0.1:{port}", "the scheduler runs here"),
    ("docs/corpus.md", "dask scheduler --port 8786", "dask scheduler --host 127.0.0.1 --port {port} &",
     "its own host in the recipe: in the background here"),
    ("docs/corpus.md", "--nworkers 8", "--nworkers 1", "one worker process on a test machine"),
    ("docs/corpus.md", "--lifetime-restart", "--lifetime-restart &", "its own host: in the background"),
]
RUN = ("sh", "python")


def blocks(doc: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in FENCE.finditer((ROOT / doc).read_text(encoding="utf-8"))]


def test_every_block_is_run_by_some_test():
    kinds = {(doc, lang) for doc in DOCS for lang, _ in blocks(doc)}
    assert {lang for _, lang in kinds} <= set(RUN) | {"turtle", "json"}, kinds
    counts = {doc: len(blocks(doc)) for doc in DOCS}
    assert counts["README.md"] >= 5 and counts["docs/corpus.md"] >= 3 and counts["docs/rdf-layout.md"] >= 9
    assert all(lang for doc in DOCS for lang, _ in blocks(doc)), "a block without a language"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


WAIT = textwrap.dedent('''\
    python - <<'WAIT_EOF'
    import socket, time
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", {port}), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        raise SystemExit("nothing answers on port {port}")
    time.sleep({settle})
    WAIT_EOF
    ''')


def _script(doc: str, lang: str, text: str, port: int) -> str:
    for d, old, new, _ in REWRITES:
        if d == doc and old in text:
            text = text.replace(old, new.format(port=port))
    if lang == "python":
        return f"python - <<'PY_EOF'\n{text}PY_EOF\n"
    out = []
    for line in text.replace("\\\n", " ").splitlines():
        if any(line.startswith(s) for s in SKIPPED):
            continue
        out.append(line)
        code = line.split("  #")[0].rstrip()
        if code.endswith("&") and str(port) in code:   # a server: wait until it answers
            settle = 8 if "dask worker" in code else 0
            out.append(WAIT.format(port=port, settle=settle))
    return "\n".join(out) + "\n"


def _run_doc(doc: str, cwd: Path) -> None:
    port = _free_port()
    script = "set -euo pipefail\n" + "".join(_script(doc, lang, text, port)
                                            for lang, text in blocks(doc) if lang in RUN)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT)] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    env["PATH"] = os.pathsep.join([str(Path(kg_argv()[0]).parent), env.get("PATH", "")])
    log = cwd / f".{Path(doc).stem}.log"      # a file, not a pipe: servers left behind hold pipes open
    with open(log, "w") as f:
        proc = subprocess.Popen(["bash", "-c", script], cwd=cwd, env=env, stdout=f,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            proc.wait(timeout=900)
        finally:
            _stop_group(proc)
    out = log.read_text(errors="replace")
    assert proc.returncode == 0, f"{doc}: a block failed:\n{out[-4000:]}\n--- script ---\n{script}"


def _stop_group(proc) -> None:
    """Stop whatever the blocks started in the background (servers, Dask), then the rest."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        time.sleep(1)


def test_every_rewrite_and_skip_applies():
    for doc, old, _, why in REWRITES:
        assert any(old in text for _, text in blocks(doc)), (doc, old, why)
    for prefix in SKIPPED:
        assert any(line.startswith(prefix) for doc in DOCS for lang, text in blocks(doc) if lang == "sh"
                   for line in text.splitlines()), prefix


@pytest.fixture
def scratch(tmp_path) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path


def test_readme_blocks_run(scratch):
    _run_doc("README.md", scratch)
    assert (scratch / "output" / f"{SEED_ID}.ttl").is_file()
    assert json.loads((scratch / "statements.srj").read_text())["results"]["bindings"]
    assert (scratch / "corpus.trig").stat().st_size > 1000


def test_records_doc_blocks_run(scratch):
    _run_doc("docs/records.md", scratch)


def test_corpus_doc_blocks_run(scratch):
    text = (ROOT / "examples" / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    (scratch / "corpus").mkdir()
    (scratch / "corpus" / "seoul.txt").write_text("Seoul urged Beijing not to deport defectors.\n")
    (scratch / "corpus" / "seed.txt").write_text(text)
    (scratch / "more").mkdir()
    (scratch / "more" / "page.html").write_text("<html><body><p>China rejected the request of "
                                                "South Korea.</p></body></html>")
    feed = json.dumps({"id": "feed-1", "text": "Japan urged Russia to return to talks."}) + "\n"
    (scratch / "feed.jsonl").write_text(feed)
    with gzip.open(scratch / "feed.jsonl.gz", "wt") as f:
        f.write(feed)
    _run_doc("docs/corpus.md", scratch)
    built = {p.stem for p in (scratch / "out").glob("*.ttl")}
    assert {"seoul", "seed", "page", "feed-1"} <= built, built
    assert (scratch / "out" / "all.trig").is_file()


# ---------------------------------------------------------------- Turtle blocks (rdf-layout.md)

PLACEHOLDERS = {"<doc>": "d", "<n>": "0", "<key>": "k", "<key2>": "k2", "<key3>": "k3",
                "<slug>": "s", "<slug2>": "s2", "<version>": "0.1.0"}


def _as_turtle(block: str) -> str:
    """A layout block as Turtle: placeholders filled in, `kgid:a/b` and `<node>/x` written as
    relative IRIs (against @base kgid:), "…" lists cut."""
    out = []
    for line in block.splitlines():
        code, sep, comment = line.partition("  #")
        code = re.sub(r",\s*…", "", code)
        for k, v in PLACEHOLDERS.items():
            code = re.sub(r"(?<=[/:])" + re.escape(k), v, code)
        code = re.sub(r"kgid:([\w./-]+)", r"<\1>", code)
        code = re.sub(r"<(\w+)>((?:/[\w.-]+)+)", r"<\1\2>", code)
        out.append(code)
    return "\n".join(out)


def _prelude() -> str:
    from kg.rdf.namespaces import ID, PREFIXES

    return f"@base <{ID}> .\n" + "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())


def _layout_predicates() -> set[str]:
    from rdflib import Graph
    from rdflib.namespace import RDF

    preds = set()
    for lang, text in blocks("docs/rdf-layout.md"):
        assert lang == "turtle"
        g = Graph().parse(data=_prelude() + _as_turtle(text), format="turtle")
        assert len(g) >= 2, text
        preds |= {str(p) for p in g.predicates()} | {str(o) for o in g.objects(None, RDF.type)}
    return preds


def test_layout_names_every_property_and_class_kg_writes(seed_cli_build):
    from rdflib import Graph
    from rdflib.namespace import RDF

    out, proc = seed_cli_build
    assert proc.returncode in (0, 1), proc.stderr
    g = Graph().parse(out / f"{SEED_ID}.ttl")
    written = {str(p) for p in g.predicates()} | {str(o) for o in g.objects(None, RDF.type)}
    documented = _layout_predicates() | _mentioned()
    assert written - documented == set(), "written by kg build but not in docs/rdf-layout.md"


def _mentioned() -> set[str]:
    """The terms docs/rdf-layout.md names as prefixed names anywhere (tables, comments)."""
    from kg.rdf.namespaces import PREFIXES

    text = (ROOT / "docs" / "rdf-layout.md").read_text(encoding="utf-8")
    return {str(PREFIXES[p]) + local for p, local in re.findall(r"\b([a-z]+):([A-Za-z_][\w-]*)", text)
            if p in PREFIXES}


def test_layout_names_only_known_terms():
    from kg.rdf.namespaces import KG

    for term in _layout_predicates():
        if term.startswith(str(KG._NS)):
            KG[term[len(str(KG._NS)):]]        # raises for a term the ontology does not declare

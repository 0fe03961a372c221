#!/usr/bin/env python
"""How fast the query library and the analytics answer on a corpus of N articles.

    python bench/queries.py --articles 1000 --keep /tmp/kg-q1k       # build once, reuse after
    python bench/queries.py --articles 1000 --keep /tmp/kg-q1k --runs 7

1. Builds a corpus of N articles as bench/throughput.py does (varied from the shipped example
   and the development texts), `kg build`s it and `kg load`s it into an embedded store; with
   --keep DIR all three are kept in DIR and reused by the next run with the same N.
2. Times every query of the library (queries/*.rq), without parameters and with the
   parameters below, as library calls (kg.query.run_query) on the embedded store and through a
   real `oxigraph serve` on 127.0.0.1 (--endpoint): --runs runs each, median and p95.
3. Times `kg query NAME --store DIR` once per query as a user runs it (wall time, process
   start included), and `kg analyze --store DIR` (wall time and peak memory of the process).
4. Prints a line per measurement, then one JSON object as its last line.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

#: (query, parameters) measured besides every query without parameters
PARAMETERS = [
    ("positions", {"issue": "repatriation"}), ("positions", {"issue": "sanction"}),
    ("positions", {"actor": "china"}), ("statements", {"act": "REQUEST"}),
    ("statements", {"issue": "repatriation"}), ("statements", {"actor": "china"}),
    ("coalitions", {"issue": "repatriation"}), ("timeline", {"issue": "repatriation"}),
    ("quotes", {"actor": "china"}), ("actors", {"actor": "china"}),
    ("evidence", {"fact": "https://w3id.org/kg-diplomacy/id/doc/bench-000001/position/0"}),
]


def log(msg: str) -> None:
    print(f"[bench] {msg}", flush=True)


def prepare(n: int, work: Path, dev: Path) -> Path:
    """The store of an N-article corpus in WORK (built and loaded unless already there)."""
    from throughput import make_corpus

    from kg.corpus import BuildOptions, CorpusBuild
    from kg.store.embedded import EmbeddedStore

    stamp, store = work / "articles.txt", work / "store"
    if stamp.is_file() and stamp.read_text().strip() == str(n) and (store / "CURRENT").is_file():
        log(f"reusing the {n}-article store in {store}")
        return store
    shutil.rmtree(work, ignore_errors=True)
    make_corpus(n, work / "corpus", dev)
    t = time.perf_counter()
    for _ in CorpusBuild([str(work / "corpus")], BuildOptions(out_dir=work / "out", workers=os.cpu_count() or 1)):
        pass
    log(f"built {n} articles in {time.perf_counter() - t:.0f} s")
    t = time.perf_counter()
    with EmbeddedStore(store) as s:
        report = s.load([work / "out"])
        log(f"loaded {sum(g.triples for g in report.graphs)} triples in {time.perf_counter() - t:.0f} s")
    stamp.write_text(str(n))
    return store


def _stats(times: list[float]) -> dict:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"median_ms": round(statistics.median(times) * 1000, 1), "p95_ms": round(p95 * 1000, 1)}


def time_calls(source, cases, runs: int, timeout: float) -> dict:
    from kg.query import run_query

    out = {}
    for name, params in cases:
        key = name + "".join(f" {k}={v}" for k, v in params.items())
        times, rows = [], None
        try:
            for _ in range(runs):
                t = time.perf_counter()
                rows = len(run_query(name, source, params, timeout=timeout))
                times.append(time.perf_counter() - t)
            out[key] = {"rows": rows, **_stats(times)}
        except Exception as e:  # noqa: BLE001 - a timeout is a measurement too
            out[key] = {"error": type(e).__name__}
        log(f"  {key:45} {out[key]}")
    return out


def time_cli(argv: list[str], timeout: float) -> dict:
    """Wall time of one `kg …` process and its peak memory (ru_maxrss of the child)."""
    import resource

    t = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-m", "kg", *argv], capture_output=True, timeout=timeout,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        code = proc.returncode
    except subprocess.TimeoutExpired:
        code = "timeout"
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": round(wall, 2), "exit": code, "peak_rss_mb_so_far": round(peak)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", "-n", type=int, default=200)
    ap.add_argument("--runs", "-r", type=int, default=5, help="runs of each library call (default: 5)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per query (default: 60)")
    ap.add_argument("--keep", type=Path, help="build the corpus and store in this folder and reuse them")
    ap.add_argument("--dev", type=Path, default=Path(os.environ.get("KG_DEV_CORPUS", ROOT.parent / "shared" / "corpus" / "dev")))
    ap.add_argument("--no-server", action="store_true", help="skip the measurements through oxigraph serve")
    ap.add_argument("--no-analyze", action="store_true", help="skip kg analyze")
    a = ap.parse_args(argv)

    from kg.query import list_queries
    from kg.store.embedded import EmbeddedStore
    from kg.store.remote import Endpoint
    from kg.store.serve import Server

    work = a.keep or Path(tempfile.mkdtemp(prefix="kg-bench-q-"))
    result: dict = {"articles": a.articles, "runs": a.runs}
    try:
        store_dir = prepare(a.articles, work, a.dev)
        cases = [(q.name, {}) for q in list_queries()] + PARAMETERS
        log("library calls on the embedded store")
        with EmbeddedStore(store_dir, read_only=True) as store:
            result["quads"] = len(store)
            result["embedded"] = time_calls(store, cases, a.runs, a.timeout)
        log("kg query --store (one process each)")
        result["cli"] = {q.name: time_cli(["query", q.name, "--store", str(store_dir), "--format", "csv"], a.timeout + 30)
                         for q in list_queries()}
        for name, r in result["cli"].items():
            log(f"  {name:45} {r}")
        if not a.no_server:
            log("library calls through oxigraph serve")
            with Server(store_dir, read_only=True) as server:
                ep = Endpoint.from_url(server.url, timeout=a.timeout)
                result["endpoint"] = time_calls(ep, cases, a.runs, a.timeout)
        if not a.no_analyze:
            out = work / "analysis"
            result["analyze"] = time_cli(["analyze", "--store", str(store_dir), "--out", str(out), "--no-plots"],
                                         600)
            log(f"kg analyze --store: {result['analyze']}")
    finally:
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())

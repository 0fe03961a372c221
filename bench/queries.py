#!/usr/bin/env python
"""How fast the query library and the analytics answer on a corpus of N articles.

    python bench/queries.py --articles 1000 --keep /tmp/kg-q1k       # build once, reuse after
    python bench/queries.py --articles 1000 --keep /tmp/kg-q1k --runs 7

1. Builds a corpus of N articles as bench/throughput.py does (varied from the shipped example
   and the development texts), `kg build`s it and `kg load`s it into an embedded store; with
   --keep DIR all three are kept in DIR and reused by the next run with the same N
   (--build-only stops there).
2. Times every query of the library (queries/*.rq), without parameters and with the
   parameters below, as library calls (kg.query.run_query) on the embedded store: --runs runs
   each, median and p95 of the wall time, median of the CPU time of the process (Oxigraph
   evaluates in it). A query that times out is waited for before the next one starts.
3. Times the same cases as a user runs them, once each: `kg query … --store DIR --format csv`
   (wall and CPU time of the process, start included).
4. The same through a real `oxigraph serve` on 127.0.0.1: library calls on an Endpoint and
   `kg query … --endpoint URL` (CPU time: the client's and the server's).
5. Times `kg analyze` over the store, and over the graph files (wall, CPU, peak memory).
6. Prints a line per measurement, then one JSON object as its last line, with the load average
   of the machine before and after (other work on the machine slows the wall times; CPU times
   are less sensitive to it).
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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

#: (query, parameters) measured besides every query without parameters
PARAMETERS = [
    ("positions", {"issue": "repatriation"}), ("positions", {"issue": "sanction"}),
    ("positions", {"actor": "china"}), ("positions", {"stance": "oppose"}),
    ("statements", {"act": "REQUEST"}), ("statements", {"issue": "repatriation"}),
    ("statements", {"actor": "china"}), ("statements", {"stance": "oppose"}),
    ("statements", {"from": "2012-02-01", "to": "2012-02-29"}),
    ("coalitions", {"issue": "repatriation"}), ("coalitions", {"stance": "support"}),
    ("timeline", {"issue": "repatriation"}), ("quotes", {"actor": "china"}),
    ("actors", {"actor": "china"}), ("actors", {"kind": "igo"}),
    ("summary", {"article": "bench-00001"}),
    ("evidence", {"fact": "https://w3id.org/kg-diplomacy/id/doc/bench-000001/statement/0"}),
]


def log(msg: str) -> None:
    print(f"[bench] {msg}", flush=True)


def key(name: str, params: dict) -> str:
    return name + "".join(f" {k}={v}" for k, v in params.items())


def prepare(n: int, work: Path, dev: Path) -> tuple[Path, dict]:
    """The store of an N-article corpus in WORK (built and loaded unless already there)."""
    from throughput import make_corpus

    from kg.corpus import BuildOptions, CorpusBuild
    from kg.store.embedded import EmbeddedStore

    from kg.query import rows

    stamp, store = work / "articles.txt", work / "store"
    info: dict = {}
    if stamp.is_file() and stamp.read_text().strip() == str(n) and (store / "CURRENT").is_file():
        with EmbeddedStore(store, read_only=True) as s:
            kept = rows.current(s.store)
        if kept:
            log(f"reusing the {n}-article store in {store}")
            return store, {}
        log(f"loading the {n} articles again: the store has no rows of this kg (kg.query.rows)")
    else:
        shutil.rmtree(work, ignore_errors=True)
        make_corpus(n, work / "corpus", dev)
        t = time.perf_counter()
        run = CorpusBuild([str(work / "corpus")], BuildOptions(out_dir=work / "out", workers=os.cpu_count() or 1))
        for _ in run:
            pass
        info = {"build_s": round(time.perf_counter() - t), "triples": run.summary.triples}
        log(f"built {n} articles ({run.summary.triples} triples) in {info['build_s']} s")
    t = time.perf_counter()
    with EmbeddedStore(store) as s:
        report = s.load([work / "out"])
        info["load_s"] = round(time.perf_counter() - t)
        info["loaded_triples"] = sum(g.triples for g in report.graphs)
    log(f"loaded {info['loaded_triples']} triples in {info['load_s']} s")
    stamp.write_text(str(n))
    return store, info


def _stats(walls: list[float], cpus: list[float]) -> dict:
    walls = sorted(walls)
    p95 = walls[min(len(walls) - 1, round(0.95 * (len(walls) - 1)))]
    out = {"median_ms": round(statistics.median(walls) * 1000, 1), "p95_ms": round(p95 * 1000, 1)}
    if cpus:
        out["cpu_ms"] = round(statistics.median(cpus) * 1000, 1)
    return out


def _quiet() -> None:
    """Wait until no abandoned (timed-out) evaluation runs in this process."""
    while any(t.name == "kg-query" for t in threading.enumerate() if t is not threading.current_thread()):
        time.sleep(0.2)


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a running process used so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def time_calls(source, cases, runs: int, timeout: float, server_pid: int | None = None) -> dict:
    from kg.query import run_query

    out = {}
    for name, params in cases:
        walls, cpus, server = [], [], []
        try:
            for _ in range(runs):
                s0 = _proc_cpu(server_pid) if server_pid else 0.0
                t, c = time.perf_counter(), time.process_time()
                rows = len(run_query(name, source, params, timeout=timeout))
                walls.append(time.perf_counter() - t)
                cpus.append(time.process_time() - c)
                if server_pid:
                    server.append(_proc_cpu(server_pid) - s0)
            out[key(name, params)] = {"rows": rows, **_stats(walls, cpus)}
            if server:
                out[key(name, params)]["server_cpu_ms"] = round(statistics.median(server) * 1000, 1)
        except Exception as e:  # noqa: BLE001 - a timeout is a measurement too
            out[key(name, params)] = {"error": type(e).__name__}
            _quiet()
        log(f"  {key(name, params):48} {out[key(name, params)]}")
    return out


# `kg ARGV…` that writes its peak memory (VmHWM: since exec, unlike ru_maxrss, which also
# counts the bench process it was forked from) to stderr as it exits
_KG = ("import atexit, sys\n"
       "def peak():\n"
       "    for line in open('/proc/self/status'):\n"
       "        if line.startswith('VmHWM:'):\n"
       "            sys.stderr.write('\\nVmHWM ' + line.split()[1] + '\\n')\n"
       "atexit.register(peak)\n"
       "from kg.cli import main\n"
       "sys.exit(main(sys.argv[1:]))\n")


def run_child(argv: list[str], timeout: float) -> dict:
    """Wall time, CPU time (user + system) and peak memory of one `kg …` process."""
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _KG, *argv], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace").strip().splitlines()
    proc.stderr.close()
    peak = [int(line.split()[1]) for line in err if line.startswith("VmHWM ")]
    err = [line for line in err if line and not line.startswith("VmHWM ")]
    out = {"seconds": round(time.perf_counter() - t, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
           "peak_rss_mb": round(peak[-1] / 1024) if peak else None, "exit": proc.returncode}
    if proc.returncode not in (0, 1) and err:
        out["error"] = err[-1][:200]
    return out


def time_cli(cases, source_args: list[str], timeout: float) -> dict:
    out = {}
    for name, params in cases:
        argv = ["query", name, *source_args, "--format", "csv", "--timeout", str(timeout)]
        for k, v in params.items():
            argv += ["--param", f"{k}={v}"]
        out[key(name, params)] = run_child(argv, timeout + 30)
        log(f"  {key(name, params):48} {out[key(name, params)]}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", "-n", type=int, default=200)
    ap.add_argument("--runs", "-r", type=int, default=5, help="runs of each library call (default: 5)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per query (default: 60)")
    ap.add_argument("--keep", type=Path, help="build the corpus and store in this folder and reuse them")
    ap.add_argument("--dev", type=Path, default=Path(os.environ.get("KG_DEV_CORPUS", ROOT.parent / "shared" / "corpus" / "dev")))
    ap.add_argument("--build-only", action="store_true", help="build and load the store, then stop")
    ap.add_argument("--no-server", action="store_true", help="skip the measurements through oxigraph serve")
    ap.add_argument("--no-analyze", action="store_true", help="skip kg analyze")
    a = ap.parse_args(argv)

    from kg.query import list_queries
    from kg.store.embedded import EmbeddedStore
    from kg.store.remote import Endpoint
    from kg.store.serve import Server

    work = a.keep or Path(tempfile.mkdtemp(prefix="kg-bench-q-"))
    result: dict = {"articles": a.articles, "runs": a.runs, "cpus": os.cpu_count(),
                    "load_average_before": [round(x, 2) for x in os.getloadavg()]}
    try:
        store_dir, built = prepare(a.articles, work, a.dev)
        result.update(built)
        if a.build_only:
            print(json.dumps(result, sort_keys=True))
            return 0
        cases = [(q.name, {}) for q in list_queries()] + PARAMETERS
        log("library calls on the embedded store (run_query)")
        with EmbeddedStore(store_dir, read_only=True) as store:
            result["quads"] = len(store)
            result["embedded"] = time_calls(store, cases, a.runs, a.timeout)
        log("kg query --store (one process each, start included)")
        result["cli_store"] = time_cli(cases, ["--store", str(store_dir)], a.timeout)
        if not a.no_server:
            log("through oxigraph serve: library calls on an Endpoint, then kg query --endpoint")
            with Server(store_dir, read_only=True) as server:
                ep = Endpoint.from_url(server.url, timeout=a.timeout)
                result["endpoint"] = time_calls(ep, cases, a.runs, a.timeout, server.process.pid)
                result["cli_endpoint"] = time_cli(cases, ["--endpoint", server.url], a.timeout)
        if not a.no_analyze:
            out = work / "analysis"
            result["analyze_store"] = run_child(["analyze", "--store", str(store_dir), "--out", str(out),
                                                 "--no-plots"], 1800)
            log(f"kg analyze --store: {result['analyze_store']}")
            if (work / "out").is_dir():
                result["analyze_files"] = run_child(["analyze", str(work / "out"), "--out", str(out),
                                                     "--no-plots"], 1800)
                log(f"kg analyze FILES: {result['analyze_files']}")
    finally:
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())

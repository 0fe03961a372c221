#!/usr/bin/env python
"""Throughput of `kg build` against raw spaCy on the same corpus, machine and worker count.

    python bench/throughput.py --articles 200 --workers 1
    python bench/throughput.py --articles 200 --workers 2 --repeat 3

1. Builds a corpus of N article files by varying the shipped example (examples/) and the
   development texts (../shared/corpus/dev, read at run time, never copied into the repo;
   --dev DIR to point elsewhere): paragraphs reordered, dropped or borrowed from another
   article, one country name swapped for another. Lengths and shapes stay those of real
   news articles (headline, dateline, 200-600 words).
2. Measures, alternating, --repeat times each (best run kept: other load on the machine
   only ever slows a run down):
   (a) raw spaCy: W processes, each loading the same pipeline kg uses (kg.nlp.load(): same
       model, same components) and running nlp.pipe with the same batch size over its share
       of the texts;
   (b) the full kg pipeline as `kg build DIR --out OUT --workers W` runs it (kg.corpus):
       ingest -> spaCy -> extract -> graph -> SHACL -> serialize -> atomic write + manifest.
   Both timings include starting the processes and loading the model.
3. Prints progress lines, then as its last line one JSON object: articles, workers,
   spacy_articles_per_s, kg_articles_per_s, ratio, peak_rss_mb (the whole process tree of
   the kg run, sampled), stage_share (share of the summed per-document time of each stage),
   and details: among them the steady rates (spacy_/kg_steady_articles_per_s, steady_ratio),
   counted from the first article out to the last, i.e. without process start and model
   load, which a large corpus pays once.

Targets (issue "Corpora at speed"): ratio >= 0.85 at 1 and 2 workers, 2 workers >= 1.8x one
worker, peak memory flat from 1k to 10k articles.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COUNTRIES = ["China", "Russia", "France", "Germany", "Japan", "India", "Brazil", "Turkey", "Iran",
             "Egypt", "Kenya", "Nigeria", "Mexico", "Canada", "Australia", "Indonesia", "Pakistan",
             "Ukraine", "Belarus", "Yemen", "Ethiopia", "Sudan", "Syria", "Israel", "Poland",
             "Italy", "Spain", "Argentina", "Chile", "Vietnam", "Thailand", "Mali", "Somalia"]


def log(msg: str) -> None:
    print(f"[bench] {msg}", flush=True)


# ---------------------------------------------------------------------- corpus
def base_texts(dev: Path) -> list[str]:
    files = sorted((ROOT / "examples").glob("*.txt"))
    if dev.is_dir():
        files += sorted(p for p in dev.glob("*.txt"))
    else:
        log(f"no dev corpus at {dev}; varying the shipped example only")
    return [p.read_text(encoding="utf-8") for p in files]


def _split(text: str) -> tuple[list[str], list[str], str]:
    """(head lines, body paragraphs, separator): the head is everything up to the first
    line of 25+ words; paragraphs are the non-blank lines after it."""
    lines = text.split("\n")
    start = next((i for i, ln in enumerate(lines) if len(ln.split()) >= 25), 0)
    body = [ln for ln in lines[start:] if ln.strip()]
    sep = "\n\n" if "\n\n" in "\n".join(lines[start:]) else "\n"
    return lines[:start], body, sep


def vary(texts: list[str], k: int) -> str:
    rng = random.Random(k)
    head, body, sep = _split(texts[k % len(texts)])
    body = list(body)
    if len(body) > 3 and rng.random() < 0.5:            # drop a paragraph (not the lead)
        del body[rng.randrange(1, len(body))]
    if len(body) > 3 and rng.random() < 0.5:            # swap two later paragraphs
        i = rng.randrange(1, len(body) - 1)
        body[i], body[i + 1] = body[i + 1], body[i]
    if rng.random() < 0.35:                              # borrow 1-2 paragraphs
        _, other, _ = _split(texts[rng.randrange(len(texts))])
        if len(other) > 1:
            body += rng.sample(other[1:], min(len(other) - 1, rng.randint(1, 2)))
    text = "\n".join(head) + ("\n" if head else "") + sep.join(body) + "\n"
    present = [c for c in COUNTRIES if re.search(rf"\b{c}\b", text)]
    if present and rng.random() < 0.7:                   # one country for another
        old = rng.choice(present)
        new = rng.choice([c for c in COUNTRIES if c not in present])
        text = re.sub(rf"\b{old}\b", new, text)
    return text


def make_corpus(n: int, folder: Path, dev: Path) -> tuple[int, int]:
    texts = base_texts(dev)
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for k in range(n):
        text = vary(texts, k)
        words += len(text.split())
        (folder / f"bench-{k:06d}.txt").write_text(text, encoding="utf-8")
    return n, words


# ---------------------------------------------------------------------- memory sampling
def _rss_tree_kb(root: int) -> int:
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        try:
            p = psutil.Process(root)
            procs = [p] + p.children(recursive=True)
            total = 0
            for q in procs:
                try:
                    total += q.memory_info().rss // 1024
                except psutil.Error:
                    pass
            return total
        except psutil.Error:
            return 0
    # /proc fallback (Linux)
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/status") as f:
                st = f.read()
        except OSError:
            continue
        ppid = int(re.search(r"PPid:\s+(\d+)", st).group(1))
        m = re.search(r"VmRSS:\s+(\d+)", st)
        rss[int(d)] = int(m.group(1)) if m else 0
        children.setdefault(ppid, []).append(int(d))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


class Sampler:
    """Peak RSS of this process and all its descendants; with psutil also their CPU seconds
    (the last sample of each process: a process that ends loses < one interval)."""

    def __init__(self, interval: float = 0.25):
        self.peak_kb = 0
        self.interval = interval
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        try:
            import psutil

            self._me = psutil.Process()
            self._cpu0 = self._tree_cpu()
        except ImportError:
            self._me = None

    def _tree_cpu(self) -> dict:
        import psutil

        out = {}
        for p in [self._me] + self._me.children(recursive=True):
            try:
                t = p.cpu_times()
                out[p.pid] = t.user + t.system
            except psutil.Error:
                pass
        return out

    @property
    def cpu_seconds(self) -> float | None:
        if self._me is None:
            return None
        return sum(v - self._cpu0.get(pid, 0.0) for pid, v in self.cpu.items())

    def _run(self):
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, _rss_tree_kb(os.getpid()))
            if self._me is not None:
                self.cpu.update(self._tree_cpu())
            self._stop.wait(self.interval)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()
        if self._me is not None:
            self.cpu.update(self._tree_cpu())


# ---------------------------------------------------------------------- (a) raw spaCy
def _spacy_worker(paths: list[str], batch_size: int, out) -> None:
    from kg import nlp as knlp

    nlp = knlp.load()
    texts = (Path(p).read_text(encoding="utf-8") for p in paths)
    n = tokens = 0
    times = []
    for doc in nlp.pipe(texts, batch_size=batch_size):
        n += 1
        tokens += len(doc)
        times.append(time.time())
    out.put((n, tokens, times))


def run_spacy(paths: list[str], workers: int, batch_size: int) -> dict:
    from kg.corpus.local import _context

    ctx = _context(None)
    q = ctx.Queue()
    t0 = time.perf_counter()
    with Sampler() as mem:
        procs = [ctx.Process(target=_spacy_worker, args=(paths[i::workers], batch_size, q))
                 for i in range(workers)]
        for p in procs:
            p.start()
        got = [q.get() for _ in procs]
        for p in procs:
            p.join()
    dt = time.perf_counter() - t0
    n = sum(g[0] for g in got)
    return {"seconds": dt, "articles": n, "tokens": sum(g[1] for g in got),
            "articles_per_s": n / dt, "steady_per_s": _steady([t for g in got for t in g[2]], batch_size * workers),
            "peak_rss_mb": mem.peak_kb / 1024, "cpu_seconds": mem.cpu_seconds}


def _steady(times: list[float], skip: int) -> float | None:
    """Articles per second from the end of the first batch of every process to the last
    article out: the rate once processes are started and models loaded, which a large corpus
    sees (None below 20 batches per process)."""
    times = sorted(times)
    if len(times) < 20 * skip or times[-1] <= times[skip]:
        return None     # articles come out a batch at a time: too few batches to tell
    return (len(times) - 1 - skip) / (times[-1] - times[skip])


# ---------------------------------------------------------------------- (b) kg build
def run_kg(folder: Path, out: Path, workers: int, batch_size: int) -> dict:
    from kg.corpus import BuildOptions, Built, CorpusBuild
    from kg.ingest.sources import Quarantined

    shutil.rmtree(out, ignore_errors=True)
    run = CorpusBuild([str(folder)], BuildOptions(out_dir=out, workers=workers, batch_size=batch_size))
    t0 = time.perf_counter()
    built = bad = 0
    times = []
    next_log = time.perf_counter() + 10
    with Sampler() as mem:
        for item in run:
            if isinstance(item, Built):
                built += 1
                times.append(time.time())
            elif isinstance(item, Quarantined):
                bad += 1
            if time.perf_counter() > next_log:
                next_log += 10
                log(f"  kg: {built + bad} documents, {built / (time.perf_counter() - t0):.1f}/s")
    dt = time.perf_counter() - t0
    s = run.summary
    total = sum(s.stages.values()) or 1.0
    return {"seconds": dt, "articles": built, "quarantined": bad, "triples": s.triples,
            "articles_per_s": built / dt, "steady_per_s": _steady(times, batch_size * workers),
            "peak_rss_mb": mem.peak_kb / 1024, "cpu_seconds": mem.cpu_seconds,
            "stage_seconds": {k: round(v, 3) for k, v in s.stages.items()},
            "stage_share": {k: round(v / total, 4) for k, v in sorted(s.stages.items(), key=lambda kv: -kv[1])},
            "retries": s.retries}


# ---------------------------------------------------------------------- main
def _round(x):
    return round(x, 3) if x else None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", "-n", type=int, default=200)
    ap.add_argument("--workers", "-w", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--repeat", "-r", type=int, default=2, help="runs of each, alternating (best kept)")
    ap.add_argument("--dev", type=Path, default=Path(os.environ.get("KG_DEV_CORPUS", ROOT.parent / "shared" / "corpus" / "dev")))
    ap.add_argument("--keep", type=Path, help="keep the corpus and output in this folder")
    ap.add_argument("--no-baseline", action="store_true",
                    help="measure kg only (e.g. peak memory at 1k and 10k articles); no ratio")
    a = ap.parse_args(argv)

    work = a.keep or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    corpus, out = work / "corpus", work / "out"
    try:
        shutil.rmtree(corpus, ignore_errors=True)
        n, words = make_corpus(a.articles, corpus, a.dev)
        log(f"corpus: {n} articles, {words} words ({words / n:.0f} per article) in {corpus}")
        paths = sorted(str(p) for p in corpus.glob("*.txt"))
        spacy_runs, kg_runs = [], []
        for r in range(a.repeat):
            if not a.no_baseline:
                s = run_spacy(paths, a.workers, a.batch_size)
                spacy_runs.append(s)
                log(f"run {r + 1}/{a.repeat} raw spaCy: {s['articles_per_s']:.2f} articles/s "
                    f"({s['seconds']:.1f} s, peak {s['peak_rss_mb']:.0f} MB)")
            k = run_kg(corpus, out, a.workers, a.batch_size)
            kg_runs.append(k)
            log(f"run {r + 1}/{a.repeat} kg build:  {k['articles_per_s']:.2f} articles/s "
                f"({k['seconds']:.1f} s, peak {k['peak_rss_mb']:.0f} MB, {k['quarantined']} quarantined)")
        nan = {"articles_per_s": float("nan"), "cpu_seconds": None, "peak_rss_mb": float("nan")}
        s = max(spacy_runs, key=lambda x: x["articles_per_s"]) if spacy_runs else nan
        spacy_runs = spacy_runs or [nan]
        k = max(kg_runs, key=lambda x: x["articles_per_s"])
        result = {
            "articles": n,
            "workers": a.workers,
            "spacy_articles_per_s": round(s["articles_per_s"], 3),
            "kg_articles_per_s": round(k["articles_per_s"], 3),
            "ratio": round(k["articles_per_s"] / s["articles_per_s"], 3),
            "peak_rss_mb": round(max(r["peak_rss_mb"] for r in kg_runs), 1),
            "stage_share": k["stage_share"],
            "spacy_steady_articles_per_s": _round(max((x["steady_per_s"] or 0) for x in spacy_runs) if spacy_runs[0] is not nan else None),
            "kg_steady_articles_per_s": _round(max((x["steady_per_s"] or 0) for x in kg_runs)),
            "batch_size": a.batch_size,
            "repeat": a.repeat,
            "words_per_article": round(words / n),
            "spacy_runs_per_s": [round(x["articles_per_s"], 3) for x in spacy_runs],
            "kg_runs_per_s": [round(x["articles_per_s"], 3) for x in kg_runs],
            "spacy_peak_rss_mb": round(max(r["peak_rss_mb"] for r in spacy_runs), 1),
            "kg_stage_seconds": k["stage_seconds"],
            "kg_quarantined": k["quarantined"],
            "triples": k["triples"],
            "cpus": os.cpu_count(),
        }
        if result["spacy_steady_articles_per_s"] and result["kg_steady_articles_per_s"]:
            result["steady_ratio"] = round(result["kg_steady_articles_per_s"] / result["spacy_steady_articles_per_s"], 3)
        if s["cpu_seconds"] and k["cpu_seconds"]:
            # CPU seconds per article over all processes (parent, workers): less sensitive to
            # other load on the machine than wall-clock rates
            result["spacy_cpu_ms_per_article"] = round(1000 * min(r["cpu_seconds"] for r in spacy_runs) / n, 1)
            result["kg_cpu_ms_per_article"] = round(1000 * min(r["cpu_seconds"] for r in kg_runs) / n, 1)
            result["cpu_ratio"] = round(result["spacy_cpu_ms_per_article"] / result["kg_cpu_ms_per_article"], 3)
        try:
            result["load_average"] = [round(x, 2) for x in os.getloadavg()]
        except OSError:
            pass
        if a.no_baseline:
            for key in ("spacy_articles_per_s", "ratio", "spacy_runs_per_s", "spacy_peak_rss_mb"):
                result[key] = None
        print(json.dumps(result), flush=True)
        return 0
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

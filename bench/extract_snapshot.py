#!/usr/bin/env python3
"""Extraction snapshot and CPU timing: proves a speed change leaves the Records unchanged.

Parses a fixed set of articles once with spaCy: every article of examples/ and of
../shared/corpus/dev (read with kg.ingest.iter_inputs), plus --varied articles made by
bench/throughput.py's corpus generator (make_corpus/vary, seeded, so the same every run).
Then runs kg.extract.extract on each Doc --passes times, writes a canonical JSON dump of
the Records of the first pass (sorted keys; the actor dict kept in its order) to --out,
and prints the extraction CPU time per article (time.process_time, spaCy excluded; per
article the median and the least over the passes).

    python bench/extract_snapshot.py --out /tmp/snap-base.json
    python bench/extract_snapshot.py --out /tmp/snap-new.json && cmp /tmp/snap-base.json /tmp/snap-new.json

A/B in one process: --ab DIR times a second copy of the kg.extract package as well,
pass by pass with the current one over the same Docs, and tells whether their records are
the same (make the copy with --make-ab DIR before changing the code: it copies kg/extract
to DIR/kgx_base with its imports renamed).
Each Doc's user_data is reset before every extraction, so per-Doc caches are rebuilt as
in a real run.
"""
from __future__ import annotations

import argparse
import dataclasses
import gc
import importlib
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def make_ab(target: Path) -> None:
    """Copy kg/extract to target/kgx_base, importing itself instead of kg.extract."""
    pkg = target / "kgx_base"
    shutil.rmtree(pkg, ignore_errors=True)
    pkg.mkdir(parents=True)
    for src in (ROOT / "kg" / "extract").glob("*.py"):
        text = src.read_text(encoding="utf-8")
        text = re.sub(r"\bkg\.extract\b", "kgx_base", text)
        text = re.sub(r"^from kg\.extract import ", "from kgx_base import ", text, flags=re.M)
        (pkg / src.name).write_text(text, encoding="utf-8")
    data = target / "data"   # the modules find kg/data beside their parent folder
    if not data.exists():
        data.symlink_to(ROOT / "kg" / "data")


def articles(varied: int):
    from kg.ingest import iter_inputs
    from kg.model import Article
    from throughput import make_corpus

    dev = ROOT.parent / "shared" / "corpus" / "dev"
    inputs = [str(ROOT / "examples")] + ([str(dev)] if dev.is_dir() else [])
    arts = [a for a in iter_inputs(inputs) if isinstance(a, Article)]
    if varied:
        with tempfile.TemporaryDirectory(prefix="kg-snap-") as d:
            make_corpus(varied, Path(d), dev)
            arts += [a for a in iter_inputs([d]) if isinstance(a, Article)]
    return arts


def _plain(x):
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return {f.name: _plain(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if isinstance(x, dict):  # the actor dict: its order is part of the output
        return [[k, _plain(v)] for k, v in x.items()]
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, date):
        return x.isoformat()
    return x


def dump(records) -> str:
    d = _plain(records)
    d["article"] = {k: v for k, v in d["article"].items() if k not in ("text", "nlp_text")}
    d["article"]["source"] = Path(d["article"]["source"]).name if d["article"]["source"] else ""
    return json.dumps(d, sort_keys=True, ensure_ascii=False)


def timed(fn, nlp, art, doc, base_user_data):
    doc.user_data.clear()
    doc.user_data.update(base_user_data)
    t0 = time.process_time()
    rec = fn(nlp, art, doc)
    return time.process_time() - t0, rec


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("/tmp/kg-extract-snapshot.json"))
    ap.add_argument("--varied", type=int, default=300)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--ab", type=Path, help="folder holding a kgx_base copy of kg.extract to time against")
    ap.add_argument("--make-ab", type=Path, help="copy the current kg/extract to this folder and exit")
    ap.add_argument("--profile", type=Path, help="write a cProfile of one extraction pass here")
    a = ap.parse_args(argv)
    if a.make_ab:
        make_ab(a.make_ab)
        print(f"copied kg/extract to {a.make_ab}/kgx_base")
        return 0

    from kg import nlp as knlp
    from kg.extract import extract

    nlp = knlp.load()
    arts = articles(a.varied)
    t0 = time.process_time()
    docs = list(nlp.pipe([x.nlp_text for x in arts], batch_size=32))
    print(f"{len(arts)} articles parsed in {time.process_time() - t0:.1f} s CPU", flush=True)
    base_ud = [dict(d.user_data) for d in docs]

    fns = {"current": extract}
    if a.ab:
        sys.path.insert(0, str(a.ab))
        fns = {"base": importlib.import_module("kgx_base").extract, **fns}

    times = {k: [[] for _ in arts] for k in fns}
    for k, fn in fns.items():  # warm-up: lexicons, matchers, lru caches
        timed(fn, nlp, arts[0], docs[0], base_ud[0])
    out = None  # the records of the first pass of the current code; every pass must repeat them
    differ = 0
    for p in range(a.passes):
        for k, fn in fns.items():
            gc.collect()  # each pass pays for the garbage it makes, not for the one before
            dumps = []
            for n, (art, doc) in enumerate(zip(arts, docs)):
                dt, rec = timed(fn, nlp, art, doc, base_ud[n])
                times[k][n].append(dt)
                dumps.append(dump(rec))
            text = "\n".join(dumps) + "\n"
            if out is None and k == "current":
                out = text
            elif k == "current" and text != out:
                differ += 1
                print(f"!! pass {p + 1}: the records differ from the first pass", flush=True)
            if k == "base" and p == 0:
                base_text = text
            total = sum(t[-1] for t in times[k])
            print(f"pass {p + 1}/{a.passes} {k}: {total / len(arts) * 1000:.2f} ms/article (mean CPU)", flush=True)
    a.out.write_text(out, encoding="utf-8")
    if a.profile:
        import cProfile

        pr = cProfile.Profile()
        pr.enable()
        for n, (art, doc) in enumerate(zip(arts, docs)):
            timed(extract, nlp, art, doc, base_ud[n])
        pr.disable()
        pr.dump_stats(str(a.profile))
    # per article: the median of its passes (and the least, which other load on the machine
    # only ever raises); then the median and the mean over the articles
    result = {"articles": len(arts), "out": str(a.out), "passes_differing": differ}
    if a.ab:
        result["same_as_base"] = base_text == out
    for k in fns:
        med = [statistics.median(t) for t in times[k]]
        result[f"{k}_median_ms"] = round(statistics.median(med) * 1000, 3)
        result[f"{k}_mean_ms"] = round(statistics.mean(med) * 1000, 3)
        result[f"{k}_mean_of_least_ms"] = round(statistics.mean(min(t) for t in times[k]) * 1000, 3)
    if a.ab:
        for stat in ("mean", "median", "mean_of_least"):
            result[f"speedup_{stat}"] = round(result[f"base_{stat}_ms"] / result[f"current_{stat}_ms"], 3)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

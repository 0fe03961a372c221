#!/usr/bin/env python3
"""Extraction speed: seconds per article for each stage of the per-article path.

Parses each article once with spaCy (timed apart), then times extraction (actors,
coreference, statements, quotes, events, positions), RDF emission and SHACL validation
over the same parsed Docs. Prints progress lines and, last, one JSON object.

    python bench/extract_speed.py [--repeat 5] [FILES_OR_FOLDERS ...]

Without inputs it uses the bundled example and, when present, ../shared/corpus/dev.
Compare two versions by running the same command in two checkouts on the same machine.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def default_inputs() -> list[str]:
    out = [str(ROOT / "examples")]
    dev = ROOT.parent / "shared" / "corpus" / "dev"
    if dev.is_dir():
        out.append(str(dev))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--repeat", type=int, default=5, help="timed passes over the articles (median reported)")
    a = ap.parse_args(argv)

    from kg.extract import extract
    from kg.ingest import iter_inputs
    from kg.model import Article
    from kg.pipeline import Pipeline
    from kg.rdf.emit import emit
    from kg.validate import validate

    pipe = Pipeline(validate=False)
    arts = [x for x in iter_inputs(a.inputs or default_inputs()) if isinstance(x, Article)]
    words = sum(len(x.text.split()) for x in arts)
    t0 = time.perf_counter()
    docs = list(pipe.nlp.pipe([x.nlp_text for x in arts], batch_size=32))
    nlp_s = time.perf_counter() - t0
    stages = {"extract": [], "emit": [], "validate": []}
    for r in range(a.repeat):
        tx = te = tv = 0.0
        for art, doc in zip(arts, docs):
            t1 = time.perf_counter()
            rec = extract(pipe.nlp, art, doc)
            t2 = time.perf_counter()
            g = emit(rec, version="bench", config=pipe.config)
            t3 = time.perf_counter()
            validate(g)
            t4 = time.perf_counter()
            tx, te, tv = tx + t2 - t1, te + t3 - t2, tv + t4 - t3
        for k, v in zip(stages, (tx, te, tv)):
            stages[k].append(v / len(arts))
        print(f"pass {r + 1}/{a.repeat}: extract {tx / len(arts) * 1000:.1f} ms/article", flush=True)
    result = {"articles": len(arts), "words": words, "nlp_ms_per_article": round(nlp_s / len(arts) * 1000, 2)}
    result.update({f"{k}_ms_per_article": round(statistics.median(v) * 1000, 2) for k, v in stages.items()})
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Corpus builds: many articles, bounded memory, nothing lost (``kg build``).

    from kg.corpus import BuildOptions, CorpusBuild
    run = CorpusBuild(["corpus/"], BuildOptions(out_dir="out", workers=2))
    for event in run:
        print(event)
    print(run.summary)

Modules: ``build`` (the run: manifest, atomic writes, corpus file, store), ``work`` (the
per-document work inside a worker), ``local`` (worker processes with a watchdog),
``dask_engine`` (the same work on a Dask cluster), ``manifest`` (what was built from what),
``progress`` (the terminal progress bar).
"""
from kg.corpus.build import BuildOptions, CorpusBuild, Skipped, StoreFailed, Summary
from kg.corpus.work import Built, Failed

__all__ = ["BuildOptions", "Built", "CorpusBuild", "Failed", "Skipped", "StoreFailed", "Summary"]

"""What a build writes for each document, the same for ``kg build`` (kg.corpus.build) and
``Pipeline.build``: the graph files, the SHACL report, the quarantine list."""
from __future__ import annotations

import json
import time
from pathlib import Path

from kg.errors import OutputError
from kg.ingest.quarantine import Quarantined

QUARANTINE = "quarantine.jsonl"


def write_built(out_dir: Path, b) -> list[Path]:
    """Write a Built's ``<doc>.ttl`` and ``.trig`` (all or none), then its SHACL report, or
    remove a stale one; return the paths written."""
    from kg.rdf.io import atomic_write, write_all

    paths = write_all([(out_dir / f"{b.doc_id}.ttl", b.ttl), (out_dir / f"{b.doc_id}.trig", b.trig)])
    report = out_dir / f"{b.doc_id}.report.txt"
    if b.report is not None:
        atomic_write(report, b.report.encode("utf-8"))
        paths.append(report)
    elif report.exists():
        try:
            report.unlink()
        except OSError as e:
            raise OutputError(f"cannot remove a stale report: {e.strerror or e}", source=str(report)) from None
    return paths


class QuarantineLog:
    """OUT/quarantine.jsonl lists the bad documents of the latest run (source, line, code,
    message, time): the first record of a run replaces the file, the others are appended, and
    a run without bad documents removes it (:meth:`finish`)."""

    def __init__(self, out_dir: Path):
        self.path = Path(out_dir) / QUARANTINE
        self.any = False

    def add(self, q: Quarantined) -> None:
        from kg.ingest.clean import valid_unicode   # a file name need not be UTF-8

        rec = {"source": valid_unicode(q.source), "line": q.line, "code": q.code,
               "message": valid_unicode(q.message), "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        try:
            with open(self.path, "a" if self.any else "w", encoding="utf-8") as f:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        except OSError as e:
            raise OutputError(f"cannot write the quarantine file: {e.strerror or e}",
                              source=str(self.path)) from None
        self.any = True

    def finish(self) -> None:
        if not self.any and self.path.exists():
            try:
                self.path.unlink()      # nothing is bad any more
            except OSError:
                pass

"""The build manifest: ``OUT/manifest.jsonl``, what was built from which content with which
configuration, so that a re-run skips what has not changed.

One JSON object per line, appended as each document is written (after its files are in
place, so an entry always means complete files); the last line for a document id wins::

    {"id": "seed-…", "source": "in/seed-….txt", "hash": "<sha256 of the text>",
     "config": "<build key>", "status": "ok", "triples": 893,
     "files": ["seed-….ttl", "seed-….trig"], "time": "2024-05-01T10:00:00Z"}

``status`` is "ok", "violations" (written, with a SHACL report) or "quarantined" (the
document could not be processed, e.g. it timed out; ``code`` and ``message`` say why).

The *build key* hashes everything besides the text that determines a graph: kg's version,
the source of the build path (ingest, nlp, extract, rdf, validate), its data files
(gazetteers, lexicons), shapes/, the spaCy model and version, and whether validation ran. A
document is rebuilt when its text (content hash) or the build key differs from its entry,
when its files are gone, or with ``--force``; everything else is skipped.

A line torn by a crash is ignored when reading, and the file is rewritten without
superseded lines when more than half of it is stale.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.errors import OutputError

NAME = "manifest.jsonl"
LAYOUT = 1   # bump when the output layout changes in a way that needs a rebuild

# what a graph depends on, relative to the kg package (folders are hashed recursively)
_CODE = ("__init__.py", "model.py", "errors.py", "resources.py", "config.py", "pipeline.py", "ingest", "nlp",
         "extract", "rdf", "validate", "data", "corpus/work.py")


def _tree_hash(paths) -> str:
    h = hashlib.sha256()
    for root in paths:
        root = Path(root)
        files = [root] if root.is_file() else sorted(
            p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            and not p.name.endswith((".pyc", ".pyo")))
        for f in files:
            h.update(f.as_posix().rsplit("/kg/", 1)[-1].encode() + b"\0")
            h.update(f.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


def _model() -> dict:
    import importlib.metadata as md

    from kg.nlp import MODELS

    out = {}
    for name in ("spacy", *MODELS):
        try:
            out[name] = md.version(name)
        except md.PackageNotFoundError:
            pass
    return out


@lru_cache(maxsize=4)
def build_key(validate: bool = True) -> tuple[str, dict]:
    """(key, parts): a short hash of everything besides the text that a graph depends on.

    Cheap: reads package files and metadata, never loads the spaCy model."""
    from kg import __version__
    from kg.resources import repo_path

    pkg = Path(__file__).resolve().parent.parent
    try:
        shapes = _tree_hash([repo_path("shapes")])[:16]
        ontology = _tree_hash([repo_path("ontology")])[:16]     # its axioms shape the output (kg.rdf.entail)
    except Exception:  # noqa: BLE001 - no source tree: validation will report it
        shapes = ontology = "missing"
    parts = {"layout": LAYOUT, "kg": __version__, "code": _tree_hash(pkg / c for c in _CODE)[:16],
             "shapes": shapes, "ontology": ontology, "model": _model(), "validate": bool(validate)}
    key = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]
    return key, parts


@dataclass(frozen=True)
class Entry:
    digest: bytes        # 16 bytes of sha256(content hash, build key): compact in memory
    status: str
    triples: int
    code: str | None = None
    message: str | None = None


def _digest(content_hash: str, key: str) -> bytes:
    return hashlib.sha256(f"{content_hash}\0{key}".encode()).digest()[:16]


class Manifest:
    """The manifest of one output folder. Memory: one small entry per document id."""

    def __init__(self, out_dir: Path):
        self.path = Path(out_dir) / NAME
        self.entries: dict[str, Entry] = {}
        self.lines = 0
        self._fh = None
        self._torn = self._created = False
        self._unsynced = 0
        self.load()

    def load(self) -> None:
        self.entries.clear()
        self.lines = 0
        try:
            f = open(self.path, "rb")
        except FileNotFoundError:
            return
        except OSError as e:
            raise OutputError(f"cannot read the manifest: {e.strerror or e}", source=str(self.path)) from None
        with f:
            for raw in f:
                self.lines += 1
                try:
                    rec = json.loads(raw)
                    doc_id = rec["id"]
                    entry = Entry(_digest(rec["hash"], rec["config"]), rec["status"],
                                  int(rec.get("triples") or 0), rec.get("code"), rec.get("message"))
                except (ValueError, KeyError, TypeError):
                    continue   # a line torn by a crash, or not ours
                self.entries[doc_id] = entry

    def lookup(self, doc_id: str, content_hash: str, key: str) -> Entry | None:
        """The entry for ``doc_id`` if it was built from this content with this build key."""
        e = self.entries.get(doc_id)
        if e is not None and e.digest == _digest(content_hash, key):
            return e
        return None

    def record(self, doc_id: str, *, source: str, content_hash: str, key: str, status: str,
               triples: int = 0, files=(), code: str | None = None, message: str | None = None) -> None:
        rec = {"id": doc_id, "source": source, "hash": content_hash, "config": key, "status": status,
               "triples": triples, "files": list(files),
               "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        if code:
            rec.update(code=code, message=message)
        line = (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8")
        self._append(line)
        self.entries[doc_id] = Entry(_digest(content_hash, key), status, triples, code, message)
        self.lines += 1

    def _append(self, line: bytes) -> None:
        """Append one line, or leave the file as it was: a write that fails part-way (disk
        full) is cut off again, and OutputError names the manifest."""
        size = None
        try:
            if self._fh is None:
                self._created = not self.path.exists()
                self._fh = open(self.path, "ab", buffering=0)   # unbuffered: nothing left to flush
                self._torn = os.fstat(self._fh.fileno()).st_size > 0 and not _ends_with_newline(self.path)
            size = os.fstat(self._fh.fileno()).st_size
            if self._torn:
                line = b"\n" + line   # a line torn by a crash stays on its own
            view = memoryview(line)
            while view:
                view = view[self._fh.write(view):]
            self._torn = False
            self._unsynced += 1
            if self._unsynced >= 256:
                os.fsync(self._fh.fileno())
                self._unsynced = 0
        except OSError as e:
            if size is not None:
                try:
                    os.ftruncate(self._fh.fileno(), size)
                    if size == 0 and self._created:
                        self._fh.close()
                        self._fh = None
                        self.path.unlink()
                except OSError:
                    pass
            raise OutputError(f"cannot write the manifest: {e.strerror or e}", source=str(self.path)) from None

    def close(self) -> None:
        """Flush to disk; rewrite without superseded lines when more than half are stale."""
        if self._fh is not None:
            try:
                os.fsync(self._fh.fileno())
            except OSError:
                pass
            try:
                self._fh.close()
            except OSError:
                pass
            self._fh = None
        if self.lines > 2 * len(self.entries) + 64:
            self.compact()

    def compact(self) -> None:
        """Rewrite the file with only the last line of each document (streamed, atomic)."""
        last: dict[str, int] = {}
        with open(self.path, "rb") as f:
            for n, raw in enumerate(f):
                try:
                    last[json.loads(raw)["id"]] = n
                except (ValueError, KeyError, TypeError):
                    continue
        keep = set(last.values())
        del last
        tmp = self.path.with_name(f".{self.path.name}.compact.tmp")
        try:
            with open(self.path, "rb") as src, open(tmp, "wb") as dst:
                for n, raw in enumerate(src):
                    if n in keep:
                        dst.write(raw if raw.endswith(b"\n") else raw + b"\n")
                dst.flush()
                os.fsync(dst.fileno())
            os.replace(tmp, self.path)
        except OSError as e:
            try:
                tmp.unlink()
            except OSError:
                pass
            raise OutputError(f"cannot rewrite the manifest: {e.strerror or e}", source=str(self.path)) from None
        self.lines = len(keep)


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"

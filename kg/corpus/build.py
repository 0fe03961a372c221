"""``kg build`` for corpora: read, skip what is unchanged, process in workers, write atomically.

    from kg.corpus import BuildOptions, CorpusBuild
    run = CorpusBuild(["corpus/"], BuildOptions(out_dir="out", workers=2))
    for event in run:                 # Built | Skipped | Quarantined | StoreFailed
        ...
    run.summary                       # counts, triples, seconds, time per stage

``OUT/quarantine.jsonl`` lists the bad documents of the latest run (one JSON object each:
source, line, code, message, time); it is removed by a run without bad documents.

The parent process does all the writing, in this order for each document: its graph files
(temporary file, fsync, rename: RELIABILITY.md O1/O2), its SHACL report or the removal of a
stale one, then its manifest line, then the corpus file and the store. A document is never
marked built before its files are complete, so a run killed at any point is resumed by
running it again.

Duplicate document ids (RELIABILITY.md I7): within one run the first document with an id is
built; a later one with the same text is skipped as a duplicate, one with another text is
quarantined ("duplicate-id"), since both would mint the same IRIs. Across runs an id whose text
changed is rebuilt in place (its graph is replaced).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from kg.errors import ConfigError, OutputError
from kg.ingest import iter_inputs
from kg.ingest.sources import Quarantined
from kg.model import Article

from kg.corpus.manifest import Manifest, build_key
from kg.corpus.output import QUARANTINE, QuarantineLog, write_built  # noqa: F401 - QUARANTINE: API
from kg.corpus.work import Built, Failed, WorkOptions
from kg.outdir import LOCK, claimed_out_dir, prepare_out_dir  # noqa: F401 - LOCK, prepare_out_dir: kg.corpus.build's API

ENGINES = ("local", "dask")
FORMATS = ("ttl", "trig")


@dataclass
class BuildOptions:
    out_dir: Path | str = "output"
    workers: int = 1
    engine: str = "local"
    scheduler: object = None          # Dask scheduler address (or a distributed.Client)
    batch_size: int = 32
    timeout: float = 60.0             # seconds per document before it is quarantined
    validate: bool = True
    force: bool = False
    corpus: Path | str | None = None  # FILE.trig or FILE.nq: every document's graph in one file
    store: Path | str | None = None   # embedded Oxigraph store folder, loaded as it goes
    processor: str = "kg.corpus.work:Processor"   # what the workers run ("module:Class")


@dataclass
class Skipped:
    """A document whose graph is up to date (or a duplicate within this run)."""

    doc_id: str
    source: str
    status: str                       # "ok" | "violations" | "duplicate"
    triples: int
    paths: list


@dataclass
class StoreFailed:
    doc_id: str
    message: str


@dataclass
class Summary:
    built: int = 0
    violations: int = 0               # documents written with SHACL violations (built or skipped)
    quarantined: int = 0
    skipped: int = 0
    duplicates: int = 0
    triples: int = 0                  # triples written in this run
    store_failed: int = 0
    seconds: float = 0.0
    stages: dict = field(default_factory=dict)   # summed seconds per stage over documents
    retries: int = 0

    @property
    def documents(self) -> int:
        return self.built + self.quarantined + self.skipped


def _engine(o: BuildOptions, work: WorkOptions):
    if o.engine == "dask":
        from kg.corpus.dask_engine import DaskEngine

        return DaskEngine(o.scheduler, work, timeout=o.timeout)
    if o.engine != "local":
        raise ConfigError(f"unknown engine {o.engine!r}; valid: {', '.join(ENGINES)}")
    from kg.corpus.local import InlineEngine, LocalEngine

    if o.workers <= 0:
        return InlineEngine(work)
    return LocalEngine(o.workers, work, timeout=o.timeout)


class CorpusBuild:
    def __init__(self, inputs: list[str], options: BuildOptions | None = None):
        self.inputs = [os.fspath(p) for p in inputs]
        self.o = options or BuildOptions()
        self.out = Path(self.o.out_dir)
        self.summary = Summary()
        self.engine = None
        self.quarantine = QuarantineLog(self.out)
        if self.o.scheduler is not None and self.o.engine != "dask":
            raise ConfigError("--scheduler is for --engine dask")
        if not self.o.timeout > 0:
            raise ConfigError(f"--timeout must be more than 0 seconds, not {self.o.timeout}")
        if self.o.corpus is not None and Path(self.o.corpus).suffix.lower() not in (".trig", ".nq"):
            raise ConfigError(f"--corpus must end in .trig or .nq, not {Path(self.o.corpus).name!r}",
                              source=str(self.o.corpus))

    # ------------------------------------------------------------------ the run
    def __iter__(self) -> Iterator[Built | Skipped | Quarantined | StoreFailed]:
        t0 = time.perf_counter()
        with claimed_out_dir(self.out):
            yield from self._run(t0)

    def _run(self, t0: float) -> Iterator[Built | Skipped | Quarantined | StoreFailed]:
        self.key, self.key_parts = build_key(self.o.validate)
        self.manifest = Manifest(self.out)
        corpus = store = None
        ok = False
        try:
            store = _Store(Path(self.o.store)) if self.o.store else None
            corpus = _CorpusFile(Path(self.o.corpus)) if self.o.corpus else None
            work = WorkOptions(validate=self.o.validate, batch_size=self.o.batch_size,
                               nquads=bool(corpus and corpus.nquads), processor=self.o.processor)
            self.engine = _engine(self.o, work)
            for item in self.engine.run(self._feed(), batch_size=self.o.batch_size):
                yield from self._handle(item, corpus, store)
            ok = True
            self.quarantine.finish()
        finally:
            if self.engine is not None:
                if ok:
                    self.engine.close()
                else:
                    self.engine.terminate()
                self.summary.retries = getattr(self.engine, "restarts", 0)
            self.manifest.close()
            if corpus is not None:
                corpus.finish(ok)
            if store is not None:
                store.close()
            self.summary.seconds = time.perf_counter() - t0

    def _feed(self) -> Iterator[Article | Skipped | Quarantined]:
        """Articles to process; skips and bad inputs pass through the engine to _handle."""
        seen: dict[str, str] = {}    # doc id -> content hash, this run
        t_ingest = time.perf_counter()
        for item in iter_inputs(self.inputs, out_dir=self.out):
            self._stage("ingest", time.perf_counter() - t_ingest)
            if isinstance(item, Article):
                first = seen.get(item.id)
                if first is not None:
                    if first == item.content_hash[:16]:
                        item = Skipped(item.id, item.source, "duplicate", 0, [])
                    else:
                        item = Quarantined(item.source or item.id, None, "duplicate-id",
                                           f"document id {item.id!r} is already used by another "
                                           "document of this run with a different text (ids come "
                                           "from file names or the JSONL \"id\"); rename one")
                else:
                    seen[item.id] = item.content_hash[:16]
                    if not self.o.force:
                        item = self._up_to_date(item) or item
            yield item
            t_ingest = time.perf_counter()

    def _up_to_date(self, a: Article):
        e = self.manifest.lookup(a.id, a.content_hash, self.key)
        if e is None:
            return None
        if e.status == "quarantined":
            return Quarantined(a.source or a.id, None, e.code or "quarantined",
                               f"{e.message} (as in the previous run; --force retries)")
        paths = [self.out / f"{a.id}.{ext}" for ext in FORMATS]
        if not all(p.is_file() for p in paths):
            return None
        if e.status == "violations" and not (self.out / f"{a.id}.report.txt").is_file():
            return None
        return Skipped(a.id, a.source, e.status, e.triples, paths)

    def _stage(self, name: str, seconds: float) -> None:
        st = self.summary.stages
        st[name] = st.get(name, 0.0) + seconds

    # ------------------------------------------------------------------ outcomes
    def _handle(self, item, corpus, store) -> Iterator:
        s = self.summary
        if isinstance(item, Quarantined):
            s.quarantined += 1
            self.quarantine.add(item)
            if isinstance(item, Failed):    # read, but not processable: remember it
                self.manifest.record(item.doc_id, source=item.source, content_hash=item.content_hash,
                                     key=self.key, status="quarantined", code=item.code,
                                     message=item.message)
            yield item
            return
        if isinstance(item, Skipped):
            if item.status == "duplicate":
                s.duplicates += 1
            s.skipped += 1
            if item.status == "violations":
                s.violations += 1
            if item.paths:
                t = time.perf_counter()
                if corpus is not None:
                    corpus.add_file(item.paths[1])
                failed = store.ensure(item.doc_id, item.paths[1]) if store is not None else None
                self._stage("write", time.perf_counter() - t)
                if failed:
                    s.store_failed += 1
                    yield StoreFailed(item.doc_id, failed)
            yield item
            return
        # Built
        t = time.perf_counter()
        item.paths = write_built(self.out, item)
        status = "ok" if item.conforms is not False else "violations"
        self.manifest.record(item.doc_id, source=item.source, content_hash=item.content_hash, key=self.key,
                             status=status, triples=item.triples, files=[p.name for p in item.paths])
        if corpus is not None:
            corpus.add_bytes(item.nquads if corpus.nquads else item.trig)
        failed = store.load(item.doc_id, item.ttl) if store is not None else None
        self._stage("write", time.perf_counter() - t)
        for k, v in item.seconds.items():
            self._stage(k, v)
        s.built += 1
        s.triples += item.triples
        if item.conforms is False:
            s.violations += 1
        item.ttl = item.trig = item.nquads = b""     # written: free the bytes
        if failed:
            s.store_failed += 1
            yield StoreFailed(item.doc_id, failed)
        yield item


# ---------------------------------------------------------------------- corpus file
class _CorpusFile:
    """FILE.trig or FILE.nq with every document's named graph, written to a temporary file
    beside it and renamed at the end of a successful run (streamed: memory holds only the shared
    vocabulary). The extracted vocabulary the documents share (kg.rdf.vocabulary) and kg's
    schemes are written once, at the end, in their own graphs."""

    def __init__(self, path: Path):
        import tempfile

        self.path = path
        self.nquads = path.suffix.lower() == ".nq"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for stale in path.parent.glob(f".{path.name}.*.tmp"):
                stale.unlink()
            fd, self.tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as e:
            raise OutputError(f"cannot write the corpus file: {e.strerror or e}", source=str(path)) from None
        self.f = os.fdopen(fd, "wb")
        self.shared: set = set()

    def add_bytes(self, data: bytes) -> None:
        from kg.rdf.io import split_shared

        data, shared = split_shared(data, "nquads" if self.nquads else "trig")
        self.shared.update(shared)
        self._write(data)

    def _write(self, data: bytes) -> None:
        try:
            self.f.write(data)
        except OSError as e:
            raise OutputError(f"cannot write the corpus file: {e.strerror or e}", source=str(self.path)) from None

    def add_file(self, trig_path: Path) -> None:
        try:
            data = trig_path.read_bytes()
        except OSError as e:
            raise OutputError(f"cannot read {trig_path.name}: {e.strerror or e}", source=str(trig_path)) from None
        if self.nquads:
            import pyoxigraph as ox

            data = ox.serialize(ox.parse(data, format=ox.RdfFormat.TRIG), format=ox.RdfFormat.N_QUADS)
        self.add_bytes(data)

    def finish(self, ok: bool) -> None:
        from kg.rdf import vocabulary
        from kg.rdf.io import serialize_shared

        try:
            if ok:
                schemes = [(str(t.subject), str(t.predicate), str(t.object)) for t in vocabulary.schemes_triples()]
                self._write(serialize_shared("nquads" if self.nquads else "trig", self.shared, schemes))
                self.f.flush()
                os.fsync(self.f.fileno())
                self.f.close()
                os.chmod(self.tmp, 0o666 & ~_umask())
                os.replace(self.tmp, self.path)
                return
            self.f.close()
        except OSError as e:
            raise OutputError(f"cannot write the corpus file: {e.strerror or e}", source=str(self.path)) from None
        finally:
            if os.path.exists(self.tmp):
                os.unlink(self.tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ---------------------------------------------------------------------- embedded store
class _Store:
    """The embedded Oxigraph store (kg.store.embedded): one transaction per document graph,
    replacing the graph ``kgid:graph/<doc-id>``. A graph the store refuses is reported and the
    run goes on (RELIABILITY.md S4); it is loaded again by the next run."""

    def __init__(self, path: Path):
        from kg.store.embedded import EmbeddedStore
        from kg.store.graphs import schemes_graph

        self.store = EmbeddedStore(path)
        self.store.replace_graph(schemes_graph())     # kg's schemes, current

    def _put(self, doc_id: str, data: bytes, fmt) -> None:
        """The document's graph in place of the old one, its shared triples added to the
        extracted vocabulary (kg.rdf.vocabulary)."""
        import pyoxigraph as ox

        from kg.rdf import iri, vocabulary
        from kg.store.graphs import NamedGraph

        triples = [q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(data, format=fmt)]
        own, shared = vocabulary.split(triples)
        self.store.replace_graph(NamedGraph(ox.NamedNode(str(iri.graph(doc_id))), own, doc_id), shared)
        if shared:
            self.store.replace_graph(NamedGraph(ox.NamedNode(vocabulary.EXTRACTED), shared, doc_id))

    def load(self, doc_id: str, ttl: bytes) -> str | None:
        import pyoxigraph as ox

        from kg.errors import KgError

        try:
            self._put(doc_id, ttl, ox.RdfFormat.TURTLE)
        except (KgError, SyntaxError, ValueError, OSError) as e:
            return getattr(e, "message", None) or str(e)
        return None

    def ensure(self, doc_id: str, trig_path: Path) -> str | None:
        """Load a skipped document's graph if the store does not hold it yet (or not its rows
        of this kg: kg.query.rows)."""
        import pyoxigraph as ox

        from kg.errors import KgError
        from kg.rdf import iri

        from kg.query.rows import holds

        try:
            if holds(self.store.store, str(iri.graph(doc_id))):
                return None
            self._put(doc_id, trig_path.read_bytes(), ox.RdfFormat.TRIG)
        except (KgError, SyntaxError, ValueError, OSError) as e:
            return getattr(e, "message", None) or str(e)
        return None

    def close(self) -> None:
        self.store.close()

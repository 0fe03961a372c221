"""The per-document work, run inside a worker (a local process or a Dask worker).

A :class:`Processor` loads the spaCy pipeline once, parses a batch of articles with
``nlp.pipe`` and turns each into a :class:`Built` (the serialized graph and a summary) or a
:class:`~kg.ingest.sources.Quarantined`: extract -> emit -> SHACL -> serialize. Nothing is
written here; the parent process writes the bytes atomically, so a killed worker can never
leave a partial file.

Fast paths (ARCHITECTURE.md, performance table): the emitter writes N-Triples term strings
(kg.rdf.nt), never an rdflib Graph; kg's SHACL Core engine (kg.validate.fast) checks them as
they are; kg's own writer turns them into Turtle, TriG and N-Quads (kg.rdf.io.serialize_terms).
"""
from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field
from typing import Iterator

from kg.errors import ConfigError, KgError, ValidationError
from kg.ingest.sources import Quarantined
from kg.model import Article

#: Errors that are the installation's fault, not the document's: they stop the whole run.
FATAL = (ConfigError, ValidationError)


@dataclass(frozen=True)
class WorkOptions:
    validate: bool = True
    nquads: bool = False        # also produce N-Quads (for a corpus .nq file)
    batch_size: int = 32
    #: the Processor class the workers run, as "module:Class" (a subclass can add or replace
    #: stages, e.g. for profiling or fault injection in tests)
    processor: str = "kg.corpus.work:Processor"

    def make_processor(self) -> "Processor":
        import importlib

        module, _, name = self.processor.partition(":")
        return getattr(importlib.import_module(module), name)(self)


@dataclass(frozen=True)
class Failed(Quarantined):
    """A document that was read but could not be processed (it timed out, crashed its worker,
    hit a bug, was too long for the NLP): quarantined, and remembered in the manifest so that
    a re-run does not try it again (``--force`` does)."""

    doc_id: str = ""
    content_hash: str = ""


def failed(article: Article, code: str, message: str) -> Failed:
    return Failed(article.source or article.id, None, code, message, article.id, article.content_hash)


@dataclass
class Built:
    """One document's graph, serialized, and what the summary line needs."""

    doc_id: str
    source: str
    content_hash: str
    ttl: bytes
    trig: bytes
    nquads: bytes | None
    triples: int
    counts: dict                 # actors, statements, positions, quotes, events
    conforms: bool | None        # None when validation is off
    violations: int = 0
    report: str | None = None    # formatted SHACL report when it does not conform
    seconds: dict = field(default_factory=dict)
    paths: list = field(default_factory=list)   # set by the parent once written


def _internal(article: Article, stage: str, e: BaseException) -> Failed:
    return failed(article, "internal", f"{stage} failed ({type(e).__name__}: {str(e)[:300]}); "
                  "this is a bug in kg, please report it")


class Processor:
    """Per-process state: the spaCy pipeline and the configuration, loaded once."""

    def __init__(self, options: WorkOptions = WorkOptions()):
        from kg import __version__, nlp
        from kg.pipeline import config_snapshot

        self.options = options
        self.nlp = nlp.load()
        self.version = __version__
        self.config = config_snapshot()
        gc.freeze()     # see _settle
        self._settled = False

    def _settle(self) -> None:
        """The model, lexicons and gazetteers (loaded on first use) live as long as the process:
        move them out of the cyclic collector's reach once the first batch has loaded them, so
        its full passes stop walking ~130k objects (about 1.7 ms per document)."""
        if not self._settled:
            self._settled = True
            gc.collect()
            gc.freeze()

    # ------------------------------------------------------------------ batches
    def run(self, articles: list[Article]) -> Iterator[tuple[int, Built | Quarantined]]:
        """(index, outcome) for each article, in order; bad documents become Quarantined.

        Raises only for FATAL errors (a broken validator or configuration)."""
        todo = []
        for i, a in enumerate(articles):
            if len(a.nlp_text) > self.nlp.max_length:
                yield i, failed(a, "too-large", f"text has {len(a.nlp_text)} characters; the NLP "
                                f"limit is {self.nlp.max_length} (split the article)")
            else:
                todo.append(i)
        docs = self.nlp.pipe((articles[i].nlp_text for i in todo),
                             batch_size=max(1, min(len(todo), self.options.batch_size)))
        for n, i in enumerate(todo):
            t0 = time.perf_counter()
            try:
                doc = next(docs)
            except Exception as e:  # noqa: BLE001 - nlp.pipe broke: go on one document at a time
                yield i, self._alone(articles[i], e)
                for j in todo[n + 1:]:
                    yield j, self._alone(articles[j], e)
                return
            yield i, self.finish(articles[i], doc, time.perf_counter() - t0)
        self._settle()

    def _alone(self, article: Article, pipe_error: BaseException) -> Built | Quarantined:
        t0 = time.perf_counter()
        try:
            doc = self.nlp(article.nlp_text)
        except Exception as e:  # noqa: BLE001
            return _internal(article, "spaCy", e)
        return self.finish(article, doc, time.perf_counter() - t0)

    # ------------------------------------------------------------------ one document
    def extract(self, article: Article, doc):
        """Records of one parsed article (kg.extract.extract; a subclass may wrap it)."""
        from kg.extract import extract

        return extract(self.nlp, article, doc)

    def finish(self, article: Article, doc, nlp_seconds: float = 0.0) -> Built | Quarantined:
        """extract -> emit -> SHACL -> serialize; a KgError or a crash in any stage quarantines
        this document only (FATAL errors propagate)."""
        from kg.rdf.emit import emit_triples

        t = {"nlp": nlp_seconds}
        try:
            records = self._stage(t, "extract", article, self.extract, article, doc)
            triples = self._stage(t, "emit", article, lambda: sorted(
                emit_triples(records, version=self.version, config=self.config)))
            report = self._stage(t, "validate", article, self._validate, triples) if self.options.validate else None
            built = self._stage(t, "serialize", article, self._built, article, records, triples, report)
        except _Stop as stop:
            return stop.outcome
        built.seconds = t
        return built

    @staticmethod
    def _stage(t: dict, name: str, article: Article, fn, *args):
        t0 = time.perf_counter()
        try:
            return fn(*args)
        except FATAL:
            raise
        except KgError as e:
            raise _Stop(failed(article, e.code, e.message)) from None
        except Exception as e:  # noqa: BLE001 - one document must not stop the batch
            raise _Stop(_internal(article, _STAGES[name], e)) from None
        finally:
            t[name] = time.perf_counter() - t0

    @staticmethod
    def _validate(triples):
        from kg.validate import validate_terms

        return validate_terms(triples)     # ValidationError (a broken validator) is fatal

    def _built(self, article: Article, records, triples: list, report) -> Built:
        from kg.rdf.io import serialize_terms, trig_from_turtle

        ttl = serialize_terms(triples, "turtle")
        built = Built(
            doc_id=article.id, source=article.source, content_hash=article.content_hash,
            ttl=ttl, trig=trig_from_turtle(ttl, article.id),
            nquads=serialize_terms(triples, "nquads", article.id) if self.options.nquads else None,
            triples=len(triples),
            counts={"actors": len(records.actors), "statements": len(records.statements),
                    "positions": len(records.positions), "quotes": len(records.quotes),
                    "events": len(records.events)},
            conforms=None if report is None else report.conforms,
            violations=0 if report is None else len(report.results),
        )
        if report is not None and not report.conforms:
            from kg.validate import format_report

            built.report = format_report(report)
        return built


class _Stop(Exception):
    """A stage failed for this document: ``outcome`` is its quarantine record."""

    def __init__(self, outcome: Failed):
        super().__init__(outcome.message)
        self.outcome = outcome


_STAGES = {"extract": "extraction", "emit": "graph building", "validate": "validation",
           "serialize": "serialization"}


# ---------------------------------------------------------------------- Dask entry point
_processors: dict[WorkOptions, Processor] = {}


def run_batch(articles: list[Article], options: WorkOptions) -> list[Built | Quarantined]:
    """Process one batch in this process, loading the pipeline on first use (the function
    a Dask worker runs; also usable in-process)."""
    proc = _processors.get(options)
    if proc is None:
        proc = _processors[options] = options.make_processor()
    out: list = [None] * len(articles)
    for i, outcome in proc.run(articles):
        out[i] = outcome
    return out

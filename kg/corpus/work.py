"""The per-document work: the one path every article takes, in ``kg build``'s workers (local
processes or Dask) and in the library (kg.pipeline.Pipeline).

A :class:`Processor` loads the spaCy pipeline once and parses a batch of articles with
``nlp.pipe``; :meth:`Processor.process` turns one into a :class:`Result` (extract -> emit ->
SHACL): its records, its triples and its report. The library hands the Result to the user (its
rdflib ``graph`` is built from the triples when asked for); a worker goes on to
:meth:`Processor.finish`, which also serializes it into a :class:`Built` (the bytes and a
summary) for the parent process to write atomically, so a killed worker never leaves a partial
file. With ``WorkOptions.until`` a worker stops earlier: after extraction it sends an
:class:`Extracted` (the records), which the parent turns into the Built with :func:`complete`;
after parsing it sends a :class:`Parsed` (the Doc as arrays), which another worker process
extracts and finishes (:meth:`Processor.run_parsed`).
A document that fails in any stage becomes a :class:`Failed` (quarantined).

Fast paths: the emitter writes N-Triples term strings (kg.rdf.nt), never an rdflib Graph;
kg's SHACL Core engine (kg.validate.fast) checks them as they are; kg's own writers turn them
into Turtle, TriG and N-Quads (kg.rdf.io.serialize_terms).
"""
from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field
from typing import Iterator

from kg.errors import ConfigError, KgError, ValidationError
from kg.ingest.quarantine import Quarantined
from kg.model import Article, Records

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
    #: freeze the loaded model out of the cyclic garbage collector (a worker process's own
    #: business; the library leaves its user's process alone)
    freeze_gc: bool = True
    #: how far :meth:`Processor.run` takes an article: "serialize" (a Built), "extract" (an
    #: :class:`Extracted`, which the receiving process finishes with :func:`complete`) or
    #: "parse" (a :class:`Parsed`, which another process extracts and finishes with
    #: :meth:`Processor.run_parsed`): the local engine's choices when CPUs are left over
    #: (kg.corpus.local)
    until: str = "serialize"

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
class Result:
    """One processed article: its ``records`` (kg.model.Records), its graph as N-Triples term
    strings (``triples``, sorted: kg.rdf.nt), the SHACL ``report`` (kg.validate.Report, None
    without validation), the ``paths`` written by Pipeline.build and seconds per stage. The
    rdflib ``graph`` is built from the triples when first asked for."""

    article: Article
    records: Records
    triples: list
    report: object | None = None
    paths: list = field(default_factory=list)
    seconds: dict = field(default_factory=dict)
    _graph: object = field(default=None, repr=False, compare=False)

    @property
    def graph(self):
        """The article's graph as an rdflib Graph (the writer puts it in its named graph)."""
        if self._graph is None:
            from rdflib import Graph

            from kg.rdf.namespaces import bind_prefixes
            from kg.rdf.nt import to_rdflib

            g = Graph()
            bind_prefixes(g)
            for s, p, o in self.triples:
                g.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
            self._graph = g
        return self._graph

    @graph.setter
    def graph(self, graph) -> None:
        self._graph = graph

    @property
    def conforms(self) -> bool:
        return self.report is None or self.report.conforms


@dataclass
class Extracted:
    """An article's records, its graph not yet made: what a worker sends when its parent
    finishes the work (``WorkOptions.until == "extract"``; :func:`complete`), with what the graph
    records of the run (kg's version, the configuration snapshot)."""

    article: Article
    records: Records
    version: str
    config: dict
    seconds: dict = field(default_factory=dict)


@dataclass
class Parsed:
    """An article's parse as arrays: what a worker sends when another process extracts
    (``WorkOptions.until == "parse"``). ``unpack`` rebuilds the same Doc (tokens, whitespace,
    tags, lemmas, morphology, parse, sentences, entities) in any process that loaded the
    same pipeline: about 0.4 ms to pack and 0.5 ms to unpack, against ~7 ms of extraction."""

    article: Article
    words: list
    attrs: object          # numpy array of Doc.to_array(_PACKED)
    strings: list          # the lemmas and morphologies the receiving vocabulary may lack
    seconds: float = 0.0

    @classmethod
    def pack(cls, article: Article, doc, seconds: float = 0.0) -> "Parsed":
        from spacy.attrs import LEMMA, MORPH

        packed = _packed()
        attrs = doc.to_array(packed)
        ids = set(attrs[:, packed.index(LEMMA)].tolist()) | set(attrs[:, packed.index(MORPH)].tolist())
        names = doc.vocab.strings
        return cls(article, [t.text for t in doc], attrs, [names[h] for h in ids if h], seconds)

    def unpack(self, vocab):
        from spacy.attrs import SPACY
        from spacy.tokens import Doc

        for s in self.strings:
            vocab.strings.add(s)
        packed = _packed()
        spaces = self.attrs[:, packed.index(SPACY)].astype(bool).tolist()
        return Doc(vocab, words=self.words, spaces=spaces).from_array(packed, self.attrs)


def _packed() -> list:
    """The attributes a Doc is sent with: those spaCy's own Doc.to_bytes keeps."""
    from spacy.tokens import Doc

    return Doc._get_array_attrs()


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


def _outcome(article: Article, stage: str, e: BaseException) -> Failed:
    """A document that failed in ``stage``: its own error (KgError), or a bug in kg."""
    if isinstance(e, KgError):
        return failed(article, e.code, e.message)
    return _internal(article, _STAGES[stage], e)


def _internal(article: Article, stage: str, e: BaseException) -> Failed:
    return failed(article, "internal", f"{stage} failed ({type(e).__name__}: {str(e)[:300]}); "
                  "this is a bug in kg, please report it")


class Processor:
    """Per-process state: the spaCy pipeline and the configuration, loaded once."""

    def __init__(self, options: WorkOptions = WorkOptions(), nlp=None):
        from kg import __version__
        from kg import nlp as _nlp
        from kg.config import config_snapshot

        self.options = options
        self.nlp = _nlp.load() if nlp is None else nlp
        self.version = __version__
        self.config = config_snapshot(self.nlp)
        self._settled = not options.freeze_gc
        if options.freeze_gc:
            gc.freeze()     # see _settle

    def _settle(self) -> None:
        """The model, lexicons and gazetteers (loaded on first use) live as long as the process:
        move them out of the cyclic collector's reach once the first batch has loaded them, so
        its full passes stop walking ~130k objects (about 1.7 ms per document)."""
        if not self._settled:
            self._settled = True
            gc.collect()
            gc.freeze()

    # ------------------------------------------------------------------ batches
    def run(self, articles: list[Article], finish=None) -> Iterator[tuple[int, Built | Quarantined]]:
        """(index, outcome) for each article, in order; bad documents become Quarantined.
        ``finish(article, doc, nlp_seconds)`` makes the outcome: :meth:`finish` (a Built,
        the default) or :meth:`process` (a Result).

        Raises only for FATAL errors (a broken validator or configuration)."""
        finish = finish or {"extract": self.extracted, "parse": self.parsed}.get(self.options.until, self.finish)
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
                yield i, self._alone(articles[i], finish)
                for j in todo[n + 1:]:
                    yield j, self._alone(articles[j], finish)
                return
            yield i, finish(articles[i], doc, time.perf_counter() - t0)
        self._settle()

    def _alone(self, article: Article, finish) -> Built | Result | Quarantined:
        t0 = time.perf_counter()
        try:
            doc = self.nlp(article.nlp_text)
        except Exception as e:  # noqa: BLE001
            return _internal(article, "spaCy", e)
        return finish(article, doc, time.perf_counter() - t0)

    # ------------------------------------------------------------------ one document
    def extract(self, article: Article, doc):
        """Records of one parsed article (kg.extract.extract; a subclass may wrap it)."""
        from kg.extract import extract

        return extract(self.nlp, article, doc)

    def process(self, article: Article, doc, nlp_seconds: float = 0.0, *,
                catch: bool = True) -> Result | Failed:
        """extract -> emit -> SHACL: the article's Result. A KgError or a crash in any stage
        quarantines this document only (a Failed; FATAL errors propagate), or with
        ``catch=False`` is raised."""
        t = {"nlp": nlp_seconds}
        try:
            records = _stage(t, "extract", article, catch, self.extract, article, doc)
            triples = _stage(t, "emit", article, catch, _emit, records, self.version, self.config)
            report = (_stage(t, "validate", article, catch, _validate, triples)
                      if self.options.validate else None)
        except _Stop as stop:
            return stop.outcome
        return Result(article, records, triples, report, seconds=t)

    def extracted(self, article: Article, doc, nlp_seconds: float = 0.0) -> Extracted | Failed:
        """extract: what :func:`complete` finishes (in this process or another)."""
        t = {"nlp": nlp_seconds}
        try:
            records = _stage(t, "extract", article, True, self.extract, article, doc)
        except _Stop as stop:
            return stop.outcome
        return Extracted(article, records, self.version, self.config, t)

    def parsed(self, article: Article, doc, nlp_seconds: float = 0.0) -> Parsed:
        """The parse, packed for the process that extracts (:meth:`run_parsed`)."""
        return Parsed.pack(article, doc, nlp_seconds)

    def run_parsed(self, items: list[Parsed]) -> Iterator[tuple[int, Built | Quarantined]]:
        """(index, outcome) for each Parsed: extract -> emit -> SHACL -> serialize."""
        for i, p in enumerate(items):
            try:
                doc = p.unpack(self.nlp.vocab)
            except Exception as e:  # noqa: BLE001
                yield i, _internal(p.article, "spaCy", e)
                continue
            yield i, self.finish(p.article, doc, p.seconds)
        self._settle()

    def finish(self, article: Article, doc, nlp_seconds: float = 0.0) -> Built | Quarantined:
        """extract -> emit -> SHACL -> serialize: the worker's outcome."""
        x = self.extracted(article, doc, nlp_seconds)
        return x if isinstance(x, Failed) else complete(x, self.options)

    def built(self, result: Result) -> Built:
        """The serialized graph of a Result and what the summary line needs."""
        return _built(result.article, result.triples, result.records, result.report, self.options.nquads)


def complete(x: Extracted, options: WorkOptions) -> Built | Failed:
    """emit -> SHACL -> serialize: the Built of an Extracted article (a KgError or crash
    quarantines it; FATAL errors propagate)."""
    t, article = x.seconds, x.article
    try:
        triples = _stage(t, "emit", article, True, _emit, x.records, x.version, x.config)
        report = _stage(t, "validate", article, True, _validate, triples) if options.validate else None
        built = _stage(t, "serialize", article, True, _built, article, triples, x.records, report,
                       options.nquads)
    except _Stop as stop:
        return stop.outcome
    built.seconds = t
    return built


def _stage(t: dict, name: str, article: Article, catch: bool, fn, *args):
    t0 = time.perf_counter()
    try:
        return fn(*args)
    except FATAL:
        raise
    except Exception as e:  # noqa: BLE001 - one document must not stop the batch
        if not catch:
            raise
        raise _Stop(_outcome(article, name, e)) from None
    finally:
        t[name] = time.perf_counter() - t0


def _validate(triples):
    from kg.validate import validate_terms

    return validate_terms(triples)     # ValidationError (a broken validator) is fatal


def _emit(records: Records, version: str, config: dict) -> list:
    from kg.rdf.emit import emit_triples

    return sorted(emit_triples(records, version=version, config=config))


def _built(article: Article, triples: list, records: Records, report, nquads: bool) -> Built:
    from kg.rdf.io import serialize_terms, turtle_and_trig

    ttl, trig = turtle_and_trig(triples, article.id)
    built = Built(
        doc_id=article.id, source=article.source, content_hash=article.content_hash,
        ttl=ttl, trig=trig,
        nquads=serialize_terms(triples, "nquads", article.id) if nquads else None,
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

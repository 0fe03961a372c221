"""The library API: ingest -> nlp -> extract -> emit -> validate -> write.

Corpora (many documents, worker processes, re-runs that skip unchanged documents) go through
kg.corpus, which runs the same steps per document (kg.corpus.work) without building rdflib
graphs.

>>> from kg.pipeline import Pipeline          # doctest: +SKIP
>>> result = Pipeline().process_text("Seoul urged Beijing not to deport defectors.", doc_id="d1")  # doctest: +SKIP
>>> result.records.statements[0].act          # doctest: +SKIP
'REQUEST'
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from kg import __version__
from kg.errors import ConfigError, KgError, OutputError, ValidationError
from kg.ingest import article_from_text, iter_inputs
from kg.ingest.sources import Quarantined
from kg.model import Article, Records


@dataclass
class Result:
    """One processed article: its records, graph and SHACL report (None without validation);
    ``paths`` of the files written by :meth:`Pipeline.build`; seconds per stage."""

    article: Article
    records: Records
    graph: object            # rdflib.Graph
    report: object | None    # kg.validate.Report
    paths: list[Path] = field(default_factory=list)
    seconds: dict = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        return self.report is None or self.report.conforms


def config_snapshot(nlp=None) -> dict:
    """What determines the output besides the input: versions and data hashes (and the spaCy
    model ``nlp``, by default the shared one)."""
    from kg.extract.data import files_hash
    from kg.extract.gazetteer import load_gazetteer
    from kg.extract.lexicon import lexicon_hash
    from kg.nlp import model_info

    return {"kg": __version__, **model_info(nlp), "gazetteer": load_gazetteer().version_hash()[:16],
            "lexicons": lexicon_hash()[:16], "tables": files_hash()[:16]}


class Pipeline:
    """Articles in, knowledge graphs out: spaCy, extraction, RDF, SHACL, in this process.

    ``nlp``: the spaCy pipeline, as a model name (``"en_core_web_md"``) or a loaded
    ``spacy.language.Language`` (it must have a parser and NER; kg adds its line-break
    component to it); by default en_core_web_sm, loaded once per process. ``validate``:
    check each graph against shapes/ (:attr:`Result.report`). ``batch_size``: documents per
    ``nlp.pipe`` batch in :meth:`run` and :meth:`build`.

    >>> from kg.pipeline import Pipeline                                    # doctest: +SKIP
    >>> r = Pipeline().process_text("Seoul urged Beijing not to deport defectors.", doc_id="d1")
    >>> r.records.statements[0].act, r.conforms, len(r.graph) > 50           # doctest: +SKIP
    ('REQUEST', True, True)
    """

    def __init__(self, nlp=None, *, validate: bool = True, batch_size: int = 32):
        from kg import nlp as _nlp

        self.nlp = _nlp.load(nlp) if nlp is None or isinstance(nlp, str) else _nlp.prepare(nlp)
        self.validate = validate
        self.batch_size = batch_size
        self.config = config_snapshot(self.nlp)

    # ------------------------------------------------------------------ one article
    def process(self, article: Article, doc=None) -> Result:
        """Process one kg.model.Article (from kg.ingest, or ``article_from_text``); ``doc`` is
        its spaCy Doc when already parsed. Returns a :class:`Result`."""
        from kg.extract import extract
        from kg.rdf.emit import emit

        t = {}
        t0 = time.perf_counter()
        if doc is None:
            doc = self.nlp(article.nlp_text)
        t1 = time.perf_counter()
        records = extract(self.nlp, article, doc)
        t2 = time.perf_counter()
        graph = emit(records, version=__version__, config=self.config)
        t3 = time.perf_counter()
        report = None
        if self.validate:
            from kg.validate import validate

            report = validate(graph)
        t4 = time.perf_counter()
        t.update(nlp=t1 - t0, extract=t2 - t1, emit=t3 - t2, validate=t4 - t3)
        return Result(article, records, graph, report, seconds=t)

    def process_text(self, text: str, *, doc_id: str = "doc", **meta) -> Result:
        """Process one article given as text. ``doc_id`` names it in every IRI (a slug of
        a-z, 0-9 and "-"); ``meta`` may give ``title``, ``published`` (an ISO date or a
        ``datetime.date``), ``url``, ``publisher`` and ``source``. Returns a :class:`Result`:
        ``records`` (kg.model.Records), ``graph`` (rdflib Graph), ``report`` (SHACL, or None
        without validation). Raises kg.errors.InputError for an empty text."""
        return self.process(article_from_text(text, doc_id=doc_id, **meta))

    # ------------------------------------------------------------------ many
    def run(self, articles: Iterable[Article | Quarantined]) -> Iterator[Result | Quarantined]:
        """Process a stream; quarantined inputs pass through, a failing article becomes one."""
        batch: list[Article] = []

        def flush():
            docs = self.nlp.pipe([a.nlp_text for a in batch], batch_size=self.batch_size)
            for a, d in zip(batch, docs):
                try:
                    yield self.process(a, d)
                except (ConfigError, ValidationError):
                    raise  # the installation is at fault, not the document
                except KgError as e:
                    yield Quarantined.from_error(e, a.source or a.id)
                except Exception as e:  # noqa: BLE001 - one document must not stop the batch
                    yield Quarantined(a.source or a.id, None, "internal",
                                      f"processing failed ({type(e).__name__}: {e}); this is a bug in kg")
            batch.clear()

        for item in articles:
            if isinstance(item, Quarantined):
                yield item
                continue
            batch.append(item)
            if len(batch) >= self.batch_size:
                yield from flush()
        if batch:
            yield from flush()

    def build(self, inputs: list[str], out_dir: Path) -> Iterator[Result | Quarantined]:
        """Build and write every input in this process, yielding full Results (records and
        rdflib graph): the library path. ``kg build`` uses kg.corpus instead (worker processes,
        manifest and skipping, watchdog, corpus file, store); both write the same bytes."""
        from kg.corpus.build import claimed_out_dir

        out_dir = Path(out_dir)
        with claimed_out_dir(out_dir):
            yield from self._build(inputs, out_dir)

    def _build(self, inputs: list[str], out_dir: Path) -> Iterator[Result | Quarantined]:
        from kg.rdf.io import atomic_write, write_document
        from kg.validate import format_report

        for item in self.run(iter_inputs(inputs, out_dir=out_dir)):
            if isinstance(item, Quarantined):
                _quarantine(out_dir, item)
                yield item
                continue
            try:
                item.paths = write_document(item.graph, item.article.id, out_dir)
                report_path = out_dir / f"{item.article.id}.report.txt"
                if item.report is not None and not item.report.conforms:
                    atomic_write(report_path, format_report(item.report).encode("utf-8"))
                    item.paths.append(report_path)
                elif report_path.exists():
                    report_path.unlink()
            except OutputError:
                raise  # the output is at fault, not the input: stop with exit code 5
            yield item


def _quarantine(out_dir: Path, q: Quarantined) -> None:
    rec = {"source": q.source, "line": q.line, "code": q.code, "message": q.message,
           "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    with open(out_dir / "quarantine.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")

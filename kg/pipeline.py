"""The library API: ingest -> nlp -> extract -> emit -> validate -> write.

Every article takes one path, the one ``kg build`` takes (kg.corpus.work.Processor): the
records, the graph's triples and its SHACL report; the rdflib Graph of a :class:`Result` is
built from the same triples when asked for. Corpora (worker processes, re-runs that skip
unchanged documents, a cluster) go through kg.corpus, which writes the same bytes.

>>> from kg.pipeline import Pipeline          # doctest: +SKIP
>>> result = Pipeline().process_text("Seoul urged Beijing not to deport defectors.", doc_id="d1")  # doctest: +SKIP
>>> result.records.statements[0].act          # doctest: +SKIP
'REQUEST'
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Iterable, Iterator

from kg.config import config_snapshot
from kg.corpus.work import Processor, Result, WorkOptions
from kg.ingest import article_from_text, iter_inputs
from kg.ingest.quarantine import Quarantined
from kg.model import Article

__all__ = ["Pipeline", "Result", "config_snapshot"]


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

        model = _nlp.load(nlp) if nlp is None or isinstance(nlp, str) else _nlp.prepare(nlp)
        self.processor = Processor(WorkOptions(validate=validate, batch_size=batch_size, freeze_gc=False),
                                   nlp=model)
        self.nlp = self.processor.nlp
        self.config = self.processor.config
        self.validate = validate
        self.batch_size = batch_size

    # ------------------------------------------------------------------ one article
    def process(self, article: Article, doc=None) -> Result:
        """Process one kg.model.Article (from kg.ingest, or ``article_from_text``); ``doc`` is
        its spaCy Doc when already parsed. Returns a :class:`Result`; an error in any stage
        is raised (:meth:`run` quarantines it instead)."""
        t0 = time.perf_counter()
        if doc is None:
            doc = self.nlp(article.nlp_text)
        return self.processor.process(article, doc, time.perf_counter() - t0, catch=False)

    def process_text(self, text: str, *, doc_id: str = "doc", **meta) -> Result:
        """Process one article given as text. ``doc_id`` names it in every IRI (a slug of
        a-z, 0-9 and "-"); ``meta`` may give ``title``, ``published`` (an ISO date or a
        ``datetime.date``), ``url``, ``publisher`` and ``source``. Returns a :class:`Result`:
        ``records`` (kg.model.Records), ``graph`` (rdflib Graph), ``report`` (SHACL, or None
        without validation). Raises kg.errors.InputError for an empty text."""
        return self.process(article_from_text(text, doc_id=doc_id, **meta))

    # ------------------------------------------------------------------ many
    def run(self, articles: Iterable[Article | Quarantined]) -> Iterator[Result | Quarantined]:
        """Process a stream in batches; quarantined inputs pass through, a failing article
        becomes one (an error of the installation, such as a broken validator, is raised)."""
        from kg.corpus.local import InlineEngine

        engine = InlineEngine(self.processor.options, processor=self.processor, outcome="process")
        yield from engine.run(articles, batch_size=self.batch_size)

    def build(self, inputs: list[str], out_dir: Path) -> Iterator[Result | Quarantined]:
        """Build and write every input in this process, yielding full Results (records and
        graph): ``<doc>.ttl``, ``.trig`` and SHACL reports written as ``kg build`` writes them
        (the same bytes), and OUT/quarantine.jsonl. ``kg build`` adds worker processes, the
        manifest that skips unchanged documents, the watchdog, a corpus file and a store."""
        from kg.outdir import claimed_out_dir

        out_dir = Path(out_dir)
        with claimed_out_dir(out_dir):
            yield from self._build(inputs, out_dir)

    def _build(self, inputs: list[str], out_dir: Path) -> Iterator[Result | Quarantined]:
        from kg.corpus.output import QuarantineLog, write_built

        quarantine = QuarantineLog(out_dir)
        for item in self.run(iter_inputs(inputs, out_dir=out_dir)):
            if isinstance(item, Quarantined):
                quarantine.add(item)
                yield item
                continue
            item.paths = write_built(out_dir, self.processor.built(item))   # OutputError stops the build
            yield item
        quarantine.finish()

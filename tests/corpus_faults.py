"""Fault injection for tests/test_corpus.py: a Processor that hangs, crashes its process or
raises on documents carrying a marker. Workers import it by name
(``WorkOptions(processor="corpus_faults:FaultyProcessor")``), so it must be a module."""
from __future__ import annotations

import os
import signal
import time

from kg.corpus.work import Processor

HANG, CRASH, BUG, GRAPH = "KG-TEST-HANG", "KG-TEST-CRASH", "KG-TEST-BUG", "KG-TEST-GRAPH"


class FaultyProcessor(Processor):
    def extract(self, article, doc):
        if HANG in article.text:
            time.sleep(3600)
        if CRASH in article.text:
            os.kill(os.getpid(), signal.SIGKILL)
        if BUG in article.text:
            raise RuntimeError("injected bug")
        records = super().extract(article, doc)
        if GRAPH in article.text:
            records.statements.append("not a statement")   # the graph stage fails on it
        return records

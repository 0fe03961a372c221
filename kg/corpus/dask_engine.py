"""The Dask engine: the same per-document work (kg.corpus.work.run_batch) on a Dask cluster.

    kg build corpus/ --out out --engine dask --scheduler tcp://scheduler:8786

The client (this process) reads the input, submits batches (at most two per worker thread in
flight), and writes every result itself, exactly as the local engine does: the workers need kg
installed (same version, ``pip install 'kg[dask]'``) but no access to the output folder. Each
worker process loads the spaCy pipeline once, on its first batch.

Watchdog: a batch that has not finished ``timeout`` seconds per document after it was submitted
is given up: its documents are submitted again one at a time, and a single document that runs
out of time is quarantined. Dask cannot interrupt a running task, so the stuck thread keeps its
worker slot until it ends; run workers with ``--nthreads 1`` and a ``--lifetime`` to recycle
them. A batch whose worker died (``KilledWorker``) is retried the same way.
"""
from __future__ import annotations

import time
from typing import Iterable, Iterator

from kg.errors import ConfigError, KgError

from kg.corpus.feed import Feed
from kg.corpus.work import WorkOptions, failed, run_batch


def _client(scheduler):
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError("the Dask engine needs dask.distributed: pip install 'kg[dask]' "
                          "(or: pip install 'dask[distributed]')") from None
    if not isinstance(scheduler, str):
        return scheduler, False          # a Client given by the caller (tests, notebooks)
    try:
        return Client(scheduler, timeout=30), True
    except (OSError, TimeoutError) as e:
        raise ConfigError(f"cannot reach the Dask scheduler: {e}", source=scheduler) from None


class DaskEngine:
    def __init__(self, scheduler, options: WorkOptions, *, timeout: float = 60.0):
        if not scheduler:
            raise ConfigError("--engine dask needs --scheduler ADDRESS (e.g. tcp://host:8786)")
        self.client, self._own = _client(scheduler)
        self.options = options
        self.timeout = float(timeout)
        self.restarts = 0

    def _slots(self) -> int:
        try:
            threads = sum(self.client.nthreads().values())
        except Exception:  # noqa: BLE001
            threads = 0
        return max(2, 2 * threads)

    def run(self, items: Iterable, batch_size: int = 32) -> Iterator:
        from distributed import wait

        feed = Feed(items, batch_size)
        live: dict = {}              # future -> (articles, submitted, isolated)
        retry: list = []             # (articles, isolated)

        def submit(articles, isolated=False):
            fut = self.client.submit(run_batch, articles, self.options, pure=False)
            live[fut] = (articles, time.monotonic(), isolated)

        while True:
            slots = self._slots()
            while len(live) < slots and (retry or not feed.exhausted):
                if retry:
                    submit(*retry.pop())
                    continue
                batch = yield from feed.fill()
                if batch:
                    submit(batch)
            if not live and not retry and feed.exhausted:
                return
            if live:
                # a bounded wait, so that the watchdog below runs
                try:
                    finished, _ = wait(list(live), timeout=1.0, return_when="FIRST_COMPLETED")
                except TimeoutError:
                    finished = []
                for fut in finished:
                    yield from self._collect(fut, live, retry)
            now = time.monotonic()
            for f, (articles, t0, isolated) in list(live.items()):
                if now - t0 > self.timeout * max(1, len(articles)) + 30 * (not isolated):
                    del live[f]
                    f.cancel()
                    yield from self._give_up(articles, isolated, retry,
                                             f"processing took longer than {self.timeout:g} s "
                                             "(the --timeout limit)", "timeout")

    def _collect(self, fut, live, retry) -> Iterator:
        if fut not in live:
            return                     # given up already
        articles, _, isolated = live.pop(fut)
        try:
            outcomes = fut.result()
        except KgError:
            raise
        except Exception as e:  # noqa: BLE001 - KilledWorker, a lost worker, a cancelled task
            name = type(e).__name__
            yield from self._give_up(articles, isolated, retry, f"the Dask worker failed ({name}: {e})",
                                     "crash")
            return
        yield from outcomes

    def _give_up(self, articles, isolated, retry, reason, code) -> Iterator:
        self.restarts += 1
        if isolated or len(articles) == 1:
            a = articles[0]
            yield failed(a, code, f"{reason}; document skipped")
            return
        for a in articles:
            retry.append(([a], True))

    def close(self) -> None:
        if self._own:
            self.client.close()

    terminate = close

"""The local engine: N worker processes, each loading the spaCy pipeline once.

The parent reads the input, sends batches of articles to the workers (at most two batches per
worker in flight, so memory stays flat however large the corpus) and gets back one outcome
per document, in order within a batch. Workers never write files.

A worker ends as soon as the parent process does (kg.lifeline), even when the parent was
killed with SIGKILL and ran no cleanup; the fork server and resource tracker of
multiprocessing then end too, and nothing holds the caller's stdout.

Watchdog: a worker that sends nothing for ``timeout`` seconds while it has work is killed.
The documents of its batch that were not answered are tried again one per batch, in a fresh
worker; a document that times out (or kills its worker) *alone* is quarantined with the
reason, and the rest goes on. The same happens when a worker dies (a crash in a native
library, the kernel's OOM killer).

``workers=0`` runs everything in this process (no watchdog): for debugging and profiling.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections import deque
from dataclasses import dataclass, field, replace
from multiprocessing.connection import wait
from typing import Iterable, Iterator

from kg.errors import ConfigError, KgError, ValidationError

from kg.corpus.feed import Feed
from kg.corpus.work import Extracted, Parsed, WorkOptions, complete, failed

#: Seconds a worker may take to start (import and load the spaCy model) before it is failed.
STARTUP_SECONDS = 300.0
_FATAL_TYPES = {"ValidationError": ValidationError, "ConfigError": ConfigError}


# ---------------------------------------------------------------------- worker side
def _worker_main(task_q, conn, options: WorkOptions, parent: int | None = None, role: str = "work") -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent handles Ctrl-C and stops us
    if parent is not None:   # a killed parent runs no cleanup: end with it (RELIABILITY.md P1)
        from kg.lifeline import die_with

        die_with(parent)
    try:
        proc = options.make_processor()
    except BaseException as e:  # noqa: BLE001 - report any startup failure to the parent
        conn.send(("fatal", type(e).__name__, _message(e)))
        return
    try:
        conn.send(("ready", os.getpid()))
        while True:
            task = task_q.get()
            if task is None:
                break
            bid, articles = task
            conn.send(("begin", bid))
            try:
                for i, outcome in (proc.run(articles) if role == "work" else proc.run_parsed(articles)):
                    conn.send(("doc", bid, i, outcome))
            except (EOFError, OSError):
                raise
            except BaseException as e:  # noqa: BLE001 - FATAL errors (broken validator, config)
                conn.send(("fatal", type(e).__name__, _message(e)))
                return
            conn.send(("end", bid))
    except (EOFError, OSError):
        return      # the parent is gone (killed): stop quietly


def _message(e: BaseException) -> str:
    return e.one_line() if isinstance(e, KgError) else f"{type(e).__name__}: {e}"


# ---------------------------------------------------------------------- parent side
@dataclass
class _Batch:
    bid: int
    articles: list             # Articles; for the finisher, Parsed articles
    isolated: bool = False     # a retry of one document alone
    begun: bool = False
    answered: int = 0
    role: str = "work"         # "work": parse (and more); "finish": extract and finish parses


@dataclass
class _Worker:
    proc: object
    task_q: object
    conn: object
    role: str = "work"
    ready: bool = False
    last: float = field(default_factory=time.monotonic)
    batches: deque = field(default_factory=deque)


def _context(name: str | None):
    """Workers are started by a fork server where there is one: a clean process with kg and
    spaCy imported once, whatever threads this process runs (progress counter, Dask client)."""
    if name is None:
        name = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(name)
    if name == "forkserver":
        ctx.set_forkserver_preload(["kg.corpus.work", "kg.corpus.local", "spacy"])
    return ctx


def _has_data(conn) -> bool:
    try:
        return conn.poll()
    except (EOFError, OSError):
        return False


def _died(exitcode) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


#: The most workers whose articles this process can finish (make, validate and serialize the
#: graphs of) and keep up: its share of an article is about a sixth of a worker's.
PARENT_KEEPS_UP = 4
#: The most workers whose parses one finisher process can extract and finish and keep up: its
#: share of an article is about a quarter of a worker's.
FINISHER_KEEPS_UP = 3


def split_for(workers: int, cpus: int) -> str:
    """How far the workers take an article (WorkOptions.until), for ``workers`` on ``cpus``:
    with a CPU left over, a finisher process extracts and finishes what up to three workers
    parse ("parse"), or the parent finishes what up to four extract ("extract"); otherwise
    each worker does everything ("serialize")."""
    if workers < cpus and workers <= FINISHER_KEEPS_UP:
        return "parse"
    if workers < cpus and workers <= PARENT_KEEPS_UP:
        return "extract"
    return "serialize"


def _article(item):
    return getattr(item, "article", item)     # a Parsed article, or the Article itself


class LocalEngine:
    """``workers`` processes. When they leave a CPU over (and are few enough), they only parse,
    and one more process, the finisher, extracts, makes, validates and serializes the graph of
    each parse they send (kg.corpus.work.Processor.run_parsed) while they parse the next
    articles; or they stop after extraction and this process finishes the graphs
    (kg.corpus.work.complete); otherwise they finish each article themselves (:func:`split_for`;
    ``until`` chooses). The finisher is watched like a worker: a parse that hangs or crashes it
    is quarantined alone, and a new finisher takes the rest."""

    def __init__(self, workers: int, options: WorkOptions, *, timeout: float = 60.0,
                 context: str | None = None, until: str | None = None):
        self.n = max(1, int(workers))
        self.options = replace(options, until=until or split_for(self.n, _cpus()))
        self._chosen = until is None     # kg chose the split (and may choose again for a small run)
        self.timeout = float(timeout)
        self.ctx = _context(context)
        self.workers: list[_Worker] = []
        self.requeue: deque[_Batch] = deque()
        self._next_bid = 0
        self.restarts = 0
        self._batch_size = 32

    # ------------------------------------------------------------ life cycle
    def _spawn(self, role: str = "work") -> _Worker:
        task_q = self.ctx.Queue()
        recv, send = self.ctx.Pipe(duplex=False)
        p = self.ctx.Process(target=_worker_main, args=(task_q, send, self.options, os.getpid(), role),
                             name="kg-worker" if role == "work" else "kg-finisher", daemon=True)
        p.start()
        send.close()
        w = _Worker(p, task_q, recv, role)
        self.workers.append(w)
        return w

    def _discard(self, w: _Worker, kill: bool) -> None:
        if kill and w.proc.is_alive():
            w.proc.kill()
        w.proc.join(5)
        w.task_q.cancel_join_thread()   # never block exit on a dead worker's queue
        w.task_q.close()
        w.conn.close()
        self.workers.remove(w)

    def close(self) -> None:
        for w in list(self.workers):
            try:
                w.task_q.put(None)
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + 10
        for w in list(self.workers):
            w.proc.join(max(0.1, deadline - time.monotonic()))
            self._discard(w, kill=True)

    def terminate(self) -> None:
        for w in list(self.workers):
            self._discard(w, kill=True)

    # ------------------------------------------------------------ scheduling
    def _dispatch(self, batch: _Batch) -> None:
        w = min((w for w in self.workers if w.role == batch.role), key=lambda w: len(w.batches))
        if not w.batches:
            w.last = time.monotonic()
        w.batches.append(batch)
        w.task_q.put((batch.bid, batch.articles))

    def _new_batch(self, articles, isolated=False, role="work") -> _Batch:
        self._next_bid += 1
        return _Batch(self._next_bid, articles, isolated, role=role)

    def _free(self) -> int:
        """Batches the workers can take; none while the finisher has more than a few
        batches' worth of parses waiting (memory stays flat if it falls behind)."""
        waiting = sum(len(w.batches) for w in self.workers if w.role == "finish")
        if waiting > 4 * self._batch_size:
            return 0
        return sum(max(0, 2 - len(w.batches)) for w in self.workers if w.role == "work")

    def _can_take(self, batch: _Batch) -> bool:
        if batch.role == "finish":
            return any(w.role == "finish" for w in self.workers)
        return any(w.role == "work" for w in self.workers) and self._free() > 0

    def _in_flight(self) -> bool:
        return any(w.batches for w in self.workers) or bool(self.requeue)

    def run(self, items: Iterable, batch_size: int = 32) -> Iterator:
        """Outcomes (Built / Quarantined) for the Articles of ``items``; anything else in
        ``items`` is passed through unchanged, in order with the reading."""
        feed = Feed(items, batch_size)
        self._batch_size = batch_size
        while True:
            # feed the workers while there is room
            while True:
                if self.requeue and self._can_take(self.requeue[0]):
                    self._dispatch(self.requeue.popleft())
                    continue
                if feed.exhausted or (self.workers and self._free() <= 0):
                    break
                batch = yield from feed.fill()
                if feed.exhausted:
                    if batch:
                        if not self.workers and self._chosen and self.options.until == "parse":
                            # fewer documents than a batch: not worth loading a finisher's model
                            self.options = replace(self.options, until="extract")
                        # the last documents: share them among the workers that are free
                        self._start_workers(len(batch))
                        k = max(1, min(len(batch), sum(1 for w in self.workers if not w.batches)))
                        for part in range(k):
                            self._dispatch(self._new_batch(batch[part::k]))
                    break
                self._start_workers(batch_size * self.n)
                self._dispatch(self._new_batch(batch))
            if feed.exhausted and not self._in_flight():
                return
            yield from self._poll()

    def _start_workers(self, documents: int = 1 << 30) -> None:
        """Start the workers (no more than there are documents for), and the finisher."""
        while sum(1 for w in self.workers if w.role == "work") < min(self.n, max(1, documents)):
            self._spawn()
        self._ensure_finisher()

    def _ensure_finisher(self) -> None:
        if self.options.until == "parse" and not any(w.role == "finish" for w in self.workers):
            self._spawn("finish")

    # ------------------------------------------------------------ receiving
    def _poll(self) -> Iterator:
        now = time.monotonic()
        waits = [1.0]
        for w in self.workers:
            if w.batches or not w.ready:
                limit = self.timeout if w.ready else STARTUP_SECONDS
                waits.append(w.last + limit - now)
        ready = wait([w.conn for w in self.workers] + [w.proc.sentinel for w in self.workers],
                     timeout=max(0.01, min(waits)))
        for w in list(self.workers):
            if w.conn in ready:
                try:
                    while w.conn.poll():
                        yield from self._message(w, w.conn.recv())
                except (EOFError, OSError):
                    pass
            if not w.proc.is_alive() and w in self.workers:
                # drain what it sent before it died, then fail its work
                try:
                    while w.conn.poll():
                        yield from self._message(w, w.conn.recv())
                except (EOFError, OSError):
                    pass
                if w in self.workers:
                    yield from self._lost(w, f"the worker process died ({_died(w.proc.exitcode)})")
        now = time.monotonic()
        for w in list(self.workers):
            if not w.ready and now - w.last > STARTUP_SECONDS:
                self._discard(w, kill=True)
                raise ConfigError(f"a worker did not start within {STARTUP_SECONDS:g} s")
            if w.ready and w.batches and now - w.last > self.timeout and not _has_data(w.conn):
                yield from self._lost(w, f"processing took longer than {self.timeout:g} s "
                                         "(the --timeout limit)", kill=True)

    def _message(self, w: _Worker, msg) -> Iterator:
        w.last = time.monotonic()
        kind = msg[0]
        if kind == "doc":
            _, bid, i, outcome = msg
            b = w.batches[0]
            b.answered = i + 1
            if isinstance(outcome, Extracted):
                yield complete(outcome, self.options)
            elif isinstance(outcome, Parsed):
                self._ensure_finisher()
                self._dispatch(self._new_batch([outcome], isolated=True, role="finish"))
            else:
                yield outcome
        elif kind == "begin":
            w.batches[0].begun = True
        elif kind == "end":
            w.batches.popleft()
        elif kind == "ready":
            w.ready = True
        elif kind == "fatal":
            _, name, message = msg
            self.terminate()
            raise _FATAL_TYPES.get(name, ConfigError)(f"worker failed: {message}")

    def _lost(self, w: _Worker, reason: str, kill: bool = False) -> Iterator:
        """A worker died or hung: quarantine the document it was on if it was alone, retry the
        others one at a time, and start a replacement."""
        batches = list(w.batches)
        was_ready = w.ready
        self._discard(w, kill=kill)
        if not was_ready:
            raise ConfigError(f"a worker failed to start: {reason}")
        self.restarts += 1
        for n, b in enumerate(batches):
            rest = b.articles[b.answered:]
            if not rest:
                continue
            if n == 0 and b.begun:
                if b.isolated or len(b.articles) == 1:
                    a = _article(rest[0])
                    yield failed(a, "timeout" if "longer" in reason else "crash", f"{reason}; document skipped")
                    rest = rest[1:]
                for a in rest:
                    self.requeue.append(self._new_batch([a], isolated=True, role=b.role))
            else:
                self.requeue.append(self._new_batch(rest, isolated=b.isolated, role=b.role))
        self._start_workers()


# ---------------------------------------------------------------------- in-process engine
class InlineEngine:
    """``--workers 0``: everything in this process, no watchdog. ``processor``: one already
    loaded (Pipeline's); ``outcome``: the Processor method that makes each outcome, "finish"
    (a Built, for writing) or "process" (a Result, for the library)."""

    def __init__(self, options: WorkOptions, processor=None, outcome: str = "finish"):
        self.options = options
        self.proc = processor
        self.outcome = outcome

    def run(self, items: Iterable, batch_size: int = 32) -> Iterator:
        feed = Feed(items, batch_size)
        while not feed.exhausted:
            batch = yield from feed.fill()
            if batch:
                yield from self._batch(batch)

    def _batch(self, articles):
        if self.proc is None:
            self.proc = self.options.make_processor()
        for _, outcome in self.proc.run(articles, getattr(self.proc, self.outcome)):
            yield outcome

    def close(self) -> None:
        pass

    terminate = close

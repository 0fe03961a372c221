"""Serve an embedded store over HTTP: ``kg serve`` = the HTTP front (kg.store.front) on
127.0.0.1:PORT + the Oxigraph server (the ``oxigraph`` package on PyPI) on a private port.

The Oxigraph server runs ``oxigraph serve-read-only`` by default (``oxigraph serve`` when writes
are allowed) with ``--union-default-graph`` (queries see the union of the article graphs as
their default graph, as the queries in queries/ expect) and ``--timeout-s`` (a query is
stopped by the server after that many seconds, also when its client has given up:
RELIABILITY.md, X3). Served read-only, the store folder stays locked for writers all the
same: ``kg serve`` holds the store's own lock file, as an open store does.

The store folder is locked by whichever process opens it: close every ``EmbeddedStore`` on the
folder (in this process too) before starting the server, and stop the server before opening the
folder again. The Oxigraph server is started tied to this process (kg.lifeline): a ``kill -9``
of ``kg serve`` ends it too, and SIGTERM stops both cleanly. It is ready when it says it
listens, never when something else answers on its port.
"""
from __future__ import annotations

import collections
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from kg.errors import StoreError
from kg.lifeline import tied

try:
    import fcntl
except ImportError:     # not POSIX: a store served read-only is not locked against writers
    fcntl = None

HOST = "127.0.0.1"
DEFAULT_TIMEOUT = 60
_LISTENING = "Listening for requests at"


def oxigraph_command() -> str:
    """Path of the ``oxigraph`` executable (next to this Python first, then on PATH)."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise StoreError("the Oxigraph server is not installed; install kg with its serve extra: "
                     "`pip install -e '.[serve]'` in the kg folder (or `pip install oxigraph==0.5.13`)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def check_unlocked(location) -> None:
    """Raise StoreError when another process holds the store folder."""
    from kg.store.embedded import EmbeddedStore

    if Path(location).exists():
        EmbeddedStore(location).close()


class StoreLock:
    """Hold a store folder's own lock file (``DIR/LOCK``, the POSIX record lock RocksDB takes)
    so that no process opens the store for writing while it is served read-only."""

    def __init__(self, location):
        self.path = Path(location) / "LOCK"
        self.fd: int | None = None

    def acquire(self) -> "StoreLock":
        if fcntl is None:
            return self
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.lockf(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            self.release()
            raise StoreError(f"the store folder is locked: it is open elsewhere ({e.strerror or e})",
                             source=str(self.path.parent)) from None
        return self

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)   # closing drops the record lock
            self.fd = None


class Server:
    """An ``oxigraph serve`` child process on 127.0.0.1. Use as a context manager.

    ``read_only`` runs ``serve-read-only`` (the caller holds the store lock, see StoreLock);
    ``timeout_s`` is the server's own time limit per query. ``log`` gets the server's messages."""

    def __init__(self, location=None, *, port: int | None = None, read_only: bool = False,
                 union_default_graph: bool = True, timeout_s: float | None = None, log=None):
        self.location = Path(location) if location is not None else None
        self.port = port or free_port()
        self.read_only = read_only
        self.union_default_graph = union_default_graph
        self.timeout_s = timeout_s
        self.log = log
        self.process: subprocess.Popen | None = None
        self._ready = threading.Event()
        self._said: collections.deque = collections.deque(maxlen=20)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def command(self) -> list[str]:
        cmd = [oxigraph_command(), "serve-read-only" if self.read_only else "serve"]
        if self.location is not None:
            cmd += ["--location", str(self.location)]
        cmd += ["--bind", f"{HOST}:{self.port}"]
        if self.union_default_graph:
            cmd.append("--union-default-graph")
        if self.timeout_s:
            cmd += ["--timeout-s", str(max(1, round(self.timeout_s)))]
        return cmd

    def start(self, *, wait: float = 30.0) -> "Server":
        if self.location is not None and not self.read_only:
            check_unlocked(self.location)
        self._ready.clear()
        self.process = subprocess.Popen(tied(self.command()), stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        text=True, encoding="utf-8", errors="replace")
        threading.Thread(target=self._read_output, args=(self.process,), name="kg-oxigraph-log",
                         daemon=True).start()
        try:
            self.wait_ready(wait)
        except BaseException:   # includes Ctrl-C while starting: no server left behind
            self.stop()
            raise
        return self

    def _read_output(self, process) -> None:
        """Watch the server's output for its "Listening" line; pass its messages to ``log``
        (without the stack backtrace Oxigraph prints after an error)."""
        backtrace = False
        for line in process.stdout:
            line = line.rstrip("\n")
            if line.startswith(_LISTENING):
                self._ready.set()
                continue
            backtrace = backtrace or line.startswith("Stack backtrace")
            if line.strip() and not backtrace:
                self._said.append(line)
                if self.log is not None:
                    print(f"oxigraph: {line}", file=self.log, flush=True)

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not self._ready.wait(0.05):
            if self.process is not None and self.process.poll() is not None:
                self._ready.wait(0.2)   # the reader thread may still hold its last words
                said = "; ".join(self._said) or "no message"
                raise StoreError(f"oxigraph serve exited with code {self.process.returncode}: {said}",
                                 source=str(self.location or "memory"))
            if time.monotonic() > deadline:
                self.stop()
                raise StoreError(f"oxigraph serve did not start at {self.url} within {timeout:.0f} s")

    def said(self) -> str:
        """The server's last messages (an error, when it failed)."""
        return "; ".join(self._said)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """Stop at once (SIGKILL), as a crash would."""
        if self.alive():
            self.process.kill()
            self.process.wait(10)

    def stop(self, timeout: float = 10.0) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)

    def wait(self) -> int:
        return self.process.wait() if self.process else 0

    def __enter__(self):
        return self.start() if self.process is None else self

    def __exit__(self, *exc):
        self.stop()


class Served:
    """``kg serve``: the HTTP front on 127.0.0.1:``port`` over an Oxigraph server on a private
    port. Read-only unless ``allow_writes``; queries stopped after ``timeout`` seconds."""

    def __init__(self, location, *, port: int = 7878, allow_writes: bool = False,
                 timeout: float | None = DEFAULT_TIMEOUT, log=None):
        self.location = Path(location)
        self.port = port
        self.allow_writes = allow_writes
        self.timeout = timeout
        self.log = log
        self.front = None
        self.backend: Server | None = None
        self._lock: StoreLock | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> "Served":
        from kg.store.front import Front

        check_unlocked(self.location)
        try:
            self.front = Front(self.port, (HOST, 0), allow_writes=self.allow_writes,
                               timeout=self.timeout, log=self.log)
        except OSError as e:
            raise StoreError(f"cannot listen on {HOST}:{self.port}: {e.strerror or e} (is another "
                             "server running there? choose another --port)") from None
        self.port = self.front.port
        try:
            if not self.allow_writes:
                self._lock = StoreLock(self.location).acquire()
            self.backend = self._start_backend()
            self.front.backend = (HOST, self.backend.port)
            self._thread = threading.Thread(target=self.front.serve_forever, name="kg-serve-front",
                                            daemon=True)
            self._thread.start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_backend(self, attempts: int = 3) -> Server:
        for attempt in range(attempts):
            backend = Server(self.location, read_only=not self.allow_writes, timeout_s=self.timeout,
                             log=self.log)
            try:
                return backend.start()
            except StoreError:
                # the private port may have been taken between choosing it and binding it
                if attempt + 1 == attempts or "in use" not in backend.said():
                    raise
        raise AssertionError("unreachable")

    def run(self, stop: threading.Event) -> int:
        """Serve until ``stop`` is set (0) or the Oxigraph server exits (its exit code).

        Oxigraph checks its time limit only between steps of an evaluation, and some steps (the
        hash table of a join over a cross product) take minutes and gigabytes: a SPARQL query
        still running ``hard_limit()`` seconds after it started gets the Oxigraph server
        restarted, which stops it (the other requests of that moment fail; a served store is
        crash-safe)."""
        while not stop.wait(0.2):
            if not self.backend.alive():
                return self.backend.process.returncode or 1
            if self.timeout and self.front.overdue(self.hard_limit()):
                self.restart_backend(f"a query ran past the {self.timeout:g} s limit")
        return 0

    def hard_limit(self) -> float:
        return self.timeout + max(2.0, self.timeout / 4)

    def restart_backend(self, why: str) -> None:
        old = self.backend
        self.front.note(f"{why}: restarting the Oxigraph server to stop it")
        old.kill()
        self.backend = self._start_backend()
        self.front.backend = (HOST, self.backend.port)

    def stop(self) -> None:
        if self.front is not None:
            if self._thread is not None:
                self.front.shutdown()
                self._thread.join(10)
                self._thread = None
            self.front.server_close()
        if self.backend is not None:
            self.backend.stop()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def stop_on_signals(stop: threading.Event):
    """Set ``stop`` on SIGTERM, SIGHUP and SIGINT (main thread only); returns a function that
    puts the previous handlers back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    names = ("SIGTERM", "SIGHUP", "SIGINT")
    previous = {}
    for name in names:
        sig = getattr(signal, name, None)
        if sig is not None:
            previous[sig] = signal.signal(sig, lambda *_: stop.set())

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return restore

"""Serve an embedded store over HTTP with the Oxigraph server (the ``oxigraph`` package on PyPI).

The server runs ``oxigraph serve --location DIR --bind 127.0.0.1:PORT --union-default-graph``:
SPARQL at ``/query`` and ``/update``, the Graph Store Protocol at ``/store``, and queries see
the union of the article graphs as their default graph, as the queries in queries/ expect.

The store folder is locked by whichever process opens it: close every ``EmbeddedStore`` on the
folder (in this process too) before starting the server, and stop the server before opening the
folder again. The server forwards SPARQL ``SERVICE`` calls and cannot be told not to: it listens
on 127.0.0.1 only, and ``kg query`` refuses SERVICE before sending a query.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from kg.errors import StoreError

HOST = "127.0.0.1"


def oxigraph_command() -> str:
    """Path of the ``oxigraph`` executable (next to this Python first, then on PATH)."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise StoreError("the Oxigraph server is not installed; install it with "
                     "`pip install oxigraph==0.5.13`")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def check_unlocked(location) -> None:
    """Raise StoreError when another process holds the store folder."""
    from kg.store.embedded import EmbeddedStore

    if Path(location).exists():
        EmbeddedStore(location).close()


class Server:
    """An ``oxigraph serve`` child process on 127.0.0.1. Use as a context manager."""

    def __init__(self, location=None, *, port: int | None = None, read_only: bool = False,
                 union_default_graph: bool = True, timeout_s: int | None = None, log=None):
        self.location = Path(location) if location is not None else None
        self.port = port or free_port()
        self.read_only = read_only
        self.union_default_graph = union_default_graph
        self.timeout_s = timeout_s
        self.log = log
        self.process: subprocess.Popen | None = None

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
            cmd += ["--timeout-s", str(int(self.timeout_s))]
        return cmd

    def start(self, *, wait: float = 30.0) -> "Server":
        if self.location is not None:
            check_unlocked(self.location)
        out = self.log if self.log is not None else subprocess.DEVNULL
        self.process = subprocess.Popen(self.command(), stdout=out, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL)
        try:
            self.wait_ready(wait)
        except BaseException:   # includes Ctrl-C while starting: no server left behind
            self.stop()
            raise
        return self

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise StoreError(f"oxigraph serve exited with code {self.process.returncode} "
                                 f"(is port {self.port} taken, or the store locked?)",
                                 source=str(self.location or "memory"))
            try:
                with urllib.request.urlopen(self.url + "/", timeout=1) as r:
                    r.read(1)
                return
            except urllib.error.HTTPError:
                return  # it answers
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        self.stop()
        raise StoreError(f"oxigraph serve did not answer at {self.url} within {timeout:.0f} s")

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

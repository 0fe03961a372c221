"""Shared fixtures: paths, one spaCy-backed Pipeline per session, and a CLI runner.

Loading the spaCy model takes about a second, so every test that needs the full pipeline
shares the session-scoped ``pipeline`` fixture (tests that use it are marked ``slow``).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "seed-2012-02-23-un-china-defectors.txt"
SEED_ID = "seed-2012-02-23-un-china-defectors"


def kg_argv() -> list[str]:
    """The console script if installed, else ``python -m kg``."""
    exe = shutil.which("kg")
    return [exe] if exe else [sys.executable, "-m", "kg"]


def run_kg(*args, cwd=None, env=None, timeout=120) -> subprocess.CompletedProcess:
    """Run the ``kg`` command line in a subprocess; text output, never raises on exit code."""
    full_env = dict(os.environ)
    full_env.setdefault("PYTHONIOENCODING", "utf-8")
    if env:
        full_env.update(env)
    return subprocess.run([*kg_argv(), *map(str, args)], cwd=cwd, env=full_env, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)


def records_json(path) -> dict:
    """``kg records PATH`` parsed; fails the test with stderr when the command fails."""
    p = run_kg("records", path)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seed_path() -> Path:
    assert SEED.is_file(), SEED
    return SEED


@pytest.fixture(scope="session")
def pipeline():
    """One validating Pipeline (spaCy model loaded once) for the whole session."""
    from kg.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_cli_build(tmp_path_factory):
    """``kg build SEED --out DIR`` run once per session: (DIR, CompletedProcess).

    Shared by the end-to-end and CLI tests; tests must not modify DIR (copy it first)."""
    out = tmp_path_factory.mktemp("seed-cli-build")
    return out, run_kg("build", SEED, "--out", out)


@pytest.fixture
def no_network():
    """The network calls made during the test (socket connect, name lookups, urllib
    requests), seen by an audit hook; tests assert the list stays empty. Audit hooks cannot
    be removed, so the hook is switched off at teardown."""
    calls = []
    active = [True]

    def hook(event, args):
        if active[0] and event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
            calls.append((event, args))

    sys.addaudithook(hook)
    yield calls
    active[0] = False

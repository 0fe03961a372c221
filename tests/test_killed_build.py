"""`kill -9` of `kg build --workers 2` (RELIABILITY.md P1): no worker, fork server or resource
tracker outlives it, and none holds the caller's stdout (so `kg build … | head` ends)."""
from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from conftest import SEED, kg_argv

pytestmark = pytest.mark.slow


def descendants(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in map(int, task.read_text().split()):
            out += [child, *descendants(child)]
    return out


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError):
        return False


def test_kill_9_of_a_build_leaves_no_process_and_frees_stdout(tmp_path):
    """One worker is busy with a long document, the other has finished its short ones and
    waits for more; the build is killed then."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (inputs / "a0-long.txt").write_text((text + "\n") * 60, encoding="utf-8")
    for i in range(1, 4):
        (inputs / f"a{i}.txt").write_text(f"Seoul urged Beijing to stop deportations, round {i}.\n",
                                          encoding="utf-8")
    proc = subprocess.Popen([*kg_argv(), "build", str(inputs), "--out", str(tmp_path / "out"),
                             "--workers", "2", "--batch-size", "1", "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        first = proc.stdout.readline()       # a short document was built
        assert b"triples" in first and b"a0-long" not in first, first
        time.sleep(1.0)                      # its worker now waits for work; the other works
        family = descendants(proc.pid)
        assert len(family) >= 4, family      # fork server, two workers, resource tracker
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 15
    while any(running(p) for p in family) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [p for p in family if running(p)]
    try:
        assert left == [], [Path(f"/proc/{p}/cmdline").read_bytes()[:100] for p in left]
        t0 = time.monotonic()
        proc.stdout.read()                   # EOF: no process holds the pipe any more
        assert time.monotonic() - t0 < 5
    finally:
        for p in left:                       # never leave them behind after a failure
            subprocess.run(["kill", "-9", str(p)], check=False)
        proc.stdout.close()

"""The disk fills up while `kg build` appends its manifest line (RELIABILITY.md O1): exit 5
naming the manifest, no traceback, and the manifest as it was (a partial line is cut off).

Two real faults: a file-size limit (RLIMIT_FSIZE, any Linux user) over a manifest that already
holds lines, and a full tmpfs (ENOSPC; needs `unshare -rm` to mount one, else skipped)."""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import SEED, SEED_ID, kg_argv, run_kg

pytestmark = pytest.mark.slow
PAGE = 4096


def _prior_manifest(path: Path, size: int) -> bytes:
    """Valid manifest lines of other documents, about ``size`` bytes."""
    lines, n = [], 0
    while sum(map(len, lines)) < size:
        rec = {"id": f"other-{n}", "source": f"in/other-{n}.txt", "hash": "0" * 64, "config": "0" * 16,
               "status": "ok", "triples": 1, "files": [f"other-{n}.ttl", f"other-{n}.trig"],
               "time": "2024-01-01T00:00:00Z"}
        lines.append((json.dumps(rec) + "\n").encode())
        n += 1
    data = b"".join(lines)
    path.write_bytes(data)
    return data


def test_manifest_write_over_the_file_size_limit(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    before = _prior_manifest(out / "manifest.jsonl", 160_000)
    limit = len(before) + 64        # the graph files (about 100 KB) fit, the new line does not

    def limited():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    p = subprocess.run([*kg_argv(), "build", str(SEED), "--out", str(out), "--workers", "0"],
                       capture_output=True, text=True, timeout=300, preexec_fn=limited)
    assert p.returncode == 5, p.stderr
    assert "Traceback" not in p.stderr
    assert p.stderr.strip().splitlines()[-1].startswith(f"kg: {out / 'manifest.jsonl'}: cannot write")
    assert (out / "manifest.jsonl").read_bytes() == before


def test_disk_full_on_a_small_tmpfs(tmp_path):
    if not shutil.which("unshare") or subprocess.run(
            ["unshare", "-rm", "true"], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (unshare -rm not allowed)")
    ref = tmp_path / "ref"
    assert run_kg("build", SEED, "--out", ref, timeout=300).returncode in (0, 1)
    pages = sum(-(-f.stat().st_size // PAGE) for f in ref.iterdir() if f.name != "manifest.jsonl")
    full = tmp_path / "full"
    full.mkdir()
    script = ('mount -t tmpfs -o size="$1" tmpfs "$2" && shift 2 && "$@"; code=$?; '
              'ls -la "$OUT" > "$LISTING"; exit $code')
    listing = tmp_path / "listing.txt"
    p = subprocess.run(["unshare", "-rm", "sh", "-c", script, "sh", f"{pages * 4}k", str(full),
                        *kg_argv(), "build", str(SEED), "--out", str(full / "out")],
                       capture_output=True, text=True, timeout=300,
                       env={**os.environ, "OUT": str(full / "out"), "LISTING": str(listing)})
    assert p.returncode == 5, (p.stdout, p.stderr)
    assert "Traceback" not in p.stderr
    assert f"{full / 'out' / 'manifest.jsonl'}: cannot write the manifest: No space left" in p.stderr
    files = listing.read_text()
    assert f"{SEED_ID}.ttl" in files and "manifest.jsonl" not in files, files

"""The output folder inside the input folder (RELIABILITY.md P2): `kg build data --out
data/out`, run twice, never reads data/out/manifest.jsonl (nor the quarantine file, reports
or graphs) as input; nor when the output folder is the input folder itself, nor through a
glob."""
from __future__ import annotations

import pytest

from conftest import run_kg

pytestmark = pytest.mark.slow
TEXTS = {"a.txt": "Seoul urged Beijing to stop the forced repatriation of defectors.\n",
         "b.jsonl": '{"id": "b1", "text": "Tokyo called on Pyongyang to return the abductees."}\n'}


def _data(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name, text in TEXTS.items():
        (data / name).write_text(text)
    return data


@pytest.mark.parametrize("where", ["data/out", "data"])
def test_rebuilding_into_a_folder_inside_the_inputs(tmp_path, where):
    data = _data(tmp_path)
    out = tmp_path / where
    first = run_kg("build", data, "--out", out, "--workers", "0", timeout=300)
    assert first.returncode in (0, 1), first.stderr
    assert (out / "manifest.jsonl").is_file()
    (out / "x.report.txt").write_text("Validation Report\nConforms: False\n")   # as kg writes them
    second = run_kg("build", data, "--out", out, "--workers", "0", "-v", timeout=300)
    assert second.returncode in (0, 1), second.stderr
    assert second.stderr == "" and not (out / "quarantine.jsonl").exists()
    assert "2 skipped" in second.stdout and "0 quarantined" in second.stdout, second.stdout


def test_a_glob_over_everything_skips_the_output(tmp_path):
    data = _data(tmp_path)
    out = data / "out"
    assert run_kg("build", data, "--out", out, "--workers", "0", timeout=300).returncode in (0, 1)
    p = run_kg("build", str(data / "**" / "*"), "--out", out, "--workers", "0", timeout=300)
    assert p.returncode in (0, 1), p.stderr
    assert "manifest" not in p.stderr and "0 quarantined" in p.stdout, (p.stdout, p.stderr)


def test_naming_the_manifest_is_refused_with_a_reason(tmp_path):
    data = _data(tmp_path)
    out = data / "out"
    assert run_kg("build", data, "--out", out, "--workers", "0", timeout=300).returncode in (0, 1)
    p = run_kg("build", data / "a.txt", out / "manifest.jsonl", "--out", out, "--workers", "0",
               timeout=300)
    assert p.returncode == 2
    assert f"{out / 'manifest.jsonl'}: written by kg build in its output folder" in p.stderr

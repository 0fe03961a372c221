"""Broken shapes are a broken validator, never a result (RELIABILITY.md V1): a missing shapes
file, a shapes file holding only a prefix, and an ill-formed shape (`sh:datatype "xsd:date"`,
a literal) each make `kg validate` and `kg build` stop with exit code 3 and one clear line,
instead of exit 2, "every graph conforms" or "every document violates".

kg reads shapes/ beside its package, so each case runs the real CLI from a copy of the source
tree (kg/, shapes/, ontology/, queries/) whose shapes were broken."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED

pytestmark = pytest.mark.slow
GRAPH = ROOT / "tests" / "fixtures" / "valid_graph.ttl"
PREFIX_ONLY = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"


def _tree(tmp_path: Path) -> Path:
    copy = tmp_path / "tree"
    copy.mkdir()
    for name in ("kg", "shapes", "ontology", "queries"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _kg(tree: Path, *args, timeout=300) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], cwd=tree, env=env,
                          capture_output=True, text=True, timeout=timeout)


def _break(tree: Path, how: str) -> None:
    shapes = tree / "shapes" / "kg.shapes.ttl"
    if how == "missing":
        shapes.unlink()
    elif how == "prefix-only":
        shapes.write_text(PREFIX_ONLY)
    elif how == "literal-datatype":
        text = shapes.read_text()
        assert "sh:datatype xsd:date" in text
        shapes.write_text(text.replace("sh:datatype xsd:date", 'sh:datatype "xsd:date"', 1))


CASES = {"missing": "missing", "prefix-only": "select no focus node",
         "literal-datatype": 'sh:datatype is "xsd:date"'}


@pytest.mark.parametrize("how", CASES)
def test_kg_validate_exits_3_on_broken_shapes(tmp_path, how):
    tree = _tree(tmp_path)
    assert _kg(tree, "validate", GRAPH).returncode == 0     # the copy works before it is broken
    _break(tree, how)
    p = _kg(tree, "validate", GRAPH)
    assert p.returncode == 3, (p.stdout, p.stderr)
    assert "conforms" not in p.stdout and "violations" not in p.stdout
    assert len(p.stderr.strip().splitlines()) == 1 and CASES[how] in p.stderr, p.stderr


@pytest.mark.parametrize("how", CASES)
def test_kg_build_exits_3_on_broken_shapes(tmp_path, how):
    tree = _tree(tmp_path)
    _break(tree, how)
    out = tmp_path / "out"
    p = _kg(tree, "build", SEED, "--out", out, "--workers", "0")
    assert p.returncode == 3, (p.stdout, p.stderr)
    assert CASES[how] in p.stderr and "Traceback" not in p.stderr
    assert not list(out.glob("*.ttl"))

"""More than one machine (docs/corpus.md): `kg build --engine dask` as a user runs it, against a
real distributed.LocalCluster, and several builders loading into one Oxigraph server at once,
which must end up holding what one load of everything into the embedded store holds."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import run_kg as kg
from kg.query import rows
from kg.rdf import vocabulary
from kg.store.embedded import EmbeddedStore
from kg.store.serve import Server

ROOT = Path(__file__).resolve().parent.parent
TEXTS = {
    "seoul-urges": "Seoul, Feb 24 (Yonhap) -- South Korea urged China on Friday not to repatriate North Korean "
                   "defectors, a foreign ministry official said.\n",
    "un-rapporteur": "Geneva, Feb 23 -- The U.N. Special Rapporteur on human rights in North Korea urged China not "
                     "to deport North Korean defectors.\n",
    "beijing-rejects": "Beijing, Feb 25 -- China rejected the request by South Korea and said the defectors were "
                       "illegal migrants.\n",
}


def _inputs(folder: Path, names) -> Path:
    folder.mkdir(parents=True)
    for name in names:
        (folder / f"{name}.txt").write_text(TEXTS[name], encoding="utf-8")
    return folder


def _quads(store) -> set:
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in store}


def test_kg_build_engine_dask_against_a_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    src = _inputs(tmp_path / "in", TEXTS)
    # threads in this process, reached over TCP by the `kg build` process
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp://",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        proc = kg("build", src, "--out", tmp_path / "dask", "--engine", "dask",
                  "--scheduler", cluster.scheduler_address, "--no-progress")
    assert proc.returncode == 0, proc.stderr
    local = kg("build", src, "--out", tmp_path / "local", "--workers", "0", "--no-progress")
    assert local.returncode == 0, local.stderr
    for name in TEXTS:
        for ext in ("ttl", "trig"):
            assert (tmp_path / "dask" / f"{name}.{ext}").read_bytes() == \
                (tmp_path / "local" / f"{name}.{ext}").read_bytes(), f"{name}.{ext}"


def test_several_builders_load_into_one_server(tmp_path):
    """Two builders, each with its own articles and output folder, load into one `oxigraph serve`
    at the same time: article graphs are replaced (PUT), the shared vocabulary is added to
    (POST), so neither overwrites the other."""
    names = sorted(TEXTS)
    outs = []
    for i, part in enumerate((names[:2], names[2:])):
        src = _inputs(tmp_path / f"in{i}", part)
        out = tmp_path / f"out{i}"
        proc = kg("build", src, "--out", out, "--workers", "0", "--no-progress")
        assert proc.returncode == 0, proc.stderr
        outs.append(out)
    with EmbeddedStore(tmp_path / "one") as one:
        assert one.load(outs).ok
        expected = _quads(one.store)
    with Server(tmp_path / "served") as server:
        loads = [subprocess.Popen([sys.executable, "-m", "kg", "load", str(out), "--endpoint", server.url,
                                   "--quiet"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for out in outs]
        for p in loads:
            stdout, stderr = p.communicate(timeout=120)
            assert p.returncode == 0, stderr
    served = ox.Store(str(tmp_path / "served"))
    got = _quads(served)
    assert got == expected
    graphs = {q[3] for q in got}     # each article's graph and its kept rows (kg.query.rows)
    assert {f"<{g}>" for g in vocabulary.GRAPHS} <= graphs and len(graphs) == 2 * len(TEXTS) + 2
    assert sum(vocabulary.is_rows_graph(g[1:-1]) for g in graphs) == len(TEXTS) and rows.current(served)

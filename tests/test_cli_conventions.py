"""One CLI, one convention (issue 13, items 5 and 6): every command that reads graphs reads files,
folders, standard input, the embedded store or an endpoint; -q/-v, --timeout and exit codes
everywhere; a bad option answered with the sub-command's own usage; SPARQL result formats;
`kg validate` never passes what it did not read."""
from __future__ import annotations

import argparse
import io
import json
import re
import sys
from pathlib import Path

import pytest
from rdflib.query import Result as RdflibResult

from _kgcli import kg
from kg import cli
from kg.rdf import vocabulary
from kg.store.embedded import EmbeddedStore
from kg.store.serve import Server

FIXTURES = Path(__file__).parent / "fixtures" / "queries"
READERS = ("export", "validate", "records", "query")      # (analyze: its own tests)


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    p = cli.parser()
    return next(a for a in p._actions if isinstance(a, argparse._SubParsersAction)).choices


SUB = _subparsers()


def test_the_commands_are_all_there():
    assert {"build", "validate", "records", "explain", "query", "load", "serve", "export",
            "analyze"} <= set(SUB)


@pytest.mark.parametrize("name", sorted(SUB))
def test_every_command_has_quiet_verbose_and_exit_codes(name):
    p = SUB[name]
    options = {s for a in p._actions for s in a.option_strings}
    assert {"-q", "--quiet", "-v", "--verbose"} <= options
    assert "exit codes" in p.format_help().lower()


@pytest.mark.parametrize("name", sorted(SUB))
def test_a_time_limit_is_always_called_timeout(name):
    usage = SUB[name].format_usage()
    assert set(re.findall(r"--[a-z-]*timeout[a-z-]*", usage)) <= {"--timeout"}


@pytest.mark.parametrize("name", READERS)
def test_readers_take_files_stdin_store_and_endpoint(name):
    options = {s for a in SUB[name]._actions for s in a.option_strings}
    assert {"--store", "--endpoint", "--timeout"} <= options
    assert "standard input" in SUB[name].format_help()


@pytest.mark.parametrize("argv", [["build", "x.txt", "--bogus"], ["query", "summary", "--nope", "out/"],
                                  ["validate", "g.ttl", "--frobnicate"], ["export", "--zzz", "--out", "x"]])
def test_a_bad_option_shows_the_subcommands_own_usage(argv, capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(argv)
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"usage: kg {argv[0]} ") and "unrecognized arguments" in err


# ---------------------------------------------------------------- kg validate reads what it says


def test_validate_a_jsonld_export_sees_its_named_graphs(tmp_path, capsys):
    out = tmp_path / "corpus.jsonld"
    assert kg("export", FIXTURES, "--out", out) == 0
    capsys.readouterr()
    assert kg("validate", out) == 0
    text = capsys.readouterr().out
    counts = [int(n) for n in re.findall(r"conforms \((\d+) triples\)", text)]
    assert len(counts) == 2 and min(counts) > 100, text


@pytest.mark.parametrize("content", ["", "\n# only a comment\n", "{}", "@prefix x: <http://x/> ."])
def test_validate_and_records_refuse_a_graph_without_triples(content, tmp_path, capsys):
    empty = tmp_path / ("empty.jsonld" if content.startswith("{") else "empty.ttl")
    empty.write_text(content, encoding="utf-8")
    for cmd in ("validate", "records"):
        assert kg(cmd, empty) == 2, cmd
        err = capsys.readouterr().err
        assert "no triples" in err and str(empty) in err


def test_validate_and_records_take_folders(capsys):
    assert kg("validate", FIXTURES) == 0
    assert capsys.readouterr().out.count("conforms") == 2
    assert kg("records", FIXTURES) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and {json.loads(ln)["document"]["id"].rsplit("/", 1)[1] for ln in lines} == \
        {"seoul-urges-beijing", "un-china-defectors"}


def test_one_graph_gives_one_records_object(capsys):
    assert kg("records", FIXTURES / "seoul-urges-beijing.ttl", "--pretty") == 0
    out = capsys.readouterr().out
    assert out.startswith("{\n") and json.loads(out)["statements"]


# ---------------------------------------------------------------- stores and endpoints


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("conv-store") / "kg"
    with EmbeddedStore(path) as s:
        assert s.load([FIXTURES]).ok
    return path


def _export(*source, tmp_path, capsys) -> bytes:
    out = tmp_path / "x.nq"
    assert kg("export", *source, "--out", out) == 0, capsys.readouterr().err
    capsys.readouterr()
    return out.read_bytes()


def test_store_and_endpoint_read_like_the_files(store_dir, tmp_path, capsys):
    # Oxigraph stores xsd:nonNegativeInteger values (oa:start, oa:end) as xsd:integer
    from_files = _export(FIXTURES, tmp_path=tmp_path, capsys=capsys).replace(
        b"XMLSchema#nonNegativeInteger", b"XMLSchema#integer")
    records_files = (kg("records", FIXTURES), capsys.readouterr().out)
    # a store also holds kg's schemes (kg.rdf.vocabulary), which the files do not
    schemes = b" <" + vocabulary.SCHEMES.encode() + b"> .\n"
    assert b"".join(ln for ln in _export("--store", store_dir, tmp_path=tmp_path, capsys=capsys)
                    .splitlines(keepends=True) if not ln.endswith(schemes)) == from_files
    assert kg("validate", "--store", store_dir) == 0
    assert capsys.readouterr().out.count("conforms") == 2
    assert (kg("records", "--store", store_dir), capsys.readouterr().out) == records_files
    with Server(store_dir) as server:
        assert b"".join(ln for ln in _export("--endpoint", server.url, tmp_path=tmp_path, capsys=capsys)
                        .splitlines(keepends=True) if not ln.endswith(schemes)) == from_files
        assert kg("validate", "--endpoint", server.url, "--timeout", "20") == 0
        assert capsys.readouterr().out.count("conforms") == 2
        assert (kg("records", "--endpoint", server.url), capsys.readouterr().out) == records_files


# ---------------------------------------------------------------- standard input


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


@pytest.mark.parametrize("cmd", ["validate", "records", "query"])
def test_graph_readers_take_standard_input(cmd, monkeypatch, capsys):
    graph = FIXTURES / "seoul-urges-beijing.ttl"
    args = {"validate": [], "records": [], "query": ["summary"]}[cmd]
    assert kg(cmd, *args, graph) == 0
    from_file = capsys.readouterr().out
    _stdin(monkeypatch, graph.read_bytes())
    assert kg(cmd, *args, "-") == 0
    assert capsys.readouterr().out == from_file.replace(str(graph), "<stdin>")


# ---------------------------------------------------------------- SPARQL result formats


@pytest.mark.parametrize("fmt, parser", [("sparql-json", "json"), ("sparql-xml", "xml"), ("tsv", "tsv")])
def test_sparql_result_formats_parse_back_to_the_rows(fmt, parser, capsys):
    from kg.query import run_query

    want = run_query("statements", [FIXTURES])
    assert kg("query", "statements", FIXTURES, "--format", fmt) == 0
    back = RdflibResult.parse(io.BytesIO(capsys.readouterr().out.encode("utf-8")), format=parser)
    assert [str(v) for v in back.vars] == want.variables
    got = [{str(k): v for k, v in b.items()} for b in back.bindings]
    assert got == [{k: v for k, v in r.items() if v is not None} for r in want.rows]
    assert len(got) >= 4


def test_sparql_json_answers_ask(tmp_path, capsys):
    q = tmp_path / "ask.rq"
    q.write_text("ASK { ?s a <https://schema.org/NewsArticle> }", encoding="utf-8")
    assert kg("query", q, FIXTURES, "--format", "sparql-json") == 0
    assert json.loads(capsys.readouterr().out)["boolean"] is True
    assert kg("query", q, FIXTURES, "--format", "tsv") == 2


@pytest.mark.slow
def test_build_and_explain_read_an_article_from_standard_input(tmp_path):
    import subprocess

    from conftest import kg_argv

    text = "Seoul urged Beijing not to deport North Korean defectors.\n"
    p = subprocess.run([*kg_argv(), "build", "-", "--out", str(tmp_path / "out")], input=text,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "out" / "stdin.ttl").is_file() and "stdin:" in p.stdout
    lines = [{"id": "one", "text": text}, {"id": "two", "text": "China rejected the request."}]
    p = subprocess.run([*kg_argv(), "build", "-", "--out", str(tmp_path / "jl"), "-q"],
                       input="".join(json.dumps(x) + "\n" for x in lines), capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert {f.name for f in (tmp_path / "jl").glob("*.ttl")} == {"one.ttl", "two.ttl"}
    p = subprocess.run([*kg_argv(), "explain", "-"], input=text, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0 and "REQUEST" in p.stdout, p.stderr


# ---------------------------------------------------------------- what a user reads (item 9)


def test_help_and_docs_point_only_into_the_clone():
    texts = {f"kg {name} --help": p.format_help() for name, p in SUB.items()}
    root = Path(__file__).resolve().parent.parent
    for path in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
        texts[str(path.relative_to(root))] = path.read_text(encoding="utf-8")
    for where, text in texts.items():
        for outside in ("../shared", "ARCHITECTURE.md", "RELIABILITY.md", "architecture guide"):
            assert outside not in text, (where, outside)


def test_readme_outputs_are_git_ignored():
    root = Path(__file__).resolve().parent.parent
    ignored = (root / ".gitignore").read_text().split()
    assert {"store/", "analysis/"} <= set(ignored) and "output/*" in ignored


def test_an_iri_bound_as_a_string_gets_a_hint(tmp_path, capsys):
    q = tmp_path / "mine.rq"
    q.write_text("SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }\n")
    iri = "https://w3id.org/kg-diplomacy/id/doc/seoul-urges-beijing/actor/china"
    assert kg("query", q, "--param", f"s={iri}", FIXTURES) == 0
    captured = capsys.readouterr()
    assert "(0 rows)" in captured.out and "hint:" in captured.err and f"<{iri}>" in captured.err
    assert kg("query", q, "--param", f"s=<{iri}>", FIXTURES) == 0
    captured = capsys.readouterr()
    assert "China" in captured.out and captured.err == ""
    typed = tmp_path / "typed.rq"
    typed.write_text("# Parameters: ?s (iri)\n" + q.read_text())
    assert kg("query", typed, "--param", f"s={iri}", FIXTURES) == 0
    assert "China" in capsys.readouterr().out

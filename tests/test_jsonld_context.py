"""A `.jsonld` graph whose @context is a URL (RELIABILITY.md X2): `kg validate`, `kg records` and
`kg analyze` never fetch it (a real listener on 127.0.0.1 counts the connections) nor open a
`file:` or relative context (an audit hook sees every file opened); each refuses the file with
one clear line, exit 2. A context given inline (as `kg export` writes it) is read as before."""
from __future__ import annotations

import json
import sys

import pytest

from _kgcli import kg
from conftest import run_kg
from listener import Listener

COMMANDS = (["validate"], ["records"], ["analyze", "--out", "{out}"])


@pytest.fixture
def listener():
    def answer(c):   # a context document, as a real server would send it
        c.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: application/ld+json\r\nContent-Length: 46\r\n'
                  b'\r\n{"@context": {"name": "http://schema.org/n"}}\n')
        c.close()

    with Listener(answer) as server:
        yield server


def _doc(context) -> str:
    return json.dumps({"@context": context, "@id": "http://example.org/a", "name": "x"})


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_remote_context_is_never_fetched(listener, tmp_path, command):
    path = tmp_path / "remote.jsonld"
    path.write_text(_doc(f"{listener.url}/c.jsonld"))
    argv = [a.format(out=tmp_path / "net") for a in command]
    p = run_kg(argv[0], path, *argv[1:], timeout=120)
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert "@context is refused" in p.stderr and str(path) in p.stderr
    assert listener.hits == 0


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_file_and_relative_contexts_are_never_opened(tmp_path, command, capsys):
    secret = tmp_path / "ctx.jsonld"
    secret.write_text(json.dumps({"@context": {"name": "http://schema.org/name"}}))
    opened = []
    active = [True]

    def hook(event, args):
        if active[0] and event == "open" and args and str(args[0]).endswith("ctx.jsonld"):
            opened.append(args[0])

    sys.addaudithook(hook)
    try:
        for context in (secret.as_uri(), "ctx.jsonld", [{"x": "http://e/"}, "ctx.jsonld"]):
            path = tmp_path / "doc.jsonld"
            path.write_text(_doc(context))
            argv = [a.format(out=tmp_path / "net") for a in command]
            assert kg(argv[0], path, *argv[1:]) == 2, context
            assert "@context is refused" in capsys.readouterr().err
    finally:
        active[0] = False
    assert opened == []


def test_an_inline_context_is_read(tmp_path, capsys):
    from conftest import ROOT

    ttl = ROOT / "tests" / "fixtures" / "queries" / "seoul-urges-beijing.ttl"
    out = tmp_path / "g.jsonld"
    assert kg("export", ttl, "--out", out) == 0
    capsys.readouterr()
    assert kg("records", out) == 0
    from_jsonld = json.loads(capsys.readouterr().out)
    assert kg("records", ttl) == 0
    assert from_jsonld == json.loads(capsys.readouterr().out)
    assert from_jsonld["statements"]

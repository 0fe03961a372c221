"""Run `kg …` in-process for the tests of kg.query.cli and kg.store.cli.

Uses kg.cli.main when kg/cli.py already registers the query/load/serve/export commands, and
otherwise kg.cli.parser() with the two ``register`` functions added, exactly as kg/cli.py is to
call them: ``from kg.query.cli import register as _rq; from kg.store.cli import register as _rs``.
"""
from __future__ import annotations

import argparse

from kg import cli
from kg.errors import KgError
from kg.query.cli import register as _rq
from kg.store.cli import register as _rs


def _parser() -> argparse.ArgumentParser:
    p = cli.parser()
    sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    if "query" not in sub.choices:
        _rq(sub)
        _rs(sub)
    return p


def wired() -> bool:
    sub = next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction))
    return {"query", "load", "serve", "export"} <= set(sub.choices)


def kg(*argv) -> int:
    """Exit code of `kg ARGV…`; output goes to the captured stdout/stderr."""
    argv = [str(a) for a in argv]
    if wired():
        return cli.main(argv)
    a = _parser().parse_args(argv)
    try:
        return a.func(a)
    except KgError as e:
        return e.exit_code

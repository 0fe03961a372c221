"""CAMEO codes that agree with kg's act types (kg/data/lexicons/act_types.tsv).

A statement's code comes from its cue; when the act is reclassified (a report read as a
request, a civil protest, an announced attack read as a threat) the code must follow:
:func:`agreeing` keeps a code whose prefix the act allows and otherwise gives the act's
default code; :func:`threat_code` is the 13x code of threatening an act.
"""
from __future__ import annotations

from functools import lru_cache

from kg.extract.data import LEXICONS, read_tsv


@lru_cache(maxsize=1)
def table() -> dict[str, tuple[str, tuple[str, ...], str, str | None]]:
    """act -> (default code, allowed prefixes, threat code, default stance or None)."""
    return {r["act"]: (r["default"], tuple(r["prefixes"].split("|")), r["threat"], r["stance"] or None)
            for _, r in read_tsv(LEXICONS / "act_types.tsv", ("act", "default", "prefixes", "threat", "stance"))}


def agreeing(act: str, code: str | None) -> str:
    default, prefixes = table()[act][:2]
    return code if code and code.startswith(prefixes) else default


def threat_code(act: str) -> str:
    """'threatened to attack' (138), '… to impose sanctions' (1312); 130 when CAMEO has no finer code."""
    return table()[act][2] or table()["THREATEN"][0]


def default_stance(act: str) -> str | None:
    """The stance an act takes towards what it is about (condemn: oppose, urge: support)."""
    return table()[act][3]

"""Policy positions derived from statements: holder, issue, stance, and the statements
behind it. Hypothetical and denied acts state no position."""
from __future__ import annotations

from collections import defaultdict

from kg.model import Position, Statement

NO_POSITION = {"hypothetical", "denied"}


def derive(statements: list[Statement]) -> list[Position]:
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    issues = {}
    for i, s in enumerate(statements):
        if s.issue is None or s.stance is None or s.modality in NO_POSITION:
            continue
        groups[(s.speaker, s.issue.key)].append(i)
        issues.setdefault(s.issue.key, s.issue)
    out = []
    for (holder, key), idx in groups.items():
        by_stance = defaultdict(list)
        for i in idx:
            by_stance[statements[i].stance].append(i)
        # the stance most statements take; a tie keeps both, each with its evidence
        top = max(len(v) for v in by_stance.values())
        for stance in sorted(by_stance):
            if len(by_stance[stance]) == top:
                out.append(Position(holder=holder, issue=issues[key], stance=stance,
                                    statements=sorted(by_stance[stance])))
    return sorted(out, key=lambda p: (p.statements[0], p.holder, p.issue.key))

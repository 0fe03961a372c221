"""A bad input and why: what every reader yields instead of an Article (standard library only)."""
from __future__ import annotations

from dataclasses import dataclass

from kg.errors import KgError


@dataclass(frozen=True)
class Quarantined:
    """One bad input (a file, or one line of a JSONL file) and why.

    ``code`` is a KgError code ("decode", "empty", "too-large", "bad-input", ...) or a
    JSONL line code ("json", "not-object", "bad-field"), or "missing"/"io".
    """

    source: str
    line: int | None
    code: str
    message: str

    def one_line(self) -> str:
        """``FILE[:LINE]: message``"""
        return f"{self.source}{f':{self.line}' if self.line else ''}: {self.message}"

    @classmethod
    def from_error(cls, err: KgError, source: str, line: int | None = None) -> "Quarantined":
        return cls(source, line if line is not None else err.line, err.code, err.message)

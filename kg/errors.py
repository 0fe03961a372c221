"""One exception hierarchy. Messages say what is wrong, where, and what is valid."""
from __future__ import annotations


class KgError(Exception):
    """Base of every error kg raises on purpose. ``code`` is a stable short identifier."""

    code = "kg-error"
    exit_code = 2

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.message = message
        self.source = source
        self.line = line
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = ""
        if self.source:
            where = self.source + (f":{self.line}" if self.line else "") + ": "
        return where + self.message


class InputError(KgError):
    """The input cannot be read as an article (missing, empty, undecodable, malformed)."""

    code = "bad-input"


class EmptyInput(InputError):
    code = "empty"


class DecodeError(InputError):
    code = "decode"


class InputTooLarge(InputError):
    """A file, a decompressed file or a JSONL line is over its size cap."""

    code = "too-large"


class ConfigError(KgError):
    """A configuration value, lexicon or gazetteer file is wrong."""

    code = "config"


class IRIError(KgError):
    """An IRI could not be minted as a valid absolute IRI."""

    code = "iri"


class ValidationError(KgError):
    """The SHACL validator itself failed (not: the graph has violations)."""

    code = "validator"
    exit_code = 3


class GraphReadError(KgError):
    """A graph file cannot be parsed."""

    code = "graph-read"


class QueryError(KgError):
    code = "query"


class StoreError(KgError):
    """A triple store is unreachable, timed out, or refused data."""

    code = "store"
    exit_code = 4


class OutputError(KgError):
    """Output could not be written (disk full, permissions)."""

    code = "output"
    exit_code = 5

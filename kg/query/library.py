"""The library of competency questions: queries/*.rq, each opening with a header comment.

    # Question: Who supports or opposes an issue? …
    # Parameters: ?issue (string, optional: matched …), ?stance (string, optional: …)
    # Columns: holderLabel, stanceName, …

A header line may continue on the next comment lines. Parameter types: ``string``,
``xsd:date``, ``xsd:integer``, ``iri``; a description that starts with ``required`` makes the
parameter required, every other one is optional (left unbound when not given). Files named
``*.violation.rq`` are violation queries: any row they return is a defect.

A text parameter can be *resolved* first: ``?issue (string -> ?issueIri, optional: …)`` means
kg runs ``queries/resolve/issue.rq`` (named after the parameter) with ``?text`` bound to the
value, and binds the IRIs it returns (``?iri``: none, one or many) to ``?issueIri`` of the
query instead of the text: a cheap first step, so that the query starts from the few nodes
asked for (kg.query.run).

Comments make a query cheaper without changing its answers: another SPARQL engine reads them
as comments and gets the same rows, with more work (tests/test_query_rewrite.py runs every
library query with and without them):

* ``# only with ?v …`` ending a line: kg leaves out that line (with the lines before it back to
  where the brackets it closes open) unless every ``?v`` is bound. Such a part restricts by
  ``?v`` only, and changes nothing while ``?v`` is unbound: ``{ ?s kg:speaker ?party } UNION
  { ?s kg:addressee ?party }  # only with ?party``.
* ``# only with one of ?v …``: kg leaves the part out unless at least one ``?v`` is bound.
* ``# only without ?v …``: kg leaves the part out when any ``?v`` is bound (a restriction that
  a bound ``?v`` implies).
* Together, the last two choose between two ways of writing one part that give the same rows:
  looked up node by node (cheap when a parameter keeps a few nodes) or read property by
  property for all nodes at once, each property in a sub-query (Oxigraph joins sub-queries by
  hashing them: cheap when the rows are many). An engine that reads both joins them, with the
  same answers. A marked part may hold other marked parts: left out, it takes them along.
* ``# Rows: ?fact, with ?v …, labels ?label of ?iri`` (a header line): the query is
  article-local (its answer over a store is the union of its answers over each article graph),
  so kg's loaders keep each article's rows of it beside the article, one literal per row on
  ``?fact``, with the variables ``?v`` its parameters test, and kg reads them instead of
  running it (queries/rows/<name>.rq picks the rows; ``?label`` is read again from ``?iri`` for
  the rows read). ``# Rows: from positions``: kg answers the query from another query's kept
  rows, with a function of kg.query.rows (coalitions pairs the actors of the positions).
  kg.query.rows says how; the answers are the same.
* ``# VALUES ?v …`` inside a group, a union branch or a sub-query whose every row binds ``?v``
  (and that groups by ``?v`` if it aggregates): kg binds the given parameters there too, not
  only at the top of the WHERE clause, so that the group starts from them instead of being
  joined with them at the end (Oxigraph evaluates a union or a sub-query before joining it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import QueryError
from kg.resources import repo_path

PARAM_TYPES = ("string", "xsd:date", "xsd:integer", "iri")
VIOLATION_SUFFIX = ".violation.rq"

_KEY = re.compile(r"^#\s*(Question|Parameters|Columns|Rows)\s*:\s*(.*)$", re.IGNORECASE)
_DERIVED = re.compile(r"^from\s+([A-Za-z_][\w-]*)(?:\s*\(.*\))?$")
_ROWS = re.compile(r"^\?([A-Za-z_]\w*)(?:\s*,\s*with((?:\s+\?[A-Za-z_]\w*)+))?"
                   r"(?:\s*,\s*labels\s+\?([A-Za-z_]\w*)\s+of\s+\?([A-Za-z_]\w*))?(?:\s*\(.*\))?$")
_PARAM = re.compile(r"\?([A-Za-z_]\w*)\s*\(\s*([\w:]+)\s*(?:->\s*\?([A-Za-z_]\w*)\s*)?(?:,\s*([^()]*))?\)")
_COLUMN = re.compile(r"\s*([A-Za-z_]\w*)\s*(?:\(([^()]*)\))?\s*(?:,|$)")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str = ""
    required: bool = False
    resolves: str | None = None   # the variable the resolved IRIs are bound to (see above)


@dataclass(frozen=True)
class QueryDoc:
    """A query file with its header."""

    name: str
    path: Path
    text: str
    question: str
    parameters: tuple[Param, ...] = field(default_factory=tuple)
    columns: tuple[str, ...] = field(default_factory=tuple)
    trusted: bool = True  # from queries/; False for a file a user passed
    rows: "Rows | None" = None   # the Rows header (kg.query.rows)

    @property
    def violation(self) -> bool:
        return self.path.name.endswith(VIOLATION_SUFFIX)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.parameters if p.name == name), None)


def parse_header(text: str) -> dict[str, str]:
    """The header fields of a query text: {"question": …, "parameters": …, "columns": …}."""
    fields: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        if not s.startswith("#"):
            break
        m = _KEY.match(s)
        if m:
            key = m.group(1).lower()
            fields[key] = m.group(2).strip()
        elif key is not None:
            fields[key] = (fields[key] + " " + s.lstrip("#").strip()).strip()
    return fields


def parse_parameters(spec: str, *, source: str = "") -> tuple[Param, ...]:
    if not spec or spec.strip().lower() in ("none", "-"):
        return ()
    params = []
    for m in _PARAM.finditer(spec):
        name, ptype, target, desc = m.group(1), m.group(2).strip(), m.group(3), (m.group(4) or "").strip()
        if ptype not in PARAM_TYPES:
            raise QueryError(f"parameter ?{name} has unknown type {ptype!r}; use one of "
                             f"{', '.join(PARAM_TYPES)}", source=source)
        if target and ptype != "string":
            raise QueryError(f"parameter ?{name}: only string parameters are resolved to IRIs",
                             source=source)
        params.append(Param(name, ptype, desc, desc.lower().startswith("required"), target))
    if not params:
        raise QueryError("cannot read the Parameters header; write e.g. "
                         "'# Parameters: ?issue (string, optional: …)' or '# Parameters: none'",
                         source=source)
    return tuple(params)


@dataclass(frozen=True)
class Rows:
    """What a ``# Rows:`` header says (kg.query.rows): the fact a kept row hangs on, the
    variables it keeps beyond the columns, a label read again (its variable and the IRI it
    labels); or, for a query answered from another query's kept rows, that query's name."""

    fact: str | None = None
    kept: tuple[str, ...] = ()
    labels: tuple[str, str] | None = None
    source: str | None = None


def parse_rows(spec: str | None, *, source: str = "") -> Rows | None:
    """``?statement, with ?issueIri ?stanceIri, labels ?issueLabel of ?issueIri (…)`` or
    ``from positions (…)``."""
    if spec is None:
        return None
    derived = _DERIVED.match(spec.strip())
    if derived:
        return Rows(source=derived.group(1))
    m = _ROWS.match(spec.strip())
    if not m:
        raise QueryError("cannot read the Rows header; write e.g. '# Rows: ?statement, with "
                         "?issueIri, labels ?issueLabel of ?issueIri (…)' or '# Rows: from "
                         "positions (…)'", source=source)
    labels = (m.group(3), m.group(4)) if m.group(3) else None
    return Rows(m.group(1), tuple(v.strip()[1:] for v in (m.group(2) or "").split()), labels)


def parse_columns(spec: str) -> tuple[str, ...]:
    return tuple(m.group(1) for m in _COLUMN.finditer(spec or "") if m.group(1))


def query_dir() -> Path:
    return repo_path("queries")


def load_file(path, *, trusted: bool = False) -> QueryDoc:
    """Read one .rq file (a user's file unless ``trusted``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError("no such query file", source=str(path)) from None
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"cannot read query file: {e}", source=str(path)) from None
    head = parse_header(text)
    name = path.name[: -len(".rq")] if path.name.endswith(".rq") else path.name
    return QueryDoc(name=name, path=path, text=text, question=head.get("question", ""),
                    parameters=parse_parameters(head.get("parameters", ""), source=str(path)),
                    columns=parse_columns(head.get("columns", "")), trusted=trusted,
                    rows=parse_rows(head.get("rows"), source=str(path)))


def list_queries(folder: Path | None = None) -> list[QueryDoc]:
    """Every query of the library (queries/*.rq, not its sub-folders), sorted by name."""
    folder = Path(folder) if folder else query_dir()
    return [load_file(p, trusted=True) for p in sorted(folder.glob("*.rq"))]


def get_query(name_or_path: str) -> QueryDoc:
    """A library query by name (``positions``), or a user's .rq file by path."""
    s = str(name_or_path)
    if s.endswith(".rq") or "/" in s or "\\" in s:
        return load_file(s, trusted=False)
    path = query_dir() / f"{s}.rq"
    if path.is_file():
        return load_file(path, trusted=True)
    names = ", ".join(q.name for q in list_queries())
    raise QueryError(f"no query named {s!r}; the library has: {names} (or pass a FILE.rq)")


def resolver(param: Param) -> QueryDoc:
    """The query that resolves a text parameter to IRIs: queries/resolve/<name>.rq."""
    return load_file(query_dir() / "resolve" / f"{param.name}.rq", trusted=True)

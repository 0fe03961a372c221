"""Safe parameters and safe queries (RELIABILITY.md, trap 1 and 2; cases Q1, Q2).

Values never reach query text by string formatting:

* on rdflib, parameters are passed as ``initBindings``;
* on Oxigraph (embedded or server) and other SPARQL endpoints, a ``VALUES`` block is put at the
  start of the outermost WHERE group, built from validated terms serialised by pyoxigraph
  (``NamedNode`` checks the IRI, ``Literal`` escapes quotes, backslashes and newlines).

Both give the same answers when a parameter variable is used only in the top-level group of the
WHERE clause (in its triple patterns, FILTERs or BINDs, EXISTS included) — the rule every query
in queries/ follows (tests/test_queries.py checks that the engines agree).

Every query, from the library or from a user's file, is parsed with rdflib's SPARQL parser
before it runs, and refused if it is an update (LOAD, INSERT, DROP …), uses SERVICE, or names a
dataset (FROM / FROM NAMED) outside ``kgid:graph/``. Codepoint escapes (``\\u0022``) are refused
too: rdflib decodes them before parsing and Oxigraph does not, so the two would read one text as
two different queries.
"""
from __future__ import annotations

import datetime as _dt
import itertools
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.errors import QueryError
from kg.query.library import QueryDoc
from kg.rdf.namespaces import ID

GRAPH_NS = str(ID) + "graph/"
_CODEPOINT_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")
_INTEGER = re.compile(r"[+-]?\d{1,30}")
_FORMS = {"SELECT": "SelectQuery", "ASK": "AskQuery", "CONSTRUCT": "ConstructQuery",
          "DESCRIBE": "DescribeQuery"}


# ---------------------------------------------------------------- checking queries


@dataclass(frozen=True)
class CheckedQuery:
    text: str
    form: str                # SelectQuery, AskQuery, ConstructQuery or DescribeQuery
    prepared: object = None  # rdflib's parsed and translated query (None: a library query, not parsed)

    @property
    def parsed(self):
        """rdflib's parsed and translated query (parsed now if it was not)."""
        return self.prepared if self.prepared is not None else _checked(self.text, True).prepared

    @property
    def variables(self) -> list[str]:
        return [str(v) for v in (self.parsed.algebra.get("PV") or [])]

    @property
    def names_dataset(self) -> bool:
        """Whether the query has FROM / FROM NAMED (else it sees the union of the named graphs)."""
        if self.prepared is None and not any(kind == "word" and w.upper() == "FROM"
                                             for kind, _, w in _depth0_tokens(self.text)):
            return False
        return bool(self.parsed.algebra.get("datasetClause"))


def check_query(text: str, *, source: str | None = None, escapes: bool = False,
                trusted: bool = False) -> CheckedQuery:
    """Parse ``text`` and refuse what must not run (updates, SERVICE, remote FROM, and codepoint
    escapes unless ``escapes``: only text kg wrote itself may hold them). Parses are cached.
    A ``trusted`` text (a query of the library: kg's own, tested) is not parsed with rdflib
    unless an rdflib graph runs it: its form is read off its first keyword."""
    try:
        if trusted:
            form = next((_FORMS[w.upper()] for kind, _, w in _depth0_tokens(text)
                         if kind == "word" and w.upper() in _FORMS), None)
            if form is not None:
                return CheckedQuery(text, form)
        return _checked(text, escapes)
    except QueryError as e:
        raise QueryError(e.message, source=source) from None


# rdflib's SPARQL parser (pyparsing) is not thread-safe: parse one query at a time.
PARSE_LOCK = threading.RLock()


def parse_sparql(text: str):
    from rdflib.plugins.sparql.parser import parseQuery

    from kg.rdf import sparql_order  # noqa: F401 - rdflib sorts unbound ORDER BY keys lowest, as SPARQL says

    with PARSE_LOCK:
        return parseQuery(text)


def translate_sparql(parsed):
    from rdflib.plugins.sparql.algebra import translateQuery

    with PARSE_LOCK:
        return translateQuery(parsed)


@lru_cache(maxsize=256)
def _checked(text: str, escapes: bool) -> CheckedQuery:
    m = None if escapes else _CODEPOINT_ESCAPE.search(text)
    if m:
        raise QueryError(f"codepoint escape \\{m.group(1)} refused: rdflib and Oxigraph read such "
                         "escapes differently; write the character itself")
    try:
        parsed = parse_sparql(text)
    except Exception as e:  # pyparsing raises ParseException and friends
        if _is_update(text):
            raise QueryError("SPARQL updates (LOAD, INSERT, DELETE, DROP, CLEAR …) are refused: "
                             "kg query only reads") from None
        raise QueryError(f"not a valid SPARQL query: {str(e).splitlines()[0][:300]}") from None
    try:
        prepared = translate_sparql(parsed)
    except Exception as e:
        raise QueryError(f"not a valid SPARQL query: {e}") from None
    for node in _walk(prepared.algebra):
        if node.name == "ServiceGraphPattern":
            raise QueryError("SERVICE is refused: a query must not make the engine call other "
                             "endpoints")
    for clause in prepared.algebra.get("datasetClause") or []:
        iri = clause.get("default") or clause.get("named")
        if not (isinstance(iri, URIRef) and str(iri).startswith(GRAPH_NS)):
            raise QueryError(f"FROM <{iri}> is refused: FROM and FROM NAMED may only name graphs "
                             f"of the store (<{GRAPH_NS}…>), never a document to fetch")
    return CheckedQuery(text, prepared.algebra.name, prepared)


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
        return True
    except Exception:
        return False


def _walk(node):
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, (list, tuple)):
        for v in node:
            yield from _walk(v)


# ---------------------------------------------------------------- parameters -> terms


def to_term(value: str, ptype: str, *, name: str = "") -> URIRef | Literal:
    """Turn a parameter given as text into a validated RDF term of its declared type."""
    where = f"parameter {name}={value!r}: " if name else ""
    if not isinstance(value, str):
        raise QueryError(f"{where}a parameter value is text, not {type(value).__name__}")
    if ptype == "string":
        return Literal(value)
    if ptype == "xsd:date":
        try:
            _dt.date.fromisoformat(value)
        except ValueError:
            raise QueryError(f"{where}not a date; write YYYY-MM-DD, e.g. 2012-02-23") from None
        if len(value) != 10:
            raise QueryError(f"{where}not a date; write YYYY-MM-DD, e.g. 2012-02-23")
        return Literal(value, datatype=XSD.date)
    if ptype == "xsd:integer":
        if not _INTEGER.fullmatch(value):
            raise QueryError(f"{where}not an integer")
        return Literal(int(value))
    if ptype == "iri":
        iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        try:
            ox.NamedNode(iri)
        except ValueError as e:
            raise QueryError(f"{where}not a valid absolute IRI ({e})") from None
        if ":" not in iri:
            raise QueryError(f"{where}not an absolute IRI")
        return URIRef(iri)
    raise QueryError(f"{where}unknown parameter type {ptype!r}")


def bind_params(doc: QueryDoc, params: dict[str, str] | None,
                checked: CheckedQuery | None = None) -> dict[str, URIRef | Literal]:
    """Validate ``params`` against the query's declared parameters and type them.

    A query without a Parameters header (a user's file) takes any variable of the query; its
    values are strings, or IRIs when written ``<…>``.
    """
    params = dict(params or {})
    out: dict[str, URIRef | Literal] = {}
    declared = {p.name: p for p in doc.parameters}
    for name, value in params.items():
        name = name.lstrip("?$")
        p = declared.get(name)
        if p is None and declared:
            raise QueryError(f"query {doc.name!r} has no parameter {name!r}; its parameters are: "
                             f"{', '.join(sorted(declared))}")
        if p is None:
            if not re.fullmatch(r"[A-Za-z_]\w*", name):
                raise QueryError(f"{name!r} is not a SPARQL variable name")
            if checked is not None and not re.search(r"[?$]" + name + r"\b", checked.text):
                raise QueryError(f"query {doc.name!r} has no variable ?{name}")
            ptype = "iri" if value.startswith("<") and value.endswith(">") else "string"
        else:
            ptype = p.type
        out[name] = to_term(value, ptype, name=name)
    missing = [p.name for p in doc.parameters if p.required and p.name not in out]
    if missing:
        raise QueryError(f"query {doc.name!r} needs --param {missing[0]}=…")
    return out


# ---------------------------------------------------------------- rdflib <-> pyoxigraph terms


def to_oxigraph(term):
    """An rdflib term as a pyoxigraph term (validating IRIs)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        try:
            return ox.NamedNode(str(term))
        except ValueError as e:
            raise QueryError(f"invalid IRI {str(term)!r}: {e}") from None
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot use {term!r} as a value")


_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)


def from_oxigraph(term):
    """A pyoxigraph term as an rdflib term (plain literals without a datatype, as rdflib parses)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt in (_XSD_STRING, _LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    raise QueryError(f"unsupported term in a result: {term!r}")


# ---------------------------------------------------------------- VALUES injection and hints

_ONLY = re.compile(r"#\s*only (with one of|without|with)((?:\s+\?[A-Za-z_]\w*)+)\s*$")
_VALUES_HINT = re.compile(r"#\s*VALUES((?:\s+\?[A-Za-z_]\w*)+)\s*$")


def _hint_vars(group: str) -> list[str]:
    return [v.lstrip("?") for v in group.split()]


def strip_unbound(text: str, bound) -> str:
    """The query without the parts its hints leave out for the ``bound`` variables (see
    :func:`_strip_unbound`; cached: a query is cut the same way for the same variables)."""
    return _strip_unbound(text, frozenset(bound))


@lru_cache(maxsize=256)
def _strip_unbound(text: str, bound: frozenset) -> str:
    """The query without the parts that a ``# only with ?v …`` comment marks when a ``?v`` is
    not bound, those a ``# only with one of ?v …`` marks when no ``?v`` is, nor those a
    ``# only without ?v …`` marks when a ``?v`` is (kg.query.library). A marked part is the line
    the comment ends, with the lines before it back to where the brackets it closes were opened."""
    starts = _line_depths(text)
    cut = []
    for start, end in _comments(text):
        m = _ONLY.match(text, start, end)
        if not m:
            continue
        names = _hint_vars(m.group(2))
        given = [v in bound for v in names]
        keep = {"with": all, "with one of": any}.get(m.group(1), lambda g: not any(g))(given)
        if keep:
            continue
        line = text.rfind("\n", 0, start) + 1
        after = starts.get(end + 1, 0)        # the nesting depth after the marked line
        while starts[line] > after and line > 0:
            line = text.rfind("\n", 0, line - 1) + 1
        cut.append((line, min(end + 1, len(text))))
    merged: list[list[int]] = []     # a marked part inside another one goes with it
    for a, b in sorted(cut):
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    for a, b in reversed(merged):
        text = text[:a] + text[b:]
    return text


def _line_depths(text: str) -> dict[int, int]:
    """The bracket depth ({ and ( together) at the start of each line, by the line's index."""
    depth_at = {}
    marks = [(a, 1 if kind in "{(" else -1) for kind, a, _, _, _ in _lex(text) if kind in "{}()"]
    depth, k, pos = 0, 0, 0
    for line in text.split("\n"):
        while k < len(marks) and marks[k][0] < pos:
            depth += marks[k][1]
            k += 1
        depth_at[pos] = depth
        pos += len(line) + 1
    depth_at[pos] = depth
    return depth_at


def _values_block(bindings: dict, names: list[str]) -> str:
    for n in names:
        if not re.fullmatch(r"[A-Za-z_]\w*", n):
            raise QueryError(f"{n!r} is not a SPARQL variable name")
    columns = [[str(to_oxigraph(t)) for t in (v if isinstance(v, (list, tuple)) else [v])]
               for v in (bindings[n] for n in names)]
    rows = [" ".join(row) for row in itertools.product(*columns)]
    block = ("VALUES (" + " ".join("?" + n for n in names) + ") { "
             + " ".join(f"({row})" for row in rows) + " }")
    _check_block(block, names, len(rows))
    return block


# A VALUES block of more rows than this opens the WHERE group as a sub-query. Oxigraph starts
# from a small block and looks up each of its rows; past about a thousand rows it starts from a
# pattern instead and joins the block last, testing every row of the block against every
# solution (1,000 articles, an actor word naming 1,053 actors: positions 0.5 s; 10,000
# articles, 1,840 actors: 8 s). A sub-query is joined by hashing, whatever the order.
_HASHED_VALUES = 100


def _rows_of(bindings: dict) -> int:
    n = 1
    for v in bindings.values():
        n *= len(v) if isinstance(v, (list, tuple)) else 1
    return n


def inject_values(checked: CheckedQuery, bindings: dict, hints: bool = True) -> str:
    """The query text with ``VALUES (?a ?b) { (t1 t2) }`` opening its outermost WHERE group. A
    binding may be a list of terms (a resolved parameter, kg.query.run): one row per term, and
    no row at all for an empty list (the query then has no answer). A comment ``# VALUES ?a …``
    inside the query (a sub-query that groups by ``?a``: kg.query.library) gets a block of the
    bound variables it names too (unless not ``hints``)."""
    if not bindings:
        return checked.text
    text = checked.text
    pos = _where_brace(checked)
    block = _values_block(bindings, list(bindings))
    if _rows_of(bindings) > _HASHED_VALUES:
        block = "{ SELECT * WHERE { " + block + " } }"
    edits = [(pos + 1, pos + 1, " " + block + " ")]
    for start, end in _comments(text) if hints else ():
        m = _VALUES_HINT.match(text, start, end)
        names = [v for v in _hint_vars(m.group(1)) if v in bindings] if m else []
        if names:
            edits.append((start, end, _values_block(bindings, names)))
    for a, b, block in sorted(edits, reverse=True):
        text = text[:a] + block + text[b:]
    return text


def page(text: str, limit: int | None, offset: int = 0) -> str:
    """The query with ``LIMIT``/``OFFSET`` added (a page of its solutions, in its ORDER BY)."""
    if limit is None and not offset:
        return text
    if (limit is not None and limit < 0) or offset < 0:
        raise QueryError("--limit and --offset take a number of rows (0 or more)")
    words = {w.upper() for kind, _, w in _depth0_tokens(text) if kind == "word"}
    if words & {"LIMIT", "OFFSET"}:
        raise QueryError("this query has its own LIMIT or OFFSET; page it with those")
    tail = (f"LIMIT {limit} " if limit is not None else "") + (f"OFFSET {offset}" if offset else "")
    return text.rstrip() + "\n" + tail.strip() + "\n"


_EMPTY: list = []   # an empty in-memory Oxigraph store, made on first use


def _check_block(block: str, names: list[str], count: int = 1) -> None:
    """The VALUES block must read back as ``count`` rows, each binding exactly ``names``:
    Oxigraph evaluates it on an empty in-memory store (cheaper than an rdflib parse)."""
    if not _EMPTY:
        _EMPTY.append(ox.Store())
    try:
        res = _EMPTY[0].query("SELECT * WHERE { " + block + " }")
        ok = sorted(v.value for v in res.variables) == sorted(names) if count else True
        rows = list(res)
        ok = ok and len(rows) == count and all(r[n] is not None for r in rows for n in names)
    except (SyntaxError, ValueError, OSError):
        ok = False
    if not ok:
        raise QueryError("could not write these parameter values as SPARQL terms")


def _where_brace(checked: CheckedQuery) -> int:
    """Index of the '{' that opens the outermost WHERE group of the query text."""
    tokens = list(_depth0_tokens(checked.text))
    braces = [(i, k) for k, (kind, i, word) in enumerate(tokens) if kind == "{"]
    if not braces:
        raise QueryError("this query has no WHERE group to bind parameters in")
    first_index, first_k = braces[0]
    preceded_by_where = first_k > 0 and tokens[first_k - 1][2].upper() == "WHERE"
    if checked.form == "ConstructQuery" and not preceded_by_where:
        if len(braces) < 2:
            raise QueryError("this CONSTRUCT query has no WHERE group to bind parameters in")
        return braces[1][0]
    if checked.form == "ConstructQuery":
        raise QueryError("parameters need the long form CONSTRUCT { … } WHERE { … }")
    return first_index


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')


def _lex(text: str):
    """Yield (kind, start, end, depth, parens) for the braces ("{", "}"), words ("word") and
    comments ("#", up to the end of the line) of a query, skipping strings and IRIs; depth and
    parens are the nesting outside the token."""
    i, n, depth, parens = 0, len(text), 0, 0
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            yield ("#", i, j, depth, parens)
            i = j
        elif c in "\"'":
            i = _skip_string(text, i)
        elif c == "<":
            m = _IRIREF.match(text, i)
            i = m.end() if m else i + 1
        elif c in "()":
            if c == ")":
                parens -= 1
            yield (c, i, i + 1, depth, parens)
            if c == "(":
                parens += 1
            i += 1
        elif c == "{":
            yield ("{", i, i + 1, depth, parens)
            depth += 1
            i += 1
        elif c == "}":
            depth -= 1
            yield ("}", i, i + 1, depth, parens)
            i += 1
        elif c.isalpha():
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_-:"):
                j += 1
            yield ("word", i, j, depth, parens)
            i = j
        else:
            i += 1


def _comments(text: str):
    """(start, end) of each comment of a query text."""
    return [(a, b) for kind, a, b, _, _ in _lex(text) if kind == "#"]


def _depth0_tokens(text: str):
    """Yield ("{", index, "") for braces outside any brace or parenthesis, and ("word", index,
    word) for words there, skipping comments, strings and IRIs."""
    for kind, a, b, depth, parens in _lex(text):
        if depth == 0 and parens == 0 and kind in ("{", "word"):
            yield (kind, a, "" if kind == "{" else text[a:b])


def _skip_string(text: str, i: int) -> int:
    q = text[i]
    long = text.startswith(q * 3, i)
    end = q * 3 if long else q
    j = i + (3 if long else 1)
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(end, j):
            return j + len(end)
        if not long and text[j] == "\n":
            return j
        j += 1
    return j

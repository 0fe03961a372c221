"""Run a query of the library (or a user's .rq file) on graph files, an rdflib graph, the embedded
store or a remote SPARQL endpoint; get rows back as rdflib terms, plain values or a DataFrame.

    >>> from kg.query import run_query
    >>> result = run_query("positions", ["output/"], params={"issue": "repatriation"})
    >>> [(r["holderLabel"], r["stanceName"]) for r in result.records()]   # doctest: +SKIP

Every source sees the article graphs as one default graph: an rdflib graph merges the files,
Oxigraph is asked for the union of its named graphs. Queries time out (``timeout`` seconds, Q3);
on rdflib and the embedded store the abandoned evaluation finishes in a background thread.
"""
from __future__ import annotations

import csv
import gc
import io
import json
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from kg.errors import KgError, QueryError
from kg.query.bind import (CheckedQuery, bind_params, check_query, from_oxigraph, inject_values, page,
                           parse_sparql, strip_unbound, translate_sparql)
from kg.query.library import QueryDoc, get_query, resolver
from kg.query.order import sort_rows, split_distinct, split_order
from kg.rdf.namespaces import PREFIXES, bind_prefixes

import kg.query.rows as kept  # (not from the package: the stores import kg.query.rows, no cycle)

DEFAULT_TIMEOUT = 60.0
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class QueryTimeout(QueryError):
    """A query ran longer than its timeout (exit code 4, like a store that hangs)."""

    code = "query-timeout"
    exit_code = 4


class Result:
    """Rows of a SELECT (``variables``, ``rows`` of rdflib terms or None), the answer of an ASK
    (``boolean``) or the triples of a CONSTRUCT/DESCRIBE (``graph``). Rows from Oxigraph or an
    endpoint are turned into rdflib terms when ``rows`` is first read; the formatters write
    them without that step."""

    def __init__(self, variables=None, rows=None, boolean: bool | None = None, graph: Graph | None = None,
                 query: str = "", *, raw=None, text=None, term=None, describe=None):
        self.variables: list[str] = list(variables or [])
        self._rows = rows if rows is not None or raw is not None else []
        self._raw = raw      # rows as tuples of engine terms: ``term`` makes an rdflib term of
        self._text = text    # one, ``text(row, compact_iris)`` the texts of a row
        self._term = term
        self._describe = describe   # ``describe(t)``: (kind, text, datatype, language) (kg.query.order)
        self.boolean = boolean
        self.graph = graph
        self.query = query

    @property
    def rows(self) -> list[dict]:
        if self._rows is None:
            term, names = self._term, self.variables
            self._rows = [dict(zip(names, map(term, r))) for r in self._raw]
        return self._rows

    def __len__(self) -> int:
        return len(self._raw) if self._rows is None else len(self._rows)

    def __iter__(self):
        return iter(self.rows)

    def records(self) -> list[dict]:
        """Rows with plain Python values: numbers and booleans as such, the rest as text."""
        return [{v: plain(row.get(v)) for v in self.variables} for row in self.rows]

    def strings(self, *, compact_iris: bool = False):
        """Each row as a list of texts, one per variable ("" when unbound): IRIs in full, or as
        prefix:local with ``compact_iris``, literals as their lexical form."""
        if self._rows is None:
            text = self._text
            for r in self._raw:
                yield text(r, compact_iris)
            return
        show = compact if compact_iris else (lambda t: "" if t is None else str(t))
        for r in self.rows:
            yield [show(r.get(c)) for c in self.variables]

    def to_dataframe(self):
        """The rows as a pandas DataFrame of plain values (:meth:`records`), one column per
        variable. pandas comes with the ``pandas`` extra: ``pip install -e '.[pandas]'``."""
        try:
            import pandas as pd
        except ImportError:
            raise QueryError("to_dataframe() needs pandas: pip install -e '.[pandas]' in the kg "
                             "folder (or pip install pandas)") from None
        return pd.DataFrame(self.records(), columns=self.variables)


def plain(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (bool, int, float)):
            return value
        return str(term)
    return str(term)


# ---------------------------------------------------------------- sources


def _graph() -> Graph:
    g = Graph()
    bind_prefixes(g)
    return g


def load_graph(inputs) -> Graph:
    """Merge graph files and folders into one rdflib Graph (parsed by Oxigraph, no fetching)."""
    from kg.store.graphs import expand_inputs, read_quads

    g = _graph()
    for path in expand_inputs(inputs):
        for q in read_quads(path):
            g.add((from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object)))
    return g


def run_query(query, source, params: dict | None = None, *, timeout: float = DEFAULT_TIMEOUT,
              engine: str = "rdflib", limit: int | None = None, offset: int = 0,
              hints: bool = True) -> Result:
    """Run a query and return its :class:`Result`.

    ``query``: a library name (``"positions"``, see ``kg query --list``), a path to a .rq
    file, or a QueryDoc. ``source``: graph files or folders (a path or a list of paths, read
    into rdflib, or into an in-memory Oxigraph store with ``engine="oxigraph"``), an rdflib
    Graph, a pyoxigraph Store, a kg.store.EmbeddedStore or a kg.store.remote.Endpoint.
    ``params``: parameter values as text, typed by the query's ``# Parameters:`` header
    (never pasted into the query). ``timeout``: seconds before QueryTimeout. ``limit`` and
    ``offset``: one page of the rows, in the query's order. ``hints=False`` runs the text as
    any SPARQL engine would, without the comments that make kg leave out or bind parts of it
    (kg.query.library), with the engine sorting the rows, which kg otherwise does itself on a
    store or endpoint (kg.query.order), and without the rows a store keeps of some queries
    (kg.query.rows); the answers are the same.

    The Result holds ``rows`` (dicts of rdflib terms, None when unbound) and ``variables``;
    ``records()`` gives plain Python values and ``to_dataframe()`` a pandas DataFrame; an
    ASK sets ``boolean``, a CONSTRUCT ``graph``. Raises QueryError for an unknown query, a bad
    parameter or a refused query (updates, SERVICE), StoreError when a store fails."""
    doc = query if isinstance(query, QueryDoc) else get_query(query)
    checked = check_query(doc.text, source=str(doc.path), trusted=doc.trusted)
    bindings = bind_params(doc, params, checked)
    if timeout is None or timeout <= 0:
        raise QueryError("the timeout must be a positive number of seconds")

    from kg.store.embedded import EmbeddedStore
    from kg.store.remote import Endpoint

    if isinstance(source, (str, Path, list, tuple)):
        paths = [source] if isinstance(source, (str, Path)) else list(source)
        if engine == "oxigraph":
            source = memory_store(paths)
        elif engine == "rdflib":
            source = load_graph(paths)
        else:
            raise QueryError(f"unknown engine {engine!r}; use rdflib or oxigraph")
    bindings = _resolve(doc, bindings, source, timeout, hints)
    if any(v == [] for v in bindings.values()) and isinstance(source, Graph) and checked.form == "SelectQuery":
        return Result(checked.variables, [], query=checked.text)    # the text names nothing
    text = strip_unbound(checked.text, bindings) if hints else checked.text
    if isinstance(source, Graph):
        checked = _rechecked(checked, page(text, limit, offset), doc)
        if any(isinstance(v, list) for v in bindings.values()):
            # resolved IRIs are many values of one variable: a VALUES block, as on Oxigraph
            checked, bindings = check_query(inject_values(checked, bindings, hints), escapes=True), {}
        return _on_rdflib(source, checked, bindings, timeout)
    if isinstance(source, EmbeddedStore):
        source = source.store
    if isinstance(source, ox.Store):
        engine_run = _on_oxigraph
    elif isinstance(source, Endpoint):
        engine_run = _on_endpoint
    else:
        raise QueryError(f"cannot query a {type(source).__name__}")

    def run(query_text: str) -> Result:
        query = _rechecked(checked, query_text, doc)
        return engine_run(source, query, inject_values(query, bindings, hints), timeout)

    if hints and kept.kept(doc) and _rows_current(source, engine_run, timeout):
        answer = _from_rows(doc, checked, bindings, source, engine_run, timeout, limit, offset)
        if answer is not None:
            return answer

    ordered = split_order(text) if hints and checked.form == "SelectQuery" else None
    if ordered is not None:    # kg sorts the rows itself (kg.query.order), then cuts the page
        unique = split_distinct(ordered[0])     # … and drops repeated rows as it sorts
        result = run(unique or ordered[0])
        with no_gc():
            rows = sort_rows(result._raw, result.variables, ordered[1], result._describe,
                             distinct=unique is not None)
        if rows is not None:
            result._raw = rows[offset:None if limit is None else offset + limit]
            return result
    return run(page(text, limit, offset))


def keeps_rows(source, timeout: float = DEFAULT_TIMEOUT) -> bool:
    """Whether a store (pyoxigraph Store, EmbeddedStore) or an Endpoint keeps rows of this kg
    for every article graph, which kg reads instead of running the queries that keep rows
    (kg.query.rows)."""
    from kg.store.embedded import EmbeddedStore
    from kg.store.remote import Endpoint

    if isinstance(source, EmbeddedStore):
        source = source.store
    if isinstance(source, Endpoint):
        return _rows_current(source, _on_endpoint, timeout)
    return isinstance(source, ox.Store) and kept.current(source)


def _rows_current(source, engine_run, timeout: float) -> bool:
    """Whether the store or endpoint keeps current rows of every article (kg.query.rows)."""
    query = kept.currency_query()
    answer = engine_run(source, CheckedQuery(query, "SelectQuery"), query, timeout)
    return bool(answer._raw) and kept.is_current(*(int(t.value) for t in answer._raw[0]))


def _from_rows(doc, checked, bindings, source, engine_run, timeout, limit, offset) -> Result | None:
    """The answer read from the rows the store keeps (kg.query.rows), sorted and paged as the
    query's; None when kg cannot sort them as the query would."""
    def run(text: str, values: dict) -> Result:
        plain = CheckedQuery(text, "SelectQuery")
        return engine_run(source, plain, inject_values(plain, values), timeout)

    ordered = split_order(checked.text)
    if ordered is None:
        return None
    with no_gc():
        variables, raw = (kept.derive if doc.rows.source else kept.read)(doc, bindings, run)
        sorted_rows = sort_rows(raw, variables, ordered[1], kept.describe,
                                distinct=split_distinct(ordered[0]) is not None)
    if sorted_rows is None:
        return None
    return Result(variables, raw=sorted_rows[offset:None if limit is None else offset + limit],
                  text=_kept_texts, term=kept.cell_term, describe=kept.describe, query=checked.text)


def _kept_texts(row, compact_iris: bool) -> list[str]:
    return kept.cell_texts(row, compact_iri if compact_iris else None)


def _rechecked(checked: CheckedQuery, text: str, doc: QueryDoc) -> CheckedQuery:
    """``checked`` with parts left out, a page or its ORDER BY taken off: parsed again (and
    checked) only if it was parsed before."""
    if text == checked.text:
        return checked
    if checked.prepared is None:
        return CheckedQuery(text, checked.form)
    return check_query(text, source=str(doc.path), trusted=doc.trusted)


def _resolve(doc: QueryDoc, bindings: dict, source, timeout: float, hints: bool = True) -> dict:
    """Replace each resolved text parameter (``?issue (string -> ?issueIri, …)``) by the IRIs
    its resolver query (queries/resolve/<name>.rq) finds for the text: the first, cheap step."""
    out = dict(bindings)
    for p in doc.parameters:
        if p.resolves and p.name in out:
            found = run_query(resolver(p), source, {"text": str(out.pop(p.name))}, timeout=timeout, hints=hints)
            out[p.resolves] = sorted({r["iri"] for r in found.rows if _valid_iri(r.get("iri"))})
    return out


def _valid_iri(term) -> bool:
    if not isinstance(term, URIRef):
        return False
    try:
        ox.NamedNode(str(term))    # rdflib's IRI() lets through what Oxigraph refuses
    except ValueError:
        return False
    return True


def memory_store(paths) -> ox.Store:
    from kg.store.graphs import expand_inputs, read_named_graphs

    store = ox.Store()
    for path in expand_inputs(paths):
        for graph in read_named_graphs(path):
            store.extend(graph.quads())
    return store


# ---------------------------------------------------------------- engines


@contextmanager
def no_gc():
    """Python's cycle collector paused while rows are made: it would walk every row made so far
    again and again (evidence at 1,000 articles: 0.3 s of 2.1), and rows of terms hold no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _with_timeout(fn, timeout: float, what: str):
    box: dict = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as e:  # handed to the caller's thread
            box["error"] = e

    t = threading.Thread(target=target, name="kg-query", daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise QueryTimeout(f"query on {what} did not finish within {timeout:g} s (--timeout)")
    if "error" in box:
        raise box["error"]
    return box["value"]


# rdflib evaluates a prepared query by writing into its expression nodes, so one prepared query
# must not be evaluated by two threads at once (a timed-out evaluation goes on in its thread).
# Each evaluation borrows a prepared copy from this pool and gives it back when it is done.
_POOL: dict[str, list] = {}
_POOL_LOCK = threading.Lock()


def _borrow(text: str):
    with _POOL_LOCK:
        free = _POOL.get(text)
        if free:
            return free.pop()
    return translate_sparql(parse_sparql(text))


def _give_back(text: str, prepared) -> None:
    with _POOL_LOCK:
        if len(_POOL) > 128:
            _POOL.clear()
        free = _POOL.setdefault(text, [])
        if len(free) < 4:
            free.append(prepared)


def _on_rdflib(graph: Graph, checked: CheckedQuery, bindings: dict, timeout: float) -> Result:
    if checked.names_dataset:
        raise QueryError("FROM / FROM NAMED need a store (--store or --endpoint): graph files "
                         "are queried as one merged graph")

    def go():
        prepared = _borrow(checked.text)
        try:
            return _evaluate(prepared)
        finally:
            _give_back(checked.text, prepared)

    def _evaluate(prepared):
        res = graph.query(prepared, initBindings=bindings)
        if res.type == "ASK":
            return Result(boolean=bool(res.askAnswer), query=checked.text)
        if res.type in ("CONSTRUCT", "DESCRIBE"):
            g = _graph()
            for t in res.graph:
                g.add(t)
            return Result(graph=g, query=checked.text)
        names = [str(v) for v in res.vars]
        rows = [{n: row[i] for i, n in enumerate(names)} for row in res]
        return Result(names, rows, query=checked.text)

    try:
        return _with_timeout(go, timeout, "rdflib")
    except KgError:
        raise
    except Exception as e:
        raise QueryError(f"query failed on rdflib: {e}") from None


def _on_oxigraph(store: ox.Store, checked: CheckedQuery, text: str, timeout: float) -> Result:
    union = not checked.names_dataset

    def go():
        res = store.query(text, use_default_graph_as_union=union)
        if isinstance(res, ox.QueryBoolean):
            return Result(boolean=bool(res), query=text)
        if isinstance(res, ox.QueryTriples):
            g = _graph()
            for t in res:
                g.add((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)))
            return Result(graph=g, query=text)
        names = [v.value for v in res.variables]
        with no_gc():
            raw = [tuple(sol) for sol in res]
        return Result(names, raw=raw, text=_ox_texts, term=from_oxigraph,
                      describe=_ox_describe, query=text)

    try:
        return _with_timeout(go, timeout, "the embedded store")
    except KgError:
        raise
    except (SyntaxError, OSError, ValueError, RuntimeError) as e:
        raise QueryError(f"query failed on Oxigraph: {e}") from None


def _on_endpoint(endpoint, checked: CheckedQuery, text: str, timeout: float) -> Result:
    from kg.store.remote import sparql

    with no_gc():
        answer = sparql(endpoint, text, form=checked.form, timeout=timeout, terms=True)
    if checked.form == "AskQuery":
        return Result(boolean=answer, query=text)
    if checked.form in ("ConstructQuery", "DescribeQuery"):
        g = _graph()
        for t in answer:
            g.add((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)))
        return Result(graph=g, query=text)
    names, raw = answer     # rows of pyoxigraph terms, as from the embedded store
    return Result(names, raw=raw, text=_ox_texts, term=from_oxigraph, describe=_ox_describe, query=text)


def _ox_texts(row, compact_iris: bool) -> list[str]:
    if compact_iris:
        return [_ox_text(t, True) for t in row]
    return ["" if t is None else t.value for t in row]


def _ox_text(term, compact_iris: bool) -> str:
    if term is None:
        return ""
    if compact_iris and type(term) is ox.NamedNode:
        return compact_iri(term.value)
    return term.value


def _ox_describe(term):
    if term is None:
        return None
    kind = type(term)
    if kind is ox.NamedNode:
        return ("iri", term.value, None, None)
    if kind is ox.BlankNode:
        return ("bnode", term.value, None, None)
    datatype = term.datatype.value
    return ("literal", term.value, None if datatype == _XSD_STRING else datatype, term.language)


def _json_term(cell, endpoint):
    """A term of the SPARQL 1.1 JSON results format as an rdflib term."""
    from kg.errors import StoreError

    if cell is None:
        return None
    try:
        kind, value = cell["type"], cell["value"]
        if kind == "uri":
            return URIRef(value)
        if kind == "bnode":
            return BNode(value)
        if kind in ("literal", "typed-literal"):
            if "xml:lang" in cell:
                return Literal(value, lang=cell["xml:lang"])
            dt = cell.get("datatype")
            if dt and dt != _XSD_STRING:
                return Literal(value, datatype=URIRef(dt))
            return Literal(value)
    except (KeyError, TypeError):
        pass
    raise StoreError(f"malformed term in the results: {str(cell)[:200]}",
                     source=endpoint.query_url)


# ---------------------------------------------------------------- formatting (text out; the CLI prints)


def compact(term) -> str:
    """An IRI with a known prefix as prefix:local; a literal as its lexical form."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact_iri(str(term))
    return str(term)


def compact_iri(iri: str) -> str:
    """prefix:local for an IRI under a known prefix (the longest), else <iri>."""
    cut = max(iri.rfind("/"), iri.rfind("#")) + 1
    best = _best_prefix(iri[:cut])
    return f"{best[0]}:{iri[len(best[1]):]}" if best else f"<{iri}>"


@lru_cache(maxsize=4096)
def _best_prefix(namespace: str):
    # every prefix IRI ends in "/" or "#": the prefixes of an IRI are those of its part up to
    # its last "/" or "#", so the answer is cached per such part
    return max(((p, str(ns)) for p, ns in PREFIXES.items() if namespace.startswith(str(ns))),
               key=lambda x: len(x[1]), default=None)


def format_table(result: Result, *, max_width: int = 60) -> str:
    if result.boolean is not None:
        return "true" if result.boolean else "false"
    if result.graph is not None:
        return result.graph.serialize(format="turtle")
    cols = result.variables
    cells = [[_cell(v, max_width) for v in row] for row in result.strings(compact_iris=True)]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def _cell(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_csv(result: Result) -> str:
    if result.graph is not None:
        return result.graph.serialize(format="nt")
    out = io.StringIO()
    if result.boolean is not None:
        out.write("boolean\r\n" + ("true" if result.boolean else "false") + "\r\n")
        return out.getvalue()
    w = csv.writer(out)
    w.writerow(result.variables)
    w.writerows(result.strings())
    return out.getvalue()


def format_json(result: Result) -> str:
    if result.graph is not None:
        from kg.export import jsonld_context

        return result.graph.serialize(format="json-ld", context=jsonld_context(), indent=1)
    if result.boolean is not None:
        return json.dumps({"boolean": result.boolean})
    return json.dumps(result.records(), ensure_ascii=False, indent=1)


def _sparql_results(result: Result, fmt: str) -> str:
    """SELECT rows or an ASK answer in a SPARQL 1.1 results format (JSON, XML: rdflib's
    serializers; TSV: written here, rdflib has no TSV writer)."""
    if result.graph is not None:
        raise QueryError(f"--format {fmt} is for SELECT and ASK results; a CONSTRUCT or DESCRIBE "
                         "gives a graph: use table (Turtle), csv (N-Triples) or json (JSON-LD)")
    from rdflib.query import Result as RdflibResult
    from rdflib.term import Variable

    if fmt == "tsv":
        if result.boolean is not None:
            raise QueryError("SPARQL TSV has no form for an ASK answer; use sparql-json or sparql-xml")
        from kg.rdf.nt import from_rdflib

        lines = ["\t".join("?" + v for v in result.variables)]
        lines += ["\t".join("" if r.get(v) is None else from_rdflib(r[v]) for v in result.variables)
                  for r in result.rows]
        return "\n".join(lines) + "\n"
    if result.boolean is not None:
        out = RdflibResult("ASK")
        out.askAnswer = result.boolean
    else:
        out = RdflibResult("SELECT")
        out.vars = [Variable(v) for v in result.variables]
        out.bindings = [{Variable(k): v for k, v in r.items() if v is not None} for r in result.rows]
    data = out.serialize(format="json" if fmt == "sparql-json" else "xml", encoding="utf-8")
    return data.decode("utf-8") if isinstance(data, bytes) else data


FORMATTERS = {"table": format_table, "csv": format_csv, "json": format_json,
              "sparql-json": lambda r: _sparql_results(r, "sparql-json"),
              "sparql-xml": lambda r: _sparql_results(r, "sparql-xml"),
              "tsv": lambda r: _sparql_results(r, "tsv")}

"""Kept rows: the answers of the broad library queries, stored per article beside its graph.

At 1,000 articles a statement row of ``statements`` joins about twelve properties, and Oxigraph
spends 5-8 µs on each join of each row: ``statements`` with ``stance=oppose`` (3,955 rows)
takes 0.3 s, ``evidence`` (59,000 rows) 2 s, however the query is written. These queries are
*article-local*: the answer over a store is the union of their answers over each article's
graph with the shared vocabulary. So kg's loaders (``kg load``, ``kg build --store``) also
write, for each article graph ``kgid:graph/<doc>``, the graph ``kgid:graph/rows/<doc>`` with
that article's rows of each such query, one literal per row, on the row's fact:

    <…/statement/3> rows:statements "[[\"literal\", \"2012-02-03\", \"…#date\", null], …]" .

A library query whose header names its rows (``# Rows: ?statement, with ?issueIri …``: the
fact the rows hang on, and the variables a row keeps beyond the columns, for the parameters)
is then answered in three steps when every article graph of the store has rows of this kg
(:func:`current`):

1. its rows query (``queries/rows/<name>.rq``) reads the rows of the facts the parameters keep
   (two lookups per row instead of twelve);
2. kg keeps the rows whose kept variables match the parameters (a statement of two issues has
   a row per issue; ``?from``/``?to`` keep the rows whose ``?date`` overlaps the period, as the
   query does);
3. kg drops the repeated rows and sorts them (kg.query.order), as it does with the query's.

A store without rows for some article graph (loaded by another tool, or by another version of
kg: rows carry a hash of the queries that made them) is asked the query itself, with the same
answers (tests/test_rows.py compares them on every parameter). One known difference: a row
keeps the issue label its article gave; a store whose issue has two labels (a defect that
``issue-label-conflict.violation`` reports) may then show another of them than the query,
which takes the first in alphabetical order.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from functools import lru_cache

import pyoxigraph as ox

from kg.query.bind import _LANG_STRING, _XSD_STRING
from kg.query.library import QueryDoc, get_query, load_file, query_dir
from kg.rdf import vocabulary
from kg.rdf.namespaces import ID

ROWS = "https://w3id.org/kg-diplomacy/rows#"
ARTICLE_GRAPH = str(ID) + "graph/"
FORMAT = "1"      # of the rows (the JSON of the cells); part of the version
_ROWS_OF, _VERSION = ox.NamedNode(ROWS + "rowsOf"), ox.NamedNode(ROWS + "version")


@lru_cache(maxsize=1)
def count_query() -> str:
    """A query for how many triples the rows graphs hold (those of the row predicates)."""
    names = ["rowsOf", "version"] + [d.name for d in kept_queries()]
    return ("SELECT (COUNT(*) AS ?n) WHERE { VALUES ?p { " + " ".join(f"<{ROWS}{n}>" for n in names)
            + " } GRAPH ?g { ?s ?p ?o } }")


def rows_graph(article_graph: str) -> str | None:
    """``kgid:graph/rows/<doc>`` for ``kgid:graph/<doc>``; None for a graph of another name."""
    if not article_graph.startswith(ARTICLE_GRAPH):
        return None
    rest = article_graph[len(ARTICLE_GRAPH):]
    return None if "/" in rest or not rest else vocabulary.ROWS_GRAPHS + rest


# ---------------------------------------------------------------- which queries keep rows


def kept(doc: QueryDoc) -> bool:
    """Whether kg answers the query from kept rows (its own, or another query's)."""
    return doc.trusted and doc.rows is not None and (doc.rows.source is None or doc.name in DERIVED)


@lru_cache(maxsize=1)
def kept_queries() -> tuple[QueryDoc, ...]:
    """The queries whose rows kg keeps (not those answered from other queries' rows)."""
    from kg.query.library import list_queries

    return tuple(d for d in list_queries() if kept(d) and d.rows.fact is not None)


@lru_cache(maxsize=1)
def version() -> str:
    """A hash of the row format and of the queries that make and read rows."""
    h = hashlib.sha256(FORMAT.encode())
    for d in kept_queries():
        h.update(d.text.encode())
        h.update(rows_query(d.name).text.encode())
    return h.hexdigest()[:16]


@lru_cache(maxsize=16)
def rows_query(name: str) -> QueryDoc:
    return load_file(query_dir() / "rows" / f"{name}.rq", trusted=True)


@lru_cache(maxsize=16)
def with_kept_variables(name: str) -> QueryDoc:
    """The library query with the fact its rows hang on and the variables they keep added to
    its SELECT (a repeated row of the columns is still dropped when kg sorts the rows read)."""
    doc = get_query(name)
    at, names = _projection(doc.text)
    added = [v for v in (doc.rows.fact, *doc.rows.kept) if v not in names]
    text = doc.text[:at] + "".join(" ?" + v for v in added) + doc.text[at:]
    return replace(doc, text=text)


@lru_cache(maxsize=16)
def row_variables(name: str) -> tuple[tuple[str, ...], int]:
    """The variables of a kept row, in order, and how many of them are the query's columns."""
    shown = _projection(get_query(name).text)[1]
    return _projection(with_kept_variables(name).text)[1], len(shown)


def _projection(text: str) -> tuple[int, list[str]]:
    """Where the SELECT clause of ``text`` ends, and its variables."""
    from kg.query.bind import _lex

    words = [(a, b, text[a:b]) for kind, a, b, depth, parens in _lex(text)
             if kind == "word" and depth == 0 and parens == 0]
    select = next(k for k, (_, _, w) in enumerate(words) if w.upper() == "SELECT")
    where = next(k for k, (_, _, w) in enumerate(words) if w.upper() == "WHERE")
    names = [w for a, _, w in words[select + 1:where] if text[a - 1] in "?$"]
    return words[where - 1][1], names


# ---------------------------------------------------------------- making rows (at load)


@lru_cache(maxsize=1)
def _scheme_quads() -> tuple:
    from kg.store.graphs import schemes_graph

    return tuple(schemes_graph().quads())


def article_rows(name: str, triples, shared=()) -> list:
    """The triples of the rows graph of the article graph ``name`` (its ``triples``, with the
    ``shared`` vocabulary triples its file brought): every kept query run on them alone."""
    from kg.query.bind import strip_unbound

    graph = rows_graph(name)
    if graph is None:
        return []
    store = ox.Store()
    g, v = ox.NamedNode(name), ox.NamedNode(vocabulary.EXTRACTED)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in triples)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, v) for t in shared)
    store.extend(_scheme_quads())
    out = [ox.Triple(ox.NamedNode(graph), _ROWS_OF, g),
           ox.Triple(ox.NamedNode(graph), _VERSION, ox.Literal(version()))]
    for doc in kept_queries():
        answer = store.query(strip_unbound(with_kept_variables(doc.name).text, ()),
                             use_default_graph_as_union=True)
        key = [v.value for v in answer.variables].index(doc.rows.fact)
        predicate = ox.NamedNode(ROWS + doc.name)
        for row in answer:
            cells = [_cell(t) for t in row]
            out.append(ox.Triple(row[key], predicate,
                                 ox.Literal(json.dumps(cells, ensure_ascii=False, separators=(",", ":")))))
    return out


def _cell(term):
    """A term as the text of a cell: ``<`` IRI, ``"`` string, ``_`` blank node, ``^`` datatype
    and text, ``@`` language and text (one string per cell: rows of strings cost Python's cycle
    collector nothing, rows of lists a full pass)."""
    if term is None:
        return None
    kind = type(term)
    if kind is ox.NamedNode:
        return "<" + term.value
    if kind is ox.BlankNode:
        return "_" + term.value
    if term.language:
        return "@" + term.language + " " + term.value
    datatype = term.datatype.value
    return '"' + term.value if datatype == _XSD_STRING else "^" + datatype + " " + term.value


# ---------------------------------------------------------------- reading rows (at query time)


@lru_cache(maxsize=1)
def currency_query() -> str:
    """How many named graphs a store has, how many of them are vocabulary graphs, how many hold
    rows, and how many hold rows of this kg (:func:`is_current` reads the answer)."""
    return (f"SELECT ?graphs ?vocabulary ?rows ?current WHERE {{\n"
            f"  {{ SELECT (COUNT(*) AS ?graphs) WHERE {{ GRAPH ?g {{ }} }} }}\n"
            f"  {{ SELECT (COUNT(*) AS ?vocabulary) WHERE {{ VALUES ?v {{ <{vocabulary.SCHEMES}> "
            f"<{vocabulary.EXTRACTED}> }} GRAPH ?v {{ }} }} }}\n"
            f"  {{ SELECT (COUNT(*) AS ?rows) WHERE {{ GRAPH ?r {{ ?r {_VERSION} ?any }} }} }}\n"
            f"  {{ SELECT (COUNT(*) AS ?current) WHERE {{ GRAPH ?r {{ ?r {_VERSION} \"{version()}\" }} }} }}\n}}")


def is_current(graphs: int, vocab: int, made: int, now: int) -> bool:
    """Whether every article graph has rows of this kg (the counts of :func:`currency_query`):
    as many rows graphs as article graphs, each of this kg. Counted, not listed (a store of
    1,000 articles: 1 ms, not 6): a rows graph left by an article graph that is gone goes unseen
    only beside an article graph that has none. A graph replaced by another tool than kg keeps
    the rows of the graph it replaced: ``kg load`` it."""
    return made > 0 and now == made and graphs - vocab - made == made


def current(store: ox.Store) -> bool:
    """Whether every article graph of a pyoxigraph Store has rows of this kg (:func:`is_current`;
    kg.query.run asks endpoints the same)."""
    return is_current(*(int(t.value) for t in next(iter(store.query(currency_query())))))


def holds(store: ox.Store, article_graph: str) -> bool:
    """Whether ``store`` holds the article graph and its rows of this kg."""
    rows = rows_graph(article_graph)
    name = ox.NamedNode(article_graph)
    if rows is None:
        return store.contains_named_graph(name)
    node = ox.NamedNode(rows)
    return store.contains_named_graph(name) and ox.Quad(node, _VERSION, ox.Literal(version()), node) in store


def read(doc: QueryDoc, bindings: dict, run) -> tuple[list[str], list]:
    """The rows of ``doc`` for the (resolved) ``bindings``, unsorted: (variables, rows of cells,
    see :func:`describe`). ``run(text, bindings)`` runs a query text on the source with
    those bindings and returns its Result."""
    from kg.query.bind import strip_unbound

    query = rows_query(doc.name)
    result = run(strip_unbound(query.text, bindings), bindings)
    names, shown = row_variables(doc.name)
    keep = _matchers(names, bindings)
    # one JSON text for all the rows, decoded in one call
    found = json.loads("[" + ",".join(cell.value for (cell,) in result._raw) + "]")
    if keep:
        found = [row for row in found if all(test(row[i]) for i, test in keep)]
    if doc.rows.labels is not None:
        _relabel(found, names.index(doc.rows.labels[0]), names.index(doc.rows.labels[1]), run)
    if shown < len(names):
        found = [row[:shown] for row in found]
    return names[:shown], found


def derive(doc: QueryDoc, bindings: dict, run) -> tuple[list[str], list]:
    """The rows of a query answered from another query's kept rows (``# Rows: from …``):
    those rows read for the same bindings, then reduced by the query's function (DERIVED)."""
    names, found = read(get_query(doc.rows.source), bindings, run)
    columns = _projection(doc.text)[1]
    return columns, [[row.get(c) for c in columns] for row in DERIVED[doc.name](names, found)]


def _coalitions(names: list[str], found: list) -> list[dict]:
    """coalitions.rq from the kept rows of positions.rq: each actor's positions per issue and
    stance (the actor known by its Wikidata id, else by its lower-cased label; its first label in
    alphabetical order; how many positions), then each pair of actors of one issue and stance,
    the first key before the second."""
    at = {n: i for i, n in enumerate(names)}
    groups: dict = {}
    for row in found:
        label, wikidata = row[at["holderLabel"]], row[at["wikidata"]]
        key = "wd:" + describe(wikidata)[1] if wikidata is not None else describe(label)[1].lower()
        group = groups.setdefault((row[at["issueIri"]], row[at["stanceName"]]), {}).setdefault(
            key, {"label": label, "positions": set(), "issueLabel": row[at["issueLabel"]]})
        if describe(label)[1] < describe(group["label"])[1]:
            group["label"] = label
        group["positions"].add(row[at["position"]])
    out = []
    for (issue, stance), actors in groups.items():
        keys = sorted(actors)
        for n, one in enumerate(keys):
            for two in keys[n + 1:]:
                a, b = actors[one], actors[two]
                out.append({"issueLabel": a["issueLabel"], "stanceName": stance, "actor1Label": a["label"],
                            "actor2Label": b["label"], "actor1Positions": _integer(len(a["positions"])),
                            "actor2Positions": _integer(len(b["positions"])), "issueIri": issue,
                            "actor1Key": '"' + one, "actor2Key": '"' + two})
    return out


def _integer(n: int) -> str:
    return f"^http://www.w3.org/2001/XMLSchema#integer {n}"


#: queries answered from another query's kept rows, by name: the function that makes their rows
DERIVED = {"coalitions": _coalitions}


def _relabel(found: list, label: int, of: int, run) -> None:
    """Each row's label of an issue as the store gives it now (the first of its preferred
    labels in alphabetical order, as the query shows it), not as its article gave it."""
    from rdflib import URIRef

    iris = sorted({row[of] for row in found if row[of] is not None and row[of][0] == "<"})
    if not iris:
        return
    query = rows_query("labels")
    answer = run(query.text, {"iri": [URIRef(i[1:]) for i in iris]})
    labels = {_cell(iri): _cell(text) for iri, text in answer._raw}
    for row in found:
        row[label] = labels.get(row[of])


def _matchers(names: list[str], bindings: dict) -> list:
    """(column, test) for each bound parameter the rows keep: its cell is one of the values (a
    "none" stands for no value); ``?from``/``?to``: the ``?date`` overlaps the period."""
    from kg.query.bind import to_oxigraph

    index = {n: i for i, n in enumerate(names)}
    tests = []
    for var, value in bindings.items():
        if var in index and var not in ("from", "to"):
            values = value if isinstance(value, list) else [value]
            allowed = {None if _none(v) else _cell(to_oxigraph(v)) for v in values}
            tests.append((index[var], allowed.__contains__))
    if "date" in index and ("from" in bindings or "to" in bindings):
        tests.append((index["date"], _period(bindings.get("from"), bindings.get("to"))))
    return tests


def _none(term) -> bool:
    from rdflib import Literal

    return isinstance(term, Literal) and term.datatype is None and str(term) == "none"


def _period(start, end):
    """Whether a ``?date`` cell overlaps the days from ``start`` to ``end`` (a year or a month
    overlaps when its first day is on or before ``end`` and its last on or after ``start``)."""
    start = None if start is None else str(start)
    end = None if end is None else str(end)

    def test(cell) -> bool:
        if cell is None or cell[0] in "<_":
            return False
        text = describe(cell)[1]
        last = text + "-12-31" if len(text) == 4 else text + "-31" if len(text) == 7 else text[:10]
        first = text + "-01-01" if len(text) == 4 else text + "-01" if len(text) == 7 else text[:10]
        return (start is None or last >= start) and (end is None or first <= end)
    return test


# ---------------------------------------------------------------- cells as terms and texts


def describe(cell):
    """A cell as kg.query.order describes a term: (kind, text, datatype, language), or None."""
    if cell is None:
        return None
    kind = cell[0]
    if kind == '"':
        return ("literal", cell[1:], None, None)
    if kind == "<":
        return ("iri", cell[1:], None, None)
    if kind == "_":
        return ("bnode", cell[1:], None, None)
    head, text = cell[1:].split(" ", 1)
    return ("literal", text, head, None) if kind == "^" else ("literal", text, _LANG_STRING, head)


def cell_term(cell):
    """A cell as an rdflib term (as kg.query.bind.from_oxigraph makes one)."""
    from rdflib import BNode, Literal, URIRef

    if cell is None:
        return None
    kind, text, datatype, language = describe(cell)
    if kind == "iri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if language:
        return Literal(text, lang=language)
    return Literal(text, datatype=URIRef(datatype)) if datatype else Literal(text)


def cell_texts(row, compact=None) -> list[str]:
    """The texts of a row's cells: literals' lexical forms, IRIs in full or ``compact(iri)``."""
    if compact is not None:
        return ["" if c is None else compact(c[1:]) if c[0] == "<" else _text(c) for c in row]
    return ["" if c is None else c[1:] if c[0] in _PLAIN else c.split(" ", 1)[1] for c in row]


_PLAIN = '"<_'     # the kinds of cell whose text follows the kind


def _text(cell: str) -> str:
    return cell[1:] if cell[0] in _PLAIN else cell.split(" ", 1)[1]

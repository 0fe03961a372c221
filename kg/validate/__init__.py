"""SHACL validation of kg graphs against shapes/*.ttl, returning a Report.

    report = validate(graph)                  # kg's fast engine, else pyshacl-turbo, else pySHACL
    report = validate(graph, full=True)       # also shapes/kg.sparql-shapes.ttl (slower)
    report = validate_ntriples(nt_bytes)      # the same, from N-Triples text
    report = validate_terms(triples)          # the same, from (s, p, o) term strings (kg build's path)
    print(format_report(report))

Engines: "fast" is kg's own SHACL Core engine (kg.validate.fast: pure Python, shapes compiled
once, results equal to pySHACL's); it raises Unsupported for shapes beyond it (the SPARQL
shapes of ``full=True``). "turbo" is pyshacl-turbo, "pyshacl" pySHACL; "auto" tries them in
that order.

Every engine gets the same input: shapes read with their literals as written, checked against
SHACL's syntax rules (kg.validate.wellformed) and put in the form where the engines agree with
SHACL (kg.validate.normalize: XPath ``sh:pattern``, RDF 1.1 simple literals). ``shapes=G``
validates against a shapes Graph of the caller's instead of shapes/ (tests/test_w3c_shacl.py
runs the W3C SHACL core suite that way).

A graph that breaks the shapes gives ``Report(conforms=False, results=[...])``. A validator
or shapes file that is itself broken raises ValidationError (RELIABILITY.md, trap 5 and V1):
pySHACL *returns* conforms=False with an exception instead of a report graph when it fails,
so every answer is checked before it is believed.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from kg.errors import ConfigError, GraphReadError, ValidationError
from kg.rdf.namespaces import bind_prefixes
from kg.resources import repo_path
from kg.validate import normalize

log = logging.getLogger(__name__)

ENGINES = ("auto", "fast", "turbo", "pyshacl")
CORE_SHAPES = "kg.shapes.ttl"
SPARQL_SHAPES = "kg.sparql-shapes.ttl"


@dataclass(frozen=True)
class Result:
    focus: Node
    path: Node | None
    shape: Node                 # sh:sourceShape
    severity: str               # "Violation", "Warning", "Info", or the IRI of another severity
    message: str                # the first message: an rdflib Literal (a str) with its language tag
    value: Node | None = None
    component: Node | None = None   # sh:sourceConstraintComponent
    messages: tuple = ()        # every sh:resultMessage (Literals), when there are several


SEVERITIES = ("Violation", "Warning", "Info")


def severity_name(iri) -> str:
    """sh:Violation -> "Violation" (also Warning, Info); any other severity IRI in full."""
    text = str(iri)
    local = text[len(str(SH)):] if text.startswith(str(SH)) else None
    return local if local in SEVERITIES else text


def severity_iri(name: str) -> URIRef:
    return SH[name] if name in SEVERITIES else URIRef(name)


def messages_of(values) -> tuple:
    """Messages as Literals (a language tag kept), sorted as the engines agree to sort them."""
    return tuple(sorted((m if isinstance(m, Literal) else Literal(str(m)) for m in values), key=str))


@dataclass(init=False)
class Report:
    conforms: bool
    results: list[Result]
    text: str
    engine: str

    def __init__(self, conforms: bool, results: list[Result], text: str, graph: Graph | None = None,
                 engine: str = ""):
        self.conforms, self.results, self.text, self.engine = conforms, results, text, engine
        self._graph = graph

    @property
    def graph(self) -> Graph:
        """The sh:ValidationReport graph; the fast engine's is made from its results when asked."""
        if self._graph is None:
            self._graph = _report_graph(self.conforms, self.results)
        return self._graph

    @property
    def shapes(self) -> set[Node]:
        """The source shapes that fired."""
        return {r.shape for r in self.results}


# --------------------------------------------------------------------------- shapes

def shape_files(full: bool = False) -> list[Path]:
    """The shapes files of shapes/; ValidationError (exit code 3) when one is missing."""
    try:
        folder = repo_path("shapes")
    except ConfigError as e:
        raise ValidationError(f"the shapes are missing: {e.message}") from None
    names = [CORE_SHAPES, SPARQL_SHAPES] if full else [CORE_SHAPES]
    files = [folder / n for n in names]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise ValidationError(f"shapes file(s) missing: {', '.join(missing)}")
    return files


@lru_cache(maxsize=2)
def shapes_graph(full: bool = False) -> Graph:
    """The shapes, parsed and checked once (ValidationError when they cannot be parsed, are
    ill-formed or select nothing). Do not modify the returned graph."""
    g = Graph()
    files = shape_files(full)
    for f in files:
        try:
            part = normalize.parse_turtle(f)   # literals as written ("1"^^xsd:boolean is not "true")
        except (SyntaxError, ValueError, OSError) as e:
            raise ValidationError(f"cannot parse shapes: {e}", source=str(f)) from None
        g += part
        for prefix, ns in part.namespaces():
            g.bind(prefix, ns, override=False)
    check_shapes(g, source=", ".join(str(f) for f in files))
    return normalize.shapes(g)


def check_shapes(g: Graph, *, source: str | None = None) -> None:
    """Raise ValidationError when the shapes graph ``g`` is ill-formed (kg.validate.wellformed)
    or has no shape that selects focus nodes: either would make every graph look bad, or good."""
    from kg.validate.wellformed import has_targets, problems

    found = problems(g, limit=4)
    if found:
        raise ValidationError("ill-formed shapes: " + "; ".join(found[:3])
                              + (" …" if len(found) > 3 else ""), source=source)
    if not has_targets(g):
        raise ValidationError("the shapes select no focus node (no sh:targetClass, sh:targetNode, "
                              "sh:targetSubjectsOf or sh:targetObjectsOf): every graph would "
                              "conform", source=source)


@lru_cache(maxsize=2)
def _fast_compiled(full: bool):
    from kg.validate.fast import Unsupported, compile_shapes

    try:
        return compile_shapes(shapes_graph(full)), None
    except Unsupported as e:   # remembered: the SPARQL shapes stay unsupported
        return None, e


def _shapes_of(full) -> Graph:
    """``full`` names the shapes of an engine run: True/False for shapes/ (with or without the
    SPARQL shapes), or a shapes Graph of the caller's (``validate(..., shapes=G)``)."""
    return full if isinstance(full, Graph) else shapes_graph(full)


def _fast_program(full):
    if isinstance(full, Graph):
        from kg.validate.fast import compile_shapes

        return compile_shapes(full)
    program, unsupported = _fast_compiled(full)
    if unsupported is not None:
        raise unsupported
    return program


@lru_cache(maxsize=2)
def _turbo_program(full):
    import pyshacl_turbo

    return pyshacl_turbo.compile_shapes(shapes_graph(full))


def _turbo(full):
    if isinstance(full, Graph):
        import pyshacl_turbo

        return pyshacl_turbo.compile_shapes(full)
    return _turbo_program(full)


# --------------------------------------------------------------------------- engines

def _run_turbo(data: Graph, full):
    return _turbo(full).validate(data)


def _run_pyshacl(data: Graph, full):
    import pyshacl

    return pyshacl.validate(data, shacl_graph=_shapes_of(full), inference="none",
                            advanced=False, allow_warnings=False)


_RUNNERS = {"turbo": _run_turbo, "pyshacl": _run_pyshacl}


def _as_graph(data) -> Graph:
    """An rdflib Graph of the data; a Dataset or ConjunctiveGraph becomes the union of its
    graphs (both engines then see the same triples); a path is parsed."""
    if isinstance(data, (str, Path)):
        from kg.rdf.io import read_graph

        data = read_graph(data)   # never fetches a JSON-LD @context
    if not isinstance(data, Graph):
        raise TypeError(f"validate() takes an rdflib Graph, Dataset or a file path, not {type(data).__name__}")
    if not data.context_aware:
        return data
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    bind_prefixes(union)
    return union


def _results(report: Graph) -> list[Result]:
    out = []
    for vr in report.subjects(RDF.type, SH.ValidationReport):
        for r in report.objects(vr, SH.result):
            sev = report.value(r, SH.resultSeverity)
            msgs = messages_of(report.objects(r, SH.resultMessage))
            out.append(Result(
                focus=report.value(r, SH.focusNode),
                path=report.value(r, SH.resultPath),
                shape=report.value(r, SH.sourceShape),
                severity=severity_name(sev) if sev is not None else "Violation",
                message=msgs[0] if msgs else Literal(""),
                value=report.value(r, SH.value),
                component=report.value(r, SH.sourceConstraintComponent),
                messages=msgs if len(msgs) > 1 else (),
            ))
    return sorted(out, key=lambda r: (str(r.focus), str(r.shape), str(r.path), str(r.value)))


def _checked(engine: str, answer) -> Report:
    """Turn an engine's (conforms, graph, text) into a Report, or raise if it is not a report."""
    try:
        conforms, graph, text = answer
    except (TypeError, ValueError):
        raise ValidationError(f"{engine} returned {type(answer).__name__}, not a report") from None
    if not isinstance(graph, Graph):
        raise ValidationError(f"{engine} failed: {graph} {text}".strip())
    reports = list(graph.subjects(RDF.type, SH.ValidationReport))
    if len(reports) != 1:
        raise ValidationError(f"{engine} returned {len(reports)} validation reports, expected 1")
    results = _results(graph)
    if not isinstance(conforms, bool) or conforms != (not results):
        raise ValidationError(
            f"{engine} returned an inconsistent report: conforms={conforms!r} with {len(results)} results")
    if any(r.focus is None or r.shape is None for r in results):
        raise ValidationError(f"{engine} returned a result without focus node or source shape")
    return Report(conforms=conforms, results=results, text=str(text), graph=graph, engine=engine)


def _report_graph(conforms: bool, results: list[Result]) -> Graph:
    """A pySHACL-style report graph holding ``results`` (read back by :func:`_results`)."""
    g = Graph()
    bind_prefixes(g)
    report = BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(conforms)))
    for r in results:
        node = BNode()
        g.add((report, SH.result, node))
        for p, o in ((RDF.type, SH.ValidationResult), (SH.focusNode, r.focus), (SH.resultPath, r.path),
                     (SH.sourceShape, r.shape), (SH.resultSeverity, severity_iri(r.severity)),
                     (SH.value, r.value), (SH.sourceConstraintComponent, r.component)):
            if o is not None:
                g.add((node, p, o))
        for m in r.messages or (r.message,):
            g.add((node, SH.resultMessage, m if isinstance(m, Literal) else Literal(m)))
    return g


def _run_fast(triples, full: bool, graph=None) -> Report:
    try:
        results = _fast_program(full).validate(triples, graph)
    except (ValidationError, ConfigError):
        raise
    except Exception as e:  # noqa: BLE001 - any engine crash is a broken validator
        raise ValidationError(f"fast failed: {type(e).__name__}: {e}") from e
    text = "Validation Report\nConforms: {}\n{}".format(
        not results, "".join(f"{r.severity}: {r.focus} {r.path} [{r.shape}] {r.message}\n" for r in results))
    return Report(conforms=not results, results=results, text=text, engine="fast")


def _try_fast(engine: str, full: bool, triples, graph=None) -> Report | None:
    """The fast engine's report for engine "fast" (its errors raised) or "auto" (None when it
    cannot: Unsupported shapes, or a failure, which is logged); None for the other engines."""
    if engine not in ("fast", "auto"):
        return None
    from kg.validate.fast import Unsupported

    try:
        return _run_fast(triples() if callable(triples) else triples, full, graph)
    except ValidationError as e:
        if engine == "fast":
            raise
        (log.debug if isinstance(e, Unsupported) else log.warning)(
            "fast SHACL engine cannot validate (%s); using pyshacl-turbo", e)
        return None


def _rdflib_graph(triples) -> Graph:
    from kg.rdf.nt import to_rdflib

    g = Graph()
    bind_prefixes(g)
    for s, p, o in triples:
        g.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return g


_ESCAPED, _UPPER_TAG = re.compile(rb'\\[uU]'), re.compile(rb'"@[a-zA-Z0-9-]*[A-Z]')


def _nt_terms(data: bytes) -> list:
    """(s, p, o) term strings of N-Triples. Oxigraph's own ("S P O ." lines, no escaped
    non-control character, no ^^xsd:string, lower-case language tags) are split as text, any
    other parsed by pyoxigraph: the terms are always the ones Oxigraph prints."""
    if data[:1] in (b"<", b"_") and data.count(b" .\n") == data.count(b"\n") and data.endswith(b"\n") \
            and b"XMLSchema#string>" not in data and not _ESCAPED.search(data) and not _UPPER_TAG.search(data):
        try:
            return [(s, p, o[:-2]) for s, p, o in (line.split(" ", 2) for line in data.decode("utf-8").splitlines())]
        except ValueError:   # a line of fewer than three terms, or not UTF-8
            pass
    import pyoxigraph as ox

    try:
        return [(str(t.subject), str(t.predicate), str(t.object))
                for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    except (SyntaxError, ValueError) as e:
        raise GraphReadError(f"cannot read N-Triples: {e}") from e


def _run_turbo_nt(text: str, full: bool):
    from pyshacl_turbo.rdf import Input

    # pyshacl-turbo reads N-Triples natively: no rdflib Graph is built for the data
    return _turbo(full).validate(Input(text, "nt", None, {}, {}))


def _run(engine: str, data, full: bool, runner=None) -> Report:
    try:
        answer = (runner or _RUNNERS[engine])(data, full)
    except (ValidationError, ConfigError):
        raise
    except Exception as e:  # noqa: BLE001 - any engine crash is a broken validator
        raise ValidationError(f"{engine} failed: {type(e).__name__}: {e}") from e
    return _checked(engine, answer)


def validate(data_graph, *, engine: str = "auto", full: bool = False, shapes: Graph | None = None) -> Report:
    """Validate ``data_graph`` (Graph, Dataset or file path) against shapes/, or against the
    shapes Graph ``shapes`` (checked as well-formed first; compiled for this call).

    engine: "fast" (kg.validate.fast; Unsupported, a ValidationError, for the SPARQL shapes),
    "turbo" (pyshacl-turbo, shapes compiled once), "pyshacl", or "auto" (fast, else turbo,
    else pySHACL if turbo is not installed or fails). full: also run the SPARQL shapes.
    Raises ValidationError when the validator or the shapes are broken (missing, unparseable,
    ill-formed, selecting nothing), ConfigError when ``engine`` is unknown.
    """
    if engine not in ENGINES:
        raise ConfigError(f"unknown SHACL engine {engine!r}; valid: {', '.join(ENGINES)}")
    data = _as_graph(data_graph)
    if any(isinstance(o, Literal) and o.datatype == XSD.string for o in data.objects()):
        data = normalize.simple_literals(normalize.copy(data))   # RDF 1.1: "x"^^xsd:string is "x"
    if shapes is None:
        shapes_graph(full)  # broken or missing shapes fail here, the same for every engine
    else:
        check_shapes(shapes)
        full = normalize.shapes(normalize.copy(shapes)) if normalize.needs_work(shapes) else shapes
    from kg.validate.fast import graph_terms

    report = _try_fast(engine, full, lambda: graph_terms(data), data)
    if report is not None:
        return report
    if engine != "auto":
        return _run(engine, data, full)
    try:
        return _run("turbo", data, full)
    except ValidationError as e:
        log.warning("pyshacl-turbo unavailable or failed (%s); falling back to pySHACL", e)
        return _run("pyshacl", data, full)


def validate_ntriples(data: bytes | str, *, engine: str = "auto", full: bool = False) -> Report:
    """Validate one graph given as N-Triples text. The fast engine splits Oxigraph's lines
    into term strings; pyshacl-turbo parses the text itself (no rdflib Graph); pySHACL
    (``engine="pyshacl"``, or the "auto" fallback) gets it parsed by rdflib. Same reports,
    errors and fallback as :func:`validate` (tests/test_corpus.py checks they agree).
    """
    if engine not in ENGINES:
        raise ConfigError(f"unknown SHACL engine {engine!r}; valid: {', '.join(ENGINES)}")
    text = data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else data
    shapes_graph(full)
    terms: list = []

    def split() -> list:
        terms.extend(_nt_terms(data if isinstance(data, bytes) else text.encode("utf-8")))
        return terms

    report = _try_fast(engine, full, split, lambda: _rdflib_graph(terms))
    if report is not None:
        return report
    return _validate_nt(text, engine, full)


def validate_terms(triples, *, engine: str = "auto", full: bool = False) -> Report:
    """Validate one graph given as (s, p, o) N-Triples term strings (kg.rdf.nt), as ``kg build``
    has it: the fast engine reads them as they are; the other engines (and the "auto"
    fallback) get them as N-Triples text. Same reports and errors as :func:`validate`."""
    if engine not in ENGINES:
        raise ConfigError(f"unknown SHACL engine {engine!r}; valid: {', '.join(ENGINES)}")
    shapes_graph(full)
    if not isinstance(triples, (list, tuple, set, frozenset)):
        triples = list(triples)
    report = _try_fast(engine, full, triples, lambda: _rdflib_graph(triples))
    if report is not None:
        return report
    return _validate_nt("".join(f"{s} {p} {o} .\n" for s, p, o in triples), engine, full)


def _validate_nt(text: str, engine: str, full: bool) -> Report:
    """N-Triples text with pyshacl-turbo or pySHACL ("auto": turbo, else pySHACL)."""
    def parsed() -> Graph:
        g = Graph()
        try:
            g.parse(data=text, format="nt")
        except Exception as e:  # noqa: BLE001 - any parser failure is unreadable input
            raise GraphReadError(f"cannot read N-Triples: {e}") from e
        bind_prefixes(g)
        return g

    if engine == "pyshacl":
        return _run("pyshacl", parsed(), full)
    try:
        return _run("turbo", text, full, runner=_run_turbo_nt)
    except ValidationError as e:
        if engine == "turbo":
            raise
        log.warning("pyshacl-turbo unavailable or failed (%s); falling back to pySHACL", e)
        return _run("pyshacl", parsed(), full)


# --------------------------------------------------------------------------- formatting

@lru_cache(maxsize=1)
def _names() -> Graph:
    g = Graph()
    bind_prefixes(g)
    for prefix, ns in shapes_graph(False).namespaces():
        g.bind(prefix, ns, override=False)
    return g


def _short(term: Node | None) -> str:
    if term is None:
        return "-"
    try:
        return term.n3(_names().namespace_manager)
    except Exception:  # noqa: BLE001 - a term that cannot be shortened is shown in full
        return str(term)


def format_report(report: Report) -> str:
    """A human-readable report: one block per result, sorted by focus node."""
    if report.conforms:
        return f"Conforms: yes ({report.engine})"
    lines = [f"Conforms: no ({report.engine}), {len(report.results)} result(s)"]
    for r in report.results:
        value = f"  value: {_short(r.value)}" if r.value is not None else ""
        lines.append(f"{r.severity}: {_short(r.focus)}  {_short(r.path)}  [{_short(r.shape)}]")
        lines.append(f"    {r.message}{value}")
    return "\n".join(lines)


__all__ = ["ENGINES", "Report", "Result", "check_shapes", "format_report", "shape_files", "shapes_graph", "validate",
           "validate_ntriples", "validate_terms"]

"""Reading and running the W3C SHACL core test suite (tests/fixtures/w3c-shacl/core).

Each ``sht:Validate`` entry names a data graph and a shapes graph (often the test file itself)
and the expected validation report. :func:`check` runs one test with one of kg's engines and
says "pass", "unsupported" (the engine refused the shapes, as the fast engine does for SPARQL
and complex paths) or "fail: why". A pass means full compliance in the suite's sense: the same
sh:conforms and the same results (focus node, path, severity, constraint component, source
shape, value, and the messages where the expected report gives them). Blank nodes are compared
by what they are: a property path by its structure, any other blank node matches any other.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH

SUITE = Path(__file__).parent / "fixtures" / "w3c-shacl" / "core"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
_PATH_OPS = (SH.inversePath, SH.alternativePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath)


@dataclass(frozen=True)
class Case:
    name: str          # e.g. "property/uniqueLang-002"
    file: Path
    node: URIRef       # the test's IRI in its manifest

    def __str__(self) -> str:
        return self.name


@lru_cache(maxsize=None)
def _graph(path: Path) -> Graph:
    g = Graph()
    g.parse(path, format="turtle", publicID=path.as_uri())
    return g


def cases() -> list[Case]:
    """Every sht:Validate test of the core suite, in file order."""
    found = []
    for manifest in sorted(SUITE.rglob("*.ttl")):
        g = _graph(manifest)
        for test in sorted(g.subjects(RDF.type, SHT.Validate), key=str):
            found.append(Case(f"{manifest.parent.name}/{str(test).rsplit('/', 1)[-1]}", manifest, test))
    return found


def _action_graph(case: Case, which) -> Graph:
    """The data graph (parsed by rdflib) or the shapes graph (read as kg reads shapes: with
    literals as written) of a test."""
    from kg.validate.normalize import parse_turtle

    g = _graph(case.file)
    target = Path(str(g.value(g.value(case.node, MF.action), which)).removeprefix("file://"))
    return parse_turtle(target) if which == SHT.shapesGraph else _graph(target)


def _path_key(g: Graph, node, depth=0) -> str:
    if not isinstance(node, BNode) or depth > 20:
        return node.n3()
    if (node, RDF.first, None) in g:
        return "(" + " ".join(_path_key(g, x, depth + 1) for x in g.items(node)) + ")"
    for op in _PATH_OPS:
        value = g.value(node, op)
        if value is not None:
            return f"{op.n3()}[{_path_key(g, value, depth + 1)}]"
    return "_:"


def _key(g: Graph, term) -> str | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        return _path_key(g, term)
    if isinstance(term, Literal):
        return term.n3()   # lexical form, datatype and language tag
    return term.n3()


def expected(case: Case) -> tuple[bool, Counter]:
    """(conforms, results) of the expected report; a result's messages count only when the
    expected result gives some (its last field is None otherwise)."""
    g = _graph(case.file)
    report = g.value(case.node, MF.result)
    conforms = g.value(report, SH.conforms).toPython()
    results = Counter()
    for r in g.objects(report, SH.result):
        messages = frozenset(_key(g, m) for m in g.objects(r, SH.resultMessage))
        results[_result_key(g, r, messages if messages else None)] += 1
    return conforms, results


def _result_key(g: Graph, r, messages) -> tuple:
    return (_key(g, g.value(r, SH.focusNode)), _key(g, g.value(r, SH.resultPath)),
            _key(g, g.value(r, SH.resultSeverity)), _key(g, g.value(r, SH.sourceConstraintComponent)),
            _key(g, g.value(r, SH.sourceShape)), _key(g, g.value(r, SH.value)), messages)


def actual(report, with_messages: set) -> tuple[bool, Counter]:
    """(conforms, results) of a kg Report, as :func:`expected` gives them. The report's graph
    is read (it is what a user of kg.validate gets as sh:ValidationReport)."""
    g = report.graph
    results = Counter()
    node = next(g.subjects(RDF.type, SH.ValidationReport))
    for r in g.objects(node, SH.result):
        key = _result_key(g, r, None)
        if key in with_messages:
            key = key[:-1] + (frozenset(_key(g, m) for m in g.objects(r, SH.resultMessage)),)
        results[key] += 1
    return bool(g.value(node, SH.conforms).toPython()), results


def check(case: Case, engine: str) -> str:
    from kg.validate import validate
    from kg.validate.fast import Unsupported

    data, shapes = _action_graph(case, SHT.dataGraph), _action_graph(case, SHT.shapesGraph)
    want_conforms, want = expected(case)
    messages = {k[:-1] + (None,) for k in want if k[-1] is not None}
    try:
        got_conforms, got = actual(validate(data, shapes=shapes, engine=engine), messages)
    except Unsupported:
        return "unsupported"
    except Exception as e:  # noqa: BLE001 - reported as a failure of this test
        return f"fail: {type(e).__name__}: {e}"
    if got_conforms != want_conforms:
        return f"fail: conforms {got_conforms}, expected {want_conforms}"
    if got != want:
        missing, extra = want - got, got - want
        return f"fail: missing {sorted(missing, key=str)[:2]}, unexpected {sorted(extra, key=str)[:2]}"
    return "pass"


def tally(engine: str) -> dict[str, list[str]]:
    """Test names by outcome ("pass", "unsupported", "fail")."""
    out: dict[str, list[str]] = {"pass": [], "unsupported": [], "fail": []}
    for case in cases():
        outcome = check(case, engine)
        out[outcome.split(":")[0]].append(case.name if outcome in ("pass", "unsupported")
                                          else f"{case.name}: {outcome[6:]}")
    return out

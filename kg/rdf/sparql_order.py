"""ORDER BY as SPARQL 1.1 defines it, for rdflib's engine.

SPARQL orders a solution whose sort key is unbound, or whose key expression is an error (such
as ``STR(?date)`` without a date), below every other solution (section 15.1). rdflib 7.6 gives
such keys no value and then fails to sort ("'<' not supported between instances of
'NoneType' and ..."), so ``ORDER BY STR(?date)`` crashed on any graph with two undated
statements. :func:`install` registers an evaluation of OrderBy through rdflib's documented
extension point (``rdflib.plugins.sparql.CUSTOM_EVALS``) that puts them lowest, as Oxigraph
does; every other part of a query is left to rdflib.
"""
from __future__ import annotations

from rdflib.plugins.sparql import CUSTOM_EVALS
from rdflib.plugins.sparql.evaluate import evalPart
from rdflib.plugins.sparql.evalutils import _val
from rdflib.plugins.sparql.parserutils import value

_NAME = "kg-order-by"
_LOWEST = (-1,)


def _key(v):
    k = _val(v)       # (rank, term) for bound terms; None for errors and missing values
    return _LOWEST if k is None else k


def eval_order_by(ctx, part):
    if part.name != "OrderBy":
        raise NotImplementedError()     # rdflib evaluates every other part itself
    res = evalPart(ctx, part.p)
    for e in reversed(part.expr):       # stable sorts, last key first
        reverse = bool(e.order and e.order == "DESC")
        res = sorted(res, key=lambda x: _key(value(x, e.expr, variables=True)), reverse=reverse)
    return res


def install() -> None:
    """Register the OrderBy evaluation (idempotent)."""
    CUSTOM_EVALS[_NAME] = eval_order_by


install()

"""Which issues a word names: the same answer in the analytics as in ``kg query``.

The queries of queries/ (``--param issue=WORD``) keep an issue when WORD, ignoring case, is
part of one of its names (skos:prefLabel, skos:altLabel, kg:keyword) or of its slug with
dashes read as spaces, or of those of a broader issue. :func:`match` answers the same, so
``ka.coalitions(B, "repatriation")`` covers every issue that ``kg query positions --param
issue=repatriation`` lists. An identifier names one issue exactly: its IRI, ``issue:<slug>``
or the slug itself.

>>> terms = {"https://w3id.org/kg-diplomacy/scheme/issue/forced-repatriation": ["forced repatriation of defectors"],
...          "https://w3id.org/kg-diplomacy/scheme/issue/repatriation-of-family": ["repatriation of a family"]}
>>> [issue_node(i) for i in match(terms, "Repatriation")]
['issue:forced-repatriation', 'issue:repatriation-of-family']
>>> [issue_node(i) for i in match(terms, "forced-repatriation")]
['issue:forced-repatriation']
"""
from __future__ import annotations

from kg.rdf.namespaces import ISSUE

_NS = str(ISSUE)


def issue_node(issue_iri: str) -> str:
    """The node id of an issue: ``issue:<slug>`` for our scheme, else the IRI itself.

    >>> issue_node("https://w3id.org/kg-diplomacy/scheme/issue/refugees")
    'issue:refugees'
    """
    s = str(issue_iri)
    return "issue:" + s[len(_NS):] if s.startswith(_NS) else s


def slug_words(issue_iri: str) -> str:
    """The slug of an issue IRI with dashes read as spaces, as the queries match it."""
    s = str(issue_iri)
    return s[len(_NS):].replace("-", " ") if s.startswith(_NS) else ""


def terms(names: dict, broader: dict) -> dict[str, list[str]]:
    """Per issue IRI, every text a word is matched against: the names (``names``: IRI ->
    names) and slug of the issue and of each issue broader than it (``broader``: IRI ->
    IRIs, followed transitively)."""
    out = {}
    for issue in set(names) | set(broader):
        seen, todo = set(), [issue]
        while todo:
            i = todo.pop()
            if i not in seen:
                seen.add(i)
                todo.extend(broader.get(i, ()))
        out[issue] = sorted({t for i in seen for t in (*names.get(i, ()), slug_words(i)) if t})
    return out


def match(issue_terms: dict[str, list[str]], text: str) -> list[str]:
    """The issue IRIs of ``issue_terms`` (from :func:`terms`) that ``text`` names, sorted."""
    text = str(text).strip()
    slug = text[6:] if text.startswith("issue:") else text
    for exact in (text, _NS + slug):
        if exact in issue_terms:
            return [exact]
    low = text.lower()
    return sorted(i for i, words in issue_terms.items() if any(low in w.lower() for w in words))

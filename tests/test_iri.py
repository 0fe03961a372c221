"""IRI minting: deterministic, always valid, property-tested over arbitrary Unicode (R2)."""
import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import IRIError
from kg.rdf import iri


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_slug_is_iri_safe_and_never_empty(text):
    s = iri.slug(text)
    assert s and all(c.isascii() and (c.isalnum() or c == "-") for c in s)
    assert s == iri.slug(text)  # deterministic


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text(), st.integers(min_value=0, max_value=10**9))
def test_minted_iris_are_valid(doc_id, key, n):
    for node in (iri.doc(doc_id), iri.actor(doc_id, key), iri.item(doc_id, "statement", n),
                 iri.sub(iri.actor(doc_id, key), "mention", n), iri.issue(key), iri.graph(doc_id)):
        pyoxigraph.NamedNode(str(node))  # raises on an invalid IRI


def test_different_keys_stay_distinct():
    assert iri.actor("d", "KOR") != iri.actor("d", "PRK")
    assert iri.slug("!!!") != iri.slug("???")


def test_checked_rejects_invalid_iris():
    for bad in ("no scheme", "http://x/a b", "http://x/<>", "http://x/\n"):
        with pytest.raises(IRIError):
            iri.checked(bad)

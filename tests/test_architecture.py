"""The dependency direction of ARCHITECTURE.md: extraction never imports rdflib, the RDF layer
never imports spaCy, the model and errors use the standard library only."""
import subprocess
import sys

import pytest


def _loaded(module: str) -> set[str]:
    code = (f"import sys, {module}; "
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("module, forbidden", [
    ("kg.extract", {"rdflib", "pyoxigraph", "pyshacl"}),
    ("kg.rdf.emit", {"spacy"}),
    ("kg.rdf.records", {"spacy"}),
    ("kg.model", {"spacy", "rdflib", "pyoxigraph", "networkx"}),
    ("kg.errors", {"spacy", "rdflib", "pyoxigraph", "networkx"}),
])
def test_dependency_direction(module, forbidden):
    assert not (_loaded(module) & forbidden), module

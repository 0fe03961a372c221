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


# ---------------------------------------------------------------- import cycles (issue 13, item 11)

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent
# Known cycles inside a package, through its own __init__ (modules importing their siblings
# from the package): left as they are. Any other cycle fails.
KNOWN_CYCLE_PACKAGES = ("kg.extract", "kg.validate")


def _known(cycle: set[str]) -> bool:
    return any(all(m == p or m.startswith(p + ".") for m in cycle) for p in KNOWN_CYCLE_PACKAGES)


def _import_graph() -> dict[str, set[str]]:
    """kg module -> the kg modules it imports anywhere in its file (in functions too)."""
    import ast

    mods = {}
    for p in (ROOT / "kg").rglob("*.py"):
        parts = p.relative_to(ROOT).with_suffix("").parts
        mods[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = p
    edges = {m: set() for m in mods}
    for m, p in mods.items():
        package = m if p.name == "__init__.py" else m.rpartition(".")[0]
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([node.module] if node.module else []))
                names = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            edges[m] |= {n for n in names if n in mods and n != m}
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(comp)

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    edges = _import_graph()
    assert len(edges) > 80
    new = [sorted(c) for c in _cycles(edges) if not _known(c)]
    assert new == []


def test_the_library_and_the_corpus_build_share_one_path():
    edges = _import_graph()
    assert "kg.corpus.work" in edges["kg.pipeline"]          # the library runs the corpus path
    assert not {"kg.pipeline"} & (edges["kg.corpus.work"] | edges["kg.corpus.build"])
    assert "kg.ingest.sources" not in edges["kg.ingest.jsonl"]

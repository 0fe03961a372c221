"""Where the commands that read graphs read them from: graph files and folders ("-" for
standard input), the embedded store, or a SPARQL 1.1 endpoint; always one article graph at a
time (``kg export``, ``kg validate``, ``kg records``).

    with open_source(["output/"]) as src:                       # or store="kgstore"
        for g in src.named_graphs():                            # or endpoint="http://…"
            print(g.name, len(g))
"""
from __future__ import annotations

from typing import Iterator

import pyoxigraph as ox

from kg.errors import ConfigError, GraphReadError
from kg.rdf import vocabulary
from kg.rdf.namespaces import ID
from kg.store.graphs import NamedGraph, expand_inputs, read_named_graphs

_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


class GraphSource:
    """Graph files and folders. Subclasses read the embedded store or an endpoint."""

    def __init__(self, inputs=()):
        self.inputs = list(inputs)

    def describe(self) -> str:
        return ", ".join(map(str, self.inputs))

    def named_graphs(self, *, unnamed: bool = False, on_error=None) -> Iterator[NamedGraph]:
        """Each named graph, read one file at a time (``unnamed``: see read_named_graphs): the
        article graphs, and the shared-vocabulary graphs (kg.rdf.vocabulary) the files hold.
        A file that cannot be read, or holds no triple, raises GraphReadError, or is passed to
        ``on_error`` and skipped."""
        for graphs in self._files(unnamed, on_error):
            yield from graphs

    def documents(self, *, unnamed: bool = False, on_error=None) -> Iterator[NamedGraph]:
        """Each article graph with the shared vocabulary it refers to (its issue concepts and
        their broader issues, the software agent: kg.rdf.vocabulary), as kg build emitted it:
        what validation and records read. The shared graphs themselves are no article."""
        for graphs in self._files(unnamed, on_error):
            index = vocabulary.by_subject(t for g in graphs if _shared(g) for t in g.triples)
            yield from (_with_vocabulary(g, index) for g in graphs if not _shared(g))

    def _files(self, unnamed: bool, on_error) -> Iterator[list[NamedGraph]]:
        for path in self._paths(on_error):
            try:
                graphs = read_named_graphs(path, unnamed=unnamed)
                if not graphs:
                    raise GraphReadError("no triples: the file is empty or holds nothing kg can "
                                         "read", source="<stdin>" if str(path) == "-" else str(path))
            except GraphReadError as e:
                if on_error is None:
                    raise
                on_error(e)
                continue
            if len(graphs) > 1:     # say which graph of the file
                graphs = [NamedGraph(g.name, g.triples, _label(g.source, g.name)) for g in graphs]
            yield graphs

    def _paths(self, on_error):
        for raw in self.inputs:
            try:
                yield from expand_inputs([raw])
            except GraphReadError as e:
                if on_error is None:
                    raise
                on_error(e)

    def quads(self) -> Iterator:
        for g in self.named_graphs():
            yield from g.quads()

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class StoreSource(GraphSource):
    """The embedded store in a folder, opened read-only."""

    def __init__(self, path):
        from kg.store.embedded import EmbeddedStore

        super().__init__()
        self.path = path
        self.store = EmbeddedStore(path, read_only=True)

    def describe(self) -> str:
        return str(self.path)

    def named_graphs(self, *, unnamed: bool = False, on_error=None) -> Iterator[NamedGraph]:
        s = self.store.store
        for name in self.store.graph_names():
            node = ox.NamedNode(name)
            triples = [q.triple for q in s.quads_for_pattern(None, None, None, node)]
            yield NamedGraph(node, triples, _label(str(self.path), node))

    def documents(self, *, unnamed: bool = False, on_error=None) -> Iterator[NamedGraph]:
        s = self.store.store
        index = vocabulary.by_subject(q.triple for q in s.quads_for_pattern(
            None, None, None, ox.NamedNode(vocabulary.EXTRACTED)))
        return (_with_vocabulary(g, index) for g in self.named_graphs() if not _shared(g))

    def quads(self) -> Iterator:
        return self.store.quads()

    def close(self) -> None:
        self.store.close()


class EndpointSource(GraphSource):
    """A SPARQL 1.1 endpoint: the names of its graphs, then one CONSTRUCT per graph."""

    def __init__(self, endpoint):
        super().__init__()
        self.endpoint = endpoint

    def describe(self) -> str:
        return self.endpoint.base

    def named_graphs(self, *, unnamed: bool = False, on_error=None) -> Iterator[NamedGraph]:
        from kg.store.remote import sparql

        _, rows = sparql(self.endpoint, _GRAPHS)
        for row in rows:
            cell = row.get("g") or {}
            if cell.get("type") != "uri":
                continue
            if vocabulary.is_rows_graph(cell["value"]):
                continue
            node = ox.NamedNode(cell["value"])
            yield NamedGraph(node, self._triples(node), _label(self.endpoint.base, node))

    def documents(self, *, unnamed: bool = False, on_error=None) -> Iterator[NamedGraph]:
        index = vocabulary.by_subject(self._triples(ox.NamedNode(vocabulary.EXTRACTED)))
        return (_with_vocabulary(g, index) for g in self.named_graphs() if not _shared(g))

    def _triples(self, node) -> list:
        from kg.store.remote import sparql

        return list(sparql(self.endpoint, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}",
                           form="ConstructQuery"))


def _shared(g: NamedGraph) -> bool:
    return g.name is not None and not vocabulary.is_article_graph(g.name.value)


def _with_vocabulary(g: NamedGraph, index: dict) -> NamedGraph:
    extra = vocabulary.referred(g.triples, index)
    return NamedGraph(g.name, g.triples + extra, g.source) if extra else g


def _label(where: str, name) -> str:
    """``where`` and the graph name, kgid: shortened: "corpus.trig kgid:graph/doc-1"."""
    if name is None:
        return f"{where} (default graph)"
    return f"{where} {name.value.replace(str(ID), 'kgid:', 1)}"


def open_source(inputs=(), *, store=None, endpoint=None, timeout: float = 60.0,
                convention: str = "oxigraph", query_path: str | None = None) -> GraphSource:
    """The one source given: graph files and folders, ``store`` (a folder) or ``endpoint`` (a
    URL). Raises ConfigError unless exactly one is given."""
    given = sum(bool(x) for x in (list(inputs), store, endpoint))
    if given != 1:
        raise ConfigError("give the graphs to read: GRAPH… files or folders ('-' for standard "
                          "input), --store DIR or --endpoint URL (exactly one)")
    if store:
        return StoreSource(store)
    if endpoint:
        from kg.store.remote import Endpoint

        return EndpointSource(Endpoint.from_url(endpoint, convention=convention,
                                                query_path=query_path, timeout=timeout))
    return GraphSource(inputs)

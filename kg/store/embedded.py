"""The embedded on-disk store: a pyoxigraph (RocksDB) Store in a folder, one named graph per article.

Loading a graph replaces it in one SPARQL update (``DROP SILENT GRAPH`` then ``INSERT DATA``),
which Oxigraph applies as one transaction: a reader sees the old graph or the new one, never a
mix, and loading the same file again leaves the store unchanged. An article graph's rows
(``kgid:graph/rows/<doc>``, kg.query.rows) are replaced in the same update. Graphs of rows in
the files loaded are left out: kg makes its own.

The folder is locked while a process has it open: close the store (``with`` block or
``close()``) before ``kg serve`` or ``oxigraph serve`` opens the same folder, and stop the
server before opening it here.
"""
from __future__ import annotations

import gc
import time
from pathlib import Path

import pyoxigraph as ox

from kg.errors import ConfigError, GraphReadError, KgError, StoreError
from kg.rdf import vocabulary
from kg.store.graphs import NamedGraph, SharedVocabulary, expand_inputs, read_named_graphs, schemes_graph
from kg.store.report import GraphLoad, LoadReport


def _open(path: Path, read_only: bool):
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as e:
        msg = str(e)
        if "lock" in msg.lower():
            raise StoreError(f"the store folder is locked: it is open elsewhere ({msg.strip()}); stop "
                             "`kg serve` / `oxigraph serve` on it, or query that server with "
                             "--endpoint", source=str(path)) from None
        raise StoreError(f"cannot open the store: {msg.strip()}", source=str(path)) from None


class EmbeddedStore:
    """An Oxigraph store in a folder (created when missing, unless ``create=False`` or ``read_only``)."""

    def __init__(self, path, *, read_only: bool = False, create: bool = True):
        self.path = Path(path)
        if (read_only or not create) and not (self.path / "CURRENT").is_file():
            raise ConfigError("no store here; create one with `kg load GRAPH… --store DIR`",
                              source=str(self.path))
        if self.path.is_dir() and any(self.path.iterdir()) and not (self.path / "CURRENT").is_file():
            raise ConfigError("this folder holds files but no store; give an empty or new folder "
                              "to --store", source=str(self.path))
        self.read_only = read_only
        self._store = _open(self.path, read_only)

    # ------------------------------------------------------------ life cycle

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            raise StoreError("the store is closed", source=str(self.path))
        return self._store

    def close(self) -> None:
        """Release the folder lock (pyoxigraph has no close(): drop the last reference)."""
        if self._store is not None:
            if not self.read_only:
                try:
                    self._store.flush()
                except OSError:
                    pass
            self._store = None
            gc.collect()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------ contents

    def __len__(self) -> int:
        return self.quad_count()

    def quad_count(self) -> int:
        """Quads of the data: the article and vocabulary graphs, not the rows kg keeps."""
        return len(self.store) - self.rows_quad_count()

    def rows_quad_count(self) -> int:
        from kg.query.rows import count_query

        return int(next(iter(self.store.query(count_query())))[0].value)

    def graph_names(self) -> list[str]:
        """The article and vocabulary graphs (not the graphs of rows: kg.query.rows)."""
        return sorted(g.value for g in self.store.named_graphs()
                      if isinstance(g, ox.NamedNode) and not vocabulary.is_rows_graph(g.value))

    def graph_size(self, name: str) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.NamedNode(name)))

    def quads(self):
        """The quads of the data (not of the rows kg keeps)."""
        rows = vocabulary.is_rows_graph
        return (q for q in self.store if type(q.graph_name) is not ox.NamedNode or not rows(q.graph_name.value))

    # ------------------------------------------------------------ loading

    def replace_graph(self, graph: NamedGraph, shared=()) -> int:
        """Put ``graph`` in place of the graph of the same name, in one transaction; a graph of
        the extracted vocabulary is added to instead (kg.rdf.vocabulary). An article graph's
        rows (kg.query.rows: made from it and the ``shared`` vocabulary triples of its file)
        replace its old rows in the same transaction."""
        g = str(graph.name)
        body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in graph.triples)
        if graph.name.value == vocabulary.EXTRACTED:
            update = f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}"
        else:
            update = f"DROP SILENT GRAPH {g} ;\n{self._rows_update(graph, shared)}INSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}"
        try:
            self.store.update(update)
        except (OSError, SyntaxError, ValueError) as e:
            raise StoreError(f"could not load graph {graph.name.value}: {e}",
                             source=graph.source) from None
        return len(graph)

    @staticmethod
    def _rows_update(graph: NamedGraph, shared) -> str:
        """The update that replaces the rows of an article graph ("" for another graph)."""
        from kg.query.rows import article_rows, rows_graph

        name = rows_graph(graph.name.value)
        if name is None or not vocabulary.is_article_graph(graph.name.value):
            return ""
        try:
            kept = article_rows(graph.name.value, graph.triples, shared)
        except KgError as e:
            raise StoreError(f"could not make the rows of graph {graph.name.value}: {e.message}",
                             source=graph.source) from None
        body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in kept)
        return f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }} ;\n"

    def _put(self, graph: NamedGraph, report: LoadReport, shared=()) -> GraphLoad:
        rec = GraphLoad(graph.source, graph.name.value, len(graph), attempts=1)
        t0 = time.monotonic()
        try:
            self.replace_graph(graph, shared)
            rec.status = "loaded"
        except StoreError as e:
            rec.status, rec.error = "failed", e.message
        rec.seconds = round(time.monotonic() - t0, 3)
        report.graphs.append(rec)
        return rec

    def load(self, inputs) -> LoadReport:
        """Load graph files and folders: one record per article graph (or per unreadable file);
        the shared triples of each file are added to the extracted-vocabulary graph (one record
        at the end: how many distinct triples the files brought), and kg's schemes replace the
        schemes graph (one record)."""
        report = LoadReport(str(self.path))
        shared = SharedVocabulary()
        for path in expand_inputs(inputs):
            try:
                graphs = read_named_graphs(path)
            except GraphReadError as e:
                report.graphs.append(GraphLoad(str(path), None, status="invalid", error=e.message))
                continue
            brought = [t for g in graphs if g.name.value == vocabulary.EXTRACTED for t in g.triples]
            for graph in graphs:
                if vocabulary.is_article_graph(graph.name.value):
                    self._put(graph, report, brought)
                elif graph.name.value == vocabulary.EXTRACTED:
                    shared.add(self._put(graph, LoadReport("")), graph)
        if shared:
            report.graphs.append(shared.record())
        self._put(schemes_graph(), report)
        self.store.flush()
        return report

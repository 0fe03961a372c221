"""Triple stores: the embedded on-disk store (pyoxigraph), remote SPARQL 1.1 endpoints (Graph
Store Protocol loading, SPARQL Protocol queries) and an Oxigraph server over a store folder."""
from kg.store.embedded import EmbeddedStore
from kg.store.remote import Endpoint, StoreUnreachable, load_graphs, payloads
from kg.store.report import GraphLoad, LoadReport

__all__ = ["EmbeddedStore", "Endpoint", "GraphLoad", "LoadReport", "StoreUnreachable",
           "load_graphs", "payloads"]

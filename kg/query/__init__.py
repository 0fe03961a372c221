"""SPARQL over kg graphs: the query library (queries/*.rq), safe parameters, and runners for
graph files, the embedded store and remote endpoints. See kg.query.run for the API."""
from kg.query.library import QueryDoc, get_query, list_queries
from kg.query.run import QueryTimeout, Result, run_query

__all__ = ["QueryDoc", "QueryTimeout", "Result", "get_query", "list_queries", "run_query"]

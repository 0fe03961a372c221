"""The choices of `kg analyze` and the analytics API (kept apart from networkx, so that the
command line can offer them without importing it)."""
from kg.rdf.namespaces import KIND_CLASS

FACTUAL = ("asserted", "reported", "planned")
"""Default modalities: acts presented as real or scheduled (not hypothetical, not denied)."""
MODALITIES = ("asserted", "planned", "hypothetical", "denied", "reported")
NORMALIZATIONS = ("no", "average", "jaccard", "cosine")
KINDS = tuple(KIND_CLASS)
BASES = ("positions", "statements")
STANCES = ("support", "oppose")
FORMATS = ("graphml", "gexf", "json", "csv")
"""File formats of the networks (kg.analytics.export)."""

"""What happened to each graph of a load: one record per graph, for people and for re-runs."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

# loaded   the store holds the graph (and, when verified, as many triples as sent)
# invalid  the file could not be read; nothing was sent
# rejected the store refused the graph (HTTP 4xx): fix the data, then load it again
# failed   the store kept failing (5xx, timeouts, wrong count after retries): load it again
# skipped  not tried, because the store became unreachable before its turn
STATUSES = ("loaded", "invalid", "rejected", "failed", "skipped")


@dataclass
class GraphLoad:
    source: str
    graph: str | None
    triples: int = 0
    status: str = "skipped"
    attempts: int = 0
    verified: int | None = None
    error: str | None = None
    seconds: float = 0.0

    def one_line(self) -> str:
        what = f"{self.status:8} {self.graph or '-'}"
        if self.status == "loaded":
            extra = f"{self.triples} triples"
            if self.attempts > 1:
                extra += f", {self.attempts} attempts"
            if self.verified is not None:
                extra += f", verified {self.verified}"
            return f"{what}: {extra} <- {self.source}"
        return f"{what}: {self.error or 'not loaded'} <- {self.source}"


@dataclass
class LoadReport:
    target: str
    graphs: list[GraphLoad] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        c = Counter(g.status for g in self.graphs)
        return {s: c[s] for s in STATUSES if c[s]}

    @property
    def ok(self) -> bool:
        return all(g.status == "loaded" for g in self.graphs)

    @property
    def store_failed(self) -> bool:
        return any(g.status in ("rejected", "failed", "skipped") for g in self.graphs)

    @property
    def input_failed(self) -> bool:
        return any(g.status == "invalid" for g in self.graphs)

    def summary(self) -> str:
        parts = ", ".join(f"{n} {s}" for s, n in self.counts().items()) or "nothing to load"
        triples = sum(g.triples for g in self.graphs if g.status == "loaded")
        return f"{self.target}: {parts} ({triples} triples loaded)"

    def to_json(self) -> str:
        return json.dumps({"target": self.target, "counts": self.counts(),
                           "graphs": [asdict(g) for g in self.graphs]},
                          ensure_ascii=False, indent=1)

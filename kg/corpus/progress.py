"""A one-line progress bar on a terminal (stderr), with rate and ETA. No dependency.

Shown only when the stream is a TTY; ``clear()`` before printing anything else, the bar is
drawn again on the next update. The total is counted in a background thread (files, and
non-blank lines of JSON Lines files), so work starts at once and the ETA appears when the
count is known.
"""
from __future__ import annotations

import gzip
import sys
import threading
import time
from collections import deque

#: seconds of history the rate is computed over (recent speed, not the average since start)
WINDOW = 30.0


def count_documents(inputs) -> int:
    """About how many documents ``inputs`` hold: one per file, one per non-blank JSONL line."""
    from kg.ingest.sources import _kind, iter_paths

    n = 0
    for path in iter_paths(inputs):
        if _kind(path) != "jsonl":
            n += 1
            continue
        try:
            opener = gzip.open if path.lower().endswith(".gz") else open
            with opener(path, "rb") as f:
                for line in f:
                    if line.strip():
                        n += 1
        except (OSError, EOFError, ValueError):
            n += 1
    return n


def _duration(s: float) -> str:
    s = int(s)
    if s >= 3600:
        return f"{s // 3600}h{s % 3600 // 60:02d}m"
    return f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s"


class Progress:
    def __init__(self, stream=None, *, enabled: bool | None = None, inputs=None, interval: float = 0.2,
                 clock=time.monotonic):
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.total: int | None = None
        self.done = {"ok": 0, "quarantined": 0, "skipped": 0}
        self.clock = clock
        self.t0 = clock()
        self.worked = 0              # documents processed (not skipped)
        self._hist = deque([(self.t0, 0)])
        self.interval = interval
        self._last = 0.0
        self._shown = False
        if enabled and inputs is not None:
            threading.Thread(target=self._count, args=(list(inputs),), daemon=True).start()

    def _count(self, inputs) -> None:
        try:
            self.total = count_documents(inputs)
        except Exception:  # noqa: BLE001 - the bar works without a total
            pass

    def update(self, kind: str) -> None:
        self.done[kind] = self.done.get(kind, 0) + 1
        now = self.clock()
        if kind != "skipped":
            self.worked += 1
            self._hist.append((now, self.worked))
            while len(self._hist) > 2 and now - self._hist[1][0] > WINDOW:
                self._hist.popleft()
        if self.enabled and now - self._last >= self.interval:
            self._last = now
            self.draw()

    def line(self) -> str:
        n = sum(self.done.values())
        now = self.clock()
        t_then, n_then = self._hist[0]
        rate = (self.worked - n_then) / (now - t_then) if now - t_then >= 1.0 else 0.0
        parts = []
        if self.total:
            frac = min(1.0, n / self.total)
            width = 24
            fill = int(frac * width)
            parts.append(f"[{'#' * fill}{'.' * (width - fill)}] {n}/{self.total}")
        else:
            parts.append(f"{n} docs")
        parts.append(f"{rate:.1f} docs/s" if rate else "-- docs/s")
        if self.total and rate > 0:
            parts.append(f"ETA {_duration(max(0, self.total - n) / rate)}")
        parts.append(f"ok {self.done['ok']} quarantined {self.done['quarantined']} "
                     f"skipped {self.done['skipped']}")
        parts.append(_duration(now - self.t0))
        return "  ".join(parts)

    def draw(self) -> None:
        if not self.enabled:
            return
        self.stream.write("\r\x1b[K" + self.line())
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False

    def close(self) -> None:
        self.clear()

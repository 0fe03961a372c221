"""Batches of articles from the input stream, shared by the local and the Dask engines.

    feed = Feed(items, batch_size)
    batch = yield from feed.fill()     # passes non-articles through; a full batch, the last
                                       # (short) one once feed.exhausted, or None
"""
from __future__ import annotations

from typing import Iterable, Iterator

from kg.model import Article


class Feed:
    def __init__(self, items: Iterable, batch_size: int):
        self._it = iter(items)
        self.size = max(1, batch_size)
        self.exhausted = False
        self._pending: list[Article] = []

    def fill(self) -> Iterator:
        """Read until a batch is full or the input ends, yielding anything that is not an
        Article (skips, bad inputs) as it is read; return the batch (None when empty)."""
        for item in self._it:
            if not isinstance(item, Article):
                yield item
                continue
            self._pending.append(item)
            if len(self._pending) >= self.size:
                return self._take()
        self.exhausted = True
        return self._take()

    def _take(self) -> list[Article] | None:
        batch, self._pending = self._pending, []
        return batch or None

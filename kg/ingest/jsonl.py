"""JSON Lines -> Articles. One object per line: ``id``, ``text``, optional ``title``,
``published`` (ISO date or datetime), ``url``, ``publisher``.

Bad lines yield :class:`~kg.ingest.sources.Quarantined` (with the 1-based line number)
and reading goes on; blank lines are skipped. Each Article's ``source`` is
"FILE:LINE". A missing ``id`` becomes "doc-" + 12 hex of the content hash.
"""
from __future__ import annotations

import gzip
import importlib
import json
import os
import zlib
from typing import Iterator

from kg.errors import KgError
from kg.ingest.quarantine import Quarantined
from kg.ingest.text import article_from_text
from kg.model import Article

# the module (kg.ingest.decode the attribute is the function); caps are read at call time
_decode = importlib.import_module("kg.ingest.decode")

#: A line longer than this many bytes is quarantined without being parsed.
MAX_LINE_BYTES = 5 * 1024 * 1024
_CHUNK = 1 << 20
_STR_FIELDS = ("title", "url", "publisher")


def _lines(f, source: str) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) with None for an over-long line (its rest is skipped)."""
    n = 0
    while True:
        line = f.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        n += 1
        if len(line) > MAX_LINE_BYTES:
            while line and not line.endswith(b"\n"):
                line = f.readline(_CHUNK)
            yield n, None
        else:
            yield n, line


def _article(obj, source: str, n: int) -> Article | Quarantined:
    q = lambda code, msg: Quarantined(source, n, code, msg)  # noqa: E731
    if not isinstance(obj, dict):
        return q("not-object", f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return q("empty", 'missing or empty "text" (a non-empty string is required)')
    for key in _STR_FIELDS:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return q("bad-field", f'"{key}" must be a string, got {type(obj[key]).__name__}')
    doc_id = obj.get("id")
    if doc_id is not None and not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool):
        return q("bad-field", f'"id" must be a string or integer, got {type(doc_id).__name__}')
    published = obj.get("published")
    if published is not None and not isinstance(published, str):
        return q("bad-field", '"published" must be an ISO date string like "2012-02-23"')
    try:
        return article_from_text(
            text, doc_id="" if doc_id is None else str(doc_id), source=f"{source}:{n}",
            title=obj.get("title"), published=published, url=obj.get("url"),
            publisher=obj.get("publisher"),
        )
    except KgError as e:
        return q("bad-field" if e.code == "bad-input" else e.code, e.message)


def read_jsonl(path: str | os.PathLike) -> Iterator[Article | Quarantined]:
    """Articles and Quarantined records from a JSONL file (``*.jsonl.gz`` too, with the
    decompressed size capped at decode.MAX_DECOMPRESSED_BYTES)."""
    source = os.fspath(path)
    gz = source.lower().endswith(".gz")
    try:
        with _decode.open_regular(path) as raw, (gzip.open(raw, "rb") if gz else raw) as f:
            yield from read_jsonl_stream(f, source, gz=gz)
    except KgError as e:   # not a regular file
        yield Quarantined.from_error(e, source)
    except FileNotFoundError:
        yield Quarantined(source, None, "missing", "no such file")
    except OSError as e:
        yield Quarantined(source, None, "io", f"cannot read: {e.strerror or e}")


def read_jsonl_stream(f, source: str, *, gz: bool = False) -> Iterator[Article | Quarantined]:
    """Articles and Quarantined records from an open binary stream of JSON Lines."""
    n = 0
    try:
        total = 0
        for n, raw in _lines(f, source):
            if raw is None:
                yield Quarantined(source, n, "too-large",
                                  f"line is over {MAX_LINE_BYTES} bytes (the cap)")
                continue
            total += len(raw)
            if gz and total > _decode.MAX_DECOMPRESSED_BYTES:
                yield Quarantined(source, n, "too-large", "decompresses to more than "
                                  f"{_decode.MAX_DECOMPRESSED_BYTES} bytes; stopped here")
                return
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                line = _decode.decode(raw, source)
                obj = json.loads(line)
            except KgError as e:
                yield Quarantined(source, n, e.code, e.message)
                continue
            except RecursionError:
                yield Quarantined(source, n, "json", "JSON nested too deeply")
                continue
            except ValueError as e:
                yield Quarantined(source, n, "json", f"not valid JSON ({e})")
                continue
            yield _article(obj, source, n)
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        yield Quarantined(source, n + 1 if n else None, "bad-input",
                          f"not a valid gzip file ({e or 'truncated'})")
    except OSError as e:
        yield Quarantined(source, n + 1 if n else None, "io", f"cannot read: {e.strerror or e}")

"""Standard input ("-" among the inputs): one text or HTML article, or JSON Lines.

What it holds is told by its first non-blank byte: "{" JSON Lines, "<" HTML, anything else
plain text (document id "stdin"). The size caps of files apply.
"""
from __future__ import annotations

import importlib
import io
import sys
from typing import Iterator

from kg.errors import InputTooLarge, KgError
from kg.model import Article

_decode = importlib.import_module("kg.ingest.decode")   # the module; caps read at call time
STDIN = "-"
SOURCE = "<stdin>"


def read_stdin(stream=None) -> Iterator:
    """Articles (and Quarantined records) from ``stream`` (default: standard input's bytes)."""
    from kg.ingest.html import read_html
    from kg.ingest.jsonl import read_jsonl_stream
    from kg.ingest.quarantine import Quarantined
    from kg.ingest.text import article_from_text, doc_id_for

    stream = stream if stream is not None else sys.stdin.buffer
    cap = _decode.MAX_FILE_BYTES
    try:
        data = stream.read(cap + 1)
        if len(data) > cap:
            raise InputTooLarge(f"standard input has more than {cap} bytes; the cap is {cap}",
                                source=SOURCE)
        head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        if head == b"{":
            yield from read_jsonl_stream(io.BytesIO(data), SOURCE)
        elif head == b"<":
            yield read_html(data, SOURCE)
        else:
            text = _decode.decode(data, SOURCE)
            yield article_from_text(text, doc_id=doc_id_for("stdin", text), source=SOURCE)
    except KgError as e:
        yield Quarantined.from_error(e, SOURCE)
    except OSError as e:
        yield Quarantined(SOURCE, None, "io", f"cannot read: {e}")


__all__ = ["STDIN", "SOURCE", "read_stdin", "Article"]

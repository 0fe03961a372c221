"""Readable, IRI-safe slugs of any text. Standard library only (used by extraction and RDF)."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_SLUG_BAD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=8192)  # the same keys recur in every document ("evidence", "mention", ...)
def slug(text: str, *, max_len: int = 80) -> str:
    """A readable, IRI-safe slug of any text: lower-case ASCII letters, digits and hyphens.

    Text with nothing left after folding gets a short hash so the slug is never empty and
    two different inputs do not collide on "".
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    s = _SLUG_BAD.sub("-", folded.lower()).strip("-")
    if len(s) > max_len:
        s = s[:max_len].rstrip("-")
    if not s:
        s = "x" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return s

"""Readers: bytes, text, HTML, JSONL, folders -> ``kg.model.Article``. Standard library only.

Offsets everywhere refer to ``Article.text``; ``Article.nlp_text`` is the same length.
"""
from kg.ingest.decode import decode, read_bytes
from kg.ingest.html import read_html
from kg.ingest.jsonl import read_jsonl
from kg.ingest.pubdate import find_published
from kg.ingest.sources import Quarantined, iter_inputs, read_file
from kg.ingest.text import article_from_text, read_text_file, slugify

__all__ = [
    "decode", "read_bytes", "article_from_text", "read_text_file", "read_html",
    "read_jsonl", "iter_inputs", "read_file", "Quarantined", "find_published", "slugify",
]

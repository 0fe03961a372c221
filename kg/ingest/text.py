"""Plain text -> Article. Standard library only.

``Article.text`` is the decoded text unchanged; ``Article.nlp_text`` has the same length
with control characters, page furniture, a repeated headline and standalone date lines
blanked to spaces, typographic quotes/hyphens/spaces made ASCII (see clean.py), and a
title-case headline written in sentence case (see headline.py).
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from datetime import date, datetime
from pathlib import Path

from kg.errors import EmptyInput, InputError
import kg.ingest.clean as clean
import kg.ingest.headline as headline
import kg.ingest.pubdate as pubdate
from kg.ingest.decode import decode, read_bytes
from kg.model import Article, Span

MAX_ID_LEN = 120
MAX_TITLE_LEN = 200
_MD_HEADING = re.compile(r"^#{1,6}\s+")


def slugify(name: str, max_len: int = MAX_ID_LEN) -> str:
    """Lower-case ASCII [a-z0-9-], other runs collapsed to "-", trimmed; may be ""."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:max_len].rstrip("-")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def doc_id_for(name: str, text: str) -> str:
    """slugify(name), or "doc-" + the first 12 hex digits of the content hash if empty."""
    return slugify(name) or "doc-" + content_hash(text)[:12]


def file_stem(path: str | os.PathLike) -> str:
    """"a/b/x.txt.gz" -> "x"."""
    name = os.path.basename(os.fspath(path))
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return os.path.splitext(name)[0] if "." in name[1:] else name


def _find_title(nlp: str, blanked: str) -> tuple[str, Span] | None:
    """First non-furniture line if short, without a final . : ; , and followed by a line
    that is blank once furniture is removed."""
    spans = clean.lines(blanked)
    for i, ln in enumerate(spans):
        st = clean.stripped(blanked, ln)
        if st.end == st.start:
            continue
        line = nlp[st.start:st.end]
        m = _MD_HEADING.match(line)
        if m:
            st = Span(st.start + m.end(), st.end)
            line = line[m.end():]
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        if (nxt is not None and not blanked[nxt.start:nxt.end].strip()
                and len(line) <= MAX_TITLE_LEN and line[-1] not in ".:;,"
                and any(c.isalpha() for c in line)):
            return line, st
        return None
    return None


def _locate_title(text: str, nlp: str, title: str) -> Span | None:
    want = " ".join(clean.normalize_chars(title).split())
    for st in clean.head_lines(nlp):
        line = nlp[st.start:st.end]
        m = _MD_HEADING.match(line)
        if m:
            st, line = Span(st.start + m.end(), st.end), line[m.end():]
        if " ".join(line.split()) == want:
            return st
    return None


def _clean_title(title: str) -> str:
    if any(unicodedata.category(c) in ("Cc", "Cs") and c != "\t" for c in title):
        return " ".join(clean.normalize_chars(title).split())
    return title


def _published(value) -> date | None:
    try:
        return pubdate.parse_date_value(value)
    except ValueError as e:
        raise InputError(str(e)) from None


def article_from_text(
    text: str, *, doc_id: str, source: str = "", title: str | None = None,
    published: date | datetime | str | None = None, url: str | None = None,
    publisher: str | None = None, filename: str | None = None,
) -> Article:
    """Build an Article from decoded text.

    ``published`` (metadata) wins over a date line in the text, which wins over a date in
    ``filename`` (only used as that fallback). ``doc_id`` is slugified; an empty slug
    becomes "doc-" + 12 hex of the content hash. Raises EmptyInput when nothing but
    whitespace, control characters or furniture is left. Lone surrogates in the text and
    the metadata become U+FFFD (same length).
    """
    if not isinstance(text, str):
        raise InputError(f"text must be a str, got {type(text).__name__}", source=source or None)
    # lone surrogates cannot be written as UTF-8: replaced here, once, offsets unchanged
    text, source = clean.valid_unicode(text), clean.valid_unicode(source)
    title, url, publisher = (clean.valid_unicode(x) if isinstance(x, str) else x
                             for x in (title, url, publisher))
    if not text.strip():
        raise EmptyInput("empty or whitespace-only text", source=source or None)
    nlp = clean.normalize_chars(text)
    spans = clean.furniture_spans(nlp) + pubdate.published_line_spans(nlp)
    blanked = clean.blank(nlp, spans)
    if not blanked.strip():
        raise EmptyInput(
            "no text left after removing control characters and page furniture",
            source=source or None,
        )
    title_span = None
    if title is not None and " ".join(title.split()):
        title = _clean_title(" ".join(title.split()))
        title_span = _locate_title(text, nlp, title)
    else:
        found = _find_title(nlp, blanked)
        if found:
            title_span = found[1]
            title = _clean_title(text[title_span.start:title_span.end])
        else:
            title = None
    if title_span is not None:  # "Russia Expels Two British Diplomats": parsed as a sentence would be
        blanked = headline.case_normalised(blanked, title_span.start, title_span.end)
    meta = _published(published)
    if meta is not None:
        pub, pub_src = meta, "metadata"
    else:
        pub, pub_src = pubdate.find_published(text, filename)
    h = content_hash(text)
    return Article(
        id=slugify(doc_id) or "doc-" + h[:12], text=text, source=source, title=title,
        title_span=title_span, published=pub, published_source=pub_src, url=url or None,
        publisher=publisher or None, nlp_text=blanked, content_hash=h,
    )


def read_text_file(path: str | os.PathLike) -> Article:
    """Read a UTF-8 (or BOM-marked UTF-16) text file; ``*.gz`` is decompressed (capped).
    doc_id = slug of the file stem; published falls back to a date in the file name."""
    src = os.fspath(path)
    text = decode(read_bytes(path), src)
    return article_from_text(
        text, doc_id=doc_id_for(file_stem(path), text), source=src,
        filename=Path(src).name,
    )

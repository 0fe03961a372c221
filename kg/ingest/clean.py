"""Same-length cleaning of article text for NLP. Standard library only.

Everything here maps ``text`` to a string of exactly the same length, so character
offsets found in the cleaned text are offsets into the original text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from kg.errors import ConfigError
from kg.model import Span

# NUL and C0 controls except \t and \n, DEL, C1 controls, lone surrogates, BOM and
# non-characters become spaces; typographic quotes, hyphens and spaces become ASCII.
_MAP: dict[int, str] = {c: " " for c in range(0x20) if c not in (0x09, 0x0A)}
_MAP.update({c: " " for c in range(0x7F, 0xA0)})
_MAP.update({0xFEFF: " ", 0xFFFE: " ", 0xFFFF: " ", 0x2028: " ", 0x2029: " "})
_MAP.update({
    ord("`"): "'", 0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"',
    0x2010: "-", 0x2011: "-", 0x00A0: " ", 0x202F: " ", 0x2007: " ",
})
_SURROGATES = re.compile("[\ud800-\udfff]")

_DOC_CODE = re.compile(r"^[A-Z]{1,5}(/[A-Z0-9.]+)+$")
_RULE_LINE = re.compile(r"^[*=_~#\-\s]{3,}$")   # "* *** *", "-----": separators, no words
_SEP = re.compile(r"\s*(?:[|•·/]|\t)\s*")
#: How many non-blank lines count as the head of a document (title, date, repeated headline).
HEAD_LINES = 15


def valid_unicode(text: str) -> str:
    """``text`` with each lone surrogate (from a JSON ``\\udc80`` escape, or a file name that is
    not UTF-8) replaced by U+FFFD: same length, and encodable as UTF-8 by every writer."""
    return _SURROGATES.sub("\ufffd", text) if _SURROGATES.search(text) else text


def normalize_chars(text: str) -> str:
    """Controls -> space, curly quotes/backtick -> ASCII quotes, NBSP -> space, U+2011 -> '-'."""
    out = text.translate(_MAP)
    if _SURROGATES.search(out):
        out = _SURROGATES.sub(" ", out)
    return out


def lines(text: str) -> list[Span]:
    """The content of every line (without its ``\\n``), as spans into ``text``."""
    spans, start = [], 0
    for part in text.split("\n"):
        spans.append(Span(start, start + len(part)))
        start += len(part) + 1
    return spans


def stripped(text: str, span: Span) -> Span:
    """``span`` without surrounding whitespace (an empty span at its start when blank)."""
    s = text[span.start:span.end]
    lead = len(s) - len(s.lstrip())
    body = s.strip()
    return Span(span.start + lead, span.start + lead + len(body))


def head_lines(text: str, n: int = HEAD_LINES) -> list[Span]:
    """The first ``n`` non-blank lines, stripped."""
    out = []
    for ln in lines(text):
        st = stripped(text, ln)
        if st.end > st.start:
            out.append(st)
            if len(out) >= n:
                break
    return out


@lru_cache(maxsize=1)
def furniture_words() -> frozenset[str]:
    try:
        raw = (resources.files("kg") / "data" / "lexicons" / "furniture.txt").read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"cannot read kg/data/lexicons/furniture.txt: {e}") from None
    words = set()
    for line in raw.splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            words.add(" ".join(line.split()))
    return frozenset(words)


def is_furniture(line: str) -> bool:
    """Navigation/sharing lines, press-release document codes and separator lines."""
    s = line.strip()
    if not s:
        return False
    if _DOC_CODE.match(s) or _RULE_LINE.match(s):
        return True
    words = furniture_words()
    parts = [" ".join(p.split()).lower().rstrip(":").strip() for p in _SEP.split(s)]
    parts = [p for p in parts if p]
    return bool(parts) and all(p in words for p in parts)


def furniture_spans(text: str) -> list[Span]:
    """Lines to blank: furniture lines anywhere, and the second copy of the headline
    (the first non-furniture line) when it repeats within the head of the document."""
    out = []
    first = None
    seen_second = False
    for n, ln in enumerate(lines(text)):
        st = stripped(text, ln)
        if st.end == st.start:
            continue
        line = text[st.start:st.end]
        if is_furniture(line):
            out.append(st)
        elif first is None:
            first = line
        elif not seen_second and n < 3 * HEAD_LINES and line == first:
            out.append(st)
            seen_second = True
    return out


def blank(text: str, spans: list[Span]) -> str:
    """Replace each span with spaces (newlines inside a span are kept)."""
    if not spans:
        return text
    chars = list(text)
    for sp in spans:
        for i in range(sp.start, sp.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)

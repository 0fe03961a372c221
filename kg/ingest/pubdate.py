"""Publication date of an article: metadata > a date line in the head > the file name.

Only the head of the text is searched (the first ~15 non-blank lines), and only lines
that *are* a date ("Posted February. 23, 2012 00:29,", "Friday, August 21, 2015",
"Published: 3 March 2020 | 10:15 GMT", "2012-02-23") or a news dateline at the start of
a line ("GENEVA, Feb 23, 2012 (Reuters) -"). Dates in running text are never taken.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime

from kg.ingest.clean import head_lines, normalize_chars
from kg.model import Span

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_WD = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?"
_DATE = (
    rf"(?:(?P<y1>\d{{4}})(?P<sep>[-/.])(?P<m1>\d{{1,2}})(?P=sep)(?P<d1>\d{{1,2}})"
    rf"(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?"
    rf"|(?P<mon2>{_MON})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\.?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<mon3>{_MON})\.?,?\s+(?P<y3>\d{{4}}))"
)
_PREFIX = (
    r"(?:(?P<upd>(?:last\s+)?(?:updated|modified|revised))"
    r"|(?:first\s+)?(?:posted|published|date|dated|issued|released))(?:\s+on)?\s*:?\s*"
)
_LINE = re.compile(rf"^(?:{_PREFIX})?(?:{_WD}\.?,?\s+)?{_DATE}\b(?P<rest>.*)$", re.I)
_TIME = r"(?:(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?\s*(?:\(?[a-z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?\)?)?)"
_REST = re.compile(
    rf"^[\s,|·•/–—-]*{_TIME}?[\s,|·•/–—-]*(?:(?:last\s+)?(?:updated|modified)\b.*)?$", re.I
)
_DATELINE = re.compile(
    rf"^(?-i:[A-Z][A-Z.'’ -]{{1,40}})(?:,\s*(?-i:[A-Z])[A-Za-z.'’ -]{{1,30}})?,?\s+"
    rf"(?P<mon>{_MON})\.?\s+(?P<d>\d{{1,2}})(?:,?\s+(?P<y>\d{{4}}))?\s*"
    rf"(?:\([^)]{{1,40}}\))?\s*[-–—]",
    re.I,
)
_FILENAME = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_](\d\d)[-_](\d\d)(?!\d)")


@dataclass(frozen=True)
class DateLine:
    """A date found in the head. ``standalone``: the whole line is the date (furniture)."""

    span: Span
    date: date | None          # None for a dateline without a year
    month_day: tuple[int, int] | None
    updated: bool = False
    standalone: bool = True


def _mk(y, m, d) -> date | None:
    try:
        y, m, d = int(y), int(m), int(d)
        return date(y, m, d) if 1800 <= y <= 2100 else None
    except (TypeError, ValueError):
        return None


def _line_date(m: re.Match) -> date | None:
    if m.group("y1"):
        return _mk(m.group("y1"), m.group("m1"), m.group("d1"))
    if m.group("y2"):
        return _mk(m.group("y2"), MONTHS[m.group("mon2").lower()], m.group("d2"))
    return _mk(m.group("y3"), MONTHS[m.group("mon3").lower()], m.group("d3"))


def scan_head(text: str) -> list[DateLine]:
    """Every date line and dateline in the head of ``text``, in order."""
    norm = normalize_chars(text)
    found = []
    for sp in head_lines(norm):
        line = norm[sp.start:sp.end]
        m = _LINE.match(line)
        if m and _REST.match(m.group("rest")):
            d = _line_date(m)
            if d:
                found.append(DateLine(sp, d, (d.month, d.day), bool(m.group("upd"))))
            continue
        m = _DATELINE.match(line)
        if m:
            mon, day = MONTHS[m.group("mon").lower()], int(m.group("d"))
            d = _mk(m.group("y"), mon, day) if m.group("y") else None
            if d or _mk(2000, mon, day):
                found.append(DateLine(sp, d, (mon, day), standalone=False))
    return found


def date_from_filename(filename: str | None) -> date | None:
    """A YYYY-MM-DD (or YYYY_MM_DD) date in the base name of ``filename``."""
    if not filename:
        return None
    for m in _FILENAME.finditer(os.path.basename(filename)):
        d = _mk(*m.groups())
        if d:
            return d
    return None


def find_published(text: str, filename: str | None = None) -> tuple[date | None, str | None]:
    """(date, source) with source "text" or "filename"; (None, None) when nothing is found.

    A first "Posted/Published/date" line beats an "Updated" line. A dateline without a
    year ("GENEVA, Feb 23 (Reuters) -") only completes a file-name date: its month and
    day with the file name's year (nearest year), source "filename".
    """
    hits = scan_head(text)
    full = [h for h in hits if h.date]
    if full:
        pick = next((h for h in full if not h.updated), full[0])
        return pick.date, "text"
    fn = date_from_filename(filename)
    if fn is None:
        return None, None
    partial = next((h for h in hits if h.month_day), None)
    if partial:
        cands = [_mk(fn.year + k, *partial.month_day) for k in (-1, 0, 1)]
        cands = [c for c in cands if c]
        if cands:
            return min(cands, key=lambda c: abs((c - fn).days)), "filename"
    return fn, "filename"


def published_line_spans(text: str) -> list[Span]:
    """Standalone date lines in the head ("Posted ...", "21 September 2014"): furniture."""
    return [h.span for h in scan_head(text) if h.standalone]


def parse_date_value(value) -> date | None:
    """Metadata dates: a date, a datetime, or an ISO string ("2012-02-23",
    "2012-02-23T00:29:00Z"). Returns None for None/""; raises ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        s = value.strip()
        try:
            return date.fromisoformat(s)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(s).date()
        except ValueError:
            pass
        m = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]|$)", s)
        if m and _mk(*m.groups()):
            return _mk(*m.groups())
    raise ValueError(f"not an ISO date or datetime: {value!r} (valid: 2012-02-23, 2012-02-23T00:29:00Z)")


__all__ = [
    "find_published", "date_from_filename", "published_line_spans", "parse_date_value",
    "scan_head", "DateLine", "MONTHS",
]

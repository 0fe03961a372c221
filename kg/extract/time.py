"""Temporal expressions: find them in text, resolve them against the publication date.

Standard library only. Spans follow the TimeML convention: a leading preposition ("on",
"in", "since", ...) is *not* part of the expression ("on Monday" -> "Monday"); "in" is
still required before a bare year or month ("in 2009" -> "2009"). Range expressions
keep their "from"/"between" ("from 3 to 5 March") and resolve to their start.
A possessive is part of the span ("last year's").
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from kg.model import TimeValue

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "several": 3, "a few": 3, "few": 3}

# --- patterns ------------------------------------------------------------------------
_WD = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MON = (r"(?-i:(?:January|February|March|April|May|June|July|August|September|October|"
        r"November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:1[89]\d\d|20\d\d)\b"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))"
_POSS = r"(?:['’]s\b|s['’])?"
_REL = r"(?:next|last|this|coming|past)"
_UNIT = r"(?:day|week|month|year)s?"
_NUM = r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a\s+few)"
_TO = r"\s*(?:-|–|to|until|till|through|and)\s*"
_TRIGGER = r"(?:\b(?:in|since|until|till|by|during|before|after|from|of|early|late)\s+|\bmid-)"

def _word_pairs(firsts: str, seconds: str) -> tuple[str, ...]:
    return tuple(f"{a} {b}" for a in firsts.split() for b in seconds.split())


# Gates: what a pattern cannot match without, checked first (most texts name no month, so
# most patterns need not run). A gate is a part of the pattern, searched on its own, or
# words one of which must occur in the lower-cased text with its runs of white space made
# one space (``\s`` and str.split() agree on what white space is).
# (the lookaheads only let a search skip faster over the characters no name starts with)
_G_MON = re.compile(f"(?=[JFMASOND]){_MON}")
_G_WD = re.compile(_WD)
_G_MON_YEAR = re.compile(f"(?=[JFMASOND12])(?:{_MON}|{_YEAR})")
_G_RANGE_DAY = _word_pairs("from between", "0 1 2 3 4 5 6 7 8 9")
_G_RANGE_MON = _word_pairs("from between", "jan feb mar apr may jun jul aug sep oct nov dec")
_G_RANGE_WD = _word_pairs("from between", "monday tuesday wednesday thursday friday saturday sunday")
_G_EDGE = ("end of ", "beginning of ", "start of ", "middle of ")
_G_NEAR = _word_pairs("earlier later early late", "this next last")
_G_REL_WD = _word_pairs("next last this coming past", "monday tuesday wednesday thursday friday saturday sunday")
_G_REL_UNIT = _word_pairs("next last this coming past", "week month year")
_G_AGO = _word_pairs("day days week weeks month months year years", "ago")
# the characters that re.IGNORECASE matches to an ASCII letter they do not lower-case to
# (found by trying every code point): a text holding one opens every word gate
_FOLDS = ("\u0130", "\u0131", "\u017f")

# The characters a match can start with, as the pattern reads them (a lookahead of them
# changes no match, and lets a search skip the other positions faster).
_F_MON, _F_WD, _F_DAY = "(?-i:[JFMASOND])", "(?-i:[MTWFS])", "[0-9]"
_F_REL, _F_NUM = "[nltcp]", r"[\daotfsen]"

# (first characters, pattern, gates)
_RULES = (
    # ranges (kept whole, resolved to the start)
    ("[fb]", rf"\b(?:from|between)\s+{_DAY}{_TO}{_DAY}\s+{_MON}(?:,?\s+{_YEAR})?", (_G_RANGE_DAY, _G_MON)),
    ("[fb]", rf"\b(?:from|between)\s+{_MON}\s+{_DAY}{_TO}(?:{_MON}\s+)?{_DAY}(?:,?\s+{_YEAR})?",
     (_G_RANGE_MON, _G_MON)),
    ("[fb]", rf"\b(?:from|between)\s+{_WD}{_TO}{_WD}", (_G_RANGE_WD, _G_WD)),
    (_F_MON, rf"\b{_MON}\s+{_DAY}\s*[-–]\s*{_DAY}(?:,?\s+{_YEAR})?", (_G_MON,)),
    (_F_DAY, rf"\b{_DAY}\s*[-–]\s*{_DAY}\s+{_MON}(?:,?\s+{_YEAR})?", (_G_MON,)),
    # absolute dates
    (r"\d", r"\b\d{4}-\d{2}-\d{2}\b", ()),
    (_F_MON, rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}", (_G_MON,)),
    (_F_DAY, rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}", (_G_MON,)),
    (_F_MON, rf"\b{_MON},?\s+(?:of\s+)?{_YEAR}{_POSS}", (_G_MON,)),
    (_F_MON, rf"\b{_MON}\s+{_DAY}{_POSS}", (_G_MON,)),
    (_F_DAY, rf"\b{_DAY}\s+(?:of\s+)?{_MON}", (_G_MON,)),
    ("[isutbdafoelm]", rf"{_TRIGGER}(?P<t>{_MON}|{_YEAR})(?!-\d){_POSS}", (_G_MON_YEAR,)),
    ("[tebsm]", rf"\b(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+{_MON}(?:,?\s+{_YEAR})?", (_G_EDGE, _G_MON)),
    # relative
    ("[tebsm]", r"\b(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+(?:this|next|last|the)\s+(?:week|month|year)",
     (_G_EDGE,)),
    ("[el]", r"\b(?:earlier|later|early|late)\s+(?:this|next|last)\s+(?:week|month|year)", (_G_NEAR,)),
    (_F_REL, rf"\b{_REL}\s+{_WD}{_PART}?", (_G_REL_WD,)),
    (_F_WD, rf"\b{_WD}{_PART}?{_POSS}", (_G_WD,)),
    ("[tnlcp]", rf"\b(?:the\s+)?{_REL}\s+(?:week|month|year){_POSS}", (_G_REL_UNIT,)),
    (_F_NUM, rf"\b{_NUM}\s+{_UNIT}\s+ago\b", (_G_AGO,)),
    ("[yt]", rf"\b(?:yesterday|tomorrow){_PART}?{_POSS}", (("yesterday", "tomorrow"),)),
    ("t", rf"\b(?:today|tonight){_POSS}", (("today", "tonight"),)),
    ("t", r"\bthis\s+(?:morning|afternoon|evening)\b", (_word_pairs("this", "morning afternoon evening"),)),
    ("l", r"\blast\s+night\b", (("last night",),)),
)
_GATED = [(re.compile(f"(?={first}){pattern}", re.I), gates) for first, pattern, gates in _RULES]


def _open_gates(text: str):
    """A test of a pattern's gates against ``text``, each gate tried once."""
    low = " ".join(text.lower().split())  # as \s+ reads white space (str.isspace)
    folds = any(c in text for c in _FOLDS)
    seen: dict = {}

    def is_open(gate) -> bool:
        ok = seen.get(gate)
        if ok is None:
            if isinstance(gate, re.Pattern):
                ok = gate.search(text) is not None
            else:
                ok = folds or any(w in low for w in gate)
            seen[gate] = ok
        return ok

    return lambda gates: all(is_open(g) for g in gates)


def find_timexes(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of every temporal expression, in order, non-overlapping
    (the leftmost, then the longest, wins)."""
    found = []
    gates_open = _open_gates(text)
    for pat, gates in _GATED:
        if not gates_open(gates):
            continue
        for m in pat.finditer(text):
            g = "t" if "t" in pat.groupindex else 0
            found.append((m.start(g), m.end()))
    return leftmost_longest(found, text)


def leftmost_longest(found: list[tuple[int, int]], text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, text) of the (start, end) matches: the leftmost, then the
    longest, wins."""
    found.sort(key=lambda se: (se[0], -se[1]))
    out, last = [], -1
    for s, e in found:
        if s >= last:
            out.append((s, e, text[s:e]))
            last = e
    return out


# --- resolution ----------------------------------------------------------------------
def _day(d: date, expr: str) -> TimeValue:
    return TimeValue(d.isoformat(), "day", expr)


def _month(y: int, m: int, expr: str) -> TimeValue:
    return TimeValue(f"{y:04d}-{m:02d}", "month", expr)


def _year(y: int, expr: str) -> TimeValue:
    return TimeValue(f"{y:04d}", "year", expr)


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _weekday(wd: int, anchor: date, tense: str | None) -> date:
    """Bare weekday: past -> on or before the anchor; future -> on or after; otherwise
    the day of that name in the anchor's Monday-to-Sunday week."""
    if tense == "past":
        return anchor - timedelta((anchor.weekday() - wd) % 7)
    if tense == "future":
        return anchor + timedelta((wd - anchor.weekday()) % 7)
    return anchor + timedelta(wd - anchor.weekday())


def _month_day(mon: int, day: int, anchor: date, tense: str | None) -> date | None:
    """A month and day without a year: the anchor's year, moved back for a past-tense
    date after the anchor, forward for a future-tense date over ~2 months before it."""
    d = _safe(anchor.year, mon, day)
    if d is None:
        return None
    if tense == "past" and d > anchor:
        return _safe(d.year - 1, mon, day)
    if tense == "future" and (anchor - d).days > 61:
        return _safe(d.year + 1, mon, day)
    return d


def _month_only(mon: int, anchor: date, tense: str | None) -> tuple[int, int]:
    y = anchor.year
    if tense == "past" and mon > anchor.month:
        y -= 1
    elif tense == "future" and mon < anchor.month:
        y += 1
    return y, mon


def _safe(y, m, d) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _mon(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def _normalize(expr: str) -> str:
    s = " ".join(expr.replace("’", "'").split())
    s = re.sub(r"(?:'s|s')$", lambda m: "" if m.group() == "'s" else "s", s)
    s = re.sub(r"^(?:(?:on|in|at|by|since|until|till|during|before|after|of|early|late)\s+|mid-)(?=\S)",
               "", s, flags=re.I) if not re.match(r"^(?:from|between)\b", s, re.I) else s
    return s


_R_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_R_MDY = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2})?,?(?:\s+(\d{4}))?$")
_R_DMY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2})?\s+(?:of\s+)?([A-Za-z]+)\.?,?(?:\s+(\d{4}))?$")
_R_MY = re.compile(r"^([A-Za-z]+)\.?,?(?:\s+(?:of\s+)?(\d{4}))?$")
_R_YEAR = re.compile(r"^(\d{4})$")
_R_RANGE = re.compile(r"^(?:from|between)\s+(.+?)\s*(?:-|–|\bto\b|\buntil\b|\btill\b|\bthrough\b|\band\b)\s*(.+)$", re.I)
_R_EDGE = re.compile(r"^(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+(.+)$", re.I)
_R_NEAR = re.compile(r"^(?:earlier|later|early|late)\s+(.+)$", re.I)
_R_AGO = re.compile(r"^(\d{1,3}|[a-z]+(?:\s+few)?)\s+(day|week|month|year)s?\s+ago$", re.I)
_R_PART = re.compile(r"\s+(?:morning|afternoon|evening|night)$", re.I)


def resolve(expr: str, anchor: date, tense: str | None = None) -> TimeValue | None:
    """Resolve a temporal expression against ``anchor`` (the publication date).

    ``tense`` of the governing verb: "past", "future", or None/"present" (unknown).
    Returns None when the expression is not understood. ``text`` is ``expr`` unchanged.
    """
    if tense not in ("past", "future"):
        tense = None
    s = _normalize(expr)
    low = s.lower()
    if not s:
        return None

    m = _R_RANGE.match(s)
    if m:  # "from 3 to 5 March", "between Monday and Wednesday": resolve the start
        first, second = m.group(1), m.group(2)
        mon_after = re.search(r"([A-Za-z]+\.?(?:,?\s+\d{4})?)$", second)
        if first.strip().isdigit() and mon_after:
            first = f"{first} {mon_after.group(1)}"
        elif re.search(r"\d{4}$", second) and re.match(r"^[A-Za-z]+\.?\s+\d{1,2}$", first):
            first = f"{first} {second[-4:]}"
        v = resolve(first, anchor, tense)
        return TimeValue(v.value, v.precision, expr) if v else None

    if (m := _R_ISO.match(s)):
        d = _safe(*m.groups())
        return _day(d, expr) if d else None
    if low in ("today", "tonight", "this morning", "this afternoon", "this evening", "now"):
        return _day(anchor, expr)
    if low in ("yesterday", "last night") or low.startswith("yesterday "):
        return _day(anchor - timedelta(1), expr)
    if low == "tomorrow" or low.startswith("tomorrow "):
        return _day(anchor + timedelta(1), expr)

    m = _R_EDGE.match(s) or _R_NEAR.match(s)
    if m:  # "the end of this month" -> month precision; "earlier this week" -> as "this week"
        inner = m.group(1)
        if re.match(r"^the\s+(week|month|year)$", inner, re.I):
            inner = "this " + inner.split()[-1]
        v = resolve(inner, anchor, tense)
        if v is None:
            return None
        return TimeValue(v.value, v.precision, expr)

    s_np = _R_PART.sub("", s)  # "Thursday afternoon" -> "Thursday"
    words = s_np.lower().split()
    if words and words[0] == "the":
        words = words[1:]
    if len(words) == 1 and words[0] in WEEKDAYS:
        return _day(_weekday(WEEKDAYS.index(words[0]), anchor, tense), expr)
    if len(words) == 2 and words[1] in WEEKDAYS:
        wd, rel = WEEKDAYS.index(words[1]), words[0]
        if rel == "next" or rel == "coming":
            return _day(anchor + timedelta((wd - anchor.weekday() - 1) % 7 + 1), expr)
        if rel in ("last", "past"):
            return _day(anchor - timedelta((anchor.weekday() - wd - 1) % 7 + 1), expr)
        if rel == "this":
            return _day(_weekday(wd, anchor, tense), expr)
    if len(words) == 2 and words[1] in ("week", "month", "year") and \
            words[0] in ("this", "last", "next", "past", "coming"):
        step = {"this": 0, "last": -1, "past": -1, "next": 1, "coming": 1}[words[0]]
        if words[1] == "year":
            return _year(anchor.year + step, expr)
        if words[1] == "month":
            return _month(*_add_months(anchor.year, anchor.month, step), expr)
        d = anchor + timedelta(7 * step)
        return _month(d.year, d.month, expr)

    if (m := _R_AGO.match(s)):
        n = int(m.group(1)) if m.group(1).isdigit() else NUMBERS.get(m.group(1).lower())
        if n is None:
            return None
        unit = m.group(2).lower()
        if unit in ("day", "week"):
            return _day(anchor - timedelta(n * (7 if unit == "week" else 1)), expr)
        if unit == "month":
            return _month(*_add_months(anchor.year, anchor.month, -n), expr)
        return _year(anchor.year - n, expr)

    if (m := _R_YEAR.match(s)):
        return _year(int(m.group(1)), expr)
    if (m := _R_MDY.match(s)) and _mon(m.group(1)):
        mon, day, y = _mon(m.group(1)), int(m.group(2)), m.group(3)
        d = _safe(y, mon, day) if y else _month_day(mon, day, anchor, tense)
        return _day(d, expr) if d else None
    if (m := _R_DMY.match(s)) and _mon(m.group(2)):
        mon, day, y = _mon(m.group(2)), int(m.group(1)), m.group(3)
        d = _safe(y, mon, day) if y else _month_day(mon, day, anchor, tense)
        return _day(d, expr) if d else None
    if (m := _R_MY.match(s)) and _mon(m.group(1)):
        mon = _mon(m.group(1))
        if m.group(2):
            return _month(int(m.group(2)), mon, expr)
        return _month(*_month_only(mon, anchor, tense), expr)
    return None


def tense_of(verb_morph: str | None) -> str | None:
    """"Tense=Past|VerbForm=Fin" -> "past"; "Tense=Pres..." -> "present"; else None.
    (English future is periphrastic: callers detect "will"/"to be going to" themselves.)"""
    if not verb_morph:
        return None
    if "Tense=Past" in verb_morph:
        return "past"
    if "Tense=Pres" in verb_morph:
        return "present"
    return None


__all__ = ["find_timexes", "resolve", "tense_of"]

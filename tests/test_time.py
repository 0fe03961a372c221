"""Temporal expressions: finding (with offsets) and resolving against the publication date."""
from __future__ import annotations

from datetime import date

import pytest

from kg.extract.time import find_timexes, resolve, tense_of

THU = date(2012, 2, 23)   # Thursday (seed article)
MON = date(2011, 7, 25)   # Monday (VOA donors)
TUE = date(2012, 4, 17)   # Tuesday (VOA Guinea-Bissau)
FRI = date(2015, 8, 21)   # Friday (Wikinews)


def v(expr, anchor, tense=None):
    tv = resolve(expr, anchor, tense)
    return None if tv is None else (tv.value, tv.precision)


# --- resolve -----------------------------------------------------------------------------
def test_next_weekday_is_first_strictly_after():
    assert v("next Monday", THU) == ("2012-02-27", "day")
    assert v("next Thursday", THU) == ("2012-03-01", "day")
    assert v("next Friday", THU, "past") == ("2012-02-24", "day")


def test_last_weekday_is_most_recent_strictly_before():
    assert v("last Thursday", TUE) == ("2012-04-12", "day")
    assert v("last Tuesday", TUE) == ("2012-04-10", "day")
    assert v("last Monday", TUE, "future") == ("2012-04-16", "day")


def test_bare_weekday_with_tense():
    assert v("Wednesday", MON, "future") == ("2011-07-27", "day")
    assert v("Monday", MON) == ("2011-07-25", "day")
    assert v("Monday", MON, "past") == ("2011-07-25", "day")       # same day as anchor
    assert v("On Monday", TUE, "past") == ("2012-04-16", "day")
    assert v("on Monday", TUE) == ("2012-04-16", "day")
    assert v("Tuesday", TUE, "past") == ("2012-04-17", "day")
    assert v("Wednesday", TUE, "past") == ("2012-04-11", "day")
    assert v("Monday", TUE, "future") == ("2012-04-23", "day")
    assert v("Tuesday", TUE, "future") == ("2012-04-17", "day")


def test_bare_weekday_without_tense_uses_anchor_week():
    assert v("Monday", THU) == ("2012-02-20", "day")      # before the anchor: past
    assert v("Thursday", THU) == ("2012-02-23", "day")    # the anchor itself
    assert v("Saturday", THU) == ("2012-02-25", "day")    # after: future
    assert v("Wednesday", MON, "present") == ("2011-07-27", "day")


def test_weekday_with_part_of_day_and_possessive():
    assert v("Thursday afternoon", FRI, "past") == ("2015-08-20", "day")
    assert v("Tuesday afternoon", TUE) == ("2012-04-17", "day")
    assert v("Monday's", THU) == ("2012-02-20", "day")


def test_deictic_days():
    assert v("yesterday", FRI) == ("2015-08-20", "day")
    assert v("Yesterday", FRI) == ("2015-08-20", "day")
    assert v("today", FRI) == ("2015-08-21", "day")
    assert v("today's", FRI) == ("2015-08-21", "day")
    assert v("this morning", FRI) == ("2015-08-21", "day")
    assert v("tonight", FRI) == ("2015-08-21", "day")
    assert v("tomorrow", FRI) == ("2015-08-22", "day")


def test_weeks():
    assert v("this week", MON) == ("2011-07", "month")
    assert v("earlier this week", THU) == ("2012-02", "month")
    assert v("last week", TUE) == ("2012-04", "month")
    assert v("last week", date(2012, 3, 3)) == ("2012-02", "month")   # anchor-7 days
    assert v("last week's", TUE) == ("2012-04", "month")
    assert v("next week", date(2012, 2, 27)) == ("2012-03", "month")
    assert v("two weeks ago", THU) == ("2012-02-09", "day")


def test_months():
    assert v("this month", TUE) == ("2012-04", "month")
    assert v("last month", date(2012, 1, 10)) == ("2011-12", "month")
    assert v("next month", date(2012, 12, 10)) == ("2013-01", "month")
    assert v("the end of this month", TUE) == ("2012-04", "month")
    assert v("December of 2010", THU) == ("2010-12", "month")
    assert v("December 2010", THU) == ("2010-12", "month")
    assert v("in January", TUE, "past") == ("2012-01", "month")
    assert v("January", TUE) == ("2012-01", "month")
    assert v("December", TUE, "past") == ("2011-12", "month")
    assert v("January", TUE, "future") == ("2013-01", "month")


def test_years():
    assert v("last year", THU) == ("2011", "year")
    assert v("Last year", THU) == ("2011", "year")
    assert v("last year's", THU) == ("2011", "year")
    assert v("last year\u2019s", THU) == ("2011", "year")
    assert v("this year", THU) == ("2012", "year")
    assert v("next year", THU) == ("2013", "year")
    assert v("a year ago", THU) == ("2011", "year")
    assert v("in 2009", THU) == ("2009", "year")
    assert v("2009", THU) == ("2009", "year")


def test_month_day_without_year():
    assert v("April 29", TUE) == ("2012-04-29", "day")
    assert v("April 29", TUE, "future") == ("2012-04-29", "day")
    assert v("August 10", FRI) == ("2015-08-10", "day")
    assert v("29 April", TUE) == ("2012-04-29", "day")
    assert v("April 29", date(2012, 4, 17), "past") == ("2011-04-29", "day")  # after anchor
    assert v("January 5", date(2012, 12, 20), "future") == ("2013-01-05", "day")
    assert v("December 5", date(2012, 12, 20), "future") == ("2012-12-05", "day")  # < 2 months


def test_absolute_dates():
    assert v("21 September 2014", THU) == ("2014-09-21", "day")
    assert v("Feb. 23, 2012", THU) == ("2012-02-23", "day")
    assert v("February 23 2012", THU) == ("2012-02-23", "day")
    assert v("2012-02-23", THU) == ("2012-02-23", "day")
    assert v("Feb. 30, 2012", THU) is None


def test_ranges_resolve_to_start():
    assert v("March 3-5", THU) == ("2012-03-03", "day")
    assert v("from 3 to 5 March", THU) == ("2012-03-03", "day")
    assert v("from 3 to 5 March 2010", THU) == ("2010-03-03", "day")
    assert v("from March 3 to 5, 2010", THU) == ("2010-03-03", "day")
    assert v("between Monday and Wednesday", THU, "past") == ("2012-02-20", "day")
    assert v("between Monday and Wednesday", THU, "future") == ("2012-02-27", "day")


def test_text_is_expr_and_unknown_is_none():
    tv = resolve("next Monday", THU)
    assert tv.text == "next Monday" and tv.span is None
    assert resolve("soon", THU) is None
    assert resolve("", THU) is None
    assert resolve("March", THU).value == "2012-03"


def test_tense_of():
    assert tense_of("Tense=Past|VerbForm=Fin") == "past"
    assert tense_of("Mood=Ind|Tense=Pres|VerbForm=Fin") == "present"
    assert tense_of("VerbForm=Inf") is None and tense_of(None) is None


# --- find_timexes ---------------------------------------------------------------------------
def spans(text):
    out = find_timexes(text)
    for s, e, t in out:
        assert text[s:e] == t
    return [t for _, _, t in out]


@pytest.mark.parametrize("text, expected", [
    ("The meeting begins next Monday in Geneva.", ["next Monday"]),
    ("Troops moved in last Thursday.", ["last Thursday"]),
    ("The bank said on Monday it would help.", ["Monday"]),
    ("It fired on Tuesday afternoon and again Thursday afternoon.",
     ["Tuesday afternoon", "Thursday afternoon"]),
    ("Donors meet this week, after talks last week; more next week.",
     ["this week", "last week", "next week"]),
    ("Prices rose this month after falling last month.", ["this month", "last month"]),
    ("Last year the deficit grew; this year and next year it shrinks.",
     ["Last year", "this year", "next year"]),
    ("A year ago, and two weeks ago, nothing happened.", ["A year ago", "two weeks ago"]),
    ("Yesterday he left; today he speaks; tomorrow he flies.", ["Yesterday", "today", "tomorrow"]),
    ("This morning and tonight the envoy rests.", ["This morning", "tonight"]),
    ("Earlier this week the council met.", ["Earlier this week"]),
    ("The run-off was set for April 29 and talks for 29 April.", ["April 29", "29 April"]),
    ("Protests followed the vote in December of 2010.", ["December of 2010"]),
    ("Elections in December 2010 were disputed.", ["December 2010"]),
    ("The law passed in 2009 and took effect in January.", ["2009", "January"]),
    ("It was signed on 21 September 2014 in Sanaa.", ["21 September 2014"]),
    ("Posted Feb. 23, 2012 and revised 2012-02-24.", ["Feb. 23, 2012", "2012-02-24"]),
    ("Talks run March 3-5 and resume from 3 to 5 April.", ["March 3-5", "from 3 to 5 April"]),
    ("Sessions run between Monday and Wednesday.", ["between Monday and Wednesday"]),
    ("A vote is due at the end of this month.", ["the end of this month"]),
    ("Since last year's bombing, ties froze.", ["last year's"]),
    ("He may march on. The 2009 budget of 300 people.", []),
    ("She said August 10 was a turning point.", ["August 10"]),
])
def test_find_timexes(text, expected):
    assert spans(text) == expected


def test_find_timexes_offsets():
    text = "The report came ahead of the council's meeting to begin in Geneva next Monday."
    [(s, e, t)] = find_timexes(text)
    assert (s, e, t) == (text.index("next Monday"), text.index("next Monday") + 11, "next Monday")
    text = "Protests followed the vote in December of 2010."
    [(s, e, t)] = find_timexes(text)
    assert (s, e) == (30, 46) and t == "December of 2010"


def test_found_expressions_resolve():
    text = ("On Monday, officials said talks held last Thursday would resume next week; "
            "a runoff was set for April 29, after a vote in December of 2010.")
    got = [(t, v(t, TUE, "past")) for _, _, t in find_timexes(text)]
    assert got == [
        ("Monday", ("2012-04-16", "day")),
        ("last Thursday", ("2012-04-12", "day")),
        ("next week", ("2012-04", "month")),
        ("April 29", ("2011-04-29", "day")),
        ("December of 2010", ("2010-12", "month")),
    ]

"""Ingest: decoding, cleaning, titles, publication dates, HTML, JSONL, folders."""
from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from kg.errors import DecodeError, EmptyInput, InputError, InputTooLarge, KgError
from kg.ingest import (
    Quarantined, article_from_text, decode, find_published, iter_inputs, read_html,
    read_jsonl, read_text_file, slugify,
)
import importlib
from kg.ingest.clean import is_furniture

decode_mod = importlib.import_module("kg.ingest.decode")

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-2012-02-23-un-china-defectors.txt"
BODY = "The minister said on Monday that talks would resume.\n\nShe urged calm."


def art(text, **kw):
    kw.setdefault("doc_id", "t")
    return article_from_text(text, **kw)


# --- decoding ---------------------------------------------------------------------------
def test_utf8_and_utf8_bom():
    assert decode("Genève".encode(), "x") == "Genève"
    assert decode(b"\xef\xbb\xbfabc", "x") == "abc"


def test_utf16_bom_le_and_be():
    assert decode(b"\xff\xfe" + "Genève talks".encode("utf-16-le"), "x") == "Genève talks"
    assert decode(b"\xfe\xff" + "Genève".encode("utf-16-be"), "x") == "Genève"


def test_invalid_utf8_names_byte_offset():
    data = b"a" * 1234 + b"\xff rest"
    with pytest.raises(DecodeError, match="not valid UTF-8 at byte 1234") as ei:
        decode(data, "in.txt")
    assert ei.value.source == "in.txt"
    assert "in.txt: " in str(ei.value)


def test_invalid_after_bom_counts_bom_bytes():
    with pytest.raises(DecodeError, match="at byte 5"):
        decode(b"\xef\xbb\xbfab\xc3(", "x")


def test_cp1252_is_refused_not_guessed():
    with pytest.raises(DecodeError, match="not valid UTF-8 at byte 3"):
        decode("caf\xe9 cr\xe8me".encode("cp1252"), "x")


def test_truncated_utf16_and_bomless_utf16():
    with pytest.raises(DecodeError, match="UTF-16"):
        decode(b"\xff\xfea\x00b", "x")
    with pytest.raises(DecodeError, match="NUL"):
        decode("hello world".encode("utf-16-le"), "x")


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_decode_raises_only_kg_errors(data):
    try:
        out = decode(data, "fuzz")
    except KgError:
        return
    assert isinstance(out, str)


# --- cleaning -------------------------------------------------------------------------------
def test_controls_blanked_same_length():
    text = "Talks\x00 in\x07 Geneva\x7f ended.\tThe\x0bend\r\n"
    a = art(text)
    assert a.text == text
    assert len(a.nlp_text) == len(text)
    assert a.nlp_text == "Talks  in  Geneva  ended.\tThe end \n"


def test_character_normalisations():
    text = "He said \u201cno\u201d to Ban Ki\u2011moon\u2019s `plan\u2018 on\u00a0Monday."
    a = art(text)
    assert a.nlp_text == "He said \"no\" to Ban Ki-moon's 'plan' on Monday."
    assert a.text == text


def test_furniture_blanked_same_length():
    text = "Skip to main content\nShare | Print\n\nThe envoy arrived.\n\nBack to top\nSG/SM/16168\n"
    a = art(text)
    assert len(a.nlp_text) == len(text)
    assert "Skip" not in a.nlp_text and "Share" not in a.nlp_text and "Back" not in a.nlp_text
    assert "SG/SM" not in a.nlp_text
    assert a.nlp_text.index("The envoy arrived.") == text.index("The envoy arrived.")


def test_is_furniture_lexicon():
    assert is_furniture("Go to contents")
    assert is_furniture("  PRINT  ")
    assert is_furniture("Share: ")
    assert is_furniture("AFR/3047")
    assert not is_furniture("Share prices fell.")
    assert not is_furniture("Antony J. Blinken, Secretary of State")


def test_byline_kept():
    text = "Jane Doe, Secretary of State\nToday we impose sanctions.\n"
    a = art(text)
    assert a.nlp_text == text
    assert a.title is None


def test_empty_and_whitespace_only():
    for t in ("", "   \n\t \n", "\u00a0\n"):
        with pytest.raises(EmptyInput):
            art(t)
    with pytest.raises(EmptyInput):
        art("\x00\x01\x02")
    with pytest.raises(EmptyInput):
        art("Share\nPrint\n")


@given(st.text(max_size=400))
def test_nlp_text_same_length_for_any_unicode(text):
    try:
        a = art(text)
    except EmptyInput:
        return
    assert len(a.nlp_text) == len(a.text) == len(text)
    assert a.text == text
    assert not any(ord(c) < 32 and c not in "\n\t" for c in a.nlp_text)


@given(st.text(alphabet=st.sampled_from("ab \n\x00\u2019\u00a0Share"), max_size=200))
def test_nlp_text_same_length_with_furniture_alphabet(text):
    try:
        a = art(text)
    except EmptyInput:
        return
    assert len(a.nlp_text) == len(text)


# --- title, seed -----------------------------------------------------------------------------
def test_title_and_span():
    text = "Envoys Meet in Geneva\n\n" + BODY
    a = art(text)
    assert a.title == "Envoys Meet in Geneva"
    assert a.text[a.title_span.start:a.title_span.end] == a.title


def test_no_title_when_sentence_or_not_followed_by_blank():
    assert art("Envoys met in Geneva.\n\n" + BODY).title is None
    assert art("Envoys Meet in Geneva\n" + BODY).title is None
    assert art("The following statement was issued:\n\n" + BODY).title is None
    assert art("x" * 201 + "\n\n" + BODY).title is None


def test_explicit_title_wins_and_is_located():
    text = "Envoys Meet in Geneva\n\n" + BODY
    a = art(text, title="Another  headline")
    assert a.title == "Another headline" and a.title_span is None
    b = art(text, title="Envoys Meet in Geneva")
    assert b.title_span is not None and text[b.title_span.start:b.title_span.end] == b.title


def test_repeated_headline_blanked_once():
    text = "Go to contents\n\nTalks Stall\n\nTalks Stall\n\nTalks Stall\n\nBody text here."
    a = art(text)
    assert a.title == "Talks Stall"
    assert a.nlp_text.count("Talks Stall") == 2
    first = text.index("Talks Stall")
    second = text.index("Talks Stall", first + 1)
    assert a.nlp_text[first:first + 11] == "Talks Stall"
    assert a.nlp_text[second:second + 11] == " " * 11


def test_seed_article():
    a = read_text_file(SEED)
    assert a.id == "seed-2012-02-23-un-china-defectors"
    assert a.title == "UN human rights official hits China on deporting NK defectors"
    assert a.text[a.title_span.start:a.title_span.end] == a.title
    assert a.published == date(2012, 2, 23)
    assert a.published_source == "text"
    assert a.text == SEED.read_text(encoding="utf-8")
    assert "Go to contents" not in a.nlp_text
    assert "Posted" not in a.nlp_text
    assert a.nlp_text.count("UN human rights official hits China") == 1
    assert "council's meeting" in a.nlp_text and "China's repatriation" in a.nlp_text
    assert len(a.content_hash) == 64


def test_content_hash_is_sha256_of_text():
    import hashlib
    a = art("Some text.")
    assert a.content_hash == hashlib.sha256(b"Some text.").hexdigest()


# --- publication date ---------------------------------------------------------------------------
@pytest.mark.parametrize("line, expected", [
    ("Posted February. 23, 2012 00:29,\u00a0\u00a0 \u00a0 ", date(2012, 2, 23)),
    ("21 September 2014", date(2014, 9, 21)),
    ("Friday, August 21, 2015", date(2015, 8, 21)),
    ("August 24, 2023", date(2023, 8, 24)),
    ("2012-02-23", date(2012, 2, 23)),
    ("Published: 3 March 2020 | 10:15 GMT", date(2020, 3, 3)),
    ("Updated 4 March 2020", date(2020, 3, 4)),
    ("Sept. 9, 2016 at 3:15 p.m. ET", date(2016, 9, 9)),
    ("GENEVA, Feb 23, 2012 (Reuters) - The envoy spoke.", date(2012, 2, 23)),
])
def test_pubdate_formats(line, expected):
    text = f"Some Headline\n\n{line}\n\nThe envoy spoke on Monday.\n"
    assert find_published(text) == (expected, "text")


def test_published_line_blanked_but_dateline_kept():
    a = art("Headline\n\n21 September 2014\n\nBody.")
    assert "2014" not in a.nlp_text and a.published == date(2014, 9, 21)
    text = "GENEVA, Feb 23, 2012 (Reuters) - The envoy spoke."
    assert art(text).nlp_text == text


def test_published_beats_updated():
    text = "Updated: 5 March 2020\nPublished: 3 March 2020\n\nBody."
    assert find_published(text)[0] == date(2020, 3, 3)


def test_dateline_without_year_is_not_enough():
    text = "GENEVA, Feb 23 (Reuters) - The envoy spoke.\n"
    assert find_published(text) == (None, None)
    assert find_published(text, "2012-02-20-x.txt") == (date(2012, 2, 23), "filename")


def test_no_date_from_deep_in_body_or_running_text():
    text = "Headline\n\nThe accord of 21 September 2014 was signed.\n" + "Line.\n" * 20 + "21 September 2014\n"
    assert find_published(text) == (None, None)


def test_filename_fallback_and_metadata_wins():
    assert find_published("No date here.\n", "voa-2011-07-25-x.txt") == (date(2011, 7, 25), "filename")
    assert find_published("No date here.\n", "notes.txt") == (None, None)
    a = art("21 September 2014\n\nBody.", published="2015-01-02T10:00:00Z")
    assert (a.published, a.published_source) == (date(2015, 1, 2), "metadata")
    b = art("Body.", published=date(2015, 1, 2))
    assert b.published_source == "metadata"
    with pytest.raises(InputError):
        art("Body.", published="yesterday")


def test_read_text_file_filename_date_and_slug(tmp_path):
    p = tmp_path / "VOA 2011-07-25: Donors (draft).txt"
    p.write_bytes(b"The donors met.\n")
    a = read_text_file(p)
    assert a.id == "voa-2011-07-25-donors-draft"
    assert (a.published, a.published_source) == (date(2011, 7, 25), "filename")
    q = tmp_path / "!!!.txt"
    q.write_bytes(b"Text.\n")
    b = read_text_file(q)
    assert b.id == "doc-" + b.content_hash[:12]


def test_slugify():
    assert slugify("António Guterres") == "antonio-guterres"
    assert slugify("--A__b--") == "a-b"
    assert len(slugify("x" * 500)) == 120
    assert slugify("???") == ""


# --- HTML ---------------------------------------------------------------------------------------
PAGE = b"""<!doctype html><html><head><title>Envoy Talks | Site</title>
<meta property="og:title" content="Envoys meet &amp; talk">
<meta property="article:published_time" content="2012-02-23T00:29:00+09:00">
<meta property="og:site_name" content="Daily">
<link rel="canonical" href="https://example.org/a">
<style>p { color: red }</style>
<script>var secret = "SCRIPTTEXT";</script></head>
<body><nav><a href="/">Home</a> NAVTEXT</nav>
<header><h1>Envoys meet</h1></header>
<article><p>The envoy &ldquo;arrived&rdquo; in Geneva&nbsp;on   Monday.</p>
<p>Talks<br>resumed.</p><aside>ASIDETEXT</aside><form>FORMTEXT</form></article>
<noscript>NOSCRIPTTEXT</noscript><footer>FOOTERTEXT</footer>
<script>document.write("MORESCRIPT")</script></body></html>"""


def test_html_extraction():
    a = read_html(PAGE, "pages/envoy.html")
    for bad in ("SCRIPTTEXT", "MORESCRIPT", "NAVTEXT", "ASIDETEXT", "FORMTEXT", "NOSCRIPTTEXT",
                "FOOTERTEXT", "color", "Envoy Talks"):
        assert bad not in a.text
    assert a.text == "The envoy \u201carrived\u201d in Geneva on Monday.\n\nTalks\nresumed."
    assert a.title == "Envoys meet & talk"
    assert (a.published, a.published_source) == (date(2012, 2, 23), "metadata")
    assert a.url == "https://example.org/a" and a.publisher == "Daily"
    assert a.id == "envoy"


def test_html_title_fallbacks_and_time_element():
    a = read_html(b"<html><title>T</title><body><h1>Big News</h1><time datetime='2020-03-03'>x"
                  b"</time><p>Body.</p></body></html>", "x.html")
    assert a.title == "Big News" and a.published == date(2020, 3, 3)
    assert a.text.startswith("Big News\n\n")


def test_html_only_script_is_empty():
    with pytest.raises(EmptyInput):
        read_html(b"<html><script>alert('x')</script></html>", "s.html")


# --- JSONL --------------------------------------------------------------------------------------
def test_jsonl_good_and_bad_lines(tmp_path):
    good = {"id": "A1", "text": "The envoy met the minister.", "title": "Envoy Meets",
            "published": "2012-02-23", "url": "https://e.org/1", "publisher": "P"}
    lines = [
        json.dumps(good),                                       # 1 good
        "",                                                     # 2 blank: skipped silently
        '{"id": "b", "text": "trunc',                           # 3 truncated
        "[1, 2]",                                               # 4 not an object
        json.dumps({"id": "c"}),                                # 5 missing text
        json.dumps({"id": "d", "text": "   "}),                 # 6 empty text
        json.dumps({"id": "e", "text": "ok", "published": "soon"}),  # 7 bad date
        json.dumps({"id": "f", "text": "Second good.", "published": "2012-02-23T00:29:00Z"}),
    ]
    p = tmp_path / "batch.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = list(read_jsonl(p))
    arts = [o for o in out if not isinstance(o, Quarantined)]
    bad = [o for o in out if isinstance(o, Quarantined)]
    assert [a.id for a in arts] == ["a1", "f"]
    assert arts[0].title == "Envoy Meets" and arts[0].published == date(2012, 2, 23)
    assert arts[0].source == f"{p}:1" and arts[0].url == "https://e.org/1"
    assert arts[1].published_source == "metadata"
    assert [(q.line, q.code) for q in bad] == [
        (3, "json"), (4, "not-object"), (5, "empty"), (6, "empty"), (7, "bad-field")]
    assert all(q.source == str(p) for q in bad)
    assert bad[0].one_line().startswith(f"{p}:3: ")


def test_jsonl_line_size_cap(tmp_path, monkeypatch):
    import kg.ingest.jsonl as J
    monkeypatch.setattr(J, "MAX_LINE_BYTES", 100)
    p = tmp_path / "big.jsonl"
    p.write_text(json.dumps({"id": "x", "text": "y" * 500}) + "\n"
                 + json.dumps({"id": "z", "text": "fine"}) + "\n", encoding="utf-8")
    out = list(read_jsonl(p))
    assert isinstance(out[0], Quarantined) and (out[0].line, out[0].code) == (1, "too-large")
    assert out[1].id == "z" and out[1].source.endswith(":2")


def test_jsonl_invalid_bytes_line(tmp_path):
    p = tmp_path / "b.jsonl"
    p.write_bytes(b'{"id": "a", "text": "caf\xe9"}\n{"id": "b", "text": "ok"}\n')
    out = list(read_jsonl(p))
    assert (out[0].line, out[0].code) == (1, "decode") and out[1].id == "b"


# --- folders, globs, gz -------------------------------------------------------------------------
def test_iter_inputs_folder(tmp_path):
    (tmp_path / "good.txt").write_text("The envoy spoke.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad.txt").write_bytes(b"ok \xff\xfe\xfd")
    (tmp_path / ".hidden.txt").write_text("hidden\n")
    (tmp_path / "x.gold.json").write_text("{}")
    (tmp_path / "notes.csv").write_text("a,b\n")
    out = list(iter_inputs([str(tmp_path)]))
    arts = [o for o in out if not isinstance(o, Quarantined)]
    bad = sorted((Path(q.source).name, q.code) for q in out if isinstance(q, Quarantined))
    assert len(arts) == 1 and arts[0].id == "good"
    assert bad == [("bad.txt", "decode"), ("empty.txt", "empty")]


def test_iter_inputs_missing_glob_unknown_ext_and_dedup(tmp_path):
    (tmp_path / "a.txt").write_text("Alpha text.\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("Beta text.\n")
    (tmp_path / "c.data").write_text("Gamma text.\n")
    out = list(iter_inputs([str(tmp_path / "nope.txt"), str(tmp_path / "*.txt"),
                            str(tmp_path), str(tmp_path / "c.data"), str(tmp_path / "zz*")]))
    assert isinstance(out[0], Quarantined) and out[0].code == "missing"
    assert [o.id for o in out[1:4]] == ["a", "b", "c"]
    assert isinstance(out[4], Quarantined) and out[4].code == "missing"
    assert len(out) == 5


def test_iter_inputs_gz_and_cap(tmp_path):
    (tmp_path / "ok.txt.gz").write_bytes(gzip.compress(b"The envoy spoke.\n"))
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * (60 * 1024 * 1024)))
    (tmp_path / "corrupt.html.gz").write_bytes(b"\x1f\x8b\x08garbage")
    (tmp_path / "lines.jsonl.gz").write_bytes(
        gzip.compress(b'{"id": "j", "text": "Jsonl text."}\n'))
    out = list(iter_inputs([str(tmp_path)]))
    arts = {o.id for o in out if not isinstance(o, Quarantined)}
    bad = {Path(q.source).name: q.code for q in out if isinstance(q, Quarantined)}
    assert arts == {"ok", "j"}
    assert bad == {"bomb.txt.gz": "too-large", "corrupt.html.gz": "bad-input"}


def test_read_bytes_caps(tmp_path, monkeypatch):
    p = tmp_path / "big.txt"
    p.write_bytes(b"x" * 2000)
    monkeypatch.setattr(decode_mod, "MAX_FILE_BYTES", 1000)
    with pytest.raises(InputTooLarge):
        decode_mod.read_bytes(p)
    with pytest.raises(InputError, match="no such file"):
        decode_mod.read_bytes(tmp_path / "missing.txt")


# ---------------------------------------------------------------- title-case headlines
TITLE_CASE_STORY = ("Norway Expels Two Russian Diplomats For Spying\n\n"
                    "Norway on Friday expelled two Russian diplomats it accused of spying. The diplomats "
                    "must leave within a week, the Norwegian foreign ministry said.\n")


def test_a_title_case_headline_is_parsed_in_sentence_case():
    a = article_from_text(TITLE_CASE_STORY, doc_id="t")
    assert a.text == TITLE_CASE_STORY and len(a.nlp_text) == len(a.text)
    head = a.nlp_text[a.title_span.start:a.title_span.end]
    # names the story capitalises stay; words it writes in lower case, act verbs and small words do not
    assert head == "Norway expels two Russian diplomats for spying"
    assert a.title == "Norway Expels Two Russian Diplomats For Spying"
    assert a.nlp_text[a.title_span.end:] == a.text[a.title_span.end:]


@pytest.mark.parametrize("headline", [
    "Norway expels two Russian diplomats",        # sentence case already
    "NORWAY EXPELS DIPLOMATS",                    # capitals: no case to read
])
def test_other_headlines_are_left_as_written(headline):
    text = headline + "\n\nNorway on Friday expelled two Russian diplomats.\n"
    a = article_from_text(text, doc_id="t")
    assert a.nlp_text[a.title_span.start:a.title_span.end] == headline


def test_the_act_of_a_title_case_headline_is_read(pipeline):
    r = pipeline.process(article_from_text(
        "Kenya Recalls Ambassador From Somalia\n\nKenya has recalled its ambassador to Somalia over "
        "a border row, the foreign ministry said on Monday.\n", doc_id="t"))
    head = [s for s in r.records.statements if s.span.start < len("Kenya Recalls Ambassador From Somalia")]
    assert [(s.speaker, s.act, s.addressee) for s in head] == [("KEN", "SANCTION", "SOM")]
    assert r.records.article.text.startswith("Kenya Recalls Ambassador")  # evidence is the text as written

"""Decoding and HTML (RELIABILITY.md I1, I4): UTF-32 with a byte-order mark is read as UTF-32
(not as UTF-16 with NULs); no script, style, navigation, form-field or embedded-object text
reaches any literal, the title included."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS

from conftest import run_kg
from kg.ingest.decode import decode
from kg.ingest.html import read_html

TEXT = "Seoul talks\n\nSeoul urged Beijing to stop the forced repatriation of defectors.\n"


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_with_a_byte_order_mark(codec):
    data = ("\ufeff" if codec != "utf-32" else "").encode(codec) + TEXT.encode(codec)
    assert data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
    assert decode(data, "x.txt").lstrip("\ufeff") == TEXT


def test_utf32_file_builds_without_nuls(tmp_path):
    (tmp_path / "u32.txt").write_bytes(TEXT.encode("utf-32"))   # Python writes the BOM (FF FE 00 00)
    p = run_kg("build", tmp_path / "u32.txt", "--out", tmp_path / "out", "--workers", "0", timeout=300)
    assert p.returncode in (0, 1), p.stderr
    g = Graph().parse(tmp_path / "out" / "u32.ttl", format="turtle")
    literals = [str(o) for o in g.objects() if isinstance(o, Literal)]
    assert not any("\x00" in x for x in literals)
    assert "Seoul talks" in {str(t) for t in g.objects(None, DCTERMS.title)}


FURNITURE = ("alert(1)", "color:red", "Home | World", "Home > World", "News Asia", "Comment here",
             "Flash fallback", "secret", "var x", "Search this site", "Share this")
PAGE = """<html><head><title>Seoul talks<script>var x = 1;</script><style>.t{color:red}</style></title></head>
<body>
<h1>Seoul talks<script>alert(1)</script><style>.a{color:red}</style><nav>Home | World</nav></h1>
<div role="navigation">Home &gt; World</div>
<ol class="breadcrumb"><li>News<li>Asia</ol>
<div role="search">Search this site</div>
<p>Seoul urged Beijing to stop the forced repatriation of defectors.
<p>The ministry said talks would resume.<textarea>Comment here</textarea>
<object data="x.swf">Flash fallback</object>
<div hidden>secret</div>
<div class="share social">Share this</div>
<p>Officials met in Geneva on Monday.</p>
</body></html>"""


def test_furniture_never_reaches_the_text_or_title():
    a = read_html(PAGE.encode(), "page.html")
    assert a.title == "Seoul talks"
    for junk in FURNITURE:
        assert junk not in a.text, junk
    assert "stop the forced repatriation" in a.text and "Officials met in Geneva" in a.text


def test_title_element_alone_without_script_or_style():
    a = read_html(b"<title>Only <b>title</b><script>x()</script><style>y</style></title>"
                  b"<p>Seoul urged Beijing to act.</p>", "t.html")
    assert a.title == "Only title"


def test_unclosed_elements_and_stray_end_tags():
    a = read_html(b"<div><nav><ul><li>Menu one<li>Menu two</nav></div></span>"
                  b"<p>Seoul urged Beijing to act.<p>More text.</div>", "u.html")
    assert "Menu" not in a.text and a.text == "Seoul urged Beijing to act.\n\nMore text."


def test_no_furniture_literal_in_the_built_graph(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    p = run_kg("build", tmp_path / "page.html", "--out", tmp_path / "out", "--workers", "0", timeout=300)
    assert p.returncode in (0, 1), p.stderr
    g = Graph().parse(tmp_path / "out" / "page.ttl", format="turtle")
    literals = [str(o) for o in g.objects() if isinstance(o, Literal)]
    for junk in FURNITURE:
        assert not any(junk in x for x in literals), junk
    assert {str(t) for t in g.objects(None, DCTERMS.title)} == {"Seoul talks"}

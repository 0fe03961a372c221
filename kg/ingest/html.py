"""HTML -> Article with the standard library's html.parser.

The Article's ``text`` is the *extracted* text, not the HTML source: every offset in the
records refers to this extracted text. Extraction drops script, style, nav, header,
footer, aside, form, noscript (and template, svg, iframe, button, select, textarea, object,
embed, media, dialog, menu), elements marked ``hidden``, elements whose ARIA role is page
furniture (navigation, banner, contentinfo, complementary, search, menus, toolbars) and
elements of navigation classes (breadcrumb, nav, menu, share …); entities are decoded; block elements (p, div, h1-h6, li, blockquote, td, ...) become paragraphs
separated by one blank line, whitespace inside a paragraph collapses to one space and
``<br>`` becomes a newline.

Metadata: title = og:title, else the first <h1>, else <title> (neither with the text of a
skipped element inside it); published =
article:published_time (or another date meta, JSON-LD datePublished, or the first
<time datetime>), source "metadata"; url = canonical link or og:url; publisher =
og:site_name. Bytes are decoded as UTF-8/BOM-UTF-16 only (see decode.py): a page in
another charset is refused, never guessed.
"""
from __future__ import annotations

import json
import os
from html.parser import HTMLParser

from kg.ingest.decode import decode
from kg.ingest.pubdate import parse_date_value
from kg.ingest.text import article_from_text, doc_id_for, file_stem
from kg.model import Article

SKIP = frozenset({"script", "style", "nav", "header", "footer", "aside", "form", "noscript",
                  "template", "svg", "iframe", "button", "select", "title", "textarea", "object",
                  "embed", "applet", "canvas", "audio", "video", "map", "dialog", "menu", "datalist",
                  "math"})
#: WAI-ARIA landmark and widget roles of page furniture (WAI-ARIA 1.2, section 5.3)
SKIP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "form",
                        "menu", "menubar", "toolbar", "tablist", "dialog", "alertdialog"})
#: class names that mark navigation on news sites (whole class tokens, lower-cased)
SKIP_CLASSES = frozenset({"breadcrumb", "breadcrumbs", "nav", "navbar", "navigation", "menu",
                          "skip-link", "share", "sharing", "social-share", "cookie-banner"})
#: elements without an end tag: never on the stack of open elements
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})
BLOCK = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre",
    "section", "article", "main", "table", "tr", "td", "th", "dd", "dt", "dl", "figure",
    "figcaption", "hr", "address", "caption", "body", "center", "details", "summary",
})
DATE_META = ("article:published_time", "og:published_time", "datepublished", "date",
             "pubdate", "publishdate", "publish-date", "dc.date.issued", "dc.date",
             "dcterms.date", "dcterms.issued", "sailthru.date", "parsely-pub-date")
_BR = "\x00"  # marker inside a paragraph buffer; never in output


def _skipped(tag: str, a: dict) -> bool:
    """Is the element page furniture (or hidden), whose text must reach no literal?"""
    if tag in SKIP or "hidden" in a or a.get("role", "").strip().lower() in SKIP_ROLES:
        return True
    return not SKIP_CLASSES.isdisjoint(a.get("class", "").lower().split())


class _Extractor(HTMLParser):
    """Text and metadata of a page. A stack of open elements says which are skipped: an end
    tag closes everything opened after its element (unclosed <p>, <li> …); a stray end tag
    is ignored. Title, <h1> and JSON-LD are captured without the text of skipped elements
    inside them (a <script> or <nav> inside <h1>)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paras: list[str] = []
        self.buf: list[str] = []
        self.stack: list[tuple[str, bool]] = []
        self.skip = 0
        self.meta: dict[str, str] = {}
        self.title = self.h1 = None
        self.times: list[str] = []
        self.ld: list[str] = []
        self._in: str | None = None  # "title", "h1" or "ld" while capturing
        self._cap: list[str] = []
        self._cap_at = (0, 0)        # (stack depth, skip count) of the captured element
        self.canonical = None

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and "content" in a:
                self.meta.setdefault(key, a["content"])
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href")
            return
        if tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"])
        skipped = _skipped(tag, a)
        if tag not in VOID:
            self.stack.append((tag, skipped))
            self.skip += skipped
        if self._in is None:
            if tag == "title" and self.title is None or tag == "h1" and self.h1 is None and not self.skip:
                self._in, self._cap, self._cap_at = tag, [], (len(self.stack), self.skip)
            elif tag == "script" and "ld+json" in a.get("type", "").lower():
                self._in, self._cap, self._cap_at = "ld", [], (len(self.stack), self.skip)
        if tag == "br" and not self.skip:
            self.buf.append(_BR)
        elif tag in BLOCK:
            self._flush()

    def handle_endtag(self, tag):
        if not any(t == tag for t, _ in self.stack):
            return                      # a stray end tag
        while self.stack:
            t, skipped = self.stack.pop()
            self.skip -= skipped
            if self._in is not None and len(self.stack) < self._cap_at[0]:
                self._end_capture()
            if t == tag:
                break
        if tag in BLOCK:
            self._flush()

    def _end_capture(self):
        text = "".join(self._cap)
        if self._in == "ld":
            self.ld.append(text)
        else:
            setattr(self, self._in, " ".join(text.split()) or None)
        self._in = None

    def handle_data(self, data):
        if self._in and self.skip == self._cap_at[1]:
            self._cap.append(data)
        if not self.skip:
            self.buf.append(data.replace(_BR, " "))

    def _flush(self):
        if self.skip:
            return
        raw = "".join(self.buf)
        self.buf = []
        parts = [" ".join(p.split()) for p in raw.split(_BR)]
        para = "\n".join(p for p in parts if p)
        if para:
            self.paras.append(para)

    def close(self):
        super().close()
        if self._in is not None:
            self._end_capture()
        self.stack.clear()
        self.skip = 0
        self._flush()


def _ld_date(blobs: list[str]):
    for blob in blobs:
        try:
            stack = [json.loads(blob)]
        except (ValueError, RecursionError):
            continue
        while stack:
            obj = stack.pop()
            if isinstance(obj, dict):
                if isinstance(obj.get("datePublished"), str):
                    return obj["datePublished"]
                stack.extend(obj.values())
            elif isinstance(obj, list):
                stack.extend(obj)
    return None


def _first_date(values):
    for v in values:
        try:
            d = parse_date_value(v)
        except ValueError:
            continue
        if d:
            return d
    return None


def read_html(data: bytes | str, source: str) -> Article:
    """Extract an Article from an HTML page (bytes are decoded strictly; see decode.py)."""
    html = decode(data, source) if not isinstance(data, str) else data
    p = _Extractor()
    p.feed(html)
    p.close()
    text = "\n\n".join(p.paras)
    meta = p.meta
    title = meta.get("og:title") or p.h1 or p.title
    published = _first_date([meta[k] for k in DATE_META if meta.get(k)]
                            + [_ld_date(p.ld) or ""] + p.times)
    name = os.path.basename(source.rstrip("/")) if source else ""
    return article_from_text(
        text, doc_id=doc_id_for(file_stem(name), text) if name else "", source=source,
        title=title, published=published, url=p.canonical or meta.get("og:url"),
        publisher=meta.get("og:site_name"), filename=name or None,
    )

"""HTML page -> the article's text and metadata; linear in the input, whatever the markup.

``read_html(html, url=None)`` -> ``HtmlText``: trafilatura finds the main content (the
article body without navigation, "most read" boxes, comments, cookie banners and
footers) and the page's metadata (title, author, date, site name, canonical URL). When
it finds no body (a fragment, a tiny page), or the page has more than
:data:`MAX_MAIN_ELEMENTS` elements, the visible-text reader takes over.

``html_to_text(html)`` -> ``(title, text)`` is that visible-text reader: scripts,
styles, templates, hidden elements, navigation, headers and footers of the page, asides,
forms and elements whose class, id or role name them as boilerplate (cookie notices,
share bars, newsletters, "related"/"most read" boxes) are dropped.

Both parse with lxml (libxml2's HTML parser: linear in the input, and it gives up past
256 levels of nesting rather than recursing; CPython's ``html.parser`` before gh-135462
is quadratic on runs of unterminated tags). Text comes out one paragraph per line, with a
blank line between paragraphs: inline markup (bold, links, spans) never breaks a line.
"""
from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from .header import Byline

log = logging.getLogger(__name__)

MAX_MAIN_ELEMENTS = 20_000
"""Pages with more elements than this are read as visible text, without trafilatura.

trafilatura's cost grows by ~0.1-0.25 ms per element in its fast, precise mode
(measured: 1 MB pages of 50k-100k elements took 7-15 s; its justext and readability
fallbacks, which this reader does not use, are quadratic: 100 KB of list items, 30 s).
News pages have a few thousand elements."""

# Elements whose content is never read: code, media, controls, and the document head.
_SKIP = frozenset({"script", "style", "template", "noscript", "svg", "math", "iframe", "object",
                   "embed", "canvas", "select", "option", "button", "textarea", "input", "head",
                   "audio", "video", "map"})
# Page furniture, dropped wherever it is; <header> only outside <article> and <main>.
_FURNITURE = frozenset({"nav", "footer", "aside", "form", "dialog", "menu"})
_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu",
                    "menubar", "dialog", "alertdialog"})
# Words of class and id values that name boilerplate ("cookie-banner", "share_bar", "mostRead").
_BOILERPLATE_WORDS = frozenset({
    "nav", "navbar", "navigation", "menu", "footer", "sidebar", "cookie", "cookies", "consent",
    "gdpr", "newsletter", "subscribe", "subscription", "share", "sharing", "related", "popular",
    "trending", "mostread", "mostpopular", "comments", "comment", "breadcrumb", "breadcrumbs",
    "promo", "advert", "advertisement", "ads", "sponsored", "outbrain", "taboola", "paywall",
    "skiplink"})
_BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
                    "section", "article", "header", "footer", "blockquote", "title", "dt", "dd",
                    "figcaption", "figure", "pre", "hr", "main", "aside", "nav", "table", "ul", "ol",
                    "dl", "address", "details", "summary", "caption", "body", "html", "center"})
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_PARAGRAPHS = re.compile(r"\n\s*\n")

# trafilatura's output tree: blocks (a paragraph each), table cells, and inline elements.
_MAIN_BLOCKS = frozenset({"p", "head", "item", "quote", "code", "row", "list", "table", "div",
                          "section", "lb", "graphic", "body", "doc", "main", "comments"})
_MAIN_CELLS = frozenset({"cell", "td", "th"})


@dataclass(frozen=True, slots=True)
class HtmlText:
    """What a page yields: its text (paragraphs separated by blank lines), the metadata
    found (``title``, ``author``, ``date``, ``publisher``, ``url``; strings) and the name
    and version of the extractor that produced the text."""

    text: str
    meta: dict[str, str] = field(default_factory=dict)
    extractor: str = ""


def read_html(html: str, url: str | None = None) -> HtmlText:
    """The article of an HTML page: main content and metadata, else the visible text.

    ``url`` (where the page was fetched) resolves relative links and is the canonical
    URL when the page declares none.
    """
    tree = parse_html(html)
    if tree is None:
        return HtmlText("", {}, visible_text_extractor())
    elements = sum(1 for _ in tree.iter())
    byline = _dom_byline(tree)
    if elements <= MAX_MAIN_ELEMENTS:
        found = _main_content(_without_unseen(copy.deepcopy(tree)), url)
        if found is not None:
            return _with_byline(found, byline)
    else:
        log.info("%s: %s elements; read as visible text (main-content extraction stops at %s)",
                 url or "page", f"{elements:,}", f"{MAX_MAIN_ELEMENTS:,}")
    title, text = _visible_text(tree)
    meta = {"title": title} if title else {}
    if elements <= MAX_MAIN_ELEMENTS:
        meta.update(_page_metadata(tree, url))
    elif url:
        meta.setdefault("url", url)
    return _with_byline(HtmlText(_drop_title_line(text, meta.get("title")), meta, visible_text_extractor()),
                        byline)


def _with_byline(page: HtmlText, byline: Byline | None) -> HtmlText:
    """The page's byline fills the author, date and publisher its metadata lacks."""
    if byline is None:
        return page
    meta = dict(page.meta)
    for key, value in (("author", byline.author), ("date", byline.date), ("publisher", byline.publisher)):
        if value:
            meta.setdefault(key, value)
    return HtmlText(page.text, meta, page.extractor)


_BYLINE_TAGS = ("p", "div", "span", "address", "li", "small", "strong", "em", "time", "h2", "h3",
                "h4", "h5", "h6", "a", "section", "header")
_BYLINE_CLASS = re.compile(r"byline|author|dateline|credit", re.I)


def _dom_byline(tree: HtmlElement, limit: int = 3000) -> Byline | None:
    """The first element of the page that reads as a byline ("By Ana Ruiz, March 4, 2021";
    "Ana Ruiz | March 4, 2021" in an element whose class or id says byline or author).
    Only small elements (a few descendants) are read, and at most ``limit`` of them."""
    from .header import read_byline

    seen = 0
    for el in tree.iter(*_BYLINE_TAGS):
        seen += 1
        if seen > limit:
            break
        if next(islice(el.iterdescendants(), 8, None), None) is not None:
            continue  # more than 8 descendants: a container, not a byline
        text = " ".join(el.text_content().split())
        if not 4 <= len(text) <= 200:
            continue
        found = read_byline(text)
        if found is None and _BYLINE_CLASS.search(el.get("class", "") + " " + el.get("id", "")):
            found = read_byline(text, require_by=False)
        if found is not None:
            return found
    return None


def html_to_text(html: str) -> tuple[str | None, str]:
    """``(title, visible text)`` of an HTML page or fragment (see the module docstring)."""
    tree = parse_html(html)
    if tree is None:
        return None, ""
    return _visible_text(tree)


def parse_html(html: str) -> HtmlElement | None:
    """The lxml tree of ``html`` (comments and processing instructions dropped), or ``None``
    for a document without any element."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    data = html.encode("utf-8", "replace")  # bytes: a str may not carry an XML encoding declaration
    try:
        tree = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):  # "Document is empty"
        return None
    if any("Excessive depth" in e.message for e in parser.error_log):
        log.warning("HTML nested deeper than 256 levels: the parser stopped there and the rest "
                    "of the page is not read")
    return tree


@lru_cache(maxsize=1)
def visible_text_extractor() -> str:
    import lxml

    return f"kg visible text (lxml {lxml.__version__})"


@lru_cache(maxsize=1)
def main_content_extractor() -> str:
    import trafilatura

    return f"trafilatura {trafilatura.__version__}"


# ------------------------------------------------------------------ visible text

def _is_boilerplate(el: HtmlElement, tag: str, in_content: int) -> bool:
    if tag in _FURNITURE or (tag == "header" and not in_content):
        return True
    attrib = el.attrib
    if not attrib:
        return False
    if "hidden" in attrib or attrib.get("aria-hidden", "").lower() == "true":
        return True
    if attrib.get("role", "").lower() in _ROLES:
        return True
    if _HIDDEN_STYLE.search(attrib.get("style", "")[:500]):
        return True
    names = (attrib.get("class", "")[:500] + " " + attrib.get("id", "")[:200])
    words = [w for w in _WORD_SPLIT.split(_CAMEL.sub(" ", names).lower()) if w]
    if any(w in _BOILERPLATE_WORDS for w in words):
        return True
    return any(a + b in _BOILERPLATE_WORDS for a, b in pairwise(words))


def _visible_text(tree: HtmlElement) -> tuple[str | None, str]:
    from lxml import etree

    title_el = tree.find(".//title")
    title = " ".join((title_el.text_content() if title_el is not None else "").split()) or None
    parts: list[str] = []
    skipped: object = None  # the element whose subtree is being left out
    in_content = 0  # open <article> / <main> elements
    walker = etree.iterwalk(tree, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _SKIP or _is_boilerplate(el, tag, in_content):
                skipped = el
                walker.skip_subtree()
                continue
            if tag in ("article", "main"):
                in_content += 1
            if tag in _BLOCK:
                parts.append("\n\n")
            if el.text:
                parts.append(el.text)
        else:
            if el is skipped:
                skipped = None
                parts.append("\n\n" if tag in _BLOCK or tag in _FURNITURE else " ")
            else:
                if tag in ("article", "main"):
                    in_content -= 1
                if tag in _BLOCK:
                    parts.append("\n\n")
            if el.tail:
                parts.append(el.tail)
    return title, _tidy("".join(parts))


def _without_unseen(tree: HtmlElement) -> HtmlElement:
    """``tree`` without what a reader never sees (templates, media, controls, hidden
    elements); JSON-LD scripts stay, for the metadata they hold."""
    unseen = [el for el in tree.iter()
              if isinstance(el.tag, str) and el.getparent() is not None
              and ((el.tag in _SKIP and el.tag != "head"
                    and not (el.tag == "script" and "ld+json" in el.get("type", "")))
                   or "hidden" in el.attrib or el.get("aria-hidden", "").lower() == "true"
                   or _HIDDEN_STYLE.search(el.get("style", "")[:500]))]
    for el in unseen:
        if el.getparent() is not None:  # not inside an element dropped already
            el.drop_tree()
    return tree


def _tidy(text: str) -> str:
    """Spaces collapsed, one paragraph per line, a blank line between paragraphs."""
    lines = (_SPACES.sub(" ", para).strip() for para in _PARAGRAPHS.split(text))
    return "\n\n".join(" ".join(p.split("\n")) for p in lines if p)


# ------------------------------------------------------------------ main content

_DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": "2099-12-31"}
"""htmldate's settings: the published date from the page's markup and URL only (no guess
from text such as a copyright year), and a fixed upper bound so the result does not depend
on the day of the build."""


class _NoDiscardWarning(logging.Filter):
    """trafilatura warns "discarding data" when it finds no body; here that is the normal
    way to the visible-text reader, not a problem to report."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("discarding data")


@lru_cache(maxsize=1)
def _quiet_trafilatura() -> None:
    logging.getLogger("trafilatura.core").addFilter(_NoDiscardWarning())


def _main_content(tree: HtmlElement, url: str | None) -> HtmlText | None:
    from lxml import etree
    from trafilatura import bare_extraction

    _quiet_trafilatura()
    try:
        doc = bare_extraction(tree, url=url, fast=True, favor_precision=True, include_comments=False,
                              include_tables=True, deduplicate=False, with_metadata=True,
                              date_extraction_params=dict(_DATE_PARAMS))
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, RecursionError,
            etree.LxmlError) as err:  # a failure of the library on odd markup: read it as visible text
        log.warning("%s: main-content extraction failed (%s: %s); read as visible text",
                    url or "page", type(err).__name__, err)
        return None
    if doc is None or isinstance(doc, dict) or doc.body is None:
        return None
    text = _main_text(doc.body)
    if not text:
        return None
    meta = _document_meta(doc, url)
    return HtmlText(_drop_title_line(text, meta.get("title")), meta, main_content_extractor())


def _main_text(body: object) -> str:
    """trafilatura's body tree -> one paragraph per line (its own ``text`` splits a paragraph
    at every bold run when its baseline fallback produced it)."""
    from lxml import etree

    parts: list[str] = []
    for event, el in etree.iterwalk(body, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _MAIN_BLOCKS:
                parts.append("\n\n")
            elif tag in _MAIN_CELLS:
                parts.append("; ")
            if el.text:
                parts.append(el.text)
        else:
            if tag in _MAIN_BLOCKS:
                parts.append("\n\n")
            if el.tail:
                parts.append(el.tail)
    paragraphs = []
    for para in _tidy("".join(parts)).split("\n\n"):
        para = para.strip("; ").replace(" ; ", "; ")
        if para:
            paragraphs.append(para)
    return "\n\n".join(paragraphs)


def _document_meta(doc: object, url: str | None) -> dict[str, str]:
    meta: dict[str, str] = {}
    title = getattr(doc, "title", None)
    author = clean_author(getattr(doc, "author", None) or "")
    date = getattr(doc, "date", None)
    site = getattr(doc, "sitename", None)
    canonical = getattr(doc, "url", None) or url
    if isinstance(canonical, str) and not re.match(r"(?i)https?://", canonical):
        canonical = url  # a relative link in a saved page names no place
    for key, value in (("title", title), ("author", author), ("date", date), ("publisher", site),
                       ("url", canonical)):
        if isinstance(value, str) and value.strip():
            meta[key] = " ".join(value.split())
    return meta


def _page_metadata(tree: HtmlElement, url: str | None) -> dict[str, str]:
    """Metadata of a page whose body trafilatura did not find (its title, author, date...)."""
    from lxml import etree
    from trafilatura import extract_metadata

    try:
        doc = extract_metadata(tree, default_url=url, date_config=dict(_DATE_PARAMS), extensive=False)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, RecursionError,
            etree.LxmlError) as err:
        log.warning("%s: metadata extraction failed (%s: %s)", url or "page", type(err).__name__, err)
        return {"url": url} if url else {}
    return _document_meta(doc, url)


_MONTH = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?", re.I)


def clean_author(value: str) -> str | None:
    """An author field as pages give it -> names only: ``"By Ana Ruiz; March 4"`` -> ``"Ana Ruiz"``.

    Parts (split at ``;``) that hold digits or a month name are dates, not names; a
    leading "By" is dropped.
    """
    names = []
    for part in value.split(";"):
        part = re.sub(r"^\s*by\s+", "", part.strip(), flags=re.I).strip(" ,|")
        if not part or any(c.isdigit() for c in part) or _MONTH.fullmatch(part):
            continue
        if part not in names:
            names.append(part)
    return "; ".join(names) or None


def _drop_title_line(text: str, title: str | None) -> str:
    """The text without a first paragraph that only repeats the title (it is metadata)."""
    if not title:
        return text
    first, sep, rest = text.partition("\n\n")
    if sep and _same(first, title):
        return rest
    return text


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", " ", s.casefold()).split())

    return norm(a) == norm(b)

"""URLs, URL lists and fetched bodies -> ``Article``s; a failed fetch is one ``Skipped``.

``read_url(url, fetcher)`` fetches one URL (``fetch``) and reads what came back by its
content type: an HTML page (``html``: main content and metadata), an RSS or Atom feed
(``feeds``: its items' articles), plain text or Markdown. Anything else (images, PDFs,
JSON...) is skipped with its content type. ``read_url_list`` does it for every line of a
file listing URLs. An article read from the web has ``source`` = the URL requested,
``url`` = the page's canonical URL (else where the redirects ended), ``fetched`` = when
its body was received, and ``extractor`` = what produced its text.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..models import Article, Skipped
from .articles import articles_from_text
from .feeds import ItemReader, read_feed
from .fetch import Fetched, Fetcher, FetchError
from .html import read_html
from .markdown import markdown_extractor, markdown_to_text
from .text import decode

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://\S+$")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_\-:.]{1,40})""", re.I)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/xml", "text/xml", "application/feed+xml", "application/x-rss+xml"})
TEXT_TYPES = frozenset({"text/plain"})
MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown"})
PLAIN_TEXT = "plain text"


def is_url(text: str) -> bool:
    """Whether a command-line input is a URL (``scheme://...``) rather than a path."""
    return bool(_URL.match(text.strip()))


def url_lines(text: str) -> list[tuple[int, str]] | None:
    """``(line number, URL)`` of a file listing URLs (one a line; blank lines and ``#``
    comments allowed), or ``None`` when the text is not such a list."""
    found: list[tuple[int, str]] = []
    for n, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line):
            return None
        found.append((n, line))
    return found or None


def decode_body(got: Fetched) -> str:
    """The body as text: the charset the server declared, else a ``<meta charset>``, else
    detection (``text.decode``). Raises ``ValueError`` for binary or empty bodies."""
    for charset in (got.charset, _meta_charset(got.body)):
        if charset:
            try:
                text = got.body.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
            return decode(text.encode("utf-8"), got.url)  # the same refusals of binary data
    return decode(got.body, got.url)


def _meta_charset(body: bytes) -> str | None:
    m = _META_CHARSET.search(body[:4096])
    return m.group(1).decode("ascii") if m else None


def kind_of(got: Fetched) -> str | None:
    """``"html"``, ``"feed"``, ``"text"``, ``"markdown"``, or ``None`` (not readable)."""
    media = got.media_type
    if media in HTML_TYPES:
        return "html"
    if media in FEED_TYPES or (media.endswith("+xml") and ("rss" in media or "atom" in media)):
        return "feed"
    if media in MARKDOWN_TYPES or (media in TEXT_TYPES and got.final_url.lower().endswith((".md", ".markdown"))):
        return "markdown"
    if media in TEXT_TYPES:
        return "text"
    if not media:  # no Content-Type: sniff
        head = got.body[:1024].lstrip().lower()
        if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf:rdf")):
            return "feed"
        if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
            return "html"
    return None


def read_url(url: str, fetcher: Fetcher, **item: str | None) -> Iterator[Article | Skipped]:
    """The articles at ``url``: a page's article, or a feed's items' articles.

    ``item`` is metadata that wins over the page's (a feed item's title, author, date).
    """
    try:
        got = fetcher.get(url)
    except FetchError as err:
        yield Skipped(url, str(err))
        return
    kind = kind_of(got)
    if kind is None:
        media = got.media_type or "missing"
        yield Skipped(url, f"content type {media} is not a web page, text or feed")
        return
    if kind == "feed":
        if item:  # a feed item's link leads to another feed: not followed
            yield Skipped(url, "a feed item's link is itself a feed; not followed")
            return
        yield from read_feed(got.body, url, fetch_item=item_reader(fetcher), fetched=got.fetched,
                             base=got.final_url, since=fetcher.options.since)
        return
    yield from fetched_articles(got, **item)


def item_reader(fetcher: Fetcher) -> ItemReader:
    """What a feed calls to read an item's link: ``read_url`` with ``fetcher``."""
    def read(link: str, **meta: str | None) -> Iterator[Article | Skipped]:
        return read_url(link, fetcher, **meta)

    return read


def fetched_articles(got: Fetched, **item: str | None) -> Iterator[Article | Skipped]:
    """The article of a fetched page, text or Markdown document."""
    try:
        text = decode_body(got)
    except ValueError as err:
        yield Skipped(got.url, str(err))
        return
    kind = kind_of(got) or "text"
    meta: dict[str, str | None] = {}
    if kind == "html":
        page = read_html(text, url=got.final_url)
        text, meta, extractor = page.text, dict(page.meta), page.extractor
    elif kind == "markdown":
        found, text = markdown_to_text(text)
        meta, extractor = dict(found), markdown_extractor()
    else:
        extractor = PLAIN_TEXT
    meta.setdefault("url", got.final_url)
    meta.update({k: v for k, v in item.items() if v})
    meta.update(extractor=extractor, fetched=got.fetched)
    yield from articles_from_text(text, got.url, **meta)


def read_url_list(text: str, source: str, fetcher: Fetcher) -> Iterator[Article | Skipped]:
    """The articles of every URL in a URL list (``url_lines``)."""
    for n, url in url_lines(text) or []:
        if not url.lower().startswith(("http://", "https://")):
            yield Skipped(f"{source}:{n}", f"only http and https URLs are fetched, not {url.split(':', 1)[0]}: URLs")
            continue
        yield from read_url(url, fetcher)

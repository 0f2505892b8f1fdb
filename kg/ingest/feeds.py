"""An RSS or Atom feed -> its items' ``Article``s (feedparser).

Each item becomes one article with the item's title, author and date (they win over
what the page says). When the item carries the full text (``content:encoded`` or Atom
``content`` of at least :data:`CONTENT_CHARS` characters of text, or a ``description`` of
at least :data:`FULL_TEXT_CHARS`), that text is the article; otherwise the item's link
is fetched and read as a web page. Items published before ``since`` (an ISO date) are left out; items without a date
are kept. The feed's title is the publisher when neither the item nor the page names one.

feedparser only ever gets bytes here, never a URL or a path: it would fetch URLs itself,
past every check of ``fetch``. It refuses external entities and DTDs.
"""
from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ..models import Article, Skipped
from .articles import articles_from_text
from .html import html_to_text, visible_text_extractor

log = logging.getLogger(__name__)

FULL_TEXT_CHARS = 500
"""An item whose description is at least this long is read as the article, without fetching its link."""
CONTENT_CHARS = 200
"""The same for an item's content (``content:encoded``, Atom ``content``), which feeds use for the full text."""


def _iso_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
    return None


def _item_text(entry: Any) -> tuple[str, str, bool]:
    """The longest text the item carries, as plain text: ``(text, what read it, whether it
    is the full article)``."""
    candidates = [(c, CONTENT_CHARS) for c in entry.get("content") or () if isinstance(c, dict)]
    summary = entry.get("summary_detail") or ({"value": entry.get("summary"), "type": "text/html"}
                                              if entry.get("summary") else None)
    if summary:
        candidates.append((summary, FULL_TEXT_CHARS))
    best = ("", "", False)
    for c, enough in candidates:
        value = c.get("value") or ""
        if not value.strip():
            continue
        if "html" in (c.get("type") or "text/html"):  # the article itself: no page furniture to find
            _, text = html_to_text(value)
            extractor = visible_text_extractor()
        else:
            text, extractor = value.strip(), "plain text"
        if len(text) > len(best[0]):
            best = (text, extractor, len(text) >= enough)
    return best


def _author(entry: Any) -> str | None:
    """The item's author's name ("desk@site.example (Ana Ruiz)" -> "Ana Ruiz"; feedparser's own
    split of that form cuts the name at the wrong place)."""
    raw = " ".join(str(entry.get("author") or "").split())
    m = re.fullmatch(r"\S+@\S+ \((.+)\)", raw)
    if m:
        return m.group(1).strip() or None
    detail = entry.get("author_detail")
    if not raw and isinstance(detail, dict):
        raw = str(detail.get("name") or "")
    return re.sub(r"\S+@\S+", "", raw).strip(" ()") or None


ItemReader = Callable[..., Iterator["Article | Skipped"]]
"""Fetches an item's link and reads it: ``(link, title=..., author=..., date=...)`` -> articles
(``web.read_url`` with a fetcher); the metadata given wins over the page's."""


@lru_cache(maxsize=1)
def feedparser_name() -> str:
    import feedparser

    return f"feedparser {feedparser.__version__}"


def read_feed(data: bytes, source: str, *, fetch_item: ItemReader | None, fetched: str | None = None,
              base: str | None = None, since: str | None = None) -> Iterator[Article | Skipped]:
    """The articles of a feed's items (``source`` is the feed's URL or path).

    ``fetch_item`` reads the link of an item that carries only a summary (``None``: such
    items are skipped). ``fetched`` is when the feed was received (for the items read
    from it); ``base`` resolves relative links; ``since`` (ISO date) leaves older items out.
    """
    import feedparser

    headers = {"content-location": base} if base else {}
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    entries = list(parsed.get("entries") or ())
    if not entries:
        if parsed.get("bozo"):
            yield Skipped(source, f"not an RSS or Atom feed ({parsed.get('bozo_exception')})")
        else:
            yield Skipped(source, "a feed without items")
        return
    feed_title = (parsed.get("feed") or {}).get("title")
    left_out = 0
    for n, entry in enumerate(entries, start=1):
        link = (entry.get("link") or "").strip()
        where = link or f"{source}#item{n}"
        when = _iso_date(entry)
        if since and when and when < since:
            left_out += 1
            continue
        meta = {"title": entry.get("title"), "author": _author(entry), "date": when}
        meta = {k: " ".join(v.split()) for k, v in meta.items() if isinstance(v, str) and v.strip()}
        text, extractor, full = _item_text(entry)
        if full or (text and not link):
            yield from articles_from_text(
                text, where, **meta, publisher=feed_title, url=link or None,
                extractor=f"{feedparser_name()}; {extractor}", fetched=fetched)
            continue
        if not link:
            yield Skipped(where, "feed item has neither text nor a link")
            continue
        if fetch_item is None:
            yield Skipped(where, "feed item carries only a summary, and its link is not fetched here")
            continue
        for item in fetch_item(link, **meta):
            if isinstance(item, Article) and not item.publisher and feed_title:
                item = replace(item, publisher=feed_title)
            yield item
    if left_out:
        log.info("%s: %d item(s) published before %s left out (--since)", source, left_out, since)

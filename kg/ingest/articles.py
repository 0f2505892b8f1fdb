"""Raw text + metadata -> ``Article``s: cleaned, header and dateline split off, hashed, long ones in parts."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator

from ..models import Article, Skipped
from .header import parse_date, split_dateline, split_header
from .parts import split_article
from .text import clean_text

META_KEYS = ("id", "title", "author", "publisher", "date", "url", "extractor", "fetched", "dateline")
"""The metadata an ``Article`` carries besides its text and source."""


def make_article(text: str, source: str, **meta: str | None) -> Article:
    """Build an ``Article`` from raw text: clean it, split the header and the dateline off,
    hash the content.

    ``meta`` (any of :data:`META_KEYS`) wins over what the text's header says; the
    dateline's own date and agency fill ``date`` and ``publisher`` only when nothing else did.
    """
    unknown = set(meta) - set(META_KEYS)
    if unknown:
        raise TypeError(f"make_article: unknown metadata {', '.join(sorted(unknown))}; "
                        f"use {', '.join(META_KEYS)}")
    text = clean_text(text)
    header, body, _ = split_header(text)
    dateline, body = split_dateline(body)
    if not body.strip():
        raise ValueError("no body text after the header")
    merged = {**dateline, **header, **{k: clean_text(v) for k, v in meta.items() if v}}
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    when = merged.get("date")
    return Article(
        id=merged.pop("id", "") or digest[:16],
        text=body,
        source=source,
        content_hash=digest,
        title=merged.get("title"),
        author=merged.get("author"),
        publisher=merged.get("publisher"),
        date=(parse_date(when) or when) if when else None,
        url=merged.get("url"),
        extractor=merged.get("extractor"),
        fetched=merged.get("fetched"),
        dateline=merged.get("dateline"),
    )


def articles_from_text(text: str, source: str, **meta: str | None) -> Iterator[Article | Skipped]:
    """``make_article`` and ``split_article``; an unusable text is a ``Skipped`` with the reason."""
    try:
        article = make_article(text, source, **meta)
    except ValueError as err:
        yield Skipped(source, str(err))
        return
    yield from split_article(article)

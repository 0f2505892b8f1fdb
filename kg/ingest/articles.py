"""Raw text + metadata -> ``Article``s: cleaned, header split off, hashed, long ones in parts."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator

from ..models import Article, Skipped
from .header import parse_date, split_header
from .parts import split_article
from .text import clean_text


def make_article(text: str, source: str, **meta: str | None) -> Article:
    """Build an ``Article`` from raw text: clean it, split the header, hash the content."""
    text = clean_text(text)
    header, body, _ = split_header(text)
    if not body.strip():
        raise ValueError("no body text after the header")
    merged = {**header, **{k: clean_text(v) for k, v in meta.items() if v}}
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return Article(
        id=merged.pop("id", "") or digest[:16],
        text=body,
        source=source,
        content_hash=digest,
        title=merged.get("title"),
        author=merged.get("author"),
        publisher=merged.get("publisher"),
        date=parse_date(merged["date"]) or merged["date"] if merged.get("date") else None,
        url=merged.get("url"),
    )


def articles_from_text(text: str, source: str, **meta: str | None) -> Iterator[Article | Skipped]:
    """``make_article`` and ``split_article``; an unusable text is a ``Skipped`` with the reason."""
    try:
        article = make_article(text, source, **meta)
    except ValueError as err:
        yield Skipped(source, str(err))
        return
    yield from split_article(article)

"""Over-long bodies -> consecutive parts, each an ``Article`` of its own.

A body longer than :data:`MAX_ARTICLE_CHARS` is not a news article (a book, a dump, a
run-on blob): :func:`split_article` cuts it into parts of at most :data:`PART_CHARS`
characters at paragraph, line, sentence or word boundaries.
"""
from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import replace

from ..models import Article

log = logging.getLogger(__name__)

MAX_ARTICLE_CHARS = 100_000
"""A body longer than this is read in parts (a tenth of spaCy's ``nlp.max_length``)."""

PART_CHARS = 10_000
"""The size of those parts. Measured on 2 cores with 64 parts a batch, 1M characters of
unpunctuated words take 29 s / 1.1 GB peak in 5k parts, 32 s / 1.9 GB in 10k parts,
35 s / 3.0 GB in 20k parts, 42 s / 3.1 GB in 100k parts, ~50 s / 3.1 GB as one Doc
(``nlp.max_length`` raised): memory grows with the characters in a batch."""


_PART_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"),
                re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s"), re.compile(r"\s"))


def part_bounds(text: str, limit: int = PART_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` of consecutive parts of ``text``, each at most ``limit`` characters.

    Each cut is at the last paragraph break in the second half of the window, else the
    last line break, sentence end or space, else (a run with no space at all) at the
    limit, moved back off combining marks so no character loses its accent.

    >>> part_bounds("aaa bbb ccc", limit=8)
    [(0, 8), (8, 11)]
    """
    bounds: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > limit:
        lo, hi = start + limit // 2, start + limit
        cut = -1
        for rx in _PART_BREAKS:
            for m in rx.finditer(text, lo, hi):
                cut = m.end()
            if cut > start:
                break
        if cut <= start:
            cut = hi
            while cut > lo and (unicodedata.combining(text[cut]) or text[cut] in "\u200c\u200d"):
                cut -= 1
        bounds.append((start, cut))
        start = cut
    bounds.append((start, n))
    return bounds


def split_article(article: Article, max_chars: int = MAX_ARTICLE_CHARS,
                  part_chars: int = PART_CHARS) -> tuple[Article, ...]:
    """``article`` itself, or its parts when its text is longer than ``max_chars``.

    A part is an ``Article`` of its own: id ``"<article id>-part2"`` (distinct even when two
    parts read the same), the hash of its own text, source ``"file#part2"``, title
    ``"... (part 2 of 7)"``; the other metadata is shared.
    """
    if len(article.text) <= max_chars:
        return (article,)
    pieces = [article.text[a:b].strip() for a, b in part_bounds(article.text, part_chars)]
    pieces = [p for p in pieces if p]
    log.info("%s: %s characters, read as %d parts", article.source, f"{len(article.text):,}", len(pieces))
    return tuple(
        replace(article, id=f"{article.id}-part{k}", text=text, source=f"{article.source}#part{k}",
                content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                title=f"{article.title} (part {k} of {len(pieces)})" if article.title else None)
        for k, text in enumerate(pieces, start=1))

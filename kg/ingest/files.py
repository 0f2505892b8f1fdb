"""Inputs (files, folders, ``-`` for standard input, URLs) -> ``Article``s, or a ``Skipped`` with a reason.

Each file is read (bounded by ``max_bytes``), decoded (``text``), converted by its kind
(``markdown``, ``html``, ``jsonl``, ``feeds``; plain text as it is) and made into
articles (``articles``). URLs, files listing URLs and feeds are fetched (``web``,
``fetch``); a file is fetched from only when it was named on the command line, never
when it was found in a folder.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..models import Article, Skipped
from .articles import articles_from_text
from .feeds import read_feed
from .fetch import Fetcher, WebOptions
from .html import read_html
from .jsonl import read_jsonl
from .markdown import markdown_extractor, markdown_to_text
from .text import decode
from .web import PLAIN_TEXT, is_url, item_reader, read_url, read_url_list, url_lines

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
"""What a folder is searched for."""
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
URL_LIST_SUFFIXES = frozenset({".urls"})
"""Read when named on the command line (feeds and URL lists lead to fetching)."""

DEFAULT_MAX_BYTES = 20_000_000
"""Inputs larger than this are skipped (set ``max_bytes`` to change it)."""


def iter_files(path: Path) -> Iterator[Path | Skipped]:
    """Every input file under ``path`` (itself, if it is not a folder), sorted.

    A folder is searched recursively for the known suffixes; hidden files and folders
    are passed over and symbolic links to folders are not followed (no loops). A
    subfolder that cannot be listed is reported as a ``Skipped``.
    """
    if not path.is_dir():
        yield path
        return
    found: list[Path] = []
    errors: list[Skipped] = []

    def failed(err: OSError) -> None:
        errors.append(Skipped(str(err.filename or path), f"cannot list folder: {err.strerror or err}"))

    for folder, dirs, files in os.walk(path, onerror=failed):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            p = Path(folder, name)
            if not name.startswith(".") and p.suffix.lower() in SUFFIXES and p.is_file():
                found.append(p)
    yield from errors
    yield from sorted(found)


def _read_bounded(fh: BinaryIO, max_bytes: int) -> bytes | None:
    """Up to ``max_bytes`` bytes of ``fh``; ``None`` when there are more."""
    data = fh.read(max_bytes + 1)
    return None if len(data) > max_bytes else data


def _too_big(max_bytes: int, size: int | None = None) -> str:
    what = f"{size:,} bytes is" if size is not None else "more than that is"
    return f"{what} over the {max_bytes:,}-byte limit (raise it with --max-bytes)"


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, *,
              fetcher: Fetcher | None = None) -> Iterator[Article | Skipped]:
    """Articles from one file; yields a ``Skipped`` (never raises) when it cannot be used.

    ``fetcher`` is given for a file named on the command line: then a feed's items and
    the URLs of a URL list are fetched with it. Without it (a file found in a folder), a
    URL list is skipped with a reason, and feed items that carry no text are skipped.
    """
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Skipped(source, _too_big(max_bytes, size))
            return
        with path.open("rb") as fh:  # bounded: a pipe or device has no size to check first
            data = _read_bounded(fh, max_bytes)
    except OSError as err:
        yield Skipped(source, f"cannot read: {err.strerror or err}")
        return
    if data is None:
        yield Skipped(source, _too_big(max_bytes))
        return
    try:
        text = decode(data, source)
    except ValueError as err:
        yield Skipped(source, str(err))
        return
    yield from _read_text(text, data, source, path.suffix.lower(), fetcher)


def _read_text(text: str, data: bytes, source: str, suffix: str,
               fetcher: Fetcher | None) -> Iterator[Article | Skipped]:
    """The articles of a decoded input, by its suffix (``""`` for standard input) or its look."""
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(text, source)
        return
    if suffix in FEED_SUFFIXES or (suffix not in SUFFIXES and _looks_like_feed(text)):
        yield from read_feed(data, source, fetch_item=item_reader(fetcher) if fetcher else None,
                             since=fetcher.options.since if fetcher else None)
        return
    if suffix in URL_LIST_SUFFIXES or suffix not in MARKDOWN_SUFFIXES | HTML_SUFFIXES:
        if url_lines(text) is not None:
            if fetcher is None:
                yield Skipped(source, "a list of URLs; name it on the command line (kg build FILE) "
                                      "to fetch them")
            else:
                yield from read_url_list(text, source, fetcher)
            return
        if suffix in URL_LIST_SUFFIXES:
            yield Skipped(source, "a .urls file must list one http(s) URL a line (# starts a comment)")
            return
    if suffix in MARKDOWN_SUFFIXES:
        meta, text = markdown_to_text(text)
        yield from articles_from_text(text, source, **meta, extractor=markdown_extractor())
    elif suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(text)):
        page = read_html(text)
        yield from articles_from_text(page.text, source, **page.meta, extractor=page.extractor)
    else:
        yield from articles_from_text(text, source, extractor=PLAIN_TEXT)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head


def _looks_like_feed(text: str) -> bool:
    head = text[:2000].lstrip("\ufeff \t\r\n").lower()
    if head.startswith("<?xml"):
        head = head[head.find("?>") + 2:].lstrip()
        while head.startswith("<!--") and "-->" in head:
            head = head[head.find("-->") + 3:].lstrip()
    return head.startswith(("<rss", "<feed", "<rdf:rdf"))


def read_inputs(paths: list[str | Path], max_bytes: int = DEFAULT_MAX_BYTES,
                web: WebOptions | None = None) -> Iterator[Article | Skipped]:
    """Stream articles from every input, in a stable order.

    An input is a path (a file or a folder), ``-`` for standard input, or an http(s) URL
    (a page or a feed). ``web`` says how URLs are fetched (``WebOptions``; its defaults
    refuse private addresses and keep no cache on disk).
    """
    fetcher = Fetcher(web or WebOptions(), max_bytes=max_bytes)
    try:
        for raw in paths:
            yield from _read_input(raw, max_bytes, fetcher)
    finally:
        fetcher.close()


def _read_input(raw: str | Path, max_bytes: int, fetcher: Fetcher) -> Iterator[Article | Skipped]:
    if str(raw) == "-":
        data = _read_bounded(sys.stdin.buffer, max_bytes)
        if data is None:
            yield Skipped("<stdin>", _too_big(max_bytes))
            return
        try:
            text = decode(data, "<stdin>")
        except ValueError as err:
            yield Skipped("<stdin>", str(err))
            return
        yield from _read_text(text, data, "<stdin>", "", fetcher)
        return
    if isinstance(raw, str) and is_url(raw):
        yield from read_url(raw.strip(), fetcher)
        return
    path = Path(raw)
    if not path.exists():
        yield Skipped(str(path), "no such file or directory")
        return
    if not path.is_dir():
        yield from read_path(path, max_bytes=max_bytes, fetcher=fetcher)
        return
    found = False
    for item in iter_files(path):
        if isinstance(item, Skipped):
            yield item
            continue
        found = True
        yield from read_path(item, max_bytes=max_bytes)
    if not found:
        yield Skipped(str(path), "folder has no .txt, .md, .html or .jsonl files")

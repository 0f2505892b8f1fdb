"""Ingest: files, folders, JSONL corpora, web pages and feeds -> ``Article``s, with a reason for every skip.

Input paths may be text files (.txt), Markdown (.md, .markdown; markup stripped by
markdown-it-py), HTML pages (.html, .htm; the article's main content and metadata by
trafilatura, else the visible text), JSONL corpora (.jsonl; one article per line with
``text`` and optional ``title``, ``author``, ``publisher``, ``date``, ``url``, ``id``),
folders (searched recursively for those extensions; hidden files and folders and
symbolic links to folders are not followed) or ``-`` for standard input. Every parser
is linear in its input, hostile markup included (``bench/hostile.py``).

URLs (``https://...``), files listing URLs and RSS/Atom feeds (a URL, or a .rss/.atom/.xml
file) are fetched with httpx (``fetch``: robots.txt, per-host delay, timeouts, size caps,
no private addresses unless allowed, an on-disk cache revalidated with ETag and
Last-Modified) and read like files (``web``, ``feeds``). Only inputs named by the caller
lead to requests; a URL list found in a folder is skipped with a reason.

A news header is recognised when present, in every format::

    Title line            (a repeated title line collapses into one)
    By Author/Outlet      (byline; "By Author, Outlet", "By Author, March 4, 2021",
                           "Author | March 4, 2021" and "By Author" too)
    December 16, 2018     (date line; also 2018-12-16, 16 December 2018, "Published: ...")

and so is a dateline at the start of the first paragraph ("LIMA, Peru (AP) --",
"WASHINGTON (Mar. 4, 2021) --"): it becomes metadata (``Article.dateline``) and leaves
the text, so the extractor never reads the filing city as a place of the story. Plain
text with no header is taken whole as the body.

Every input is either read or skipped with a one-line reason (``Skipped``):
empty or binary files, undecodable text, files over ``max_bytes``, malformed
JSONL lines. Text that is not UTF-8 is decoded as Windows-1252 (a superset of
Latin-1) when it reads as Western European text, else by detection, with a
warning naming the file and the encoding. ``Article.text`` is the cleaned body
(line ends, Unicode form, invisible and control characters normalised; Markdown
markup stripped), and every character offset in the graph refers to it.
``Article.extractor`` names what produced the text.

A body longer than :data:`MAX_ARTICLE_CHARS` is not a news article (a book, a
dump, a run-on blob); it is read as consecutive parts of at most
:data:`PART_CHARS` characters, cut at paragraph, line, sentence or word
boundaries, each an ``Article`` of its own with source ``"file#part2"``.

One module per role: ``files`` (inputs, folders, standard input, size limits), ``text``
(bytes -> str, cleaning), ``html``, ``markdown``, ``jsonl``, ``header`` (title, byline,
date, dateline), ``articles`` (text -> ``Article``), ``parts`` (over-long bodies),
``fetch`` (URL -> body), ``fetchcache`` (bodies kept between builds), ``web`` (URLs and
URL lists -> articles) and ``feeds`` (RSS/Atom -> articles). This room knows nothing of
spaCy, RDF or the build's output files.
"""
from __future__ import annotations

from .articles import articles_from_text, make_article
from .feeds import read_feed
from .fetch import DEFAULT_USER_AGENT, Fetched, Fetcher, FetchError, WebOptions
from .files import (
    DEFAULT_MAX_BYTES,
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    MARKDOWN_SUFFIXES,
    SUFFIXES,
    TEXT_SUFFIXES,
    iter_files,
    read_inputs,
    read_path,
)
from .header import Byline, parse_byline, parse_date, read_byline, split_dateline, split_header
from .html import HtmlText, html_to_text, read_html
from .jsonl import read_jsonl
from .markdown import markdown_to_text
from .parts import MAX_ARTICLE_CHARS, PART_CHARS, part_bounds, split_article
from .text import clean_text, decode
from .web import is_url, read_url, read_url_list

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_USER_AGENT",
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "MARKDOWN_SUFFIXES",
    "MAX_ARTICLE_CHARS",
    "PART_CHARS",
    "SUFFIXES",
    "TEXT_SUFFIXES",
    "Byline",
    "FetchError",
    "Fetched",
    "Fetcher",
    "HtmlText",
    "WebOptions",
    "articles_from_text",
    "clean_text",
    "decode",
    "html_to_text",
    "is_url",
    "iter_files",
    "make_article",
    "markdown_to_text",
    "parse_byline",
    "parse_date",
    "part_bounds",
    "read_byline",
    "read_feed",
    "read_html",
    "read_inputs",
    "read_jsonl",
    "read_path",
    "read_url",
    "read_url_list",
    "split_article",
    "split_dateline",
    "split_header",
]

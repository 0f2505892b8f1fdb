"""Files, folders and JSONL corpora -> ``Article`` records, with a clear reason for every skip.

Input paths may be text files (.txt), Markdown (.md, .markdown; markup stripped),
HTML pages (.html, .htm; visible text only), JSONL corpora (.jsonl; one article
per line with ``text`` and optional ``title``, ``author``, ``publisher``, ``date``,
``url``, ``id``), folders (searched recursively for those extensions; hidden
files and folders and symbolic links to folders are not followed) or ``-`` for
standard input.

A news header is recognised when present::

    Title line            (a repeated title line collapses into one)
    By Author/Outlet      (byline; "By Author, Outlet" and "By Author" too)
    December 16, 2018     (date line; also 2018-12-16, 16 December 2018)

Plain text with no header is taken whole as the body.

Every input is either read or skipped with a one-line reason (``Skipped``):
empty or binary files, undecodable text, files over ``max_bytes``, malformed
JSONL lines. Text that is not UTF-8 is decoded as Windows-1252 (a superset of
Latin-1) when it reads as Western European text, else by detection, with a
warning naming the file and the encoding. ``Article.text`` is the cleaned body
(line ends, Unicode form, invisible and control characters normalised; Markdown
markup stripped), and every character offset in the graph refers to it.

A body longer than :data:`MAX_ARTICLE_CHARS` is not a news article (a book, a
dump, a run-on blob); it is read as consecutive parts of at most
:data:`PART_CHARS` characters, cut at paragraph, line, sentence or word
boundaries, each an ``Article`` of its own with source ``"file#part2"``.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from .models import Article, Skipped

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

DEFAULT_MAX_BYTES = 20_000_000
"""Inputs larger than this are skipped (set ``max_bytes`` to change it)."""

MAX_ARTICLE_CHARS = 100_000
"""A body longer than this is read in parts (a tenth of spaCy's ``nlp.max_length``)."""

PART_CHARS = 10_000
"""The size of those parts. Measured on 2 cores with 64 parts a batch, 1M characters of
unpunctuated words take 29 s / 1.1 GB peak in 5k parts, 32 s / 1.9 GB in 10k parts,
35 s / 3.0 GB in 20k parts, 42 s / 3.1 GB in 100k parts, ~50 s / 3.1 GB as one Doc
(``nlp.max_length`` raised): memory grows with the characters in a batch."""

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], start=1)}
_MONTH_RE = "|".join(MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_DATE_MDY = re.compile(rf"^(?:\w+day,?\s+)?({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})$", re.I)
_DATE_DMY = re.compile(rf"^(?:\w+day,?\s+)?(\d{{1,2}})\s+({_MONTH_RE})\.?,?\s+(\d{{4}})$", re.I)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+\-Z]*)?$")
_BYLINE = re.compile(r"^by\s+(?P<who>[^\n]{2,160})$", re.I)
# Sentence-final punctuation glued to the next sentence ("missions?Adm. Paredes"):
# a lower-case letter, then ? ! or ., then an upper-case letter with no space.
_GLUED = re.compile(r"(?<=[a-z\u00df-\u00ff][?!.])(?=[A-Z\u00c0-\u00de])")
# C0 and C1 control characters other than tab and newline (CR is a line end, handled first)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Invisible characters that only hide or reorder text: soft hyphen, bidi embeddings,
# overrides and isolates ("Trojan Source"), word joiner, BOM. RLM/LRM/ALM, ZWJ and ZWNJ
# carry meaning in Arabic, Hebrew, Persian and Indic scripts and are kept.
_INVISIBLE = re.compile("[\u00ad\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_SPACES = re.compile("[\u00a0\u2007\u202f]")
_LINE_BREAKS = re.compile("[\u0085\u2028\u2029]")
# Lone surrogates (only a JSON "\\ud800" escape makes one) and noncharacters, which are
# not for interchange and which some RDF parsers (rapper) refuse even escaped.
_NONCHARACTERS = "".join(chr(plane + k) for plane in range(0, 0x110000, 0x10000) for k in (0xFFFE, 0xFFFF))
_NOT_CHARACTERS = re.compile("[\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]")

# --------------------------------------------------------------------------- bytes -> str

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive, or .docx, .xlsx, .epub"), (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"), (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)
# Characters that do not occur in text: C0/C1 controls (but tab, line ends, form feed),
# private-use characters and the replacement character.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")
_NOT_TEXT_SHARE = 0.05  # refused above this share (and a handful) of the first 64k characters
# Three or more non-ASCII letters in a row: how Cyrillic, Greek or CJK bytes read when
# wrongly decoded as Windows-1252; accented Western European words rarely have two.
_NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f\W\d_]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f\W\d_]{3,}")


def _binary_kind(head: bytes) -> str | None:
    """What a file's first bytes say it is, when it is not text."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return None  # UTF-16/32 text has NUL bytes
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in head:
        return "NUL bytes"
    return None


def _looks_like_text(text: str) -> bool:
    sample = text[:65536]
    bad = len(_NOT_TEXT.findall(sample))
    return bad <= 8 or bad <= _NOT_TEXT_SHARE * len(sample)


def _as_western(data: bytes) -> str | None:
    """``data`` as Windows-1252 when it reads as Western European text, else ``None``."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81 0x8d 0x8f 0x90 0x9d are undefined in cp1252
        return None
    letters = len(_NON_ASCII_LETTER.findall(text))
    in_runs = sum(map(len, _NON_ASCII_RUN.findall(text)))
    return text if in_runs <= 0.2 * letters else None


def decode(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8 (a BOM allowed), UTF-16/32 with a BOM, else by detection.

    Binary data (a known file signature, NUL bytes, or many control characters) is
    refused. Raises ``ValueError`` with a reason a user can act on.
    """
    if not data.strip():
        raise ValueError("empty file")
    kind = _binary_kind(data[:8192])
    if kind:
        raise ValueError(f"binary file ({kind}), not text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as err:
                raise ValueError(f"invalid {encoding.upper()} at byte {err.start}; "
                                 "re-save it as UTF-8") from err
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _detect(data, source)
    if not text.strip():
        raise ValueError("empty file")
    if not _looks_like_text(text):
        raise ValueError("binary data (control characters), not text")
    return text


def _detect(data: bytes, source: str) -> str:
    western = _as_western(data)
    if western is not None and _looks_like_text(western):
        log.warning("%s: not UTF-8; read as Windows-1252/Latin-1 (re-save it as UTF-8 if "
                    "the accents look wrong)", source)
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None or not _looks_like_text(str(best)):
        raise ValueError("not UTF-8, and no text encoding fits it; re-save it as UTF-8")
    log.warning("%s: not UTF-8; read as %s (re-save it as UTF-8 if that is wrong)",
                source, best.encoding)
    return str(best)


def clean_text(text: str) -> str:
    """Normalise line ends, spaces and Unicode form; drop control and invisible characters.

    Also separates sentences glued together ("missions?Adm. Smith").
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_BREAKS.sub("\n", text)
    text = _NOT_CHARACTERS.sub("\ufffd", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    text = _GLUED.sub("\n\n", text)
    return text.strip()

# --------------------------------------------------------------------------- HTML


class _TextOfHTML(HTMLParser):
    """Collects the visible text of an HTML page; drops scripts, styles and templates."""

    SKIP = frozenset({"script", "style", "template", "noscript", "svg", "math", "iframe", "object",
                      "canvas", "select", "button"})
    BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
                       "section", "article", "header", "footer", "blockquote", "title", "dt", "dd",
                       "figcaption", "pre", "hr", "main", "aside", "nav", "table", "ul", "ol"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_head = False
        self._in_title = False

    HEAD = frozenset({"html", "head", "title", "meta", "link", "base", "style", "script", "noscript",
                      "template"})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self._in_head = True
        elif tag not in self.HEAD:
            self._in_head = False  # <body>, or any body element, ends a <head> left open
        if tag == "title" and not self._skip:
            self._in_title = True
        elif tag in self.SKIP:
            self._skip += 1
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCK:  # <br/>, <hr/>; a self-closed <script/> opens nothing
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        elif tag == "title":
            self._in_title = False
        elif tag in self.SKIP and self._skip:
            self._skip -= 1
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            if self._in_head and data.strip():
                self._in_head = False  # text cannot be in <head>: the body has begun
            if not self._in_head:
                self.parts.append(data)


def html_to_text(html: str) -> tuple[str | None, str]:
    """Return ``(title, visible text)`` of an HTML page."""
    parser = _TextOfHTML()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" ?\n ?", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    title = " ".join("".join(parser.title).split()) or None
    return title, text

# --------------------------------------------------------------------------- Markdown

_MD_FRONT_KEYS = {"title": "title", "author": "author", "authors": "author", "byline": "author",
                  "publisher": "publisher", "source": "publisher", "date": "date",
                  "published": "date", "url": "url", "link": "url", "canonical_url": "url"}
_MD_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MD_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_MD_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_MD_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_MD_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_MD_LIST = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_MD_REFDEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S+[^\n]*$")
_MD_TABLE_RULE = re.compile(r"^[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?\|?[ \t]*$")
_MD_CODE = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
_MD_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),                        # image -> alt text
    (re.compile(r"(?<!\\)\[([^\]\n]+)\]\((?:[^()\n]|\([^()\n]*\))*\)"), r"\1"),  # [text](url)
    (re.compile(r"(?<!\\)\[([^\]\n]+)\]\[[^\]\n]*\]"), r"\1"),                  # [text][ref]
    (re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+)>"), r"\1"),                  # <https://...>
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),              # inline HTML tags
    (re.compile(r"(?<![\\*])\*\*(?=[^\s*])(.+?)(?<=[^\s\\*])\*\*(?!\*)"), r"\1"),
    (re.compile(r"(?<![\\\w_])__(?=[^\s_])(.+?)(?<=[^\s\\_])__(?![\w_])"), r"\1"),
    (re.compile(r"(?<![\\*\w])\*(?=[^\s*])(.+?)(?<=[^\s\\*])\*(?![*\w])"), r"\1"),
    (re.compile(r"(?<![\\\w_])_(?=[^\s_])(.+?)(?<=[^\s\\_])_(?![\w_])"), r"\1"),
    (re.compile(r"(?<!\\)~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"\\([!-/:-@\[-`{-~])"), r"\1"),                                  # \* -> *
)
_MD_BLOCK_HTML = re.compile(r"<(script|style|template|iframe)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """YAML front matter (``---`` ... ``---``) -> (metadata, index of the first body line)."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, min(len(lines), 100)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, 0
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        field = _MD_FRONT_KEYS.get(key.strip().lower())
        value = value.strip().strip("\"'").strip()
        if sep and field and value and field not in meta and not line.startswith((" ", "\t")):
            meta[field] = value
    return meta, end + 1


def _md_inline(text: str) -> str:
    out, pos = [], 0
    for m in _MD_CODE.finditer(text):  # code spans are kept verbatim, without the backticks
        out.append(_md_spans(text[pos:m.start()]))
        out.append(m.group(2).strip())
        pos = m.end()
    out.append(_md_spans(text[pos:]))
    return "".join(out)


def _md_spans(text: str) -> str:
    for rx, repl in _MD_INLINE:
        text = rx.sub(repl, text)
    return text


def markdown_to_text(markdown: str) -> tuple[dict[str, str], str]:
    """Return ``(metadata, plain text)`` of a Markdown document.

    Keeps the words a reader sees: headings without ``#``, emphasis without ``*``/``_``,
    links and images as their text, list items and quotes without their markers, table
    cells separated by ``;``. Drops code blocks, rules, link definitions, raw HTML tags,
    scripts and comments. Metadata comes from YAML front matter (``title``, ``author``,
    ``date``, ``publisher``, ``url``), and the title else from a first ``# heading``.

    >>> markdown_to_text("# Navy news\\n\\nThe **Chilean Navy** met [the Army](http://x.org).")
    ({'title': 'Navy news'}, 'Navy news\\n\\nThe Chilean Navy met the Army.')
    """
    markdown = _MD_BLOCK_HTML.sub("", markdown.replace("\r\n", "\n").replace("\r", "\n"))
    lines = markdown.split("\n")
    meta, i = _front_matter(lines)
    out: list[str] = []
    fence: str | None = None
    in_table = False
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        i += 1
        m = _MD_FENCE.match(line)
        if fence is not None:  # inside a fenced code block: dropped
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line.strip(" `~"):
                fence = None
            continue
        if m:
            fence = m.group(1)
            out.append("")
            continue
        if not line.strip():
            in_table = False
            out.append("")
            continue
        if _MD_REFDEF.match(line):
            continue
        if "|" in line and (in_table or _MD_TABLE_RULE.match(nxt)):
            if _MD_TABLE_RULE.match(line):
                continue
            in_table = True
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            out.append(_md_inline("; ".join(c for c in cells if c)))
            continue
        if _MD_RULE.match(line) or (_MD_UNDERLINE.match(line) and out and out[-1]):
            out.append("")  # a rule, or the underline of a Setext heading
            continue
        h = _MD_ATX.match(line)
        if h:
            heading = _md_inline(h.group(2) or "")
            if len(h.group(1)) == 1 and "title" not in meta and not any(out):
                meta["title"] = heading.strip()
            out.extend(["", heading, ""])
            continue
        if _MD_UNDERLINE.match(nxt) and nxt.strip().startswith("=") and "title" not in meta and not any(out):
            meta["title"] = _md_inline(line).strip()
        line = _MD_QUOTE.sub("", line)
        line = _MD_LIST.sub("", line)
        out.append(_md_inline(line.strip()))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    return meta, text

# --------------------------------------------------------------------------- header


def parse_date(line: str) -> str | None:
    """``"December 16, 2018"`` -> ``"2018-12-16"``; ``None`` when the line is not a date."""
    line = line.strip()
    for rx, order in ((_DATE_MDY, "mdy"), (_DATE_DMY, "dmy"), (_DATE_ISO, "ymd")):
        m = rx.match(line)
        if not m:
            continue
        a, b, c = m.groups()
        try:
            if order == "mdy":
                d = date(int(c), _month(a), int(b))
            elif order == "dmy":
                d = date(int(c), _month(b), int(a))
            else:
                d = date(int(a), int(b), int(c))
        except ValueError:
            return None
        return d.isoformat()
    return None


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    for full, num in MONTHS.items():
        if full.startswith(name[:3]):
            return num
    raise ValueError(name)


def parse_byline(line: str) -> tuple[str | None, str | None]:
    """``"By Geraldine Cook/Diálogo"`` -> ``("Geraldine Cook", "Diálogo")``."""
    m = _BYLINE.match(line.strip())
    if not m:
        return None, None
    who = m.group("who").strip()
    for sep in ("/", " | ", ", ", " - ", " for "):
        if sep in who:
            author, publisher = who.split(sep, 1)
            return author.strip() or None, publisher.strip() or None
    return who, None


def split_header(text: str) -> tuple[dict[str, str], str, int]:
    """Split a news header off ``text``.

    Returns ``(metadata, body, offset of body in text)``. The header is the run of
    short lines before the first byline or date line found among the first six
    non-empty lines; without one, there is no header.
    """
    lines = text.split("\n")
    nonempty = [(i, ln.strip()) for i, ln in enumerate(lines[:200]) if ln.strip()][:6]
    meta: dict[str, str] = {}
    last = -1
    titles: list[str] = []
    for i, ln in nonempty:
        author, publisher = parse_byline(ln)
        when = parse_date(ln)
        if author:
            meta["author"] = author
            if publisher:
                meta["publisher"] = publisher
            last = i
        elif when:
            meta["date"] = when
            last = i
        elif not meta and len(ln) <= 200 and not ln.endswith((".", ":", ";")):
            titles.append(ln)
        else:
            break
    if last < 0:
        return _headline(text)
    if titles:
        meta["title"] = titles[0]
    body_start = sum(len(ln) + 1 for ln in lines[: last + 1])
    body = text[body_start:]
    stripped = body.lstrip()
    return meta, stripped, body_start + (len(body) - len(stripped))


def _headline(text: str) -> tuple[dict[str, str], str, int]:
    """No byline or date: a first paragraph that is one short line without final punctuation,
    followed by more text, is a headline ("Peacekeepers Protect Civilians in Bangui")."""
    first, sep, rest = text.partition("\n\n")
    line = first.strip()
    words = line.split()
    if (sep and rest.strip() and "\n" not in line and 2 <= len(words) <= 20 and len(line) <= 160
            and not line.endswith((".", "!", "?", ":", ";", ",", '"', "\u201d"))
            and sum(w[:1].isupper() for w in words) >= max(2, len(words) // 2)):
        body = rest.lstrip()
        return {"title": line}, body, len(text) - len(body)
    return {}, text, 0


# --------------------------------------------------------------------------- articles


def make_article(text: str, source: str, **meta: str | None) -> Article:
    """Build an ``Article`` from raw text: clean it, split the header, hash the content."""
    text = clean_text(text)
    header, body, _ = split_header(text)
    if not body.strip():
        raise ValueError("no body text after the header")
    merged = {**header, **{k: clean_text(v) for k, v in meta.items() if v}}
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return Article(
        id=merged.pop("id", None) or digest[:16],
        text=body,
        source=source,
        content_hash=digest,
        title=merged.get("title"),
        author=merged.get("author"),
        publisher=merged.get("publisher"),
        date=parse_date(merged["date"]) or merged["date"] if merged.get("date") else None,
        url=merged.get("url"),
    )


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


def _articles(text: str, source: str, **meta: str | None) -> Iterator[Article | Skipped]:
    try:
        article = make_article(text, source, **meta)
    except ValueError as err:
        yield Skipped(source, str(err))
        return
    yield from split_article(article)

# --------------------------------------------------------------------------- files


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


def read_jsonl(data: str, source: str) -> Iterator[Article | Skipped]:
    """Articles from a JSONL corpus; a bad line is skipped with its line number."""
    for n, line in enumerate(data.split("\n"), start=1):  # not splitlines(): U+2028 is valid in JSON
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            yield Skipped(where, f"malformed JSON ({err.msg.removesuffix(' at')} at column {err.colno})")
            continue
        except RecursionError:
            yield Skipped(where, "malformed JSON (nested too deeply)")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
            yield Skipped(where, 'no "text" field with article text')
            continue
        meta = {k: str(rec[k]) for k in ("title", "author", "publisher", "date", "url", "id")
                if isinstance(rec.get(k), (str, int, float)) and rec[k] != ""}
        yield from _articles(rec["text"], where, **meta)


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Skipped]:
    """Articles from one file; yields a ``Skipped`` (never raises) when it cannot be used."""
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
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(text, source)
        return
    meta: dict[str, str] = {}
    if suffix in MARKDOWN_SUFFIXES:
        meta, text = markdown_to_text(text)
    elif suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(text)):
        title, text = html_to_text(text)
        if title:
            meta["title"] = title
    yield from _articles(text, source, **meta)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head


def read_inputs(paths: list[str | Path], max_bytes: int = DEFAULT_MAX_BYTES
                ) -> Iterator[Article | Skipped]:
    """Stream articles from every path (``-`` is standard input), in a stable order."""
    for raw in paths:
        if str(raw) == "-":
            data = _read_bounded(sys.stdin.buffer, max_bytes)
            if data is None:
                yield Skipped("<stdin>", _too_big(max_bytes))
                continue
            try:
                text = decode(data, "<stdin>")
            except ValueError as err:
                yield Skipped("<stdin>", str(err))
                continue
            title = None
            if _looks_like_html(text):
                title, text = html_to_text(text)
            yield from _articles(text, "<stdin>", title=title)
            continue
        path = Path(raw)
        if not path.exists():
            yield Skipped(str(path), "no such file or directory")
            continue
        found = False
        for item in iter_files(path):
            if isinstance(item, Skipped):
                yield item
                continue
            found = True
            yield from read_path(item, max_bytes=max_bytes)
        if not found:
            yield Skipped(str(path), "folder has no .txt, .md, .html or .jsonl files")

"""Files, folders and JSONL corpora -> ``Article`` records, with a clear reason for every skip.

Input paths may be text files (.txt, .md), HTML pages (.html, .htm; visible text
only), JSONL corpora (.jsonl; one article per line with ``text`` and optional
``title``, ``author``, ``publisher``, ``date``, ``url``, ``id``), folders (searched
recursively for those extensions) or ``-`` for standard input.

A news header is recognised when present::

    Title line            (a repeated title line collapses into one)
    By Author/Outlet      (byline; "By Author, Outlet" and "By Author" too)
    December 16, 2018     (date line; also 2018-12-16, 16 December 2018)

Plain text with no header is taken whole as the body.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import sys
import unicodedata
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from .models import Article, Skipped

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

DEFAULT_MAX_BYTES = 20_000_000
"""Inputs larger than this are skipped (set ``max_bytes`` to change it)."""

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
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _TextOfHTML(HTMLParser):
    """Collects the visible text of an HTML page; drops scripts, styles and templates."""

    SKIP = frozenset({"script", "style", "template", "noscript", "head", "svg", "iframe"})
    BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
                       "section", "article", "header", "footer", "blockquote", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self.SKIP:
            self._skip += 1
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self.SKIP and self._skip:
            self._skip -= 1
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
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


def decode(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8 (BOM allowed), else by detection; refuse binary data.

    Raises ``ValueError`` with a reason a user can act on.
    """
    if not data.strip():
        raise ValueError("empty file")
    head = data[:8192]
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        raise ValueError("binary data (NUL bytes), not text")
    if head.startswith(b"\x89PNG") or head.startswith(b"%PDF") or head.startswith(b"PK\x03\x04"):
        raise ValueError("binary file (image, PDF or archive), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ValueError("not UTF-8 and no text encoding could be detected; convert it to UTF-8")
    log.info("%s: decoded as %s", source, best.encoding)
    return str(best)


def clean_text(text: str) -> str:
    """Normalise line ends and Unicode form; drop control characters; unglue sentences."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    text = _GLUED.sub("\n\n", text)
    return text.strip()


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
    nonempty = [(i, ln.strip()) for i, ln in enumerate(lines) if ln.strip()][:6]
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
        return {}, text, 0
    if titles:
        meta["title"] = titles[0]
    body_start = sum(len(ln) + 1 for ln in lines[: last + 1])
    body = text[body_start:]
    stripped = body.lstrip()
    return meta, stripped, body_start + (len(body) - len(stripped))


def make_article(text: str, source: str, **meta: str | None) -> Article:
    """Build an ``Article`` from raw text: clean it, split the header, hash the content."""
    text = clean_text(text)
    header, body, _ = split_header(text)
    if not body.strip():
        raise ValueError("no body text after the header")
    merged = {**header, **{k: v for k, v in meta.items() if v}}
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


def iter_files(path: Path) -> Iterator[Path]:
    """Every readable input file under ``path`` (itself, if it is a file), sorted."""
    if path.is_dir():
        for p in sorted(path.rglob("*")):
            if p.is_file() and p.suffix.lower() in SUFFIXES and not any(
                    part.startswith(".") for part in p.relative_to(path).parts):
                yield p
    else:
        yield path


def read_jsonl(data: str, source: str) -> Iterator[Article | Skipped]:
    """Articles from a JSONL corpus; a bad line is skipped with its line number."""
    for n, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            yield Skipped(where, f"malformed JSON ({err.msg} at column {err.colno})")
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
            yield Skipped(where, 'no "text" field with article text')
            continue
        meta = {k: str(rec[k]) for k in ("title", "author", "publisher", "date", "url", "id")
                if rec.get(k) not in (None, "")}
        try:
            yield make_article(rec["text"], where, **meta)
        except ValueError as err:
            yield Skipped(where, str(err))


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Skipped]:
    """Articles from one file; yields a ``Skipped`` (never raises) when it cannot be used."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Skipped(source, f"{size:,} bytes is over the {max_bytes:,}-byte limit "
                                  "(raise it with --max-bytes)")
            return
        data = path.read_bytes()
    except OSError as err:
        yield Skipped(source, f"cannot read: {err.strerror or err}")
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
    title = None
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(text)):
        title, text = html_to_text(text)
    try:
        yield make_article(text, source, title=title)
    except ValueError as err:
        yield Skipped(source, str(err))


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head


def read_inputs(paths: list[str | Path], max_bytes: int = DEFAULT_MAX_BYTES
                ) -> Iterator[Article | Skipped]:
    """Stream articles from every path (``-`` is standard input), in a stable order."""
    for raw in paths:
        if str(raw) == "-":
            data = sys.stdin.buffer.read()
            try:
                yield make_article(decode(data, "<stdin>"), "<stdin>")
            except ValueError as err:
                yield Skipped("<stdin>", str(err))
            continue
        path = Path(raw)
        if not path.exists():
            yield Skipped(str(path), "no such file or directory")
            continue
        found = False
        for file in iter_files(path):
            found = True
            yield from read_path(file, max_bytes=max_bytes)
        if not found:
            yield Skipped(str(path), "folder has no .txt, .md, .html or .jsonl files")

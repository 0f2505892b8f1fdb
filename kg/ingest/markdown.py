"""Markdown document -> (metadata, plain text): the words a reader sees, markup stripped.

Parsed by markdown-it-py (CommonMark, plus tables and strikethrough): entities (``&amp;``,
``&mdash;``) are decoded; fenced and indented code blocks are dropped; emphasis, nested
or over several lines, and links whose text holds brackets, are read as their text. YAML
front matter gives metadata.

Time is linear in the input, whatever it holds. markdown-it-py's parsers are linear but
its inline parser, in pure Python, costs up to ~35 us per markup character (1 MB of
``![[![[a](`` took 30 s; regular expressions over emphasis, before it, were quadratic:
40 KB of ``**a `` took 5-12 s). So paragraphs are parsed inline in pieces of at most
:data:`INLINE_CHUNK` characters, and once a document has had :data:`MARKUP_BUDGET` markup
characters (``[ ] ( ) ! ` * _ ~ < > & \\``) parsed, its remaining paragraphs are read as
they are written. Prose has a few markup characters per hundred, so only hostile or
machine-made documents reach the budget (a warning says so).
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

log = logging.getLogger(__name__)

_MD_FRONT_KEYS = {"title": "title", "author": "author", "authors": "author", "byline": "author",
                  "publisher": "publisher", "source": "publisher", "date": "date",
                  "published": "date", "url": "url", "link": "url", "canonical_url": "url"}
_TASK_BOX = re.compile(r"^\[[ xX]\][ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_MARKUP = re.compile(r"[\[\]()!`*_~<>&\\]")

MARKUP_BUDGET = 25_000
"""Markup characters parsed inline per document (~1 s at the costliest shape measured)."""
INLINE_CHUNK = 10_000
"""A longer paragraph is parsed inline in pieces of about this many characters, cut at spaces."""


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """The block parser; inline content is parsed paragraph by paragraph (``_Inline``)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("inline")


@lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


class _Inline:
    """Inline content -> visible text, within the document's markup budget."""

    def __init__(self, env: dict[str, Any]) -> None:
        self.env = env
        self.budget = MARKUP_BUDGET
        self.spent = False

    def text(self, content: str) -> str:
        out = []
        for piece in _pieces(content, INLINE_CHUNK):
            cost = len(_MARKUP.findall(piece))
            if cost > self.budget:
                if not self.spent:
                    log.warning("Markdown with more than %s markup characters: the rest is read as "
                                "written, without parsing its markup", f"{MARKUP_BUDGET:,}")
                self.spent = True
            if self.spent:
                out.append(piece)
                continue
            self.budget -= cost
            [tok] = _inline_parser().parseInline(piece, self.env)
            out.append(_inline(tok.children or []))
        return "".join(out)


def _pieces(text: str, size: int) -> list[str]:
    """``text`` cut into pieces of about ``size`` characters, after a space where there is one."""
    pieces, start = [], 0
    while len(text) - start > size:
        cut = text.rfind(" ", start + size // 2, start + size) + 1 or start + size
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


@lru_cache(maxsize=1)
def markdown_extractor() -> str:
    from importlib.metadata import version

    return f"markdown-it-py {version('markdown-it-py')}"


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
        name = _MD_FRONT_KEYS.get(key.strip().lower())
        value = value.strip().strip("\"'").strip()
        if sep and name and value and name not in meta and not line.startswith((" ", "\t")):
            meta[name] = value
    return meta, end + 1


def markdown_to_text(markdown: str) -> tuple[dict[str, str], str]:
    """Return ``(metadata, plain text)`` of a Markdown document.

    Keeps the words a reader sees: headings without ``#``, emphasis without ``*``/``_``
    (an intraword ``*`` as in ``2*3*4`` stays), links and images as their text, list
    items and quotes without their markers, one line per list item, table cells
    separated by ``;``, the text of HTML blocks. Drops code blocks, rules, link
    definitions, HTML tags, scripts and comments. Metadata comes from YAML front matter
    (``title``, ``author``, ``date``, ``publisher``, ``url``), and the title else from a
    first level-1 heading.

    >>> markdown_to_text("# Navy news\\n\\nThe **Chilean Navy** met [the Army](http://x.org).")
    ({'title': 'Navy news'}, 'Navy news\\n\\nThe Chilean Navy met the Army.')
    """
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta, start = _front_matter(lines)
    env: dict[str, Any] = {}  # link reference definitions, for the inline parser
    tokens = _parser().parse("\n".join(lines[start:]), env)
    inline = _Inline(env)
    blocks: list[str] = []  # block texts; a "\n" at the start joins a block to the previous one
    row: list[str] | None = None  # cells of the table row being read
    lists: list[bool] = []  # tightness of the open lists
    joined = False  # the next block continues a tight list or a table
    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            tight = i + 2 < len(tokens) and tokens[i + 2].type == "paragraph_open" and tokens[i + 2].hidden
            lists.append(tight)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            joined = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            if row is not None and any(row):
                blocks.append(("\n" if joined else "") + "; ".join(c for c in row if c))
                joined = True
            row = None
        elif kind == "table_close":
            joined = False
        elif kind == "inline":
            text = inline.text(tok.content)
            if row is not None:
                row.append(text.strip())
                continue
            if lists and i > 1 and tokens[i - 2].type == "list_item_open":
                text = _TASK_BOX.sub("", text)
            if i and tokens[i - 1].type == "heading_open" and tokens[i - 1].tag == "h1" \
                    and "title" not in meta and not any(b.strip() for b in blocks):
                meta["title"] = text.strip()
            in_tight = bool(lists) and lists[-1]
            blocks.append(("\n" if joined and in_tight else "") + text.strip())
            joined = in_tight
        elif kind == "html_block":
            from .html import html_to_text

            _, text = html_to_text(tok.content)
            if text:
                blocks.append(text)
            joined = False
        elif kind in ("fence", "code_block", "hr", "heading_open", "blockquote_open", "blockquote_close"):
            joined = False
    text = "".join(b if b.startswith("\n") else "\n\n" + b for b in blocks if b.strip())
    return meta, _BLANK_LINES.sub("\n\n", text).strip()


def _inline(children: list[Token]) -> str:
    """The visible text of an inline token's children."""
    out: list[str] = []
    for k, child in enumerate(children):
        kind = child.type
        if kind in ("text", "code_inline"):
            out.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "image":
            out.append(_inline(child.children or []))
        elif kind in ("em_open", "em_close", "strong_open", "strong_close") and child.markup[:1] == "*":
            before = out[-1][-1:] if out and out[-1] else ""
            after = children[k + 1].content[:1] if k + 1 < len(children) else ""
            if before.isalnum() and after.isalnum():  # "2*3*4": an intraword star reads as itself
                out.append(child.markup)
    return "".join(out)

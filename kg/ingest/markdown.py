"""Markdown document -> (metadata, plain text): the words a reader sees, markup stripped."""
from __future__ import annotations

import re

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

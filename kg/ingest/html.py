"""HTML page -> (title, visible text): scripts, styles and templates dropped."""
from __future__ import annotations

import re
from html.parser import HTMLParser


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

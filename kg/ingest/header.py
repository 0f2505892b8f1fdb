"""A news header -> metadata: title, byline (author, publisher) and date lines.

``split_header(text)`` -> ``(metadata, body, offset of the body)``; ``parse_date`` and
``parse_byline`` read one line each.
"""
from __future__ import annotations

import re
from datetime import date

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], start=1)}
_MONTH_RE = "|".join(MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_DATE_MDY = re.compile(rf"^(?:\w+day,?\s+)?({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})$", re.I)
_DATE_DMY = re.compile(rf"^(?:\w+day,?\s+)?(\d{{1,2}})\s+({_MONTH_RE})\.?,?\s+(\d{{4}})$", re.I)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+\-Z]*)?$")
_BYLINE = re.compile(r"^by\s+(?P<who>[^\n]{2,160})$", re.I)


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

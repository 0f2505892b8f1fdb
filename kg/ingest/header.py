"""A news header -> metadata: title, byline (author, publisher, date), date line and dateline.

``split_header(text)`` -> ``(metadata, body, offset of the body)``; ``split_dateline(body)``
-> ``(metadata, body without its dateline)``; ``parse_date``, ``read_byline`` and
``parse_byline`` read one line each.

Bylines and datelines are metadata, never text for the extractor: "By Ana Ruiz, March 4,
2021" is an author and a date, not a person who is a member of "March 4, 2021"; the city
of "LIMA, Peru (AP) —" is where the story was filed, not where it happened. Recognised::

    By NAME                       By NAME, DATE    By NAME | DATE    By NAME on DATE
    By NAME/OUTLET                By NAME, OUTLET  By NAME for OUTLET
    NAME | DATE                   NAME, DATE       (a name-like NAME: a few capitalised words)
    DATE                          Published: DATE  Updated March 4, 2021 10:32 a.m. EST
    CITY (AP) — ...               CITY, Country (Mar. 4, 2021) -- ...   CITY, March 4 (Reuters) - ...

Every pattern is anchored and bounded, and lines are cut to a few hundred characters
before they are matched, so reading a header is linear in its length.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], start=1)}
_MONTH_RE = "|".join(MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DATE_MDY = re.compile(rf"^{_WEEKDAY}({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$", re.I)
_DATE_DMY = re.compile(rf"^{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}})$", re.I)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+\-Z]*)?$")
# "Published:", "Updated on", "Posted" before a date; a time and a zone after it
_DATE_LEAD = re.compile(r"^(?:(?:first\s+)?(?:published|updated|posted|last\s+updated|last\s+modified)"
                        r"(?:\s+on)?\s*:?\s*|on\s+)", re.I)
_DATE_TIME = re.compile(r"(?:,|\s+at|\s*[|·•])?\s+\d{1,2}(?:[:.]\d{2}){1,2}\s*(?:[ap]\.?\s?m\.?)?"
                        r"(?:\s*\(?[A-Z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?\)?)?$", re.I)
_BYLINE = re.compile(r"^by[:\s]\s*(?P<who>\S[^\n]{1,200})$", re.I)
# Where a date may start after a name: "Ana Ruiz, March 4", "Ana Ruiz | 2021-03-04"
_DATE_CUT = re.compile(r"\s*(?:[|·•,\u2014\u2013]|--|\s-|\bon\b|\bupdated\b|\bpublished\b)\s*|\s+(?=\d)", re.I)
_OUTLET_CUT = ("/", " | ", ", ", " - ", " for ", " \u2014 ", " \u2013 ", " \u00b7 ")
_ROLE_WORDS = frozenset({"staff", "writer", "reporter", "correspondent", "editor", "contributor",
                         "columnist", "journalist", "producer", "photographer", "analyst", "special",
                         "senior", "chief", "bureau", "intern", "wire", "team", "desk"})
_NAME_PARTICLES = frozenset({"de", "da", "das", "do", "dos", "del", "della", "di", "du", "la", "le",
                             "van", "von", "der", "den", "y", "e", "bin", "al", "el", "ibn", "and", "&"})
_NAME_WORD = re.compile(r"^[A-Z\u00c0-\u00de][\w.'\u2019\-]*$")


@dataclass(frozen=True, slots=True)
class Byline:
    """What a byline says: the author, and the outlet and date when it names them."""

    author: str
    publisher: str | None = None
    date: str | None = None  # ISO 8601


def parse_date(line: str) -> str | None:
    """``"December 16, 2018"`` -> ``"2018-12-16"``; ``None`` when the line is not a date.

    Also ``"Published: Dec. 16, 2018 10:32 a.m. EST"``, ``"Sunday 16 December 2018"``,
    ``"2018-12-16T10:32:00Z"``.
    """
    line = line.strip()[:120]
    line = _DATE_LEAD.sub("", line, count=1)
    line = _DATE_TIME.sub("", line, count=1).strip()
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


def looks_like_name(text: str) -> bool:
    """A person's name or names as bylines give them: 1-8 words, capitalised ones with
    particles between ("Ana de la Cruz", "Ana Ruiz and Luis Soto"), no digits."""
    words = text.replace(",", " ").split()
    if not 1 <= len(words) <= 8 or any(c.isdigit() for c in text):
        return False
    if not _NAME_WORD.match(words[0]) or not _NAME_WORD.match(words[-1]):
        return False
    return all(_NAME_WORD.match(w) or w.lower() in _NAME_PARTICLES for w in words)


def _split_date(who: str) -> tuple[str, str | None]:
    """``"Ana Ruiz, March 4, 2021"`` -> ``("Ana Ruiz", "2021-03-04")``: the leftmost cut
    after which the rest is a date."""
    for m in _DATE_CUT.finditer(who):
        if m.start() == 0:
            continue
        when = parse_date(who[m.end():])
        if when:
            return who[:m.start()].strip(), when
    return who, None


def read_byline(line: str, *, require_by: bool = True) -> Byline | None:
    """The byline that ``line`` is, or ``None``.

    With ``require_by`` (the default) only "By ..." lines are bylines; without it a
    name followed by a date ("Ana Ruiz | March 4, 2021") is one too.

    >>> read_byline("By Ana Ruiz, March 4, 2021")
    Byline(author='Ana Ruiz', publisher=None, date='2021-03-04')
    >>> read_byline("By the end of the year, the Navy had six ships.") is None
    True
    """
    line = line.strip()[:240]
    m = _BYLINE.match(line)
    if m:
        who = m.group("who").strip()
    elif require_by:
        return None
    else:  # "Ana Ruiz | March 4, 2021" (not "BUENOS AIRES, March 4": a comma is no cut here)
        for sep in (" | ", " \u00b7 ", " \u2022 "):
            name, cut, rest = line.partition(sep)
            if cut:
                when = parse_date(rest)
                name = name.strip()
                if when and len(name.split()) >= 2 and not name.isupper() and looks_like_name(name):
                    return Byline(name, None, when)
        return None
    who, when = _split_date(who)
    publisher = None
    for sep in _OUTLET_CUT:
        if sep in who:
            name, outlet = who.split(sep, 1)
            if looks_like_name(name.strip()):
                who, publisher = name.strip(), outlet.strip(" ,|") or None
                break
    if publisher and set(publisher.lower().replace(",", " ").split()) & _ROLE_WORDS:
        publisher = None  # "By Ana Ruiz, Staff Writer"
    who = who.strip(" ,|")
    if not looks_like_name(who):
        return None
    return Byline(who, publisher, when)


def parse_byline(line: str) -> tuple[str | None, str | None]:
    """``"By Geraldine Cook/Diálogo"`` -> ``("Geraldine Cook", "Diálogo")``."""
    b = read_byline(line)
    return (b.author, b.publisher) if b else (None, None)


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
        byline = read_byline(ln) or (read_byline(ln, require_by=False) if len(ln) <= 120 else None)
        when = None if byline else parse_date(ln)
        if byline:
            meta.setdefault("author", byline.author)
            if byline.publisher:
                meta.setdefault("publisher", byline.publisher)
            if byline.date:
                meta.setdefault("date", byline.date)
            last = i
        elif when:
            meta.setdefault("date", when)
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


# ------------------------------------------------------------------ datelines

_PLACE_WORD = r"[A-Z\u00c0-\u00de][\w.'\u2019\-]*"
_DATELINE = re.compile(
    rf"(?P<place>{_PLACE_WORD}(?: {_PLACE_WORD}){{0,3}}(?:, {_PLACE_WORD}(?: {_PLACE_WORD}){{0,3}}){{0,2}})"
    rf"(?P<notes>(?:,? \([^()\n]{{1,40}}\)|, (?i:{_MONTH_RE})\.? \d{{1,2}}(?:, \d{{4}})?){{0,2}})"
    r"(?: ?(?:--|\u2014|\u2013) ?| - )(?=\S)")
_NOT_PLACES = frozenset({"UPDATE", "UPDATED", "BREAKING", "NOTE", "EDITOR'S", "EDITOR\u2019S", "CORRECTION",
                         "EXCLUSIVE", "ANALYSIS", "OPINION", "WATCH", "LIVE", "PHOTOS", "VIDEO", "FILE",
                         "ADVISORY", "URGENT", "FLASH", "REVIEW", "COMMENTARY"})


def split_dateline(body: str) -> tuple[dict[str, str], str]:
    """Take the dateline off the start of the body's first paragraph.

    ``"LIMA, Peru (AP) — The Navy ..."`` -> ``({"dateline": "LIMA, Peru", "publisher": "AP"},
    "The Navy ...")``. A date in the dateline ("(Mar. 4, 2021)") gives ``date``. The first
    place word must be in capitals ("LIMA"), unless a parenthesis (agency or date) follows
    the place ("Lima, Peru (Reuters) -"). Up to two short heading lines before the
    paragraph are passed over; the rest of the body is left as it is.
    """
    start = 0
    for _ in range(3):
        while start < len(body) and body[start] in " \t\n":
            start += 1
        end = body.find("\n", start)
        end = len(body) if end < 0 else end
        para = body[start:end]
        found = _read_dateline(para[:200])
        if found is not None:
            meta, cut = found
            return meta, body[:start] + body[start + cut:]
        if len(para) > 120 or para.rstrip().endswith((".", "!", "?", ":", ";")):
            break
        start = end
    return {}, body


def _read_dateline(head: str) -> tuple[dict[str, str], int] | None:
    m = _DATELINE.match(head)
    if m is None:
        return None
    place, notes = m.group("place"), m.group("notes")
    first = place.split()[0].rstrip(",")
    letters = first.replace(".", "").replace("-", "").replace("'", "").replace("\u2019", "")
    if first.upper() in _NOT_PLACES or not letters.isalpha():
        return None
    if not (letters.isupper() and len(letters) >= 2) and "(" not in notes:
        return None
    meta = {"dateline": place}
    for note in re.findall(r"\(([^()\n]{1,40})\)|, ((?:[A-Za-z]+)\.? \d{1,2}(?:, \d{4})?)", notes):
        text = (note[0] or note[1]).strip()
        when = parse_date(text)
        if when:
            meta.setdefault("date", when)
        elif note[0] and not any(c.isdigit() for c in text):
            meta.setdefault("publisher", text)
    return meta, m.end()

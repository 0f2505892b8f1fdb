"""Bylines and credit lines -> who wrote and published an article (``Credit``s), and their ``Mention``s.

``parse_credit`` reads one byline ("By Ann Roe/Daily Lens", "Staff Sgt. Ann Lee Joint Task
Force-Bravo Public Affairs"); ``credits_of`` and ``outlet_of`` read an ``Article``'s author
and publisher (used by resolution as metadata); ``credit_lines`` finds the credit lines at
the top of the body of a ``Doc`` and yields their people and outlets as mentions.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Article, Mention
from ..ontology import top_class
from . import lexicon as lx
from .gazetteer import capital_country, country_of, fold, is_province
from .names import NAME_PARTICLES, RANK_RE, classify
from .spans import make_mention
from .tokens import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

_CREDIT_LEAD = re.compile(r"^(?:by|from|courtesy(?: story)?(?: of)?|written by|story by|photo by)\s+(?:the\s+)?",
                          re.I)
_BODY_WORDS = frozenset(w for h in (lx.MILITARY_HEADS | lx.GOVERNMENT_HEADS | lx.MEDIA_HEADS) for w in h.split())
_CREDIT_FILLER = {"press release", "news", "courtesy story", "story", "release", "news release", "feature",
                  "writer-id", "published", "staff", "staff report", "wire", "photo", "video"}
_DATEISH = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\b\d{4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
                      r"[a-z]*\.?\s+\d", re.I)


@dataclass(frozen=True, slots=True)
class Credit:
    """One name read from a byline or credit line: who (or which outlet) wrote the article."""

    name: str
    cls: str
    rank: str | None = None


def parse_credit(text: str) -> tuple[Credit, ...]:
    """A byline or credit line -> the people and organisations it names.

    ``"By Ann Roe/Daily Lens"`` -> Ann Roe (Person), Daily Lens (MediaOrganization);
    ``"Staff Sgt. Ann Lee Joint Task Force-Bravo Public Affairs"`` -> Ann Lee (Person, rank
    Staff Sgt.), Joint Task Force-Bravo Public Affairs (MediaOrganization); ``"By Dialogo"``:
    a one-word credit is an outlet, not a person. Dates and fillers ("Press Release") give nothing.
    """
    out: list[Credit] = []
    for piece in re.split(r"\s*(?:/|\|)\s*", text.strip()):
        courtesy = piece.strip().lower().startswith("courtesy of")
        piece = _CREDIT_LEAD.sub("", piece.strip()).strip(" ,;:-\u2013\u2014")
        if not piece or fold(piece) in _CREDIT_FILLER or not any(c.isalpha() for c in piece) \
                or (_DATEISH.search(piece) and len(piece.split()) <= 5 and not _credit_org_class(piece)):
            continue
        if fold(piece).startswith(("published", "story number", "release date")):
            continue
        rank = None
        m = RANK_RE.match(piece + " ")
        if m and piece[m.end():].strip()[:1].isupper():
            rank = " ".join(m.group(0).split())
            piece = piece[m.end():].strip()
        words = piece.split()
        whole = _credit_org_class(piece)
        n = 2
        while n < len(words) and (re.fullmatch(r"[A-Z]\.", words[n - 1]) or words[n - 1].lower() in NAME_PARTICLES):
            n += 1
        person, rest = " ".join(words[:n]), " ".join(words[n:])
        name_like = len(words) >= 2 and all(
            (((w[:1].isupper() and not w.isupper()) or re.fullmatch(r"[A-Z]\.", w)) and fold(w) not in _BODY_WORDS)
            or w.lower() in NAME_PARTICLES for w in words[:n]) and not (
            rest[:1].islower() or courtesy or any(RANK_RE.match(w + " ") for w in words[:n])
            or country_of(person) or is_province(person) or capital_country(person))
        if name_like and (rank or not whole or (rest and _credit_org_class(rest))):
            out.append(Credit(person, "Person", rank))
            if rest and _credit_org_class(rest):
                out.append(Credit(rest, _credit_org_class(rest) or "Organization"))
        elif whole:
            out.append(Credit(piece, whole))
        elif (len(words) == 1 or (out and out[-1].cls == "Person")) and rank is None and piece[:1].isupper():
            out.append(Credit(piece, "MediaOrganization"))  # "By Dialogo", "Ann Roe/Daily Lens": the outlet
    return tuple(out)


def _credit_org_class(piece: str) -> str | None:
    """The organisation class of a credit piece named by its head word ("... Public Affairs")."""
    if piece[:1].islower():
        return None
    cls = classify(piece, "ORG")
    if cls and top_class(cls) == "Organization" and cls != "Organization":
        return cls
    return None


def credits_of(article: Article) -> tuple[Credit, ...]:
    """Who the article's metadata says wrote and published it."""
    out: list[Credit] = []
    if article.author:
        out += parse_credit(article.author)
    if article.publisher:
        out += [Credit(c.name, "MediaOrganization" if c.cls == "Person" else c.cls, c.rank)
                for c in parse_credit(article.publisher)]
    return tuple(out)


def outlet_of(article: Article) -> str | None:
    """The publisher's name, or the outlet a one-word byline names ("By Dialogo")."""
    if article.publisher:
        return article.publisher
    return next((c.name for c in credits_of(article) if c.cls == "MediaOrganization"), None)


def credit_lines(doc: Doc) -> Iterable[Mention]:
    """Credit lines at the top of the body ("Ann Roe/Daily Lens | 21 May 2018", "Press Release |
    May 2, 2020", "From Joint Task Force Public Affairs"): the people and outlets they name."""
    text = doc_text(doc)
    pos = 0
    for _ in range(6):
        while pos < len(text) and text[pos] in "\n\r \t":
            pos += 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end].strip()
        if not line:
            break
        credit_like = ("|" in line or "/" in line or _CREDIT_LEAD.match(line) or _DATEISH.search(line)) \
            and len(line) <= 140 and not line.endswith((".", "?", "!", ":", '"', "\u201d")) \
            and " -- " not in line and " \u2013 " not in line and (
                _CREDIT_LEAD.match(line) or not re.search(r"[a-z]{4}\.\s+[A-Z]", line))
        if credit_like:
            for c in parse_credit(line):
                at = text.find(c.name, pos, end)
                if at < 0:
                    continue
                span = doc.char_span(at, at + len(c.name), alignment_mode="expand")
                if span is None:
                    continue
                m = make_mention(doc, span.start, span.end, c.cls, "byline", rank=c.rank)
                if m:
                    yield m
        elif len(line) > 140 or line.endswith((".", "?", "!")):
            break
        pos = end

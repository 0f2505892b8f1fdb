"""Interviews: ``Article`` -> its speaker turns (``Turn``); ``Doc`` + turns -> "we"/"our"/"us" ``Mention``s.

A turn is a paragraph opened by a speaker label ("Diálogo:", "Adm. Smith:"); a first-person
plural pronoun inside an answer is a mention of the speaker's organisation, resolved later.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Article, Mention
from . import lexicon as lx
from .gazetteer import fold
from .tokens import lowers, sent_of, toks

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Turn:
    """One paragraph of an interview: who speaks, and where."""

    speaker: str
    label_start: int
    label_end: int
    start: int
    end: int
    is_question: bool


def interview_turns(article: Article) -> list[Turn]:
    """Paragraphs that open with a speaker label ("Diálogo:", "Adm. Smith:")."""
    turns: list[Turn] = []
    text = article.text
    for m in re.finditer(r"(?:^|\n)([^\n:]{2,120}?):[ \t]", text):
        label = m.group(1).strip()
        if label.count(" ") > 16 or (label.endswith((".", "?", "!")) and not re.search(
                r"\b[A-Z][a-z]{0,4}\.$", label)):
            continue
        if not re.match(r"^[A-Z\u00c0-\u00de]", label):
            continue
        start = m.start(1)
        nxt = text.find("\n", m.end())
        end = len(text) if nxt < 0 else nxt
        is_q = bool(article.publisher and fold(label) == fold(article.publisher)) or text[
            m.end():end].rstrip().endswith("?")
        turns.append(Turn(label, start, start + len(label), m.end(), end, is_q))
    return turns if len(turns) >= 2 else []


def pronoun_mentions(doc: Doc, turns: list[Turn]) -> Iterable[Mention]:
    answers = [t for t in turns if not t.is_question]
    if not answers:
        return
    T = toks(doc)
    for i, low in enumerate(lowers(doc)):
        if low in lx.FIRST_PERSON_PLURAL:
            tok = T[i]
            for t in answers:
                if t.start <= tok.idx < t.end:
                    yield Mention(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text,
                                  cls="Agent", source="pronoun", key=f"@speaker:{t.label_start}",
                                  sent=sent_of(tok).start)
                    break

"""spaCy's named-entity spans -> ``Mention``s, cleaned and typed.

Each ``doc.ents`` span of a kind that can name a thing is stripped (no leading "the", no
possessive, no bracket tail, no rank), split at an inner possessive ("the Armed Forces'
Joint Command") or at "and" between two names, and typed by ``classify`` with the NER label
and the words around it (``context_class``).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from ..models import Mention
from .gazetteer import country_of, demonym_country, fold
from .names import ROMAN, classify
from .spans import context_class, has_head, make_mention, split_possessive, strip_span
from .tokens import caps, lowers, rank_at, span_text, toks

if TYPE_CHECKING:
    from spacy.tokens import Doc


def ner_mentions(doc: Doc, publisher: str | None) -> Iterable[Mention]:
    T, L, C, ranks = toks(doc), lowers(doc), caps(doc), rank_at(doc)
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"):
            continue
        if ent.label_ in ("ORG", "NORP") and (rank := ranks[ent.start]) and rank.end() > ent.end_char:
            continue  # "Defense" of "Defense Minister X" is part of a title, not a body
        a, b = strip_span(doc, ent.start, ent.end)
        if b == ent.end and b < len(T) and ROMAN.match(T[b].text) and b > a:
            b += 1  # "UNITAS LXIV": an edition number belongs to the name
        parts = split_possessive(doc, a, b)
        ands = [i for i in range(a + 1, b - 1) if L[i] == "and"]
        if ands and len(parts) == 1 and not country_of(span_text(doc, a, b)) and not has_head(doc, a, b):
            parts = [(a, ands[0]), (ands[0] + 1, b)]  # "Meta and Caquetá": two names
        for s, e in parts:
            s, e = strip_span(doc, s, e)
            if e <= s:
                continue
            text = span_text(doc, s, e)
            if ent.label_ == "NORP":
                if demonym_country(text) or fold(text) in ("south american", "latin american"):
                    continue
            cls = classify(text, ent.label_, publisher=publisher)
            ctx = context_class(doc, s, e)
            if ctx and (cls in (None, "Organization", "Person", "City", "Region", "Place") or (
                    ctx == "ArmedGroup" and cls != "Country")):
                cls = ctx
            if ent.label_ == "PERSON" and cls == "Person" and not all(C[s:e]):
                continue
            if cls not in ("Threat", "ArmedGroup") and not any(C[k] or T[k].like_num for k in range(s, e)):
                continue  # "cocaine" tagged ORG: a common noun, not a name
            if cls:
                m = make_mention(doc, s, e, cls, "ner")
                if m and len(parts) > 1 and (s, e) == parts[-1]:
                    m = replace(m, surface=span_text(doc, a, b))
                if m:
                    yield m

"""``Doc`` -> ``Mention``s of people named by a rank or a role.

``rank_mentions``: a rank or title before a capitalised name ("Adm. Paredes", "Army General
Jane Roe"), with the country a demonym before it gives; ``role_mentions``: a name in
apposition with a role noun ("Ana Diaz, a police officer").
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..models import Mention
from . import lexicon as lx
from .gazetteer import country_of, demonym_country
from .names import NAME_PARTICLES, classify
from .spans import POSSESSIVE, cap_runs, make_mention, strip_span
from .tokens import caps, doc_text, lowers, opens_sentence, rank_at, span_text, token_at, toks

if TYPE_CHECKING:
    from spacy.tokens import Doc


def rank_mentions(doc: Doc) -> Iterable[Mention]:
    """A rank or title followed by a capitalised name: a Person with that rank."""
    T, L, C, S, ranks = toks(doc), lowers(doc), caps(doc), opens_sentence(doc), rank_at(doc)
    text = doc_text(doc)
    starts = token_at(doc)
    n = len(T)
    i = 0
    while i < n:
        m = ranks[i] if C[i] else None
        if not m:
            i += 1
            continue
        pos = m.end()
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        ret = re.match(r"\((?:ret|retired|ret\.)\)\s*", text[pos:pos + 12], re.I)
        if ret:
            pos += ret.end()  # "Rear Adm. (Ret) Ann Lee"
        j = starts.get(pos)
        if j is None:
            i += 1
            continue
        e = j
        while e < n and e - j < 6 and (e == j or not S[e]) and (
                (C[e] and T[e].pos_ in ("PROPN", "NOUN", "ADJ") and L[e] not in lx.DETERMINERS)
                or (e > j and L[e] in NAME_PARTICLES and e + 1 < n and C[e + 1])):
            e += 1  # "Juan Andrés De la Maza": lower-case particles inside a name
        if e > j and any(t.pos_ == "PROPN" for t in T[j:e]) and classify(span_text(doc, j, e)) in (
                None, "Person", "City", "Region"):
            # "Brazilian Rear Adm. X", "Colombia's Defense Minister X": the person's country
            k = i - 1
            while k >= 0 and L[k] in ("army", "navy", "air", "force", "police", "marine", "naval"):
                k -= 1
            country = demonym_country(T[k].text) if k >= 0 and C[k] else None
            if k >= 1 and T[k].text in POSSESSIVE:
                country = country_of(T[k - 1].text)
            mention = make_mention(doc, j, e, "Person", "rank", rank=" ".join(m.group(0).split()),
                                   surface=span_text(doc, i, e), country=country)
            if mention:
                yield mention
            i = e
        else:
            i += 1


_ROLE_NOUNS = {"officer", "member", "spokesman", "spokeswoman", "spokesperson", "commander", "president",
               "director", "minister", "soldier", "analyst", "researcher", "chief", "head", "leader",
               "captain", "pilot", "sailor", "official", "expert", "professor", "journalist", "agent",
               "secretary", "ambassador", "governor", "mayor", "deputy", "founder", "coordinator"}


def role_mentions(doc: Doc) -> Iterable[Mention]:
    """'Ana Diaz, a police officer from ...': a capitalised two- to four-word name in apposition
    with a role noun is a person, even where NER missed it."""
    T = toks(doc)
    for i, j in cap_runs(doc):
        s, e = strip_span(doc, i, j)
        if not 2 <= e - s <= 4 or e + 2 >= len(T) or T[e].text != ",":
            continue
        if not all(t.pos_ == "PROPN" for t in T[s:e]) or classify(span_text(doc, s, e)) not in (None, "Person"):
            continue
        k = e + 1
        while k < len(T) and k - e < 6 and (T[k].pos_ in ("DET", "ADJ") or T[k].dep_ == "compound"
                                            or T[k].lower_ in ("former", "then", "deputy", "vice")):
            k += 1
        if k < len(T) and T[k].lower_ in _ROLE_NOUNS:
            m = make_mention(doc, s, e, "Person", "role")
            if m:
                yield m

"""Token spans of a ``Doc`` -> clean name spans and ``Mention``s: the shared steps of the recognisers.

``strip_span`` trims determiners, possessives, ranks, titles and brackets off a span;
``split_possessive`` cuts it at an inner possessive; ``cap_runs`` lists the runs of
capitalised tokens that may be names; ``context_class`` reads the class the words around a
name give it ("districts of X", "X area"); ``make_mention`` turns a span into a ``Mention``
with its class, key and country (``kg.extract.names``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..models import Mention
from . import lexicon as lx
from .gazetteer import country_of, demonym_country, fold
from .names import CONNECTORS, NUMBER, YEAR, name_key
from .tokens import caps, lowers, offsets, opens_sentence, rank_at, sent_of, span_text, toks

if TYPE_CHECKING:
    from spacy.tokens import Doc

POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
OPEN = {"(": ")", "[": "]"}

# words before "in" that make it non-locative ("participated in X", "experience in X")
_NOT_LOCATIVE = {"participate", "participation", "part", "involve", "involvement", "engage",
                 "interest", "experience", "role", "invest", "investment", "believe", "result"}

_ORDINAL = re.compile(r"^\d{1,3}(?:st|nd|rd|th)$")

_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
           "dec", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec."}
_TITLE_TAIL = {"commanding", "general", "commander", "deputy", "director", "chief", "vice"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_RANK_BODY_HEADS = {"staff", "command", "headquarters", "directorate", "secretariat", "assembly", "council",
                    "inspectorate", "office", "commission", "staffs"}
_MEASURES = {"kg", "kilograms", "kilos", "tons", "pounds", "percent", "%", "km", "kilometers", "miles", "meters",
             "people", "troops", "soldiers", "personnel", "members", "officers", "years", "days", "hours"}

# Words after a body's name that name its people, not the body ("Navy officials").
_ROLE_TAIL = {"spokesman", "spokeswoman", "spokesperson", "official", "officials", "officer", "officers",
              "personnel", "leaders", "leadership", "members", "representatives", "delegation", "delegates"}
# Titles whose holder's office is a body: "the Prosecutor's Office", "the Attorney General's Office".
TITLE_OWNERS = {"prosecutor", "attorney general", "president", "ombudsman", "comptroller", "inspector general",
                "solicitor general", "prime minister", "governor", "mayor", "chief prosecutor", "public prosecutor"}
PRONOUNS = {"your", "our", "their", "his", "her", "its", "my"}


def _rank_heads_body(L: list[str], i: int) -> bool:
    """'General Staff', 'General Command', 'Inspector General's Office': a rank word that opens
    a body's name, not a person's title (the word after it is a body head)."""
    return i + 1 < len(L) and L[i + 1] in _RANK_BODY_HEADS


def strip_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading determiners/punctuation and trailing possessives/punctuation (token indices)."""
    T, L = toks(doc), lowers(doc)
    while start < end and (L[start] in lx.DETERMINERS or T[start].is_punct
                           or T[start].is_space or L[start] in PRONOUNS):
        start += 1
    while end > start and (T[end - 1].text in POSSESSIVE or T[end - 1].is_punct
                           or T[end - 1].is_space or L[end - 1] in CONNECTORS):
        end -= 1
    # "X of your" / "X of our country": cut the pronoun tail
    for i in range(start, end):
        if L[i] == "of" and i + 1 < end and L[i + 1] in PRONOUNS:
            end = i
            break
    # a rank inside a span ends it: "Colombian Army General Ana Ruiz" -> "Colombian Army",
    # "Colombian Defense Minister Iván Velásquez" -> "Colombian"
    ranks, (begins, ends), C = rank_at(doc), offsets(doc), caps(doc)
    for i in range(start + 1, end):
        m = ranks[i]
        if not m:
            continue
        k = i + 1  # the token after the rank ("Col." may be two tokens)
        while k < len(T) and begins[k] < m.end():
            k += 1
        if k < len(T) and C[k] and (k < end or m.end() > ends[i]
                                    or T[k].pos_ == "PROPN") and not _rank_heads_body(L, i):
            end = i
            break
    # a title after a body is not part of its name: "U.S. Army South Commanding General"
    while end - start > 2 and L[end - 1] in _TITLE_TAIL and (
            L[end - 2] in _TITLE_TAIL or L[end - 1] in ("commander", "director", "chief")) \
            and has_head(doc, start, end - 1 - (L[end - 2] in _TITLE_TAIL)):
        end -= 2 if L[end - 2] in _TITLE_TAIL else 1
    # a role noun after a body is not part of its name: "Department of Defense Spokesman"
    while end - start > 1 and L[end - 1] in _ROLE_TAIL:
        end -= 1
    # a bracket inside a span ends it: "Conference (SOUTHDEC" -> "Conference"
    for i in range(start, end):
        if T[i].text in OPEN or T[i].text in (")", "]"):
            end = i
            break
    while end > start and (T[end - 1].is_punct or L[end - 1] in CONNECTORS):
        end -= 1
    return start, end


_HEADS = (lx.MILITARY_HEADS | lx.GOVERNMENT_HEADS | lx.CONFERENCE_HEADS | lx.REGION_HEADS | lx.NATURAL_HEADS
          | lx.ARMED_GROUP_HEADS | lx.MEDIA_HEADS)


def has_head(doc: Doc, start: int, end: int) -> bool:
    """Do tokens ``start:end`` contain a unit, body, meeting or place head word (then "and" is
    inside a name)?"""
    return not _HEADS.isdisjoint(lowers(doc)[start:end])


def split_possessive(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span at inner possessive markers: owner and owned parts."""
    T = toks(doc)
    parts, cur = [], start
    for i in range(start, end):
        if T[i].text in POSSESSIVE and i > cur and fold(span_text(doc, cur, i)) not in TITLE_OWNERS:
            parts.append((cur, i))
            cur = i + 1
    parts.append((cur, end))
    return [(a, b) for a, b in parts if b > a]


def context_class(doc: Doc, start: int, end: int) -> str | None:
    """A class the words around a name give it: "districts of X", "X area", "X terrorist group"."""
    T, L, C = toks(doc), lowers(doc), caps(doc)
    # walk back over a coordinated list of names: "districts of A, B and C"
    k = start
    while k > 0 and (C[k - 1] or L[k - 1] in ("and", "or", ",", "del", "de")):
        k -= 1
    if not any(w in ("and", "or", ",") for w in L[k:start]):
        k = start
    before = L[max(0, k - 3):k]
    after = L[end:end + 3]
    place_before = {"district", "districts", "province", "provinces", "region", "regions",
                    "department", "departments", "state", "states", "valley", "municipality"}
    if len(before) >= 2 and before[-1] in ("of", "and", ",") and (
            before[-2] in place_before or (len(before) == 3 and before[-3] in place_before)):
        return "Region"
    if len(before) >= 2 and before[-1] == "of" and before[-2] in ("city", "town", "port", "village"):
        return "City"
    if len(before) >= 2 and before[-1] in ("in", "at") and before[-2] in (
            "held", "based", "located", "headquartered", "hosted", "situated", "born"):
        return "City"
    if len(before) >= 2 and before[-1] in ("in", "to", "into") and before[-2] in (
            "deployed", "stationed", "operates", "operating", "operate", "patrols", "patrol", "sent",
            "active", "present"):
        return "Region"
    if start > 0 and L[start - 1] == "in" and end - start == 1 and T[start].pos_ == "PROPN" and not (
            start > 1 and T[start - 2].lemma_.lower() in _NOT_LOCATIVE) and not (
            after and after[0] in ("'s", "\u2019s")):
        return "City"  # "in Cartagena": a one-word name after locative "in" is a place
    if after and after[0] in ("area", "region", "district", "province", "valley", "zone", "prefecture",
                              "department", "state", "county", "municipality"):
        return "Region"
    if after and after[0] in ("river",):
        return "NaturalFeature"
    if after and after[0] in lx.ARMED_GROUP_CUES and len(after) > 1 and after[1] in lx.GROUP_NOUNS:
        return "ArmedGroup"
    if after and after[0] in ("cartel", "gang", "militia", "guerrillas", "rebels"):
        return "ArmedGroup"
    if len(before) >= 1 and before[-1] in ("militia", "cartel", "guerrilla", "gang"):
        return "ArmedGroup"
    return None


def make_mention(doc: Doc, start: int, end: int, cls: str, source: str, *, rank: str | None = None,
                 surface: str | None = None, country: str | None = None) -> Mention | None:
    """The ``Mention`` of tokens ``start:end`` with its key and ``country`` (when not given, the
    country its name gives, see ``name_key``); ``None`` for a span without letters."""
    if end <= start:
        return None
    text = span_text(doc, start, end).strip()
    if not text or not any(c.isalpha() for c in text):
        return None
    key, named = name_key(text, cls)
    if not key:
        return None
    begin = offsets(doc)[0][start]
    sent = sent_of(toks(doc)[start])
    return Mention(start=begin, end=begin + len(text), text=text, cls=cls,
                   source=source, key=key, sent=sent.start, country=named if country is None else country,
                   rank=rank, surface=surface)


_DATE_WORDS = _MONTHS | _WEEKDAYS


def cap_runs(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens joined by connectors, within a sentence (computed once per Doc)."""
    out = doc.user_data.get("kg_cap_runs")
    if out is None:
        out = doc.user_data["kg_cap_runs"] = list(_cap_runs(doc))
    return out


def _cap_runs(doc: Doc) -> Iterable[tuple[int, int]]:
    T, L, C, S, ranks = toks(doc), lowers(doc), caps(doc), opens_sentence(doc), rank_at(doc)
    i, n = 0, len(T)
    while i < n:
        ordinal = _ORDINAL.match(T[i].text) and i + 1 < n and C[i + 1] and not S[i + 1]
        edition = S[i] and C[i] and T[i].pos_ in ("VERB", "NOUN") and any(
            YEAR.match(T[k].text) for k in range(i + 1, min(n, i + 5)) if all(C[i:k]))
        if not ordinal and not edition and (not C[i] or L[i] in lx.DETERMINERS or (
                S[i] and T[i].pos_ not in ("PROPN", "ADJ") and not T[i].is_upper
                and not demonym_country(T[i].text))):
            i += 1  # a sentence-initial common word ("Soldiers of the X") is not part of a name
            continue
        j = i + 1
        while j < n and not S[j]:
            if C[j] and ranks[j] and j + 1 < n and C[j + 1] and not _rank_heads_body(L, j):
                break  # "Colombian Army | General Ana Ruiz"
            if C[j]:
                j += 1
                continue
            t = T[j]
            low = L[j]
            if ((low in CONNECTORS or (low == "against" and j > i and has_head(doc, i, j)))
                    and j + 1 < n and L[j + 1] not in _DATE_WORDS and (C[j + 1] or (
                        L[j + 1] in ("the", "de", "la") and low not in ("and", "&", "y")
                        and j + 2 < n and C[j + 2]))
                    and not S[j + 1]):
                j += 1
            elif t.text in ("-", "\u2013") and j + 1 < n and (C[j + 1] or NUMBER.match(T[j + 1].text)):
                j += 1
            elif _ORDINAL.match(t.text) and j + 1 < n and C[j + 1] and not S[j + 1] \
                    and (country_of(span_text(doc, i, j)) or demonym_country(span_text(doc, i, j))):
                j += 1  # "the U.S. 4th Fleet" (but "the Army | 7th Special Forces Group": two names)
            elif NUMBER.match(t.text) and C[j - 1] and L[j - 1] not in _MONTHS and not (
                    j + 1 < n and L[j + 1] in _MEASURES):
                j += 1  # "Detachment 406", "UNITAS 55", "Continuing Hope 2022"
                break
            else:
                break
        yield i, j
        i = j

"""Token spans of a ``Doc`` -> clean name spans and ``Mention``s: the shared steps of the recognisers.

``strip_span`` trims determiners, possessives, ranks, titles and brackets off a span;
``split_possessive`` cuts it at an inner possessive; ``cap_runs`` yields the runs of
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
from .names import CONNECTORS, NUMBER, RANK_RE, YEAR, name_key
from .tokens import doc_text, is_cap, sent_of, toks

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

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


def _rank_heads_body(T: list[Token], i: int) -> bool:
    """'General Staff', 'General Command', 'Inspector General's Office': a rank word that opens
    a body's name, not a person's title (the word after it is a body head)."""
    return i + 1 < len(T) and T[i + 1].lower_ in _RANK_BODY_HEADS


def strip_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading determiners/punctuation and trailing possessives/punctuation (token indices)."""
    T = toks(doc)
    while start < end and (T[start].lower_ in lx.DETERMINERS or T[start].is_punct
                           or T[start].is_space or T[start].lower_ in PRONOUNS):
        start += 1
    while end > start and (T[end - 1].text in POSSESSIVE or T[end - 1].is_punct
                           or T[end - 1].is_space or T[end - 1].lower_ in CONNECTORS):
        end -= 1
    # "X of your" / "X of our country": cut the pronoun tail
    for i in range(start, end):
        if T[i].lower_ == "of" and i + 1 < end and T[i + 1].lower_ in PRONOUNS:
            end = i
            break
    # a rank inside a span ends it: "Colombian Army General Ana Ruiz" -> "Colombian Army",
    # "Colombian Defense Minister Iván Velásquez" -> "Colombian"
    for i in range(start + 1, end):
        m = RANK_RE.match(doc_text(doc), T[i].idx)
        if not m:
            continue
        k = i + 1  # the token after the rank ("Col." may be two tokens)
        while k < len(T) and T[k].idx < m.end():
            k += 1
        if k < len(T) and is_cap(T[k]) and (k < end or m.end() > T[i].idx + len(T[i].text)
                                             or T[k].pos_ == "PROPN") and not _rank_heads_body(T, i):
            end = i
            break
    # a title after a body is not part of its name: "U.S. Army South Commanding General"
    while end - start > 2 and T[end - 1].lower_ in _TITLE_TAIL and (
            T[end - 2].lower_ in _TITLE_TAIL or T[end - 1].lower_ in ("commander", "director", "chief")) \
            and has_head(doc[start:end - 1 - (T[end - 2].lower_ in _TITLE_TAIL)]):
        end -= 2 if T[end - 2].lower_ in _TITLE_TAIL else 1
    # a role noun after a body is not part of its name: "Department of Defense Spokesman"
    while end - start > 1 and T[end - 1].lower_ in _ROLE_TAIL:
        end -= 1
    # a bracket inside a span ends it: "Conference (SOUTHDEC" -> "Conference"
    for i in range(start, end):
        if T[i].text in OPEN or T[i].text in (")", "]"):
            end = i
            break
    while end > start and (T[end - 1].is_punct or T[end - 1].lower_ in CONNECTORS):
        end -= 1
    return start, end


def has_head(span: Span) -> bool:
    """Does a span contain a unit, body, meeting or place head word (then "and" is inside a name)?"""
    words = {t.lower_ for t in span}
    return bool(words & (lx.MILITARY_HEADS | lx.GOVERNMENT_HEADS | lx.CONFERENCE_HEADS | lx.REGION_HEADS
                         | lx.NATURAL_HEADS | lx.ARMED_GROUP_HEADS | lx.MEDIA_HEADS))


def split_possessive(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span at inner possessive markers: owner and owned parts."""
    parts, cur = [], start
    for i in range(start, end):
        if doc[i].text in POSSESSIVE and i > cur and fold(doc[cur:i].text) not in TITLE_OWNERS:
            parts.append((cur, i))
            cur = i + 1
    parts.append((cur, end))
    return [(a, b) for a, b in parts if b > a]


def context_class(doc: Doc, start: int, end: int) -> str | None:
    """A class the words around a name give it: "districts of X", "X area", "X terrorist group"."""
    T = toks(doc)
    # walk back over a coordinated list of names: "districts of A, B and C"
    k = start
    while k > 0 and (is_cap(T[k - 1]) or T[k - 1].lower_ in ("and", "or", ",", "del", "de")):
        k -= 1
    if not any(t.lower_ in ("and", "or", ",") for t in doc[k:start]):
        k = start
    before = [t.lower_ for t in doc[max(0, k - 3):k]]
    after = [t.lower_ for t in doc[end:end + 3]]
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
    if start > 0 and T[start - 1].lower_ == "in" and end - start == 1 and T[start].pos_ == "PROPN" and not (
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
    span = doc[start:end]
    text = span.text.strip()
    if not text or not any(c.isalpha() for c in text):
        return None
    key, named = name_key(text, cls)
    if not key:
        return None
    sent = sent_of(span[0])
    return Mention(start=span.start_char, end=span.start_char + len(text), text=text, cls=cls,
                   source=source, key=key, sent=sent.start, country=named if country is None else country,
                   rank=rank, surface=surface)


def cap_runs(doc: Doc) -> Iterable[tuple[int, int]]:
    """Maximal runs of capitalised tokens joined by connectors, within a sentence."""
    T = toks(doc)
    i, n = 0, len(doc)
    while i < n:
        ordinal = _ORDINAL.match(T[i].text) and i + 1 < n and is_cap(T[i + 1]) and not T[i + 1].is_sent_start
        edition = T[i].is_sent_start and is_cap(T[i]) and T[i].pos_ in ("VERB", "NOUN") and any(
            YEAR.match(T[k].text) for k in range(i + 1, min(n, i + 5)) if all(is_cap(x) for x in T[i:k]))
        if not ordinal and not edition and (not is_cap(T[i]) or T[i].lower_ in lx.DETERMINERS or (
                T[i].is_sent_start and T[i].pos_ not in ("PROPN", "ADJ") and not T[i].is_upper
                and not demonym_country(T[i].text))):
            i += 1  # a sentence-initial common word ("Soldiers of the X") is not part of a name
            continue
        j = i + 1
        while j < n and not T[j].is_sent_start:
            t = T[j]
            if is_cap(t) and RANK_RE.match(doc_text(doc), t.idx) and j + 1 < n and is_cap(T[j + 1]) \
                    and not _rank_heads_body(T, j):
                break  # "Colombian Army | General Ana Ruiz"
            if is_cap(t):
                j += 1
            elif ((t.lower_ in CONNECTORS or (t.lower_ == "against" and j > i and has_head(doc[i:j])))
                  and j + 1 < n and T[j + 1].lower_ not in _MONTHS | _WEEKDAYS and (is_cap(T[j + 1]) or (
                      T[j + 1].lower_ in ("the", "de", "la") and t.lower_ not in ("and", "&", "y")
                      and j + 2 < n and is_cap(T[j + 2])))
                  and not T[j + 1].is_sent_start):
                j += 1
            elif t.text in ("-", "\u2013") and j + 1 < n and (is_cap(T[j + 1]) or NUMBER.match(T[j + 1].text)):
                j += 1
            elif _ORDINAL.match(t.text) and j + 1 < n and is_cap(T[j + 1]) and not T[j + 1].is_sent_start \
                    and (country_of(doc[i:j].text) or demonym_country(doc[i:j].text)):
                j += 1  # "the U.S. 4th Fleet" (but "the Army | 7th Special Forces Group": two names)
            elif NUMBER.match(t.text) and is_cap(T[j - 1]) and T[j - 1].lower_ not in _MONTHS and not (
                    j + 1 < n and T[j + 1].lower_ in _MEASURES):
                j += 1  # "Detachment 406", "UNITAS 55", "Continuing Hope 2022"
                break
            else:
                break
        yield i, j
        i = j

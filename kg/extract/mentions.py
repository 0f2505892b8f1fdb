"""spaCy ``Doc`` -> ``Mention``s: named entities, vocabulary, ranks, acronyms, typed into ontology classes.

Recognisers, each generic (see ``kg.lexicon`` and ``kg.gazetteer``):

* spaCy NER spans, cleaned (no leading "the", no possessive, no bracket tails) and
  split at an inner possessive ("the Armed Forces' Joint Command" -> two mentions);
* capitalised name runs whose head noun is a unit, body, place or meeting word
  ("Engineering Battalion", "Counter-Terrorist Directorate", "Defense Conference");
* ranks and titles before a name ("Adm. Paredes", "Army General Jane Roe");
* threat vocabulary ("narcotrafficking", "illegal mining") and peacekeeping concepts;
* acronyms in brackets after a name ("(CCFFAA, in Spanish)", "[Dircote]") and expansions
  in brackets after an acronym ("VRAEM [Apurímac, Ene, and Mantaro Rivers Valley]"),
  then every later use of a defined acronym;
* country names, codes and demonyms from the gazetteer;
* "we"/"our"/"us" inside an interview answer (resolved later to the speaker's organisation).

Overlapping candidates are settled by priority, then length.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from collections.abc import Iterable
from dataclasses import dataclass, replace

from . import lexicon as lx
from .gazetteer import (capital_country, country_of, demonym_country, demonym_of, fold, is_province,
                        split_country_prefix, state_of)
from ..models import Article, Mention
from ..ontology import top_class

# Recogniser priorities: higher wins an overlap, then the longer span.
PRIORITY = {"byline": 70, "ship": 58, "predicate": 45, "rank": 60, "role": 42, "acronym": 55, "concept": 50, "vocab": 45, "gazetteer": 40,
            "ner": 30, "threat": 35, "speaker": 20, "pronoun": 10}

_POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
_OPEN = {"(": ")", "[": "]"}
_ROMAN = re.compile(r"^(?=[MDCLXVI]{2,})M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&\-.]{1,15}$")
_CONNECTORS = {"of", "and", "for", "de", "del", "la", "las", "los", "the", "on", "&", "-", "y"}
# words before "in" that make it non-locative ("participated in X", "experience in X")
_DESIGNATORS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "omega", "sigma", "titan",
                "hercules", "one", "two", "three", "north", "south", "east", "west", "central"}
_NAME_PARTICLES = {"de", "la", "del", "da", "das", "do", "dos", "di", "van", "von", "der", "le", "bin",
                   "al", "el", "y"}
_TITLE_WORDS = {"chief", "commander", "head", "director", "minister", "secretary", "president",
                "commandant", "inspector", "general", "admiral", "ambassador", "governor"}
_LANGUAGES = {"spanish", "portuguese", "french", "arabic", "russian", "chinese", "german", "italian",
              "dutch", "english", "persian", "turkish", "hebrew", "quechua", "guarani", "creole"}
_NOT_LOCATIVE = {"participate", "participation", "part", "involve", "involvement", "engage",
                 "interest", "experience", "role", "invest", "investment", "believe", "result"}
_DISASTERS = frozenset(fold(w) for w in lx.DISASTER_WORDS)
_CANON_THREATS = frozenset(lx.THREATS.values())
_CORPORATE = {"corp", "inc", "ltd", "llc", "plc", "co", "s a", "sa", "ag", "gmbh", "corporation",
              "incorporated", "limited", "company"}
# A service named inside a longer name whose last word is one of these is a unit of that service.
_SERVICES = {"army", "navy", "air force", "coast guard", "marine corps", "marines", "national guard", "naval forces",
             "armed forces", "military"}
_SUBUNIT_HEADS = {"district", "area", "sector", "section", "detachment", "zone", "region", "team"}
_ORDINAL = re.compile(r"^\d{1,3}(?:st|nd|rd|th)$")
_NUMBER = re.compile(r"^\d{1,4}$")
_YEAR = re.compile(r"^(?:19[5-9]\d|20[0-4]\d)$")
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
           "dec", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec."}
_TITLE_TAIL = {"commanding", "general", "commander", "deputy", "director", "chief", "vice"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_RANK_BODY_HEADS = {"staff", "command", "headquarters", "directorate", "secretariat", "assembly", "council",
                    "inspectorate", "office", "commission", "staffs"}
_MEASURES = {"kg", "kilograms", "kilos", "tons", "pounds", "percent", "%", "km", "kilometers", "miles", "meters",
             "people", "troops", "soldiers", "personnel", "members", "officers", "years", "days", "hours"}
# "<Head> of the <Body>" that names one body, not a part of another: "Ministry of Defense".
_WHOLE_NAME_HEADS = {"ministry", "secretariat", "secretary", "department", "office", "bureau", "ministerio",
                     "secretaria", "minister", "commandant", "chief"}
# Words after a body's name that name its people, not the body ("Navy officials").
_ROLE_TAIL = {"spokesman", "spokeswoman", "spokesperson", "official", "officials", "officer", "officers",
              "personnel", "leaders", "leadership", "members", "representatives", "delegation", "delegates"}
# Titles whose holder's office is a body: "the Prosecutor's Office", "the Attorney General's Office".
_TITLE_OWNERS = {"prosecutor", "attorney general", "president", "ombudsman", "comptroller", "inspector general",
                 "solicitor general", "prime minister", "governor", "mayor", "chief prosecutor", "public prosecutor"}
_PRONOUNS = {"your", "our", "their", "his", "her", "its", "my"}


@dataclass(frozen=True, slots=True)
class Turn:
    """One paragraph of an interview: who speaks, and where."""

    speaker: str
    label_start: int
    label_end: int
    start: int
    end: int
    is_question: bool


def doc_text(doc) -> str:  # type: ignore[no-untyped-def]
    """``doc.text``, built once per Doc (spaCy rebuilds it on every access)."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def toks(doc) -> list:  # type: ignore[no-untyped-def,type-arg]
    """The tokens of ``doc`` as one list (``doc[i]`` builds a new Token object each time)."""
    out = doc.user_data.get("kg_toks")
    if out is None:
        out = doc.user_data["kg_toks"] = list(doc)
    return out


def release(doc) -> None:  # type: ignore[no-untyped-def]
    """Drop the per-Doc caches (they hold Token objects, which must not be pickled)."""
    for key in ("kg_toks", "kg_sents", "kg_sent_starts", "kg_text", "kg_yes_no"):
        doc.user_data.pop(key, None)


def sents(doc) -> list:  # type: ignore[no-untyped-def,type-arg]
    """The sentences of ``doc``, computed once per Doc."""
    out = doc.user_data.get("kg_sents")
    if out is None:
        out = doc.user_data["kg_sents"] = list(doc.sents)
        doc.user_data["kg_sent_starts"] = [s.start for s in out]
    return out


def sent_of(tok):  # type: ignore[no-untyped-def]
    """``tok.sent`` without spaCy's walk over the parse on every call."""
    doc = tok.doc
    all_sents = sents(doc)
    return all_sents[bisect_right(doc.user_data["kg_sent_starts"], tok.i) - 1]


def _is_cap(tok) -> bool:  # type: ignore[no-untyped-def]
    t = tok.text
    return bool(t) and t[0].isupper() and any(c.isalpha() for c in t)


def _rank_heads_body(T, i: int) -> bool:  # type: ignore[no-untyped-def]
    """'General Staff', 'General Command', 'Inspector General's Office': a rank word that opens
    a body's name, not a person's title (the word after it is a body head)."""
    return i + 1 < len(T) and T[i + 1].lower_ in _RANK_BODY_HEADS


def _strip_span(doc, start: int, end: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Drop leading determiners/punctuation and trailing possessives/punctuation (token indices)."""
    T = toks(doc)
    while start < end and (T[start].lower_ in lx.DETERMINERS or T[start].is_punct
                           or T[start].is_space or T[start].lower_ in _PRONOUNS):
        start += 1
    while end > start and (T[end - 1].text in _POSSESSIVE or T[end - 1].is_punct
                           or T[end - 1].is_space or T[end - 1].lower_ in _CONNECTORS):
        end -= 1
    # "X of your" / "X of our country": cut the pronoun tail
    for i in range(start, end):
        if T[i].lower_ == "of" and i + 1 < end and T[i + 1].lower_ in _PRONOUNS:
            end = i
            break
    # a rank inside a span ends it: "Colombian Army General Ana Ruiz" -> "Colombian Army",
    # "Colombian Defense Minister Iván Velásquez" -> "Colombian"
    for i in range(start + 1, end):
        m = _RANK_RE.match(doc_text(doc), T[i].idx)
        if not m:
            continue
        k = i + 1  # the token after the rank ("Col." may be two tokens)
        while k < len(T) and T[k].idx < m.end():
            k += 1
        if k < len(T) and _is_cap(T[k]) and (k < end or m.end() > T[i].idx + len(T[i].text)
                                             or T[k].pos_ == "PROPN") and not _rank_heads_body(T, i):
            end = i
            break
    # a title after a body is not part of its name: "U.S. Army South Commanding General"
    while end - start > 2 and T[end - 1].lower_ in _TITLE_TAIL and (
            T[end - 2].lower_ in _TITLE_TAIL or T[end - 1].lower_ in ("commander", "director", "chief")) \
            and _has_head(doc[start:end - 1 - (T[end - 2].lower_ in _TITLE_TAIL)]):
        end -= 2 if T[end - 2].lower_ in _TITLE_TAIL else 1
    # a role noun after a body is not part of its name: "Department of Defense Spokesman"
    while end - start > 1 and T[end - 1].lower_ in _ROLE_TAIL:
        end -= 1
    # a bracket inside a span ends it: "Conference (SOUTHDEC" -> "Conference"
    for i in range(start, end):
        if T[i].text in _OPEN or T[i].text in (")", "]"):
            end = i
            break
    while end > start and (T[end - 1].is_punct or T[end - 1].lower_ in _CONNECTORS):
        end -= 1
    return start, end


def _has_head(span) -> bool:  # type: ignore[no-untyped-def]
    """Does a span contain a unit, body, meeting or place head word (then "and" is inside a name)?"""
    words = {t.lower_ for t in span}
    return bool(words & (lx.MILITARY_HEADS | lx.GOVERNMENT_HEADS | lx.CONFERENCE_HEADS | lx.REGION_HEADS
                         | lx.NATURAL_HEADS | lx.ARMED_GROUP_HEADS | lx.MEDIA_HEADS))


def _split_possessive(doc, start: int, end: int) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Split a span at inner possessive markers: owner and owned parts."""
    parts, cur = [], start
    for i in range(start, end):
        if doc[i].text in _POSSESSIVE and i > cur and fold(doc[cur:i].text) not in _TITLE_OWNERS:
            parts.append((cur, i))
            cur = i + 1
    parts.append((cur, end))
    return [(a, b) for a, b in parts if b > a]


def _head_words(words: list[str]) -> list[str]:
    """Candidate head nouns of a name: the last one or two words, and the word before "of"."""
    heads = []
    if words:
        heads += [" ".join(words[-2:]), words[-1]]
    for connector in ("of", "for", "against"):
        if connector in words:
            i = words.index(connector)
            if i > 0:
                heads += [" ".join(words[max(0, i - 2):i]), words[i - 1]]
    return heads


def classify(text: str, ner_label: str | None = None, *, publisher: str | None = None) -> str | None:
    """The ontology class a name belongs to, from gazetteers, head nouns and the NER label."""
    f = fold(text)
    if not f:
        return None
    if publisher and f == fold(publisher):
        return "MediaOrganization"
    if f in lx.THREATS or f.startswith(("countering ", "counter ", "combating ")) and threat_key(f) in _CANON_THREATS:
        return "Threat"
    if country_of(text):
        return "Country"
    if f in lx.WORLD_REGIONS:
        return "Region"
    first = text.split()[0] if text.split() else ""
    if first.isupper() and len(first) >= 3 and first.isalpha() and not country_of(first) and len(text.split()) <= 3 \
            and ner_label in ("GPE", "LOC", "PERSON") and (fold(text.split()[-1]) in _DESIGNATORS):
        return "Organization"  # "JIATF East": an acronym with a designator names a body
    if f in lx.MOUNTAIN_RANGES:
        return "NaturalFeature"
    if f in _DISASTERS or any(f.startswith(w + " ") for w in _DISASTERS) or f.startswith(
            ("hurricane ", "typhoon ", "cyclone ", "storm ", "tropical storm ", "tropical depression ")) or (
            len(f.split()) > 1 and f.split()[-1] in _DISASTERS):
        return "Disaster"
    words = f.replace("-", " - ").split()
    # bases, ports, airports and buildings are places ("Rio Seco Air Base", "Naval Station Norfolk")
    if len(words) > 1 and (" ".join(words[-2:]) in lx.FACILITY_HEADS or words[-1] in lx.FACILITY_HEADS) \
            and not (words[-1] == "station" and any(w in ("guard", "police", "army", "navy") for w in words)) \
            or words and words[0] in ("fort", "camp", "naval") and len(words) > 1 and words[1] in ("station", "base") \
            or words[:1] == ["fort"] and len(words) > 1:
        return "Place"  # a "Coast Guard Station" is a unit, an "Air Force Base" a place
    if words and words[0] in lx.ARMED_GROUP_LEADS and len(words) > 1:
        return "ArmedGroup"  # "Clan del Norte", "Cartel de Sinaloa"
    if text.strip().upper() in lx.INTERNATIONAL_ACRONYMS or f.startswith(("united nations", "un ")):
        return "InternationalOrganization"
    if words and words[0] in ("operation", "exercise", "exercises", "operacion", "operacao") and len(words) > 1:
        return "Operation"
    if len(words) > 2 and (words[-1] in _DESIGNATORS or _ROMAN.match(words[-1].upper())
                           or words[-1].isdigit() and not _YEAR.match(words[-1])):
        words = words[:-1]  # "Joint Task Force Omega", "Brigade XII", "Detachment 406": a designator
    if len(words) > 2 and words[-1] in _SUBUNIT_HEADS and "of" not in words and any(
            " ".join(words[i:i + k]) in _SERVICES for k in (1, 2, 3) for i in range(len(words) - 1)):
        return "MilitaryOrganization"  # "Coast Guard Ninth District", "Navy Atlantic Area"
    heads = _head_words(words)
    if len(words) >= 3 and words[-1] not in lx.MILITARY_HEADS:
        heads += [h for h in _head_words(words[:-1]) if h in lx.MILITARY_HEADS and " " in h]  # "Task Force Trident"
    for head in heads:
        if head in ("exercise", "exercises", "operation", "drill", "drills", "maneuvers", "manoeuvres",
                    "mission"):
            return "Operation"
        if head in lx.CONFERENCE_HEADS:
            return "Conference"
        if head in lx.ARMED_GROUP_HEADS:
            return "ArmedGroup"
        if head in lx.MILITARY_HEADS:
            return "MilitaryOrganization"
        if head in lx.GOVERNMENT_HEADS:
            return "GovernmentOrganization"
        if head in lx.NATURAL_HEADS:
            return "NaturalFeature"
        if head in lx.MEDIA_HEADS and ner_label in ("ORG", None) and head != "agency":
            return "MediaOrganization"
        if head in lx.REGION_HEADS and ner_label != "ORG":
            return "Region"
    if len(words) > 1 and words[-1] in lx.GROUP_PLURALS and set(words[:-1]) & lx.CRIMINAL_MODIFIERS:
        return "ArmedGroup"  # "Organized Armed Groups"
    if words and words[-1] in lx.PROGRAM_HEADS and len(words) > 1:
        return "Operation"  # programmes and named initiatives are typed as operations
    if len(words) > 1 and (_YEAR.match(words[-1]) or _YEAR.match(words[0]) or _ROMAN.match(words[-1].upper())
                           and words[-1] not in ("mix", "mid", "dim", "civil")
                           or _NUMBER.match(words[-1]) and text.split()[0].isupper() and len(text.split()[0]) > 2
                           and _NUMBER.match(text.split()[-1])):
        return "Operation"  # "Continuing Hope 2022", "UNITAS 55", "Southern Star 2018": an edition
    if any(w in ("police",) for w in words):
        return "GovernmentOrganization"
    if any(w in ("navy", "army", "military", "armed") for w in words):
        return "MilitaryOrganization"
    if any(w in f for w in ("international", "inter-american", "united nations")):
        return "InternationalOrganization"
    if state_of(text):
        return "Region"
    if capital_country(text):
        return "City"
    if is_province(text) and ner_label in ("GPE", "LOC", None):
        return "Region"
    return {"PERSON": "Person", "ORG": "Organization", "GPE": "City", "LOC": "Region",
            "FAC": "Place", "EVENT": "Event", "NORP": None}.get(ner_label or "", None)


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
                or _DATEISH.search(piece) and len(piece.split()) <= 5 and not _credit_org_class(piece):
            continue
        if fold(piece).startswith(("published", "story number", "release date")):
            continue
        rank = None
        m = _RANK_RE.match(piece + " ")
        if m and piece[m.end():].strip()[:1].isupper():
            rank = " ".join(m.group(0).split())
            piece = piece[m.end():].strip()
        words = piece.split()
        whole = _credit_org_class(piece)
        n = 2
        while n < len(words) and (re.fullmatch(r"[A-Z]\.", words[n - 1]) or words[n - 1].lower() in _NAME_PARTICLES):
            n += 1
        person, rest = " ".join(words[:n]), " ".join(words[n:])
        name_like = len(words) >= 2 and all(
            (w[:1].isupper() and not w.isupper() or re.fullmatch(r"[A-Z]\.", w)) and fold(w) not in _BODY_WORDS
            or w.lower() in _NAME_PARTICLES for w in words[:n]) and not (
            rest[:1].islower() or courtesy or any(_RANK_RE.match(w + " ") for w in words[:n])
            or country_of(person) or is_province(person) or capital_country(person))
        if name_like and (rank or not whole or (rest and _credit_org_class(rest))):
            out.append(Credit(person, "Person", rank))
            if rest and _credit_org_class(rest):
                out.append(Credit(rest, _credit_org_class(rest) or "Organization"))
        elif whole:
            out.append(Credit(piece, whole))
        elif (len(words) == 1 or out and out[-1].cls == "Person") and rank is None and piece[:1].isupper():
            out.append(Credit(piece, "MediaOrganization"))  # "By Dialogo", "Ann Roe/Daily Lens": the outlet
    return tuple(out)


@lru_cache(maxsize=1)
def _fragment_words() -> frozenset[str]:
    """Words that never name a thing alone: rank words and their pieces, body and place head
    nouns (other than the services a text names bare, "the Navy"), directions, name adjectives."""
    words = {fold(w) for r in lx.RANKS for w in r.split()} | {fold(r) for r in lx.RANKS}
    heads = lx.MILITARY_HEADS | lx.GOVERNMENT_HEADS | lx.CONFERENCE_HEADS | lx.REGION_HEADS | lx.MEDIA_HEADS
    words |= {fold(h) for h in heads if " " not in h}
    words |= lx.NAME_ADJECTIVES
    return frozenset(words - lx.BARE_SERVICES)


def _adjective_use(doc, m: Mention) -> bool:  # type: ignore[no-untyped-def]
    """'Military personnel', 'Military commands': "military" before a noun is an adjective."""
    if fold(m.text) != "military":
        return False
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    nxt = span.end if span is not None else None
    return nxt is not None and nxt < len(doc) and doc[nxt].pos_ in ("NOUN", "PROPN") and doc[nxt].text != "'s"


def is_fragment(text: str, cls: str) -> bool:
    """A piece of a name or title that names nothing alone: "General", "Rear", "Office",
    "Military", "Fleet", "Central", "Peruvian" (a demonym as an organisation)."""
    if cls in ("Threat", "Country"):
        return False
    f = fold(text)
    if f in _fragment_words() and not (text.isupper() and len(text) > 1 and f not in lx.NAME_ADJECTIVES):
        return True
    return " " not in f and top_class(cls) in ("Organization", "Person") and demonym_country(text) is not None


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
    out = []
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


def _credit_lines(doc) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
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
                m = _mention(doc, span.start, span.end, c.cls, "byline", rank=c.rank)
                if m:
                    yield m
        elif len(line) > 140 or line.endswith((".", "?", "!")):
            break
        pos = end


def _context_class(doc, start: int, end: int) -> str | None:  # type: ignore[no-untyped-def]
    """A class the words around a name give it: "districts of X", "X area", "X terrorist group"."""
    T = toks(doc)
    # walk back over a coordinated list of names: "districts of A, B and C"
    k = start
    while k > 0 and (_is_cap(T[k - 1]) or T[k - 1].lower_ in ("and", "or", ",", "del", "de")):
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


def name_key(text: str, cls: str) -> tuple[str, str | None]:
    """Normalised resolution key and the country a demonym, "of <Country>" or a country
    prefix gives: "Peruvian Navy", "Navy of Peru" and "Peru Navy" -> ("navy", "Peru");
    "U.S. Southern Command" and "United States Southern Command" -> ("southern command",
    "United States"). Spelling variants share a key ("Defence"/"Defense", "Inter-agency")."""
    if cls == "Country":
        return fold(country_of(text) or text), None
    if cls == "Threat":
        return threat_key(text), None
    if state_of(text):
        return fold(state_of(text) or text), None  # "Fla." is Florida
    if cls == "Person":
        # "Craig S. Faller" = "Craig Faller": a middle initial is not part of the key
        words = [w for i, w in enumerate(text.split()) if not (0 < i < len(text.split()) - 1
                                                                and re.fullmatch(r"[A-Z]\.?", w))]
        return fold(" ".join(words)), None
    words = text.split()
    country = None
    if len(words) > 1 and cls not in ("Person",):
        if top_class(cls) in ("Organization", "Event"):
            royal = words[0].lower() == "royal"  # "Royal Netherlands Navy"
            country, rest = split_country_prefix(" ".join(words[1:]) if royal else text)
            if country and rest.split()[0].lower() not in _CONNECTORS:
                words = rest.split()
            else:
                country = None
        if country is None:
            d2 = demonym_country(" ".join(words[:2])) if len(words) > 2 else None
            d = d2 or demonym_country(words[0])
            if d:
                country, words = d, words[2:] if d2 else words[1:]  # "Costa Rican Ministry of ..."
        if cls != "City":
            joined = " ".join(words)
            for m in re.finditer(r"\s+of\s+(?:the\s+)?", joined):
                tail = joined[m.end():]
                if country_of(tail) and m.start() > 0:
                    if country is None or country_of(tail) == country:
                        country, words = country_of(tail), joined[:m.start()].split()
                    break
    if top_class(cls) == "Organization" and len(words) > 1 and fold(words[-1]) in _CORPORATE:
        words = words[:-1]  # "Andes Copper Corp." = "Andes Copper"
    key = variant_key(" ".join(words))
    if top_class(cls) == "Organization":
        key = lx.SERVICE_SYNONYMS.get(key, key)
        key = re.sub(r"^(ministry|secretariat|department) of national ", r"\1 of ", key)  # "of National Defense"
    kw = key.split()
    if cls == "ArmedGroup" and len(kw) > 1 and kw[-1] in lx.GROUP_PLURALS and all(
            w in lx.CRIMINAL_MODIFIERS or w in lx.GROUP_PLURALS for w in kw):
        key = group_key(set(kw[:-1]), kw[-1], key)  # "Organized Armed Groups": unnamed groups
    if cls == "InternationalOrganization":
        key = variant_key(lx.INTERNATIONAL_ACRONYMS.get(text.strip().upper(), text))
    return key, country


_JOINED_PREFIXES = ("inter", "co", "counter", "anti", "non", "multi", "sub", "trans", "cyber", "narco", "para")


def variant_key(text: str) -> str:
    """``fold`` with spelling variants made one: British/American spellings, "Dept."/"Department",
    "&"/"and", hyphens ("Task Force-Bravo" = "Task Force Bravo", "Inter-agency" = "Interagency")."""
    f = fold(text.replace("&", " and "))
    f = re.sub(r"\b(" + "|".join(_JOINED_PREFIXES) + r")-(?=[a-z])", r"\1", f)
    words = [lx.SPELLING_VARIANTS.get(w, w) for w in f.replace("-", " ").split()]
    return " ".join(words)


def _mention(doc, start: int, end: int, cls: str, source: str, **kw) -> Mention | None:  # type: ignore[no-untyped-def]
    if end <= start:
        return None
    span = doc[start:end]
    text = span.text.strip()
    if not text or not any(c.isalpha() for c in text):
        return None
    key, country = name_key(text, cls)
    if not key:
        return None
    sent = sent_of(span[0])
    return Mention(start=span.start_char, end=span.start_char + len(text), text=text, cls=cls,
                   source=source, key=key, sent=sent.start, country=kw.pop("country", country), **kw)


# ---------------------------------------------------------------- recognisers

def _ner(doc, publisher: str | None) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"):
            continue
        if ent.label_ in ("ORG", "NORP") and _RANK_RE.match(doc_text(doc), ent.start_char) and \
                _RANK_RE.match(doc_text(doc), ent.start_char).end() > ent.end_char:
            continue  # "Defense" of "Defense Minister X" is part of a title, not a body
        a, b = _strip_span(doc, ent.start, ent.end)
        if b == ent.end and b < len(doc) and _ROMAN.match(doc[b].text) and b > a:
            b += 1  # "UNITAS LXIV": an edition number belongs to the name
        parts = _split_possessive(doc, a, b)
        ands = [i for i in range(a + 1, b - 1) if doc[i].lower_ == "and"]
        if ands and len(parts) == 1 and not country_of(doc[a:b].text) and not _has_head(doc[a:b]):
            parts = [(a, ands[0]), (ands[0] + 1, b)]  # "Meta and Caquetá": two names
        for s, e in parts:
            s, e = _strip_span(doc, s, e)
            if e <= s:
                continue
            text = doc[s:e].text
            if ent.label_ == "NORP":
                if demonym_country(text) or fold(text) in ("south american", "latin american"):
                    continue
            cls = classify(text, ent.label_, publisher=publisher)
            ctx = _context_class(doc, s, e)
            if ctx and (cls in (None, "Organization", "Person", "City", "Region", "Place") or (
                    ctx == "ArmedGroup" and cls != "Country")):
                cls = ctx
            if ent.label_ == "PERSON" and cls == "Person" and not all(_is_cap(t) for t in doc[s:e]):
                continue
            if cls not in ("Threat", "ArmedGroup") and not any(_is_cap(t) or t.like_num for t in doc[s:e]):
                continue  # "cocaine" tagged ORG: a common noun, not a name
            if cls:
                m = _mention(doc, s, e, cls, "ner")
                if m and len(parts) > 1 and (s, e) == parts[-1]:
                    m = replace(m, surface=doc[a:b].text)
                if m:
                    yield m


def _runs(doc) -> Iterable[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Maximal runs of capitalised tokens joined by connectors, within a sentence."""
    T = toks(doc)
    i, n = 0, len(doc)
    while i < n:
        ordinal = _ORDINAL.match(T[i].text) and i + 1 < n and _is_cap(T[i + 1]) and not T[i + 1].is_sent_start
        edition = T[i].is_sent_start and _is_cap(T[i]) and T[i].pos_ in ("VERB", "NOUN") and any(
            _YEAR.match(T[k].text) for k in range(i + 1, min(n, i + 5)) if all(_is_cap(x) for x in T[i:k]))
        if not ordinal and not edition and (not _is_cap(T[i]) or T[i].lower_ in lx.DETERMINERS or (
                T[i].is_sent_start and T[i].pos_ not in ("PROPN", "ADJ") and not T[i].is_upper
                and not demonym_country(T[i].text))):
            i += 1  # a sentence-initial common word ("Soldiers of the X") is not part of a name
            continue
        j = i + 1
        while j < n and not T[j].is_sent_start:
            t = T[j]
            if _is_cap(t) and _RANK_RE.match(doc_text(doc), t.idx) and j + 1 < n and _is_cap(T[j + 1]) \
                    and not _rank_heads_body(T, j):
                break  # "Colombian Army | General Ana Ruiz"
            if _is_cap(t):
                j += 1
            elif ((t.lower_ in _CONNECTORS or t.lower_ == "against" and j > i and _has_head(doc[i:j]))
                  and j + 1 < n and T[j + 1].lower_ not in _MONTHS | _WEEKDAYS and (_is_cap(T[j + 1]) or (
                      T[j + 1].lower_ in ("the", "de", "la") and t.lower_ not in ("and", "&", "y")
                      and j + 2 < n and _is_cap(T[j + 2])))
                  and not T[j + 1].is_sent_start):
                j += 1
            elif t.text in ("-", "\u2013") and j + 1 < n and (_is_cap(T[j + 1]) or _NUMBER.match(T[j + 1].text)):
                j += 1
            elif _ORDINAL.match(t.text) and j + 1 < n and _is_cap(T[j + 1]) and not T[j + 1].is_sent_start \
                    and (country_of(doc[i:j].text) or demonym_country(doc[i:j].text)):
                j += 1  # "the U.S. 4th Fleet" (but "the Army | 7th Special Forces Group": two names)
            elif _NUMBER.match(t.text) and _is_cap(T[j - 1]) and T[j - 1].lower_ not in _MONTHS and not (
                    j + 1 < n and T[j + 1].lower_ in _MEASURES):
                j += 1  # "Detachment 406", "UNITAS 55", "Continuing Hope 2022"
                break
            else:
                break
        yield i, j
        i = j


def _vocab(doc, publisher: str | None) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
    """Names built on unit, body, place and meeting words; "Operation X"."""
    T = toks(doc)
    for i, j in _runs(doc):
        i2, j2 = _strip_span(doc, i, j)
        pieces = []
        owned = _split_possessive(doc, i2, j2)
        for s, e in owned:
            # "Air Force and Navy": two services, not one name
            # "the Prosecutor's Office for Drug Crimes": a title's office keeps its owner
            if s >= 2 and T[s - 1].text in _POSSESSIVE and fold(T[s - 2].text) in _TITLE_OWNERS:
                s -= 2
            ands = [k for k in range(s + 1, e - 1) if T[k].lower_ == "and"]
            if len(ands) == 1 and all(
                    (classify(doc[a:b].text) or "").endswith("Organization") and classify(doc[a:b].text) != "Organization"
                    for a, b in ((s, ands[0]), (ands[0] + 1, e))):
                pieces += [(s, ands[0]), (ands[0] + 1, e)]
            else:
                pieces.append((s, e))
        for s, e in pieces:
            words = [t.lower_ for t in doc[s:e]]
            if not words:
                continue
            # "X of the Y" where Y is itself a unit/body: two mentions (X partOf Y)
            parts = [(s, e)]
            s0 = s
            for k in [s + j for j, w in enumerate(words) if w == "of" and j > 0]:
                if k <= s0:
                    continue
                right = _strip_span(doc, k + 1, e)
                if words[k - s - 1] in _TITLE_WORDS and k - s0 <= 2 or _RANK_RE.fullmatch(doc[s0:k].text + " ") is not None:
                    parts = [right]  # "Chief of the Navy" is a title; the Navy is the name
                    s0 = right[0]
                    continue
                left_cls = classify(doc[s0:k].text)
                right_cls = classify(doc[right[0]:right[1]].text)
                if (left_cls and right_cls and "Organization" in left_cls
                        and "Organization" in right_cls) and not (
                        words[k - s - 1] in _WHOLE_NAME_HEADS and (
                            k - s0 == 1 or k - s0 == 2 and demonym_country(doc[s0].text))):
                    parts = [(s0, k), right]  # "Secretariat of the Navy" stays one name
                    break
            for a, b in parts:
                text = doc[a:b].text
                if a == b:
                    continue
                cls = classify(text, publisher=publisher)
                if _context_class(doc, a, b) == "ArmedGroup" and cls != "Country":
                    cls = "ArmedGroup"
                hw = [t.lower_ for t in doc[a:b] if t.text not in ("-", "\u2013")]
                if len(hw) > 2 and (hw[-1] in _DESIGNATORS or _ROMAN.match(hw[-1].upper()) or hw[-1].isdigit()):
                    hw = hw[:-1]  # "Joint Task Force Omega"
                heads = set(_head_words(hw))
                if len(hw) >= 3:  # "Special Forces Group", "Naval Task Force Trident"
                    heads |= {h for h in _head_words(hw[:-1]) if h in lx.MILITARY_HEADS and " " in h}
                named_by_head = heads & (lx.MILITARY_HEADS | lx.GOVERNMENT_HEADS | lx.CONFERENCE_HEADS | lx.FACILITY_HEADS
                                         | lx.REGION_HEADS | lx.NATURAL_HEADS | lx.ARMED_GROUP_HEADS)
                if cls in ("Operation", "Disaster", "Conference") or (cls and named_by_head and b - a >= 1 and cls not in (
                        "Person",)):
                    if b - a == 1 and doc[a].lower_ in heads and not doc[a].is_upper and cls not in (
                            "MilitaryOrganization", "GovernmentOrganization"):
                        continue  # a lone capitalised head noun ("Area") is not a name
                    if b - a == 1 and doc[a].is_sent_start and cls not in (
                            "MilitaryOrganization", "GovernmentOrganization"):
                        continue
                    m = _mention(doc, a, b, cls, "vocab")
                    if m and len(owned) > 1 and (s, e) == owned[-1] and (a, b) == (s, e):
                        m = replace(m, surface=doc[i2:j2].text)
                    if m:
                        yield m
            # "the Mantaro river", "the Vizcaya mountains": a name and a lower-case natural head
            if e < len(doc) and doc[e].lower_ in lx.NATURAL_HEADS and not _is_cap(doc[e]) \
                    and not classify(doc[s:e].text):
                m = _mention(doc, s, e + 1, "NaturalFeature", "vocab")
                if m:
                    yield m
            # "the Pacific coast", "the Amazon border region", "the Colombian border": a place
            # name (or a demonym) and lower-case region words
            k = e
            while k < len(doc) and k - e < 3 and T[k].is_lower and T[k].lower_ in lx.REGION_PHRASE_WORDS:
                k += 1
            if k > e and T[k - 1].lower_ in lx.REGION_PHRASE_HEADS and any(
                    t.lower_ in lx.REGION_NAME_WORDS for t in T[e:k]) and not (k < len(doc) and T[k].lower_ in (
                    "of", "with", "between", "and")) and (
                    classify(doc[s:e].text) in ("Region", "NaturalFeature", "Country", "City", None)
                    or e - s == 1 and demonym_country(doc[s].text)) and not (k < len(doc) and T[k].pos_ == "NOUN"):
                m = _mention(doc, s, k, "Region", "vocab")
                if m:
                    yield m
            # "the Southern Seas exercise", "the UNITAS 55 multinational exercises", "the Andes
            # summit": a name and a lower-case kind noun, maybe after adjectives
            k = e
            while k < len(doc) and k - e < 3 and T[k].is_lower and T[k].pos_ in ("ADJ",) :
                k += 1
            kind = _PREDICATE_NOUNS.get(T[k].lemma_.lower()) if k < len(doc) and T[k].is_lower else None
            if kind in ("Operation", "Conference") and classify(doc[s:e].text) in (
                    None, "Organization", "Operation", "Conference", "Event") \
                    and any(t.pos_ == "PROPN" or t.is_upper for t in doc[s:e]):
                m = _mention(doc, s, e, kind, "vocab")
                if m:
                    yield m
            # "the Fuego volcano eruption": a name and a lower-case disaster word
            k = e + (e < len(doc) and T[e].lower_ in ("volcano", "volcanic", "river", "tropical"))
            if k < len(doc) and T[k].is_lower and fold(T[k].text) in _DISASTERS and k > e - 1 \
                    and classify(doc[s:e].text) in (None, "NaturalFeature", "Region", "City", "Person"):
                m = _mention(doc, s, k + 1, "Disaster", "vocab")
                if m:
                    yield m
            # "<Name> terrorist group", "the MS-13 gang": the name before the cue is an armed group
            if ((e < len(doc) - 1 and doc[e].lower_ in lx.ARMED_GROUP_CUES and doc[e + 1].lower_ in lx.GROUP_NOUNS)
                    or (e < len(doc) and doc[e].lower_ in ("gang", "cartel", "militia", "clan", "faction"))) \
                    and any(t.pos_ == "PROPN" or t.is_upper for t in doc[s:e]) \
                    and classify(doc[s:e].text) not in ("Country", "City", "Region"):
                m = _mention(doc, s, e, "ArmedGroup", "vocab")
                if m:
                    yield m


def _rank_regex() -> re.Pattern[str]:
    forms = sorted(lx.RANKS, key=len, reverse=True)
    alts = "|".join(re.escape(f).replace(r"\.\ ", r"\.\s?").replace(r"\ ", r"\s+") for f in forms)
    return re.compile(rf"(?:{alts})(?=\s)")


_RANK_RE = _rank_regex()


def _ranks(doc) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
    """A rank or title followed by a capitalised name: a Person with that rank."""
    T = toks(doc)
    text = doc_text(doc)
    starts = {t.idx: t.i for t in doc}
    n = len(doc)
    i = 0
    while i < n:
        m = _RANK_RE.match(text, T[i].idx) if _is_cap(T[i]) else None
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
        while e < n and e - j < 6 and (e == j or not T[e].is_sent_start) and (
                (_is_cap(T[e]) and T[e].pos_ in ("PROPN", "NOUN", "ADJ") and T[e].lower_ not in lx.DETERMINERS)
                or (e > j and T[e].lower_ in _NAME_PARTICLES and e + 1 < n and _is_cap(T[e + 1]))):
            e += 1  # "Juan Andrés De la Maza": lower-case particles inside a name
        if e > j and any(t.pos_ == "PROPN" for t in doc[j:e]) and classify(doc[j:e].text) in (
                None, "Person", "City", "Region"):
            # "Brazilian Rear Adm. X", "Colombia's Defense Minister X": the person's country
            k = i - 1
            while k >= 0 and T[k].lower_ in ("army", "navy", "air", "force", "police", "marine", "naval"):
                k -= 1
            country = demonym_country(T[k].text) if k >= 0 and _is_cap(T[k]) else None
            if k >= 1 and T[k].text in _POSSESSIVE:
                country = country_of(T[k - 1].text)
            mention = _mention(doc, j, e, "Person", "rank", rank=" ".join(m.group(0).split()),
                               surface=doc[i:e].text, country=country)
            if mention:
                yield mention
            i = e
        else:
            i += 1


_ROLE_NOUNS = {"officer", "member", "spokesman", "spokeswoman", "spokesperson", "commander", "president",
               "director", "minister", "soldier", "analyst", "researcher", "chief", "head", "leader",
               "captain", "pilot", "sailor", "official", "expert", "professor", "journalist", "agent",
               "secretary", "ambassador", "governor", "mayor", "deputy", "founder", "coordinator"}


def _roles(doc) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
    """'Ana Diaz, a police officer from ...': a capitalised two- to four-word name in apposition
    with a role noun is a person, even where NER missed it."""
    T = toks(doc)
    for i, j in _runs(doc):
        s, e = _strip_span(doc, i, j)
        if not 2 <= e - s <= 4 or e + 2 >= len(T) or T[e].text != ",":
            continue
        if not all(t.pos_ == "PROPN" for t in T[s:e]) or classify(doc[s:e].text) not in (None, "Person"):
            continue
        k = e + 1
        while k < len(T) and k - e < 6 and (T[k].pos_ in ("DET", "ADJ") or T[k].dep_ == "compound"
                                            or T[k].lower_ in ("former", "then", "deputy", "vice")):
            k += 1
        if k < len(T) and T[k].lower_ in _ROLE_NOUNS:
            m = _mention(doc, s, e, "Person", "role")
            if m:
                yield m


@lru_cache(maxsize=8)
def _phrase_index(table_id: int, keys: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    """First word -> the phrases (as word tuples) starting with it, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for p in keys:
        words = tuple(p.replace("-", " - ").split())
        index.setdefault(words[0], []).append(words)
    for v in index.values():
        v.sort(key=len, reverse=True)
    return index


def _phrases(doc, table: dict[str, str], cls: str, source: str) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
    """Lower-case phrase matches from a vocabulary table (longest first, no overlaps)."""
    lowers = [t.lower_ for t in doc]
    index = _phrase_index(id(table), tuple(table))
    i = 0
    n = len(doc)
    while i < n:
        words = next((w for w in index.get(lowers[i], ()) if tuple(lowers[i:i + len(w)]) == w), None)
        if words is None:
            i += 1
            continue
        k = len(words)
        s = i
        if cls == "Threat" and i + k < n and lowers[i + k] in lx.GROUP_PLURALS | {"group", "network", "operatives"}:
            i += k  # "organized crime groups": the groups, not the threat
            continue
        if cls in ("Threat", "Operation") and any(t.is_title and not t.is_sent_start for t in doc[i:i + k]) and (
                i > 0 and _is_cap(doc[i - 1]) or i + k < n and _is_cap(doc[i + k])
                or i > 0 and doc[i - 1].lower_ in ("against", "of", "on", "for")):
            i += k  # "Special Unit against Drug Trafficking": a word of a name, not the threat
            continue
        # "the United Nations' peacekeeping missions" keeps its owner in the name
        if cls == "Operation" and s >= 2 and doc[s - 1].text in _POSSESSIVE and fold(
                doc[s - 2].text) in ("nations", "un"):
            s2 = s - 2
            while s2 > 0 and _is_cap(doc[s2 - 1]):
                s2 -= 1
            m = _mention(doc, s2, i + k, cls, source)
        elif cls == "Operation" and s >= 1 and doc[s - 1].text in ("UN", "U.N."):
            m = _mention(doc, s - 1, i + k, cls, source)
        else:
            m = _mention(doc, i, i + k, cls, source)
        if m:
            key = table.get(" ".join(words).replace(" - ", "-"), table.get(fold(" ".join(words))))
            yield replace(m, key=key or m.key)
        i += k


def threat_key(phrase: str) -> str:
    """The canonical key of a threat phrase: the vocabulary's, else the folded phrase with its
    head in the singular and scope words ("international", "illicit") dropped when the rest is a
    known threat ("international drug trafficking" -> "drug trafficking")."""
    f = fold(phrase)
    if f in lx.THREATS:
        return lx.THREATS[f]
    words = f.split()
    if words and words[-1] in ("crimes", "threats", "kidnappings"):
        words[-1] = words[-1][:-1]
    for k in range(len(words)):
        rest = " ".join(words[k:])
        if rest in lx.THREATS:
            return lx.THREATS[rest]
        if words[k] not in lx.THREAT_SCOPE_MODIFIERS:
            break
    return " ".join(words)


def group_key(mods: set[str], head: str, text: str) -> str:
    """The key of an unnamed criminal group: the article's (and the genre's) "transnational
    criminal organizations", "drug trafficking groups", "gangs", or the phrase itself."""
    if head in ("gangs", "maras") or "gang" in mods:
        return "gangs"
    if mods & {"drug", "narco", "trafficking", "drug-trafficking", "narcotrafficking", "smuggling"}:
        return "drug trafficking groups"
    if mods & {"guerrilla", "insurgent", "rebel", "terrorist", "armed", "paramilitary", "jihadist", "extremist"}:
        return fold(text)
    return "transnational criminal organizations"


def _modifiers(T, head: int, floor: int) -> int:  # type: ignore[no-untyped-def]
    """Start of the run of lower-case modifiers before ``head`` ("transnational criminal")."""
    s = head
    while s - 1 >= floor:
        t = T[s - 1]
        if t.text == "-" and s - 2 >= floor and not T[s - 2].is_punct:
            s -= 2
            continue
        if (t.is_lower or t.is_sent_start and t.is_title) and (
                t.pos_ in ("ADJ", "NOUN", "PROPN") or t.pos_ == "VERB" and t.dep_ in ("amod", "compound")
                and t.tag_ in ("VBN", "VBG")) and t.is_alpha and \
                t.lower_ not in lx.DETERMINERS and not t.like_num and t.lower_ not in _PRONOUNS and \
                s - 1 < t.head.i <= head:  # it modifies the phrase ("and face threats": a verb, not a kind)
            s -= 1
            continue
        break
    return s


def _goods_list(T, k: int, end: int) -> list[int]:  # type: ignore[no-untyped-def]
    """Token indices of the trafficked goods listed from ``k`` on ("people, drugs, and weapons")."""
    out = []
    while k < end and T[k].lower_ in lx.TRAFFICKED_GOODS:
        out.append(k)
        k += 1
        while k < end and (T[k].text == "," or T[k].lower_ in ("and", "or", "as", "well")):
            k += 1
        if k < end and T[k].lower_ in ("illegal", "illicit"):
            k += 1
    return out


def _threat_phrases(doc) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
    """Threats named by a head noun and its modifiers ("border crimes", "transnational threats",
    "gang violence", "irregular migration"), each trafficked good of a list ("trafficking of
    people, drugs, weapons" -> three threats; "drug, weapons and human trafficking" likewise),
    and unnamed criminal groups ("transnational criminal organizations", "criminal gangs")."""
    T = toks(doc)
    for sent in sents(doc):
        a, b = sent.start, sent.end
        for i in range(a, b):
            t = T[i]
            low = t.lower_
            if not t.is_lower:
                continue
            if low in lx.THREAT_HEADS and not (i + 1 < b and T[i + 1].dep_ in ("compound",) and T[i + 1].is_lower
                                               and T[i + 1].head.i == i + 1 and t.head.i == i + 1):
                need = lx.THREAT_HEADS[low]
                s = _modifiers(T, i, a)
                mods = [T[k].lower_ for k in range(s, i) if T[k].text != "-"]
                while mods and mods[0] in lx.THREAT_EMPTY_MODIFIERS:
                    s += 1 + (T[s + 1].text == "-" if s + 1 < i else 0)
                    mods = mods[1:]
                # "trafficking of people, drugs, weapons": one threat per good
                goods: list[int] = []
                if low in ("trafficking", "smuggling", "trade", "traffic", "commercialization") and i + 2 < b \
                        and T[i + 1].lower_ in ("of", "in"):
                    k = i + 2
                    if T[k].lower_ in ("illegal", "illicit"):
                        k += 1
                    goods = _goods_list(T, k, b)
                # "drug, weapons and human trafficking": goods coordinated before the head
                before: list[int] = []
                if low in ("trafficking", "smuggling", "trade", "traffic") and s < i and \
                        T[i - 1].lower_ in lx.TRAFFICKED_GOODS:
                    k = i - 2
                    while k >= a and (T[k].text == "," or T[k].lower_ in ("and", "or")):
                        j = k
                        while j >= a and (T[j].text == "," or T[j].lower_ in ("and", "or")):
                            j -= 1
                        if j >= a and T[j].lower_ in lx.TRAFFICKED_GOODS and T[j].is_lower:
                            before.append(j)
                            k = j - 1
                        else:
                            break
                if need is not None and not (set(mods) & need) and not goods:
                    continue
                if not mods and not goods and not before:
                    continue
                if goods:
                    first = goods[0]
                    m = _mention(doc, s, first + 1, "Threat", "threat")
                    if m:
                        yield replace(m, key=lx.TRAFFICKED_GOODS[T[first].lower_])
                    for g in goods[1:]:
                        m = _mention(doc, g, g + 1, "Threat", "threat")
                        if m:
                            surface = f"{low} {T[i + 1].lower_} {T[g].text}"
                            yield replace(m, key=lx.TRAFFICKED_GOODS[T[g].lower_], surface=surface)
                    continue
                m = _mention(doc, s, i + 1, "Threat", "threat")
                if m:
                    key = lx.TRAFFICKED_GOODS.get(T[i - 1].lower_) if before else None
                    yield replace(m, key=key or threat_key(m.text))
                for g in before:
                    m = _mention(doc, g, g + 1, "Threat", "threat")
                    if m:
                        yield replace(m, key=lx.TRAFFICKED_GOODS[T[g].lower_], surface=f"{T[g].text} {t.text}")
            elif low in lx.TRAFFICKER_NOUNS:
                # "drug traffickers", "narcotraffickers": the unnamed groups that traffic
                s = i - 1 if i > a and T[i - 1].is_lower and T[i - 1].lower_ in lx.TRAFFICKED_GOODS else i
                if low in ("traffickers", "smugglers") and s == i:
                    continue
                m = _mention(doc, s, i + 1, "ArmedGroup", "threat")
                if m:
                    yield replace(m, key="drug traffickers" if s < i and T[s].lower_ in (
                        "drug", "drugs", "narcotics", "cocaine") or low.startswith("narco") else fold(m.text))
            elif low in lx.GROUP_PLURALS and i > a:
                s = _modifiers(T, i, a)
                while s < i and T[s].lower_ in lx.THREAT_EMPTY_MODIFIERS:
                    s += 1  # "other criminal organizations"
                mods = {T[k].lower_ for k in range(s, i)}
                # "Colombian insurgent groups": a demonym before
                if s > a and demonym_country(T[s - 1].text) and mods & lx.CRIMINAL_MODIFIERS:
                    s -= 1
                elif not mods & lx.CRIMINAL_MODIFIERS:
                    if low == "gangs" and s == i:
                        m = _mention(doc, i, i + 1, "ArmedGroup", "threat")
                        if m:
                            yield m
                    continue
                m = _mention(doc, s, i + 1, "ArmedGroup", "threat")
                if m:
                    words = [w for w in fold(m.text).split() if not (demonym_country(w.title()) or w in mods - {
                        w2 for w2 in mods if w2 in lx.CRIMINAL_MODIFIERS})]
                    yield replace(m, key=group_key(mods, low, " ".join(words)))


def _ships(doc) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
    """Ships and cutters by their prefix ("USS Aurora (DDG 71)", "HNLMS Zeeland (P 841)",
    "Coast Guard Cutter Tern", "the cutter Tern"): units, typed MilitaryOrganization."""
    T = toks(doc)
    n = len(T)
    for i, t in enumerate(T):
        k = 0
        if t.text in lx.SHIP_PREFIXES:
            k = 1
        elif t.lower_ == "cutter" and i + 1 < n and _is_cap(T[i + 1]):
            k = 1
            if i >= 2 and T[i - 2].lower_ == "coast" and T[i - 1].lower_ == "guard" and _is_cap(t):
                i, k = i - 2, 3  # "Coast Guard Cutter Forward"
        if not k:
            continue
        j = i + k
        e = j
        while e < n and e - j < 4 and (_is_cap(T[e]) or T[e].text in (".",) and e > j and T[e - 1].text == "St") \
                and not T[e].is_sent_start and not _RANK_RE.match(doc_text(doc), T[e].idx):
            e += 1
        if e == j or T[j].lower_ in lx.DETERMINERS:
            continue
        # "(DDG 99)", "(T-AH 20)": the hull number belongs to the name
        if e + 2 < n and T[e].text == "(" and any(c.isdigit() for c in doc[e + 1:min(n, e + 6)].text):
            close = next((q for q in range(e + 1, min(n, e + 7)) if T[q].text == ")"), None)
            if close is not None:
                e = close + 1
        m = _mention(doc, i, e, "MilitaryOrganization", "ship")
        if m:
            bare = doc[i + k:e].text.split("(")[0].strip()
            yield replace(m, key=variant_key(bare) or m.key, country=None)  # "USS Aurora" = "Aurora"


def _owner_country(T, k: int, floor: int) -> tuple[str | None, int]:  # type: ignore[no-untyped-def]
    """The country named by the word(s) ending at token ``k`` ("Colombian", "U.S.", "Costa Rican",
    "Chile's") and the index of their first token; ``(None, k + 1)`` when there is none."""
    if k < floor:
        return None, k + 1
    if T[k].text in _POSSESSIVE and k - 1 >= floor:
        for n in (3, 2, 1):
            if k - n >= floor and country_of(" ".join(t.text for t in T[k - n:k])):
                return country_of(" ".join(t.text for t in T[k - n:k])), k - n
        return None, k + 1
    for n in (2, 1):
        if k - n + 1 >= floor and not (n == 2 and (T[k - 1].lower_ in lx.DETERMINERS or not T[k - 1].text[:1].isupper())):
            words = " ".join(t.text for t in T[k - n + 1:k + 1])
            c = demonym_country(words) if n == 2 or T[k].text[:1].isupper() else None
            c = c or (country_of(words) if T[k - n + 1].text[:1].isupper() else None)
            if c:
                return c, k - n + 1
    return None, k + 1


def _lowercase_services(doc) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
    """A country's service or government named with a lower-case noun: "the Brazilian army",
    "the Peruvian military", "the U.S. government", "Chile's navy", "the government of El
    Salvador"; a list of demonyms shares the noun ("the Colombian, Ecuadorean and Peruvian
    navies": three navies), and so does a list of nouns ("the Peruvian army and air force")."""
    T = toks(doc)
    n = len(T)
    for sent in sents(doc):
        a, b = sent.start, sent.end
        i = a
        while i < b:
            noun = None
            for size in (2, 1):
                words = " ".join(t.lower_ for t in T[i:i + size])
                if i + size <= b and all(t.is_lower for t in T[i:i + size]) and words in lx.LOWERCASE_SERVICES:
                    noun = (size, lx.LOWERCASE_SERVICES[words])
                    break
            if noun is None:
                i += 1
                continue
            size, service = noun
            end = i + size
            country, s = _owner_country(T, i - 1, a)
            if country is None and end + 2 < b and T[end].lower_ == "of" and service == "Government":
                # "the government of El Salvador"
                k = end + 1 + (T[end + 1].lower_ == "the")
                for m in (3, 2, 1):
                    if k + m <= b and country_of(doc[k:k + m].text) and _is_cap(T[k]) and not T[k + m - 1].is_punct:
                        mention = _mention(doc, i, k + m, "GovernmentOrganization", "vocab")
                        if mention:
                            yield mention
                        break
                i = end
                continue
            if country is None:
                i = end
                continue
            cls = "GovernmentOrganization" if service == "Government" else "MilitaryOrganization"
            if service == "Police":
                cls = "GovernmentOrganization"
            # "the Colombian, Ecuadorean and Peruvian navies": the other demonyms of the list
            others = []
            k = s - 1
            while k > a and (T[k].text == "," or T[k].lower_ in ("and", "or")):
                c, s2 = _owner_country(T, k - 1, a)
                if c is None:
                    break
                others.append(c)
                k = s2 - 1
            singular = lx.SERVICE_SINGULAR.get(" ".join(t.lower_ for t in T[i:end]),
                                               " ".join(t.text for t in T[i:end]))
            mention = _mention(doc, s, end, cls, "vocab", country=country)
            if mention:
                implied = tuple(f"{demonym_of(c) or c} {singular.title()}" for c in others)
                yield replace(mention, implied=implied, key=name_key(singular.title(), cls)[0])
            # "the Peruvian army and air force": the next nouns share the country
            j = end
            while j + 1 < b and (T[j].text == "," or T[j].lower_ in ("and", "or")):
                j2 = j + 1 + (T[j + 1].lower_ in ("and", "the"))
                hit = next(((size2, lx.LOWERCASE_SERVICES[" ".join(t.lower_ for t in T[j2:j2 + size2])])
                            for size2 in (2, 1) if j2 + size2 <= b and all(t.is_lower for t in T[j2:j2 + size2])
                            and " ".join(t.lower_ for t in T[j2:j2 + size2]) in lx.LOWERCASE_SERVICES), None)
                if hit is None or j2 + hit[0] < b and T[j2 + hit[0]].lower_ == "of":
                    break  # "... and the government of El Salvador" has its own owner
                size2, service2 = hit
                cls2 = "GovernmentOrganization" if service2 in ("Government", "Police") else "MilitaryOrganization"
                mention = _mention(doc, j2, j2 + size2, cls2, "vocab", country=country)
                if mention:
                    sing = lx.SERVICE_SINGULAR.get(mention.text.lower(), mention.text)
                    yield replace(mention, key=name_key(sing.title(), cls2)[0])
                j = j2 + size2
            i = max(end, j)
    del n


def _countries(doc) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
    """Capitalised runs (and codes such as "US") that the gazetteer knows as countries."""
    for i, j in _runs(doc):
        s, e = _strip_span(doc, i, j)
        if e > s and country_of(doc[s:e].text) and not (e - s == 1 and doc[s].text in ("US",)
                                                         and doc[s].lower_ == "us" and not doc[s].is_upper):
            m = _mention(doc, s, e, "Country", "gazetteer")
            if m:
                yield m


def _acronyms(doc, chosen: list[Mention]) -> tuple[list[Mention], list[tuple[int, int]]]:  # type: ignore[no-untyped-def]
    """Attach bracketed acronyms to the mention before them; expand "ACR [Long Name]".

    Returns the updated mentions and the character ranges of consumed brackets.
    """
    by_end = {m.end: m for m in chosen}
    out = {(m.start, m.end): m for m in chosen}
    consumed: list[tuple[int, int]] = []
    for tok in doc:
        if tok.text not in _OPEN:
            continue
        close = _OPEN[tok.text]
        j = tok.i + 1
        while j < len(doc) and doc[j].text != close and j - tok.i < 16 and "\n" not in doc[j - 1].whitespace_ \
                and not (doc[j].is_space and "\n" in doc[j].text):
            j += 1
        if j >= len(doc) or doc[j].text != close:
            continue
        inner = doc[tok.i + 1:j]
        first = inner[0].text if len(inner) else ""
        # "(CE-VRAEM, in Spanish)": a hyphenated acronym is one word
        comma = next((q for q in range(len(inner)) if inner[q].text == ","), len(inner))
        joined_head = "".join(t.text for t in inner[:comma])
        if comma > 1 and all(t.text == "-" or t.is_upper or t.like_num for t in inner[:comma]) \
                and _ACRONYM.match(joined_head) and not any(t.whitespace_ for t in inner[:comma - 1]):
            first = joined_head
            inner = doc[tok.i + comma:j] if comma < len(inner) else doc[tok.i + 1:tok.i + 2]
        before_end = tok.idx
        prev = by_end.get(before_end - 1) or by_end.get(before_end) or by_end.get(before_end - 2)
        if prev is None and tok.i > 0 and doc[tok.i - 1].is_upper and len(doc[tok.i - 1].text) >= 2 \
                and len(inner) >= 2:
            prev = _mention(doc, tok.i - 1, tok.i, "Organization", "acronym")
        if prev is None:
            continue
        if _ACRONYM.match(first) and (sum(c.isupper() for c in first) >= 2 or prev.cls not in (
                "Person",)) and (len(inner) == 1 or inner[1].text == ","):
            if top_class(prev.cls) == "Place":
                joined = _join_org_place(doc, prev, chosen)
                if joined is not None:
                    owner, merged = joined
                    out.pop((owner.start, owner.end), None)
                    out.pop((prev.start, prev.end), None)
                    out[(merged.start, merged.end)] = replace(merged, acronym=first)
                    consumed.append((tok.idx, doc[j].idx + 1))
                    continue
                if _initials(prev.text) != first.upper().replace(".", ""):
                    continue  # "(MINUSCA)" after a country does not name the country
            out[(prev.start, prev.end)] = replace(prev, acronym=first)
            consumed.append((tok.idx, doc[j].idx + 1))
        elif top_class(prev.cls) in ("Organization", "Event") and _translation(inner, prev):
            # "Operation Shield of the North (Operación Escudo del Norte)", "Comisión Nacional de
            # Emergencias (National Emergency Commission)": the name in the other language
            out[(prev.start, prev.end)] = replace(prev, alias=_translation(inner, prev))
            consumed.append((tok.idx, doc[j].idx + 1))
        elif len(inner) >= 3 and inner[1].text == ":" and inner[0].lower_ in _LANGUAGES:
            # "the Chilean Navy (Spanish: Armada de Chile)": the name in another language
            out[(prev.start, prev.end)] = replace(prev, surface=inner[2:].text.strip())
            consumed.append((tok.idx, doc[j].idx + 1))
        elif prev.text.isupper() and len(inner) >= 2 and _is_cap(inner[0]) and not any(
                t.like_num for t in inner):  # "MIAMI (Apr. 26, 2019)" is a dateline, not an expansion
            expansion = inner.text
            cls = classify(expansion) or prev.cls
            if cls in ("Organization", None):
                cls = prev.cls
            out[(prev.start, prev.end)] = replace(prev, cls=cls, acronym=expansion, source="acronym")
            consumed.append((tok.idx, doc[j].idx + 1))
    return list(out.values()), consumed


_FOREIGN_PARTICLES = {"de", "del", "la", "las", "los", "el", "y", "da", "do", "dos", "das", "para", "contra", "e"}


def _translation(inner, prev: Mention) -> str | None:  # type: ignore[no-untyped-def]
    """The bracket's text when it is the name of ``prev`` in another language: two or more
    capitalised words (a note ", in Spanish" may follow), and one of the two names has a Spanish
    or Portuguese particle, or the note names the language."""
    words = [t for t in inner]
    comma = next((q for q, t in enumerate(words) if t.text == ","), len(words))
    name, note = words[:comma], words[comma + 1:]
    caps = [t for t in name if t.text[:1].isupper()]
    if len(name) < 2 or len(caps) < 2 or not name[0].text[:1].isupper() or any(t.is_punct for t in name):
        return None
    noted = any(t.lower_ in _LANGUAGES for t in note)
    if note and not noted:
        return None
    foreign = {t.lower_ for t in name} | {w.lower() for w in prev.text.split()}
    text = "".join(t.text_with_ws for t in name).strip()
    if noted or foreign & _FOREIGN_PARTICLES or any(c in "áéíóúãõçñÁÉÍÓÚ" for c in text + prev.text):
        return text
    return None


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[0].isupper())


def _join_org_place(doc, place: Mention, chosen: list[Mention]) -> tuple[Mention, Mention] | None:  # type: ignore[no-untyped-def]
    """'the UN Mission in the Central African Republic (MINUSCA)': the organisation's name
    runs through 'in/for/of (the) <Place>' when an acronym follows the place."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return None
    k = span.start - 1
    if k >= 0 and doc[k].lower_ == "the":
        k -= 1
    if k < 1 or doc[k].lower_ not in ("in", "for", "of", "to", "on"):
        return None
    owner = next((m for m in chosen if m.end in (doc[k - 1].idx + len(doc[k - 1].text),)), None)
    if owner is None or top_class(owner.cls) != "Organization":
        return None
    o_span = doc.char_span(owner.start, owner.end, alignment_mode="expand")
    merged = _mention(doc, o_span.start, span.end, owner.cls, "acronym")
    return (owner, merged) if merged else None


def _select(cands: Iterable[Mention]) -> list[Mention]:
    """Non-overlapping mentions: higher priority first, then longer."""
    chosen: list[Mention] = []
    for m in sorted(cands, key=lambda m: (-PRIORITY.get(m.source, 0), -(m.end - m.start), m.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def interview_turns(article: Article) -> list[Turn]:
    """Paragraphs that open with a speaker label ("Diálogo:", "Adm. Smith:")."""
    turns: list[Turn] = []
    text = article.text
    for m in re.finditer(r"(?:^|\n)([^\n:]{2,120}?):[ \t]", text):
        label = m.group(1).strip()
        if label.count(" ") > 16 or label.endswith((".", "?", "!")) and not re.search(
                r"\b[A-Z][a-z]{0,4}\.$", label):
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


def _pronouns(doc, turns: list[Turn]) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
    answers = [t for t in turns if not t.is_question]
    if not answers:
        return
    for tok in doc:
        if tok.lower_ in lx.FIRST_PERSON_PLURAL:
            for t in answers:
                if t.start <= tok.idx < t.end:
                    yield Mention(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text,
                                  cls="Agent", source="pronoun", key=f"@speaker:{t.label_start}",
                                  sent=sent_of(tok).start)
                    break


# What a name is said to be ("X, a maritime exercise", "X is a port city") -> its class
_PREDICATE_NOUNS = {
    "exercise": "Operation", "operation": "Operation", "mission": "Operation", "drill": "Operation",
    "conference": "Conference", "summit": "Conference", "forum": "Conference", "symposium": "Conference",
    "city": "City", "town": "City", "village": "City", "capital": "City", "port": "City",
    "province": "Region", "region": "Region", "district": "Region", "department": "Region",
    "river": "NaturalFeature", "mountain": "NaturalFeature", "island": "NaturalFeature",
    "newspaper": "MediaOrganization", "magazine": "MediaOrganization", "outlet": "MediaOrganization",
    "broadcaster": "MediaOrganization",
}


def _predicate_class(doc, m: Mention) -> Mention:  # type: ignore[no-untyped-def]
    """What the text says a name is: 'X was a guerrilla group', 'X, a terrorist organization',
    'X, the world's largest maritime exercise', 'X is a port city'."""
    if m.cls in ("Person", "Country", "ArmedGroup") or m.source == "gazetteer":
        return m
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return m
    root = span.root
    while root.dep_ == "compound" and root.head.i != root.i and root.head.i - root.i <= 2:
        root = root.head  # "UNITAS LXIV, the ... exercise": the appositive hangs on the name's head
    nouns = []
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ == "be":
        nouns = [c for c in root.head.children if c.dep_ == "attr"]
    nouns += [c for c in root.children if c.dep_ == "appos"]
    for n in nouns:
        mods = {c.lower_ for c in n.children if c.dep_ in ("amod", "compound")}
        if top_class(m.cls) == "Organization" and n.lower_ in lx.GROUP_NOUNS | lx.ARMED_GROUP_HEADS and (
                mods & lx.ARMED_GROUP_CUES or n.lower_ in ("cartel", "gang", "militia", "guerrilla",
                                                           "guerrillas")):
            return replace(m, cls="ArmedGroup", source="predicate")
        cls = _PREDICATE_NOUNS.get(n.lemma_.lower())
        if cls and n.ent_type_ == "" and not any(t.is_title for t in n.lefts if t.dep_ == "compound"):
            return replace(m, cls=cls, source="predicate")
    return m


def _possessive_surfaces(doc, chosen: list[Mention]) -> list[Mention]:  # type: ignore[no-untyped-def]
    """'the Armed Forces' Joint Command': the owned body also answers to the full form."""
    by_end = {m.end: m for m in chosen}
    out = []
    for m in chosen:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if (span is not None and m.surface is None and span.start >= 2 and top_class(m.cls) == "Organization"
                and doc[span.start - 1].text in _POSSESSIVE):
            owner_tok = doc[span.start - 2]
            owner = by_end.get(owner_tok.idx + len(owner_tok.text))
            if owner is not None and top_class(owner.cls) == "Organization":
                m = replace(m, surface=doc_text(doc)[owner.start:m.end])
        out.append(m)
    return out


def _shared_owner(doc, chosen: list[Mention]) -> list[Mention]:  # type: ignore[no-untyped-def]
    """"The Honduran Army, Air Force and Navy": bare services listed after a qualified one share
    its country; "the Armies of Brazil, Colombia, and Peru": one army per country."""
    out = list(chosen)
    text = doc_text(doc)
    for n, m in enumerate(out):
        if m.country or top_class(m.cls) != "Organization" or not is_bare_service(m.key):
            continue
        k = n - 1
        while k >= 0:
            between = text[out[k].end:out[m is out[n] and n or n].start] if k == n - 1 else text[out[k].end:out[k + 1].start]
            if not re.fullmatch(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)(?:the\s+)?", between):
                break
            if out[k].country and top_class(out[k].cls) == "Organization":
                out[n] = replace(m, country=out[k].country)
                break
            if not is_bare_service(out[k].key):
                break
            k -= 1
    # "the Armies of Brazil, Colombia, and Peru" / "Navies of Chile and Peru"
    for n, m in enumerate(out):
        words = m.text.split()
        if not words or fold(words[0]) not in lx.SERVICE_SINGULAR or len(words) < 3 or fold(words[1]) != "of":
            continue
        singular = lx.SERVICE_SINGULAR[fold(words[0])].title()
        k = n + 1
        others = []
        while k < len(out) and out[k].cls == "Country" and re.fullmatch(
                r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?", text[out[k - 1].end:out[k].start]):
            others.append(f"{demonym_of(country_of(out[k].text) or out[k].text) or out[k].text} {singular}")
            k += 1
        key, country = name_key(f"{singular} of {' '.join(words[2:])}", m.cls)
        out[n] = replace(m, key=key, country=country, implied=tuple(others), cls="MilitaryOrganization"
                         if singular.lower() != "government" else "GovernmentOrganization")
    return out


def is_generic_service(name: str) -> bool:
    """"Defense Force", "Armed Forces": a whole service, not a unit of one."""
    key = variant_key(name)
    return is_bare_service(key) or key in ("defense force", "defense forces", "forces", "force")


def is_bare_service(key: str) -> bool:
    """``"navy"``, ``"air force"``, ``"police"``: a service named without its owner."""
    return key in lx.BARE_SERVICES or key in lx.SERVICE_SYNONYMS.values()


def _unit_parent(m: Mention) -> Mention:
    """'U.S. Coast Guard Law Enforcement Detachment 406', 'Chilean Navy Fleet Command': a unit
    named after its service also names the service."""
    if top_class(m.cls) != "Organization" or m.implied:
        return m
    country, rest = split_country_prefix(m.text)
    words = rest.split()
    if country is None and words and demonym_country(words[0]):
        country, words = demonym_country(words[0]), words[1:]
    if country is None and words and len(words) > 1 and demonym_country(" ".join(words[:2])):
        country, words = demonym_country(" ".join(words[:2])), words[2:]
    for size in (2, 1):
        head = " ".join(words[:size]).lower()
        rest_words = words[size:]
        if head in lx.LOWERCASE_SERVICES and lx.LOWERCASE_SERVICES[head] != "Government" and rest_words \
                and rest_words[0].lower() not in ("of", "and", "for") and classify(" ".join(rest_words), "ORG") in (
                    "MilitaryOrganization", "GovernmentOrganization") and not is_generic_service(
                    " ".join(rest_words)):
            service = " ".join(m.text.split()[: len(m.text.split()) - len(rest_words)])
            return replace(m, implied=(service,))
    return m


def _coordinated(doc, chosen: list[Mention]) -> list[Mention]:  # type: ignore[no-untyped-def]
    """A proper noun coordinated with a place takes its class: "in Sucumbios and Esmeraldas"."""
    starts = {m.start: m for m in chosen}
    covered = {i for m in chosen for i in range(m.start, m.end)}
    out = []
    for tok in doc:
        if tok.dep_ != "conj" or tok.pos_ != "PROPN" or not _is_cap(tok):
            continue
        if tok.idx in covered:
            # an NER guess of Person for a name coordinated with a place ("Michoacán and Guerrero")
            own = next((m for m in chosen if m.start <= tok.idx < m.end), None)
            head_m = next((m for m in chosen if m.start <= tok.head.idx < m.end), None)
            if (own and head_m and own.source == "ner" and own.cls == "Person" and " " not in own.text
                    and head_m.cls in ("City", "Region")):
                out.append(replace(own, cls=head_m.cls, source="gazetteer"))
            continue
        head = tok.head
        left = next((m for m in chosen if m.start <= head.idx < m.end), None)
        if left is None or left.cls not in ("City", "Region", "Country", "NaturalFeature"):
            continue
        s, e = tok.i, tok.i + 1
        while s > 0 and doc[s - 1].dep_ == "compound" and doc[s - 1].pos_ == "PROPN":
            s -= 1
        if any(i in covered for i in range(doc[s].idx, tok.idx + 1)):
            continue
        cls = classify(doc[s:e].text) or ("City" if left.cls == "Country" else left.cls)
        m = _mention(doc, s, e, cls, "ner")
        if m and m.start not in starts:
            out.append(m)
    return out


def find_mentions(doc, article: Article) -> list[Mention]:  # type: ignore[no-untyped-def]
    """All mentions in ``doc`` (the parsed ``article.text``), sorted by position."""
    publisher = outlet_of(article)
    cands: list[Mention] = []
    cands += _credit_lines(doc)
    cands += _ner(doc, publisher)
    cands += _vocab(doc, publisher)
    cands += _ranks(doc)
    cands += _roles(doc)
    cands += _phrases(doc, lx.THREATS, "Threat", "threat")
    cands += _threat_phrases(doc)
    cands += _phrases(doc, lx.OPERATION_CONCEPTS, "Operation", "concept")
    cands += _countries(doc)
    cands += _ships(doc)
    cands += _lowercase_services(doc)
    chosen = _select([m for m in cands if not is_fragment(m.text, m.cls) and not _adjective_use(doc, m)])
    chosen, consumed = _acronyms(doc, chosen)
    chosen = [_predicate_class(doc, m) for m in chosen if not any(a <= m.start < b for a, b in consumed)]
    # every later use of a defined acronym is a mention of the same thing
    defined = {m.acronym: m for m in chosen if m.acronym and " " not in m.acronym}
    defined.update({m.text: m for m in chosen if m.source == "acronym"})
    extra = []
    for tok in doc:
        m0 = defined.get(tok.text)
        if m0 is not None and not any(a <= tok.idx < b for a, b in consumed):
            extra.append(Mention(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text,
                                 cls=m0.cls, source="acronym", key=fold(tok.text), sent=sent_of(tok).start))
    chosen = _select([*chosen, *extra, *_coordinated(doc, chosen)])
    chosen = _possessive_surfaces(doc, chosen)
    chosen = [m for m in chosen if not is_fragment(m.text, m.cls)]
    chosen = _shared_owner(doc, chosen)
    chosen = [_unit_parent(m) for m in chosen]
    chosen += _pronouns(doc, interview_turns(article))
    return sorted(chosen, key=lambda m: (m.start, m.end))

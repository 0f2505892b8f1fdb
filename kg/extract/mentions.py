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
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from ..models import Article, Mention
from ..ontology import top_class
from . import lexicon as lx
from .gazetteer import capital_country, country_of, demonym_country, demonym_of, fold, is_province, split_country_prefix
from .names import (
    DESIGNATORS,
    DISASTERS,
    NAME_PARTICLES,
    PREDICATE_NOUNS,
    RANK_RE,
    ROMAN,
    classify,
    group_key,
    head_words,
    is_bare_service,
    is_fragment,
    is_generic_service,
    name_key,
    threat_key,
    variant_key,
)
from .spans import (
    OPEN,
    POSSESSIVE,
    PRONOUNS,
    TITLE_OWNERS,
    cap_runs,
    context_class,
    has_head,
    make_mention,
    split_possessive,
    strip_span,
)
from .tokens import doc_text, is_cap, release, sent_of, sents, toks

__all__ = ["Turn", "doc_text", "find_mentions", "interview_turns", "release", "sent_of", "sents", "toks"]

# Recogniser priorities: higher wins an overlap, then the longer span.
PRIORITY = {"byline": 70, "ship": 58, "predicate": 45, "rank": 60, "role": 42, "acronym": 55, "concept": 50, "vocab": 45, "gazetteer": 40,
            "ner": 30, "threat": 35, "speaker": 20, "pronoun": 10}

_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&\-.]{1,15}$")

_TITLE_WORDS = {"chief", "commander", "head", "director", "minister", "secretary", "president",
                "commandant", "inspector", "general", "admiral", "ambassador", "governor"}
_LANGUAGES = {"spanish", "portuguese", "french", "arabic", "russian", "chinese", "german", "italian",
              "dutch", "english", "persian", "turkish", "hebrew", "quechua", "guarani", "creole"}

# "<Head> of the <Body>" that names one body, not a part of another: "Ministry of Defense".
_WHOLE_NAME_HEADS = {"ministry", "secretariat", "secretary", "department", "office", "bureau", "ministerio",
                     "secretaria", "minister", "commandant", "chief"}


@dataclass(frozen=True, slots=True)
class Turn:
    """One paragraph of an interview: who speaks, and where."""

    speaker: str
    label_start: int
    label_end: int
    start: int
    end: int
    is_question: bool


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
            (w[:1].isupper() and not w.isupper() or re.fullmatch(r"[A-Z]\.", w)) and fold(w) not in _BODY_WORDS
            or w.lower() in NAME_PARTICLES for w in words[:n]) and not (
            rest[:1].islower() or courtesy or any(RANK_RE.match(w + " ") for w in words[:n])
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


def adjective_use(doc, m: Mention) -> bool:  # type: ignore[no-untyped-def]
    """'Military personnel', 'Military commands': "military" before a noun is an adjective."""
    if fold(m.text) != "military":
        return False
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    nxt = span.end if span is not None else None
    return nxt is not None and nxt < len(doc) and doc[nxt].pos_ in ("NOUN", "PROPN") and doc[nxt].text != "'s"


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


def credit_lines(doc) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
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


def ner_mentions(doc, publisher: str | None) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"):
            continue
        if ent.label_ in ("ORG", "NORP") and RANK_RE.match(doc_text(doc), ent.start_char) and \
                RANK_RE.match(doc_text(doc), ent.start_char).end() > ent.end_char:
            continue  # "Defense" of "Defense Minister X" is part of a title, not a body
        a, b = strip_span(doc, ent.start, ent.end)
        if b == ent.end and b < len(doc) and ROMAN.match(doc[b].text) and b > a:
            b += 1  # "UNITAS LXIV": an edition number belongs to the name
        parts = split_possessive(doc, a, b)
        ands = [i for i in range(a + 1, b - 1) if doc[i].lower_ == "and"]
        if ands and len(parts) == 1 and not country_of(doc[a:b].text) and not has_head(doc[a:b]):
            parts = [(a, ands[0]), (ands[0] + 1, b)]  # "Meta and Caquetá": two names
        for s, e in parts:
            s, e = strip_span(doc, s, e)
            if e <= s:
                continue
            text = doc[s:e].text
            if ent.label_ == "NORP":
                if demonym_country(text) or fold(text) in ("south american", "latin american"):
                    continue
            cls = classify(text, ent.label_, publisher=publisher)
            ctx = context_class(doc, s, e)
            if ctx and (cls in (None, "Organization", "Person", "City", "Region", "Place") or (
                    ctx == "ArmedGroup" and cls != "Country")):
                cls = ctx
            if ent.label_ == "PERSON" and cls == "Person" and not all(is_cap(t) for t in doc[s:e]):
                continue
            if cls not in ("Threat", "ArmedGroup") and not any(is_cap(t) or t.like_num for t in doc[s:e]):
                continue  # "cocaine" tagged ORG: a common noun, not a name
            if cls:
                m = make_mention(doc, s, e, cls, "ner")
                if m and len(parts) > 1 and (s, e) == parts[-1]:
                    m = replace(m, surface=doc[a:b].text)
                if m:
                    yield m


def vocab_mentions(doc, publisher: str | None) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
    """Names built on unit, body, place and meeting words; "Operation X"."""
    T = toks(doc)
    for i, j in cap_runs(doc):
        i2, j2 = strip_span(doc, i, j)
        pieces = []
        owned = split_possessive(doc, i2, j2)
        for s, e in owned:
            # "Air Force and Navy": two services, not one name
            # "the Prosecutor's Office for Drug Crimes": a title's office keeps its owner
            if s >= 2 and T[s - 1].text in POSSESSIVE and fold(T[s - 2].text) in TITLE_OWNERS:
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
                right = strip_span(doc, k + 1, e)
                if words[k - s - 1] in _TITLE_WORDS and k - s0 <= 2 or RANK_RE.fullmatch(doc[s0:k].text + " ") is not None:
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
                if context_class(doc, a, b) == "ArmedGroup" and cls != "Country":
                    cls = "ArmedGroup"
                hw = [t.lower_ for t in doc[a:b] if t.text not in ("-", "\u2013")]
                if len(hw) > 2 and (hw[-1] in DESIGNATORS or ROMAN.match(hw[-1].upper()) or hw[-1].isdigit()):
                    hw = hw[:-1]  # "Joint Task Force Omega"
                heads = set(head_words(hw))
                if len(hw) >= 3:  # "Special Forces Group", "Naval Task Force Trident"
                    heads |= {h for h in head_words(hw[:-1]) if h in lx.MILITARY_HEADS and " " in h}
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
                    m = make_mention(doc, a, b, cls, "vocab")
                    if m and len(owned) > 1 and (s, e) == owned[-1] and (a, b) == (s, e):
                        m = replace(m, surface=doc[i2:j2].text)
                    if m:
                        yield m
            # "the Mantaro river", "the Vizcaya mountains": a name and a lower-case natural head
            if e < len(doc) and doc[e].lower_ in lx.NATURAL_HEADS and not is_cap(doc[e]) \
                    and not classify(doc[s:e].text):
                m = make_mention(doc, s, e + 1, "NaturalFeature", "vocab")
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
                m = make_mention(doc, s, k, "Region", "vocab")
                if m:
                    yield m
            # "the Southern Seas exercise", "the UNITAS 55 multinational exercises", "the Andes
            # summit": a name and a lower-case kind noun, maybe after adjectives
            k = e
            while k < len(doc) and k - e < 3 and T[k].is_lower and T[k].pos_ in ("ADJ",) :
                k += 1
            kind = PREDICATE_NOUNS.get(T[k].lemma_.lower()) if k < len(doc) and T[k].is_lower else None
            if kind in ("Operation", "Conference") and classify(doc[s:e].text) in (
                    None, "Organization", "Operation", "Conference", "Event") \
                    and any(t.pos_ == "PROPN" or t.is_upper for t in doc[s:e]):
                m = make_mention(doc, s, e, kind, "vocab")
                if m:
                    yield m
            # "the Fuego volcano eruption": a name and a lower-case disaster word
            k = e + (e < len(doc) and T[e].lower_ in ("volcano", "volcanic", "river", "tropical"))
            if k < len(doc) and T[k].is_lower and fold(T[k].text) in DISASTERS and k > e - 1 \
                    and classify(doc[s:e].text) in (None, "NaturalFeature", "Region", "City", "Person"):
                m = make_mention(doc, s, k + 1, "Disaster", "vocab")
                if m:
                    yield m
            # "<Name> terrorist group", "the MS-13 gang": the name before the cue is an armed group
            if ((e < len(doc) - 1 and doc[e].lower_ in lx.ARMED_GROUP_CUES and doc[e + 1].lower_ in lx.GROUP_NOUNS)
                    or (e < len(doc) and doc[e].lower_ in ("gang", "cartel", "militia", "clan", "faction"))) \
                    and any(t.pos_ == "PROPN" or t.is_upper for t in doc[s:e]) \
                    and classify(doc[s:e].text) not in ("Country", "City", "Region"):
                m = make_mention(doc, s, e, "ArmedGroup", "vocab")
                if m:
                    yield m


def rank_mentions(doc) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
    """A rank or title followed by a capitalised name: a Person with that rank."""
    T = toks(doc)
    text = doc_text(doc)
    starts = {t.idx: t.i for t in doc}
    n = len(doc)
    i = 0
    while i < n:
        m = RANK_RE.match(text, T[i].idx) if is_cap(T[i]) else None
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
                (is_cap(T[e]) and T[e].pos_ in ("PROPN", "NOUN", "ADJ") and T[e].lower_ not in lx.DETERMINERS)
                or (e > j and T[e].lower_ in NAME_PARTICLES and e + 1 < n and is_cap(T[e + 1]))):
            e += 1  # "Juan Andrés De la Maza": lower-case particles inside a name
        if e > j and any(t.pos_ == "PROPN" for t in doc[j:e]) and classify(doc[j:e].text) in (
                None, "Person", "City", "Region"):
            # "Brazilian Rear Adm. X", "Colombia's Defense Minister X": the person's country
            k = i - 1
            while k >= 0 and T[k].lower_ in ("army", "navy", "air", "force", "police", "marine", "naval"):
                k -= 1
            country = demonym_country(T[k].text) if k >= 0 and is_cap(T[k]) else None
            if k >= 1 and T[k].text in POSSESSIVE:
                country = country_of(T[k - 1].text)
            mention = make_mention(doc, j, e, "Person", "rank", rank=" ".join(m.group(0).split()),
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


def role_mentions(doc) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
    """'Ana Diaz, a police officer from ...': a capitalised two- to four-word name in apposition
    with a role noun is a person, even where NER missed it."""
    T = toks(doc)
    for i, j in cap_runs(doc):
        s, e = strip_span(doc, i, j)
        if not 2 <= e - s <= 4 or e + 2 >= len(T) or T[e].text != ",":
            continue
        if not all(t.pos_ == "PROPN" for t in T[s:e]) or classify(doc[s:e].text) not in (None, "Person"):
            continue
        k = e + 1
        while k < len(T) and k - e < 6 and (T[k].pos_ in ("DET", "ADJ") or T[k].dep_ == "compound"
                                            or T[k].lower_ in ("former", "then", "deputy", "vice")):
            k += 1
        if k < len(T) and T[k].lower_ in _ROLE_NOUNS:
            m = make_mention(doc, s, e, "Person", "role")
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


def phrase_mentions(doc, table: dict[str, str], cls: str, source: str) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
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
                i > 0 and is_cap(doc[i - 1]) or i + k < n and is_cap(doc[i + k])
                or i > 0 and doc[i - 1].lower_ in ("against", "of", "on", "for")):
            i += k  # "Special Unit against Drug Trafficking": a word of a name, not the threat
            continue
        # "the United Nations' peacekeeping missions" keeps its owner in the name
        if cls == "Operation" and s >= 2 and doc[s - 1].text in POSSESSIVE and fold(
                doc[s - 2].text) in ("nations", "un"):
            s2 = s - 2
            while s2 > 0 and is_cap(doc[s2 - 1]):
                s2 -= 1
            m = make_mention(doc, s2, i + k, cls, source)
        elif cls == "Operation" and s >= 1 and doc[s - 1].text in ("UN", "U.N."):
            m = make_mention(doc, s - 1, i + k, cls, source)
        else:
            m = make_mention(doc, i, i + k, cls, source)
        if m:
            key = table.get(" ".join(words).replace(" - ", "-"), table.get(fold(" ".join(words))))
            yield replace(m, key=key or m.key)
        i += k


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
                t.lower_ not in lx.DETERMINERS and not t.like_num and t.lower_ not in PRONOUNS:
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


def threat_mentions(doc) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
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
                    m = make_mention(doc, s, first + 1, "Threat", "threat")
                    if m:
                        yield replace(m, key=lx.TRAFFICKED_GOODS[T[first].lower_])
                    for g in goods[1:]:
                        m = make_mention(doc, g, g + 1, "Threat", "threat")
                        if m:
                            surface = f"{low} {T[i + 1].lower_} {T[g].text}"
                            yield replace(m, key=lx.TRAFFICKED_GOODS[T[g].lower_], surface=surface)
                    continue
                m = make_mention(doc, s, i + 1, "Threat", "threat")
                if m:
                    key = lx.TRAFFICKED_GOODS.get(T[i - 1].lower_) if before else None
                    yield replace(m, key=key or threat_key(m.text))
                for g in before:
                    m = make_mention(doc, g, g + 1, "Threat", "threat")
                    if m:
                        yield replace(m, key=lx.TRAFFICKED_GOODS[T[g].lower_], surface=f"{T[g].text} {t.text}")
            elif low in lx.TRAFFICKER_NOUNS:
                # "drug traffickers", "narcotraffickers": the unnamed groups that traffic
                s = i - 1 if i > a and T[i - 1].is_lower and T[i - 1].lower_ in lx.TRAFFICKED_GOODS else i
                if low in ("traffickers", "smugglers") and s == i:
                    continue
                m = make_mention(doc, s, i + 1, "ArmedGroup", "threat")
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
                        m = make_mention(doc, i, i + 1, "ArmedGroup", "threat")
                        if m:
                            yield m
                    continue
                m = make_mention(doc, s, i + 1, "ArmedGroup", "threat")
                if m:
                    words = [w for w in fold(m.text).split() if not (demonym_country(w.title()) or w in mods - {
                        w2 for w2 in mods if w2 in lx.CRIMINAL_MODIFIERS})]
                    yield replace(m, key=group_key(mods, low, " ".join(words)))


def ship_mentions(doc) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
    """Ships and cutters by their prefix ("USS Aurora (DDG 71)", "HNLMS Zeeland (P 841)",
    "Coast Guard Cutter Tern", "the cutter Tern"): units, typed MilitaryOrganization."""
    T = toks(doc)
    n = len(T)
    for i, t in enumerate(T):
        k = 0
        if t.text in lx.SHIP_PREFIXES:
            k = 1
        elif t.lower_ == "cutter" and i + 1 < n and is_cap(T[i + 1]):
            k = 1
            if i >= 2 and T[i - 2].lower_ == "coast" and T[i - 1].lower_ == "guard" and is_cap(t):
                i, k = i - 2, 3  # "Coast Guard Cutter Forward"
        if not k:
            continue
        j = i + k
        e = j
        while e < n and e - j < 4 and (is_cap(T[e]) or T[e].text in (".",) and e > j and T[e - 1].text == "St") \
                and not T[e].is_sent_start and not RANK_RE.match(doc_text(doc), T[e].idx):
            e += 1
        if e == j or T[j].lower_ in lx.DETERMINERS:
            continue
        # "(DDG 99)", "(T-AH 20)": the hull number belongs to the name
        if e + 2 < n and T[e].text == "(" and any(c.isdigit() for c in doc[e + 1:min(n, e + 6)].text):
            close = next((q for q in range(e + 1, min(n, e + 7)) if T[q].text == ")"), None)
            if close is not None:
                e = close + 1
        m = make_mention(doc, i, e, "MilitaryOrganization", "ship")
        if m:
            bare = doc[i + k:e].text.split("(")[0].strip()
            yield replace(m, key=variant_key(bare) or m.key, country=None)  # "USS Aurora" = "Aurora"


def _owner_country(T, k: int, floor: int) -> tuple[str | None, int]:  # type: ignore[no-untyped-def]
    """The country named by the word(s) ending at token ``k`` ("Colombian", "U.S.", "Costa Rican",
    "Chile's") and the index of their first token; ``(None, k + 1)`` when there is none."""
    if k < floor:
        return None, k + 1
    if T[k].text in POSSESSIVE and k - 1 >= floor:
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


def service_mentions(doc) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
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
                    if k + m <= b and country_of(doc[k:k + m].text) and is_cap(T[k]) and not T[k + m - 1].is_punct:
                        mention = make_mention(doc, i, k + m, "GovernmentOrganization", "vocab")
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
            mention = make_mention(doc, s, end, cls, "vocab", country=country)
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
                mention = make_mention(doc, j2, j2 + size2, cls2, "vocab", country=country)
                if mention:
                    sing = lx.SERVICE_SINGULAR.get(mention.text.lower(), mention.text)
                    yield replace(mention, key=name_key(sing.title(), cls2)[0])
                j = j2 + size2
            i = max(end, j)
    del n


def country_mentions(doc) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
    """Capitalised runs (and codes such as "US") that the gazetteer knows as countries."""
    for i, j in cap_runs(doc):
        s, e = strip_span(doc, i, j)
        if e > s and country_of(doc[s:e].text) and not (e - s == 1 and doc[s].text in ("US",)
                                                         and doc[s].lower_ == "us" and not doc[s].is_upper):
            m = make_mention(doc, s, e, "Country", "gazetteer")
            if m:
                yield m


def attach_brackets(doc, chosen: list[Mention]) -> tuple[list[Mention], list[tuple[int, int]]]:  # type: ignore[no-untyped-def]
    """Attach bracketed acronyms to the mention before them; expand "ACR [Long Name]".

    Returns the updated mentions and the character ranges of consumed brackets.
    """
    by_end = {m.end: m for m in chosen}
    out = {(m.start, m.end): m for m in chosen}
    consumed: list[tuple[int, int]] = []
    for tok in doc:
        if tok.text not in OPEN:
            continue
        close = OPEN[tok.text]
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
            prev = make_mention(doc, tok.i - 1, tok.i, "Organization", "acronym")
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
        elif prev.text.isupper() and len(inner) >= 2 and is_cap(inner[0]) and not any(
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
    merged = make_mention(doc, o_span.start, span.end, owner.cls, "acronym")
    return (owner, merged) if merged else None


def select_mentions(cands: Iterable[Mention]) -> list[Mention]:
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


def pronoun_mentions(doc, turns: list[Turn]) -> Iterable[Mention]:  # type: ignore[no-untyped-def]
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


def predicate_class(doc, m: Mention) -> Mention:  # type: ignore[no-untyped-def]
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
        cls = PREDICATE_NOUNS.get(n.lemma_.lower())
        if cls and n.ent_type_ == "" and not any(t.is_title for t in n.lefts if t.dep_ == "compound"):
            return replace(m, cls=cls, source="predicate")
    return m


def possessive_surfaces(doc, chosen: list[Mention]) -> list[Mention]:  # type: ignore[no-untyped-def]
    """'the Armed Forces' Joint Command': the owned body also answers to the full form."""
    by_end = {m.end: m for m in chosen}
    out = []
    for m in chosen:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if (span is not None and m.surface is None and span.start >= 2 and top_class(m.cls) == "Organization"
                and doc[span.start - 1].text in POSSESSIVE):
            owner_tok = doc[span.start - 2]
            owner = by_end.get(owner_tok.idx + len(owner_tok.text))
            if owner is not None and top_class(owner.cls) == "Organization":
                m = replace(m, surface=doc_text(doc)[owner.start:m.end])
        out.append(m)
    return out


def shared_owner(doc, chosen: list[Mention]) -> list[Mention]:  # type: ignore[no-untyped-def]
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


def unit_parent(m: Mention) -> Mention:
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


def coordinated_mentions(doc, chosen: list[Mention]) -> list[Mention]:  # type: ignore[no-untyped-def]
    """A proper noun coordinated with a place takes its class: "in Sucumbios and Esmeraldas"."""
    starts = {m.start: m for m in chosen}
    covered = {i for m in chosen for i in range(m.start, m.end)}
    out = []
    for tok in doc:
        if tok.dep_ != "conj" or tok.pos_ != "PROPN" or not is_cap(tok):
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
        m = make_mention(doc, s, e, cls, "ner")
        if m and m.start not in starts:
            out.append(m)
    return out


def find_mentions(doc, article: Article) -> list[Mention]:  # type: ignore[no-untyped-def]
    """All mentions in ``doc`` (the parsed ``article.text``), sorted by position."""
    publisher = outlet_of(article)
    cands: list[Mention] = []
    cands += credit_lines(doc)
    cands += ner_mentions(doc, publisher)
    cands += vocab_mentions(doc, publisher)
    cands += rank_mentions(doc)
    cands += role_mentions(doc)
    cands += phrase_mentions(doc, lx.THREATS, "Threat", "threat")
    cands += threat_mentions(doc)
    cands += phrase_mentions(doc, lx.OPERATION_CONCEPTS, "Operation", "concept")
    cands += country_mentions(doc)
    cands += ship_mentions(doc)
    cands += service_mentions(doc)
    chosen = select_mentions([m for m in cands if not is_fragment(m.text, m.cls) and not adjective_use(doc, m)])
    chosen, consumed = attach_brackets(doc, chosen)
    chosen = [predicate_class(doc, m) for m in chosen if not any(a <= m.start < b for a, b in consumed)]
    # every later use of a defined acronym is a mention of the same thing
    defined = {m.acronym: m for m in chosen if m.acronym and " " not in m.acronym}
    defined.update({m.text: m for m in chosen if m.source == "acronym"})
    extra = []
    for tok in doc:
        m0 = defined.get(tok.text)
        if m0 is not None and not any(a <= tok.idx < b for a, b in consumed):
            extra.append(Mention(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text,
                                 cls=m0.cls, source="acronym", key=fold(tok.text), sent=sent_of(tok).start))
    chosen = select_mentions([*chosen, *extra, *coordinated_mentions(doc, chosen)])
    chosen = possessive_surfaces(doc, chosen)
    chosen = [m for m in chosen if not is_fragment(m.text, m.cls)]
    chosen = shared_owner(doc, chosen)
    chosen = [unit_parent(m) for m in chosen]
    chosen += pronoun_mentions(doc, interview_turns(article))
    return sorted(chosen, key=lambda m: (m.start, m.end))

"""``Doc`` -> ``Mention``s of the names the genre's vocabulary and the gazetteer know.

* ``vocab_mentions``: capitalised runs whose head noun is a unit, body, place or meeting word
  ("Engineering Battalion", "Counter-Terrorist Directorate", "Defense Conference"), split at
  "X of the Y" when both are bodies; a name with a lower-case kind noun after it ("the
  Mantaro river", "the Pacific coast", "the Southern Seas exercise", "MS-13 gang");
* ``country_mentions``: capitalised runs (and codes) the gazetteer knows as countries;
* ``ship_mentions``: ships and cutters by their prefix ("USS Aurora (DDG 71)");
* ``service_mentions``: a country's service named with a lower-case noun ("the Brazilian
  army", "Chile's navy", "the government of El Salvador").
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from ..models import Mention
from . import lexicon as lx
from .gazetteer import REGIONAL_ADJECTIVES, country_of, demonym_country, demonym_of, fold
from .names import DESIGNATORS, DISASTERS, PREDICATE_NOUNS, RANK_RE, ROMAN, classify, head_words, name_key, variant_key
from .spans import POSSESSIVE, TITLE_OWNERS, cap_runs, context_class, make_mention, split_possessive, strip_span
from .tokens import caps, is_cap, lowers, opens_sentence, rank_at, sents, span_text, toks

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_TITLE_WORDS = {"chief", "commander", "head", "director", "minister", "secretary", "president",
                "commandant", "inspector", "general", "admiral", "ambassador", "governor"}

# "<Head> of the <Body>" that names one body, not a part of another: "Ministry of Defense".
_WHOLE_NAME_HEADS = {"ministry", "secretariat", "secretary", "department", "office", "bureau", "ministerio",
                     "secretaria", "minister", "commandant", "chief"}


def vocab_mentions(doc: Doc, publisher: str | None) -> Iterable[Mention]:
    """Names built on unit, body, place and meeting words; "Operation X"."""
    T, L, C, S = toks(doc), lowers(doc), caps(doc), opens_sentence(doc)
    n = len(T)
    for i, j in cap_runs(doc):
        i2, j2 = strip_span(doc, i, j)
        pieces = []
        owned = split_possessive(doc, i2, j2)
        for s, e in owned:
            # "Air Force and Navy": two services, not one name
            # "the Prosecutor's Office for Drug Crimes": a title's office keeps its owner
            if s >= 2 and T[s - 1].text in POSSESSIVE and fold(T[s - 2].text) in TITLE_OWNERS:
                s -= 2
            ands = [k for k in range(s + 1, e - 1) if L[k] == "and"]
            if len(ands) == 1 and all(
                    (classify(span_text(doc, a, b)) or "").endswith("Organization")
                    and classify(span_text(doc, a, b)) != "Organization" for a, b in ((s, ands[0]), (ands[0] + 1, e))):
                pieces += [(s, ands[0]), (ands[0] + 1, e)]
            else:
                pieces.append((s, e))
        for s, e in pieces:
            words = L[s:e]
            if not words:
                continue
            # "X of the Y" where Y is itself a unit/body: two mentions (X partOf Y)
            parts = [(s, e)]
            s0 = s
            for k in [s + j for j, w in enumerate(words) if w == "of" and j > 0]:
                if k <= s0:
                    continue
                right = strip_span(doc, k + 1, e)
                if (words[k - s - 1] in _TITLE_WORDS and k - s0 <= 2) \
                        or RANK_RE.fullmatch(span_text(doc, s0, k) + " ") is not None:
                    parts = [right]  # "Chief of the Navy" is a title; the Navy is the name
                    s0 = right[0]
                    continue
                left_cls = classify(span_text(doc, s0, k))
                right_cls = classify(span_text(doc, right[0], right[1]))
                if (left_cls and right_cls and "Organization" in left_cls
                        and "Organization" in right_cls) and not (
                        words[k - s - 1] in _WHOLE_NAME_HEADS and (
                            k - s0 == 1 or (k - s0 == 2 and demonym_country(T[s0].text)))):
                    parts = [(s0, k), right]  # "Secretariat of the Navy" stays one name
                    break
            for a, b in parts:
                text = span_text(doc, a, b)
                if a == b:
                    continue
                cls = classify(text, publisher=publisher)
                if context_class(doc, a, b) == "ArmedGroup" and cls != "Country":
                    cls = "ArmedGroup"
                hw = [L[x] for x in range(a, b) if T[x].text not in ("-", "\u2013")]
                if len(hw) > 2 and (hw[-1] in DESIGNATORS or ROMAN.match(hw[-1].upper()) or hw[-1].isdigit()):
                    hw = hw[:-1]  # "Joint Task Force Omega"
                heads = set(head_words(hw))
                if len(hw) >= 3:  # "Special Forces Group", "Naval Task Force Trident"
                    heads |= {h for h in head_words(hw[:-1]) if h in lx.MILITARY_HEADS and " " in h}
                named_by_head = heads & (lx.MILITARY_HEADS | lx.GOVERNMENT_HEADS | lx.CONFERENCE_HEADS
                                         | lx.FACILITY_HEADS | lx.REGION_HEADS | lx.NATURAL_HEADS
                                         | lx.ARMED_GROUP_HEADS)
                if cls in ("Operation", "Disaster", "Conference") or (cls and named_by_head and b - a >= 1
                                                                      and cls not in ("Person",)):
                    if b - a == 1 and L[a] in heads and not T[a].is_upper and cls not in (
                            "MilitaryOrganization", "GovernmentOrganization"):
                        continue  # a lone capitalised head noun ("Area") is not a name
                    if b - a == 1 and S[a] and cls not in (
                            "MilitaryOrganization", "GovernmentOrganization"):
                        continue
                    m = make_mention(doc, a, b, cls, "vocab")
                    if m and len(owned) > 1 and (s, e) == owned[-1] and (a, b) == (s, e):
                        m = replace(m, surface=span_text(doc, i2, j2))
                    if m:
                        yield m
            # "the Mantaro river", "the Vizcaya mountains": a name and a lower-case natural head
            if e < n and L[e] in lx.NATURAL_HEADS and not C[e] \
                    and not classify(span_text(doc, s, e)):
                m = make_mention(doc, s, e + 1, "NaturalFeature", "vocab")
                if m:
                    yield m
            # "the Pacific coast", "the Amazon border region", "the Colombian border": a place
            # name (or a demonym) and lower-case region words
            k = e
            while k < n and k - e < 3 and T[k].is_lower and L[k] in lx.REGION_PHRASE_WORDS:
                k += 1
            if k > e and L[k - 1] in lx.REGION_PHRASE_HEADS and any(
                    t.lower_ in lx.REGION_NAME_WORDS for t in T[e:k]) and not (k < n and L[k] in (
                    "of", "with", "between", "and")) and (
                    classify(span_text(doc, s, e)) in ("Region", "NaturalFeature", "Country", "City", None)
                    or (e - s == 1 and demonym_country(T[s].text))) and not (k < n and T[k].pos_ == "NOUN"):
                m = make_mention(doc, s, k, "Region", "vocab")
                if m:
                    yield m
            # "the Southern Seas exercise", "the UNITAS 55 multinational exercises", "the Andes
            # summit": a name and a lower-case kind noun, maybe after adjectives
            k = e
            while k < n and k - e < 3 and T[k].is_lower and T[k].pos_ in ("ADJ",) :
                k += 1
            kind = PREDICATE_NOUNS.get(T[k].lemma_.lower()) if k < n and T[k].is_lower else None
            if kind in ("Operation", "Conference") and classify(span_text(doc, s, e)) in (
                    None, "Organization", "Operation", "Conference", "Event") \
                    and any(t.pos_ == "PROPN" or t.is_upper for t in T[s:e]):
                m = make_mention(doc, s, e, kind, "vocab")
                if m:
                    yield m
            # "the Fuego volcano eruption": a name and a lower-case disaster word
            k = e + (e < n and L[e] in ("volcano", "volcanic", "river", "tropical"))
            if k < n and T[k].is_lower and fold(T[k].text) in DISASTERS and k > e - 1 \
                    and classify(span_text(doc, s, e)) in (None, "NaturalFeature", "Region", "City", "Person"):
                m = make_mention(doc, s, k + 1, "Disaster", "vocab")
                if m:
                    yield m
            # "<Name> terrorist group", "the MS-13 gang": the name before the cue is an armed group
            if ((e < n - 1 and L[e] in lx.ARMED_GROUP_CUES and L[e + 1] in lx.GROUP_NOUNS)
                    or (e < n and L[e] in ("gang", "cartel", "militia", "clan", "faction"))) \
                    and any(t.pos_ == "PROPN" or t.is_upper for t in T[s:e]) \
                    and classify(span_text(doc, s, e)) not in ("Country", "City", "Region"):
                m = make_mention(doc, s, e, "ArmedGroup", "vocab")
                if m:
                    yield m


def ship_mentions(doc: Doc) -> Iterable[Mention]:
    """Ships and cutters by their prefix ("USS Aurora (DDG 71)", "HNLMS Zeeland (P 841)",
    "Coast Guard Cutter Tern", "the cutter Tern"): units, typed MilitaryOrganization."""
    T, L, C, S, ranks = toks(doc), lowers(doc), caps(doc), opens_sentence(doc), rank_at(doc)
    n = len(T)
    for i, t in enumerate(T):
        k = 0
        if t.text in lx.SHIP_PREFIXES:
            k = 1
        elif L[i] == "cutter" and i + 1 < n and C[i + 1]:
            k = 1
            if i >= 2 and L[i - 2] == "coast" and L[i - 1] == "guard" and C[i]:
                i, k = i - 2, 3  # "Coast Guard Cutter Forward"
        if not k:
            continue
        j = i + k
        e = j
        while e < n and e - j < 4 and (C[e] or (T[e].text in (".",) and e > j and T[e - 1].text == "St")) \
                and not S[e] and not ranks[e]:
            e += 1
        if e == j or L[j] in lx.DETERMINERS:
            continue
        # "(DDG 99)", "(T-AH 20)": the hull number belongs to the name
        if e + 2 < n and T[e].text == "(" and any(c.isdigit() for c in span_text(doc, e + 1, min(n, e + 6))):
            close = next((q for q in range(e + 1, min(n, e + 7)) if T[q].text == ")"), None)
            if close is not None:
                e = close + 1
        m = make_mention(doc, i, e, "MilitaryOrganization", "ship")
        if m:
            bare = span_text(doc, i + k, e).split("(")[0].strip()
            yield replace(m, key=variant_key(bare) or m.key, country=None)  # "USS Aurora" = "Aurora"


def _owner_country(T: list[Token], k: int, floor: int) -> tuple[str | None, int]:
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
        if k - n + 1 >= floor and not (n == 2 and (T[k - 1].lower_ in lx.DETERMINERS
                                                   or not T[k - 1].text[:1].isupper())):
            words = " ".join(t.text for t in T[k - n + 1:k + 1])
            if n == 2 and fold(words) in REGIONAL_ADJECTIVES:
                return None, k + 1  # "South American military": a region's, not the United States'
            c = demonym_country(words) if n == 2 or T[k].text[:1].isupper() else None
            c = c or (country_of(words) if T[k - n + 1].text[:1].isupper() else None)
            if c:
                return c, k - n + 1
    return None, k + 1


def service_mentions(doc: Doc) -> Iterable[Mention]:
    """A country's service or government named with a lower-case noun: "the Brazilian army",
    "the Peruvian military", "the U.S. government", "Chile's navy", "the government of El
    Salvador"; a list of demonyms shares the noun ("the Colombian, Ecuadorean and Peruvian
    navies": three navies), and so does a list of nouns ("the Peruvian army and air force")."""
    T, L = toks(doc), lowers(doc)
    n = len(T)
    for sent in sents(doc):
        a, b = sent.start, sent.end
        i = a
        while i < b:
            noun = None
            for size in (2, 1):
                words = " ".join(L[i:i + size])
                if i + size <= b and words in lx.LOWERCASE_SERVICES and all(t.is_lower for t in T[i:i + size]):
                    noun = (size, lx.LOWERCASE_SERVICES[words])
                    break
            if noun is None:
                i += 1
                continue
            size, service = noun
            end = i + size
            country, s = _owner_country(T, i - 1, a)
            if country is None and end + 2 < b and L[end] == "of" and service == "Government":
                # "the government of El Salvador"
                k = end + 1 + (L[end + 1] == "the")
                for m in (3, 2, 1):
                    if k + m <= b and country_of(span_text(doc, k, k + m)) and is_cap(T[k]) \
                            and not T[k + m - 1].is_punct:
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
            while k > a and (T[k].text == "," or L[k] in ("and", "or")):
                c, s2 = _owner_country(T, k - 1, a)
                if c is None:
                    break
                others.append(c)
                k = s2 - 1
            singular = lx.SERVICE_SINGULAR.get(" ".join(L[i:end]),
                                               " ".join(t.text for t in T[i:end]))
            mention = make_mention(doc, s, end, cls, "vocab", country=country)
            if mention:
                implied = tuple(f"{demonym_of(c) or c} {singular.title()}" for c in others)
                yield replace(mention, implied=implied, key=name_key(singular.title(), cls)[0])
            # "the Peruvian army and air force": the next nouns share the country
            j = end
            while j + 1 < b and (T[j].text == "," or L[j] in ("and", "or")):
                j2 = j + 1 + (L[j + 1] in ("and", "the"))
                hit = next(((size2, lx.LOWERCASE_SERVICES[" ".join(L[j2:j2 + size2])])
                            for size2 in (2, 1) if j2 + size2 <= b and all(t.is_lower for t in T[j2:j2 + size2])
                            and " ".join(L[j2:j2 + size2]) in lx.LOWERCASE_SERVICES), None)
                if hit is None or (j2 + hit[0] < b and L[j2 + hit[0]] == "of"):
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


def country_mentions(doc: Doc) -> Iterable[Mention]:
    """Capitalised runs (and codes such as "US") that the gazetteer knows as countries."""
    T = toks(doc)
    for i, j in cap_runs(doc):
        s, e = strip_span(doc, i, j)
        if e > s and country_of(span_text(doc, s, e)) and not (e - s == 1 and T[s].text in ("US",)
                                                                and T[s].lower_ == "us" and not T[s].is_upper):
            m = make_mention(doc, s, e, "Country", "gazetteer")
            if m:
                yield m

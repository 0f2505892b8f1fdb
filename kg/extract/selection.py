"""Candidate ``Mention``s -> the chosen ones, and what the text around them adds.

``select_mentions`` keeps non-overlapping candidates, by recogniser priority (``PRIORITY``)
then length; ``adjective_use`` drops "military" used as an adjective. After selection:
``predicate_class`` takes the class the text says a name has ("X, a terrorist
organization"); ``possessive_surfaces`` gives an owned body its full form ("the Armed
Forces' Joint Command"); ``shared_owner`` gives listed services their country ("the
Honduran Army, Air Force and Navy"); ``unit_parent`` names the service of a unit ("Chilean
Navy Fleet Command"); ``coordinated_mentions`` types a name coordinated with a place.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from ..models import Mention
from ..ontology import top_class
from . import lexicon as lx
from .gazetteer import country_of, demonym_country, demonym_of, fold, split_country_prefix
from .names import PREDICATE_NOUNS, classify, is_bare_service, is_generic_service, name_key
from .spans import POSSESSIVE, make_mention
from .tokens import caps, doc_text, span_text, toks

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Recogniser priorities: higher wins an overlap, then the longer span.
PRIORITY = {"byline": 70, "ship": 58, "predicate": 45, "rank": 60, "role": 42, "acronym": 55, "concept": 50,
            "vocab": 45, "gazetteer": 40, "ner": 30, "threat": 35, "speaker": 20, "pronoun": 10}


def adjective_use(doc: Doc, m: Mention) -> bool:
    """'Military personnel', 'Military commands': "military" before a noun is an adjective."""
    if fold(m.text) != "military":
        return False
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    nxt = span.end if span is not None else None
    T = toks(doc)
    return nxt is not None and nxt < len(T) and T[nxt].pos_ in ("NOUN", "PROPN") and T[nxt].text != "'s"


def select_mentions(cands: Iterable[Mention]) -> list[Mention]:
    """Non-overlapping mentions: higher priority first, then longer.

    The chosen ones are kept sorted by start; as they do not overlap (and no mention is empty),
    their ends are sorted too, so a candidate overlaps one of them exactly when the last that
    starts before it ends ends after it starts.
    """
    chosen: list[Mention] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in sorted(cands, key=lambda m: (-PRIORITY.get(m.source, 0), -(m.end - m.start), m.start)):
        k = bisect_left(starts, m.end)
        if k and ends[k - 1] > m.start:
            continue
        starts.insert(k, m.start)
        ends.insert(k, m.end)
        chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def predicate_class(doc: Doc, m: Mention) -> Mention:
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


def possessive_surfaces(doc: Doc, chosen: list[Mention]) -> list[Mention]:
    """'the Armed Forces' Joint Command': the owned body also answers to the full form."""
    by_end = {m.end: m for m in chosen}
    out = []
    T = toks(doc)
    for m in chosen:
        if m.surface is not None or top_class(m.cls) != "Organization":
            out.append(m)
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and span.start >= 2 and T[span.start - 1].text in POSSESSIVE:
            owner_tok = T[span.start - 2]
            owner = by_end.get(owner_tok.idx + len(owner_tok.text))
            if owner is not None and top_class(owner.cls) == "Organization":
                m = replace(m, surface=doc_text(doc)[owner.start:m.end])
        out.append(m)
    return out


def shared_owner(doc: Doc, chosen: list[Mention]) -> list[Mention]:
    """"The Honduran Army, Air Force and Navy": bare services listed after a qualified one share
    its country; "the Armies of Brazil, Colombia, and Peru": one army per country."""
    out = list(chosen)
    text = doc_text(doc)
    for n, m in enumerate(out):
        if m.country or top_class(m.cls) != "Organization" or not is_bare_service(m.key):
            continue
        k = n - 1
        while k >= 0:
            between = text[out[k].end:out[k + 1].start]  # between a listed name and the next
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


def coordinated_mentions(doc: Doc, chosen: list[Mention]) -> list[Mention]:
    """A proper noun coordinated with a place takes its class: "in Sucumbios and Esmeraldas"."""
    starts = {m.start: m for m in chosen}
    covered = {i for m in chosen for i in range(m.start, m.end)}
    out = []
    T, C = toks(doc), caps(doc)
    for tok in T:
        if tok.dep_ != "conj" or tok.pos_ != "PROPN" or not C[tok.i]:
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
        while s > 0 and T[s - 1].dep_ == "compound" and T[s - 1].pos_ == "PROPN":
            s -= 1
        if any(i in covered for i in range(T[s].idx, tok.idx + 1)):
            continue
        cls = classify(span_text(doc, s, e)) or ("City" if left.cls == "Country" else left.cls)
        m = make_mention(doc, s, e, cls, "ner")
        if m and m.start not in starts:
            out.append(m)
    return out

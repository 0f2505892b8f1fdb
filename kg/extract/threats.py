"""``Doc`` -> ``Mention``s of threats and concepts: vocabulary phrases and noun phrases.

``phrase_mentions`` matches a lower-case vocabulary table (``lexicon.THREATS``,
``lexicon.OPERATION_CONCEPTS``), longest first; ``threat_mentions`` reads threats from a
head noun and its modifiers ("border crimes", "gang violence"), one threat per trafficked
good of a list, and unnamed criminal groups ("transnational criminal organizations").
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ..models import Mention
from . import lexicon as lx
from .gazetteer import demonym_country, fold
from .names import group_key, threat_key
from .spans import POSSESSIVE, PRONOUNS, make_mention
from .tokens import caps, lowers, sents, toks

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


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


def phrase_mentions(doc: Doc, table: dict[str, str], cls: str, source: str) -> Iterable[Mention]:
    """Lower-case phrase matches from a vocabulary table (longest first, no overlaps)."""
    T, L, C = toks(doc), lowers(doc), caps(doc)
    index = _phrase_index(id(table), tuple(table))
    i = 0
    n = len(T)
    while i < n:
        words = next((w for w in index.get(L[i], ()) if tuple(L[i:i + len(w)]) == w), None)
        if words is None:
            i += 1
            continue
        k = len(words)
        s = i
        if cls == "Threat" and i + k < n and L[i + k] in lx.GROUP_PLURALS | {"group", "network", "operatives"}:
            i += k  # "organized crime groups": the groups, not the threat
            continue
        if cls in ("Threat", "Operation") and any(t.is_title and not t.is_sent_start for t in T[i:i + k]) and (
                (i > 0 and C[i - 1]) or (i + k < n and C[i + k])
                or (i > 0 and L[i - 1] in ("against", "of", "on", "for"))):
            i += k  # "Special Unit against Drug Trafficking": a word of a name, not the threat
            continue
        # "the United Nations' peacekeeping missions" keeps its owner in the name
        if cls == "Operation" and s >= 2 and T[s - 1].text in POSSESSIVE and fold(
                T[s - 2].text) in ("nations", "un"):
            s2 = s - 2
            while s2 > 0 and C[s2 - 1]:
                s2 -= 1
            m = make_mention(doc, s2, i + k, cls, source)
        elif cls == "Operation" and s >= 1 and T[s - 1].text in ("UN", "U.N."):
            m = make_mention(doc, s - 1, i + k, cls, source)
        else:
            m = make_mention(doc, i, i + k, cls, source)
        if m:
            key = table.get(" ".join(words).replace(" - ", "-"), table.get(fold(" ".join(words))))
            yield replace(m, key=key or m.key)
        i += k


def _modifiers(T: list[Token], head: int, floor: int) -> int:
    """Start of the run of lower-case modifiers before ``head`` ("transnational criminal")."""
    s = head
    while s - 1 >= floor:
        t = T[s - 1]
        if t.text == "-" and s - 2 >= floor and not T[s - 2].is_punct:
            s -= 2
            continue
        if (t.is_lower or (t.is_sent_start and t.is_title)) and (
                t.pos_ in ("ADJ", "NOUN", "PROPN") or (t.pos_ == "VERB" and t.dep_ in ("amod", "compound")
                and t.tag_ in ("VBN", "VBG"))) and t.is_alpha and \
                t.lower_ not in lx.DETERMINERS and not t.like_num and t.lower_ not in PRONOUNS and \
                s - 1 < t.head.i <= head:  # it modifies the phrase ("and face threats": a verb, not a kind)
            s -= 1
            continue
        break
    return s


def _goods_list(T: list[Token], k: int, end: int) -> list[int]:
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


_HEADS = frozenset(lx.THREAT_HEADS) | lx.TRAFFICKER_NOUNS | lx.GROUP_PLURALS


def threat_mentions(doc: Doc) -> Iterable[Mention]:
    """Threats named by a head noun and its modifiers ("border crimes", "transnational threats",
    "gang violence", "irregular migration"), each trafficked good of a list ("trafficking of
    people, drugs, weapons" -> three threats; "drug, weapons and human trafficking" likewise),
    and unnamed criminal groups ("transnational criminal organizations", "criminal gangs")."""
    T, L = toks(doc), lowers(doc)
    for sent in sents(doc):
        a, b = sent.start, sent.end
        for i in range(a, b):
            low = L[i]
            if low not in _HEADS:
                continue  # none of the branches below
            t = T[i]
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
                    yield replace(m, key="drug traffickers" if (s < i and T[s].lower_ in (
                        "drug", "drugs", "narcotics", "cocaine")) or low.startswith("narco") else fold(m.text))
            elif low in lx.GROUP_PLURALS and i > a:
                s = _modifiers(T, i, a)
                while s < i and T[s].lower_ in lx.THREAT_EMPTY_MODIFIERS:
                    s += 1  # "other criminal organizations"
                group_mods = {T[k].lower_ for k in range(s, i)}
                # "Colombian insurgent groups": a demonym before
                if s > a and demonym_country(T[s - 1].text) and group_mods & lx.CRIMINAL_MODIFIERS:
                    s -= 1
                elif not group_mods & lx.CRIMINAL_MODIFIERS:
                    if low == "gangs" and s == i:
                        m = make_mention(doc, i, i + 1, "ArmedGroup", "threat")
                        if m:
                            yield m
                    continue
                m = make_mention(doc, s, i + 1, "ArmedGroup", "threat")
                if m:
                    words = [w for w in fold(m.text).split() if not (demonym_country(w.title()) or w in group_mods - {
                        w2 for w2 in group_mods if w2 in lx.CRIMINAL_MODIFIERS})]
                    yield replace(m, key=group_key(group_mods, low, " ".join(words)))

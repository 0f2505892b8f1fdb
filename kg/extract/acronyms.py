"""An acronym and the name it may abbreviate: ``acronym_matches("SOUTHCOM", "U.S. Southern Command")``.

Used by the resolver (an acronym an article never defines joins the one name of the article it
abbreviates) and by cross-article linking (``kg.extract.link``).
"""
from __future__ import annotations

import re

from .gazetteer import fold, split_country_prefix

_EDITION = re.compile(r"^(?:\d{4}|[mdclxvi]+|\d+(?:st|nd|rd|th)?)$")

_ACRONYM_TOKEN = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Z][A-Za-z]*(?:[-/][A-Za-z0-9]+)*$")
_ACRONYM_STOP = {"of", "the", "and", "for", "de", "del", "la", "las", "los", "y", "e", "on", "in", "to", "do", "da"}
_SPLIT_PREFIXES = ("inter", "counter", "trans", "multi", "sub", "narco", "para")


def acronym_form(text: str) -> bool:
    """'BDF', 'DoD', 'SOUTHCOM', 'JTF-Bravo', 'JIATF South', 'CENTSEC 2015': an acronym, maybe
    with a designator or an edition after it."""
    first = text.split()[0] if text.split() else ""
    head = first.split("-")[0]
    return bool(_ACRONYM_TOKEN.match(first)) and sum(c.isupper() for c in head) >= 2 and (
        head.isupper() or sum(c.isupper() for c in head) >= len(head) - 1) and len(text.split()) <= 2


def acronym_matches(acronym: str, name: str, *, strict: bool = False) -> bool:
    """Could ``acronym`` abbreviate ``name``? Letters are taken in order from the start of the
    name's words (one or more from each word used: 'SOUTHCOM' = SOUTHern COMmand), connectors
    and a country prefix may be skipped, and at most two other words; a designator after a hyphen
    or a space must end the name too ('JTF-Bravo' = Joint Task Force-Bravo). Spanish acronyms
    of an English name match as a reordering of its initials ('FARC' = Revolutionary Armed
    Forces of Colombia).

    >>> acronym_matches("BDF", "Belize Defence Force"), acronym_matches("DoD", "Department of Defense")
    (True, True)
    >>> acronym_matches("SOUTHCOM", "U.S. Southern Command"), acronym_matches("BDF", "Border Police")
    (True, False)
    """
    parts = re.split(r"[\s]+", acronym.strip())
    head, designators = parts[0], [p for p in parts[1:] if not _EDITION.match(p.lower())]
    pieces = head.split("-")
    letters, tail = pieces[0], [p for p in pieces[1:] if p and not p.isdigit()]  # "MS-13"
    if tail and all(p.isupper() and len(p) <= 4 for p in tail) and not designators:
        letters = "".join(pieces)  # "SPMAGTF-SC"
        tail = []
    designators = [*tail, *designators]
    words = [w for w in re.split(r"[\s\-\u2013\u2014/]+", name) if w]
    country, rest = split_country_prefix(name)
    lead = len(name.split()) - len(rest.split()) if country else 0
    if designators:
        want = [fold(d) for d in designators]
        got = [fold(w) for w in words[-len(want):]]
        # "JIATF-S": an upper-case designator may be cut short ("S" = "South")
        if len(got) != len(want) or not all(g == w or (d.isupper() and g.startswith(w))
                                            for g, w, d in zip(got, want, designators)):
            return False
        words = words[: -len(want)]
    words = [w for w in words if any(c.isalnum() for c in w)]
    expanded: list[tuple[str, bool]] = []  # (word, skippable for free)
    for i, w in enumerate(words):
        low = fold(w).replace(" ", "")
        free = low in _ACRONYM_STOP or i < lead
        for pre in _SPLIT_PREFIXES:
            if low.startswith(pre) and len(low) > len(pre) + 3:
                expanded += [(pre, free), (low[len(pre):], True)]
                break
        else:
            expanded.append((low.replace(".", "").replace(" ", ""), free))
    target = fold(letters).replace(" ", "")
    if len(target) < 2 or not expanded or target in {w for w, _ in expanded}:
        return False  # "SOUTHCOM Public Affairs" is not what "SOUTHCOM" abbreviates
    if strict and len(target) < 3:
        return False
    if len(target) >= 4 and not strict and _anagram(target, [w for w, free in expanded if not free]):
        return True
    return _consume(target, expanded, 0, 0, 1 if strict else 2, True, 0, strict)


def _anagram(target: str, content: list[str]) -> bool:
    return len(content) == len(target) and sorted(target) == sorted(w[0] for w in content if w)


def _consume(t: str, words: list[tuple[str, bool]], ti: int, wi: int, budget: int, first: bool, mode: int,
             strict: bool = False) -> bool:
    """Take ``t[ti:]`` from the starts of ``words[wi:]``. ``mode`` keeps the acronym's style:
    0 nothing taken yet, 1 initials only ("JIATF"), 2 syllables ("SOUTHCOM"; a last initial may
    close it, "SOUTHDEC", unless ``strict``), so "UNITAS" is not UNIT-ed States Army South and,
    strictly, "ISIS" is not ISla Serena."""
    if ti == len(t):
        rest = words[wi:]
        return sum(1 for _, free in rest if not free) <= budget
    if wi == len(words):
        return False
    word, free = words[wi]
    if (free or (budget > 0 and not first)) and _consume(t, words, ti, wi + 1, budget - (0 if free else 1), first,
                                                         mode, strict):
        return True
    for n in range(min(len(word), len(t) - ti), 0, -1):
        last = ti + n == len(t)
        if (mode == 1 and n > 1) or (mode == 2 and n == 1 and (strict or not last)):
            continue
        if word[:n] == t[ti:ti + n] and _consume(t, words, ti + n, wi + 1, budget, False,
                                                 mode or (1 if n == 1 else 2), strict):
            return True
    return False

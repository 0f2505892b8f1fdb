"""What a bracket after a name says: chosen ``Mention``s + ``Doc`` -> updated mentions, consumed brackets.

An acronym ("(CCFFAA, in Spanish)", "[Dircote]") is attached to the mention before it; an
expansion after an acronym ("VRAEM [Apurímac, Ene, and Mantaro Rivers Valley]") types it;
a name in another language ("(Operación Escudo del Norte)", "(Spanish: Armada de Chile)")
becomes an alias; "the UN Mission in the Central African Republic (MINUSCA)" joins the
organisation and its place into one name.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..models import Mention
from ..ontology import top_class
from .names import classify
from .spans import OPEN, make_mention
from .tokens import is_cap, toks

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&\-.]{1,15}$")

_LANGUAGES = {"spanish", "portuguese", "french", "arabic", "russian", "chinese", "german", "italian",
              "dutch", "english", "persian", "turkish", "hebrew", "quechua", "guarani", "creole"}


def attach_brackets(doc: Doc, chosen: list[Mention]) -> tuple[list[Mention], list[tuple[int, int]]]:
    """Attach bracketed acronyms to the mention before them; expand "ACR [Long Name]".

    Returns the updated mentions and the character ranges of consumed brackets.
    """
    by_end = {m.end: m for m in chosen}
    out = {(m.start, m.end): m for m in chosen}
    consumed: list[tuple[int, int]] = []
    T = toks(doc)
    n = len(T)
    for tok in T:
        if tok.text not in OPEN:
            continue
        close = OPEN[tok.text]
        j = tok.i + 1
        while j < n and T[j].text != close and j - tok.i < 16 and "\n" not in T[j - 1].whitespace_ \
                and not (T[j].is_space and "\n" in T[j].text):
            j += 1
        if j >= n or T[j].text != close:
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
        if prev is None and tok.i > 0 and T[tok.i - 1].is_upper and len(T[tok.i - 1].text) >= 2 \
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
                    consumed.append((tok.idx, T[j].idx + 1))
                    continue
                if _initials(prev.text) != first.upper().replace(".", ""):
                    continue  # "(MINUSCA)" after a country does not name the country
            out[(prev.start, prev.end)] = replace(prev, acronym=first)
            consumed.append((tok.idx, T[j].idx + 1))
        elif top_class(prev.cls) in ("Organization", "Event") and _translation(inner, prev):
            # "Operation Shield of the North (Operación Escudo del Norte)", "Comisión Nacional de
            # Emergencias (National Emergency Commission)": the name in the other language
            out[(prev.start, prev.end)] = replace(prev, alias=_translation(inner, prev))
            consumed.append((tok.idx, T[j].idx + 1))
        elif len(inner) >= 3 and inner[1].text == ":" and inner[0].lower_ in _LANGUAGES:
            # "the Chilean Navy (Spanish: Armada de Chile)": the name in another language
            out[(prev.start, prev.end)] = replace(prev, surface=inner[2:].text.strip())
            consumed.append((tok.idx, T[j].idx + 1))
        elif prev.text.isupper() and len(inner) >= 2 and is_cap(inner[0]) and not any(
                t.like_num for t in inner):  # "MIAMI (Apr. 26, 2019)" is a dateline, not an expansion
            expansion = inner.text
            cls = classify(expansion) or prev.cls
            if cls in ("Organization", None):
                cls = prev.cls
            out[(prev.start, prev.end)] = replace(prev, cls=cls, acronym=expansion, source="acronym")
            consumed.append((tok.idx, T[j].idx + 1))
    return list(out.values()), consumed


_FOREIGN_PARTICLES = {"de", "del", "la", "las", "los", "el", "y", "da", "do", "dos", "das", "para", "contra", "e"}


def _translation(inner: Span, prev: Mention) -> str | None:
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


def _join_org_place(doc: Doc, place: Mention, chosen: list[Mention]) -> tuple[Mention, Mention] | None:
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
    if o_span is None:
        return None
    merged = make_mention(doc, o_span.start, span.end, owner.cls, "acronym")
    return (owner, merged) if merged else None

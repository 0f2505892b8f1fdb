"""Per-``Doc`` facts computed once: spaCy ``Doc`` -> its text, its tokens as one list, its
sentences, the sentence of a token, and per token its lower-case form, whether it is
capitalised, where it starts and ends, and the rank or title that starts there.

spaCy rebuilds ``doc.text`` on every access, builds a new ``Token`` object for every
``doc[i]`` (and for every token of ``doc[a:b]`` walked over) and looks ``tok.lower_`` up in the
string store each time; the recognisers (``kg.extract.mentions``) and the relation layer read
the same facts many times, so they are kept in ``doc.user_data`` (keys ``kg_*``) until
``release`` drops them (they hold ``Token`` objects, which must not be pickled).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from .names import RANK_RE

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (spaCy rebuilds it on every access)."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def toks(doc: Doc) -> list[Token]:
    """The tokens of ``doc`` as one list (``doc[i]`` builds a new Token object each time)."""
    out = doc.user_data.get("kg_toks")
    if out is None:
        out = doc.user_data["kg_toks"] = list(doc)
    return out


def release(doc: Doc) -> None:
    """Drop the per-Doc caches, every ``kg_*`` key (they hold Token objects, which must not be pickled)."""
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith("kg_")]:
        del doc.user_data[key]


def sents(doc: Doc) -> list[Span]:
    """The sentences of ``doc``, computed once per Doc."""
    out = doc.user_data.get("kg_sents")
    if out is None:
        out = doc.user_data["kg_sents"] = list(doc.sents)
        doc.user_data["kg_sent_starts"] = [s.start for s in out]
    return out


def sent_of(tok: Token) -> Span:
    """``tok.sent`` without spaCy's walk over the parse on every call."""
    doc = tok.doc
    all_sents = sents(doc)
    return all_sents[bisect_right(doc.user_data["kg_sent_starts"], tok.i) - 1]


def is_cap(tok: Token) -> bool:
    t = tok.text
    return bool(t) and t[0].isupper() and any(c.isalpha() for c in t)


def lowers(doc: Doc) -> list[str]:
    """``tok.lower_`` of every token."""
    out = doc.user_data.get("kg_lowers")
    if out is None:
        out = doc.user_data["kg_lowers"] = [t.lower_ for t in toks(doc)]
    return out


def caps(doc: Doc) -> list[bool]:
    """``is_cap`` of every token."""
    out = doc.user_data.get("kg_caps")
    if out is None:
        out = doc.user_data["kg_caps"] = [is_cap(t) for t in toks(doc)]
    return out


def opens_sentence(doc: Doc) -> list[bool]:
    """``bool(tok.is_sent_start)`` of every token."""
    out = doc.user_data.get("kg_is_sent_start")
    if out is None:
        out = doc.user_data["kg_is_sent_start"] = [bool(t.is_sent_start) for t in toks(doc)]
    return out


def offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Where each token starts and ends in ``doc_text(doc)`` (``tok.idx``, ``tok.idx + len(tok)``)."""
    out = doc.user_data.get("kg_offsets")
    if out is None:
        starts = [t.idx for t in toks(doc)]
        out = doc.user_data["kg_offsets"] = (starts, [s + len(t.text) for s, t in zip(starts, toks(doc))])
    return out


def token_at(doc: Doc) -> dict[int, int]:
    """Token index by the character offset it starts at."""
    out = doc.user_data.get("kg_token_at")
    if out is None:
        out = doc.user_data["kg_token_at"] = {s: i for i, s in enumerate(offsets(doc)[0])}
    return out


def span_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` (``0 <= start``) without building the ``Span`` and its tokens."""
    begins, ends = offsets(doc)
    end = min(end, len(begins))
    return doc_text(doc)[begins[start]:ends[end - 1]] if start < end else ""


def rank_at(doc: Doc) -> list[re.Match[str] | None]:
    """``RANK_RE.match(doc_text(doc), tok.idx)`` for every token: the rank or title it opens."""
    out = doc.user_data.get("kg_rank_at")
    if out is None:
        text = doc_text(doc)
        out = doc.user_data["kg_rank_at"] = [RANK_RE.match(text, s) for s in offsets(doc)[0]]
    return out

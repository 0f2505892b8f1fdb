"""Per-``Doc`` facts computed once: spaCy ``Doc`` -> its text, its tokens as one list, its
sentences, the sentence of a token, whether a token is capitalised.

spaCy rebuilds ``doc.text`` on every access and builds a new ``Token`` object for every
``doc[i]``; the recognisers (``kg.extract.mentions``) and the relation layer read the same
facts many times, so they are kept in ``doc.user_data`` until ``release`` drops them (they
hold ``Token`` objects, which must not be pickled).
"""
from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

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
    """Drop the per-Doc caches (they hold Token objects, which must not be pickled)."""
    for key in ("kg_toks", "kg_sents", "kg_sent_starts", "kg_text", "kg_yes_no"):
        doc.user_data.pop(key, None)


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

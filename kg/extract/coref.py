"""What a pronoun or a definite description stands for, inside one article.

Token + ``Context`` -> entity ids: "it"/"they" -> the subject entity of this or the
previous sentences; "he"/"his" -> the last person in subject position; "the group",
"the operation" -> the last entity of the class the noun names; "his personnel" -> a
placeholder for the organisation of the man named before it (``@orgof:<person>``),
settled once the rules know whom he serves.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import lexicon as lx
from .context import Context
from .mentions import sent_of, sents

if TYPE_CHECKING:
    from spacy.tokens import Token

DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})


def antecedent(c: Context, tok: Token) -> list[str]:
    """What a pronoun or a definite description stands for: 'it'/'they' -> the subject of
    the previous sentences; 'the group' -> the last armed group named before it."""
    word = tok.lower_
    wanted: tuple[str, ...]
    if word in ("it", "its", "they", "their", "them"):
        wanted = ("Organization", "Place") if word in ("it", "its") else ("Organization",)
        people = False
    elif word in ("he", "she", "his", "her", "him"):
        wanted, people = (), True
    elif tok.pos_ == "NOUN" and any(ch.lower_ in DEMONSTRATIVES for ch in tok.children):
        return []  # "this area": a bridge to the previous clause (syntax.refer), not a name
    else:
        cls = lx.DEFINITE_NOUNS.get(tok.lemma_.lower())
        if tok.tag_ in ("NNS", "NNPS") and cls in ("Operation", "Conference"):
            return []  # "the operations" is generic; "the operation" points back
        has_the = any(ch.lower_ == "the" for ch in tok.children)
        # "the group", "the terrorist organization" refer back; "the international police
        # organization" (other modifiers) and appositions describe instead
        mods = [ch for ch in tok.children if ch.dep_ in ("compound", "amod", "nmod")]
        if (not cls or not has_the or tok.dep_ == "appos"
                or any(ch.lower_ not in lx.ARMED_GROUP_CUES for ch in mods)):
            return []
        for i in range(tok.i - 1, -1, -1):
            e = c.tok_ent[i]
            if e and not e.startswith("@") and c.cls.get(e) == cls:
                return [e]
        return []
    here = [t for t in sent_of(tok) if t.i < tok.i]
    earlier = [list(s) for s in [s for s in sents(c.doc) if s.end <= tok.i][-2:]]
    for toks in [here, *reversed(earlier)]:
        for t in reversed(toks):
            e = c.ent(t)
            if t.dep_ in ("nsubj", "nsubjpass") and e and not e.startswith("@"):
                cls = c.cls.get(e, "")
                if people:
                    fits = cls == "Person"
                elif cls == "Country":
                    fits = word in ("it", "its")  # a country is "it", a body may be "they"
                else:
                    fits = c.top(e) in wanted
                if fits:
                    return [e]
    return []


def pronoun_owner(c: Context, tok: Token) -> str | None:
    """'his personnel's dedication' -> '@orgof:<the person before it>'."""
    for ch in tok.subtree:
        if ch.lower_ in ("his", "her") and ch.dep_ == "poss":
            people = [e for t in c.doc[sent_of(tok).start: ch.i]
                      if (e := c.ent(t)) and c.cls.get(e) == "Person"]
            if people:
                return f"@orgof:{people[-1]}"
    return None

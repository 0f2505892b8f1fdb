"""One article's entities seen from its tokens: the index every relation finder reads.

``Doc`` + ``Mention``s + ``Resolution`` -> ``Context``: which entity each token names
(``ent``), the class of each entity (``cls``, ``top``), the tokens carrying a cue word
(``cued``) and the runs of entity tokens in a sentence (``runs``). Pronoun mentions of an
interview answer ("we", "our") carry the placeholder ``@speaker:<offset>``, resolved once
all relations are found.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..models import Article, Mention
from ..ontology import top_class
from .resolve import Resolution

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


class Context:
    """The token -> entity index of one article, shared by the rules and the classifier."""

    def __init__(self, doc: Doc, article: Article, mentions: list[Mention], res: Resolution,
                 labels: tuple[tuple[int, int], ...] = ()) -> None:
        self.doc = doc
        self.labels = labels  # character spans of interview speaker labels ("Adm. Paredes:")
        self.article = article
        self.res = res
        self.cls = {e.id: e.cls for e in res.entities}
        self.tok_ent: list[str | None] = [None] * len(doc)
        self.tok_mention: list[Mention | None] = [None] * len(doc)
        self.mentions = mentions
        for m in mentions:
            eid = res.by_span.get((m.start, m.end))
            if m.source == "pronoun":
                eid = m.key  # "@speaker:<offset>", resolved after all rules ran
            if eid is None:
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.tok_ent[t.i] = eid
                self.tok_mention[t.i] = m
        self.memo: dict[str, Any] = {}  # facts derived from the Doc once per article (features.py)
        self._index: dict[str, list[int]] = defaultdict(list)
        for t in doc:
            keys = {t.lower_, t.lemma_.lower()}
            if t.pos_ == "NOUN" and t.dep_ == "ROOT" and t.lemma_.lower().endswith("s"):
                keys.add(t.lemma_.lower()[:-1])
            for k in keys:
                self._index[k].append(t.i)

    def cued(self, words: Iterable[str]) -> list[Token]:
        """The tokens whose form or lemma is one of ``words``, in text order."""
        hits = sorted({i for w in words for i in self._index.get(w, ())})
        return [self.doc[i] for i in hits]

    def top(self, e: str | None) -> str:
        """The top class of entity ``e``; "" for a placeholder or unknown id."""
        cls = self.cls.get(e or "")
        return top_class(cls) if cls else ""

    def ent(self, tok: Token) -> str | None:
        """The entity (or placeholder) that ``tok`` is part of a mention of."""
        return self.tok_ent[tok.i]

    def in_label(self, tok: Token) -> bool:
        """``tok`` is part of an interview speaker label: who speaks, not what is said."""
        return any(a <= tok.idx < b for a, b in self.labels)

    def runs(self, sent: Span) -> list[tuple[int, int, str]]:
        """(first token, end token, entity) for each entity mention in ``sent``, in order."""
        out = []
        i = sent.start
        while i < sent.end:
            e = self.tok_ent[i]
            if e and not e.startswith("@"):
                j = i
                while j < sent.end and self.tok_ent[j] == e:
                    j += 1
                out.append((i, j, e))
                i = j
            else:
                i += 1
        return out

"""Extraction aligned with a reference graph: labelled candidates and gold-space triples.

``Annotated`` + the real pipeline (spaCy, mentions, resolution, rules) -> ``Prepared``:
every candidate pair with its features and its label (the property the gold graph
states between the two entities, "none", or ``None`` when the gold marks it optional:
such pairs neither teach nor count), the rules' own triples, and the entity mapping.

An extracted entity stands for the gold entity one of whose names (label or alias,
folded by ``fold_name``) it carries, the gold label winning; the article-level triples
are compared in that space, the way the evaluation scorer compares graphs.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..extract import load_nlp
from ..extract.candidates import Candidate, candidates
from ..extract.context import Context
from ..extract.features import features
from ..extract.mentions import find_mentions, interview_turns, release, sents
from ..extract.relations import addresses, find_relations, rule_keys
from ..extract.resolve import resolve
from ..models import Entity
from ..ontology import SYMMETRIC
from .gold import Annotated, Gold, fold_name

if TYPE_CHECKING:
    from spacy.tokens import Doc

NONE = "none"


@dataclass(frozen=True, slots=True)
class Example:
    """One candidate pair: features, the properties allowed, and its label."""

    subject: str  # extracted entity ids
    object: str
    sent: int
    span: tuple[int, int]  # character offsets of the sentence in the article
    features: tuple[str, ...]
    allowed: tuple[str, ...]
    label: str | None  # a property, NONE, or None (optional in the gold: not used)
    fact: int = -1  # index of the required gold triple a positive example stands for


@dataclass(frozen=True, slots=True)
class Prepared:
    """One annotated article run through the pipeline, ready to train on and to score."""

    name: str
    examples: tuple[Example, ...]
    rule_triples: frozenset[tuple[str, str, str]]  # (subject, property, object), extracted ids
    entity_map: dict[str, str]  # extracted entity id -> gold id ("?label" when none fits)
    gold: Gold
    addresses: tuple[tuple[int, str, str], ...] = ()  # (sentence, an address's tail, its head)


class GoldIndex:
    """Name -> gold entity lookups and triple matching for one reference graph."""

    def __init__(self, gold: Gold) -> None:
        self.gold = gold
        self.by_name: dict[str, set[str]] = defaultdict(set)
        self.by_label: dict[str, str] = {}
        for e in gold.entities:
            self.by_label[fold_name(e.label)] = e.id
            for name in (e.label, *e.aliases):
                self.by_name[fold_name(name)].add(e.id)

    def entity_of(self, entity: Entity) -> str | None:
        names = {fold_name(x) for x in (entity.label, *entity.aliases)} - {""}
        hits: dict[str, int] = defaultdict(int)
        for n in names:
            for g in self.by_name.get(n, ()):
                hits[g] += 1
        if not hits:
            return None
        label = self.by_label.get(fold_name(entity.label))
        if label:
            return label
        return max(sorted(hits), key=lambda g: hits[g])

    def properties(self, s: str, o: str, allowed: Sequence[str]) -> tuple[list[tuple[str, int]], bool]:
        """((property, triple index) of the required triples stating it from gold ``s`` to
        ``o``, in the gold's order and allowed here; whether an optional triple does)."""
        req: list[tuple[str, int]] = []
        opt = False
        for k, t in enumerate(self.gold.triples):
            for p in t.p:
                if p not in allowed:
                    continue
                forward = s in t.s and o in t.o
                if forward or (p in SYMMETRIC and o in t.s and s in t.o):
                    if t.optional:
                        opt = True
                    elif p not in [x for x, _ in req]:
                        req.append((p, k))
        return req, opt


def prepare(items: Iterable[Annotated], *, model: str | None = None, batch_size: int = 16) -> Iterator[Prepared]:
    """Run the pipeline on each annotated article and label its candidates."""
    items = list(items)
    nlp = load_nlp(model)
    docs = nlp.pipe((a.article.text for a in items), batch_size=batch_size)
    for item, doc in zip(items, docs):
        yield prepare_one(item, doc)


def prepare_one(item: Annotated, doc: Doc) -> Prepared:
    article = item.article
    mentions = find_mentions(doc, article)
    turns = interview_turns(article)
    res = resolve(mentions, article, [(t.label_start, t.label_end) for t in turns])
    c = Context(doc, article, mentions, res, tuple((t.label_start, t.label_end) for t in turns))
    findings = find_relations(c)
    keys = rule_keys(c, findings.found)
    index = GoldIndex(item.gold)
    emap: dict[str, str] = {}
    for e in (*res.entities, *findings.added):
        emap[e.id] = index.entity_of(e) or f"?{fold_name(e.label)}"
    examples = []
    cands: list[Candidate] = candidates(c)
    all_sents = sents(doc)
    for cand in cands:
        s, o = cand.subject.entity, cand.object.entity
        req, opt = index.properties(emap.get(s, "?"), emap.get(o, "?"), cand.allowed)
        label = req[0][0] if req else (None if opt else NONE)
        row = features(c, cand, sorted(keys.get((cand.sent, s, o), ())))
        sent = all_sents[cand.sent]
        examples.append(Example(s, o, cand.sent, (sent.start_char, sent.end_char), tuple(row),
                                cand.allowed, label, req[0][1] if req else -1))
    release(doc)
    rule_triples = frozenset((r.subject, r.predicate, r.object) for r in findings.relations)
    where = tuple(sorted((k, tail, head) for (k, tail), head in addresses(c).items()))
    return Prepared(item.name, tuple(examples), rule_triples, emap, item.gold, where)

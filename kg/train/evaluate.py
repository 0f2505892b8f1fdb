"""Article-level scores in the reference graph's terms, cross-validation, the thresholds.

``Prepared`` articles + candidate probabilities -> ``Score`` (micro precision, recall,
F1 and a per-property table), counted as the evaluation scorer counts: each distinct
predicted (subject, property, object) in gold-entity terms is right when it matches a
required gold triple, ignored when it matches only an optional one, wrong otherwise;
recall is the share of required gold triples matched. The output is the rules' triples
plus the classifier's above a threshold, as a build writes them.

Thresholds are chosen on out-of-fold probabilities: one for every property first (best F1
whose precision reaches the minimum asked for), then, property by property, the one that
gains F1 while the total precision still reaches it.
"""
from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..extract.candidates import PROPERTIES
from ..extract.classifier import RelationModel
from ..extract.relations import decide
from ..ontology import SYMMETRIC
from .align import Prepared
from .gold import GoldTriple


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    found: int = 0
    required: int = 0
    per_property: dict[str, Counter[str]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.tp / max(1, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self.found / max(1, self.required)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / max(1e-9, p + r)

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.found += other.found
        self.required += other.required
        for prop, c in other.per_property.items():
            self.per_property.setdefault(prop, Counter()).update(c)

    def line(self) -> str:
        return (f"P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f} "
                f"({self.found}/{self.required} gold, {self.fp} wrong)")


def _matches(t: GoldTriple, s: str, p: str, o: str) -> bool:
    if p not in t.p:
        return False
    return (s in t.s and o in t.o) or (p in SYMMETRIC and o in t.s and s in t.o)


def score_triples(prep: Prepared, triples: set[tuple[str, str, str]]) -> Score:
    """Score extracted-id triples of one article against its gold graph."""
    keyed = set()
    for s, p, o in triples:
        a, b = prep.entity_map.get(s, "?" + s), prep.entity_map.get(o, "?" + o)
        if p in SYMMETRIC and b < a:
            a, b = b, a
        keyed.add((a, p, b))
    required = [t for t in prep.gold.triples if not t.optional]
    optional = [t for t in prep.gold.triples if t.optional]
    out = Score(required=len(required))
    hit: set[int] = set()
    for a, p, b in sorted(keyed):
        req = [i for i, t in enumerate(required) if _matches(t, a, p, b)]
        if req:
            out.tp += 1
            hit.update(req)
        elif not any(_matches(t, a, p, b) for t in optional):
            out.fp += 1
            out.per_property.setdefault(p, Counter())["wrong"] += 1
    out.found = len(hit)
    for i, t in enumerate(required):
        for p in set(t.p):
            c = out.per_property.setdefault(p, Counter())
            c["gold"] += 1
            c["found"] += i in hit
    return out


def predicted(prep: Prepared, probs: Sequence[dict[str, float]], thresholds: Mapping[str, float],
              rules: bool = True) -> set[tuple[str, str, str]]:
    """The article's triples: the rules' and the classifier's at ``thresholds`` (one per
    property), decided as a build decides them (``kg.extract.relations.decide``)."""
    out = set(prep.rule_triples) if rules else set()
    heads = {(k, tail): head for k, tail, head in prep.addresses}
    placed = set(heads) | {(k, head) for k, _, head in prep.addresses}
    for ex, dist in zip(prep.examples, probs):
        tail = heads.get((ex.sent, ex.object)) not in (None, ex.subject)
        for p, _ in decide(dist, ex.features, thresholds, tail, (ex.sent, ex.subject) in placed):
            s, o = (ex.object, ex.subject) if p in SYMMETRIC and ex.object < ex.subject else (ex.subject, ex.object)
            out.add((s, p, o))
    return out


def score_all(preps: Sequence[Prepared], probs: dict[str, list[dict[str, float]]],
              threshold: float | Mapping[str, float], rules: bool = True) -> Score:
    """The rules' and the classifier's triples of every article, scored together; ``threshold``
    is one for every property or one per property."""
    limits = threshold if isinstance(threshold, Mapping) else uniform(threshold)
    total = Score()
    for prep in preps:
        total.add(score_triples(prep, predicted(prep, probs.get(prep.name, []), limits, rules)))
    return total


def uniform(threshold: float) -> dict[str, float]:
    """The same threshold for every property."""
    return {p: threshold for p in PROPERTIES}


def folds(names: Sequence[str], k: int, seed: int) -> list[list[str]]:
    """``names`` shuffled with ``seed`` and dealt into ``k`` folds."""
    order = sorted(names)
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def cross_validate(preps: Sequence[Prepared], extra: Sequence[Prepared], k: int, seed: int,
                   fit: Callable[[Sequence[Prepared]], RelationModel]
                   ) -> tuple[dict[str, np.ndarray], dict[str, int], list[RelationModel]]:
    """Out-of-fold logits for every example of ``preps`` (``extra`` articles are always in
    training), the fold of each article, and each fold's model."""
    logits: dict[str, np.ndarray] = {}
    fold_of: dict[str, int] = {}
    models = []
    for n, held in enumerate(folds([p.name for p in preps], k, seed)):
        held_set = set(held)
        model = fit([p for p in preps if p.name not in held_set] + list(extra))
        models.append(model)
        for prep in preps:
            if prep.name in held_set:
                fold_of[prep.name] = n
                logits[prep.name] = model.logits([ex.features for ex in prep.examples])
    return logits, fold_of, models


def choose_threshold(preps: Sequence[Prepared], probs: dict[str, list[dict[str, float]]],
                     min_precision: float) -> tuple[float, Score]:
    """The threshold of best F1 whose precision reaches ``min_precision`` (else the most
    precise one)."""
    best: tuple[float, float, Score] | None = None
    for t in np.round(np.arange(0.20, 0.96, 0.025), 3):
        s = score_all(preps, probs, float(t))
        ok = s.precision >= min_precision
        key = (1.0 if ok else 0.0, s.f1 if ok else s.precision)
        if best is None or key > (1.0 if best[2].precision >= min_precision else 0.0,
                                  best[1]):
            best = (float(t), key[1], s)
    assert best is not None
    return best[0], best[2]


def choose_per_property(preps: Sequence[Prepared], probs: dict[str, list[dict[str, float]]],
                        threshold: float, min_precision: float, rounds: int = 2
                        ) -> tuple[dict[str, float], Score]:
    """Starting from ``threshold`` for every property, each property's threshold in turn
    moved to where the total F1 is best while the total precision still reaches
    ``min_precision`` (``rounds`` passes over the properties). Returns the properties whose
    threshold moved, and the score at the final thresholds."""
    limits = uniform(threshold)
    best = score_all(preps, probs, limits)
    grid = [float(t) for t in np.round(np.arange(0.20, 0.96, 0.025), 3)]
    for _ in range(rounds):
        for prop in sorted(limits):
            for t in grid:
                trial = dict(limits, **{prop: t})
                s = score_all(preps, probs, trial)
                if s.precision >= min_precision and s.f1 > best.f1 + 1e-9:
                    limits, best = trial, s
    return {p: t for p, t in limits.items() if t != threshold}, best

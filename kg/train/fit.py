"""Labelled examples -> a ``RelationModel``: the logistic regression, its calibration.

scikit-learn's ``LogisticRegression`` (multinomial, L2, lbfgs: deterministic for the same
examples in the same order) is fitted on binary feature vectors; the weights are then
copied out into the model's plain arrays, so predicting needs numpy only. Labels
absent from the examples keep zero weights and a very low bias (never predicted).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..extract.candidates import PROPERTIES
from ..extract.classifier import NONE, RelationModel
from ..models import KGError
from .align import Example

LABELS = (NONE, *PROPERTIES)
ABSENT_BIAS = -30.0


def _sklearn():  # type: ignore[no-untyped-def]
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as err:
        raise KGError("Training needs scikit-learn: pip install 'kg-builder[train]' "
                      "(or `make train`, which installs it).") from err
    return LogisticRegression


def vocabulary(examples: Sequence[Example], min_count: int = 1) -> dict[str, int]:
    """Features seen in at least ``min_count`` examples, numbered in sorted order."""
    counts: Counter[str] = Counter(f for ex in examples for f in set(ex.features))
    return {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}


def design(examples: Sequence[Example], voc: dict[str, int]):  # type: ignore[no-untyped-def]
    """Examples -> a sparse 0/1 matrix (scipy CSR) over ``voc``."""
    from scipy.sparse import csr_matrix

    indptr, indices = [0], []
    for ex in examples:
        cols = sorted({voc[f] for f in ex.features if f in voc})
        indices += cols
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    return csr_matrix((data, indices, indptr), shape=(len(examples), len(voc)))


def weights_of(examples: Sequence[Example], groups: Sequence[str]) -> np.ndarray:
    """Each gold fact counts alike: the examples standing for one required triple of one
    article share its weight (a list of 13 countries that all cooperate is one fact, not 78
    pairs), scaled so that positive examples still weigh 1 on average; the others weigh 1."""
    n: Counter[tuple[str, int]] = Counter((g, ex.fact) for ex, g in zip(examples, groups) if ex.fact >= 0)
    scale = sum(n.values()) / max(1, len(n))
    return np.array([scale / n[(g, ex.fact)] if ex.fact >= 0 else 1.0 for ex, g in zip(examples, groups)])


def fit(examples: Sequence[Example], *, c: float = 0.3, min_count: int = 1, version: str = "classifier.v1",
        meta: dict[str, object] | None = None, max_iter: int = 500,
        groups: Sequence[str] | None = None) -> RelationModel:
    """Fit the classifier on the labelled examples (those with ``label`` None are left out);
    ``groups`` names each example's article, for ``weights_of``."""
    keep = [k for k, ex in enumerate(examples) if ex.label is not None]
    used = [examples[k] for k in keep]
    sample_weight = weights_of(used, [groups[k] for k in keep]) if groups is not None else None
    if not used:
        raise KGError("No labelled candidate pairs to train on: do the texts mention the gold "
                      "entities by their names?")
    voc = vocabulary(used, min_count)
    x = design(used, voc)
    y = np.array([LABELS.index(ex.label) for ex in used])
    present = sorted(set(y.tolist()))
    weights = np.zeros((len(voc), len(LABELS)), dtype=np.float64)
    bias = np.full(len(LABELS), ABSENT_BIAS)
    if len(present) == 1:
        bias[present[0]] = 0.0
    else:
        lr = _sklearn()(C=c, max_iter=max_iter, tol=1e-4)
        lr.fit(x, y, sample_weight=sample_weight)
        coef, intercept = lr.coef_, lr.intercept_
        if len(present) == 2:  # sklearn keeps one column for two classes: log-odds of the second
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        for k, lab in enumerate(lr.classes_):
            weights[:, lab] = coef[k]
            bias[lab] = intercept[k]
    return RelationModel(version=version, labels=LABELS, vocabulary=voc,
                         weights=weights.astype(np.float32), bias=bias.astype(np.float32),
                         meta=dict(meta or {}, examples=len(used), features=len(voc), C=c))


def fit_temperature(logits: np.ndarray, allowed: Sequence[Sequence[str]], labels: Sequence[str]) -> float:
    """The temperature that makes held-out probabilities best calibrated (least log loss)."""
    col = {lab: k for k, lab in enumerate(LABELS)}
    best_t, best_loss = 1.0, float("inf")
    for t in np.round(np.arange(0.5, 3.01, 0.05), 2):
        loss = 0.0
        for z, props, lab in zip(logits, allowed, labels):
            keep = [0] + [col[p] for p in props]
            s = z[keep] / t
            s = s - s.max()
            logp = s - np.log(np.exp(s).sum())
            loss -= logp[keep.index(col[lab])] if col[lab] in keep else 0.0
        if loss < best_loss - 1e-9:
            best_t, best_loss = float(t), loss
    return best_t


def fit_calibration(probs: Sequence[dict[str, float]], labels: Sequence[str]
                    ) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """An increasing map from held-out probabilities to the share of them that were right
    (isotonic regression over every (property, probability) of labelled pairs)."""
    try:
        from sklearn.isotonic import IsotonicRegression
    except ImportError as err:
        raise KGError("Training needs scikit-learn: pip install 'kg-builder[train]'.") from err
    xs = [v for d in probs for v in d.values()]
    ys = [1.0 if lab == p else 0.0 for d, lab in zip(probs, labels) for p in d]
    if len(set(ys)) < 2:
        return (), ()
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True, out_of_bounds="clip").fit(xs, ys)
    return (tuple(float(x) for x in iso.X_thresholds_), tuple(round(float(y), 6) for y in iso.y_thresholds_))

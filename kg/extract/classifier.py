"""The trained relation classifier: a candidate's features -> a probability per property.

A multinomial logistic regression over the sparse binary features of
``kg.extract.features``: one weight per (feature, label), labels "none" and the nine
properties. At prediction only "none" and the properties that the ontology allows
between the pair's classes compete (a softmax over them, divided by a temperature),
and the result is mapped through an isotonic calibration, both fitted on held-out folds,
so that of the pairs given 0.8 about eight in ten are right. A pair is asserted when its
probability reaches the model's threshold for that property: one threshold chosen on training
folds for precision (``kg train --per-property`` also raises or lowers it per property where
that gains F1 at the same precision).

The model is one ``.npz`` file of plain arrays, read without pickle: ``vocabulary``
(feature strings), ``weights`` (features x labels, float32), ``bias``, and ``meta``
(JSON: version, labels, temperature, the calibration's breakpoints, threshold, any
per-property thresholds, how it was trained and its cross-validated scores). The shipped
model lives in ``kg/extract/models/``; ``kg train`` makes a new one.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from ..models import KGError

MODEL_RESOURCE = "relations.npz"
NONE = "none"


@dataclass(frozen=True, eq=False)
class RelationModel:
    """Weights and settings of one trained classifier (see the module docstring)."""

    version: str  # becomes the relation's kg:rule, e.g. "classifier.v1"
    labels: tuple[str, ...]  # NONE first
    vocabulary: Mapping[str, int]
    weights: np.ndarray  # (len(vocabulary), len(labels)) float32
    bias: np.ndarray  # (len(labels),)
    temperature: float = 1.0
    threshold: float = 0.5
    meta: Mapping[str, Any] = field(default_factory=dict)
    calibration: tuple[tuple[float, ...], tuple[float, ...]] = ((), ())  # isotonic map: x -> y
    digest: str = ""  # sha256 of the saved file: part of the build cache key
    per_property: Mapping[str, float] = field(default_factory=dict)  # thresholds other than ``threshold``

    def thresholds(self) -> dict[str, float]:
        """The threshold of every property."""
        return {lab: self.per_property.get(lab, self.threshold) for lab in self.labels if lab != NONE}

    def logits(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """Raw scores, one row per feature list, one column per label."""
        out = np.tile(self.bias.astype(np.float64), (len(rows), 1))
        voc = self.vocabulary
        for k, feats in enumerate(rows):
            # sorted: summed in one order, so that the scores do not depend on string hashing
            idx = sorted({voc[f] for f in feats if f in voc})
            if idx:
                out[k] += self.weights[idx].sum(axis=0)
        return out

    def probabilities(self, rows: Sequence[Sequence[str]],
                      allowed: Sequence[Sequence[str]]) -> list[dict[str, float]]:
        """For each row, the calibrated probability of each allowed property (the rest,
        up to 1, is "none")."""
        return calibrate(allowed_softmax(self.logits(rows), allowed, self.labels, self.temperature),
                         self.calibration)

    def explain(self, feats: Sequence[str], label: str, k: int = 5) -> list[tuple[str, float]]:
        """The ``k`` features that pushed ``label`` up most against "none", with their weight."""
        j, n = self.labels.index(label), 0
        contrib = [(f, float(self.weights[self.vocabulary[f], j] - self.weights[self.vocabulary[f], n]))
                   for f in set(feats) if f in self.vocabulary]
        contrib.sort(key=lambda x: (-x[1], x[0]))
        return [c for c in contrib[:k] if c[1] > 0]

    def to_bytes(self) -> bytes:
        """The model as an ``.npz`` file (plain arrays; loads with ``allow_pickle=False``)."""
        meta = dict(self.meta, version=self.version, labels=list(self.labels),
                    temperature=self.temperature, threshold=self.threshold,
                    thresholds=dict(sorted(self.per_property.items())),
                    calibration=[list(self.calibration[0]), list(self.calibration[1])])
        words = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        buf = io.BytesIO()
        np.savez_compressed(buf, vocabulary=np.array(words, dtype=str),
                            weights=self.weights.astype(np.float32),
                            bias=self.bias.astype(np.float32),
                            meta=np.array(json.dumps(meta, sort_keys=True)))
        return buf.getvalue()


def allowed_softmax(logits: np.ndarray, allowed: Sequence[Sequence[str]], labels: Sequence[str],
                    temperature: float = 1.0) -> list[dict[str, float]]:
    """Per row, a softmax over "none" (column 0) and the allowed properties only, at a
    temperature; returns the properties' probabilities."""
    col = {lab: k for k, lab in enumerate(labels)}
    out = []
    for z, props in zip(logits, allowed):
        keep = [0] + [col[p] for p in props if p in col]
        sub = z[keep] / temperature
        e = np.exp(sub - sub.max())
        p = e / e.sum()
        out.append({labels[j]: float(p[k]) for k, j in enumerate(keep) if j})
    return out


def calibrate(dists: list[dict[str, float]], calibration: tuple[Sequence[float], Sequence[float]]
              ) -> list[dict[str, float]]:
    """Map every probability through the isotonic calibration (none: unchanged)."""
    xs, ys = calibration
    if not len(xs):
        return dists
    flat = [v for d in dists for v in d.values()]  # one interpolation for every probability
    mapped = iter(np.interp(flat, xs, ys).tolist()) if flat else iter(())
    return [{p: next(mapped) for p in d} for d in dists]


def from_bytes(data: bytes, source: str = "<bytes>") -> RelationModel:
    """Read a model written by ``RelationModel.to_bytes``."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            words = [str(w) for w in z["vocabulary"]]
            weights, bias = z["weights"], z["bias"]
            meta = json.loads(str(z["meta"]))
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as err:
        raise KGError(f"{source} is not a relation model written by `kg train` ({err}). "
                      "Train one with `kg train`, or leave --relation-model out to use the "
                      "shipped one.") from err
    labels = tuple(meta.pop("labels"))
    if weights.shape != (len(words), len(labels)) or labels[0] != NONE:
        raise KGError(f"{source}: weights of shape {weights.shape} do not fit {len(words)} "
                      f"features and labels {labels}; the file is damaged: train it again.")
    return RelationModel(
        version=str(meta.pop("version")), labels=labels,
        vocabulary={w: i for i, w in enumerate(words)}, weights=weights, bias=bias,
        temperature=float(meta.pop("temperature")), threshold=float(meta.pop("threshold")),
        calibration=_calibration(meta.pop("calibration", [[], []]), source),
        per_property=_per_property(meta.pop("thresholds", {}), labels, source),
        meta=meta, digest=hashlib.sha256(data).hexdigest())


def _per_property(raw: Any, labels: Sequence[str], source: str) -> dict[str, float]:
    """The per-property thresholds, ``{property: threshold}`` in the model's metadata."""
    try:
        out = {str(k): float(v) for k, v in dict(raw).items()}
    except (TypeError, ValueError) as err:
        raise KGError(f"{source}: the per-property thresholds are not numbers; train it again.") from err
    unknown = sorted(set(out) - set(labels[1:]))
    if unknown or not all(0.0 <= v <= 1.0 for v in out.values()):
        raise KGError(f"{source}: per-property thresholds {out} name unknown properties {unknown} "
                      "or lie outside 0..1; train it again.")
    return out


def _calibration(raw: Any, source: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The isotonic map's breakpoints, ``[[x...], [y...]]`` in the model's metadata."""
    try:
        xs, ys = (tuple(float(v) for v in part) for part in raw)
    except (TypeError, ValueError) as err:
        raise KGError(f"{source}: the calibration is not two lists of numbers; train it again.") from err
    if len(xs) != len(ys) or any(b < a for a, b in pairwise(xs)):
        raise KGError(f"{source}: the calibration's breakpoints are not increasing; train it again.")
    return xs, ys


ENV_VAR = "KG_RELATION_MODEL"


def model_path(path: str | None = None) -> str | None:
    """``path``, else ``$KG_RELATION_MODEL``, else None (the shipped model)."""
    return path or os.environ.get(ENV_VAR) or None


def load_model(path: str | None = None) -> RelationModel:
    """The model at ``path`` (else ``$KG_RELATION_MODEL``, else the one shipped in the
    package), read once per path."""
    return _load(model_path(path))


@lru_cache(maxsize=4)
def _load(path: str | None) -> RelationModel:
    if path is None:
        data = resources.files("kg.extract.models").joinpath(MODEL_RESOURCE).read_bytes()
        return from_bytes(data, f"the shipped model ({MODEL_RESOURCE})")
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise KGError(f"Cannot read the relation model {p}: {err.strerror or err}.") from err
    return from_bytes(data, str(p))

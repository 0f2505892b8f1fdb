"""kg-builder: news articles -> an ontology-backed knowledge graph.

    >>> import kg
    >>> graph, report = kg.build(["seeds"], out="output")   # doctest: +SKIP

Importing ``kg`` is cheap: spaCy, the model and pyvis load on first use.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["build", "BuildOptions", "KGError", "__version__"]

from .models import KGError

if TYPE_CHECKING:
    from .pipeline import BuildOptions, build


def __getattr__(name: str) -> Any:
    if name in ("build", "BuildOptions", "extract_texts"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")

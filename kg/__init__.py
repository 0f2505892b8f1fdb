"""kg-builder: news articles -> an ontology-backed knowledge graph.

    >>> import kg
    >>> graph, report = kg.build(["seeds"], out="output")   # doctest: +SKIP

Importing ``kg`` is cheap: spaCy, the model and pyvis load on first use, and
``kg.build`` (``kg.api.build``), ``kg.BuildOptions`` and ``kg.extract_texts`` are
imported when first asked for.

The package is laid out in rooms (see docs/ARCHITECTURE.md): the core at the top
(``models``, ``ontology``, ``rdf``, ``sparql``, ``store``, ``outputs``), ``ingest``
(paths -> articles), ``extract`` (article + Doc -> entities and relations),
``pipeline`` (the build: articles -> graph files) and ``use`` (built graph -> answers,
files, pages); ``api`` and ``cli`` wire them together.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["BuildOptions", "KGError", "__version__", "build"]

from .models import KGError

if TYPE_CHECKING:
    from .api import build
    from .pipeline import BuildOptions


def __getattr__(name: str) -> Any:
    if name == "build":
        from .api import build

        return build
    if name == "BuildOptions":
        from .pipeline import BuildOptions

        return BuildOptions
    if name == "extract_texts":
        from .extract import extract_texts

        return extract_texts
    raise AttributeError(f"module 'kg' has no attribute {name!r}")

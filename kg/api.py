"""The Python API's ``build``: the build room's ``build`` with the use side's outputs wired in.

``kg.pipeline.build`` writes ``graph.ttl`` and ``graph.trig`` and knows nothing of the
use side; it takes extra outputs as ``writers`` (output name -> function of the built
graph and the staged path). This facade passes the view (``graph.html``, by
``kg.use.view``) and the ``formats`` exports (by ``kg.use.export``), so they are staged
and committed together with the graph files. ``kg.build`` is this module's
:func:`build`; the CLI's ``kg build`` calls it.

    >>> import kg                                                    # doctest: +SKIP
    >>> graph, report = kg.build(["seeds"], out="output", formats=("jsonld",))  # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from rdflib import Graph

from .models import Article, BuildReport, Skipped
from .pipeline import BuildOptions, OutputWriter
from .pipeline import build as build_graph
from .pipeline.assemble import GRAPH_FILE, TRIG_FILE
from .use.export import export, get_format
from .use.view import write_view

VIEW_FILE = "graph.html"

__all__ = ["VIEW_FILE", "build", "export_name"]


def export_name(fmt: str) -> str:
    """The output name of the ``fmt`` export in a build folder: ``graph.jsonld``, ``graph-neo4j``..."""
    spec = get_format(fmt)
    return f"graph{spec.suffix}" if spec.suffix else f"graph-{spec.name}"


def build(paths: Iterable[str | Path], *, out: str | Path = "output", options: BuildOptions | None = None,
          formats: Iterable[str] = (),
          on_article: Callable[[Article], None] | None = None,
          on_skip: Callable[[Skipped], None] | None = None) -> tuple[Graph, BuildReport]:
    """Build the graph of ``paths`` into ``out`` with the view (unless ``options.view`` is
    false) and an export per name in ``formats`` (see ``kg export --list``).

    Everything is written atomically and together (see ``kg.pipeline.build``); an unknown
    format raises ``KGError`` before anything is read. Returns the graph and a report.
    """
    opts = options or BuildOptions()
    writers: dict[str, OutputWriter] = {}
    if opts.view:  # titled by the graph: the article's own title, or "kg-builder: N articles, M entities"
        writers[VIEW_FILE] = lambda graph, path: write_view(graph, path)
    for fmt in formats:
        name = export_name(fmt)
        if name not in (GRAPH_FILE, TRIG_FILE):  # the build writes these itself
            writers[name] = partial(_export, fmt)

    return build_graph(paths, out=out, options=opts, on_article=on_article, on_skip=on_skip, writers=writers)


def _export(fmt: str, graph: Graph, path: Path) -> None:
    export(graph, fmt, path)


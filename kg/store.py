"""pyoxigraph for large graphs: fast Turtle/TriG writing, and the persistent store.

``--store oxigraph:PATH`` -> a ``pyoxigraph.Store`` on disk holding the built dataset
(``graph.trig``: the default graph with entities and articles, one named graph per
article). Query it with the default graph as the union of all graphs, which is the
graph of ``graph.ttl``; :func:`query` runs only read-only, local queries (``SERVICE``,
``LOAD`` and updates are refused, as in ``kg query`` and ``kg serve``)::

    >>> from kg.store import open_store, query                     # doctest: +SKIP
    >>> store = open_store("oxigraph:output/store", read_only=True)  # doctest: +SKIP
    >>> rows = query(store, "SELECT ?s ?o WHERE { ?s kg:commands ?o }")  # doctest: +SKIP

Oxigraph keeps typed literals as values: ``"0.900"^^xsd:decimal`` comes back as ``0.9``
(the same number). The files (``graph.ttl``, ``graph.trig``) keep the lexical forms:
they are written by pyoxigraph's streaming serialisers, which never normalise.
"""
from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from .models import KGError
from .outputs import atomic_writer, replace_folder

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

log = logging.getLogger(__name__)

SCHEMES = ("oxigraph",)


def store_path(spec: str | Path) -> Path:
    """``"oxigraph:PATH"`` -> ``PATH``; a bare path means Oxigraph too."""
    text = str(spec)
    scheme, sep, rest = text.partition(":")
    if sep and scheme in SCHEMES:
        path = rest
    elif sep and len(scheme) > 1 and "/" not in scheme and "\\" not in scheme:
        raise KGError(f"Unknown store {text!r}: use oxigraph:PATH (a folder for the Oxigraph store).")
    else:
        path = text
    if not path:
        raise KGError(f"Store {text!r} names no folder: use oxigraph:PATH.")
    return Path(path)


def open_store(spec: str | Path, *, read_only: bool = False) -> ox.Store:
    """Open (creating it unless ``read_only``) the Oxigraph store that ``spec`` names."""
    import pyoxigraph as ox

    path = store_path(spec)
    if read_only and not path.is_dir():
        raise KGError(f"No Oxigraph store at {path}: build one with `kg build ... --store oxigraph:{path}`.")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as err:
        raise KGError(f"Cannot open the Oxigraph store at {path}: {err}. Is another process "
                      "writing it (a running `kg build --store`)? Open it read-only, or wait.") from err


def query(store: ox.Store, sparql: str, **kwargs: object) -> object:
    """SPARQL over ``store``, read-only and local, with the project's prefixes and the union
    of all graphs as the default graph; returns pyoxigraph's result.

    The text goes through the check every query path shares (``kg.sparql.check_query``):
    ``SERVICE``, ``LOAD`` and updates raise ``QueryRefusedError`` before pyoxigraph sees
    the text (pyoxigraph would call a ``SERVICE`` over HTTP inside ``Store.query``). The
    prefixes go to pyoxigraph as ``prefixes=``, not pasted in front of the text, so a
    ``QuerySyntaxError`` names the line and column of the text as written. ``kwargs`` go
    to ``Store.query`` (``prefixes`` there are added to the project's).
    """
    from .sparql import PREFIXES, check_query, oxigraph_syntax_error

    check_query(sparql)
    prefixes = dict(PREFIXES)
    prefixes.update(kwargs.pop("prefixes", None) or {})  # type: ignore[call-overload]
    kwargs.setdefault("use_default_graph_as_union", True)
    try:
        return store.query(sparql, prefixes=prefixes, **kwargs)  # type: ignore[arg-type]
    except SyntaxError as err:
        raise oxigraph_syntax_error(sparql, err) from err


def store_graph(store: ox.Store) -> Graph:
    """An rdflib view of ``store`` (via oxrdflib): a ``Dataset`` whose default graph is the
    union of all graphs, so ``.triples()`` and SPARQL see every triple (iterating a
    ``Dataset`` yields quads)."""
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    from .rdf import PREFIXES

    g = Dataset(store=OxigraphStore(store=store), default_union=True)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def replace_store(spec: str | Path, trig: Path) -> Path:
    """Load a built dataset (``graph.trig``) into a fresh store beside ``spec``'s folder, then
    swap it in. Readers of the old store keep their open files; a failed load leaves the old
    store as it was."""
    import pyoxigraph as ox

    path = store_path(spec)
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{path.name}.new-", dir=path.parent))
    try:
        store = ox.Store(str(fresh))
        store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
        store.flush()
        del store
        replace_folder(fresh, path)
    except (OSError, ValueError, SyntaxError) as err:
        shutil.rmtree(fresh, ignore_errors=True)
        raise KGError(f"Cannot write the Oxigraph store {path}: {err}.") from err
    log.info("loaded the built dataset into the Oxigraph store %s", path)
    return path


def _prefixes() -> dict[str, str]:
    from .rdf import PREFIXES

    return dict(PREFIXES)


def write_turtle(path: Path, ntriples: Path) -> None:
    """A sorted, de-duplicated N-Triples file -> Turtle at ``path`` (atomically), streamed."""
    import pyoxigraph as ox

    with atomic_writer(path) as fh:
        ox.serialize(ox.parse(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES), fh,
                     format=ox.RdfFormat.TURTLE, prefixes=_prefixes())


def write_trig(path: Path, parts: Iterable[Path]) -> None:
    """N-Triples/N-Quads files (in order) -> TriG at ``path`` (atomically), streamed."""
    import pyoxigraph as ox

    quads: Iterator[ox.Quad] = chain.from_iterable(
        ox.parse(path=str(p), format=ox.RdfFormat.N_QUADS) for p in parts)
    with atomic_writer(path) as fh:
        ox.serialize(quads, fh, format=ox.RdfFormat.TRIG, prefixes=_prefixes())


def lazy_graph(turtle: Path) -> Graph:
    """An rdflib ``Graph`` of the Turtle file at ``turtle``, loaded into an in-memory Oxigraph
    store on first use (a build that nobody reads never holds its graph in memory)."""
    from oxrdflib import OxigraphStore
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from .rdf import PREFIXES

    class _TurtleOnDemand(OxigraphStore):
        @property
        def _inner(self) -> ox.Store:
            if self._store is None:
                import pyoxigraph as ox

                store = ox.Store()
                store.bulk_load(path=str(turtle), format=ox.RdfFormat.TURTLE)
                self._store = store
            return self._store

    g = Graph(store=_TurtleOnDemand(), identifier=DATASET_DEFAULT_GRAPH_ID)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g

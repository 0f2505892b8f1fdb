"""``BuildOptions``: everything that shapes a build, in one frozen value."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import rdf
from ..extract.classifier import RelationModel, load_model
from ..ingest import DEFAULT_MAX_BYTES
from ..ingest.fetch import WebOptions
from .identity import IdentityPair

ENGINES = ("local", "dask")


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Everything that shapes a build; the CLI fills it from its flags.

    ``jobs`` is spaCy's ``n_process`` for the local engine and the number of workers of
    the Dask ``LocalCluster`` that ``engine="dask"`` starts when no ``scheduler`` is given.
    ``store`` (``"oxigraph:PATH"``) also loads the built dataset into a persistent store.
    ``view`` is read by ``kg.build`` (``kg.api``), which adds the view to the outputs.
    ``classifier`` runs the trained relation classifier (``relation_model``: a model file;
    None means ``$KG_RELATION_MODEL`` or the shipped model) beside the rules.
    ``link_across`` links the short forms an article uses alone to the entity of another
    article they name (``kg.extract.link``); ``identity`` holds a user's pairs to join or keep
    apart (``kg.pipeline.identity``), applied either way.
    ``web`` says how URLs and feeds are fetched (``kg.ingest.fetch.WebOptions``); its
    fetch cache defaults to ``OUT/.kg-web``. ``max_bytes`` caps files and fetched bodies alike.
    ``link_across`` links the short forms an article uses alone to the entity of another
    article they name (``kg.extract.link``); ``identity`` holds a user's pairs to join or keep
    apart (``kg.pipeline.identity``), applied either way.
    """

    model: str | None = None
    base: str = rdf.DEFAULT_BASE
    min_confidence: float = 0.0
    batch_size: int = 16  # articles: as fast as 64, and spaCy's working memory stays ~350 MB
    jobs: int = 1
    max_bytes: int = DEFAULT_MAX_BYTES
    view: bool = True
    cache: bool = True
    store: str | None = None
    engine: str = "local"
    scheduler: str | None = None
    partition_size: int = 64
    web: WebOptions = field(default_factory=WebOptions)
    link_across: bool = True
    identity: tuple[IdentityPair, ...] = ()
    classifier: bool = True  # the trained relation classifier beside the rules
    relation_model: str | None = None  # its file; None: $KG_RELATION_MODEL, else the shipped one

    def __post_init__(self) -> None:
        rdf.check_base(self.base)  # once, before anything is read: every IRI starts with it


def relation_model(opts: BuildOptions) -> RelationModel | None:
    """The relation classifier a build runs (None: rules only)."""
    return load_model(opts.relation_model) if opts.classifier else None


def relations_key(opts: BuildOptions) -> str:
    """What the relation layer adds to the cache key: the classifier's version and file hash."""
    model = relation_model(opts)
    return f"relations={model.version}:{model.digest}" if model else "relations=rules"

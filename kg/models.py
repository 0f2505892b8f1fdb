"""Frozen value types handed from stage to stage.

``Article`` (ingest) -> ``Mention`` (mentions) -> ``Entity`` (resolve) ->
``Relation`` with ``Provenance`` (relations) -> RDF (rdf). ``BuildReport`` sums up a build.

This module imports neither spaCy nor rdflib, so every stage can be tested and
reasoned about on plain values.
"""
from __future__ import annotations

from dataclasses import dataclass


class KGError(Exception):
    """The project's own error: the message says what failed, where, and how to fix it.

    The CLI catches it and exits non-zero with the message instead of a traceback.
    """


@dataclass(frozen=True, slots=True)
class Article:
    """One source document, with the metadata its header gave.

    ``text`` is the body the extraction runs on; every character offset in the
    graph refers to it. ``id`` is derived from the content hash, so the same text
    always gets the same id.

    ``source`` is where it was read: a path, or the URL fetched (``"file#part2"`` for a
    part). ``url`` is the page's canonical URL when it declares one. ``extractor`` names
    what produced ``text`` (``"trafilatura 2.3.1"``, ``"markdown-it-py 4.3.0"``...);
    ``fetched`` is when a fetched page's content was received (ISO 8601, UTC), ``None``
    for files. ``dateline`` is the dateline taken off the body's first paragraph
    ("LIMA, Peru"): where the story was filed, metadata and never a fact of the body.
    """

    id: str
    text: str
    source: str
    content_hash: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD) when the header gave a parseable date
    url: str | None = None
    extractor: str | None = None
    fetched: str | None = None  # ISO 8601 UTC date-time, fetched inputs only
    dateline: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of an article's text that names (or stands for) an entity.

    ``cls`` is an ontology class local name (``"MilitaryOrganization"``);
    ``source`` says which recogniser found it (``"ner"``, ``"vocab"``, ``"acronym"``,
    ``"rank"``, ``"speaker"``, ``"pronoun"``). ``key`` is the normalised name the
    resolver starts from. ``rank`` is a title stripped from a person's name.
    ``surface`` is the fuller form the text used when the mention was cut out of it
    ("Adm. Paredes" for a rank, "Armed Forces' Joint Command" for a possessive); it
    becomes an alias.
    """

    start: int  # character offsets in Article.text
    end: int
    text: str
    cls: str
    source: str
    key: str
    sent: int  # index of the sentence in the Doc
    rank: str | None = None
    acronym: str | None = None  # an acronym the text attaches to this mention
    country: str | None = None  # a country key given by a demonym or "of Country"
    surface: str | None = None  # the fuller form seen, when it differs ("Adm. Paredes", "the X's Y")
    alias: str | None = None  # its name in another language, given in brackets ("Operación Escudo del Norte")
    implied: tuple[str, ...] = ()  # other bodies its words name ("U.S. Coast Guard" of "U.S. Coast Guard
    # Law Enforcement Detachment 406"; "Colombian Navy" of "the Colombian and Peruvian navies")


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world thing: all the mentions that resolve to it.

    ``id`` is stable within a build (class + normalised label) and is what
    ``rdf.mint_iri`` turns into an IRI.
    """

    id: str
    label: str
    cls: str
    aliases: tuple[str, ...] = ()
    rank: str | None = None
    mention_count: int = 0


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a relation was read: article, sentence, offsets, rule and confidence."""

    article_id: str
    sentence: str
    start: int  # offsets of the sentence in Article.text
    end: int
    rule: str
    confidence: float
    # for a classifier's relation: the features that weighed most, e.g. "lca:command (+1.42)"
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Relation:
    """``subject predicate object`` between entity ids, with its provenance."""

    subject: str
    predicate: str
    object: str
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything one article yields: its entities and relations."""

    article: Article
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be used, and why (shown to the user as one line)."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: counts, outputs written and inputs skipped."""

    articles: int
    entities: int
    relations: int
    outputs: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    entities_by_class: tuple[tuple[str, int], ...] = ()
    relations_by_property: tuple[tuple[str, int], ...] = ()
    seconds: float = 0.0

"""Entities + relations -> ``rdflib.Graph``; the only place that mints IRIs.

Layout of the instance graph (``output/graph.ttl``):

* every entity: ``rdf:type kg:<Class>``, ``rdfs:label`` (the preferred name),
  ``skos:altLabel`` for every other surface form, ``kg:rank`` for people,
  ``kg:mentionCount``;
* every relation as a plain triple ``<s> kg:<property> <o>`` in the default graph;
* for every piece of evidence behind a relation, an ``rdf:Statement`` node
  (RDF reification) with ``rdf:subject/predicate/object``, ``prov:wasDerivedFrom``
  the article, ``kg:sentence``, ``kg:charStart``/``kg:charEnd`` (offsets of the
  sentence in the article body), ``kg:rule`` and ``kg:confidence``;
* every article: ``rdf:type kg:Article``, ``dcterms:title/creator/publisher/date``,
  ``kg:contentHash``, ``kg:sourcePath``; its provenance: ``dcterms:source`` (the URL it
  was fetched from, as an IRI, or the path it was read from, as a string),
  ``kg:extractor`` (what produced its text), ``kg:fetchedAt`` (fetched inputs only, so
  file inputs stay byte-identical from build to build), ``kg:dateline``; every entity
  points to the articles that mention it with ``dcterms:source``;
* the graph node itself: ``owl:imports`` the ontology, ``kg:model`` (spaCy model).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from .models import Article, Entity, KGError, Relation
from .ontology import KG, ONTOLOGY_IRI, top_class

DEFAULT_BASE = "https://w3id.org/kg-builder/id/"
"""Default namespace for instance IRIs (``kg build --base`` changes it)."""

SCHEMA = Namespace("http://schema.org/")

PREFIXES = {
    "kg": str(KG._NS),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "owl": str(OWL),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "xsd": str(XSD),
}


@lru_cache(maxsize=65536)  # a corpus names the same things again and again
def slug(text: str, limit: int = 80) -> str:
    """A readable, IRI-safe, deterministic path segment for ``text``.

    Accents are folded, runs of non-word characters become ``-``, and any
    remaining non-ASCII letter is percent-encoded; an empty result falls back to
    a hash. Long names are cut and suffixed with a hash so they stay unique.

    >>> slug("José Luis Paredes Lora")
    'jose-luis-paredes-lora'
    >>> slug("<script>alert('x')</script>")
    'script-alert-x-script'
    """
    text = text.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate cannot be encoded
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = re.sub(r"[\W_]+", "-", folded, flags=re.UNICODE).strip("-")
    out = quote(folded, safe="-")
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    if not out:
        return "x-" + digest
    if len(out) > limit:
        return out[:limit].rstrip("-%0123456789ABCDEF") + "-" + digest
    return out


def check_base(base: str) -> str:
    """``base`` if it can start every instance IRI (an absolute IRI), else ``KGError`` saying why.

    pyoxigraph, the strictest IRI parser the project has, is the judge.

    >>> check_base("https://example.org/kg/")
    'https://example.org/kg/'
    >>> check_base("http://ex.org/a b/")
    Traceback (most recent call last):
    ...
    kg.models.KGError: The base 'http://ex.org/a b/' cannot start an IRI: ...
    """
    import pyoxigraph as ox

    problem = ""
    if not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", base):
        problem = "it has no scheme (an absolute IRI starts like https:)"
    else:
        try:
            ox.NamedNode(f"{base.rstrip('/#')}/person/x")
        except ValueError as err:
            problem = str(err)
    if problem:
        raise KGError(f"The base {base!r} cannot start an IRI: {problem}. Give an absolute IRI "
                      f"without spaces or <>\"{{}}|^`\\, e.g. {DEFAULT_BASE}.")
    return base


def mint_iri(kind: str, name: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a thing of ``kind`` (a class name or ``"article"``, ``"statement"``) named ``name``.

    Entities are minted under their top class (``person``, ``organization``, ``place``,
    ``event``, ``threat``) so a refined type does not change the IRI.
    """
    if not base.endswith(("/", "#")):
        base += "/"
    segment = kind.lower() if kind in ("article", "statement", "graph") else top_class(kind).lower()
    return URIRef(f"{base}{segment}/{slug(name)}")


def entity_iri(entity: Entity, base: str = DEFAULT_BASE) -> URIRef:
    return mint_iri(entity.cls, entity.id.split(":", 1)[-1], base)


def article_iri(article: Article, base: str = DEFAULT_BASE) -> URIRef:
    return mint_iri("article", article.id, base)


def statement_iri(s: URIRef, p: URIRef, o: URIRef, article_id: str, start: int, rule: str,
                  base: str = DEFAULT_BASE) -> URIRef:
    key = "\x1f".join((str(s), str(p), str(o), article_id, str(start), rule))
    return mint_iri("statement", hashlib.sha1(key.encode("utf-8")).hexdigest()[:20], base)


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

Value = URIRef | Literal | str | int | Decimal
"""The object of a fact as :func:`article_facts` and :func:`relation_facts` give it: an IRI
or an rdflib literal as it is, or a plain value that :func:`term` makes a literal
(``str``: a string without unwritable characters, ``int``: ``xsd:integer``,
``Decimal``: ``xsd:decimal``). Plain values let the build write N-Triples text without
making an rdflib term per value (``kg.pipeline.assemble.nt_term``)."""

Fact = tuple[URIRef, URIRef, Value]


def clean_text(value: str) -> str:
    """``value`` with characters that no RDF syntax may carry replaced."""
    return _SURROGATE.sub("\ufffd", _UNWRITABLE.sub(" ", value))


def text_literal(value: str) -> Literal:
    """A plain string literal with characters that no RDF syntax may carry removed."""
    return Literal(clean_text(value))


def term(value: Value) -> URIRef | Literal:
    """The rdflib term of a fact's object (see :data:`Value`)."""
    if isinstance(value, (URIRef, Literal)):
        return value
    if isinstance(value, str):
        return text_literal(value)
    if isinstance(value, Decimal):
        return Literal(value, datatype=XSD.decimal)
    return Literal(value)


def confidence_value(confidence: float) -> Decimal:
    """``kg:confidence`` as written: three decimals."""
    return Decimal(f"{confidence:.3f}")


def article_facts(article: Article, base: str = DEFAULT_BASE) -> tuple[URIRef, list[Fact]]:
    """The article's node and its own triples (title, author, date, hash, path, provenance)."""
    node = article_iri(article, base)
    facts: list[Fact] = [(node, RDF.type, KG.Article), (node, RDFS.label, article.title or article.source)]
    if article.title:
        facts.append((node, DCTERMS.title, article.title))
    if article.author:
        facts.append((node, DCTERMS.creator, article.author))
    if article.publisher:
        facts.append((node, DCTERMS.publisher, article.publisher))
    if article.date:
        is_iso = re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", article.date)
        facts.append((node, DCTERMS.date, Literal(article.date, datatype=XSD.date) if is_iso
                      else article.date))
    if article.url:
        facts.append((node, SCHEMA.url, article.url))
    facts += [(node, KG.contentHash, article.content_hash), (node, KG.sourcePath, article.source),
              (node, DCTERMS.source, source_term(article.source))]
    if article.extractor:
        facts.append((node, KG.extractor, article.extractor))
    if article.fetched:
        facts.append((node, KG.fetchedAt, Literal(article.fetched, datatype=XSD.dateTime)))
    if article.dateline:
        facts.append((node, KG.dateline, article.dateline))
    return node, facts


def add_article(g: Graph, article: Article, base: str = DEFAULT_BASE) -> URIRef:
    node, facts = article_facts(article, base)
    for s, p, o in facts:
        g.add((s, p, term(o)))
    return node


_HOST = re.compile(r"[A-Za-z0-9.\-_~%!$&'()*+,;=:@\[\]]+")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def source_term(source: str) -> URIRef | Literal:
    """An article's ``dcterms:source``: the http(s) URL it came from as an IRI (characters
    that IRIs forbid percent-encoded), else (a path, ``<stdin>``, an odd URL) a string.

    >>> source_term("https://example.org/a b?q=%zz#part2")
    rdflib.term.URIRef('https://example.org/a%20b?q=%25zz#part2')
    >>> source_term("seeds/article.txt")
    rdflib.term.Literal('seeds/article.txt')
    """
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(source)
    except ValueError:
        return text_literal(source)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or not _HOST.fullmatch(parts.netloc):
        return text_literal(source)

    def enc(text: str, extra: str) -> str:
        return quote(_BAD_PERCENT.sub("%25", text), safe="!$&'()*+,;=:@%~-._" + extra)

    return URIRef(urlunsplit((parts.scheme.lower(), parts.netloc, enc(parts.path, "/"),
                              enc(parts.query, "/?"), enc(parts.fragment, "/?"))))


def add_entity(g: Graph, entity: Entity, article_node: URIRef | None = None,
               base: str = DEFAULT_BASE) -> URIRef:
    node = entity_iri(entity, base)
    g.add((node, RDF.type, KG[entity.cls]))
    existing = g.value(node, RDFS.label)
    if existing is None:
        g.add((node, RDFS.label, text_literal(entity.label)))
    elif str(existing) != entity.label:
        # merged across articles: keep the longer name as the label
        if len(entity.label) > len(str(existing)):
            g.remove((node, RDFS.label, existing))
            g.add((node, RDFS.label, text_literal(entity.label)))
            g.add((node, SKOS.altLabel, existing))
        else:
            g.add((node, SKOS.altLabel, text_literal(entity.label)))
    label = str(g.value(node, RDFS.label))
    for alias in entity.aliases:
        if alias != label:
            g.add((node, SKOS.altLabel, text_literal(alias)))
    g.remove((node, SKOS.altLabel, Literal(label)))
    if entity.rank:
        g.add((node, KG.rank, text_literal(entity.rank)))
    old = g.value(node, KG.mentionCount)
    count = entity.mention_count + (int(str(old)) if old is not None else 0)
    g.set((node, KG.mentionCount, Literal(count)))
    if article_node is not None:
        g.add((node, DCTERMS.source, article_node))
    return node


def relation_facts(rel: Relation, nodes: dict[str, URIRef], article_node: URIRef,
                   base: str = DEFAULT_BASE) -> tuple[URIRef, list[Fact]]:
    """The relation triple and its evidence node with every triple but ``kg:confidence``:
    the same evidence (triple, article, sentence, rule) found twice is one node, which
    keeps the higher confidence (:func:`add_relation`; ``assemble.render``)."""
    s, o = nodes[rel.subject], nodes[rel.object]
    p: URIRef = KG[rel.predicate]  # annotated: mypy would read `p = KG[...]` as a type alias
    pv = rel.provenance
    st = statement_iri(s, p, o, pv.article_id, pv.start, pv.rule, base)
    facts: list[Fact] = [
        (s, p, o), (st, RDF.type, RDF.Statement), (st, RDF.subject, s), (st, RDF.predicate, p),
        (st, RDF.object, o), (st, PROV.wasDerivedFrom, article_node), (st, KG.sentence, pv.sentence),
        (st, KG.charStart, pv.start), (st, KG.charEnd, pv.end), (st, KG.rule, pv.rule),
    ]
    facts += [(st, KG.feature, feature) for feature in pv.evidence]
    return st, facts


def add_relation(g: Graph, rel: Relation, nodes: dict[str, URIRef], article_node: URIRef,
                 base: str = DEFAULT_BASE) -> URIRef:
    st, facts = relation_facts(rel, nodes, article_node, base)
    for s, p, o in facts:
        g.add((s, p, term(o)))
    confidence = rel.provenance.confidence
    old = g.value(st, KG.confidence)
    if old is None or float(str(old)) < confidence:  # one evidence node keeps its highest confidence
        g.set((st, KG.confidence, term(confidence_value(confidence))))
    return st


def add_extraction(g: Graph, article: Article, entities: Iterable[Entity],
                   relations: Iterable[Relation], base: str = DEFAULT_BASE) -> None:
    """Add one article's entities and relations (with provenance) to ``g``."""
    a = add_article(g, article, base)
    nodes = {e.id: add_entity(g, e, a, base) for e in entities}
    for rel in relations:
        add_relation(g, rel, nodes, a, base)


def add_graph_metadata(g: Graph, model: str, base: str = DEFAULT_BASE) -> URIRef:
    """Describe the graph itself: what it imports and which model built it."""
    node = URIRef(base.rstrip("/#") + "/graph")
    g.add((node, RDF.type, OWL.Ontology))
    g.add((node, OWL.imports, URIRef(ONTOLOGY_IRI)))
    g.add((node, RDFS.label, Literal("kg-builder instance graph")))
    g.set((node, KG.model, Literal(model)))
    return node

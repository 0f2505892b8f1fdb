"""Per-article records -> one merged graph, streamed to disk: ``graph.ttl`` and ``graph.trig``.

``render(article, entities, relations)`` -> ``Rendered``: the article's own RDF as text,
made once (from ``rdf.article_facts`` and ``rdf.relation_facts``, straight to text) and kept
in the cache:

* ``default`` (N-Triples): the article node (title, author, date, hash, path) and
  ``<entity> dcterms:source <article>`` for every entity it mentions;
* ``named`` (N-Quads in the article's graph ``<base>graph/<article id>``): its relation
  triples and one ``rdf:Statement`` per piece of evidence.

``Assembler.add`` appends that text to temporary files (so memory stays flat however
many articles there are) and merges the article's entities into ``EntityMerge``: one
node per IRI across all articles, with the same result as ``rdf.add_extraction``
applied article by article (the longest label wins, every other name becomes an
``skos:altLabel``, mention counts add up). ``Assembler.finish`` writes

* ``graph.ttl``: every triple in the default graph, as before: small graphs through
  rdflib's serialiser (sorted, byte-identical to earlier builds), large ones through
  pyoxigraph's (about 30x faster);
* ``graph.trig``: the default graph holds entities, articles and the graph's own
  description; each article's facts live in its named graph, linked to the article by
  ``<graph> prov:wasDerivedFrom <article>``. Dropping an article from the corpus drops
  exactly its named graph. The layout is ``kg export --format trig``'s
  (``export.to_dataset``), made without holding the graph.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, XSD

from .. import rdf
from ..extract.link import Link, links
from ..models import Article, Entity, Relation
from ..ontology import KG
from ..outputs import replace_folder, sync_folder, write_atomic
from ..store import write_trig, write_turtle
from .cache import Record, Rendered, render_key
from .identity import IdentityPair

log = logging.getLogger(__name__)

GRAPH_FILE = "graph.ttl"
TRIG_FILE = "graph.trig"

TURTLE_RDFLIB_MAX = 5_000
"""Graphs of up to this many triples get rdflib's (sorted, slower) Turtle; larger ones pyoxigraph's."""

_ENTITY_BATCH = 2_000


# ------------------------------------------------------------------ N-Triples text

def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r"))


_INTEGER, _DECIMAL = f"^^<{XSD.integer}>", f"^^<{XSD.decimal}>"


def nt_term(term: object) -> str:
    """An rdflib term, or a plain value of ``rdf.Value`` (as ``rdf.term`` would make it),
    in N-Triples syntax."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        lexical = f'"{_escape(str(term))}"'
        if term.language:
            return f"{lexical}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{lexical}^^<{term.datatype}>"
        return lexical
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, str):
        return f'"{_escape(rdf.clean_text(term))}"'
    if isinstance(term, int) and not isinstance(term, bool):
        return f'"{term}"{_INTEGER}'
    if isinstance(term, Decimal):
        return f'"{term}"{_DECIMAL}'
    if isinstance(term, (bool, float)):
        return nt_term(Literal(term))
    raise TypeError(f"not an RDF term: {term!r}")


def nt_lines(triples: Iterable[tuple[object, object, object]], graph: URIRef | None = None) -> list[str]:
    """Sorted N-Triples (or, with ``graph``, N-Quads) lines, so each subject's triples are
    together; a triple given twice is one line."""
    g = f" <{graph}>" if graph is not None else ""
    return sorted({f"{nt_term(s)} {nt_term(p)} {nt_term(o)}{g} .\n" for s, p, o in triples})


def article_graph_iri(article: Article, base: str = rdf.DEFAULT_BASE) -> URIRef:
    """The named graph that holds ``article``'s facts in ``graph.trig``."""
    return rdf.mint_iri("graph", article.id, base)


def render(article: Article, entities: Iterable[Entity], relations: Iterable[Relation], *,
           base: str = rdf.DEFAULT_BASE, min_confidence: float = 0.0) -> Rendered:
    """One article's own triples as text (see the module docstring)."""
    # straight to text, without an rdflib term per value: about a third of the time through a Graph
    a, head = rdf.article_facts(article, base)
    nodes = {e.id: rdf.entity_iri(e, base) for e in entities}
    head += [(node, DCTERMS.source, a) for node in dict.fromkeys(nodes.values())]
    facts: list[rdf.Fact] = []
    confidence: dict[URIRef, float] = {}  # one evidence node keeps its highest confidence
    for rel in relations:
        if rel.provenance.confidence >= min_confidence:
            st, triples = rdf.relation_facts(rel, nodes, a, base)
            facts += triples
            c = rel.provenance.confidence
            if st not in confidence or confidence[st] < c:
                confidence[st] = c
    facts += [(st, KG.confidence, rdf.confidence_value(c)) for st, c in confidence.items()]
    return Rendered(render_key(article, base, min_confidence), "".join(nt_lines(head)),
                    "".join(nt_lines(facts, article_graph_iri(article, base))))


def ensure_rendered(article: Article, rec: Record, *, base: str, min_confidence: float) -> Record:
    """``rec`` with a rendering that matches ``article``, ``base`` and ``min_confidence``."""
    if rec.rendered is not None and rec.rendered.key == render_key(article, base, min_confidence):
        return rec
    rendered = render(article, rec.entities, rec.relations, base=base, min_confidence=min_confidence)
    return Record(rec.key, rec.model, rec.entities, rec.relations, rendered)


# ------------------------------------------------------------------ entity merge

@dataclass(slots=True)
class _Merged:
    id: str
    label: str
    classes: dict[str, None] = field(default_factory=dict)
    alt: dict[str, None] = field(default_factory=dict)
    ranks: dict[str, None] = field(default_factory=dict)
    count: int = 0


class EntityMerge:
    """Entities of many articles -> one description per IRI (what ``rdf.add_entity`` does
    article by article, without holding the graph): classes and ranks accumulate, the
    longest label wins (the first of equals), every other label and alias becomes an
    alternative label, mention counts add up."""

    def __init__(self, base: str = rdf.DEFAULT_BASE) -> None:
        self.base = base
        self.nodes: dict[URIRef, _Merged] = {}

    def add(self, entities: Iterable[Entity]) -> dict[str, URIRef]:
        """Merge one article's entities; return their IRIs by entity id."""
        iris: dict[str, URIRef] = {}
        for e in entities:
            node = iris[e.id] = rdf.entity_iri(e, self.base)
            label = str(rdf.text_literal(e.label))
            m = self.nodes.get(node)
            if m is None:
                m = self.nodes[node] = _Merged(e.id, label)
            elif label != m.label:
                if len(label) > len(m.label):
                    m.alt[m.label] = None
                    m.label = label
                else:
                    m.alt[label] = None
            for alias in e.aliases:
                m.alt[str(rdf.text_literal(alias))] = None
            m.classes[e.cls] = None
            if e.rank:
                m.ranks[e.rank] = None
            m.count += e.mention_count
        return iris

    def by_class(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for m in self.nodes.values():
            for cls in m.classes:
                counts[cls] = counts.get(cls, 0) + 1
        return counts

    def lines(self) -> Iterator[str]:
        """N-Triples of every merged entity, made by ``rdf.add_entity`` itself."""
        batch: list[_Merged] = []
        for m in self.nodes.values():
            batch.append(m)
            if len(batch) >= _ENTITY_BATCH:
                yield from self._emit(batch)
                batch = []
        yield from self._emit(batch)

    def _emit(self, batch: list[_Merged]) -> list[str]:
        g = Graph()
        for m in batch:
            classes, ranks = list(m.classes), list(m.ranks)
            aliases = tuple(a for a in m.alt if a != m.label)
            rdf.add_entity(g, Entity(m.id, m.label, classes[0], aliases, ranks[0] if ranks else None,
                                     m.count), None, self.base)
            for cls in classes[1:]:
                rdf.add_entity(g, Entity(m.id, m.label, cls), None, self.base)
            for rank in ranks[1:]:
                rdf.add_entity(g, Entity(m.id, m.label, classes[0], rank=rank), None, self.base)
        return nt_lines(g)


# ------------------------------------------------------------------ assembler

@dataclass(frozen=True, slots=True)
class Assembled:
    """What ``Assembler.finish`` staged and counted; ``graph`` is the rdflib graph when the
    build is small enough to hold it (``None``: read the Turtle lazily, ``store.lazy_graph``)."""

    graph: Graph | None
    staged: tuple[Path, ...]
    triples: int
    entities_by_class: tuple[tuple[str, int], ...]
    relations_by_property: tuple[tuple[str, int], ...]


class Assembler:
    """Streams records into temporary files under ``out``; ``finish`` writes the outputs.

    Use it as a context manager: the temporary folder is removed however the build ends.
    """

    def __init__(self, out: Path, *, base: str = rdf.DEFAULT_BASE, min_confidence: float = 0.0,
                 link_across: bool = True, identity: Iterable[IdentityPair] = ()) -> None:
        self.out = Path(out)
        self.base = base
        self.min_confidence = min_confidence
        self.link_across = link_across
        self.identity = tuple(identity)
        self.links: tuple[Link, ...] = ()
        self.entities = EntityMerge(base)
        self.articles = 0
        self.model: str | None = None
        self.titles: list[str] = []
        self._seen: set[str] = set()
        self._entity_sets: list[tuple[str, tuple[Entity, ...]]] = []  # (article id, entities), for linking
        self._relations: dict[str, set[int]] = {}
        self._lines = 0
        self.tmp = Path(tempfile.mkdtemp(prefix=".kg-tmp-", dir=self.out))
        self._default = (self.tmp / "default.nt").open("w", encoding="utf-8", newline="\n")
        self._named = (self.tmp / "named.nq").open("w", encoding="utf-8", newline="\n")
        self._links = (self.tmp / "links.nt").open("w", encoding="utf-8", newline="\n")

    def __enter__(self) -> Assembler:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for fh in (self._default, self._named, self._links):
            fh.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def add(self, article: Article, rec: Record) -> None:
        """Merge one article (in corpus order: the order decides ties between labels)."""
        rec = ensure_rendered(article, rec, base=self.base, min_confidence=self.min_confidence)
        assert rec.rendered is not None
        self.articles += 1
        self.model = self.model or rec.model
        if len(self.titles) < 50:
            self.titles.append(article.title or Path(article.source).name)
        iris = self.entities.add(rec.entities)
        self._entity_sets.append((article.id, tuple(rec.entities)))
        for rel in rec.relations:
            if rel.provenance.confidence >= self.min_confidence:
                self._relations.setdefault(rel.predicate, set()).add(
                    hash((iris[rel.subject], iris[rel.object])))
        if article.id in self._seen:  # the same text twice: its triples are there already
            return
        self._seen.add(article.id)
        self._default.write(rec.rendered.default)
        self._named.write(rec.rendered.named)
        self._links.write(f"<{article_graph_iri(article, self.base)}> <{PROV.wasDerivedFrom}> "
                          f"<{rdf.article_iri(article, self.base)}> .\n")
        self._lines += rec.rendered.default.count("\n") + rec.rendered.named.count("\n")

    def finish(self, *, model: str | None = None) -> Assembled:
        """Write ``graph.ttl`` and ``graph.trig`` into the temporary folder (``staged``);
        ``commit`` then moves them into ``out``, so all outputs change together."""
        for fh in (self._default, self._named, self._links):
            fh.flush()
        self._link_across()
        model = model or self.model or ""
        extra = self.tmp / "entities.nt"
        meta = Graph()
        rdf.add_graph_metadata(meta, model, self.base)
        self._add_link_evidence(meta)
        with extra.open("w", encoding="utf-8", newline="\n") as fh:
            for line in self.entities.lines():
                fh.write(line)
                self._lines += 1
            fh.writelines(nt_lines(meta))
        self._lines += len(meta)
        stage = self.tmp / "staged"
        stage.mkdir()
        ttl, trig = stage / GRAPH_FILE, stage / TRIG_FILE
        default_parts = [self.tmp / "default.nt", extra]
        g: Graph | None
        if self._lines <= TURTLE_RDFLIB_MAX:
            g = rdf.new_graph()
            for part in default_parts:
                g.parse(data=part.read_text(encoding="utf-8"), format="nt")
            g.parse(data=_as_triples((self.tmp / "named.nq").read_text(encoding="utf-8")), format="nt")
            write_atomic(ttl, g.serialize(format="turtle"))
        else:
            g = None
            union = self.tmp / "union.nt"
            sort_unique(_union_lines(default_parts, self.tmp / "named.nq"), union, self.tmp)
            write_turtle(ttl, union)
        write_trig(trig, [*default_parts, self.tmp / "links.nt", self.tmp / "named.nq"])
        rels = tuple(sorted((p, len(keys)) for p, keys in self._relations.items() if keys))
        by_class = tuple(sorted((c, n) for c, n in self.entities.by_class().items() if c != "Article"))
        return Assembled(g, (ttl, trig), self._lines, by_class, rels)

    def _link_across(self) -> None:
        """Cross-article resolution (``kg.extract.link``): an entity an article names only by a
        short form ("Adm. Paredes", "CCFFAA") joins the one entity of the corpus that form
        denotes, and the user's identity pairs are applied (``differentFrom`` undoes links,
        ``sameAs`` adds one). The absorbed node's labels move to the entity it joins and every
        line naming it is rewritten; ``self.links`` keeps each link with its evidence."""
        if not self._entity_sets or (len(self._entity_sets) < 2 and not self.identity):
            return
        by_id = {e.id: e for _, ents in self._entity_sets for e in ents}
        id_of = {str(rdf.entity_iri(e, self.base)): eid for eid, e in by_id.items()}
        apart: list[tuple[str, str]] = []
        join: list[tuple[str, str]] = []
        for pair in self.identity:
            a, b = id_of.get(pair.subject), id_of.get(pair.object)
            if a is None or b is None:
                log.warning("identity pair %s %s %s: no entity of this build has %s", pair.subject,
                            pair.relation, pair.object, pair.subject if a is None else pair.object)
                continue
            (join if pair.relation == "sameAs" else apart).append((a, b))
        if self.link_across:
            found = links(self._entity_sets, keep_apart=apart, join=join)
        else:
            found = links([], keep_apart=apart, join=join)
        self.links = tuple(k for k in found if k.source in by_id and k.target in by_id)
        iri_map = {str(rdf.entity_iri(by_id[k.source], self.base)): str(rdf.entity_iri(by_id[k.target], self.base))
                   for k in self.links}
        iri_map = {k: v for k, v in iri_map.items() if k != v}
        if not iri_map:
            return
        for old_iri, new_iri in iri_map.items():
            gone = self.entities.nodes.pop(URIRef(old_iri), None)
            target = self.entities.nodes.get(URIRef(new_iri))
            if gone is None or target is None:
                continue
            for label in (gone.label, *gone.alt):
                if label != target.label:
                    target.alt[label] = None
            for rank in gone.ranks:
                target.ranks[rank] = None
            target.count += gone.count
        for name in ("default.nt", "named.nq"):
            path = self.tmp / name
            fixed = self.tmp / f"{name}.linked"
            with path.open(encoding="utf-8") as src, fixed.open("w", encoding="utf-8", newline="\n") as dst:
                dst.writelines(_relink(line, iri_map) for line in src)
            os.replace(fixed, path)
        log.info("linked %d entities to entities named in other articles", len(iri_map))

    def _add_link_evidence(self, g: Graph) -> None:
        """Each link as ``<entity> owl:sameAs <absorbed IRI>`` with an OWL axiom annotation that
        says why: the rule (``dcterms:identifier``), the evidence (``rdfs:comment``) and the
        article that used the short form (``prov:wasDerivedFrom``); ``kg explain`` prints them."""
        if not self.links:
            return
        by_id = {e.id: e for _, ents in self._entity_sets for e in ents}
        for k in self.links:
            old, new = rdf.entity_iri(by_id[k.source], self.base), rdf.entity_iri(by_id[k.target], self.base)
            if old == new:
                continue
            g.add((new, OWL.sameAs, old))
            ax = rdf.mint_iri("statement", hashlib.sha1(f"{new}\x1f{old}".encode()).hexdigest()[:20], self.base)
            g.add((ax, RDF.type, OWL.Axiom))
            g.add((ax, OWL.annotatedSource, new))
            g.add((ax, OWL.annotatedProperty, OWL.sameAs))
            g.add((ax, OWL.annotatedTarget, old))
            g.add((ax, DCTERMS.identifier, Literal(k.rule)))
            g.add((ax, RDFS.comment, Literal(k.evidence)))
            if k.article:
                g.add((ax, PROV.wasDerivedFrom, rdf.mint_iri("article", k.article, self.base)))

    def stage(self, name: str) -> Path:
        """Where to write another output (e.g. the view) so that ``commit`` moves it with the rest."""
        return self.tmp / "staged" / name

    def commit(self) -> tuple[Path, ...]:
        """Move every staged output into ``out`` (renames only: microseconds between the first
        and the last, so an interrupted build leaves the old outputs or all the new ones).
        ``graph.ttl`` goes last: when it is new, everything is."""
        moved = []
        staged = [p for p in (self.tmp / "staged").iterdir() if not p.name.startswith(".")]
        for path in sorted(staged, key=lambda p: (p.name == GRAPH_FILE, p.name)):
            target = self.out / path.name
            if path.is_dir():  # a folder output (the neo4j export)
                replace_folder(path, target)
            else:
                os.replace(path, target)
            moved.append(target)
        sync_folder(self.out)
        return tuple(moved)


def _as_triples(nquads: str) -> str:
    """N-Quads lines (each ending ``<graph> .``) -> the same triples as N-Triples."""
    return "".join(_strip_graph(line) for line in nquads.splitlines(keepends=True))


def _strip_graph(line: str) -> str:
    if not line.endswith("> .\n"):
        return line
    return line[: line.rindex(" <")] + " .\n"


def _union_lines(default_parts: list[Path], named: Path) -> Iterator[str]:
    """Every triple line of the build (with repeats): the default graph, then the named graphs'."""
    for part in default_parts:
        with part.open(encoding="utf-8") as fh:
            yield from fh
    with named.open(encoding="utf-8") as fh:
        for line in fh:
            yield _strip_graph(line)


SORT_CHUNK = 50_000
"""Lines sorted in memory at a time by ``sort_unique``; longer inputs are merged from runs on disk."""


def sort_unique(lines: Iterable[str], target: Path, tmp: Path, chunk: int = SORT_CHUNK) -> Path:
    """Write ``lines`` to ``target`` sorted (by code point) with repeats removed, in bounded memory.

    Sorted N-Triples keep each subject's triples together, so the Turtle written from them
    groups them under one subject, and equal triples from several articles become one.
    """
    import heapq
    import itertools

    runs: list[Path] = []
    it = iter(lines)
    while True:
        read = list(itertools.islice(it, chunk))
        if not read and runs:
            break
        run = tmp / f"run-{len(runs)}.nt"
        run.write_text("".join(sorted(set(read))), encoding="utf-8")
        runs.append(run)
        if len(read) < chunk:
            break
    if len(runs) == 1:
        runs[0].replace(target)
        return target
    handles = [r.open(encoding="utf-8") for r in runs]
    try:
        with target.open("w", encoding="utf-8", newline="\n") as out:
            last = None
            for line in heapq.merge(*handles):
                if line != last:
                    out.write(line)
                    last = line
    finally:
        for h in handles:
            h.close()
        for r in runs:
            r.unlink(missing_ok=True)
    return target


def _relink(line: str, iri_map: dict[str, str]) -> str:
    """One line this module wrote (``nt_lines``) with its subject and object moved by
    ``iri_map`` (entity IRIs only stand there; an IRI inside a literal stays as written)."""
    parts = line.split(" ", 2)
    if len(parts) < 3 or not parts[0]:
        return line
    s, p, rest = parts
    subject = iri_map.get(s[1:-1]) if s[0] == "<" else None
    obj = None
    end = rest.find(">") if rest.startswith("<") else -1
    if end > 0:
        obj = iri_map.get(rest[1:end])
        if obj is not None:
            rest = f"<{obj}{rest[end:]}"
    if subject is None and obj is None:
        return line
    return f"<{subject}> {p} {rest}" if subject is not None else f"{s} {p} {rest}"

"""``rdflib.Graph`` -> a readable account of every relation (triple, sentence, rule, confidence)
and of every entity merged across articles (why the articles' names are one node).

Reads the reified provenance statements (see ``kg.rdf``) and the ``owl:sameAs`` axioms the
build writes for its cross-article links (see ``kg.pipeline.assemble``), so it works on any
built graph.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rdflib import RDF, RDFS, Graph
from rdflib.namespace import DCTERMS, OWL, PROV
from rdflib.term import Node

from ..ontology import KG


def _label(g: Graph, node: Node | None) -> str:
    return str(g.value(node, RDFS.label) or node)


def explain_rows(g: Graph, min_confidence: float = 0.0) -> list[dict[str, Any]]:
    """One dict per piece of evidence, sorted by subject, property, object and offset."""
    rows = []
    for st in g.subjects(RDF.type, RDF.Statement):
        conf = float(str(g.value(st, KG.confidence) or 0))
        if conf < min_confidence:
            continue
        s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
        article = g.value(st, PROV.wasDerivedFrom)
        rows.append({
            "subject": _label(g, s), "property": str(p).split("#")[-1], "object": _label(g, o),
            "confidence": conf, "rule": str(g.value(st, KG.rule) or ""),
            "sentence": str(g.value(st, KG.sentence) or ""),
            "start": int(str(g.value(st, KG.charStart) or 0)), "end": int(str(g.value(st, KG.charEnd) or 0)),
            "article": _label(g, article) if article is not None else "",
            "features": sorted((str(f) for f in g.objects(st, KG.feature)), key=_weight),
        })
    rows.sort(key=lambda r: (r["subject"], r["property"], r["object"], r["start"]))
    return rows


def _weight(feature: str) -> tuple[float, str]:
    """Sort key of a classifier feature "name (+1.23)": heaviest first."""
    try:
        return -float(feature.rsplit("(", 1)[1].rstrip(")")), feature
    except (IndexError, ValueError):
        return 0.0, feature


def explain_graph(g: Graph, min_confidence: float = 0.0) -> str:
    """The text ``kg explain`` prints: for a classifier's relation, its probability and
    the features that weighed most."""
    out = []
    for r in explain_rows(g, min_confidence):
        kind = "probability" if r["features"] else "confidence"
        out.append(f"{r['subject']} --{r['property']}--> {r['object']}  "
                   f"[{r['rule']}, {kind} {r['confidence']:.2f}]\n"
                   f"    {r['article']} @{r['start']}-{r['end']}: {r['sentence']}")
        if r["features"]:
            out.append("    weighed most: " + ", ".join(r["features"]))
    return "\n".join(out) if out else "(no relations)"


@dataclass(frozen=True, slots=True)
class MergeLink:
    """One cross-article link the build made: the IRI it absorbed, its rule and evidence, and
    the article that used the short form."""

    absorbed: str
    rule: str
    evidence: str
    article: str


@dataclass(frozen=True, slots=True)
class Merge:
    """An entity that holds the names of several articles, and the links that brought some in."""

    entity: str
    iri: str
    articles: tuple[str, ...]
    links: tuple[MergeLink, ...]


def merge_rows(g: Graph) -> list[Merge]:
    """One ``Merge`` per entity named by several articles, most articles first. An entity
    without links got its articles by the same name (and, for a body, the same country: the
    name's key is its IRI)."""
    links: dict[Node, list[MergeLink]] = defaultdict(list)
    for ax in g.subjects(RDF.type, OWL.Axiom):
        src = g.value(ax, OWL.annotatedSource)
        if g.value(ax, OWL.annotatedProperty) != OWL.sameAs or src is None:
            continue
        article = g.value(ax, PROV.wasDerivedFrom)
        links[src].append(MergeLink(str(g.value(ax, OWL.annotatedTarget)), str(g.value(ax, DCTERMS.identifier) or ""),
                                    str(g.value(ax, RDFS.comment) or ""),
                                    _label(g, article) if article is not None else ""))
    rows = []
    for node in set(g.subjects(DCTERMS.source, None)) | set(links):
        if (node, RDF.type, RDF.Statement) in g or (node, RDF.type, OWL.Axiom) in g:
            continue
        articles = tuple(sorted({_article_name(g, a) for a in g.objects(node, DCTERMS.source)}))
        if len(articles) < 2 and node not in links:
            continue
        rows.append(Merge(_label(g, node), str(node), articles,
                          tuple(sorted(links.get(node, []), key=lambda k: (k.rule, k.absorbed)))))
    rows.sort(key=lambda r: (-len(r.articles), r.entity))
    return rows


def _article_name(g: Graph, article: Node) -> str:
    title = g.value(article, DCTERMS.title)
    return str(title) if title else str(article).rsplit("/", 1)[-1]


def explain_merges(g: Graph) -> str:
    """The merge account ``kg explain`` prints after the relations."""
    out = []
    for r in merge_rows(g):
        how = "same name" if not r.links else f"same name and {len(r.links)} link(s)"
        out.append(f"{r.entity}  [{len(r.articles)} article(s), {how}]")
        for k in r.links:
            out.append(f"    = {k.absorbed.rsplit('/', 1)[-1]}  [{k.rule}] {k.evidence}"
                       + (f" ({k.article})" if k.article else ""))
    return ("Merged across articles:\n" + "\n".join(out)) if out else "(no entity merged across articles)"

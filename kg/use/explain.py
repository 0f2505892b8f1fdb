"""``rdflib.Graph`` -> a readable account of every relation: triple, sentence, rule, confidence.

Reads the reified provenance statements (see ``kg.rdf``), so it works on any built graph.
"""
from __future__ import annotations

from typing import Any

from rdflib import RDF, RDFS, Graph
from rdflib.namespace import PROV
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

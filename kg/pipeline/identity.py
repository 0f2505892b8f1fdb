"""A user's identity file -> pairs of entities to join (``owl:sameAs``) or keep apart (``owl:differentFrom``).

Two formats, chosen by the file name (``.ttl``/``.nt``/``.n3`` are RDF, anything else TSV):

* TSV, one pair a line, ``#`` starts a comment::

      organization/navy-peru    differentFrom    organization/navy-chile
      https://w3id.org/kg-builder/id/organization/southcom    sameAs    organization/southern-command-united-states

  The middle column is ``sameAs`` or ``differentFrom`` (``owl:`` prefix optional). An entity is
  its IRI, or the IRI's path after the base (``organization/navy-peru``), as ``graph.ttl`` shows it.
* Turtle (or N-Triples) with ``owl:sameAs`` and ``owl:differentFrom`` triples between entity IRIs;
  other triples are ignored.

``parse_identity(text, fmt=..., base=...)`` -> a tuple of :class:`IdentityPair`. The build
(``BuildOptions.identity``) applies them after cross-article linking: a ``differentFrom`` pair
undoes every link that would put the two into one node, a ``sameAs`` pair merges the second
into the first. Two entities that got one IRI because their names are the same cannot be split
this way (their IRI is their name).
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import rdf
from ..models import KGError

RELATIONS = ("sameAs", "differentFrom")


@dataclass(frozen=True, slots=True)
class IdentityPair:
    """``subject`` is (``sameAs``) or is not (``differentFrom``) ``object``; both are IRIs."""

    subject: str
    relation: str
    object: str


def identity_format(name: str) -> str:
    """``"turtle"`` for ``.ttl``/``.n3``, ``"nt"`` for ``.nt``, else ``"tsv"``."""
    lower = name.lower()
    if lower.endswith((".ttl", ".n3")):
        return "turtle"
    if lower.endswith(".nt"):
        return "nt"
    return "tsv"


def parse_identity(text: str, *, fmt: str = "tsv", base: str = rdf.DEFAULT_BASE,
                   source: str = "<identity>") -> tuple[IdentityPair, ...]:
    """The pairs an identity file states (see the module docstring). Raises ``KGError`` naming
    the line (TSV) or the parser's message (RDF) when the file cannot be read."""
    if fmt in ("turtle", "nt"):
        return _parse_rdf(text, fmt, source)
    pairs = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("<") else raw.strip()
        if not line:
            continue
        cols = [c.strip() for c in line.split("\t") if c.strip()] if "\t" in line else line.split()
        if len(cols) != 3:
            raise KGError(f"{source}, line {n}: expected three tab-separated columns "
                          f"(entity, sameAs|differentFrom, entity), got {len(cols)}: {raw.strip()!r}.")
        a, rel, b = cols
        rel = rel.removeprefix("owl:")
        if rel not in RELATIONS:
            raise KGError(f"{source}, line {n}: the middle column must be sameAs or differentFrom, not {rel!r}.")
        pairs.append(IdentityPair(_iri(a, base), rel, _iri(b, base)))
    return tuple(pairs)


def _iri(term: str, base: str) -> str:
    term = term.strip().strip("<>")
    if "://" in term or term.startswith("urn:"):
        return term
    if not base.endswith(("/", "#")):
        base += "/"
    return base + term.lstrip("/")


def _parse_rdf(text: str, fmt: str, source: str) -> tuple[IdentityPair, ...]:
    from rdflib import Graph, URIRef
    from rdflib.exceptions import Error as RDFLibError
    from rdflib.namespace import OWL

    g = Graph()
    try:
        g.parse(data=text, format=fmt)
    except (SyntaxError, RDFLibError, ValueError) as err:  # Turtle's BadSyntax is a SyntaxError
        raise KGError(f"{source}: not valid {'Turtle' if fmt == 'turtle' else 'N-Triples'}: {err}") from err
    pairs = []
    for rel, prop in (("sameAs", OWL.sameAs), ("differentFrom", OWL.differentFrom)):
        for s, o in sorted(g.subject_objects(prop)):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                pairs.append(IdentityPair(str(s), rel, str(o)))
    return tuple(pairs)

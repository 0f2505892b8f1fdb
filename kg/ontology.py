"""The ontology's closed namespace and loader: ontology/kg.ttl -> rdflib terms.

``KG`` is a closed :class:`~rdflib.namespace.DefinedNamespace`, so a misspelt term
fails at once::

    >>> KG.commands
    rdflib.term.URIRef('https://w3id.org/kg-builder/ontology#commands')
    >>> KG.Comands
    Traceback (most recent call last):
    ...
    AttributeError: term 'Comands' not in namespace 'https://w3id.org/kg-builder/ontology#'

The class hierarchy and the domains and ranges of the relations are read from
``ontology/kg.ttl`` itself (never restated here), the first time they are needed:
importing this module parses nothing.

    >>> superclasses("City")
    ('City', 'Place')
    >>> top_class("MilitaryOrganization")
    'Organization'
    >>> allows("commands", "Person", "MilitaryOrganization")
    True
    >>> allows("memberOf", "Country", "Threat")
    False
"""
from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import cast

from rdflib import OWL, RDF, RDFS, BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DefinedNamespace
from rdflib.term import Identifier

from .models import KGError

ONTOLOGY_IRI = "https://w3id.org/kg-builder/ontology"
KG_NS = ONTOLOGY_IRI + "#"


class KG(DefinedNamespace):
    """The terms of ``ontology/kg.ttl``; the test suite checks the two list the same terms."""

    _NS = Namespace(KG_NS)
    _fail = True

    # classes
    Agent: URIRef
    Person: URIRef
    Organization: URIRef
    MilitaryOrganization: URIRef
    GovernmentOrganization: URIRef
    InternationalOrganization: URIRef
    ArmedGroup: URIRef
    MediaOrganization: URIRef
    Place: URIRef
    Country: URIRef
    Region: URIRef
    City: URIRef
    NaturalFeature: URIRef
    Event: URIRef
    Conference: URIRef
    Operation: URIRef
    Disaster: URIRef
    Threat: URIRef
    Article: URIRef

    # relations (object properties)
    leads: URIRef
    commands: URIRef
    memberOf: URIRef
    partOf: URIRef
    operatesIn: URIRef
    cooperatesWith: URIRef
    locatedIn: URIRef
    participatesIn: URIRef
    counters: URIRef
    country: URIRef

    # datatype properties: entities and events
    rank: URIRef
    startDate: URIRef
    endDate: URIRef

    # datatype properties: provenance, on rdf:Statement nodes
    confidence: URIRef
    sentence: URIRef
    charStart: URIRef
    charEnd: URIRef
    rule: URIRef
    feature: URIRef

    # datatype properties: analytics, on entity nodes
    mentionCount: URIRef
    degree: URIRef
    betweenness: URIRef
    community: URIRef

    # build metadata (``model`` is an annotation property: it sits on an owl:Ontology header)
    contentHash: URIRef
    sourcePath: URIRef
    extractor: URIRef
    fetchedAt: URIRef
    dateline: URIRef
    model: URIRef


CLASSES: tuple[str, ...] = (
    "Person",
    "MilitaryOrganization",
    "GovernmentOrganization",
    "InternationalOrganization",
    "ArmedGroup",
    "MediaOrganization",
    "Organization",
    "Country",
    "Region",
    "City",
    "NaturalFeature",
    "Place",
    "Conference",
    "Operation",
    "Disaster",
    "Event",
    "Threat",
)
"""The classes the extractor may assign to an entity, finest first within each branch."""

RELATIONS: tuple[str, ...] = (
    "commands",
    "memberOf",
    "partOf",
    "operatesIn",
    "cooperatesWith",
    "locatedIn",
    "participatesIn",
    "counters",
    "country",
)
"""The relations of the contract (``shared/ONTOLOGY.md``), in its order."""

SYMMETRIC = frozenset({"cooperatesWith"})
"""Relations for which ``s p o`` and ``o p s`` state the same fact."""

TOP_CLASSES: tuple[str, ...] = ("Person", "Organization", "Place", "Event", "Threat", "Article")
"""The branches every entity class falls under (see :func:`top_class`)."""


def _locate_ontology() -> Path:
    """The checkout's ``ontology/kg.ttl``, else the copy installed with the package.

    Only checks whether files exist; never reads them.
    """
    checkout = Path(__file__).resolve().parent.parent / "ontology" / "kg.ttl"
    if checkout.is_file():
        return checkout
    for package, parts in (("kg._ontology", ("kg.ttl",)), ("kg", ("data", "kg.ttl"))):
        try:
            candidate = resources.files(package).joinpath(*parts)
        except ModuleNotFoundError:
            continue
        if candidate.is_file():
            return Path(str(candidate))
    return checkout  # missing: load_ontology() reports it with the fix


ONTOLOGY_PATH: Path = _locate_ontology()
"""Where ``ontology/kg.ttl`` was found (the checkout's copy wins over the installed one)."""


@functools.cache
def _graph() -> Graph:
    """The parsed ontology, shared: never mutate it (``load_ontology`` hands out copies)."""
    if not ONTOLOGY_PATH.is_file():
        raise KGError(
            f"The ontology file {ONTOLOGY_PATH} does not exist. Run from a kg-builder "
            "checkout (it has ontology/kg.ttl) or reinstall the package so the file "
            "is installed with it."
        )
    graph = Graph()
    try:
        graph.parse(ONTOLOGY_PATH, format="turtle")
    # rdflib's Turtle parser raises BadSyntax (a SyntaxError), but also IndexError on
    # truncated input and UnicodeDecodeError on bytes that are not UTF-8.
    except (SyntaxError, ValueError, LookupError, OSError) as err:
        raise KGError(
            f"Cannot parse the ontology {ONTOLOGY_PATH}: {err}. Check it with "
            f"`rapper -i turtle -c {ONTOLOGY_PATH}` and fix the Turtle syntax."
        ) from err
    return graph


def load_ontology() -> Graph:
    """The ontology as a new ``rdflib.Graph`` (parsed once; each call returns a fresh copy).

    >>> load_ontology().value(URIRef(ONTOLOGY_IRI), OWL.versionInfo) is not None
    True
    """
    source = _graph()
    graph = Graph()
    for prefix, namespace in source.namespaces():
        graph.bind(prefix, namespace, override=True)
    graph += source
    return graph


def _local(term: object) -> str | None:
    """The local name of a ``kg:`` IRI, or ``None`` for any other node."""
    if isinstance(term, URIRef) and term.startswith(KG_NS):
        return term[len(KG_NS):]
    return None


@dataclass(frozen=True, slots=True)
class _Index:
    """The facts of the ontology the helpers below need, by local name."""

    parents: dict[str, tuple[str, ...]]  # class -> direct named superclasses
    super_properties: dict[str, tuple[str, ...]]  # object property -> direct superproperties
    domains: dict[str, frozenset[str]]
    ranges: dict[str, frozenset[str]]


def _class_names(graph: Graph, node: object) -> frozenset[str]:
    """The ``kg:`` classes a class expression stands for, expanding ``owl:unionOf``."""
    if isinstance(node, BNode):
        members = graph.value(node, OWL.unionOf)
        if members is None:
            return frozenset()
        return frozenset().union(*(_class_names(graph, m) for m in Collection(graph, members)))
    name = _local(node)
    return frozenset({name}) if name else frozenset()


@functools.cache
def _index() -> _Index:
    graph = _graph()
    parents: dict[str, list[str]] = {}
    for cls in graph.subjects(RDF.type, OWL.Class):
        name = _local(cls)
        if name is None:
            continue
        declared = sorted(p for p in map(_local, graph.objects(cls, RDFS.subClassOf)) if p)
        parents.setdefault(name, []).extend(declared)
    # A class equivalent to a union is a superclass of every member:
    # Agent = Person | Organization | Country, so a Country is an Agent.
    for cls in sorted(cast(Iterator[Identifier], graph.subjects(RDF.type, OWL.Class))):
        name = _local(cls)
        if name is None:
            continue
        for expression in graph.objects(cls, OWL.equivalentClass):
            if isinstance(expression, BNode):
                for member in sorted(_class_names(graph, expression)):
                    if name not in parents.setdefault(member, []):
                        parents[member].append(name)

    super_properties: dict[str, tuple[str, ...]] = {}
    domains: dict[str, frozenset[str]] = {}
    ranges: dict[str, frozenset[str]] = {}
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        name = _local(prop)
        if name is None:
            continue
        super_properties[name] = tuple(
            sorted(p for p in map(_local, graph.objects(prop, RDFS.subPropertyOf)) if p)
        )
        domains[name] = frozenset().union(
            *(_class_names(graph, d) for d in graph.objects(prop, RDFS.domain))
        )
        ranges[name] = frozenset().union(
            *(_class_names(graph, r) for r in graph.objects(prop, RDFS.range))
        )
    return _Index(
        parents={k: tuple(v) for k, v in parents.items()},
        super_properties=super_properties,
        domains=domains,
        ranges=ranges,
    )


def _unknown(kind: str, name: str, known: Iterable[str]) -> KGError:
    return KGError(
        f"Unknown ontology {kind} {name!r}: expected one of {', '.join(sorted(known))} "
        f"(see {ONTOLOGY_PATH}). Fix the name, or add the term to the ontology and to "
        "kg.ontology.KG."
    )


@functools.cache
def superclasses(cls: str) -> tuple[str, ...]:
    """``cls`` itself, then all its named ``kg:`` ancestors, nearest first.

    Explicit ``rdfs:subClassOf`` parents come before classes defined as a union
    that contains ``cls`` (``Country`` is a ``Place`` and, through ``Agent``'s
    definition, an ``Agent``).

    >>> superclasses("MilitaryOrganization")
    ('MilitaryOrganization', 'Organization', 'Agent')
    >>> superclasses("Country")
    ('Country', 'Place', 'Agent')
    """
    parents = _index().parents
    if cls not in parents:
        raise _unknown("class", cls, parents)
    seen = [cls]
    queue = deque(parents[cls])
    while queue:
        parent = queue.popleft()
        if parent not in seen:
            seen.append(parent)
            queue.extend(parents.get(parent, ()))
    return tuple(seen)


@functools.cache
def top_class(cls: str) -> str:
    """The branch ``cls`` falls under: one of :data:`TOP_CLASSES`.

    >>> top_class("City"), top_class("Country"), top_class("ArmedGroup")
    ('Place', 'Place', 'Organization')
    """
    for ancestor in superclasses(cls):
        if ancestor in TOP_CLASSES:
            return ancestor
    raise KGError(
        f"The ontology class {cls!r} is not under any of {', '.join(TOP_CLASSES)}, so it "
        "has no top class. Give entities a finer class (see kg.ontology.CLASSES)."
    )


def domain_range(prop: str) -> tuple[frozenset[str], frozenset[str]]:
    """The ``kg:`` classes an object property's ``rdfs:domain`` and ``rdfs:range`` name.

    Unions are expanded; subclasses are not (use :func:`allows` to test a pair).
    An empty set means the ontology sets no constraint.

    >>> sorted(domain_range("locatedIn")[0]), sorted(domain_range("locatedIn")[1])
    (['Event', 'Organization', 'Place'], ['Place'])
    """
    index = _index()
    if prop not in index.domains:
        raise _unknown("object property", prop, index.domains)
    return index.domains[prop], index.ranges[prop]


def _with_super_properties(prop: str) -> tuple[str, ...]:
    """``prop`` and every property it is (transitively) a subproperty of."""
    index = _index()
    seen = [prop]
    queue = deque(index.super_properties.get(prop, ()))
    while queue:
        parent = queue.popleft()
        if parent not in seen:
            seen.append(parent)
            queue.extend(index.super_properties.get(parent, ()))
    return tuple(seen)


@functools.cache
def allows(prop: str, subj_cls: str, obj_cls: str) -> bool:
    """Whether ``subject prop object`` respects the ontology for entities of these classes.

    The subject must fall under a class of the domain and the object under a class
    of the range (by :func:`superclasses`, so a ``Country`` counts as an ``Agent``),
    for ``prop`` and for every property it is a subproperty of.

    >>> allows("counters", "GovernmentOrganization", "ArmedGroup")
    True
    >>> allows("country", "Person", "City")
    False
    """
    subject_classes = frozenset(superclasses(subj_cls))
    object_classes = frozenset(superclasses(obj_cls))
    for name in _with_super_properties(prop):
        domain, range_ = domain_range(name)
        if domain and domain.isdisjoint(subject_classes):
            return False
        if range_ and range_.isdisjoint(object_classes):
            return False
    return True

"""Mentions grouped for resolution: a ``Group`` per (key, country), and the class its mentions vote for.

``resolve`` (``kg.extract.resolve``) puts each ``Mention`` in the ``Group`` of its key and
country and merges groups; ``group_votes`` weighs each mention's class by its recogniser
(``SOURCE_WEIGHT``) and ``vote_class`` picks the winner, a specific class collecting the
votes of its superclasses.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..models import Mention
from ..ontology import superclasses

# How much a recogniser's typing counts in the class vote.
SOURCE_WEIGHT = {"predicate": 8.0, "role": 3.0, "gazetteer": 4.0, "acronym": 3.0, "vocab": 3.0, "rank": 3.0,
                 "concept": 3.0, "threat": 3.0, "metadata": 5.0, "byline": 5.0, "ship": 5.0, "ner": 1.0}
_GENERIC = {"Organization", "Place", "Event", "Agent"}


@dataclass
class Group:
    key: str
    country: str | None
    mentions: list[Mention] = field(default_factory=list)
    extra_aliases: set[str] = field(default_factory=set)
    extra_votes: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    scope: str | None = None  # an article id (a generic name no country scopes) or an edition year
    members: list[str] = field(default_factory=list)  # keys of the groups merged into this one
    scopes: list[str | None] = field(default_factory=list)  # the scopes of the groups merged into this one
    translations: set[str] = field(default_factory=set)  # names in another language: aliases, never the label

    def merge(self, other: Group) -> None:
        self.mentions += other.mentions
        self.extra_aliases |= other.extra_aliases
        self.translations |= other.translations
        for cls, w in other.extra_votes.items():
            self.extra_votes[cls] += w
        self.country = self.country or other.country
        self.members += [other.key, *other.members]
        self.scopes.append(other.scope)


def vote_class(votes: Mapping[str, float]) -> str:
    """The winning class; a specific class collects the votes of its superclasses."""
    if not votes:
        return "Organization"
    total: defaultdict[str, float] = defaultdict(float)
    for cls, w in votes.items():
        total[cls] += w
    for cls in list(total):
        if cls in _GENERIC:
            continue
        for sup in superclasses(cls)[1:]:
            if sup in votes:
                total[cls] += votes[sup]
    specific = {c: w for c, w in total.items() if c not in _GENERIC}
    pool = specific or dict(total)
    return max(sorted(pool), key=lambda c: pool[c])


Key = tuple[str, "str | None"]


def group_votes(g: Group) -> defaultdict[str, float]:
    """The votes of a group's mentions, each weighed by its recogniser, and of its metadata."""
    votes: defaultdict[str, float] = defaultdict(float)
    for m in g.mentions:
        votes[m.cls] += SOURCE_WEIGHT.get(m.source, 1.0)
    for cls, w in g.extra_votes.items():
        votes[cls] += w
    return votes

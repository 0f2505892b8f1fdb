"""spaCy ``Doc`` + resolved entities -> ``Relation``s.

The rules of ``kg.extract.rules`` (data) are applied by their engines
(``kg.extract.rules.engines``) over a ``Context`` (which entity each token names).
Coordination distributes ("in Sudan, South Sudan, and the DRC" gives three objects),
"remnants of"/"the logistics of" chains are followed to the entity inside, and
"we"/"our" in an interview answer (and "his personnel") stand for the speaker's
organisation: the one he commands, or serves in, followed up its ``partOf`` chain to
the top.

Negated and hypothetical statements ("did not cooperate", "plans to deploy",
"could operate") and yes/no questions are not asserted. Triples whose classes
violate the ontology's domain or range are dropped.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..models import Article, Entity, Mention, Provenance, Relation
from ..ontology import SYMMETRIC, allows
from .context import Context
from .gazetteer import country_of
from .mentions import Turn, release, sent_of
from .resolve import Resolution
from .rules import RULES, Rule
from .rules.engines import ENGINES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)


def _speaker_orgs(found: list[tuple[Rule, str, str, Token | None]], res: Resolution) -> dict[str, str]:
    """person id -> the organisation he speaks for: commanded (else served) body, up its partOf chain."""
    best: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    part_of: dict[str, str] = {}
    for rule, s, o, _ in found:
        if s.startswith("@") or o.startswith("@"):
            continue
        if rule.predicate in ("commands", "memberOf"):
            best[(rule.predicate, s)][o] = max(best[(rule.predicate, s)].get(o, 0), rule.confidence)
        elif rule.predicate == "partOf":
            part_of.setdefault(s, o)
    out: dict[str, str] = {}
    people = {s for _, s in best}
    for person in people:
        for pred in ("commands", "memberOf"):
            cands = best.get((pred, person))
            if cands:
                org = max(sorted(cands), key=lambda k: cands[k])
                seen = {org}
                while org in part_of and part_of[org] not in seen:
                    org = part_of[org]
                    seen.add(org)
                out[person] = org
                break
    return out


def extract_relations(doc: Doc, article: Article, mentions: list[Mention], res: Resolution,
                      turns: list[Turn], rules: Iterable[Rule] = RULES) -> tuple[list[Relation], list[Entity]]:
    """All relations the rules find in one article, and the entities they had to add
    (a country named only by a demonym)."""
    c = Context(doc, article, mentions, res)
    found: list[tuple[Rule, str, str, Token | None]] = []
    for rule in rules:
        fn = ENGINES[rule.engine]
        for s, o, tok in fn(rule, c):
            found.append((rule, s, o, tok))

    orgs = _speaker_orgs(found, res)

    def concrete(x: str) -> str | None:
        if x.startswith("@speaker:"):
            person = res.speakers.get(int(x.split(":", 1)[1]))
            return orgs.get(person) if person else None
        if x.startswith("@orgof:"):
            return orgs.get(x.split(":", 1)[1])
        return x

    entities = {e.id: e for e in res.entities}
    added: dict[str, Entity] = {}
    relations: list[Relation] = []
    seen: set[tuple[str, str, str, int, str]] = set()
    for rule, s0, o0, tok in found:
        s, o = concrete(s0), concrete(o0)
        if not s or not o or s == o:
            continue
        if o not in entities and o.startswith("Place:") and rule.predicate == "country":
            name = country_of(o.split(":", 1)[1]) or o.split(":", 1)[1]
            added.setdefault(o, Entity(o, name, "Country", (), None, 0))
        known = {**entities, **added}
        if s not in known or o not in known:
            continue
        if not allows(rule.predicate, known[s].cls, known[o].cls):
            log.debug("drop %s %s %s: classes %s/%s", s, rule.predicate, o, known[s].cls, known[o].cls)
            continue
        if rule.predicate in SYMMETRIC and o < s:
            s, o = o, s
        if tok is None:
            sent_start, sent_end = 0, 0
            sentence = f"By {article.author}/{article.publisher}"
        else:
            sent = sent_of(tok)
            sent_start, sent_end = sent.start_char, sent.end_char
            sentence = sent.text.strip()
            sent_end = sent_start + len(sent.text.rstrip())
        key = (s, rule.predicate, o, sent_start, rule.id)
        if key in seen:
            continue
        seen.add(key)
        relations.append(Relation(s, rule.predicate, o, Provenance(
            article.id, sentence, sent_start, sent_end, rule.id, rule.confidence)))
    release(doc)
    return relations, list(added.values())

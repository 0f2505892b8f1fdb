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
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from ..models import Article, Entity, Mention, Provenance, Relation
from ..ontology import SYMMETRIC, allows
from .candidates import candidates
from .classifier import RelationModel
from .context import Context
from .features import features
from .gazetteer import country_of
from .mentions import Turn, release, sent_of, sents
from .resolve import Resolution
from .rules import RULES, Rule
from .rules.engines import ENGINES
from .tokens import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)


def _speaker_orgs(found: list[Found], res: Resolution) -> dict[str, str]:
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


@dataclass(frozen=True, slots=True)
class Findings:
    """What the relation layer found in one article."""

    relations: tuple[Relation, ...]
    added: tuple[Entity, ...]  # entities the relations needed (a country named by a demonym)
    found: tuple[Found, ...]  # every rule hit, before placeholders are settled


def extract_relations(doc: Doc, article: Article, mentions: list[Mention], res: Resolution,
                      turns: list[Turn], rules: Iterable[Rule] = RULES,
                      model: RelationModel | None = None) -> tuple[list[Relation], list[Entity]]:
    """All relations the rules (and, given a ``model``, the classifier) find in one article,
    and the entities they had to add (a country named only by a demonym)."""
    labels = tuple((t.label_start, t.label_end) for t in turns)
    found = find_relations(Context(doc, article, mentions, res, labels), rules, model)
    release(doc)
    return list(found.relations), list(found.added)


def rule_hits(c: Context, rules: Iterable[Rule] = RULES) -> list[Found]:
    """Every (rule, subject, object, token) the rules' engines find."""
    return [(rule, s, o, tok) for rule in rules for s, o, tok in ENGINES[rule.engine](rule, c)]


def find_relations(c: Context, rules: Iterable[Rule] = RULES, model: RelationModel | None = None) -> Findings:
    """The rules' relations, then the classifier's, over one article's ``Context``."""
    article, res = c.article, c.res
    found = rule_hits(c, rules)

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
    text = doc_text(c.doc)
    sentence_of: dict[int, tuple[str, int, int]] = {}  # first token -> (text, start, end)

    def emit(s: str, pred: str, o: str, tok: Token | None, rule_id: str, confidence: float,
             evidence: tuple[str, ...] = ()) -> None:
        if pred in SYMMETRIC and o < s:
            s, o = o, s
        if tok is None:
            sent_start, sent_end = 0, 0
            sentence = f"By {article.author}/{article.publisher}"
        else:
            sent = sent_of(tok)
            where = sentence_of.get(sent.start)
            if where is None:  # the sentence's text once, from the article's, not its tokens
                raw = text[sent.start_char:sent.end_char]
                where = sentence_of[sent.start] = (raw.strip(), sent.start_char, sent.start_char + len(raw.rstrip()))
            sentence, sent_start, sent_end = where
        key = (s, pred, o, sent_start, rule_id)
        if key in seen:
            return
        seen.add(key)
        relations.append(Relation(s, pred, o, Provenance(
            article.id, sentence, sent_start, sent_end, rule_id, confidence, evidence)))

    for rule, s0, o0, tok in found:
        s, o = concrete(s0), concrete(o0)
        if not s or not o or s == o:
            continue
        if o not in entities and o.startswith("Place:") and rule.predicate == "country":
            name = country_of(o.split(":", 1)[1]) or o.split(":", 1)[1]
            added.setdefault(o, Entity(o, name, "Country", (), None, 0))
        subj, obj = entities.get(s) or added.get(s), entities.get(o) or added.get(o)
        if subj is None or obj is None:
            continue
        if not allows(rule.predicate, subj.cls, obj.cls):
            log.debug("drop %s %s %s: classes %s/%s", s, rule.predicate, o, subj.cls, obj.cls)
            continue
        if reporter_act((subj.cls, obj.cls), rule.predicate):
            continue  # "To discuss combating X, Daily Lens spoke with ...": the outlet reports
        emit(s, rule.predicate, o, tok, rule.id, rule.confidence)
    if model is not None:
        for s, pred, o, tok, p, why in classify(c, found, model):
            emit(s, pred, o, tok, model.version, p, why)
    return Findings(tuple(relations), tuple(added.values()), tuple(found))



Found = tuple[Rule, str, str, "Token | None"]
"""A rule's hit: the rule, subject and object (maybe placeholders), the token it fired on."""


def rule_keys(c: Context, found: Iterable[Found]) -> dict[tuple[int, str, str], set[str]]:
    """(sentence index, subject, object) -> the ``rule:``/``rrev:`` features of the rules
    that found the pair in that sentence, in this or the other direction."""
    out: dict[tuple[int, str, str], set[str]] = defaultdict(set)
    starts = [s.start for s in sents(c.doc)]
    for rule, s, o, tok in found:
        if tok is None or s.startswith("@") or o.startswith("@"):
            continue
        k = bisect_right(starts, tok.i) - 1
        out[(k, s, o)] |= {f"rule:{rule.predicate}", f"ruleid:{rule.id}"}
        out[(k, o, s)].add(f"rrev:{rule.predicate}")
    return out


def addresses(c: Context) -> dict[tuple[int, str], str]:
    """(sentence index, the wider place) -> the place before it, for every "City, Country" or
    "City, State" in the article: a place named right after another one and a comma."""
    out = {}
    for k, sent in enumerate(sents(c.doc)):
        for (_, a1, place), (b0, _, wider) in pairwise(c.runs(sent)):
            if (b0 == a1 + 1 and c.doc[a1].text == "," and c.cls.get(place) in ("City", "Region")
                    and c.cls.get(wider) in ("Country", "Region") and place != wider):
                out[(k, wider)] = place
    return out


def classify(c: Context, found: Iterable[Found], model: RelationModel
             ) -> Iterator[tuple[str, str, str, Token, float, tuple[str, ...]]]:
    """The classifier's relations: (subject, property, object, a token of the sentence,
    probability, the features that weighed most) for every candidate pair and property
    whose probability reaches the model's threshold, unless the clause is hypothetical.

    An address is not a list of places: in "held in Quito, Ecuador" the event is located in
    Quito, and Ecuador is where Quito is, so the event's location in the address's country
    is not asserted (as the rules do not)."""
    cands = candidates(c)
    if not cands:
        return
    keys = rule_keys(c, found)
    address = addresses(c)
    rows = [features(c, k, sorted(keys.get((k.sent, k.subject.entity, k.object.entity), ())))
            for k in cands]
    probs = model.probabilities(rows, [k.allowed for k in cands])
    all_sents = sents(c.doc)
    placed = set(address) | {(k, head) for (k, _), head in address.items()}
    limits = model.thresholds()
    for cand, row, dist in zip(cands, rows, probs):
        tail = address.get((cand.sent, cand.object.entity)) not in (None, cand.subject.entity)
        for pred, p in decide(dist, row, limits, tail, (cand.sent, cand.subject.entity) in placed):
            why = tuple(f"{f} ({w:+.2f})" for f, w in model.explain(row, pred))
            yield cand.subject.entity, pred, cand.object.entity, all_sents[cand.sent][0], round(p, 3), why


def decide(dist: dict[str, float], features: Sequence[str], thresholds: Mapping[str, float],
           object_is_address_tail: bool, subject_in_address: bool = False) -> list[tuple[str, float]]:
    """The properties asserted for one candidate pair: those at or over their threshold, none
    in a hypothetical clause, and none of these, which the reference does not hold (in it
    such triples are optional at most):

    * a location in the tail of an address ("Quito, Ecuador") for what is located at its head;
    * an act of a place named in an address ("held in Quito, Ecuador": neither takes part in
      what is held there);
    * an act of the outlet that reports: it takes part in nothing, works with nobody and
      counters nothing;
    * an act of a name that only modifies another name ("Peruvian Navy Admiral Ana Ruiz
      said ..."): the admiral acts, not the navy (``emb1:other``, ``features._host``);
    * command of the owner of what a person heads ("commander of the Army's Fifth
      Division" commands the division, not the army: ``emb2:other``);
    * work together of places listed after "in"/"to" ("missions in Haiti, Mali and
      Lebanon": a list of where, not of partners);
    * a country located in a city or in another country (a country lies in a region or by
      a sea; "Kenyan and Haitian officers met in Nairobi" places the meeting, not Kenya).

    The build and training's scoring both decide here."""
    if "hyp" in features:
        return []
    classes = next((f[4:].split(">") for f in features if f.startswith("cls:")), [])  # the first feature
    country_in = classes[:1] == ["Country"] and classes[1:] in (["City"], ["Country"])
    modifier = "emb1:other" in features
    owner = "emb2:other" in features
    where_list = "coord" in features and any(
        f.startswith("coordgov:pobj:") and f[14:] in _WHERE for f in features)
    return [(pred, p) for pred, p in sorted(dist.items()) if p >= thresholds[pred]
            and not (object_is_address_tail and pred in ("locatedIn", "operatesIn"))
            and not ((subject_in_address or modifier) and pred in _ACTS)
            and not reporter_act(classes, pred)
            and not (owner and pred == "commands")
            and not (where_list and pred == "cooperatesWith")
            and not (country_in and pred == "locatedIn")]


def reporter_act(classes: Sequence[str], pred: str) -> bool:
    """``pred`` is an act (taking part, working together, countering) and one of the pair's
    ``classes`` is the outlet that reports it: in the reference such a triple is optional at
    most, whether a rule or the classifier finds it."""
    return pred in _ACTS and "MediaOrganization" in classes


_WHERE = frozenset({"in", "to", "across", "throughout", "within", "from", "into", "near"})
_ACTS = frozenset({"participatesIn", "cooperatesWith", "counters"})

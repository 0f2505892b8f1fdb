"""Candidate entity pairs for the relation classifier.

``Context`` -> ``Candidate``s: every ordered pair of different entities mentioned in one
sentence, kept only where the ontology's domain and range allow some property. A
mention is a run of tokens naming an entity, or a pronoun or definite description ("it",
"his", "the exercise", "the exercises" of an event named so) whose antecedent ``coref``
finds, or the event a verb of taking part leaves unsaid ("Chile participated with two
frigates": the last event named before); those carry their kind, so the classifier can
trust them less. An interview's speaker label ("Adm. Paredes:") names who speaks, not a
party to what is said, and is left out. (Pairing every agent with the article's main
event in every sentence that does not name it was tried: as many wrong triples as right
ones; after a verb of taking part only, cross-validated F1 rose from 0.588 to 0.600.)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..ontology import allows, superclasses, top_class
from .context import Context
from .coref import antecedent
from .mentions import sents

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PROPERTIES = ("commands", "memberOf", "partOf", "operatesIn", "cooperatesWith", "locatedIn",
              "participatesIn", "counters", "country")

PRONOUNS = frozenset({"it", "its", "they", "their", "them", "he", "she", "his", "her", "him"})

# Nouns that, after "the"/"this"/"these", point back to the last entity of their class.
DEFINITE_CLASSES: dict[str, str] = {
    "exercise": "Operation", "operation": "Operation", "drill": "Operation", "mission": "Operation",
    "competition": "Operation", "maneuver": "Operation", "campaign": "Operation", "program": "Operation",
    "conference": "Conference", "summit": "Conference", "meeting": "Conference", "forum": "Conference",
    "symposium": "Conference", "seminar": "Conference", "workshop": "Conference", "talk": "Conference",
    "group": "ArmedGroup", "cartel": "ArmedGroup", "gang": "ArmedGroup", "militia": "ArmedGroup",
    "guerrilla": "ArmedGroup",
    "country": "Country", "nation": "Country", "city": "City", "region": "Region",
    "ministry": "GovernmentOrganization", "agency": "GovernmentOrganization",
    "company": "Organization", "firm": "Organization",
}
DETERMINERS = frozenset({"the", "this", "these", "that", "those"})
# Event nouns whose plural still points back to one event ("UNITAS 55 multinational
# exercises ... all participated in the exercises"); other plurals are generic.
PLURAL_EVENTS = frozenset({"exercise", "maneuver", "drill", "talk", "game"})
# Verbs of taking part that may leave the event unsaid ("Chile participated with three
# units"): the sentence's event is then the last one named before.
TAKING_PART = frozenset({"participate", "attend"})
LOOKBACK = 300  # tokens searched back for a definite description's antecedent


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where an entity is mentioned in a sentence: tokens [start, end), and how."""

    start: int
    end: int
    entity: str
    kind: str  # "name", "pronoun", "definite"


@dataclass(frozen=True, slots=True)
class Candidate:
    """An ordered (subject, object) pair of entities in one sentence, with the properties
    the ontology allows between their classes."""

    subject: Occurrence
    object: Occurrence
    sent: int  # index of the sentence in the Doc
    allowed: tuple[str, ...]


def definite_antecedent(c: Context, tok: Token) -> str | None:
    """'the exercises', 'this conference' -> the last entity of the noun's class before it."""
    cls = DEFINITE_CLASSES.get(tok.lemma_.lower())
    if not cls or not any(ch.lower_ in DETERMINERS and ch.dep_ == "det" for ch in tok.children):
        return None
    if tok.i + 1 < len(c.doc) and c.doc[tok.i + 1].pos_ == "PROPN":
        return None  # "the exercise Southern Star" names it
    for i in range(tok.i - 1, max(-1, tok.i - LOOKBACK), -1):
        e = c.tok_ent[i]
        if e and not e.startswith("@") and cls in superclasses(c.cls.get(e, "Organization")):
            return e
    return None


def occurrences(c: Context, sent: Span) -> list[Occurrence]:
    """The entity mentions of ``sent``, names and resolved references, in text order."""
    out = [Occurrence(a, b, e, "name") for a, b, e in c.runs(sent) if not c.in_label(c.doc[a])]
    for i in range(sent.start, sent.end):
        if c.tok_ent[i] is not None:
            continue
        tok = c.doc[i]
        if tok.lower_ in PRONOUNS:
            found = [e for e in antecedent(c, tok) if not e.startswith("@")][:1]
            out += [Occurrence(i, i + 1, e, "pronoun") for e in found]
        elif tok.pos_ == "NOUN" and (tok.tag_ != "NNS" or tok.lemma_.lower() in PLURAL_EVENTS):
            e = definite_antecedent(c, tok)  # "the operations" is generic, "the operation" points back
            if e:
                out.append(Occurrence(i, i + 1, e, "definite"))
    if not any(top_class(c.cls.get(o.entity, "")) == "Event" for o in out):
        for i in range(sent.start, sent.end):
            tok = c.doc[i]
            if tok.pos_ == "VERB" and tok.lemma_.lower() in TAKING_PART and not any(
                    ch.dep_ in ("prep", "dobj") and ch.lower_ != "with" for ch in tok.children):
                e = _last_event(c, sent.start)
                if e:
                    out.append(Occurrence(i, i + 1, e, "implied"))
                break
    out.sort(key=lambda o: o.start)
    return out


def _last_event(c: Context, before: int) -> str | None:
    """The last event named in the ``LOOKBACK`` tokens before token ``before``."""
    for i in range(before - 1, max(-1, before - LOOKBACK), -1):
        e = c.tok_ent[i]
        if e and not e.startswith("@") and top_class(c.cls.get(e, "")) == "Event":
            return e
    return None


def _allowed(subj_cls: str, obj_cls: str) -> tuple[str, ...]:
    return tuple(p for p in PROPERTIES if allows(p, subj_cls, obj_cls))


def candidates(c: Context) -> list[Candidate]:
    """Every ordered pair of different entities sharing a sentence that some property allows."""
    out: list[Candidate] = []
    for k, sent in enumerate(sents(c.doc)):
        occ = occurrences(c, sent)
        for s in occ:
            for o in occ:
                if s.entity == o.entity:
                    continue
                allowed = _allowed(c.cls.get(s.entity, ""), c.cls.get(o.entity, ""))
                if allowed:
                    out.append(Candidate(s, o, k, allowed))
    return out

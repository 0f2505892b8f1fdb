"""spaCy ``Doc`` + ``Article`` -> ``Mention``s: names, vocabulary, ranks, acronyms, typed into ontology classes.

``find_mentions`` runs the recognisers, each generic (see ``kg.extract.lexicon`` and
``kg.extract.gazetteer``), and settles what they found:

* ``credits``: the people and outlets of the credit lines at the top of the body;
* ``ner``: spaCy NER spans, cleaned (no leading "the", no possessive, no bracket tails) and
  split at an inner possessive ("the Armed Forces' Joint Command" -> two mentions);
* ``vocabulary``: capitalised name runs whose head noun is a unit, body, place or meeting
  word ("Engineering Battalion", "Counter-Terrorist Directorate", "Defense Conference"),
  country names, codes and demonyms from the gazetteer, ships, and services named in lower
  case ("the Brazilian army");
* ``persons``: ranks and titles before a name ("Adm. Paredes", "Army General Jane Roe"),
  names in apposition with a role noun;
* ``threats``: threat vocabulary ("narcotrafficking", "illegal mining"), threat noun
  phrases and peacekeeping concepts;
* ``selection``: overlapping candidates settled by priority, then length;
* ``brackets``: acronyms in brackets after a name ("(CCFFAA, in Spanish)", "[Dircote]") and
  expansions in brackets after an acronym ("VRAEM [Apurímac, Ene, and Mantaro Rivers
  Valley]"), then every later use of a defined acronym;
* ``interviews``: "we"/"our"/"us" inside an interview answer (resolved later to the
  speaker's organisation).

The shared steps live in ``tokens`` (per-``Doc`` facts), ``names`` (a name's class and key)
and ``spans`` (span cleaning). ``Turn``, ``interview_turns`` and the per-``Doc`` helpers
(``sents``, ``sent_of``, ``toks``, ``doc_text``, ``release``) stay importable from here.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Article, Mention
from . import lexicon as lx
from .brackets import attach_brackets
from .credits import credit_lines, outlet_of
from .gazetteer import fold
from .interviews import Turn, interview_turns, pronoun_mentions
from .names import is_fragment
from .ner import ner_mentions
from .persons import rank_mentions, role_mentions
from .selection import (
    adjective_use,
    coordinated_mentions,
    possessive_surfaces,
    predicate_class,
    select_mentions,
    shared_owner,
    unit_parent,
)
from .threats import phrase_mentions, threat_mentions
from .tokens import doc_text, release, sent_of, sents, toks
from .vocabulary import country_mentions, service_mentions, ship_mentions, vocab_mentions

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Turn", "doc_text", "find_mentions", "interview_turns", "release", "sent_of", "sents", "toks"]


def find_mentions(doc: Doc, article: Article) -> list[Mention]:
    """All mentions in ``doc`` (the parsed ``article.text``), sorted by position."""
    publisher = outlet_of(article)
    cands: list[Mention] = []
    cands += credit_lines(doc)
    cands += ner_mentions(doc, publisher)
    cands += vocab_mentions(doc, publisher)
    cands += rank_mentions(doc)
    cands += role_mentions(doc)
    cands += phrase_mentions(doc, lx.THREATS, "Threat", "threat")
    cands += threat_mentions(doc)
    cands += phrase_mentions(doc, lx.OPERATION_CONCEPTS, "Operation", "concept")
    cands += country_mentions(doc)
    cands += ship_mentions(doc)
    cands += service_mentions(doc)
    chosen = select_mentions([m for m in cands if not is_fragment(m.text, m.cls) and not adjective_use(doc, m)])
    chosen, consumed = attach_brackets(doc, chosen)
    chosen = [predicate_class(doc, m) for m in chosen if not any(a <= m.start < b for a, b in consumed)]
    # every later use of a defined acronym is a mention of the same thing
    defined = {m.acronym: m for m in chosen if m.acronym and " " not in m.acronym}
    defined.update({m.text: m for m in chosen if m.source == "acronym"})
    extra = []
    for tok in toks(doc) if defined else ():
        m0 = defined.get(tok.text)
        if m0 is not None and not any(a <= tok.idx < b for a, b in consumed):
            extra.append(Mention(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text,
                                 cls=m0.cls, source="acronym", key=fold(tok.text), sent=sent_of(tok).start))
    chosen = select_mentions([*chosen, *extra, *coordinated_mentions(doc, chosen)])
    chosen = possessive_surfaces(doc, chosen)
    chosen = [m for m in chosen if not is_fragment(m.text, m.cls)]
    chosen = shared_owner(doc, chosen)
    chosen = [unit_parent(m) for m in chosen]
    chosen += pronoun_mentions(doc, interview_turns(article))
    return sorted(chosen, key=lambda m: (m.start, m.end))

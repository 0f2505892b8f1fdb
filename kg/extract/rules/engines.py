"""The matchers ("engines") that apply the rules of ``kg.extract.rules`` to one article.

``Rule`` + ``Context`` -> (subject, object, cue token) hits. Each engine is a small
matcher over the dependency parse or the token sequence; it finds token positions and
reads the entities from the mentions covering them (``Context``), through the clause
helpers of ``kg.extract.syntax``. Entity ids may be placeholders (``@speaker:...``,
``@orgof:...``) that the driver (``kg.extract.relations``) settles.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import TYPE_CHECKING, Optional

from ...models import Mention
from ...ontology import top_class
from .. import lexicon as lx
from ..context import Context
from ..gazetteer import fold
from ..mentions import doc_text, sent_of, sents
from ..syntax import UNIT_PLURALS, colon_list, expand, hypothetical, objects_via, partners, refer, subject_of
from . import Rule

if TYPE_CHECKING:
    from spacy.tokens import Token

POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
# predicative adjectives that take a locative complement ("is active in P")
PREDICATIVE = frozenset({"active", "present", "deployed", "stationed", "based", "located", "headquartered"})
TAKE_VERBS = frozenset({"take", "assume", "hold", "retain", "exercise", "keep", "have", "resume"})

Hit = tuple[str, str, Optional["Token"]]
"""(subject entity, object entity, the token the rule fired on; None for article metadata)."""


Engine = Callable[[Rule, Context], Iterator[Hit]]
ENGINES: dict[str, Engine] = {}


def engine(name: str) -> Callable[[Engine], Engine]:
    def register(fn: Engine) -> Engine:
        ENGINES[name] = fn
        return fn
    return register


def _verbal(tok: Token) -> bool:
    """A verb, a predicative adjective ("is active in", "are present in"), or a sentence's
    root that the tagger took for a plural noun ("The Coast Guard Command coordinates with ...")."""
    if tok.pos_ == "ADJ" and tok.dep_ == "acomp" and tok.lower_ in PREDICATIVE:
        return True
    return tok.pos_ in ("VERB", "AUX") or (tok.dep_ == "ROOT" and tok.tag_ == "NNS" and any(
        ch.dep_ == "prep" for ch in tok.children))


def _lemma_in(tok: Token, cues: frozenset[str]) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and lemma.endswith("s"):
        lemma = lemma[:-1]
    return lemma in cues or tok.lower_ in cues


@engine("verb_prep")
def _verb_prep(rule: Rule, c: Context) -> Iterator[Hit]:
    for tok in c.cued(rule.cues):
        if not (_verbal(tok) and _lemma_in(tok, rule.cues)) or hypothetical(tok):
            continue
        heads = [tok] + [d for d in tok.children if d.dep_ in ("dobj", "prt")]
        if tok.dep_ == "acomp":
            heads.append(tok.head)  # "is active in P": the parser hangs "in P" on the copula
        if tok.lemma_ == "take":
            need = {"participatesIn": "part", "locatedIn": "place"}.get(rule.predicate)
            if not any(d.lemma_ == need for d in heads[1:]):
                continue
        objs: list[str] = []
        for h in heads:
            objs += objects_via(c, h, rule.preps, through=h.i == tok.i)
        if not objs:
            continue
        subjects = subject_of(c, tok)
        if rule.predicate == "locatedIn":
            # "X hosted the conference in P": the event is what is located, not its host
            events = [e for d in tok.children if d.dep_ == "dobj" for e in expand(c, d)
                      if c.top(e) == "Event"]
            if not events and tok.lemma_ in ("hold", "take") and not any(c.top(x) == "Event" for x in subjects):
                # "... took part in E, held in P": the parser may hang 'held' on the verb
                before = [e for t in sent_of(tok) if t.i < tok.i and (e := c.ent(t))]
                events = [e for e in before if c.top(e) == "Event"][-1:]
            subjects = events or subjects
        for s in subjects:
            for o in objs:
                yield s, o, tok
        if rule.predicate == "counters":
            for p in partners(c, tok):
                for o in objs:
                    yield p, o, tok


@engine("svo")
def _svo(rule: Rule, c: Context) -> Iterator[Hit]:
    for tok in c.cued(rule.cues):
        if tok.pos_ != "VERB" or not _lemma_in(tok, rule.cues) or hypothetical(tok):
            continue
        objs = [e for d in tok.children if d.dep_ == "dobj" for e in (expand(c, d) or refer(c, d))]
        if not objs:
            continue
        for s in subject_of(c, tok):
            for o in objs:
                yield s, o, tok


@engine("noun_prep")
def _noun_prep(rule: Rule, c: Context) -> Iterator[Hit]:
    for tok in c.cued(rule.cues):
        if tok.pos_ not in ("NOUN", "PROPN") or not _lemma_in(tok, rule.cues) or c.top(c.ent(tok)) in (
                "Organization", "Person", "Place"):
            continue  # a cue word inside a name ("... Operations Command") is not a cue
        objs = objects_via(c, tok, rule.preps)
        if not objs and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
            objs = objects_via(c, tok.head, rule.preps)  # "its headquarters are in P"
        if not objs:
            continue
        owners = [e for d in tok.children if d.dep_ == "poss" for e in (expand(c, d) or refer(c, d))]
        if rule.predicate == "commands" and not owners and tok.head.lemma_ not in TAKE_VERBS:
            continue  # "took command of Y" yes; "under the command of Y" is the other direction
        if not owners and "of" not in rule.preps:
            owners = [e for d in tok.children if d.dep_ == "prep" and d.lower_ == "of"
                      for p in d.children if p.dep_ == "pobj" for e in expand(c, p)
                      if c.top(e) != "Event"]
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head  # (compare positions: spaCy makes a new Token object per access)
        if hypothetical(verb):
            continue
        subjects = owners or subject_of(c, tok)
        for s in subjects:
            for o in objs:
                yield s, o, tok
        if rule.predicate == "counters" and verb.pos_ in ("VERB", "AUX"):
            for p in partners(c, verb):
                for o in objs:
                    yield p, o, tok


@engine("appos_title")
def _appos_title(rule: Rule, c: Context) -> Iterator[Hit]:
    for tok in c.cued(rule.cues):
        if tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ not in rule.cues:
            continue
        person = _person_before(c, tok)
        if not person and tok.dep_ == "conj":
            # "X, the Special Representative ... and head of Y": the title is a conjunct
            person = _person_before(c, tok.head)
        if not person and (tok.dep_ in ("attr", "oprd") or (
                tok.dep_ == "pobj" and tok.head.lower_ == "as")) and not hypothetical(tok):
            # "X was appointed commander of Y", "X is the head of Y", "X serves as director of Y"
            people = [e for e in subject_of(c, tok) if c.cls.get(e) == "Person"]
            person = people[0] if people else None
        if not person:
            continue
        for o in objects_via(c, tok, rule.preps)[:1]:
            yield person, o, tok


def _person_before(c: Context, tok: Token) -> str | None:
    """The person named just before ', (the|a) (adjectives) <tok>'."""
    i = tok.i - 1
    while i >= sent_of(tok).start and (c.doc[i].pos_ in ("DET", "ADJ") or c.doc[i].lower_ in (
            "then", "former", "current", "acting", "deputy", "vice") or (
            c.doc[i].dep_ == "compound" and c.doc[i].head.i <= tok.i and c.ent(c.doc[i]) is None)):
        i -= 1
    if i < sent_of(tok).start or c.doc[i].text != ",":
        return None
    e = c.ent(c.doc[i - 1]) if i >= 1 else None
    return e if e and c.cls.get(e) == "Person" else None


@engine("title_compound")
def _title_compound(rule: Rule, c: Context) -> Iterator[Hit]:
    for tok in c.cued(rule.cues):
        if tok.lower_ not in rule.cues or tok.i == 0 or tok.i + 1 >= len(c.doc):
            continue
        k = tok.i - 1
        if c.doc[k].text in POSSESSIVE and k > 0:
            k -= 1  # "the Brazilian Army's commander, General X"
        org = c.ent(c.doc[k])
        if not org or c.top(org) != "Organization":
            continue
        j = tok.i + 1
        while j < sent_of(tok).end and c.ent(c.doc[j]) is None and (
                c.doc[j].is_title or c.doc[j].text in (",", ".")) and j - tok.i < 5:
            j += 1  # ", General" between the title and the name
        person = c.ent(c.doc[j]) if j < len(c.doc) else None
        if person and c.cls.get(person) == "Person":
            yield person, org, tok


@engine("passive_agent")
def _passive_agent(rule: Rule, c: Context) -> Iterator[Hit]:
    for tok in c.cued(rule.cues):
        if tok.pos_ != "VERB" or not _lemma_in(tok, rule.cues) or hypothetical(tok):
            continue
        agents = [e for d in tok.children if d.dep_ == "agent" for p in d.children
                  if p.dep_ == "pobj" for e in expand(c, p)]
        if not agents:
            continue
        if tok.dep_ in ("acl", "relcl"):
            targets = expand(c, tok.head) or refer(c, tok.head)
        else:
            targets = [e for d in tok.children if d.dep_ == "nsubjpass"
                       for e in (expand(c, d) or refer(c, d))]
        for a in agents:
            for t in targets:
                yield a, t, tok


@engine("under_command")
def _under_command(rule: Rule, c: Context) -> Iterator[Hit]:
    for tok in c.cued(frozenset({"under"})):
        if tok.lower_ != "under":
            continue
        for p in tok.children:
            if p.dep_ == "pobj" and p.lemma_ in rule.cues:
                bosses = objects_via(c, p, frozenset({"of"}))
                head = tok.head
                if c.ent(head):
                    subjects = expand(c, head)
                elif head.pos_ in ("VERB", "AUX"):  # only the verb's own subject, never a far one
                    subjects = [e for d in head.children if d.dep_ in ("nsubj", "nsubjpass")
                                for e in expand(c, d)]
                else:
                    subjects = []
                for b in bosses:
                    for s in subjects:
                        yield b, s, tok


def _ranked_services(c: Context) -> Iterator[tuple[Mention, Mention, str, str]]:
    """(person mention, service mention, person id, service id) for every "<service> <rank>
    <name>" in the article ("Peruvian Navy Admiral X")."""
    text = doc_text(c.doc)
    by_end = {m.end: m for m in c.mentions}
    for m in c.mentions:
        if m.cls != "Person" or not m.rank:
            continue
        rank_start = text.rfind(m.rank.split()[0], 0, m.start)
        if rank_start < 0 or m.start - rank_start > len(m.rank) + 4:
            continue
        service = by_end.get(rank_start - 1) or by_end.get(rank_start)
        person = c.res.by_span.get((m.start, m.end))
        org = c.res.by_span.get((service.start, service.end)) if service else None
        if service and person and org and c.top(org) == "Organization":
            yield m, service, person, org


def _root(c: Context, m: Mention) -> Token:
    """The head token of a mention (its span always aligns: mentions come from tokens)."""
    span = c.doc.char_span(m.start, m.end, alignment_mode="expand")
    return span.root if span is not None else c.doc[0]


@engine("service_rank")
def _service_rank(rule: Rule, c: Context) -> Iterator[Hit]:
    for m, _, person, org in _ranked_services(c):
        yield person, org, _root(c, m)


@engine("service_country")
def _service_country(rule: Rule, c: Context) -> Iterator[Hit]:
    for m, service, person, _ in _ranked_services(c):
        if service.country:
            yield person, f"Place:{fold(service.country)}", _root(c, m)


@engine("appos_member")
def _appos_member(rule: Rule, c: Context) -> Iterator[Hit]:
    for tok in c.cued(rule.cues | {"of"}):
        if tok.lower_ in rule.cues and tok.pos_ in ("NOUN",):
            person = _person_before(c, tok)
            if person:
                for o in objects_via(c, tok, rule.preps)[:1]:
                    yield person, o, tok
        elif tok.lower_ == "of" and tok.i >= 2 and c.doc[tok.i - 1].text == ",":
            person = c.ent(c.doc[tok.i - 2])
            if person and c.cls.get(person) == "Person":
                for o in objects_via(c, tok.head, frozenset({"of"}))[:1] or [
                        e for p in tok.children if p.dep_ == "pobj" for e in expand(c, p)][:1]:
                    yield person, o, tok


@engine("person_of")
def _person_of(rule: Rule, c: Context) -> Iterator[Hit]:
    for sent in sents(c.doc):
        seq = c.runs(sent)
        for (_, p1, person), (o0, _, org) in pairwise(seq):
            if c.cls.get(person) != "Person" or c.top(org) != "Organization":
                continue
            if [t.lower_ for t in c.doc[p1:o0]] in (["of", "the"], ["of"]):
                yield person, org, c.doc[p1]


@engine("byline")
def _byline(rule: Rule, c: Context) -> Iterator[Hit]:
    a = c.article
    if a.author and a.publisher:
        ids = {e.id for e in c.res.entities}
        author, publisher = f"Person:{fold(a.author)}", None
        for e in c.res.entities:
            if e.cls == "MediaOrganization" and fold(e.label) == fold(a.publisher):
                publisher = e.id
        if author in ids and publisher:
            yield author, publisher, None


@engine("possessive_part")
def _possessive_part(rule: Rule, c: Context) -> Iterator[Hit]:
    for sent in sents(c.doc):
        seq = c.runs(sent)
        for (_, a1, owner), nxt in pairwise([*seq, (sent.end, sent.end, "")]):
            if a1 >= sent.end or c.doc[a1].text not in POSSESSIVE:
                continue
            if c.top(owner) != "Organization":
                continue
            b0, _, part = nxt
            if part and b0 == a1 + 1 and c.top(part) == "Organization":
                yield part, owner, c.doc[a1]
                continue
            # "the Police's two specialized directorates: the A and the B"
            k = a1 + 1
            while k < sent.end and c.doc[k].pos_ in ("NUM", "ADJ", "VERB") and c.doc[k].dep_ in (
                    "nummod", "amod"):
                k += 1
            if k < sent.end and c.doc[k].lower_ in UNIT_PLURALS:
                for e in colon_list(c, c.doc[k]):
                    if c.top(e) == "Organization":
                        yield e, owner, c.doc[k]


@engine("of_part")
def _of_part(rule: Rule, c: Context) -> Iterator[Hit]:
    unit_heads = lx.MILITARY_HEADS | lx.GOVERNMENT_HEADS
    for sent in sents(c.doc):
        seq = c.runs(sent)
        for (_, b1, part), (a0, _, owner) in pairwise(seq):
            if c.top(part) != "Organization" or c.top(owner) != "Organization" or part == owner:
                continue
            between = [t for t in c.doc[b1:a0]]
            # skip a bracketed acronym: "Command (CIOEC, in Spanish) of the Joint Command"
            if between and between[0].text in ("(", "["):
                close = next((i for i, t in enumerate(between) if t.text in (")", "]")), None)
                if close is None:
                    continue
                between = between[close + 1:]
            words = [t.lower_ for t in between]
            if words not in (["of", "the"], ["of"]):
                continue
            if c.doc[b1 - 1].lower_ not in unit_heads:
                continue
            yield part, owner, c.doc[b1]


@engine("part_of_phrase")
def _part_of_phrase(rule: Rule, c: Context) -> Iterator[Hit]:
    for tok in c.cued(rule.cues):
        if tok.lemma_ not in rule.cues:
            continue
        if tok.pos_ == "NOUN" and (tok.dep_ in ("attr", "appos") or tok.head.lemma_ == "be"):
            owners = objects_via(c, tok, frozenset({"of"}))
            parts = expand(c, tok.head) if tok.dep_ == "appos" else subject_of(c, tok)
        elif tok.pos_ in ("VERB", "ADJ") and tok.lemma_ in ("belong", "subordinate"):
            owners = objects_via(c, tok, frozenset({"to"}))
            parts = subject_of(c, tok) if tok.pos_ == "VERB" else expand(c, tok.head)
        elif tok.lower_ == "under" and tok.dep_ == "prep" and tok.head.lemma_ == "be":
            # "It is under the Ministry of Defense": subordinate to it
            owners = [e for p in tok.children if p.dep_ == "pobj" for e in expand(c, p)]
            parts = subject_of(c, tok.head)
        else:
            continue
        for p in parts:
            for o in owners:
                yield p, o, tok


@engine("org_in_place")
def _org_in_place(rule: Rule, c: Context) -> Iterator[Hit]:
    for tok in c.doc:
        e = c.ent(tok)
        if not e or e.startswith("@") or c.cls.get(e) not in ("MilitaryOrganization", "GovernmentOrganization"):
            continue
        if c.tok_ent[tok.i + 1] == e if tok.i + 1 < len(c.doc) else False:
            continue  # only the last token of the mention
        if tok.dep_ == "pobj" and tok.head.lower_ in ("with", "against", "by", "from", "to", "between"):
            continue  # "an agreement with the X in P": P is where the agreement was made
        for o in objects_via(c, tok, rule.preps):
            yield e, o, tok


@engine("place_based")
def _place_based(rule: Rule, c: Context) -> Iterator[Hit]:
    for tok in c.cued(frozenset({"based"})):
        if tok.lower_ != "based" or tok.i < 2 or c.doc[tok.i - 1].text != "-":
            continue
        place = c.ent(c.doc[tok.i - 2])
        if not place or c.top(place) != "Place":
            continue
        j = tok.i + 1
        while j < sent_of(tok).end and c.ent(c.doc[j]) is None and j - tok.i < 4:
            j += 1
        e = c.ent(c.doc[j]) if j < sent_of(tok).end else None
        if e is None and tok.head.dep_ == "appos":
            e = c.ent(tok.head.head)  # "Andes Copper, a Toronto-based mining company"
        if e and not e.startswith("@"):
            yield e, place, tok


@engine("city_country")
def _city_country(rule: Rule, c: Context) -> Iterator[Hit]:
    for sent in sents(c.doc):
        seq = c.runs(sent)
        for (_, a1, place), (b0, _, country) in pairwise(seq):
            if (c.cls.get(place) in ("City", "Region") and c.cls.get(country) == "Country"
                    and b0 == a1 + 1 and c.doc[a1].text == ","):
                yield place, country, c.doc[a1]


@engine("demonym")
def _demonym(rule: Rule, c: Context) -> Iterator[Hit]:
    yield from _country_of_mentions(c, "Organization")


@engine("person_demonym")
def _person_demonym(rule: Rule, c: Context) -> Iterator[Hit]:
    yield from _country_of_mentions(c, "Person")


def _country_of_mentions(c: Context, top: str) -> Iterator[Hit]:
    """(entity, its country) for every mention of class ``top`` that a demonym or "of
    Country" gave a country."""
    for m in c.mentions:
        if not m.country or top_class(m.cls) != top:
            continue
        e = c.res.by_span.get((m.start, m.end))
        if e:
            yield e, f"Place:{fold(m.country)}", _root(c, m)


@engine("country_possessive")
def _country_possessive(rule: Rule, c: Context) -> Iterator[Hit]:
    for sent in sents(c.doc):
        seq = c.runs(sent)
        for (_, a1, country), (b0, _, org) in pairwise(seq):
            if (c.cls.get(country) == "Country" and c.top(org) == "Organization"
                    and a1 < sent.end and c.doc[a1].text in POSSESSIVE and b0 == a1 + 1):
                yield org, country, c.doc[a1]

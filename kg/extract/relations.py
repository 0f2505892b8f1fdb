"""spaCy ``Doc`` + resolved entities -> ``Relation``s, by the rules in ``kg.rules``.

Each rule names an *engine* here: a small matcher over the dependency parse or
the token sequence. Engines find (subject, object) token positions; entities are
read from the mentions covering them. Coordination distributes ("in Sudan, South
Sudan, and the DRC" gives three objects), "remnants of"/"the logistics of" chains
are followed to the entity inside, and "we"/"our" in an interview answer (and
"his personnel") stand for the speaker's organisation: the one he commands, or
serves in, followed up its ``partOf`` chain to the top.

Negated and hypothetical statements ("did not cooperate", "plans to deploy",
"could operate") and yes/no questions are not asserted. Triples whose classes
violate the ontology's domain or range are dropped.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from . import lexicon as lx
from .gazetteer import country_of, fold
from .mentions import Turn, doc_text, release, sent_of, sents
from ..models import Article, Entity, Mention, Provenance, Relation
from ..ontology import SYMMETRIC, allows, top_class
from .resolve import Resolution
from .rules import RULES, Rule

log = logging.getLogger(__name__)

_MODALS = {"would", "could", "might", "may", "should", "must", "will", "shall", "'ll"}
_HYPOTHETICAL = {"plan", "intend", "hope", "want", "aim", "seek", "propose", "consider", "expect",
                 "wish", "threaten", "refuse", "fail", "try", "would"}
_AUX_QUESTION = {"do", "does", "did", "is", "are", "was", "were", "will", "can", "could", "has",
                 "have", "had", "should", "would", "may", "might"}
_THIRD_PERSON = {"they", "it", "he", "she", "them", "which", "who", "that"}
_POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
_UNIT_PLURALS = {"directorates", "units", "divisions", "commands", "agencies", "branches",
                 "battalions", "brigades", "components", "forces", "services", "offices",
                 "departments", "bureaus", "regiments", "squadrons"}

# Subjects that stand for a body's people: the clause above says whose ("Chile has soldiers working")
_PREDICATIVE = {"active", "present", "deployed", "stationed", "based", "located", "headquartered"}
_TAKE_VERBS = {"take", "assume", "hold", "retain", "exercise", "keep", "have", "resume"}
_JOINT_NOUNS = {"operation", "work", "patrol", "exercise", "offensive", "raid", "mission", "effort",
                "campaign", "intervention", "action"}
_PERSONNEL = lx.PERSONNEL_NOUNS | {"soldier", "troop", "element", "unit", "member", "observer",
                                   "peacekeeper", "officer", "agent", "contingent", "sailor", "pilot",
                                   "dissident", "fighter", "militant", "guerrilla", "rebel", "marine",
                                   "policeman", "agent", "commando", "remnant"}


class _Ctx:
    """One sentence-independent view of an article for the engines."""

    def __init__(self, doc, article: Article, mentions: list[Mention], res: Resolution,  # type: ignore[no-untyped-def]
                 turns: list[Turn]) -> None:
        self.doc = doc
        self.article = article
        self.res = res
        self.cls = {e.id: e.cls for e in res.entities}
        self.tok_ent: list[str | None] = [None] * len(doc)
        self.tok_mention: list[Mention | None] = [None] * len(doc)
        self.mentions = mentions
        for m in mentions:
            eid = res.by_span.get((m.start, m.end))
            if m.source == "pronoun":
                eid = m.key  # "@speaker:<offset>", resolved after all rules ran
            if eid is None:
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.tok_ent[t.i] = eid
                self.tok_mention[t.i] = m
        self._index: dict[str, list[int]] = defaultdict(list)
        for t in doc:
            keys = {t.lower_, t.lemma_.lower()}
            if t.pos_ == "NOUN" and t.dep_ == "ROOT" and t.lemma_.lower().endswith("s"):
                keys.add(t.lemma_.lower()[:-1])
            for k in keys:
                self._index[k].append(t.i)

    def cued(self, words: Iterable[str]):  # type: ignore[no-untyped-def]
        """The tokens whose form or lemma is one of ``words``, in text order."""
        hits = sorted({i for w in words for i in self._index.get(w, ())})
        return [self.doc[i] for i in hits]

    def top(self, e: str | None) -> str:
        """The top class of entity ``e``; "" for a placeholder or unknown id."""
        cls = self.cls.get(e or "")
        return top_class(cls) if cls else ""

    def ent(self, tok) -> str | None:  # type: ignore[no-untyped-def]
        return self.tok_ent[tok.i]

    def expand(self, tok, depth: int = 0) -> list[str]:  # type: ignore[no-untyped-def]
        """Entities an NP headed by ``tok`` names: itself, its appositions and conjuncts,
        or the entity inside an "of" chain ("remnants of the X group")."""
        if depth > 4:
            return []
        out: list[str] = []
        e = self.ent(tok)
        if e:
            out.append(e)
        else:
            for c in tok.children:
                if c.dep_ == "appos":
                    out += self.expand(c, depth + 1)
            if not out:
                # "the Shining Path terrorist group", "the Viv Ansanm gang coalition"
                stack = [c for c in tok.children if c.dep_ in ("compound", "nmod", "amod")]
                while stack and not out:
                    c = stack.pop(0)
                    if self.ent(c):
                        out.append(self.ent(c))
                    else:
                        stack += [d for d in c.children if d.dep_ in ("compound", "nmod")]
            if not out:
                for c in tok.children:
                    if c.dep_ == "prep" and c.lower_ == "of":
                        for p in c.children:
                            if p.dep_ == "pobj":
                                out += self.expand(p, depth + 1)
            if not out:
                out += self._colon_list(tok)
            if not out:  # "criminal gangs such as A and B", "groups including A"
                for c in tok.children:
                    if c.dep_ == "prep" and (c.lower_ == "including" or (
                            c.lower_ == "as" and any(x.lower_ == "such" for x in c.children))):
                        out += [e for p in c.children if p.dep_ == "pobj" for e in self.expand(p, depth + 1)]
            if not out and depth > 0:
                out += self.antecedent(tok)
        for c in tok.children:
            if c.dep_ == "conj" or (c.dep_ == "appos" and e):
                if e and self.cls.get(e) in ("City", "Region") and self.cls.get(self.ent(c) or "") in (
                        "Country", "Region") and c.dep_ == "appos":
                    continue  # "Lima, Peru" is an address, not a second place
                out += self.expand(c, depth + 1)
        if e and depth == 0:
            out += self._surface_list(tok)
        return list(dict.fromkeys(out))

    def _surface_list(self, tok) -> list[str]:  # type: ignore[no-untyped-def]
        """'in A, B, and C' when the parser broke the coordination: the places listed after
        ``tok``'s entity, up to one joined by 'and'/'or' (a list without 'and' is not one)."""
        first = self.ent(tok)
        if not first or self.top(first) != "Place":
            return []
        i, sent_end = tok.i, sent_of(tok).end
        while i < sent_end and self.tok_ent[i] == first:
            i += 1
        items: list[str] = []
        saw_and = False
        while i < sent_end:
            j = i
            while j < sent_end and self.doc[j].lower_ in (",", "and", "or", "the"):
                saw_and = saw_and or self.doc[j].lower_ in ("and", "or")
                j += 1
            e = self.tok_ent[j] if j < sent_end else None
            if j == i or not e or e.startswith("@") or self.top(e) != "Place":
                break
            if self.cls.get(first) in ("City", "Region") and self.cls.get(e) == "Country" and not saw_and:
                break  # "Lima, Peru" is an address, not a list
            items.append(e)
            i = j
            while i < sent_end and self.tok_ent[i] == e:
                i += 1
            if saw_and:
                break
        return items if saw_and else []

    def _colon_list(self, tok) -> list[str]:  # type: ignore[no-untyped-def]
        """'two directorates: the A and the B' -> [A, B] (a plural unit noun elaborated by a list)."""
        if tok.lower_ not in _UNIT_PLURALS:
            return []
        i = tok.i + 1
        if i >= len(self.doc) or self.doc[i].text != ":":
            return []
        out = []
        # the parser may start a new "sentence" after the colon: read on to the full stop
        for t in self.doc[i + 1: i + 40]:
            if t.text in (".", ";") or (t.is_space and "\n" in t.text) or (
                    t.pos_ == "VERB" and t.dep_ not in ("amod",)):
                break
            e = self.ent(t)
            if e and e not in out:
                out.append(e)
        return out

    def subject_of(self, tok) -> list[str]:  # type: ignore[no-untyped-def]
        """The acting entity of the clause around ``tok``: the nearest subject with an entity,
        walking up the parse; "his personnel" stands for the organisation of the man before it."""
        if tok.dep_ == "ROOT" and tok.pos_ == "NOUN":
            owners = [self.ent(c) for c in tok.children if c.dep_ == "compound" and self.ent(c)]
            if owners:
                return owners[-1:]
        seen = 0
        node = tok
        while node is not None and seen < 8:
            seen += 1
            if node.i != tok.i and node.dep_ in ("acl", "relcl") and self.ent(node.head):
                return self.expand(node.head)
            if node.dep_ in ("acl",) and node.i == tok.i and self.ent(node.head):
                return self.expand(node.head)
            for c in node.children:
                if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
                    found = self.expand(c) or self.antecedent(c)
                    if found:
                        return found
                    owners = ([self._pronoun_owner(c)] if self._pronoun_owner(c) else []) or self._possessor(c)
                    if owners:
                        return owners
                    if c.lower_ not in _THIRD_PERSON and c.lemma_.lower() not in _PERSONNEL:
                        return []
            if node.dep_ == "ROOT" or node.head.i == node.i:
                break
            node = node.head
        return []

    def _possessor(self, tok) -> list[str]:  # type: ignore[no-untyped-def]
        """'Rwanda's contingent', 'our units', 'units from Ecuador and Peru': a body's people
        stand for the bodies (or countries) they belong to."""
        if tok.lemma_.lower() not in _PERSONNEL:
            return []
        for c in tok.children:
            if c.dep_ == "poss":
                found = self.expand(c) or self.antecedent(c)
                if found:
                    return found
            if c.dep_ == "prep" and c.lower_ in ("from", "of"):
                found = [e for p in c.children if p.dep_ == "pobj" for e in self.expand(p)]
                if found:
                    return found
            if c.dep_ == "compound" and self.ent(c) and not self.ent(c).startswith("@"):
                return [self.ent(c)]  # "Brazilian Army soldiers", "FARC dissidents"
        return []

    def antecedent(self, tok) -> list[str]:  # type: ignore[no-untyped-def]
        """What a pronoun or a definite description stands for: 'it'/'they' -> the subject of
        the previous sentences; 'the group' -> the last armed group named before it."""
        word = tok.lower_
        if word in ("it", "its", "they", "their", "them"):
            wanted = ("Organization", "Place") if word in ("it", "its") else ("Organization",)
            people = False
        elif word in ("he", "she", "his", "her", "him"):
            wanted, people = (), True
        elif tok.pos_ == "NOUN" and any(c.lower_ in ("this", "that", "these", "those") for c in tok.children):
            return self._bridge(tok)
        else:
            cls = lx.DEFINITE_NOUNS.get(tok.lemma_.lower())
            if tok.tag_ in ("NNS", "NNPS") and cls in ("Operation", "Conference"):
                return []  # "the operations" is generic; "the operation" points back
            has_the = any(c.lower_ == "the" for c in tok.children)
            # "the group", "the terrorist organization" refer back; "the international police
            # organization" (other modifiers) and appositions describe instead
            mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
            if (not cls or not has_the or tok.dep_ == "appos"
                    or any(c.lower_ not in lx.ARMED_GROUP_CUES for c in mods)):
                return []
            for i in range(tok.i - 1, -1, -1):
                e = self.tok_ent[i]
                if e and not e.startswith("@") and self.cls.get(e) == cls:
                    return [e]
            return []
        here = [t for t in sent_of(tok) if t.i < tok.i]
        earlier = [list(s) for s in sents(self.doc) if s.end <= tok.i][-2:]
        for toks in [here, *reversed(earlier)]:
            for t in reversed(toks):
                if t.dep_ in ("nsubj", "nsubjpass") and self.ent(t) and not self.ent(t).startswith("@"):
                    e = self.ent(t)
                    cls = self.cls.get(e, "")
                    if people:
                        fits = cls == "Person"
                    elif cls == "Country":
                        fits = word in ("it", "its")  # a country is "it", a body may be "they"
                    else:
                        fits = self.top(e) in wanted
                    if fits:
                        return [e]
        return []

    def _bridge(self, tok) -> list[str]:  # type: ignore[no-untyped-def]
        """'X are located in a remote area. This area is ...': 'this area' is where X are, so it
        stands for X in a location statement. Only the previous sentence is searched."""
        earlier = [s for s in sents(self.doc) if s.end <= tok.i][-1:]
        for sent in earlier:
            for t in sent:
                if (t.lemma_ == tok.lemma_ and t.dep_ == "pobj" and t.head.lower_ in ("in", "at")
                        and t.head.head.lemma_ in ("locate", "base", "hide", "be", "operate", "live")):
                    return [e for e in self.subject_of(t.head.head) if not e.startswith("@")]
        return []

    def _pronoun_owner(self, tok) -> str | None:  # type: ignore[no-untyped-def]
        """'his personnel's dedication' -> '@orgof:<the person before it>'."""
        for c in tok.subtree:
            if c.lower_ in ("his", "her") and c.dep_ == "poss":
                people = [self.ent(t) for t in self.doc[sent_of(tok).start: c.i] if self.ent(t)
                          and self.cls.get(self.ent(t) or "") == "Person"]
                if people:
                    return f"@orgof:{people[-1]}"
        return None

    def objects_via(self, tok, preps: frozenset[str], through: bool = False) -> list[str]:  # type: ignore[no-untyped-def]
        """Entities in the objects of ``tok``'s prepositions in ``preps`` ("dobj": its direct
        object); with ``through``, also one prepositional phrase further down ("working as
        observers in Cyprus")."""
        out: list[str] = []
        for c in tok.children:
            if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
                for prep in (c, *(x for x in c.children if x.dep_ == "conj" and x.lower_ in preps)):
                    for p in prep.children:
                        if p.dep_ in ("pobj", "pcomp"):
                            found = self.expand(p) or self.antecedent(p)
                            if not found and through:  # "trained in amphibious landings in P"
                                found = self.objects_via(p, preps)
                            out += found
            elif c.dep_ == "dobj" and "dobj" in preps:
                out += self.expand(c)
            elif through and c.dep_ == "prep":
                for p in c.children:
                    if p.dep_ == "pobj":
                        out += self.objects_via(p, preps)
        return out

    def partners(self, tok) -> list[str]:  # type: ignore[no-untyped-def]
        """Bodies joined to the action of ``tok``'s sentence by 'with' before it: 'carried out a
        joint operation with the National Police, where they dealt a blow to X'."""
        out: list[str] = []
        for t in sent_of(tok):
            if t.i >= tok.i:
                break
            if t.dep_ == "prep" and t.lower_ == "with" and (
                    t.head.pos_ in ("VERB", "AUX") or t.head.lemma_.lower() in _JOINT_NOUNS
                    or any(a.lemma_.lower() in _JOINT_NOUNS for a in t.head.ancestors if a.i < t.i)):
                for p in t.children:
                    if p.dep_ == "pobj":
                        out += [e for e in self.expand(p) if not e.startswith("@")
                                and self.top(e) == "Organization"]
        return out


def hypothetical(tok) -> bool:  # type: ignore[no-untyped-def]
    """Negated, modal, planned or asked-about: not a statement of fact."""
    node = tok
    for _ in range(4):
        for c in node.children:
            if c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in _MODALS):
                return True
        if node.dep_ == "xcomp" and node.head.lemma_ in _HYPOTHETICAL:
            return True
        if node.dep_ in ("ROOT", "acl", "relcl", "appos") or node.head.i == node.i:
            break  # a participle or relative clause keeps its own mood ("X, based in P, will ...")
        node = node.head
    sent = sent_of(tok)
    cache = tok.doc.user_data.setdefault("kg_yes_no", {})
    if sent.start not in cache:
        words = [t for t in sent if not t.is_space and not t.is_punct]
        cache[sent.start] = bool(sent.text.rstrip().endswith("?") and words
                                 and words[0].lower_ in _AUX_QUESTION)
    return cache[sent.start]


# ------------------------------------------------------------------ engines
Engine = Callable[[Rule, _Ctx], Iterator[tuple[str, str, object]]]
ENGINES: dict[str, Engine] = {}


def engine(name: str) -> Callable[[Engine], Engine]:
    def register(fn: Engine) -> Engine:
        ENGINES[name] = fn
        return fn
    return register


def _verbal(tok) -> bool:  # type: ignore[no-untyped-def]
    """A verb, a predicative adjective ("is active in", "are present in"), or a sentence's
    root that the tagger took for a plural noun ("The Coast Guard Command coordinates with ...")."""
    if tok.pos_ == "ADJ" and tok.dep_ == "acomp" and tok.lower_ in _PREDICATIVE:
        return True
    return tok.pos_ in ("VERB", "AUX") or (tok.dep_ == "ROOT" and tok.tag_ == "NNS" and any(
        c.dep_ == "prep" for c in tok.children))


def _lemma_in(tok, cues: frozenset[str]) -> bool:  # type: ignore[no-untyped-def]
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and lemma.endswith("s"):
        lemma = lemma[:-1]
    return lemma in cues or tok.lower_ in cues


@engine("verb_prep")
def _verb_prep(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
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
            objs += c.objects_via(h, rule.preps, through=h.i == tok.i)
        if not objs:
            continue
        subjects = c.subject_of(tok)
        if rule.predicate == "locatedIn":
            # "X hosted the conference in P": the event is what is located, not its host
            events = [e for d in tok.children if d.dep_ == "dobj" for e in c.expand(d)
                      if c.top(e) == "Event"]
            if not events and tok.lemma_ in ("hold", "take") and not any(c.top(x) == "Event" for x in subjects):
                # "... took part in E, held in P": the parser may hang 'held' on the verb
                before = [c.ent(t) for t in sent_of(tok) if t.i < tok.i and c.ent(t)]
                events = [e for e in before if c.top(e) == "Event"][-1:]
            subjects = events or subjects
        for s in subjects:
            for o in objs:
                yield s, o, tok
        if rule.predicate == "counters":
            for p in c.partners(tok):
                for o in objs:
                    yield p, o, tok


@engine("svo")
def _svo(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
    for tok in c.cued(rule.cues):
        if tok.pos_ != "VERB" or not _lemma_in(tok, rule.cues) or hypothetical(tok):
            continue
        objs = [e for d in tok.children if d.dep_ == "dobj" for e in (c.expand(d) or c.antecedent(d))]
        if not objs:
            continue
        for s in c.subject_of(tok):
            for o in objs:
                yield s, o, tok


@engine("noun_prep")
def _noun_prep(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
    for tok in c.cued(rule.cues):
        if tok.pos_ not in ("NOUN", "PROPN") or not _lemma_in(tok, rule.cues) or c.top(c.ent(tok)) in (
                "Organization", "Person", "Place"):
            continue  # a cue word inside a name ("... Operations Command") is not a cue
        objs = c.objects_via(tok, rule.preps)
        if not objs and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
            objs = c.objects_via(tok.head, rule.preps)  # "its headquarters are in P"
        if not objs:
            continue
        owners = [e for d in tok.children if d.dep_ == "poss" for e in (c.expand(d) or c.antecedent(d))]
        if rule.predicate == "commands" and not owners and tok.head.lemma_ not in _TAKE_VERBS:
            continue  # "took command of Y" yes; "under the command of Y" is the other direction
        if not owners and "of" not in rule.preps:
            owners = [e for d in tok.children if d.dep_ == "prep" and d.lower_ == "of"
                      for p in d.children if p.dep_ == "pobj" for e in c.expand(p)
                      if c.top(e) != "Event"]
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head  # (compare positions: spaCy makes a new Token object per access)
        if hypothetical(verb):
            continue
        subjects = owners or c.subject_of(tok)
        for s in subjects:
            for o in objs:
                yield s, o, tok
        if rule.predicate == "counters" and verb.pos_ in ("VERB", "AUX"):
            for p in c.partners(verb):
                for o in objs:
                    yield p, o, tok


@engine("appos_title")
def _appos_title(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
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
            people = [e for e in c.subject_of(tok) if c.cls.get(e) == "Person"]
            person = people[0] if people else None
        if not person:
            continue
        for o in c.objects_via(tok, rule.preps)[:1]:
            yield person, o, tok


def _person_before(c: _Ctx, tok) -> str | None:  # type: ignore[no-untyped-def]
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
def _title_compound(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
    for tok in c.cued(rule.cues):
        if tok.lower_ not in rule.cues or tok.i == 0 or tok.i + 1 >= len(c.doc):
            continue
        k = tok.i - 1
        if c.doc[k].text in _POSSESSIVE and k > 0:
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
def _passive_agent(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
    for tok in c.cued(rule.cues):
        if tok.pos_ != "VERB" or not _lemma_in(tok, rule.cues) or hypothetical(tok):
            continue
        agents = [e for d in tok.children if d.dep_ == "agent" for p in d.children
                  if p.dep_ == "pobj" for e in c.expand(p)]
        if not agents:
            continue
        if tok.dep_ in ("acl", "relcl"):
            targets = c.expand(tok.head) or c.antecedent(tok.head)
        else:
            targets = [e for d in tok.children if d.dep_ == "nsubjpass"
                       for e in (c.expand(d) or c.antecedent(d))]
        for a in agents:
            for t in targets:
                yield a, t, tok


@engine("under_command")
def _under_command(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
    for tok in c.cued(frozenset({"under"})):
        if tok.lower_ != "under":
            continue
        for p in tok.children:
            if p.dep_ == "pobj" and p.lemma_ in rule.cues:
                bosses = c.objects_via(p, frozenset({"of"}))
                head = tok.head
                if c.ent(head):
                    subjects = c.expand(head)
                elif head.pos_ in ("VERB", "AUX"):  # only the verb's own subject, never a far one
                    subjects = [e for d in head.children if d.dep_ in ("nsubj", "nsubjpass")
                                for e in c.expand(d)]
                else:
                    subjects = []
                for b in bosses:
                    for s in subjects:
                        yield b, s, tok


@engine("service_rank")
def _service_rank(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
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
        if person and org and c.top(org) == "Organization":
            yield person, org, c.doc.char_span(m.start, m.end, alignment_mode="expand").root


@engine("appos_member")
def _appos_member(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
    for tok in c.cued(rule.cues | {"of"}):
        if tok.lower_ in rule.cues and tok.pos_ in ("NOUN",):
            person = _person_before(c, tok)
            if person:
                for o in c.objects_via(tok, rule.preps)[:1]:
                    yield person, o, tok
        elif tok.lower_ == "of" and tok.i >= 2 and c.doc[tok.i - 1].text == ",":
            person = c.ent(c.doc[tok.i - 2])
            if person and c.cls.get(person) == "Person":
                for o in c.objects_via(tok.head, frozenset({"of"}))[:1] or [
                        e for p in tok.children if p.dep_ == "pobj" for e in c.expand(p)][:1]:
                    yield person, o, tok


@engine("person_of")
def _person_of(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
    for sent in sents(c.doc):
        seq = _org_mentions_seq(c, sent)
        for (p0, p1, person), (o0, o1, org) in zip(seq, seq[1:]):
            if c.cls.get(person) != "Person" or c.top(org) != "Organization":
                continue
            if [t.lower_ for t in c.doc[p1:o0]] in (["of", "the"], ["of"]):
                yield person, org, c.doc[p1]


@engine("byline")
def _byline(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
    a = c.article
    if a.author and a.publisher:
        ids = {e.id for e in c.res.entities}
        author, publisher = f"Person:{fold(a.author)}", None
        for e in c.res.entities:
            if e.cls == "MediaOrganization" and fold(e.label) == fold(a.publisher):
                publisher = e.id
        if author in ids and publisher:
            yield author, publisher, None


def _org_mentions_seq(c: _Ctx, sent) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    """(first token, end token, entity) for each mention in a sentence, in order."""
    out = []
    i = sent.start
    while i < sent.end:
        e = c.tok_ent[i]
        if e and not e.startswith("@"):
            j = i
            while j < sent.end and c.tok_ent[j] == e:
                j += 1
            out.append((i, j, e))
            i = j
        else:
            i += 1
    return out


@engine("possessive_part")
def _possessive_part(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
    for sent in sents(c.doc):
        seq = _org_mentions_seq(c, sent)
        for (a0, a1, owner), nxt in zip(seq, seq[1:] + [(sent.end, sent.end, "")]):
            if a1 >= sent.end or c.doc[a1].text not in _POSSESSIVE:
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
            if k < sent.end and c.doc[k].lower_ in _UNIT_PLURALS:
                for e in c._colon_list(c.doc[k]):
                    if c.top(e) == "Organization":
                        yield e, owner, c.doc[k]


@engine("of_part")
def _of_part(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
    unit_heads = lx.MILITARY_HEADS | lx.GOVERNMENT_HEADS
    for sent in sents(c.doc):
        seq = _org_mentions_seq(c, sent)
        for (b0, b1, part), (a0, a1, owner) in zip(seq, seq[1:]):
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
def _part_of_phrase(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
    for tok in c.cued(rule.cues):
        if tok.lemma_ not in rule.cues:
            continue
        if tok.pos_ == "NOUN" and (tok.dep_ in ("attr", "appos") or tok.head.lemma_ == "be"):
            owners = c.objects_via(tok, frozenset({"of"}))
            parts = c.expand(tok.head) if tok.dep_ == "appos" else c.subject_of(tok)
        elif tok.pos_ in ("VERB", "ADJ") and tok.lemma_ in ("belong", "subordinate"):
            owners = c.objects_via(tok, frozenset({"to"}))
            parts = c.subject_of(tok) if tok.pos_ == "VERB" else c.expand(tok.head)
        elif tok.lower_ == "under" and tok.dep_ == "prep" and tok.head.lemma_ == "be":
            # "It is under the Ministry of Defense": subordinate to it
            owners = [e for p in tok.children if p.dep_ == "pobj" for e in c.expand(p)]
            parts = c.subject_of(tok.head)
        else:
            continue
        for p in parts:
            for o in owners:
                yield p, o, tok


@engine("org_in_place")
def _org_in_place(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
    for tok in c.doc:
        e = c.ent(tok)
        if not e or e.startswith("@") or c.cls.get(e) not in ("MilitaryOrganization", "GovernmentOrganization"):
            continue
        if c.tok_ent[tok.i + 1] == e if tok.i + 1 < len(c.doc) else False:
            continue  # only the last token of the mention
        if tok.dep_ == "pobj" and tok.head.lower_ in ("with", "against", "by", "from", "to", "between"):
            continue  # "an agreement with the X in P": P is where the agreement was made
        for o in c.objects_via(tok, rule.preps):
            yield e, o, tok


@engine("place_based")
def _place_based(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
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
def _city_country(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
    for sent in sents(c.doc):
        seq = _org_mentions_seq(c, sent)
        for (a0, a1, place), (b0, b1, country) in zip(seq, seq[1:]):
            if (c.cls.get(place) in ("City", "Region") and c.cls.get(country) == "Country"
                    and b0 == a1 + 1 and c.doc[a1].text == ","):
                yield place, country, c.doc[a1]


@engine("demonym")
def _demonym(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
    for m in c.mentions:
        if not m.country or top_class(m.cls) != "Organization":
            continue
        e = c.res.by_span.get((m.start, m.end))
        if e:
            yield e, f"Place:{fold(m.country)}", c.doc.char_span(m.start, m.end, alignment_mode="expand").root


@engine("country_possessive")
def _country_possessive(rule: Rule, c: _Ctx):  # type: ignore[no-untyped-def]
    for sent in sents(c.doc):
        seq = _org_mentions_seq(c, sent)
        for (a0, a1, country), (b0, b1, org) in zip(seq, seq[1:]):
            if (c.cls.get(country) == "Country" and c.top(org) == "Organization"
                    and a1 < sent.end and c.doc[a1].text in _POSSESSIVE and b0 == a1 + 1):
                yield org, country, c.doc[a1]


# ------------------------------------------------------------------ driver

def _speaker_orgs(found: list[tuple[Rule, str, str, object]], res: Resolution) -> dict[str, str]:
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


def extract_relations(doc, article: Article, mentions: list[Mention], res: Resolution,  # type: ignore[no-untyped-def]
                      turns: list[Turn], rules: Iterable[Rule] = RULES) -> tuple[list[Relation], list[Entity]]:
    """All relations the rules find in one article, and the entities they had to add
    (a country named only by a demonym)."""
    c = _Ctx(doc, article, mentions, res, turns)
    found: list[tuple[Rule, str, str, object]] = []
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

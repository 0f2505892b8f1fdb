"""Clause structure over the dependency parse: who acts, on what, with whom, and whether it is asserted.

Token + ``Context`` -> entity ids. ``expand`` reads the entities a noun phrase names
(itself, its appositions and conjuncts, the entity inside an "of" chain, a list after a
colon); ``subject_of`` walks up to the acting subject ("his personnel" stands for his
organisation); ``objects_via`` reads prepositional and direct objects; ``partners`` the
bodies joined by "with"; ``refer`` follows pronouns and definite descriptions
(``coref``) and "this area"-style bridges; ``hypothetical`` tells negated, modal,
planned and asked-about statements from asserted ones.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import lexicon as lx
from .context import Context
from .coref import DEMONSTRATIVES, antecedent, pronoun_owner
from .mentions import sent_of, sents

if TYPE_CHECKING:
    from spacy.tokens import Token

_MODALS = {"would", "could", "might", "may", "should", "must", "will", "shall", "'ll"}
_HYPOTHETICAL = {"plan", "intend", "hope", "want", "aim", "seek", "propose", "consider", "expect",
                 "wish", "threaten", "refuse", "fail", "try", "would"}
_AUX_QUESTION = {"do", "does", "did", "is", "are", "was", "were", "will", "can", "could", "has",
                 "have", "had", "should", "would", "may", "might"}
_THIRD_PERSON = {"they", "it", "he", "she", "them", "which", "who", "that"}
UNIT_PLURALS = {"directorates", "units", "divisions", "commands", "agencies", "branches",
                 "battalions", "brigades", "components", "forces", "services", "offices",
                 "departments", "bureaus", "regiments", "squadrons"}

_JOINT_NOUNS = {"operation", "work", "patrol", "exercise", "offensive", "raid", "mission", "effort",
                "campaign", "intervention", "action"}
_PERSONNEL = lx.PERSONNEL_NOUNS | {"soldier", "troop", "element", "unit", "member", "observer",
                                   "peacekeeper", "officer", "agent", "contingent", "sailor", "pilot",
                                   "dissident", "fighter", "militant", "guerrilla", "rebel", "marine",
                                   "policeman", "commando", "remnant"}


def refer(c: Context, tok: Token) -> list[str]:
    """What ``tok`` stands for: a pronoun's or definite description's antecedent, or for
    "this area" the subject of the previous sentence's location statement."""
    if tok.pos_ == "NOUN" and any(ch.lower_ in DEMONSTRATIVES for ch in tok.children):
        return bridge(c, tok)
    return antecedent(c, tok)


def expand(c: Context, tok: Token, depth: int = 0) -> list[str]:
    """Entities an NP headed by ``tok`` names: itself, its appositions and conjuncts,
    or the entity inside an "of" chain ("remnants of the X group")."""
    if depth > 4:
        return []
    out: list[str] = []
    e = c.ent(tok)
    if e:
        out.append(e)
    else:
        for ch in tok.children:
            if ch.dep_ == "appos":
                out += expand(c, ch, depth + 1)
        if not out:
            # "the Shining Path terrorist group", "the Viv Ansanm gang coalition"
            stack = [ch for ch in tok.children if ch.dep_ in ("compound", "nmod", "amod")]
            while stack and not out:
                ch = stack.pop(0)
                inner = c.ent(ch)
                if inner:
                    out.append(inner)
                else:
                    stack += [d for d in ch.children if d.dep_ in ("compound", "nmod")]
        if not out:
            for ch in tok.children:
                if ch.dep_ == "prep" and ch.lower_ == "of":
                    for p in ch.children:
                        if p.dep_ == "pobj":
                            out += expand(c, p, depth + 1)
        if not out:
            out += colon_list(c, tok)
        if not out:  # "criminal gangs such as A and B", "groups including A"
            for ch in tok.children:
                if ch.dep_ == "prep" and (ch.lower_ == "including" or (
                        ch.lower_ == "as" and any(x.lower_ == "such" for x in ch.children))):
                    out += [e for p in ch.children if p.dep_ == "pobj" for e in expand(c, p, depth + 1)]
        if not out and depth > 0:
            out += refer(c, tok)
    for ch in tok.children:
        if ch.dep_ == "conj" or (ch.dep_ == "appos" and e):
            if e and c.cls.get(e) in ("City", "Region") and c.cls.get(c.ent(ch) or "") in (
                    "Country", "Region") and ch.dep_ == "appos":
                continue  # "Lima, Peru" is an address, not a second place
            out += expand(c, ch, depth + 1)
    if e and depth == 0:
        out += _surface_list(c, tok)
    return list(dict.fromkeys(out))


def _surface_list(c: Context, tok: Token) -> list[str]:
    """'in A, B, and C' when the parser broke the coordination: the places listed after
    ``tok``'s entity, up to one joined by 'and'/'or' (a list without 'and' is not one)."""
    first = c.ent(tok)
    if not first or c.top(first) != "Place":
        return []
    i, sent_end = tok.i, sent_of(tok).end
    while i < sent_end and c.tok_ent[i] == first:
        i += 1
    items: list[str] = []
    saw_and = False
    while i < sent_end:
        j = i
        while j < sent_end and c.doc[j].lower_ in (",", "and", "or", "the"):
            saw_and = saw_and or c.doc[j].lower_ in ("and", "or")
            j += 1
        e = c.tok_ent[j] if j < sent_end else None
        if j == i or not e or e.startswith("@") or c.top(e) != "Place":
            break
        if c.cls.get(first) in ("City", "Region") and c.cls.get(e) == "Country" and not saw_and:
            break  # "Lima, Peru" is an address, not a list
        items.append(e)
        i = j
        while i < sent_end and c.tok_ent[i] == e:
            i += 1
        if saw_and:
            break
    return items if saw_and else []


def colon_list(c: Context, tok: Token) -> list[str]:
    """'two directorates: the A and the B' -> [A, B] (a plural unit noun elaborated by a list)."""
    if tok.lower_ not in UNIT_PLURALS:
        return []
    i = tok.i + 1
    if i >= len(c.doc) or c.doc[i].text != ":":
        return []
    out = []
    # the parser may start a new "sentence" after the colon: read on to the full stop
    for t in c.doc[i + 1: i + 40]:
        if t.text in (".", ";") or (t.is_space and "\n" in t.text) or (
                t.pos_ == "VERB" and t.dep_ not in ("amod",)):
            break
        e = c.ent(t)
        if e and e not in out:
            out.append(e)
    return out


def subject_of(c: Context, tok: Token) -> list[str]:
    """The acting entity of the clause around ``tok``: the nearest subject with an entity,
    walking up the parse; "his personnel" stands for the organisation of the man before it."""
    if tok.dep_ == "ROOT" and tok.pos_ == "NOUN":
        owners = [e for ch in tok.children if ch.dep_ == "compound" and (e := c.ent(ch))]
        if owners:
            return owners[-1:]
    seen = 0
    node = tok
    while node is not None and seen < 8:
        seen += 1
        if node.i != tok.i and node.dep_ in ("acl", "relcl") and c.ent(node.head):
            return expand(c, node.head)
        if node.dep_ in ("acl",) and node.i == tok.i and c.ent(node.head):
            return expand(c, node.head)
        for ch in node.children:
            if ch.dep_ in ("nsubj", "nsubjpass", "csubj"):
                found = expand(c, ch) or refer(c, ch)
                if found:
                    return found
                owner = pronoun_owner(c, ch)
                owners = [owner] if owner else _possessor(c, ch)
                if owners:
                    return owners
                if ch.lower_ not in _THIRD_PERSON and ch.lemma_.lower() not in _PERSONNEL:
                    return []
        if node.dep_ == "ROOT" or node.head.i == node.i:
            break
        node = node.head
    return []


def _possessor(c: Context, tok: Token) -> list[str]:
    """'Rwanda's contingent', 'our units', 'units from Ecuador and Peru': a body's people
    stand for the bodies (or countries) they belong to."""
    if tok.lemma_.lower() not in _PERSONNEL:
        return []
    for ch in tok.children:
        if ch.dep_ == "poss":
            found = expand(c, ch) or refer(c, ch)
            if found:
                return found
        if ch.dep_ == "prep" and ch.lower_ in ("from", "of"):
            found = [e for p in ch.children if p.dep_ == "pobj" for e in expand(c, p)]
            if found:
                return found
        named = c.ent(ch)
        if ch.dep_ == "compound" and named and not named.startswith("@"):
            return [named]  # "Brazilian Army soldiers", "FARC dissidents"
    return []


def objects_via(c: Context, tok: Token, preps: frozenset[str], through: bool = False) -> list[str]:
    """Entities in the objects of ``tok``'s prepositions in ``preps`` ("dobj": its direct
    object); with ``through``, also one prepositional phrase further down ("working as
    observers in Cyprus")."""
    out: list[str] = []
    for ch in tok.children:
        if ch.dep_ in ("prep", "agent", "dative") and ch.lower_ in preps:
            for prep in (ch, *(x for x in ch.children if x.dep_ == "conj" and x.lower_ in preps)):
                for p in prep.children:
                    if p.dep_ in ("pobj", "pcomp"):
                        found = expand(c, p) or refer(c, p)
                        if not found and through:  # "trained in amphibious landings in P"
                            found = objects_via(c, p, preps)
                        out += found
        elif ch.dep_ == "dobj" and "dobj" in preps:
            out += expand(c, ch)
        elif through and ch.dep_ == "prep":
            for p in ch.children:
                if p.dep_ == "pobj":
                    out += objects_via(c, p, preps)
    return out


def partners(c: Context, tok: Token) -> list[str]:
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
                    out += [e for e in expand(c, p) if not e.startswith("@")
                            and c.top(e) == "Organization"]
    return out


def bridge(c: Context, tok: Token) -> list[str]:
    """'X are located in a remote area. This area is ...': 'this area' is where X are, so it
    stands for X in a location statement. Only the previous sentence is searched."""
    earlier = [s for s in sents(c.doc) if s.end <= tok.i][-1:]
    for sent in earlier:
        for t in sent:
            if (t.lemma_ == tok.lemma_ and t.dep_ == "pobj" and t.head.lower_ in ("in", "at")
                    and t.head.head.lemma_ in ("locate", "base", "hide", "be", "operate", "live")):
                return [e for e in subject_of(c, t.head.head) if not e.startswith("@")]
    return []


def hypothetical(tok: Token) -> bool:
    """Negated, modal, planned or asked-about: not a statement of fact (once per token:
    the relation layer asks again for every pair whose path crosses it)."""
    memo = tok.doc.user_data.setdefault("kg_hypothetical", {})
    found = memo.get(tok.i)
    if found is None:
        found = memo[tok.i] = _hypothetical(tok)
    return found


def _hypothetical(tok: Token) -> bool:
    node = tok
    for _ in range(4):
        for ch in node.children:
            if ch.dep_ == "neg" or (ch.dep_ == "aux" and ch.lower_ in _MODALS):
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

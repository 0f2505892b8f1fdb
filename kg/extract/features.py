"""Sparse features of a candidate pair, the relation classifier's input.

``Context`` + ``Candidate`` (+ the rules that fired on the pair) -> a list of feature
strings. Each string names one observation; the model (``kg.extract.classifier``) has
one weight per string and relation. The groups, after the classic feature sets for
relation extraction (Mintz et al. 2009; Zhou et al. 2005):

* ``cls:`` / ``top:``  the two entities' classes, and in which order they appear;
* ``bw:`` / ``bseq:`` / ``bfirst:`` / ``blast:``  the words between the two mentions;
* ``pre:`` / ``post:`` the word before the first and after the second mention;
* ``path:`` / ``lca:`` / ``pw:``  the shortest dependency path between the mentions'
  heads (labels, its top word, the words on it), ``gov1:``/``gov2:`` their governing verbs;
* ``coord`` / ``coordgov:``  both in one coordination, and what governs the list;
* ``cue:``  cue words of the rules (``kg.extract.rules``) on the path, between, or in the
  sentence, by the property they cue;
* ``rule:`` / ``rrev:``  which rules found this pair, in this or the other direction;
* ``kind:``  whether a mention is a name, a pronoun, a definite description or implied;
* ``emb1:`` / ``emb2:``  a mention only modifies another name ("Peruvian Navy Admiral Ana
  Ruiz", "the Army's Fifth Division"): the other one of the pair (``:pair``) or a third;
* ``hyp``  the clause is negated, modal, planned or a question.

A few groups are also crossed with the classes of the pair, so that one word can
weigh differently for a person and a place.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..ontology import top_class
from .candidates import Candidate
from .context import Context
from .mentions import sents, toks
from .rules import RULES
from .syntax import hypothetical

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

FEATURES_VERSION = "features.v1"
CROSSED = ("lca:", "prep2:", "bseq:", "h2:", "dep:", "ord:", "coordgov:", "gov1:", "shape:", "coord-collab")

# Words of working together: a coordination of bodies under one of them is a joint action.
COLLABORATION = frozenset({
    "joint", "jointly", "combined", "together", "cooperation", "cooperate", "collaboration",
    "collaborate", "coordination", "coordinate", "partnership", "partner", "alliance", "agreement",
    "agree", "bilateral", "binational", "multinational", "trilateral", "coalition", "support",
    "assistance", "interoperability", "integration", "exchange", "sign", "unite", "alongside"})


@lru_cache(maxsize=1)
def cue_properties() -> dict[str, frozenset[str]]:
    """cue word -> the properties whose rules listen for it."""
    out: dict[str, set[str]] = {}
    for rule in RULES:
        for cue in rule.cues:
            out.setdefault(cue, set()).add(rule.predicate)
    return {k: frozenset(v) for k, v in out.items()}


def word(tok: Token) -> str:
    """A token as a feature word: its lowercase lemma, numbers folded."""
    if tok.like_num:
        return "<num>"
    return tok.lemma_.lower()


def dep_path(x: Token, y: Token) -> tuple[list[Token], Token, list[Token]] | None:
    """Tokens from ``x`` up to (not including) the lowest common ancestor, the ancestor,
    and the tokens from below it down to ``y``."""
    up = [x, *x.ancestors]
    from_y = [y, *y.ancestors]
    pos = {t.i: k for k, t in enumerate(from_y)}
    for k, t in enumerate(up):
        if t.i in pos:
            return up[:k], t, list(reversed(from_y[:pos[t.i]]))
    return None


def _path(c: Context, x: Token, y: Token) -> tuple[list[Token], Token, list[Token]] | None:
    """``dep_path`` over the article's cached chains of heads."""
    tokens = toks(c.doc)
    chains: dict[int, list[int]] = c.memo.setdefault("head-chains", {})

    def chain(i: int) -> list[int]:
        if i not in chains:
            out, j = [i], i
            while tokens[j].head.i != j and len(out) < 64:
                j = tokens[j].head.i
                out.append(j)
            chains[i] = out
        return chains[i]

    up, from_y = chain(x.i), chain(y.i)
    pos = {j: k for k, j in enumerate(from_y)}
    for k, j in enumerate(up):
        if j in pos:
            return [tokens[i] for i in up[:k]], tokens[j], [tokens[i] for i in reversed(from_y[:pos[j]])]
    return None


def _governor(tok: Token) -> Token | None:
    for t in tok.ancestors:
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _conj_root(tok: Token) -> Token:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _bucket(n: int) -> str:
    for limit, name in ((0, "0"), (1, "1"), (3, "2-3"), (6, "4-6"), (10, "7-10")):
        if n <= limit:
            return name
    return "11+"


@dataclass(frozen=True, slots=True)
class _SentenceFacts:
    """What every candidate of one sentence shares, computed once."""

    cues: tuple[str, ...]  # the properties whose cue words occur in the sentence
    collab: bool  # a word of working together occurs in it


def _facts(c: Context, k: int) -> _SentenceFacts:
    memo = c.memo.setdefault("sentence-facts", {})
    if k not in memo:
        sent = sents(c.doc)[k]
        lemmas = {t.lemma_.lower() for t in toks(c.doc)[sent.start:sent.end]}
        cues = cue_properties()
        memo[k] = _SentenceFacts(tuple(sorted({p for w in lemmas for p in cues.get(w, ())})),
                                 not lemmas.isdisjoint(COLLABORATION))
    return memo[k]


def _words(c: Context) -> list[str]:
    """``word`` of every token of the article, computed once."""
    words = c.memo.get("words")
    if words is None:
        words = c.memo["words"] = [word(t) for t in toks(c.doc)]
    return words


def _root(tokens: list[Token], start: int, end: int) -> Token:
    """The head of the tokens [start, end): the first whose head lies outside them."""
    for t in tokens[start:end]:
        h = t.head.i
        if h == t.i or not start <= h < end:
            return t
    return tokens[start]


def features(c: Context, cand: Candidate, rule_keys: Iterable[str] = ()) -> list[str]:
    """The feature strings of one candidate pair."""
    tokens, all_words = toks(c.doc), _words(c)
    sent = sents(c.doc)[cand.sent]
    facts = _facts(c, cand.sent)
    s, o = cand.subject, cand.object
    cs, co = c.cls.get(s.entity, ""), c.cls.get(o.entity, "")
    ts, to = top_class(cs) if cs else "", top_class(co) if co else ""
    f = [f"cls:{cs}>{co}", f"top:{ts}>{to}", f"kind:{s.kind}>{o.kind}", *rule_keys]
    s_first = s.start < o.start
    f.append("ord:" + ("so" if s_first else "os"))
    first, second = (s, o) if s_first else (o, s)
    cues = cue_properties()
    words = [all_words[i] for i in range(first.end, second.start) if not tokens[i].is_space]
    f.append("dist:" + _bucket(len(words)))
    if len(words) <= 10:
        f += [f"bw:{w}" for w in sorted(set(words))]
        if len(words) <= 4:
            f.append("bseq:" + " ".join(words))
    else:
        f += [f"bwx:{w}" for w in sorted(set(words[:3] + words[-3:]))]
    if words:
        f += ["bfirst:" + words[0], "blast:" + words[-1]]
    f += [f"bcue:{p}" for p in sorted({p for w in words for p in cues.get(w, ())})]
    others = sum(1 for i in range(first.end, second.start)
                 if c.tok_ent[i] and (i == first.end or c.tok_ent[i] != c.tok_ent[i - 1]))
    f.append(f"nent:{min(others, 3)}")
    f.append("pre:" + (all_words[first.start - 1] if first.start > sent.start else "<s>"))
    f.append("post:" + (all_words[second.end] if second.end < sent.end else "</s>"))
    rs, ro = _root(tokens, s.start, s.end), _root(tokens, o.start, o.end)
    path = _path(c, rs, ro)
    for tag, root, occ, other in (("emb1", rs, s, o), ("emb2", ro, o, s)):
        host = _host(c, root, occ.entity)
        if host is not None:
            f.append(tag + (":pair" if host == other.entity else ":other"))
    f += _path_features(rs, ro, path, cues)
    gs, go = _governor(rs), _governor(ro)
    f.append("gov1:" + (word(gs) if gs is not None else "-"))
    f.append("gov2:" + (word(go) if go is not None else "-"))
    if gs is not None and go is not None and gs.i == go.i:
        f.append("samegov:" + word(gs))
    if _hypothetical(path, gs, sent):
        f.append("hyp")
    collab = facts.collab
    if collab:
        f.append("collab")
    k1, k2 = _conj_root(rs), _conj_root(ro)
    if k1.i == k2.i or k1.i == ro.i or k2.i == rs.i:
        f.append("coord")
        h = k1.head
        f.append(f"coordgov:{k1.dep_}:{word(h)}")
        f.append(f"coorddep:{k1.dep_}")
        if h.dep_ == "prep":
            f.append(f"coordgov2:{word(h)}:{word(h.head)}")
        if collab:
            f.append("coord-collab")
            f.append(f"coord-collab:{k1.dep_}")
    f += [f"scue:{p}" for p in facts.cues]
    return _crossed(f, ts, to)


# Dependencies by which a name modifies the noun it stands before ("Peruvian Navy Admiral X",
# "the Armed Forces' Joint Command"): it names what that noun belongs to, not an actor of its own.
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})


def _host(c: Context, root: Token, entity: str) -> str | None:
    """The entity whose name ``root``'s mention modifies, through a chain of modifier
    dependencies over common nouns (at most three steps), else None."""
    tok = root
    for _ in range(3):
        if tok.dep_ not in _MODIFIER_DEPS or tok.head.i == tok.i:
            return None
        tok = tok.head
        e = c.tok_ent[tok.i]
        if e and e != entity and not e.startswith("@"):
            return e
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
    return None


def _hypothetical(path: tuple[list[Token], Token, list[Token]] | None, gov: Token | None, sent: Span) -> bool:
    """Negated, modal, planned or asked: the governing verb of the subject, or any verb on the
    path between the two mentions ("X plans to cooperate with Y": 'cooperate')."""
    if hypothetical(gov if gov is not None else sent.root):
        return True
    if path is None:
        return False
    up, lca, down = path
    return any(t.pos_ in ("VERB", "AUX") and hypothetical(t) for t in (*up[1:], lca, *down[:-1]))


def _path_features(rs: Token, ro: Token, p: tuple[list[Token], Token, list[Token]] | None,
                   cues: dict[str, frozenset[str]]) -> list[str]:
    f: list[str] = []
    if p is None:
        return ["nopath"]
    up, lca, down = p
    deps = "|".join(t.dep_ for t in up) + "^" + "|".join(t.dep_ for t in down)
    inner = [word(t) for t in up[1:]]
    if lca.i not in (rs.i, ro.i):
        inner.append(word(lca))
    inner += [word(t) for t in down[:-1]]
    length = len(up) + len(down)
    f += [f"path:{deps}", f"plca:{word(lca)}:{deps}", f"lca:{word(lca)}", f"lcapos:{lca.pos_}",
          f"plen:{min(length, 6)}"]
    if length <= 6:
        f.append("plex:" + "|".join(t.dep_ for t in up) + "^" + " ".join(inner) + "^"
                 + "|".join(t.dep_ for t in down))
    for w in sorted(set(inner)):
        f.append("pw:" + w)
        f += [f"pcue:{prop}" for prop in sorted(cues.get(w, ()))]
    f.append(f"dep:{rs.dep_}>{ro.dep_}")
    f.append(f"h1:{rs.dep_}:{word(rs.head)}")
    f.append(f"h2:{ro.dep_}:{word(ro.head)}")
    if ro.dep_ == "pobj":
        f.append(f"prep2:{ro.head.lower_}:{word(ro.head.head)}")
        f.append(f"shape:{up[0].dep_ if up else '-'}|{ro.head.lower_}")
    if rs.dep_ == "pobj":
        f.append(f"prep1:{rs.head.lower_}:{word(rs.head.head)}")
    if ro.head.i == rs.i:
        f.append("direct:" + ro.dep_)
    elif rs.head.i == ro.i:
        f.append("direct^" + rs.dep_)
    return f


def _crossed(f: list[str], ts: str, to: str) -> list[str]:
    pair = f"{ts}>{to}|"
    return f + [pair + x for x in f if x.startswith(CROSSED)]

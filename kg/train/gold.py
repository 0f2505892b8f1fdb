"""Annotated articles: reference graphs in kg-builder's gold JSON format, and CoNLL04.

Folders and files -> ``Annotated`` (an ``Article`` and its ``Gold`` graph).

Gold JSON (the format of the project's evaluation data): ``entities`` maps an id to
``{"label", "type", "aliases"}``; ``optional_entities`` lists peripheral ids; ``triples``
holds ``{"s", "p", "o", "optional"}`` where ``s``, ``p`` and ``o`` may be lists ("any of
these"). A corpus folder holds ``texts/NAME.txt`` and ``gold/NAME.json``; a
``SPLIT.json`` (``{"train": [...], "test": [...]}``) picks a split.

CoNLL04 (Roth & Yih 2004, in the JSON-lines form distributed with SpERT: ``tokens``,
``entities`` with ``type``/``start``/``end``, ``relations`` with ``type``/``head``/``tail``):
each sentence is an article; its relation types map onto the ontology's properties by
the classes of the two arguments (``CONLL04_PROPERTIES``).
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..ingest import make_article
from ..models import Article, KGError


@dataclass(frozen=True, slots=True)
class GoldEntity:
    id: str
    label: str
    cls: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GoldTriple:
    """Any subject of ``s``, property of ``p`` and object of ``o`` makes the triple true."""

    s: tuple[str, ...]
    p: tuple[str, ...]
    o: tuple[str, ...]
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Gold:
    entities: tuple[GoldEntity, ...]
    triples: tuple[GoldTriple, ...]
    optional_entities: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Annotated:
    name: str  # e.g. "dev/d01" or "conll04/s0012"
    article: Article
    gold: Gold


def fold_name(text: str) -> str:
    """A name for matching: no accents, case, punctuation, possessive or leading article."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).lower()
    t = t.replace("\u2019", "'").replace("\u2018", "'")
    t = re.sub(r"'s\b", "", t)
    t = re.sub(r"s'(?=\s|$)", "s", t)
    t = re.sub(r"[^\w\s]", " ", t)
    t = re.sub(r"\s+", " ", t).strip()
    return re.sub(r"^(?:the|a|an) ", "", t)


def _as_tuple(x: object) -> tuple[str, ...]:
    return tuple(str(v) for v in x) if isinstance(x, list) else (str(x),)


def parse_gold(data: dict[str, object], source: str) -> Gold:
    """Gold JSON -> ``Gold``; a malformed file is a KGError naming it."""
    try:
        ents = data["entities"]
        assert isinstance(ents, dict)
        entities = tuple(GoldEntity(k, str(v["label"]), str(v["type"]), tuple(v.get("aliases", ())))
                         for k, v in sorted(ents.items()))
        raw = data.get("triples", [])
        assert isinstance(raw, list)
        triples = tuple(GoldTriple(_as_tuple(t["s"]), _as_tuple(t["p"]), _as_tuple(t["o"]),
                                   bool(t.get("optional", False))) for t in raw)
        opt = data.get("optional_entities", [])
        assert isinstance(opt, list)
    except (KeyError, TypeError, AssertionError) as err:
        raise KGError(f"{source} is not a gold graph: it needs 'entities' (id -> label, type, "
                      f"aliases) and 'triples' (s, p, o) ({err!r}).") from err
    known = {e.id for e in entities}
    for t in triples:
        missing = [x for x in (*t.s, *t.o) if x not in known]
        if missing:
            raise KGError(f"{source}: a triple names entities that are not defined: {missing}.")
    return Gold(entities, triples, frozenset(str(x) for x in opt))


def read_corpus(folder: str | Path, split: str | None = "train") -> list[Annotated]:
    """The annotated articles of a corpus folder (``texts/``, ``gold/``, optional ``SPLIT.json``)."""
    root = Path(folder)
    gold_dir, text_dir = root / "gold", root / "texts"
    if not gold_dir.is_dir() or not text_dir.is_dir():
        raise KGError(f"{root} is not an annotated corpus: it needs texts/NAME.txt and gold/NAME.json.")
    names = sorted(p.stem for p in gold_dir.glob("*.json"))
    split_file = root / "SPLIT.json"
    if split and split_file.is_file():
        chosen = json.loads(split_file.read_text(encoding="utf-8")).get(split)
        if chosen is None:
            raise KGError(f"{split_file} has no split {split!r}.")
        names = [n for n in names if n in set(chosen)]
    out = []
    for name in names:
        text_path = text_dir / f"{name}.txt"
        if not text_path.is_file():
            raise KGError(f"{root}: gold/{name}.json has no texts/{name}.txt.")
        gold_path = gold_dir / f"{name}.json"
        gold = parse_gold(json.loads(gold_path.read_text(encoding="utf-8")), str(gold_path))
        article = make_article(text_path.read_text(encoding="utf-8"), str(text_path))
        out.append(Annotated(f"{root.name}/{name}", article, gold))
    return out


# CoNLL04 entity types -> ontology classes, and relation types -> properties (in order of
# preference; the first one the ontology allows between the two classes found is the label).
CONLL04_CLASSES = {"Peop": "Person", "Org": "Organization", "Loc": "Place", "Other": ""}
CONLL04_PROPERTIES: dict[str, tuple[str, ...]] = {
    "Work_For": ("memberOf",),
    "OrgBased_In": ("locatedIn",),
    "Located_In": ("locatedIn",),
    "Live_In": ("country", "operatesIn"),
    "Kill": (),
}


_GLUE_LEFT = frozenset({",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "'s", "n't", "'", "''"})
_GLUE_RIGHT = frozenset({"(", "[", "{", "$", "``"})


def detokenize(tokens: Sequence[str]) -> str:
    """Rejoin a tokenised sentence: no space before closing punctuation or after an opening
    one; ``...'' quotes become straight double quotes."""
    out: list[str] = []
    prev = ""
    for tok in tokens:
        if out and tok not in _GLUE_LEFT and prev not in _GLUE_RIGHT:
            out.append(" ")
        out.append('"' if tok in ("``", "''") else tok)
        prev = tok
    return "".join(out)


def read_conll04(path: str | Path, limit: int = 0) -> list[Annotated]:
    """CoNLL04 JSON lines -> one ``Annotated`` article per sentence."""
    p = Path(path)
    out = []
    with p.open(encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if limit and k >= limit:
                break
            rec = json.loads(line)
            ents = [GoldEntity(f"e{i}", detokenize(rec["tokens"][e["start"]:e["end"]]),
                               CONLL04_CLASSES.get(e["type"], "")) for i, e in enumerate(rec["entities"])]
            triples = tuple(GoldTriple((f"e{r['head']}",), CONLL04_PROPERTIES.get(r["type"], ()),
                                       (f"e{r['tail']}",)) for r in rec["relations"]
                            if CONLL04_PROPERTIES.get(r["type"]))
            text = detokenize(rec["tokens"])
            try:
                article = make_article(text, f"{p.name}#{k}", id=f"conll04-{k:05d}")
            except ValueError:  # read as a header with no body (a dateline-like fragment): as a build would
                continue
            out.append(Annotated(f"{p.stem}/{k}", article, Gold(tuple(ents), triples)))
    return out


def iter_corpora(folders: Sequence[str | Path], split: str | None) -> Iterator[Annotated]:
    for folder in folders:
        yield from read_corpus(folder, split)

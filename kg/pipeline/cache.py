"""Per-article results kept between builds: ``Article`` -> ``Record`` (one JSON file each).

A ``Record`` is what one article yields: its entities and relations (all of them,
before ``--min-confidence``), the spaCy model that read it, and its RDF rendered as
N-Triples/N-Quads text (``Rendered``), so a rebuild of an unchanged article needs
neither spaCy nor rdflib: it only re-merges and re-serialises.

Records live in ``<out>/.kg-cache/<k[:2]>/<k>.json``. The key ``k`` hashes

* the article's content hash and the metadata extraction reads (id, title, author,
  publisher, date, url; not the file path, so moving a file keeps its record);
* the model (name and installed version) and the excluded components;
* ``code_version()``: the extraction code, that is every ``.py`` file under ``kg/extract``
  (the rules included), ``kg/models.py`` and ``kg/ontology.py`` (which extraction asks
  for domains and ranges), the ontology file itself, and the versions of spaCy,
  pycountry and countryinfo. Editing a rule or a recogniser invalidates the cache by
  itself; editing the build, the rendering or the use side does not.

The rendered RDF has its own key (``render_key``): base IRI, ``--min-confidence``, the
article's metadata including its path and provenance (extractor, fetch time, dateline),
and ``rdf.py``'s source. A page fetched again with the same text is still a record hit
(the fetch time is not in the record key); an unchanged page revalidated with a 304
keeps its fetch time, so its rendering is reused too. A record whose
extraction is still valid but whose rendering is not is re-rendered, not re-parsed.
Files are written atomically (``kg.outputs.write_atomic``); an unreadable file is a miss.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import extract
from ..extract.nlp import resolve_model_name
from ..models import Article, Entity, Provenance, Relation
from ..ontology import ONTOLOGY_PATH
from ..outputs import write_atomic

log = logging.getLogger(__name__)

CACHE_DIR = ".kg-cache"
FORMAT = 2
"""Version of the record layout; bump it when ``Record``'s JSON changes."""

RENDER_MODULES: tuple[str, ...] = ("rdf", "ontology", "pipeline.assemble")


@dataclass(frozen=True, slots=True)
class Rendered:
    """One article's RDF as text: ``default`` (N-Triples: the article node and its
    entities' ``dcterms:source`` links) and ``named`` (N-Quads in the article's named
    graph: relation triples and their evidence). ``key`` says what it was rendered with."""

    key: str
    default: str
    named: str


@dataclass(frozen=True, slots=True)
class Record:
    """Everything kept about one article between builds."""

    key: str
    model: str  # model id as recorded in the graph (``nlp.model_id``)
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    rendered: Rendered | None = None


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


def _module_source(name: str) -> str:
    import importlib.util

    spec = importlib.util.find_spec(f"kg.{name}")
    if spec is None or spec.origin is None:
        return f"<missing {name}>"
    return Path(spec.origin).read_text(encoding="utf-8")


def extraction_files() -> list[Path]:
    """The files whose content decides what an article yields (see the module docstring)."""
    package = Path(extract.__file__).resolve().parent
    files = sorted(package.rglob("*.py"), key=lambda p: p.relative_to(package).as_posix())
    return [*files, package.parent / "models.py", package.parent / "ontology.py", ONTOLOGY_PATH]


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the extraction code (``extraction_files``) and the data packages it reads."""
    root = Path(extract.__file__).resolve().parents[1]
    parts = []
    for path in extraction_files():
        # the ontology sits in ontology/ of a checkout and kg/_ontology/ of a wheel: same name
        name = path.relative_to(root).as_posix() if path.suffix == ".py" else f"ontology/{path.name}"
        parts += [name, path.read_text(encoding="utf-8") if path.is_file() else "<missing>"]
    parts += [f"{d}={_dist_version(d)}" for d in ("spacy", "pycountry", "countryinfo")]
    return _digest(*parts)[:32]


@lru_cache(maxsize=1)
def render_version() -> str:
    """A hash of the code that turns a record into RDF."""
    return _digest(str(FORMAT), *(_module_source(m) for m in RENDER_MODULES))[:32]


def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    for candidate in (name, name.replace("_", "-")):
        try:
            return version(candidate)
        except PackageNotFoundError:
            continue
    return "?"


def model_key(model: str | None, exclude: Iterable[str] = ()) -> str:
    """The model's identity without loading spaCy: resolved name, installed version, exclusions."""
    name = resolve_model_name(model)
    path = Path(name)
    if path.is_dir():  # a model folder: its meta.json says what it is
        meta = path / "meta.json"
        version = _digest(meta.read_text(encoding="utf-8")) if meta.is_file() else str(path.stat().st_mtime)
    else:
        version = _dist_version(name)
    return f"{name}=={version};exclude={','.join(sorted(exclude))}"


def record_key(article: Article, model: str) -> str:
    """The cache key of ``article`` read by ``model`` (a ``model_key``)."""
    return _digest(str(FORMAT), model, code_version(), article.content_hash, article.id,
                   *(v or "" for v in (article.title, article.author, article.publisher,
                                       article.date, article.url)))


def render_key(article: Article, base: str, min_confidence: float) -> str:
    """What a rendering of ``article`` depends on besides its record: every field of the
    article but its text (which ``content_hash`` stands for), provenance included."""
    return _digest(render_version(), base, repr(float(min_confidence)), article.id, article.source,
                   article.content_hash,
                   *(v or "" for v in (article.title, article.author, article.publisher,
                                       article.date, article.url, article.extractor,
                                       article.fetched, article.dateline)))[:32]


# ------------------------------------------------------------------------- JSON

def record_to_json(rec: Record) -> dict[str, object]:
    return {
        "format": FORMAT,
        "key": rec.key,
        "model": rec.model,
        "entities": [[e.id, e.label, e.cls, list(e.aliases), e.rank, e.mention_count]
                     for e in rec.entities],
        "relations": [[r.subject, r.predicate, r.object, r.provenance.article_id, r.provenance.sentence,
                       r.provenance.start, r.provenance.end, r.provenance.rule, r.provenance.confidence,
                       list(r.provenance.evidence)]
                      for r in rec.relations],
        "rendered": None if rec.rendered is None else
        {"key": rec.rendered.key, "default": rec.rendered.default, "named": rec.rendered.named},
    }


def record_from_json(data: dict[str, Any]) -> Record:
    """The inverse of ``record_to_json``; raises ``ValueError`` on a malformed record."""
    try:
        if data["format"] != FORMAT:
            raise ValueError(f"record format {data['format']!r}, expected {FORMAT}")
        entities = tuple(Entity(i, label, cls, tuple(aliases), rank, int(n))
                         for i, label, cls, aliases, rank, n in data["entities"])
        relations = tuple(Relation(s, p, o, Provenance(a, sent, int(b), int(e), rule, float(c), tuple(ev)))
                          for s, p, o, a, sent, b, e, rule, c, ev in data["relations"])
        r = data.get("rendered")
        rendered = Rendered(r["key"], r["default"], r["named"]) if r else None
        return Record(data["key"], data["model"], entities, relations, rendered)
    except (KeyError, TypeError) as err:
        raise ValueError(f"malformed record: {err!r}") from err


# ------------------------------------------------------------------------- files

class RecordCache:
    """The records of one output folder: ``<out>/.kg-cache``.

    >>> cache = RecordCache(Path("output") / CACHE_DIR, model_key(None))  # doctest: +SKIP
    >>> cache.load(article) or extract_it(article)                        # doctest: +SKIP
    """

    def __init__(self, root: Path, model: str) -> None:
        self.root = Path(root)
        self.model = model
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def key(self, article: Article) -> str:
        return record_key(article, self.model)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def load(self, article: Article) -> Record | None:
        """The record of ``article``, or ``None`` (never cached, or unreadable)."""
        key = self.key(article)
        self.used.add(key)
        path = self._path(key)
        try:
            data = json.loads(path.read_bytes())
            rec = record_from_json(data)
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError) as err:  # JSONDecodeError is a ValueError
            log.warning("ignoring unreadable cache record %s: %s", path, err)
            self.misses += 1
            return None
        if rec.key != key:
            self.misses += 1
            return None
        self.hits += 1
        return rec

    def save(self, rec: Record) -> None:
        """Write ``rec`` atomically (a reader sees the old file or the new one, never half).

        Not synced to disk (two syncs an article cost the build about 1.5 % of its time):
        a record a crash loses or empties is unreadable or missing, so it is made again."""
        path = self._path(rec.key)
        self.used.add(rec.key)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(record_to_json(rec), ensure_ascii=False, separators=(",", ":")),
                     durable=False)

    def prune(self) -> int:
        """Delete the records this build did not use (articles removed or changed); return how many."""
        if not self.root.is_dir():
            return 0
        removed = 0
        for path in self.root.glob("*/*.json"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
                removed += 1
        for path in self.root.glob("*/.*.tmp"):  # left by a killed build
            path.unlink(missing_ok=True)
        return removed

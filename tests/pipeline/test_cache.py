"""The per-article cache: unchanged articles are not parsed again, and reuse changes nothing."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from corpora import SMALL_TEXTS, write_corpus

import kg.extract.nlp
import kg.pipeline.records
from kg.ingest import make_article
from kg.pipeline import BuildOptions, build
from kg.pipeline.cache import CACHE_DIR, RecordCache, model_key, record_from_json, record_to_json

TEXTS = {f"{k}.txt": SMALL_TEXTS[k] for k in "abc"}
OPTS = BuildOptions(view=False)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", TEXTS)


@pytest.fixture()
def parses(monkeypatch) -> list[str]:
    """Records every article that goes through spaCy and extraction."""
    seen: list[str] = []
    real = kg.pipeline.records.record_of

    def counting(doc, article, **kw):  # type: ignore[no-untyped-def]
        seen.append(Path(article.source).name)
        return real(doc, article, **kw)

    monkeypatch.setattr(kg.pipeline.records, "record_of", counting)
    return seen


def _outputs(out: Path) -> tuple[bytes, bytes]:
    return (out / "graph.ttl").read_bytes(), (out / "graph.trig").read_bytes()


def test_record_json_round_trip(extract):
    ex = extract(TEXTS["a.txt"])
    from kg.pipeline.cache import Record

    rec = Record("k", "model", ex.entities, ex.relations)
    assert record_from_json(json.loads(json.dumps(record_to_json(rec)))) == rec


def test_unchanged_rebuild_parses_nothing_and_writes_the_same_bytes(corpus, tmp_path, parses, monkeypatch):
    out = tmp_path / "out"
    build([corpus], out=out, options=OPTS)
    assert sorted(parses) == sorted(TEXTS)
    first = _outputs(out)

    def no_spacy(*a, **kw):  # type: ignore[no-untyped-def]
        raise AssertionError("the model was loaded for a fully cached rebuild")

    monkeypatch.setattr(kg.extract.nlp, "load_pipeline", no_spacy)
    parses.clear()
    _, report = build([corpus], out=out, options=OPTS)
    assert parses == [] and report.articles == len(TEXTS)
    assert _outputs(out) == first


def test_adding_one_article_parses_only_that_one(corpus, tmp_path, parses):
    out = tmp_path / "out"
    (corpus / "c.txt").rename(tmp_path / "c.txt")
    build([corpus], out=out, options=OPTS)
    shutil.move(tmp_path / "c.txt", corpus / "c.txt")
    parses.clear()
    build([corpus], out=out, options=OPTS)
    assert parses == ["c.txt"]
    fresh = tmp_path / "fresh"
    build([corpus], out=fresh, options=BuildOptions(view=False, cache=False))
    assert _outputs(out) == _outputs(fresh)


def test_changed_article_is_parsed_again_and_its_old_record_dropped(corpus, tmp_path, parses):
    out = tmp_path / "out"
    build([corpus], out=out, options=OPTS)
    records = set((out / CACHE_DIR).glob("*/*.json"))
    (corpus / "b.txt").write_text(TEXTS["b.txt"].replace("Rosa Vega", "Rosa Ortega"), encoding="utf-8")
    parses.clear()
    build([corpus], out=out, options=OPTS)
    assert parses == ["b.txt"]
    now = set((out / CACHE_DIR).glob("*/*.json"))
    assert len(now) == len(records) and len(now - records) == 1  # stale record pruned
    assert b"Rosa Ortega" in (out / "graph.ttl").read_bytes()
    assert b"Rosa Vega" not in (out / "graph.ttl").read_bytes()


def test_moved_file_and_new_options_reuse_the_extraction(corpus, tmp_path, parses):
    """The path and --min-confidence change the RDF, not the extraction: no parse, right output."""
    out = tmp_path / "out"
    build([corpus], out=out, options=OPTS)
    moved = tmp_path / "moved"
    corpus.rename(moved)
    parses.clear()
    opts = BuildOptions(view=False, min_confidence=0.85)
    build([moved], out=out, options=opts)
    assert parses == []
    fresh = tmp_path / "fresh"
    build([moved], out=fresh, options=BuildOptions(view=False, cache=False, min_confidence=0.85))
    assert _outputs(out) == _outputs(fresh)
    assert str(moved).encode() in (out / "graph.ttl").read_bytes()


@pytest.mark.parametrize("damage", ["{ not json", ""])  # "": what a crash can leave (records are not synced)
def test_unreadable_record_is_a_miss(corpus, tmp_path, parses, damage):
    out = tmp_path / "out"
    build([corpus], out=out, options=OPTS)
    first = _outputs(out)
    victim = sorted((out / CACHE_DIR).glob("*/*.json"))[0]
    victim.write_text(damage, encoding="utf-8")
    parses.clear()
    build([corpus], out=out, options=OPTS)
    assert len(parses) == 1 and _outputs(out) == first
    json.loads(victim.read_text(encoding="utf-8"))  # rewritten whole


def test_code_change_invalidates_the_cache(corpus, tmp_path, parses, monkeypatch):
    import kg.pipeline.cache

    out = tmp_path / "out"
    build([corpus], out=out, options=OPTS)
    monkeypatch.setattr(kg.pipeline.cache, "code_version", lambda: "a rule changed")
    parses.clear()
    build([corpus], out=out, options=OPTS)
    assert sorted(parses) == sorted(TEXTS)


def test_the_cache_key_hashes_the_extraction_code_and_nothing_else(tmp_path):
    """On a copy of the package: editing the build, the rendering, the use side or the CLI
    keeps every cached article; editing extraction code, the models or a rule does not."""
    import kg

    copy = tmp_path / "kg"
    shutil.copytree(Path(kg.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))

    def key() -> str:
        code = "import kg.pipeline.cache as c; print(c.__file__); print(c.code_version())"
        run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(tmp_path)}, check=True)
        where, value = run.stdout.split()
        assert Path(where).is_relative_to(copy), where  # the copy, not the checkout
        return value

    def edit(name: str) -> None:
        with (copy / name).open("a", encoding="utf-8") as fh:
            fh.write("\n# an edit\n")

    first = key()
    for name in ("pipeline/run.py", "pipeline/assemble.py", "pipeline/cache.py", "rdf.py", "use/view.py",
                 "cli.py", "api.py"):
        edit(name)
    assert key() == first
    seen = {first}
    for name in ("extract/relations.py", "extract/rules/__init__.py", "extract/__init__.py", "models.py"):
        edit(name)
        value = key()
        assert value not in seen, f"editing {name} kept the cache key"
        seen.add(value)


def test_no_cache_neither_reads_nor_writes(corpus, tmp_path, parses):
    out = tmp_path / "out"
    build([corpus], out=out, options=BuildOptions(view=False, cache=False))
    build([corpus], out=out, options=BuildOptions(view=False, cache=False))
    assert len(parses) == 2 * len(TEXTS) and not (out / CACHE_DIR).exists()


def test_key_ignores_the_path_but_not_the_metadata(tmp_path):
    cache = RecordCache(tmp_path, model_key(None))
    a = make_article(TEXTS["a.txt"], "one.txt")
    assert cache.key(a) == cache.key(make_article(TEXTS["a.txt"], "elsewhere/two.txt"))
    assert cache.key(a) != cache.key(make_article(TEXTS["a.txt"], "one.txt", publisher="Diálogo"))
    assert cache.key(a) != RecordCache(tmp_path, model_key("en_core_web_md")).key(a)

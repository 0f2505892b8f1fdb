"""Hostile markup: ingest time of 1 MB HTML and Markdown files built to make parsers backtrack.

    python bench/hostile.py            # every shape, 1 MB each; a table for bench/RESULTS.md
    python bench/hostile.py --size 250000 --only b-open,many-li

Each shape is written to a temporary file and read by ``kg.ingest.read_inputs`` (what
``kg build`` does before spaCy), in a fresh process per shape so one cannot warm the
next; the time includes decoding, parsing, main-content extraction and the header and
dateline passes. ``SHAPES`` is also what ``tests/ingest/test_hostile.py`` runs.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

SIZE = 1_000_000


def _rep(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _lines(unit: str, size: int, width: int = 80) -> str:
    line = _rep(unit, width)
    return _rep(line + "\n", size)


SHAPES: dict[str, tuple[str, object]] = {
    # name: (suffix, size -> text)
    "b-open": (".html", lambda n: _rep("<b ", n)),  # CPython's html.parser: quadratic (81 KB, 81 s)
    "unclosed-comment": (".html", lambda n: "<html><body><p>The Navy met.</p><!--" + _rep("a b c ", n)),
    "unclosed-attribute": (".html", lambda n: '<p><a href="' + _rep("x y ", n)),
    "lt-soup": (".html", lambda n: _rep("< a ", n)),
    "entity-soup": (".html", lambda n: "<p>" + _rep("&amp&#x26&#38;&nbsp ", n)),
    "deep-div": (".html", lambda n: _rep("<div>", n)),
    "deep-inline": (".html", lambda n: "<body>" + _rep("<b><i><span>a ", n)),
    "table-soup": (".html", lambda n: _rep("<table><tr><td>x", n)),
    "script-open": (".html", lambda n: "<p>The Navy met.</p><script>" + _rep("x<y ", n)),
    "many-paragraphs": (".html", lambda n: "<html><body>" + _rep("<p>The Navy met the Army. </p>", n)),
    "many-list-items": (".html", lambda n: "<html><body>" + _rep("<ul><li>a</li></ul>", n)),
    "many-nav-divs": (".html", lambda n: "<html><body>" + _rep("<div class='nav menu'>Home</div>", n)),
    "many-bold-runs": (".html", lambda n: "<html><body><div>" + _rep("The <b>Navy</b> met. ", n)),
    "md-strong-runs": (".md", lambda n: _rep("**a ", n)),  # regex emphasis: 40 KB, 5-12 s
    "md-strong-lines": (".md", lambda n: _lines("**a ", n)),
    "md-mixed-emphasis": (".md", lambda n: _rep("*a _b **c __d ", n)),
    "md-nested-brackets": (".md", lambda n: "[" * (n // 2) + "]" * (n // 2)),
    "md-open-links": (".md", lambda n: _rep("[a](", n)),
    "md-image-links": (".md", lambda n: _rep("![[![[a](", n)),
    "md-backticks": (".md", lambda n: _rep("` `` ``` a ", n)),
    "md-deep-quotes": (".md", lambda n: _rep("> ", n // 2) + "a\n"),
    "md-deep-lists": (".md", lambda n: "".join(" " * (2 * k) + "- a\n" for k in range(int((n / 2) ** 0.5)))),
    "md-inline-html": (".md", lambda n: _rep("<a <b x=' ", n)),
    "md-entities": (".md", lambda n: _rep("&amp &mdash &#1 &#x; ", n)),
    "md-reference-links": (".md", lambda n: _lines("[a][b] ", n // 2) + _lines("[b]: /u\n", n // 2)),
}


def make(name: str, folder: Path, size: int = SIZE) -> Path:
    """Write the ``name`` shape of about ``size`` characters into ``folder``; return its path."""
    suffix, build = SHAPES[name]
    path = folder / f"{name}{suffix}"
    path.write_text(build(size), encoding="utf-8")  # type: ignore[operator]
    return path


def measure(path: Path) -> dict[str, object]:
    """Read ``path`` as ``kg build`` would; time it."""
    from kg.ingest import read_inputs
    from kg.models import Article

    started = time.perf_counter()
    items = list(read_inputs([path]))
    seconds = time.perf_counter() - started
    articles = [a for a in items if isinstance(a, Article)]
    return {"seconds": round(seconds, 3), "articles": len(articles),
            "chars": sum(len(a.text) for a in articles),
            "skipped": [s.reason for s in items if not isinstance(s, Article)][:1],
            "extractor": articles[0].extractor if articles else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=SIZE)
    parser.add_argument("--only", default="", help="comma-separated shape names")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one file, print JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(Path(args.one))))
        return
    import tempfile

    names = [n for n in args.only.split(",") if n] or list(SHAPES)
    print("| shape | file | bytes | ingest s | articles | text chars | extractor or skip reason |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            path = make(name, Path(tmp), args.size)
            out = subprocess.run([sys.executable, __file__, "--one", str(path)], capture_output=True,
                                 text=True, timeout=600)
            if out.returncode:
                print(f"| {name} | {path.suffix} | | failed | | | {out.stderr.strip().splitlines()[-1:]} |")
                continue
            r = json.loads(out.stdout)
            what = r["extractor"] or (r["skipped"][0] if r["skipped"] else "")
            print(f"| {name} | {path.suffix} | {path.stat().st_size:,} | {r['seconds']:.2f} | {r['articles']} "
                  f"| {r['chars']:,} | {what} |", flush=True)


if __name__ == "__main__":
    main()

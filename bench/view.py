"""The view at corpus scale, measured in headless Chromium: ``python bench/view.py``.

For each size (entities; 2,000 and 5,000 by default) the script

1. builds a generated corpus (``bench/corpus.py --wide-names``, whose people have two
   family names, so entities keep growing with articles) with ``kg build --no-view``,
   choosing the number of articles that gives about that many entities (a few builds
   of prefixes of one corpus, all but the first from the build cache);
2. renders the view (``kg.use.view.write_view`` on the built graph, as ``kg build``
   does) and reports the time and the file size;
3. opens it ``--runs`` times in headless Chromium (the Debian ``chromium``, through
   Playwright; every request that is not ``file://`` is aborted) and measures, with the
   page's own clock: the first useful drawing (navigation start to the overview drawn
   and framed), and, each from the action to the next frame drawn, opening the largest
   community (its parts when it is split) and the largest one drawn as its members,
   searching the most connected entity (its neighbourhood), expanding its
   most connected neighbour, the date range narrowed to one year (on the overview and
   on a neighbourhood), ticking one article, and unticking the largest class.

Prints a Markdown table (paste it into bench/RESULTS.md) with the median and the
slowest run. ``--screenshots docs`` also writes docs/view-overview.png and
docs/view-neighbourhood.png from the first size. The machine may be shared: the load
average is printed.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from anywhere, without relying on the editable install
CHROMIUM = Path("/usr/bin/chromium")
KG = Path(sys.executable).with_name("kg")

# the page's actions, each a JS function body run by kgView.timed (see static/main.js)
SETUP = """() => {
  const nodes = kgView.data.nodes;
  const hub = nodes.reduce((a, n, i) => (n.degree > nodes[a].degree ? i : a), 0);
  const months = document.getElementById('date-from').max;
  const all = kgView.data.communities;  // the biggest community drawn as its members
  const leaf = all.reduce((a, c, k) => (!c.children.length && (a < 0 || c.members.length > all[a].members.length)
    ? k : a), -1);
  return {hub, name: nodes[hub].name, months: Number(months), leaf, leafSize: all[leaf].members.length};
}"""
# both ends of the range set, one input event: one filter change
NARROW = """() => kgView.timed(() => {
  const from = document.getElementById('date-from'), to = document.getElementById('date-to');
  from.value = String(Math.max(0, Number(from.max) - 23));
  to.value = String(Math.max(0, Number(to.max) - 12)); to.dispatchEvent(new Event('input'));
})"""
WIDEN = """() => { const from = document.getElementById('date-from'), to = document.getElementById('date-to');
  from.value = '0'; to.value = to.max; to.dispatchEvent(new Event('input')); }"""
ACTIONS: list[tuple[str, str]] = [
    ("open the largest community (its parts, or members)", "() => kgView.timed(() => kgView.openCommunity(0))"),
    ("back to the overview", "() => kgView.timed(() => kgView.back())"),
    ("open the largest community drawn whole", "(s) => kgView.timed(() => kgView.openCommunity(s.leaf))"),
    ("back again", "() => kgView.timed(() => kgView.back())"),
    ("date range to one year (overview)", NARROW),
    ("date range back to all", f"() => kgView.timed({WIDEN})"),
    ("search: neighbourhood of the hub", """(s) => kgView.timed(() => {
        document.getElementById('search-input').value = s.name;
        document.getElementById('search').requestSubmit(); })"""),
    ("expand its most connected neighbour", """() => kgView.timed(() =>
        kgView.expand(kgView.scene().ids[1]))"""),
    ("date range to one year (neighbourhood)", NARROW),
    ("tick one article", f"""() => {{ ({WIDEN})(); kgView.openOverview();
        return kgView.timed(() => document.querySelector('#article-list input').click()); }}"""),
    ("untick the largest class", """() => { document.querySelector('#article-list input').click();
        kgView.openCommunity(0);
        return kgView.timed(() => document.querySelector('#class-filter input').click()); }"""),
]


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def build(corpus: Path, out: Path, cache_from: Path | None) -> dict[str, Any]:
    if cache_from is not None and (cache_from / ".kg-cache").is_dir() and not (out / ".kg-cache").exists():
        out.mkdir(parents=True, exist_ok=True)
        shutil.copytree(cache_from / ".kg-cache", out / ".kg-cache")
    started = time.perf_counter()
    proc = subprocess.run([str(KG), "build", str(corpus), "--out", str(out), "--no-view", "--jobs", "2", "-q"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"kg build failed: {proc.stderr}")
    from rdflib import RDF

    from kg.ontology import KG_NS
    from kg.store import lazy_graph

    graph = lazy_graph(out / "graph.ttl")
    entities = len({s for s, c in graph.subject_objects(RDF.type) if str(c).startswith(KG_NS)
                    and not str(c).endswith("#Article")})
    return {"entities": entities, "build_s": time.perf_counter() - started}


def corpus_for(target: int, work: Path, master: Path) -> tuple[Path, Path, int, int]:
    """A corpus prefix of about ``target`` entities, built: (jsonl, out folder, articles, entities)."""
    lines = (work / "corpus.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    articles = max(50, target // 3)
    for _ in range(5):
        corpus = work / f"corpus-{articles}.jsonl"
        corpus.write_text("".join(lines[:articles]), encoding="utf-8")
        out = work / f"out-{articles}"
        done = build(corpus, out, master)
        entities = done["entities"]
        print(f"  {articles} articles -> {entities} entities", file=sys.stderr)
        if abs(entities - target) <= 0.03 * target or articles >= len(lines):
            return corpus, out, articles, entities
        articles = min(len(lines), max(50, round(articles * target / entities)))
    return corpus, out, articles, entities


def measure(page_path: Path, runs: int, shots: Path | None) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    found: dict[str, list[float]] = {"first useful draw": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox",
                                                                          "--disable-gpu"])
        for run in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 850})
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(page_path.as_uri())
            page.wait_for_selector("body[data-ready=true]", state="attached", timeout=60_000)
            found["first useful draw"].append(page.evaluate("kgView.firstDraw"))
            if shots is not None and run == 0:
                page.wait_for_timeout(300)
                page.screenshot(path=str(shots / "view-overview.png"))
            setup = page.evaluate(SETUP)
            for name, action in ACTIONS:
                page.wait_for_timeout(150)
                found.setdefault(name, []).append(page.evaluate(action, setup))
                if shots is not None and run == 0 and name == "search: neighbourhood of the hub":
                    page.wait_for_timeout(300)
                    page.screenshot(path=str(shots / "view-neighbourhood.png"))
            if errors:
                sys.exit(f"the page failed: {errors}")
            context.close()
        browser.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 5000], help="entities")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench-view",
                        help="corpora and builds (kept, so a second run reuses the build cache)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--screenshots", type=Path, default=None, help="folder for the docs' screenshots")
    args = parser.parse_args()
    from corpus import write_jsonl

    from kg.store import lazy_graph
    from kg.use.view import write_view

    args.work.mkdir(parents=True, exist_ok=True)
    most = max(args.sizes)
    corpus = args.work / "corpus.jsonl"
    if not corpus.exists():
        write_jsonl(corpus, max(200, most // 2), wide=True)
    master = args.work / "out-all"
    print(f"load average {load()}: building the whole corpus once (the cache the others reuse)", file=sys.stderr)
    if not (master / "graph.ttl").exists():
        build(corpus, master, None)
    rows = []
    for n, size in enumerate(sorted(args.sizes)):
        print(f"{size} entities (load average {load()})", file=sys.stderr)
        _, out, articles, entities = corpus_for(size, args.work, master)
        graph = lazy_graph(out / "graph.ttl")
        started = time.perf_counter()
        page = write_view(graph, out / "graph.html")
        render_s = time.perf_counter() - started
        data = json.loads(page.read_text(encoding="utf-8").split('id="kg-data">', 1)[1].split("</script>", 1)[0])
        shots = args.screenshots if n == 0 else None
        times = measure(page, args.runs, shots)
        leaves = [len(c["members"]) for c in data["communities"] if not c["children"]]
        rows.append((size, articles, entities, len(data["edges"]),
                     f"{sum(c['parent'] is None for c in data['communities'])} ({len(data['communities'])} "
                     f"with parts; the largest drawn whole: {max(leaves)})", render_s,
                     page.stat().st_size, times, load()))
    print(f"\nChromium {subprocess.run([str(CHROMIUM), '--version'], capture_output=True, text=True).stdout.strip()}"
          f", {args.runs} runs, median (slowest) ms\n")
    head = "| | " + " | ".join(f"{r[2]:,} entities ({r[1]:,} articles)" for r in rows) + " |"
    print(head)
    print("|---" * (len(rows) + 1) + "|")
    print("| relations | " + " | ".join(f"{r[3]:,}" for r in rows) + " |")
    print("| communities | " + " | ".join(str(r[4]) for r in rows) + " |")
    print("| view file | " + " | ".join(f"{r[6] / 1e6:.1f} MB" for r in rows) + " |")
    print("| render (Python, s) | " + " | ".join(f"{r[5]:.1f}" for r in rows) + " |")
    for name in rows[0][7]:
        cells = [f"{statistics.median(r[7][name]):.0f} ({max(r[7][name]):.0f})" for r in rows]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("| load average after | " + " | ".join(r[8] for r in rows) + " |")


if __name__ == "__main__":
    main()

"""kg.use.view: rdflib.Graph -> self-contained HTML, checked as text and in a real headless Chromium.

Graphs are built with kg.rdf from hand-made models (no NLP). Browser tests share one
Chromium per module; each opens its page in a fresh context whose every request that
is not ``file://`` is aborted and recorded.
"""
from __future__ import annotations

import doctest
import json
import os
import random
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, Graph, Literal

import kg.use.view
from kg.models import Article, Entity, KGError, Provenance, Relation
from kg.ontology import CLASSES, KG, KG_NS, RELATIONS
from kg.rdf import add_extraction, entity_iri, new_graph
from kg.use.view import render_view, write_view

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
BLOB = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)

# ---------------------------------------------------------------------- test graphs

SENTENCES = (
    "Peruvian Navy Admiral José Luis Paredes Lora, commander of the Armed Forces' Joint "
    "Command (CCFFAA), said his personnel conduct joint operations with the National Police "
    "against terrorism and narcotrafficking.",
    "Adm. Paredes took part in the South American Defense Conference (SOUTHDEC) held in "
    "Buenos Aires, Argentina.",
)
TEXT = " ".join(SENTENCES)
ARTICLE = Article(id="a1", text=TEXT, source="seeds/peru.txt", content_hash="h1",
                  title="Peru, in Synergy against Narcotrafficking", date="2018-12-16")

PAREDES = Entity("Person:paredes", "José Luis Paredes Lora", "Person",
                 ("Adm. Paredes", "Paredes"), "Admiral", 3)
CCFFAA = Entity("MilitaryOrganization:ccffaa", "Armed Forces' Joint Command",
                "MilitaryOrganization", ("CCFFAA", "Joint Command"), None, 2)
NAVY = Entity("MilitaryOrganization:navy", "Peruvian Navy", "MilitaryOrganization", (), None, 1)
POLICE = Entity("GovernmentOrganization:police", "National Police", "GovernmentOrganization",
                (), None, 1)
TERRORISM = Entity("Threat:terrorism", "terrorism", "Threat", (), None, 1)
NARCO = Entity("Threat:narco", "narcotrafficking", "Threat", (), None, 1)
SOUTHDEC = Entity("Conference:southdec", "South American Defense Conference", "Conference",
                  ("SOUTHDEC",), None, 1)
BUENOS_AIRES = Entity("City:ba", "Buenos Aires", "City", (), None, 1)
ARGENTINA = Entity("Country:ar", "Argentina", "Country", (), None, 1)
PERU = Entity("Country:pe", "Peru", "Country", (), None, 1)
DEMO_ENTITIES = (PAREDES, CCFFAA, NAVY, POLICE, TERRORISM, NARCO, SOUTHDEC, BUENOS_AIRES,
                 ARGENTINA, PERU)


def _rel(s: Entity, p: str, o: Entity, sentence: int, rule: str, confidence: float) -> Relation:
    text = SENTENCES[sentence]
    start = TEXT.index(text)
    return Relation(s.id, p, o.id, Provenance("a1", text, start, start + len(text), rule,
                                              confidence))


DEMO_RELATIONS = (
    _rel(PAREDES, "commands", CCFFAA, 0, "commander-of", 0.9),
    _rel(PAREDES, "memberOf", NAVY, 0, "rank-service", 0.8),
    _rel(CCFFAA, "cooperatesWith", POLICE, 0, "joint-with", 0.7),
    _rel(CCFFAA, "counters", TERRORISM, 0, "against", 0.6),
    _rel(CCFFAA, "counters", NARCO, 0, "against", 0.6),
    _rel(PAREDES, "participatesIn", SOUTHDEC, 1, "took-part-in", 0.85),
    _rel(SOUTHDEC, "locatedIn", BUENOS_AIRES, 1, "held-in", 0.75),
    _rel(BUENOS_AIRES, "locatedIn", ARGENTINA, 1, "apposition", 0.95),
    _rel(NAVY, "country", PERU, 0, "demonym", 0.9),
    _rel(NAVY, "partOf", CCFFAA, 0, "possessive", 0.4),
)


def demo_graph(entities: tuple[Entity, ...] = DEMO_ENTITIES,
               relations: tuple[Relation, ...] = DEMO_RELATIONS) -> Graph:
    g = new_graph()
    add_extraction(g, ARTICLE, entities, relations)
    return g


XSS_SCRIPT = "<script>alert(1)</script>"
XSS_END = "</script><script>alert(2)</script>"
XSS_IMG = "<img src=x onerror=alert(3)>"
QUOTES = "O'Brien \"the \\\\ back\\slash\" \u2028line\u2029para &amp; </title>"
HOSTILE_TITLE = "</title><script>alert(4)</script> <img src=x onerror=alert(5)> & \"q\""
HOSTILE_PERSON = Entity("Person:x", XSS_SCRIPT, "Person", (XSS_IMG, QUOTES), XSS_END, 1)
HOSTILE_ORG = Entity("ArmedGroup:y", XSS_IMG + " Front", "ArmedGroup", (XSS_END,), None, 1)
HOSTILE_SENTENCE = f"{XSS_SCRIPT} said {QUOTES} {XSS_END} {XSS_IMG}"
HOSTILE_STRINGS = (XSS_SCRIPT, XSS_END, XSS_IMG, QUOTES, HOSTILE_TITLE, HOSTILE_SENTENCE)


def hostile_graph() -> Graph:
    article = Article(id="evil", text=HOSTILE_SENTENCE, source="evil.txt", content_hash="e",
                      title=HOSTILE_TITLE)
    relation = Relation(HOSTILE_PERSON.id, "commands", HOSTILE_ORG.id,
                        Provenance("evil", HOSTILE_SENTENCE, 0, len(HOSTILE_SENTENCE),
                                   XSS_IMG, 0.5))
    g = new_graph()
    add_extraction(g, article, (HOSTILE_PERSON, HOSTILE_ORG), (relation,))
    return g


def big_graph(n: int = 2000, extra: int = 600, seed: int = 7) -> Graph:
    """A connected graph whose degrees spread widely (preferential attachment)."""
    rng = random.Random(seed)
    entities = [Entity(f"{CLASSES[i % len(CLASSES)]}:e{i}", f"Entity {i}",
                       CLASSES[i % len(CLASSES)], (f"alias {i}",), None, 1) for i in range(n)]
    pairs, targets = [], [0]
    for i in range(1, n):
        j = rng.choice(targets)
        pairs.append((i, j))
        targets += [i, j]
    while len(pairs) < n - 1 + extra:
        a, b = rng.randrange(n), rng.choice(targets)
        if a != b and (a, b) not in pairs:
            pairs.append((a, b))
    relations = [Relation(entities[a].id, "cooperatesWith", entities[b].id,
                          Provenance("big", f"Sentence {k}.", 0, 1, "rule", 0.5))
                 for k, (a, b) in enumerate(pairs)]
    g = new_graph()
    add_extraction(g, Article(id="big", text="x", source="big.txt", content_hash="b",
                              title="Big"), entities, relations)
    return g


def count_entities(g: Graph) -> int:
    return len({s for s, c in g.subject_objects(RDF.type)
                if str(c).startswith(KG_NS) and c != KG.Article})


def count_relations(g: Graph) -> int:
    return sum(1 for p in (*RELATIONS, "leads") for _ in g.triples((None, KG[p], None)))


def blob(page_html: str) -> dict[str, Any]:
    found = BLOB.findall(page_html)
    assert len(found) == 1, "the page must embed exactly one data blob"
    return json.loads(found[0])


# ---------------------------------------------------------------------- text tests


def test_docstring_examples() -> None:
    assert doctest.testmod(kg.use.view).failed == 0


def test_page_script_is_valid_javascript(tmp_path: Path) -> None:
    """``node --check`` on every script of the package and on the page script as inlined."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (Debian package nodejs)")
    static = Path(kg.use.view.__file__).parent / "static"
    scripts = sorted(static.glob("*.js"))
    assert scripts, "the view's JavaScript files are missing from the package"
    inlined = re.findall(r"<script>(.*?)</script>", render_view(demo_graph()), re.S)[-1]
    (tmp_path / "page.js").write_text(inlined, encoding="utf-8")
    for script in (*scripts, tmp_path / "page.js"):
        result = subprocess.run([node, "--check", str(script)], capture_output=True, text=True)
        assert result.returncode == 0, f"{script.name}: {result.stderr}"


def test_no_lib_folder_no_external_urls_no_temp_files(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = write_view(demo_graph(), tmp_path / "out" / "graph.html")
    assert out == tmp_path / "out" / "graph.html"
    assert not (tmp_path / "lib").exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["graph.html", "out"]
    page = out.read_text(encoding="utf-8")
    assert "vis.Network" in page or "Network" in page  # vis-network is inlined
    for pattern in (r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", r"@import",
                    r"url\(\s*[\"']?\s*(?:https?:)?//"):
        assert not re.search(pattern, page, re.I), pattern


def test_counts_in_data_match_graph() -> None:
    g = demo_graph()
    data = blob(render_view(g))
    assert len(data["nodes"]) == count_entities(g) == len(DEMO_ENTITIES)
    assert len(data["edges"]) == count_relations(g) == len(DEMO_RELATIONS)


def test_symmetric_relations_are_undirected() -> None:
    data = blob(render_view(demo_graph()))
    for edge in data["edges"]:
        assert edge["arrows"]["to"]["enabled"] is (edge["predicate"] != "cooperatesWith")
        assert edge["label"] == edge["predicate"]


def test_data_blob_cannot_break_out_and_keeps_every_string() -> None:
    page = render_view(hostile_graph(), title=HOSTILE_TITLE)
    raw = BLOB.findall(page)[0]
    for char in ("<", ">", "&", "\u2028", "\u2029"):
        assert char not in raw
    for text in HOSTILE_STRINGS:
        assert text not in page, f"unescaped in the page: {text!r}"
    data = json.loads(raw)
    names = {n["name"] for n in data["nodes"]}
    assert names == {XSS_SCRIPT, XSS_IMG + " Front"}
    person = next(n for n in data["nodes"] if n["name"] == XSS_SCRIPT)
    assert person["aliases"] == sorted((XSS_IMG, QUOTES), key=lambda a: (a.casefold(), a))
    assert person["rank"] == XSS_END
    [evidence] = data["edges"][0]["evidence"]
    assert (evidence["sentence"], evidence["article"], evidence["rule"]) == (
        HOSTILE_SENTENCE, HOSTILE_TITLE, XSS_IMG)
    assert data["title"] == HOSTILE_TITLE


def test_output_is_deterministic() -> None:
    first = render_view(demo_graph())
    shuffled = demo_graph(tuple(reversed(DEMO_ENTITIES)), tuple(reversed(DEMO_RELATIONS)))
    assert render_view(shuffled) == first
    assert render_view(demo_graph()) == first


def test_betweenness_sizes_nodes_when_present() -> None:
    g = demo_graph()
    for rank, entity in enumerate(DEMO_ENTITIES):
        value = 1.0 if entity is PERU else rank / 100
        g.add((entity_iri(entity), KG.betweenness, Literal(value)))
    data = blob(render_view(g))
    assert data["sizeBy"] == "betweenness"
    biggest = max(data["nodes"], key=lambda n: n["size"])
    assert biggest["name"] == "Peru"


def test_write_view_reports_unwritable_path(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(KGError, match="Cannot write the graph view"):
        write_view(demo_graph(), blocker / "graph.html")
    with pytest.raises(KGError, match="max_nodes"):
        render_view(demo_graph(), max_nodes=0)


# ---------------------------------------------------------------------- browser tests


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    def unavailable(reason: str) -> None:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the browser tests (run `make system-deps`)")
        pytest.skip(reason)

    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is not installed (Debian package chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class View:
    """An opened view and what it did: requests it attempted, errors, dialogs."""

    page: Any
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def node_id(self, entity: Entity) -> str:
        return self.js("(iri) => kgView.data.nodes.find((n) => n.iri === iri).id",
                       str(entity_iri(entity)))

    def visible_nodes(self) -> set[str]:
        return set(self.js("kgView.nodes.getIds()"))

    def screen_point(self, canvas_xy: dict[str, float]) -> tuple[float, float]:
        point = self.js("""(p) => {
            const d = kgView.network.canvasToDOM(p);
            const r = document.getElementById('graph').getBoundingClientRect();
            return [d.x + r.left, d.y + r.top];
        }""", canvas_xy)
        return point[0], point[1]

    def click_node(self, node_id: str) -> None:
        position = self.js("(id) => kgView.network.getPositions([id])[id]", node_id)
        self.page.mouse.click(*self.screen_point(position))

    def details(self) -> str:
        return self.page.locator("#details").inner_text()


@pytest.fixture
def open_view(browser: Any, tmp_path: Path) -> Iterator[Any]:
    contexts = []

    def _open(graph: Graph, name: str = "graph.html", **options: Any) -> View:
        path = write_view(graph, tmp_path / name, **options)
        context = browser.new_context(viewport={"width": 1400, "height": 850})
        contexts.append(context)
        page = context.new_page()
        view = View(page)

        def route(r: Any) -> None:
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                view.blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and view.errors.append(m.text))
        page.on("pageerror", lambda e: view.errors.append(str(e)))
        page.on("dialog", lambda d: (view.dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
        # a selector, not wait_for_function: the page's CSP forbids string evaluation
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=20_000)
        return view

    yield _open
    for context in contexts:
        context.close()


@pytest.mark.browser
def test_page_loads_offline_without_errors(open_view: Any) -> None:
    g = demo_graph()
    view = open_view(g)
    assert view.blocked == []
    assert view.errors == []
    assert view.js("typeof vis.Network") == "function"
    assert view.js("[kgView.data.nodes.length, kgView.data.edges.length]") == [
        count_entities(g), count_relations(g)]
    assert view.js("[kgView.nodes.length, kgView.edges.length]") == [
        len(DEMO_ENTITIES), len(DEMO_RELATIONS)]
    assert view.page.locator("#notice").is_hidden()
    assert view.js("kgView.network.physics.physicsEnabled") is False  # stabilised, then stopped
    legend = view.page.locator("#class-filter").inner_text()
    for cls in ("Person", "MilitaryOrganization", "Threat", "Conference", "City", "Country"):
        assert cls in legend


@pytest.mark.browser
@pytest.mark.parametrize("query", ["ccffaa", "JOINT COMMAND", "jose luis paredes lora",
                                   "Adm. Paredes", "southdec", "buenos"])
def test_search_by_any_alias_selects_and_focuses(open_view: Any, query: str) -> None:
    expected = {"ccffaa": CCFFAA, "JOINT COMMAND": CCFFAA, "jose luis paredes lora": PAREDES,
                "Adm. Paredes": PAREDES, "southdec": SOUTHDEC, "buenos": BUENOS_AIRES}[query]
    view = open_view(demo_graph())
    view.page.fill("#search-input", query)
    view.page.press("#search-input", "Enter")
    node = view.node_id(expected)
    assert view.js("kgView.network.getSelectedNodes()") == [node]
    assert view.page.locator("#details h2").inner_text() == expected.label
    view.page.wait_for_timeout(450)  # the focus animation takes 300 ms
    centre, target = view.js("""(id) => [kgView.network.getViewPosition(),
                                         kgView.network.getPositions([id])[id]]""", node)
    assert abs(centre["x"] - target["x"]) < 2 and abs(centre["y"] - target["y"]) < 2
    assert view.page.locator("#search-status").inner_text() == ""
    view.page.fill("#search-input", "no such entity")
    view.page.press("#search-input", "Enter")
    assert "No entity is called" in view.page.locator("#search-status").inner_text()
    assert view.js("kgView.network.getSelectedNodes()") == [node]


@pytest.mark.browser
def test_filters_hide_the_right_nodes_and_edges(open_view: Any) -> None:
    view = open_view(demo_graph())
    every = view.visible_nodes()
    threats = {view.node_id(TERRORISM), view.node_id(NARCO)}
    view.page.uncheck("#class-filter input[data-class=Threat]")
    assert view.visible_nodes() == every - threats
    assert "counters" not in view.js("kgView.edges.get().map((e) => e.label)")
    view.page.check("#class-filter input[data-class=Threat]")
    assert view.visible_nodes() == every

    view.page.uncheck("#relation-filter input[data-relation=locatedIn]")
    labels = view.js("kgView.edges.get().map((e) => e.label)")
    assert "locatedIn" not in labels and len(labels) == len(DEMO_RELATIONS) - 2
    view.page.check("#relation-filter input[data-relation=locatedIn]")

    view.page.locator("#min-confidence").evaluate(
        "(el) => { el.value = '0.8'; el.dispatchEvent(new Event('input', {bubbles: true})); }")
    kept = view.js("kgView.edges.getIds().map((id) => "
                   "kgView.data.edges.find((d) => d.id === id).confidence)")
    assert sorted(kept) == sorted(r.provenance.confidence for r in DEMO_RELATIONS
                                  if r.provenance.confidence >= 0.8)


@pytest.mark.browser
def test_clicking_shows_relations_with_provenance(open_view: Any) -> None:
    view = open_view(demo_graph())
    view.click_node(view.node_id(PAREDES))
    text = view.details()
    assert view.page.locator("#details h2").inner_text() == PAREDES.label
    assert "Adm. Paredes" in text and "Admiral" in text
    assert "Relations (3)" in text
    assert SENTENCES[0] in text and SENTENCES[1] in text
    assert ARTICLE.title in text
    assert "confidence 0.90" in text and "confidence 0.85" in text

    # an edge: click the middle of the (straight) commands edge
    a, b = view.js("(ids) => Object.values(kgView.network.getPositions(ids))",
                   [view.node_id(PAREDES), view.node_id(CCFFAA)])
    view.page.mouse.click(*view.screen_point({"x": (a["x"] + b["x"]) / 2,
                                              "y": (a["y"] + b["y"]) / 2}))
    text = view.details()
    assert view.js("document.getElementById('details').dataset.edge") is not None
    assert "commands" in text and SENTENCES[0] in text and "confidence 0.90" in text
    assert "rule commander-of" in text


@pytest.mark.browser
def test_hostile_strings_are_shown_as_text_and_never_run(open_view: Any) -> None:
    view = open_view(hostile_graph(), title=HOSTILE_TITLE)
    page = view.page
    assert view.js("document.title") == HOSTILE_TITLE
    assert page.locator("#kg-title").inner_text() == HOSTILE_TITLE.strip()
    node = view.js("(name) => kgView.data.nodes.find((n) => n.name === name).id", XSS_SCRIPT)

    page.hover("#graph")  # hovering shows the node title in vis-network's tooltip
    page.mouse.move(*view.screen_point(view.js("(id) => kgView.network.getPositions([id])[id]",
                                               node)))
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text().startswith(XSS_SCRIPT)
    assert "Rank: " + XSS_END in tooltip.inner_text()
    view.click_node(node)
    details = page.locator("#details")
    assert details.locator("h2").inner_text() == XSS_SCRIPT
    assert view.js("document.getElementById('details').textContent").count(XSS_IMG) >= 1
    assert HOSTILE_SENTENCE in view.js("document.getElementById('details').textContent")
    assert HOSTILE_TITLE in view.js("document.getElementById('details').textContent")

    page.fill("#search-input", XSS_END)  # an alias of the armed group
    page.press("#search-input", "Enter")
    assert details.locator("h2").inner_text() == XSS_IMG + " Front"

    assert view.dialogs == []
    assert view.js("document.querySelectorAll('img').length") == 0
    assert view.js("document.scripts.length") == 3  # data blob, vis-network, the page's own
    assert view.js("document.querySelectorAll('[onerror]').length") == 0
    assert view.blocked == [] and view.errors == []


@pytest.mark.browser
def test_large_graph_starts_with_the_most_connected_nodes(open_view: Any) -> None:
    g = big_graph()
    view = open_view(g, max_nodes=1500)
    notice = view.page.locator("#notice")
    assert notice.is_visible() and "1,500 most connected" in notice.inner_text()
    assert view.js("kgView.data.nodes.length") == count_entities(g) == 2000
    assert view.js("kgView.data.edges.length") == count_relations(g)
    shown = view.visible_nodes()
    assert len(shown) == 1500
    degrees = view.js("kgView.data.nodes.map((n) => [n.id, n.degree])")
    assert min(d for i, d in degrees if i in shown) >= max(d for i, d in degrees if i not in shown)
    assert view.js("kgView.network.physics.physicsEnabled") is False

    hidden = next(i for i, _ in degrees if i not in shown)  # search reaches hidden nodes
    name = view.js("(id) => kgView.data.nodes.find((n) => n.id === id).aliases[0]", hidden)
    view.page.fill("#search-input", name)
    view.page.press("#search-input", "Enter")
    assert view.js("kgView.network.getSelectedNodes()") == [hidden]

    view.page.click("#show-all")
    assert len(view.visible_nodes()) == 2000
    assert view.page.locator("#show-all").is_hidden()
    assert view.errors == [] and view.blocked == []


@pytest.mark.browser
def test_screenshot_of_demo_graph(open_view: Any, tmp_path: Path) -> None:
    view = open_view(demo_graph(), title="Peru, in Synergy against Narcotrafficking")
    view.click_node(view.node_id(PAREDES))
    shot = tmp_path / "view.png"
    view.page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a drawn graph, not a blank page

"""kg.use.view: rdflib.Graph -> self-contained HTML, checked as text and in a real headless Chromium.

This file: the page as text (data, escaping, determinism, title, scripts) and the
one-article view in the browser (drawing, search, filters, provenance, hostile names).
The corpus-scale view (overview, neighbourhoods, time, articles, paths, keyboard) is
tested in test_view_corpus.py; graphs and the browser fixtures are in view_support.py.
"""
from __future__ import annotations

import doctest
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import typer.main
from rdflib import Literal
from view_support import (
    ARTICLE,
    BLOB,
    BUENOS_AIRES,
    CCFFAA,
    DEMO_ENTITIES,
    DEMO_RELATIONS,
    HOSTILE_ORG,
    HOSTILE_PERSON,
    HOSTILE_SENTENCE,
    HOSTILE_STRINGS,
    HOSTILE_TITLE,
    NARCO,
    PAREDES,
    PERU,
    QUOTES,
    SENTENCES,
    SOUTHDEC,
    TERRORISM,
    XSS_END,
    XSS_IMG,
    XSS_SCRIPT,
    big_graph,
    blob,
    count_entities,
    count_relations,
    demo_graph,
    hostile_graph,
)

import kg.use.view
from kg.cli import app
from kg.models import KGError
from kg.ontology import KG
from kg.rdf import entity_iri
from kg.use.analyze import stats
from kg.use.view import DEFAULT_OVERVIEW_FROM, render_view, write_view
from kg.use.view.page import SCRIPTS, page_script

# ---------------------------------------------------------------------- the page as text


def test_docstring_examples() -> None:
    assert doctest.testmod(kg.use.view).failed == 0


def test_page_script_is_valid_javascript(tmp_path: Path) -> None:
    """``node --check`` on every script of the package and on the page script as inlined."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (Debian package nodejs)")
    static = Path(kg.use.view.__file__).parent / "static"
    assert sorted(p.name for p in static.glob("*.js")) == sorted(SCRIPTS), "a script is missing or not joined"
    inlined = re.findall(r"<script>(.*?)</script>", render_view(demo_graph()), re.S)[-1]
    assert inlined == page_script()
    (tmp_path / "page.js").write_text(inlined, encoding="utf-8")
    for script in (*(static / name for name in SCRIPTS), tmp_path / "page.js"):
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
    assert "$" + "title" not in page and "$" + "data" not in page  # every placeholder filled


def test_csp_hashes_are_those_of_the_inlined_scripts() -> None:
    import base64
    import hashlib

    page = render_view(demo_graph())
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "connect-src" not in csp


def test_counts_in_data_match_graph() -> None:
    g = demo_graph()
    data = blob(render_view(g))
    assert len(data["nodes"]) == count_entities(g) == len(DEMO_ENTITIES)
    assert len(data["edges"]) == count_relations(g) == len(DEMO_RELATIONS)
    assert data["stats"]["overview"] is False and data["communities"] == []
    [article] = data["articles"]
    assert (article["title"], article["date"], article["month"]) == (ARTICLE.title, "2018-12-16", "2018-12")
    assert all(n["articles"] == [0] for n in data["nodes"])
    assert sorted(data["sentences"]) == sorted(SENTENCES)  # each sentence stored once


def test_symmetric_relations_are_marked() -> None:
    data = blob(render_view(demo_graph()))
    symmetric = {r["name"]: r["symmetric"] for r in data["relations"]}
    assert symmetric["cooperatesWith"] is True and symmetric["commands"] is False


def test_data_blob_cannot_break_out_and_keeps_every_string() -> None:
    page = render_view(hostile_graph(), title=HOSTILE_TITLE)
    raw = BLOB.findall(page)[0]
    for char in ("<", ">", "&", "\u2028", "\u2029"):
        assert char not in raw
    for text in HOSTILE_STRINGS:
        assert text not in page, f"unescaped in the page: {text!r}"
    data = blob(page)
    names = {n["name"] for n in data["nodes"]}
    assert {XSS_SCRIPT, XSS_IMG + " Front"} <= names
    person = next(n for n in data["nodes"] if n["name"] == XSS_SCRIPT)
    assert person["aliases"] == sorted((XSS_IMG, QUOTES), key=lambda a: (a.casefold(), a))
    assert person["rank"] == XSS_END
    assert HOSTILE_SENTENCE in data["sentences"] and XSS_IMG in data["rules"]
    assert {a["title"] for a in data["articles"]} == {HOSTILE_TITLE + "evil", HOSTILE_TITLE + "evil2"}
    # only http(s) URLs are kept as links: the javascript: one is dropped
    assert sorted(str(a["url"]) for a in data["articles"]) == ["None", 'https://example.org/<b>"x"']
    assert data["title"] == HOSTILE_TITLE


def test_a_fetched_articles_source_url_is_its_link() -> None:
    from kg.models import Article
    from kg.rdf import add_extraction, new_graph

    g = new_graph()
    add_extraction(g, Article(id="w", text="x", source="https://news.example/a b", content_hash="w"), (), ())
    [article] = blob(render_view(g))["articles"]
    assert article["url"] == "https://news.example/a%20b"


def test_output_is_deterministic() -> None:
    first = render_view(demo_graph())
    shuffled = demo_graph(tuple(reversed(DEMO_ENTITIES)), tuple(reversed(DEMO_RELATIONS)))
    assert render_view(shuffled) == first
    assert render_view(demo_graph()) == first
    big = big_graph(400, 100)
    assert render_view(big) == render_view(big_graph(400, 100))


def test_title_is_the_articles_own_or_counts_articles_and_entities() -> None:
    assert blob(render_view(demo_graph()))["title"] == ARTICLE.title
    two = hostile_graph()
    assert blob(render_view(two))["title"] == "kg-builder: 2 articles, 3 entities"
    assert "<title>kg-builder: 2 articles, 3 entities</title>" in render_view(two)
    assert blob(render_view(demo_graph(), title="mine"))["title"] == "mine"


def test_communities_are_those_of_kg_stats() -> None:
    g = big_graph(600, 150)
    data = blob(render_view(g))
    assert data["stats"]["overview"] is True
    expected = stats(g)["communities"]
    iris = [n["iri"] for n in data["nodes"]]
    top = [c for c in data["communities"] if c["parent"] is None]
    drawn = {c["number"]: {iris[i] for i in c["members"]} for c in top}
    for community in expected:
        node_numbers = {data["nodes"][iris.index(m)]["community"] for m in community["members"]}
        assert node_numbers == {community["id"]}
        if community["size"] >= 3:
            assert drawn[community["id"]] == set(community["members"])
    # every entity is in exactly one community node of the overview
    members = [i for c in top for i in c["members"]]
    assert sorted(members) == list(range(len(iris)))


def test_big_communities_are_split_into_parts_small_enough_to_draw() -> None:
    data = blob(render_view(big_graph(600, 150), overview_from=30))
    communities = data["communities"]
    for k, c in enumerate(communities):
        if c["children"]:
            parts = [communities[j] for j in c["children"]]
            assert all(p["parent"] == k and p["name"].startswith(c["name"]) for p in parts)
            assert sorted(i for p in parts for i in p["members"]) == sorted(c["members"])  # a partition
        elif not c["name"].endswith("small groups"):
            assert len(c["members"]) <= 30 or c["name"].count(".") == 4  # or Louvain could not split it
    assert any(c["children"] for c in communities)


def test_betweenness_sizes_nodes_when_present() -> None:
    g = demo_graph()
    for rank, entity in enumerate(DEMO_ENTITIES):
        value = 1.0 if entity is PERU else rank / 100
        g.add((entity_iri(entity), KG.betweenness, Literal(value)))
    data = blob(render_view(g))
    assert data["sizeBy"] == "betweenness"
    assert max(data["nodes"], key=lambda n: n["betweenness"])["name"] == "Peru"


def test_write_view_reports_unwritable_path(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(KGError, match="Cannot write the graph view"):
        write_view(demo_graph(), blocker / "graph.html")
    with pytest.raises(KGError, match="overview_from"):
        render_view(demo_graph(), overview_from=0)


def test_kg_view_writes_the_view_of_a_graph_file(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    source = tmp_path / "graph.ttl"
    demo_graph().serialize(source, format="turtle")
    result = CliRunner().invoke(app, ["view", str(source), "--overview-from", "5"])
    assert result.exit_code == 0, result.output
    data = blob((tmp_path / "graph.html").read_text(encoding="utf-8"))
    assert data["stats"]["overview"] is True and data["title"] == ARTICLE.title


def test_kg_view_default_is_the_views() -> None:
    command = next(c for name, c in typer.main.get_command(app).commands.items() if name == "view")
    [option] = [p for p in command.params if p.name == "overview_from"]
    assert option.default == DEFAULT_OVERVIEW_FROM


# ---------------------------------------------------------------------- one article in the browser


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
    assert view.js("kgView.network.physics.physicsEnabled") is False  # stabilised, then stopped
    assert view.js("document.title") == ARTICLE.title
    legend = view.text("#class-filter")
    for cls in ("Person", "MilitaryOrganization", "Threat", "Conference", "City", "Country"):
        assert cls in legend
    # the first view fits the graph: every node is inside the drawing area
    assert view.all_drawn_inside()


@pytest.mark.browser
@pytest.mark.parametrize("query", ["ccffaa", "JOINT COMMAND", "jose luis paredes lora",
                                   "Adm. Paredes", "southdec", "buenos"])
def test_search_by_any_alias_opens_the_neighbourhood(open_view: Any, query: str) -> None:
    expected = {"ccffaa": CCFFAA, "JOINT COMMAND": CCFFAA, "jose luis paredes lora": PAREDES,
                "Adm. Paredes": PAREDES, "southdec": SOUTHDEC, "buenos": BUENOS_AIRES}[query]
    view = open_view(demo_graph())
    view.page.fill("#search-input", query)
    view.page.press("#search-input", "Enter")
    node = view.node_id(expected)
    assert view.js("kgView.network.getSelectedNodes()") == [node]
    assert view.text("#details h2") == expected.label
    neighbours = {view.node_id(e) for r in DEMO_RELATIONS for e in DEMO_ENTITIES
                  for a, b in ((r.subject, r.object), (r.object, r.subject)) if a == expected.id and e.id == b}
    assert view.drawn() == {node} | neighbours
    assert view.text("#scene-title") == f"Neighbourhood of {expected.label}"
    assert view.text("#search-status") == ""
    view.page.fill("#search-input", "no such entity")
    view.page.press("#search-input", "Enter")
    assert "No entity is called" in view.text("#search-status")
    assert view.js("kgView.network.getSelectedNodes()") == [node]
    assert view.errors == []


@pytest.mark.browser
def test_filters_hide_the_right_nodes_and_edges(open_view: Any) -> None:
    view = open_view(demo_graph())
    every = view.drawn()
    threats = {view.node_id(TERRORISM), view.node_id(NARCO)}
    view.page.uncheck("#class-filter input[data-class=Threat]")
    assert view.drawn() == every - threats
    assert "counters" not in {p for _, p, _ in view.drawn_relations()}
    view.page.check("#class-filter input[data-class=Threat]")
    assert view.drawn() == every

    view.page.uncheck("#relation-filter input[data-relation=locatedIn]")
    predicates = [p for _, p, _ in view.drawn_relations()]
    assert "locatedIn" not in predicates and len(predicates) == len(DEMO_RELATIONS) - 2
    view.page.check("#relation-filter input[data-relation=locatedIn]")

    view.set_range("#min-confidence", 0.8)
    kept = view.js("kgView.edges.getIds().map((k) => kgView.data.edges[k].confidence)")
    assert sorted(kept) == sorted(r.provenance.confidence for r in DEMO_RELATIONS
                                  if r.provenance.confidence >= 0.8)


@pytest.mark.browser
def test_clicking_shows_relations_with_provenance(open_view: Any) -> None:
    view = open_view(demo_graph())
    view.click_node(view.node_id(PAREDES))
    text = view.details()
    assert view.text("#details h2") == PAREDES.label
    assert "Adm. Paredes" in text and "Admiral" in text
    assert "Relations (3)" in text
    assert SENTENCES[0] in text and SENTENCES[1] in text
    assert f"{ARTICLE.title} (2018-12-16)" in text  # the article and its date
    assert "confidence 0.90" in text and "confidence 0.85" in text

    # an edge: click the middle of the (straight) commands edge
    a, b = view.js("(ids) => Object.values(kgView.network.getPositions(ids))",
                   [view.node_id(PAREDES), view.node_id(CCFFAA)])
    view.page.mouse.click(*view.screen_point({"x": (a["x"] + b["x"]) / 2, "y": (a["y"] + b["y"]) / 2}))
    text = view.details()
    assert view.js("document.getElementById('details').dataset.edge") is not None
    assert "commands" in text and SENTENCES[0] in text and "confidence 0.90" in text
    assert "rule commander-of" in text and "2018-12-16" in text


@pytest.mark.browser
def test_hostile_strings_are_shown_as_text_and_never_run(open_view: Any) -> None:
    """Names, aliases, ranks, titles, publishers, sources, URLs, sentences and rules with markup
    stay text in every panel: tooltips, details, search, the scene bar, the article list, the
    date label, the path form, the community panel; the javascript: URL never becomes a link."""
    view = open_view(hostile_graph(), title=HOSTILE_TITLE, overview_from=1)
    page = view.page
    assert view.js("document.title") == HOSTILE_TITLE
    assert view.text("#kg-title") == HOSTILE_TITLE.strip()
    # the overview (forced by overview_from=1): one community of the three entities
    [community] = [c for c in view.drawn() if isinstance(c, str)]
    view.click_node(community)
    assert view.text("#details h2") == "Community #0"
    assert XSS_SCRIPT in view.details() and XSS_IMG + " Front" in view.details()
    view.double_click_node(community)
    person = view.js("(name) => kgView.data.nodes.findIndex((n) => n.name === name)", XSS_SCRIPT)
    assert person in view.drawn()

    page.hover("#graph")  # hovering shows the node title in vis-network's tooltip
    page.mouse.move(*view.node_point(person))
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text().startswith(XSS_SCRIPT)
    assert "Rank: " + XSS_END in tooltip.inner_text()
    view.click_node(person)
    assert view.text("#details h2") == XSS_SCRIPT
    content = view.js("document.getElementById('details').textContent")
    assert XSS_IMG in content and HOSTILE_SENTENCE in content and HOSTILE_TITLE + "evil" in content
    assert set(view.js("[...document.querySelectorAll('#details a')].map((a) => a.href)")) == {
        "https://example.org/%3Cb%3E%22x%22"}

    page.fill("#search-input", XSS_END)  # an alias of the armed group
    page.press("#search-input", "Enter")
    assert view.text("#details h2") == HOSTILE_ORG.label
    assert view.text("#scene-title") == f"Neighbourhood of {HOSTILE_ORG.label}"
    page.click("#path-section summary")
    page.fill("#path-from", XSS_SCRIPT)
    page.fill("#path-to", "<svg onload=alert(6)> valley")
    page.click("#path-form button")
    assert view.text("#path-status").startswith(f"{HOSTILE_PERSON.label} \u2192 ")
    list_text = view.text("#article-list")
    assert HOSTILE_TITLE + "evil2" in list_text and XSS_IMG in list_text and "<i>evil</i>.txt" in list_text
    view.set_range("#date-to", 0)
    assert "2020-01" in view.text("#date-label")

    assert view.dialogs == []
    assert view.js("document.querySelectorAll('img, svg, [onerror], [onload]').length") == 0
    assert view.js("document.scripts.length") == 3  # data blob, vis-network, the page's own
    assert view.js("[...document.querySelectorAll('a')].every((a) => /^https:/.test(a.href))")
    assert view.blocked == [] and view.errors == []


@pytest.mark.browser
def test_screenshot_of_demo_graph(open_view: Any, tmp_path: Path) -> None:
    view = open_view(demo_graph())
    view.click_node(view.node_id(PAREDES))
    shot = tmp_path / "view.png"
    view.page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a drawn graph, not a blank page

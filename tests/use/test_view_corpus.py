"""kg.use.view at corpus scale, in a real headless Chromium: the community overview, neighbourhoods
and their expansion, history, paths, the date range, the article list, labels and the keyboard.

Graphs and fixtures: view_support.py (and conftest.py).
"""
from __future__ import annotations

from typing import Any

import pytest
from view_support import (
    ANA,
    ARGENTINA,
    BUENOS_AIRES,
    CH_NAVY,
    CHILE,
    DEMO_ENTITIES,
    NAT_POLICE,
    NAVY,
    PAREDES,
    PERU,
    SOUTHDEC,
    VRAEM,
    View,
    big_graph,
    corpus_graph,
    dated_graph,
    demo_graph,
)

from kg.use.view import EXPAND_LIMIT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def big() -> Any:
    return big_graph(900, 300)


def neighbours_of(view: View, node: int) -> list[int]:
    """The page's neighbours of ``node``, as the page orders them (most connected first)."""
    edges = view.js("kgView.data.edges.map((e) => [e.from, e.to])")
    degree = view.js("kgView.data.nodes.map((n) => n.degree)")
    found = {b if a == node else a for a, b in edges if node in (a, b)} - {node}
    return sorted(found, key=lambda j: (-degree[j], j))


def test_a_large_graph_opens_on_its_communities(open_view: Any, big: Any) -> None:
    view = open_view(big)
    communities = view.js("kgView.data.communities")
    assert view.js("kgView.scene().kind") == "overview"
    assert view.drawn() == {f"c{k}" for k in range(len(communities))}
    assert view.text("#scene-title") == f"Overview: {len(communities)} communities"
    assert view.all_drawn_inside()
    sizes = {f"c{k}": len(c["members"]) for k, c in enumerate(communities)}
    drawn_sizes = view.js("Object.fromEntries(kgView.nodes.get().map((n) => [n.id, n.size]))")
    biggest = max(sizes, key=lambda c: sizes[c])
    assert max(drawn_sizes, key=lambda c: drawn_sizes[c]) == biggest  # sized by members
    top = view.name_of(communities[int(biggest[1:])]["members"][0])
    assert top in view.js("(id) => kgView.nodes.get(id).label", biggest)  # labelled by its most central

    view.click_node(biggest)
    assert view.text("#details h2") == f"Community #{communities[int(biggest[1:])]['number']}"
    assert top in view.details()
    view.double_click_node(biggest)  # opens it: its members and the relations among them
    members = set(communities[int(biggest[1:])]["members"])
    assert view.drawn() == members
    edges = view.js("kgView.data.edges.map((e) => [e.from, e.to])")
    assert view.js("kgView.edges.length") == sum(1 for a, b in edges if a in members and b in members)
    assert view.all_drawn_inside()
    view.page.click("#back")
    assert view.js("kgView.scene().kind") == "overview" and biggest in view.drawn()
    assert view.errors == [] and view.blocked == []


def test_a_big_community_opens_on_its_parts(open_view: Any, big: Any) -> None:
    view = open_view(big, overview_from=30)
    communities = view.js("kgView.data.communities")
    split = next(k for k, c in enumerate(communities) if c["children"])
    view.double_click_node(f"c{split}")
    parts = communities[split]["children"]
    assert view.drawn() == {f"c{j}" for j in parts}
    assert view.text("#scene-title").startswith(f"Community {communities[split]['name']}: ")
    assert view.all_drawn_inside()
    leaf = next(j for j in parts if not communities[j]["children"])
    view.double_click_node(f"c{leaf}")
    assert view.drawn() == set(communities[leaf]["members"])
    view.page.click("#back")
    assert view.drawn() == {f"c{j}" for j in parts}
    view.page.click("#back")
    assert f"c{split}" in view.drawn() and view.errors == []


def test_search_opens_a_neighbourhood_and_expanding_adds_the_neighbours(open_view: Any, big: Any) -> None:
    view = open_view(big)
    view.page.fill("#search-input", "alias 37")
    view.page.press("#search-input", "Enter")
    focus = view.js("kgView.findNode('Entity 37')")
    around = neighbours_of(view, focus)
    first = {focus, *around[:EXPAND_LIMIT]}
    assert view.drawn() == first
    assert view.js("kgView.network.getSelectedNodes()") == [focus]
    # expand a neighbour with neighbours not drawn yet
    other = next(j for j in sorted(first - {focus}) if set(neighbours_of(view, j)) - first)
    before = view.js("(ids) => kgView.network.getPositions(ids)", sorted(first))
    view.double_click_node(other)
    new = [j for j in neighbours_of(view, other) if j not in first][:EXPAND_LIMIT]
    assert view.drawn() == first | set(new)
    assert view.js("(ids) => kgView.network.getPositions(ids)", sorted(first)) == before  # nothing moved
    assert f"expanded {view.name_of(other)}" in view.text("#scene-title")
    assert f"Added {len(new)} neighbour" in view.text("#scene-note")
    # back and forward through the history
    view.page.click("#back")
    assert view.drawn() == first
    view.page.click("#forward")
    assert view.drawn() == first | set(new)
    assert view.page.locator("#forward").is_disabled()
    view.page.click("#home")
    assert view.js("kgView.scene().kind") == "overview"
    assert view.errors == [] and view.blocked == []


def test_keyboard_tab_to_the_search_box_enter_to_open_and_to_expand(open_view: Any, big: Any) -> None:
    view = open_view(big, expand_limit=10)
    page = view.page
    hub = view.js("kgView.data.nodes.reduce((a, n, i, all) => n.degree > all[a].degree ? i : a, 0)")
    assert len(neighbours_of(view, hub)) > 20  # more neighbours than one step shows
    page.keyboard.press("Tab")
    assert view.js("document.activeElement.id") == "search-input"
    page.keyboard.type(view.name_of(hub))
    page.keyboard.press("Enter")
    focus = view.js("kgView.findNode(document.getElementById('search-input').value)")
    assert focus == hub
    assert view.text("#scene-title") == f"Neighbourhood of {view.name_of(hub)}"
    drawn = view.drawn()
    for _ in range(200):  # on through the page's controls to the drawing
        page.keyboard.press("Tab")
        if view.js("document.activeElement.id") == "graph":
            break
    assert view.js("document.activeElement.id") == "graph"
    page.keyboard.press("Enter")  # expands the selected entity: the rest of its neighbours
    assert view.drawn() == drawn | set(neighbours_of(view, focus)[:20])
    page.keyboard.press("Alt+ArrowLeft")
    assert view.drawn() == drawn
    page.keyboard.press("Alt+ArrowRight")
    assert view.drawn() > drawn
    assert view.errors == []


def test_path_between_two_entities(open_view: Any) -> None:
    view = open_view(demo_graph())
    view.page.click("#path-section summary")
    view.page.fill("#path-from", "Peru")
    view.page.fill("#path-to", "argentina")
    view.page.click("#path-form button")
    path = [PERU, NAVY, PAREDES, SOUTHDEC, BUENOS_AIRES, ARGENTINA]
    assert view.js("kgView.scene().ids") == [view.node_id(e) for e in path]
    assert view.drawn() == {view.node_id(e) for e in path}
    highlighted = view.js("kgView.edges.get().filter((e) => e.width > 2).length")
    assert highlighted == len(path) - 1
    assert view.text("#path-status") == "Peru \u2192 Argentina: 5 relations."
    view.page.uncheck("#relation-filter input[data-relation=participatesIn]")
    view.page.click("#path-form button")
    assert "No chain of relations joins Peru and Argentina" in view.text("#path-status")
    assert len(DEMO_ENTITIES) > len(path) and view.errors == []


def test_date_range_keeps_only_relations_supported_by_articles_in_range(open_view: Any) -> None:
    view = open_view(dated_graph())
    assert view.drawn_relations() == {
        ("Ana Ruiz", "memberOf", "Chilean Navy"), ("Chilean Navy", "country", "Chile"),
        ("Chilean Navy", "cooperatesWith", "National Police"), ("National Police", "operatesIn", "VRAEM")}
    months = view.js("document.querySelectorAll('#histogram .bar').length")
    assert months == 35  # 2016-03 .. 2019-01, a bar per month
    assert view.text("#date-label") == "2016-03 \u2013 2019-01: 3 of 3 articles"
    view.set_range("#date-from", 10)  # 2017-01
    view.set_range("#date-to", 21)    # 2017-12
    assert view.text("#date-label") == "2017-01 \u2013 2017-12: 1 of 3 articles"
    # "country" stays: the 2017 article states it too; the 2016 and 2019 relations go
    assert view.drawn_relations() == {("Chilean Navy", "country", "Chile"),
                                      ("Chilean Navy", "cooperatesWith", "National Police")}
    assert view.drawn() == {view.node_id(e) for e in (CH_NAVY, CHILE, NAT_POLICE)}
    assert view.js("[...document.querySelectorAll('#histogram .bar.out')].length") == months - 12
    assert view.text("#article-list").count("Report of") == 1
    view.js("(i) => kgView.showNode(i)", view.node_id(CH_NAVY))
    details = view.details()
    assert "Report of 2017-06" in details and "Report of 2016-03" not in details.split("Mentioned in")[0]
    assert "1 more source outside the selected dates or articles" in details
    assert "1 more relation hidden by the filters." in details
    view.set_range("#date-from", 0)
    view.set_range("#date-to", months - 1)
    assert len(view.drawn_relations()) == 4
    assert view.errors == []


def test_article_list_filters_to_the_ticked_articles(open_view: Any) -> None:
    view = open_view(dated_graph())
    rows = view.page.locator("#article-list li")
    assert rows.count() == 3
    first = rows.nth(0).inner_text()
    assert "Report of 2016-03" in first and "2016-03-10" in first and "source" in first
    assert view.js("[...document.querySelectorAll('#article-list a')].map((a) => a.href)") == [
        "https://example.org/a2016", "https://example.org/a2017", "https://example.org/a2019"]
    view.page.check("#article-list input[data-article='2']")  # the 2019 article
    assert view.drawn_relations() == {("National Police", "operatesIn", "VRAEM")}
    assert view.drawn() == {view.node_id(NAT_POLICE), view.node_id(VRAEM)}
    view.page.check("#article-list input[data-article='0']")  # and the 2016 one
    assert view.drawn_relations() == {("National Police", "operatesIn", "VRAEM"),
                                      ("Ana Ruiz", "memberOf", "Chilean Navy"), ("Chilean Navy", "country", "Chile")}
    assert view.node_id(ANA) in view.drawn()
    assert view.text("#article-clear") == "Clear the selection (2 articles)"
    view.page.fill("#article-filter", "2019")
    assert rows.count() == 1
    view.page.click("#article-clear")
    assert len(view.drawn_relations()) == 4
    assert view.errors == []


def test_corpus_overview_narrows_to_the_entities_of_picked_articles(open_view: Any) -> None:
    view = open_view(corpus_graph())
    assert view.js("kgView.scene().kind") == "overview"
    assert all(isinstance(i, str) for i in view.drawn())  # communities
    assert view.text("#kg-title") == f"kg-builder: 36 articles, {view.js('kgView.data.nodes.length')} entities"
    view.page.check("#article-list input[data-article='5']")
    drawn = view.drawn()
    assert all(isinstance(i, int) for i in drawn)  # few enough: the entities themselves
    names = {view.name_of(i) for i in drawn}
    assert names == {f"Person 5-{j}" for j in range(10)} | {f"Force {k}" for k in range(8)} | {"Country 0"}
    assert all(" (report 5)" in s for s in view.js(
        "kgView.edges.getIds().flatMap((k) => kgView.data.edges[k].evidence"
        ".filter((ev) => ev[0] === 5).map((ev) => kgView.data.sentences[ev[1]]))"))
    assert view.all_drawn_inside()
    view.page.uncheck("#article-list input[data-article='5']")
    assert all(isinstance(i, str) for i in view.drawn())
    view.set_range("#date-to", 2)  # the first three months: entities again
    assert len(view.drawn()) == 3 * 10 + 8 + 3  # three months' people, the forces, three countries
    assert view.errors == []


def test_labels_follow_zoom_and_never_exceed_the_room(open_view: Any, big: Any) -> None:
    view = open_view(big)
    biggest = view.js("kgView.data.communities.reduce((a, c, k, all) => "
                      "c.members.length > all[a].members.length ? k : a, 0)")
    view.js("(k) => kgView.openCommunity(k)", biggest)
    count = "kgView.nodes.get().filter((n) => n.label).length"
    drawn = len(view.drawn())
    fitted = view.js(count)
    assert 0 < fitted < drawn
    hub = view.js("(k) => kgView.data.communities[k].members[0]", biggest)
    assert view.js("(i) => kgView.nodes.get(i).label", hub) == view.name_of(hub)  # the most central has its label
    view.js("(i) => { kgView.network.moveTo({position: kgView.network.getPositions([i])[i], scale: 3}); "
            "kgView.relabel(); }", hub)
    in_view = view.js("""() => { const r = document.getElementById('graph').getBoundingClientRect();
        return kgView.nodes.get().filter((n) => { const p = kgView.network.canvasToDOM(
            kgView.network.getPositions([n.id])[n.id]); return p.x > 0 && p.y > 0 && p.x < r.width && p.y < r.height; })
            .map((n) => n.label ? 1 : 0); }""")
    assert sum(in_view) > 0 and sum(in_view) / len(in_view) > fitted / drawn  # closer: more of them labelled
    sizes = view.js("kgView.nodes.get().filter((n) => n.label).map((n) => n.font.size * kgView.network.getScale())")
    assert min(sizes) >= 11.9 and max(sizes) <= 18.1  # readable on screen at any zoom
    assert view.errors == []

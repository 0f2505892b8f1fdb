"""Graphs, a headless Chromium and a page handle for the view's tests (tests/use/test_view*.py).

Graphs are built with kg.rdf from hand-made models (no NLP). Browser tests share one
Chromium per module; each opens its page in a fresh context whose every request that
is not ``file://`` is aborted and recorded. Import the fixtures into a test module with
``from view_support import browser, open_view``.
"""
from __future__ import annotations

import json
import os
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, Graph

from kg.models import Article, Entity, Provenance, Relation
from kg.ontology import CLASSES, KG, KG_NS, RELATIONS
from kg.rdf import add_extraction, entity_iri, new_graph
from kg.use.view import write_view

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
BLOB = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)

# ---------------------------------------------------------------------- one article

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


# ---------------------------------------------------------------------- hostile names

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_END = "</script><script>alert(2)</script>"
XSS_IMG = "<img src=x onerror=alert(3)>"
QUOTES = "O'Brien \"the \\\\ back\\slash\" \u2028line\u2029para &amp; </title>"
HOSTILE_TITLE = "</title><script>alert(4)</script> <img src=x onerror=alert(5)> & \"q\""
HOSTILE_PERSON = Entity("Person:x", XSS_SCRIPT, "Person", (XSS_IMG, QUOTES), XSS_END, 1)
HOSTILE_ORG = Entity("ArmedGroup:y", XSS_IMG + " Front", "ArmedGroup", (XSS_END,), None, 1)
HOSTILE_PLACE = Entity("Region:z", "<svg onload=alert(6)> valley", "Region", (), None, 1)
HOSTILE_SENTENCE = f"{XSS_SCRIPT} said {QUOTES} {XSS_END} {XSS_IMG}"
HOSTILE_STRINGS = (XSS_SCRIPT, XSS_END, XSS_IMG, QUOTES, HOSTILE_TITLE, HOSTILE_SENTENCE)


def hostile_graph() -> Graph:
    """Two articles (hostile titles, one with a ``javascript:`` URL) about three entities with
    hostile names, related by hostile sentences and rules."""
    g = new_graph()
    for key, date, url in (("evil", "2020-01-05", "javascript:alert(7)"),
                           ("evil2", "2020-03-05", "https://example.org/<b>\"x\"")):
        article = Article(id=key, text=HOSTILE_SENTENCE, source=f"<i>{key}</i>.txt", content_hash=key,
                          title=HOSTILE_TITLE + key, date=date, url=url, publisher=XSS_IMG)
        relations = (
            Relation(HOSTILE_PERSON.id, "commands", HOSTILE_ORG.id,
                     Provenance(key, HOSTILE_SENTENCE, 0, len(HOSTILE_SENTENCE), XSS_IMG, 0.5)),
            Relation(HOSTILE_ORG.id, "operatesIn", HOSTILE_PLACE.id,
                     Provenance(key, HOSTILE_SENTENCE, 0, len(HOSTILE_SENTENCE), XSS_END, 0.6)),
        )
        add_extraction(g, article, (HOSTILE_PERSON, HOSTILE_ORG, HOSTILE_PLACE), relations)
    return g


# ---------------------------------------------------------------------- larger graphs

def big_graph(n: int = 2000, extra: int = 600, seed: int = 7) -> Graph:
    """A connected graph whose degrees spread widely (preferential attachment), one article."""
    rng = random.Random(seed)
    entities = [Entity(f"{CLASSES[i % len(CLASSES)]}:e{i}", f"Entity {i}",
                       CLASSES[i % len(CLASSES)], (f"alias {i}",), None, 1) for i in range(n)]
    pairs, targets = [], [0]
    for i in range(1, n):
        j = rng.choice(targets)
        pairs.append((i, j))
        targets += [i, j]
    seen = set(pairs)
    while len(pairs) < n - 1 + extra:
        a, b = rng.randrange(n), rng.choice(targets)
        if a != b and (a, b) not in seen:
            pairs.append((a, b))
            seen.add((a, b))
    relations = [Relation(entities[a].id, "cooperatesWith", entities[b].id,
                          Provenance("big", f"Sentence {k}.", 0, 1, "rule", 0.5))
                 for k, (a, b) in enumerate(pairs)]
    g = new_graph()
    add_extraction(g, Article(id="big", text="x", source="big.txt", content_hash="b",
                              title="Big"), entities, relations)
    return g


CHILE = Entity("Country:cl", "Chile", "Country", (), None, 1)
ANA = Entity("Person:ana", "Ana Ruiz", "Person", ("Gen. Ruiz",), "General", 1)
CH_NAVY = Entity("MilitaryOrganization:cl-navy", "Chilean Navy", "MilitaryOrganization", ("Armada",), None, 1)
NAT_POLICE = Entity("GovernmentOrganization:np", "National Police", "GovernmentOrganization", (), None, 1)
VRAEM = Entity("Region:vraem", "VRAEM", "Region", (), None, 1)
DATED = (  # (article, date, relations as (subject, predicate, object))
    ("a2016", "2016-03-10", ((ANA, "memberOf", CH_NAVY), (CH_NAVY, "country", CHILE))),
    ("a2017", "2017-06-20", ((CH_NAVY, "cooperatesWith", NAT_POLICE), (CH_NAVY, "country", CHILE))),
    ("a2019", "2019-01-05", ((NAT_POLICE, "operatesIn", VRAEM),)),
)


def dated_graph() -> Graph:
    """Three dated articles; "Chilean Navy country Chile" is stated in two of them."""
    g = new_graph()
    for key, date, triples in DATED:
        sentences = [f"In {date[:4]}, {s.label} {p} {o.label}." for s, p, o in triples]
        text = " ".join(sentences)
        article = Article(id=key, text=text, source=f"{key}.txt", content_hash=key, date=date,
                          title=f"Report of {date[:7]}", url=f"https://example.org/{key}")
        relations, start = [], 0
        for (s, p, o), sentence in zip(triples, sentences):
            relations.append(Relation(s.id, p, o.id, Provenance(key, sentence, start, start + len(sentence),
                                                                "svo.v1", 0.8)))
            start += len(sentence) + 1
        used = {e.id: e for s, _, o in triples for e in (s, o)}
        add_extraction(g, article, tuple(used.values()), relations)
    return g


def corpus_graph(articles: int = 36, people: int = 10) -> Graph:
    """A corpus of dated articles (one a month from 2015-01) over shared organisations and
    countries, each with people of its own: 13 shared entities + ``articles * people``."""
    countries = [Entity(f"Country:c{k}", f"Country {k}", "Country", (), None, 1) for k in range(5)]
    orgs = [Entity(f"MilitaryOrganization:o{k}", f"Force {k}", "MilitaryOrganization", (f"F{k}",), None, 1)
            for k in range(8)]
    g = new_graph()
    for a in range(articles):
        date = f"{2015 + a // 12}-{a % 12 + 1:02d}-15"
        key = f"n{a}"
        cast = [Entity(f"Person:p{a}-{j}", f"Person {a}-{j}", "Person", (), "Colonel", 1) for j in range(people)]
        triples = [(p, "memberOf", orgs[(a + j) % 8]) for j, p in enumerate(cast)]
        triples += [(orgs[a % 8], "operatesIn", countries[a % 5]),
                    (orgs[a % 8], "cooperatesWith", orgs[(a + 3) % 8])]
        sentences = [f"{s.label} {p} {o.label} (report {a})." for s, p, o in triples]
        text = " ".join(sentences)
        article = Article(id=key, text=text, source=f"{key}.txt", content_hash=key, date=date,
                          title=f"Report {a} from {date[:7]}")
        relations, start = [], 0
        for (s, p, o), sentence in zip(triples, sentences):
            relations.append(Relation(s.id, p, o.id, Provenance(key, sentence, start, start + len(sentence),
                                                                "svo.v1", 0.5 + (start % 5) / 10)))
            start += len(sentence) + 1
        used = {e.id: e for s, _, o in triples for e in (s, o)}
        add_extraction(g, article, tuple(used.values()), relations)
    return g


def count_entities(g: Graph) -> int:
    return len({s for s, c in g.subject_objects(RDF.type)
                if str(c).startswith(KG_NS) and c != KG.Article})


def count_relations(g: Graph) -> int:
    return sum(1 for p in (*RELATIONS, "leads") for _ in g.triples((None, KG[p], None)))


def blob(page_html: str) -> dict[str, Any]:
    found = BLOB.findall(page_html)
    assert len(found) == 1, "the page must embed exactly one data blob"
    data: dict[str, Any] = json.loads(found[0])
    return data


# ---------------------------------------------------------------------- the browser


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

    def node_id(self, entity: Entity) -> int:
        node: int = self.js("(iri) => kgView.data.nodes.findIndex((n) => n.iri === iri)", str(entity_iri(entity)))
        assert node >= 0, entity
        return node

    def name_of(self, node: int) -> str:
        name: str = self.js("(i) => kgView.data.nodes[i].name", node)
        return name

    def drawn(self) -> set[Any]:
        """Ids of the nodes drawn: entity indices, "c<k>" for communities."""
        return set(self.js("kgView.nodes.getIds()"))

    def drawn_relations(self) -> set[tuple[str, str, str]]:
        return {tuple(t) for t in self.js(
            "kgView.edges.getIds().filter((k) => typeof k === 'number').map((k) => { const e = kgView.data.edges[k];"
            " return [kgView.data.nodes[e.from].name, e.predicate, kgView.data.nodes[e.to].name]; })")}

    def screen_point(self, canvas_xy: dict[str, float]) -> tuple[float, float]:
        point = self.js("""(p) => {
            const d = kgView.network.canvasToDOM(p);
            const r = document.getElementById('graph').getBoundingClientRect();
            return [d.x + r.left, d.y + r.top];
        }""", canvas_xy)
        return point[0], point[1]

    def node_point(self, node: Any) -> tuple[float, float]:
        return self.screen_point(self.js("(id) => kgView.network.getPositions([id])[id]", node))

    def click_node(self, node: Any) -> None:
        self.page.mouse.click(*self.node_point(node))

    def double_click_node(self, node: Any) -> None:
        self.page.mouse.dblclick(*self.node_point(node))

    def all_drawn_inside(self) -> bool:
        """Whether every drawn node is inside the drawing area (the view fits the graph)."""
        inside: bool = self.js("""() => {
            const r = document.getElementById('graph').getBoundingClientRect();
            return kgView.nodes.getIds().every((id) => {
                const p = kgView.network.canvasToDOM(kgView.network.getPositions([id])[id]);
                return p.x > 0 && p.y > 0 && p.x < r.width && p.y < r.height;
            });
        }""")
        return inside

    def details(self) -> str:
        text: str = self.page.locator("#details").inner_text()
        return text

    def text(self, selector: str) -> str:
        text: str = self.page.locator(selector).inner_text()
        return text

    def set_range(self, selector: str, value: int | float) -> None:
        self.page.locator(selector).evaluate(
            "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', {bubbles: true})); }", value)


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

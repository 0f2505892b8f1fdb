"""Web pages, URL lists and feeds, over a real HTTP server on 127.0.0.1 (tests/ingest/newssite.py).

Real httpx, real trafilatura and feedparser, the real build. Nothing here reaches beyond
loopback: every build passes ``allow_private`` (``--allow-private``) for the local server,
and the test of the default proves that without it no request reaches even loopback.
"""
from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
from newssite import ANA_RUIZ_PAGE, NewsSite
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

import kg
from kg.ingest import read_inputs
from kg.ingest.fetch import DEFAULT_USER_AGENT, Fetcher, FetchError, WebOptions, is_public
from kg.models import Article, Skipped
from kg.ontology import KG
from kg.pipeline import BuildOptions
from kg.rdf import SCHEMA

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")  # (rdflib's XSD object upsets pytest's
XSD_DATETIME = URIRef("http://www.w3.org/2001/XMLSchema#dateTime")  # collection of module names)
LOCAL = WebOptions(allow_private=True, delay=0.0, timeout=5.0)

# Names that only the pages' navigation, cookie banner, "most read" box, share bar,
# comments and footer hold, and the dateline's city. (The byline's author and the site's
# name are the article's dcterms:creator and dcterms:publisher; kg.extract.resolve makes
# them a Person and a MediaOrganization by design, linked by the byline.v1 rule.)
BOILERPLATE = {"Miami", "Florida", "Facebook", "Twitter", "Google", "Google Analytics", "Meta",
               "Manaus", "Brazilian Army", "Santa Cruz", "Bolivian Police", "Venezuelan Navy",
               "Montevideo", "Uruguay", "Coastal Times Media Group", "World", "Americas", "Bangui"}
DATE_LIKE = re.compile(r"\d|\b(january|february|march|april|may|june|july|august|september|october|"
                       r"november|december)\b", re.I)


@pytest.fixture
def site():
    with NewsSite(slow_seconds=3.0) as s:
        yield s


def _build(inputs, out, web=LOCAL, **kw):
    return kg.build(inputs, out=out, options=BuildOptions(view=False, web=web, **kw))


def _labels(g: Graph) -> set[str]:
    return {str(o) for s, _, o in g.triples((None, RDFS.label, None))
            if (s, RDF.type, KG.Article) not in g}


def _article(g: Graph, source: URIRef | Literal) -> URIRef:
    [node] = list(g.subjects(DCTERMS.source, source))
    assert (node, RDF.type, KG.Article) in g
    return node


def test_news_pages_give_their_articles_without_boilerplate(site, tmp_path):
    urls = [site.url("/news/drills.html"), site.url("/news/ana-ruiz.html"), site.url("/news/bangui.html")]
    g, report = _build(urls, tmp_path / "out")
    assert report.articles == 3 and not report.skipped
    labels = _labels(g)
    assert not labels & BOILERPLATE, labels & BOILERPLATE
    assert {"Chilean Navy", "Rosa Vega", "Colombian Coast Guard", "Central African Republic"} <= labels
    for url in urls:
        node = _article(g, URIRef(url))
        assert str(g.value(node, KG.extractor)).startswith("trafilatura ")
        fetched = g.value(node, KG.fetchedAt)
        assert fetched.datatype == XSD_DATETIME
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|\+00:00)", str(fetched))
        assert str(g.value(node, KG.sourcePath)) == url
    ruiz = _article(g, URIRef(urls[1]))
    assert g.value(ruiz, DCTERMS.creator) == Literal("Ana Ruiz")
    assert g.value(ruiz, DCTERMS.date) == Literal("2021-03-04", datatype=XSD_DATE)
    assert str(g.value(ruiz, DCTERMS.title)) == "Coast Guard Patrols Expand"
    drills = _article(g, URIRef(urls[0]))
    assert str(g.value(drills, DCTERMS.creator)) == "Marta Quiroga"
    assert str(g.value(drills, DCTERMS.date)) == "2021-03-02"
    assert str(g.value(drills, SCHEMA.url)) == urls[0]  # the canonical link, made absolute
    bangui = _article(g, URIRef(urls[2]))
    assert str(g.value(bangui, KG.dateline)) == "BANGUI, Central African Republic"
    assert (str(g.value(bangui, DCTERMS.creator)), str(g.value(bangui, DCTERMS.date))) == ("Luis Herrera", "2021-03-05")
    for s, p, o in g:  # no relation to a date
        if str(p).startswith(str(KG._NS)) and isinstance(o, URIRef) and p != RDF.type:
            label = str(g.value(o, RDFS.label) or "")
            assert not DATE_LIKE.search(label), (s, p, o)
    assert site.user_agents == {DEFAULT_USER_AGENT}


def test_a_rebuild_fetches_nothing_and_writes_the_same_bytes(site, tmp_path):
    urls = [site.url("/news/drills.html"), site.url("/news/ana-ruiz.html"), site.url("/old/drills")]
    out = tmp_path / "out"
    _build(urls, out)
    first = (out / "graph.ttl").read_bytes()
    bodies = dict(site.bodies)
    assert bodies == {"/robots.txt": 1, "/news/drills.html": 1, "/news/ana-ruiz.html": 1}
    _, report = _build(urls, out)
    assert report.articles == 3
    assert dict(site.bodies) == bodies  # revalidated (304), never downloaded again
    assert (out / "graph.ttl").read_bytes() == first  # same fetch time: a cache hit, same bytes
    assert (out / ".kg-web").is_dir()
    _build(urls, out, web=WebOptions(allow_private=True, delay=0.0, refetch=True))
    assert site.bodies["/news/drills.html"] == 2  # --refetch downloads again


def test_failed_fetches_are_skipped_inputs_with_their_reasons(site, tmp_path):
    bad = {"/missing": "HTTP 404 Not Found",
           "/slow": "timed out after 1 s",
           "/huge": "3,6",  # "3,6xx,xxx bytes is over the 1,000,000-byte limit"
           "/huge-chunked": "more than 1,000,000 bytes, over the limit (raise it with --max-bytes)",
           "/report.pdf": "content type application/pdf is not a web page, text or feed",
           "/private/secret.html": "robots.txt of http://127.0.0.1:",
           "/loop": "more than 5 redirects"}
    inputs = [site.url("/news/drills.html"), *(site.url(p) for p in bad), "file:///etc/passwd", "ftp://127.0.0.1/x"]
    web = WebOptions(allow_private=True, delay=0.0, timeout=1.0)
    started = time.perf_counter()
    _, report = _build(inputs, tmp_path / "out", web=web, max_bytes=1_000_000)
    assert time.perf_counter() - started < 60
    assert report.articles == 1
    reasons = {s.source: s.reason for s in report.skipped}
    for path, reason in bad.items():
        assert reason in reasons[site.url(path)], (path, reasons[site.url(path)])
    assert "over the 1,000,000-byte limit (raise it with --max-bytes)" in reasons[site.url("/huge")]
    assert "disallows it for kg-builder" in reasons[site.url("/private/secret.html")]
    assert reasons["file:///etc/passwd"] == "only http and https URLs are fetched, not file: URLs"
    assert reasons["ftp://127.0.0.1/x"] == "only http and https URLs are fetched, not ftp: URLs"
    assert site.requests["/private/secret.html"] == 0  # robots.txt is read first


def test_private_and_loopback_addresses_are_refused_unless_allowed(site):
    port = site.base.rsplit(":", 1)[1]
    urls = [site.url("/news/drills.html"), f"http://localhost:{port}/news/drills.html",
            f"http://[::ffff:127.0.0.1]:{port}/news/drills.html"]
    items = list(read_inputs(urls, web=WebOptions(delay=0.0)))
    assert all(isinstance(i, Skipped) for i in items)
    for item in items:
        assert "private, loopback or link-local address, refused (pass --allow-private" in item.reason
    assert sum(site.requests.values()) == 0  # not one request reached the server
    assert is_public("93.184.216.34") and not any(is_public(a) for a in (
        "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "::1",
        "fe80::1", "fc00::1", "0.0.0.0", "224.0.0.1", "::ffff:192.168.0.1"))


def test_a_redirect_is_followed_and_the_article_keeps_the_url_asked_for(site, tmp_path):
    g, _ = _build([site.url("/old/drills")], tmp_path / "out")
    node = _article(g, URIRef(site.url("/old/drills")))
    assert str(g.value(node, SCHEMA.url)) == site.url("/news/drills.html")
    items = list(read_inputs([site.url("/loop")], web=WebOptions(allow_private=True, delay=0.0, max_redirects=2)))
    assert items == [Skipped(site.url("/loop"), f"more than 2 redirects (last to {site.url('/loop')})")]


def test_rss_and_atom_feeds_give_their_items(site):
    items = list(read_inputs([site.url("/feed.rss"), site.url("/feed.atom")], web=LOCAL))
    articles = {a.title: a for a in items if isinstance(a, Article)}
    assert not [i for i in items if isinstance(i, Skipped)]
    full = articles["Army Deploys to Esmeraldas"]
    assert (full.author, full.date, full.publisher) == ("Elena Ortiz", "2021-03-09", "Coastal Times")
    assert full.source == site.url("/items/full-1.html") and full.extractor.startswith("feedparser ")
    assert full.text.startswith("The Ecuadorian Army deployed troops to the province of Esmeraldas")
    linked = articles["Navies Drill off Callao (feed title)"]  # the item's title, author and date win
    assert (linked.author, linked.date) == ("Marta Quiroga", "2021-03-11")
    assert linked.extractor.startswith("trafilatura ") and "Admiral Rosa Vega" in linked.text
    atom = articles["Peacekeepers Arrive in Bangui"]
    assert (atom.author, atom.date, atom.dateline) == ("Luis Herrera", "2021-03-05", "BANGUI, Central African Republic")
    assert "An Old Story" in articles
    for path in ("/items/full-1.html", "/items/full-2.html", "/items/full-3.html"):
        assert site.requests[path] == 0  # full text in the feed: the link is not fetched
    newer = list(read_inputs([site.url("/feed.rss")], web=WebOptions(allow_private=True, delay=0.0,
                                                                      since="2021-03-01")))
    assert "An Old Story" not in {a.title for a in newer if isinstance(a, Article)}
    assert len([a for a in newer if isinstance(a, Article)]) == 3


def test_a_feed_of_50_items_builds_in_one_command_and_a_rebuild_fetches_nothing(site, tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "kg", "build", site.url("/many.rss"), "--allow-private", "--fetch-delay", "0",
           "--out", str(out), "--no-view"]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    assert "Built 50 article(s)" in first.stdout
    g = Graph().parse(out / "graph.ttl")
    assert len(set(g.subjects(RDF.type, KG.Article))) == 50
    assert all(site.bodies[f"/items/{k}.html"] == 1 for k in range(1, 51))
    graph_bytes = (out / "graph.ttl").read_bytes()
    bodies = dict(site.bodies)
    second = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stderr
    assert "Built 50 article(s)" in second.stdout
    assert dict(site.bodies) == bodies  # every page and the feed revalidated: nothing downloaded
    assert (out / "graph.ttl").read_bytes() == graph_bytes


def test_a_file_listing_urls_is_fetched_when_named_not_when_found_in_a_folder(site, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    listing = folder / "reading-list.txt"
    listing.write_text(f"# this week\n{site.url('/news/drills.html')}\n\n{site.url('/news/ana-ruiz.html')}\n")
    items = list(read_inputs([listing], web=LOCAL))
    assert [a.source for a in items if isinstance(a, Article)] == [site.url("/news/drills.html"),
                                                                   site.url("/news/ana-ruiz.html")]
    before = sum(site.requests.values())
    [skip] = list(read_inputs([folder], web=LOCAL))
    assert skip == Skipped(str(listing), "a list of URLs; name it on the command line (kg build FILE) to fetch them")
    assert sum(site.requests.values()) == before


def test_the_saved_page_of_issue_12_as_a_file(tmp_path):
    """Byline "By Ana Ruiz, March 4, 2021", footer "Headquartered in Miami, Florida. Follow us
    on Facebook and Twitter": 0 entities from navigation, boxes or footer."""
    page = tmp_path / "saved-page.html"
    page.write_text(ANA_RUIZ_PAGE, encoding="utf-8")
    out = tmp_path / "out"
    g, report = kg.build([page], out=out, options=BuildOptions(view=False))
    assert report.articles == 1
    assert not _labels(g) & BOILERPLATE
    node = _article(g, Literal(str(page)))
    assert g.value(node, DCTERMS.creator) == Literal("Ana Ruiz")
    assert g.value(node, DCTERMS.date) == Literal("2021-03-04", datatype=XSD_DATE)
    assert g.value(node, KG.fetchedAt) is None  # a file: no fetch time, so rebuilds stay byte-identical
    assert str(g.value(node, KG.extractor)).startswith("trafilatura ")
    for _, p, o in g:
        if str(p).startswith(str(KG._NS)) and isinstance(o, URIRef) and p != RDF.type:
            assert not DATE_LIKE.search(str(g.value(o, RDFS.label) or ""))
    first = (out / "graph.ttl").read_bytes()
    kg.build([page], out=out, options=BuildOptions(view=False, cache=False))
    assert (out / "graph.ttl").read_bytes() == first


def test_requests_to_one_host_are_spaced_by_the_delay(site):
    with Fetcher(WebOptions(allow_private=True, delay=0.3)) as f:
        started = time.perf_counter()
        for path in ("/news/drills.html", "/news/ana-ruiz.html", "/news/bangui.html"):
            f.get(site.url(path))
        elapsed = time.perf_counter() - started
    assert elapsed >= 0.9  # robots.txt, then three pages: three gaps of 0.3 s
    assert f.requests == 4
    with Fetcher(WebOptions(allow_private=True, delay=0.0)) as f, pytest.raises(FetchError, match="HTTP 404"):
        f.get(site.url("/missing"))

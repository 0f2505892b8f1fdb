"""A small news site on 127.0.0.1 for the web tests: pages written for them, a real HTTP server.

``NewsSite()`` serves, on a free loopback port (``start()``/``stop()``, or as a context
manager):

* boilerplate-heavy article pages (navigation, cookie banner, "most read" box, comments,
  footer), one with the byline in a classed element and one with a plain byline line and
  a dateline; the saved-page example of issue 12 (``ANA_RUIZ_PAGE``);
* ``/old/drills`` -> 301 -> ``/news/drills.html``; ``/loop`` redirects to itself;
* ``/missing`` (404), ``/slow`` (answers after ``slow_seconds``), ``/huge`` (3 MB, with a
  Content-Length) and ``/huge-chunked`` (3 MB, without), ``/report.pdf`` (application/pdf);
* ``/robots.txt`` disallowing ``/private/``;
* ``/feed.rss`` (RSS 2.0: two full-text items, one item that links to a page, one old
  item), ``/feed.atom`` (Atom), ``/many.rss`` (50 items, each linking to ``/items/N.html``).

Every 200 answer carries an ETag and a Last-Modified date, and a conditional request for
an unchanged body gets a 304. ``requests[path]`` counts requests and ``bodies[path]``
counts bodies sent (200s), so a test can say that nothing was fetched twice.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAST_MODIFIED = "Thu, 04 Mar 2021 12:00:00 GMT"

NAV = """<header class="site-header"><a href="/">Coastal Times</a>
<nav><ul><li><a href="/world">World</a></li><li><a href="/americas">Americas</a></li>
<li><a href="/defence">Defence</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="cookie-banner"><p>We use cookies from Google Analytics and Meta to measure our audience.
<button>Accept all</button></p></div>"""

MOST_READ = """<aside class="most-read"><h2>Most read</h2><ol>
<li><a href="/a">Brazilian Army opens a new base in Manaus</a></li>
<li><a href="/b">Bolivian Police arrest smugglers near Santa Cruz</a></li>
<li><a href="/c">Venezuelan Navy buys two patrol boats</a></li></ol></aside>"""

FOOTER = """<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Great report! Greetings from Montevideo, Uruguay.</p></div></section>
<footer class="site-footer"><p>Headquartered in Miami, Florida. Follow us on Facebook and Twitter.</p>
<p>&copy; 2021 Coastal Times Media Group. All rights reserved.</p></footer>"""

BODY_DRILLS = """<p>The Peruvian Navy held joint drills with the Chilean Navy off the coast of Callao this week,
according to a statement from the Ministry of Defense of Peru.</p>
<p>Admiral Rosa Vega, commander of the Chilean Navy, led the exercise with four frigates and two
submarines. The <b>Peruvian Navy</b> sent its flagship and a <i>coastal patrol</i> unit.</p>
<p>Colonel Luis Soto, of the Peruvian Army, said that the drills were part of a regional plan
against drug trafficking in the Pacific Ocean.</p>
<p>The exercise ended on Thursday, and both navies said they would meet again next year in
Valparaiso to review the results of the training.</p>"""


def _page(title: str, byline_html: str, body: str, *, canonical: str | None = None,
          meta: str = "") -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Coastal Times</title>
<meta property="og:site_name" content="Coastal Times">{link}{meta}
<script>window.analytics = {{"track": true}};</script><style>body {{ font: 16px serif }}</style></head>
<body>{NAV}
<main><article><h1>{title}</h1>{byline_html}
<div class="article-body">{body}</div>
<div class="share-bar">Share on Facebook | Share on Twitter | Email</div></article></main>
{MOST_READ}{FOOTER}</body></html>"""


DRILLS_PAGE = _page("Navies Drill off Callao", '<p class="byline">By Marta Quiroga, March 2, 2021</p>',
                    BODY_DRILLS, canonical="/news/drills.html")

ANA_RUIZ_PAGE = _page(
    "Coast Guard Patrols Expand",
    "<p>By Ana Ruiz, March 4, 2021</p>",
    """<p>The Colombian Coast Guard expanded its patrols along the Pacific coast, the Colombian Navy
said in a statement on Wednesday.</p>
<p>Captain Mario Duarte, commander of the Pacific Coast Guard station, said that the patrols will
cover the waters near Tumaco and Buenaventura.</p>
<p>The Colombian Navy works with the Ecuadorian Navy to counter illegal fishing and drug
trafficking in the region, according to the statement.</p>""")

DATELINE_PAGE = _page(
    "Peacekeepers Arrive in Bangui",
    '<div class="author-line">Luis Herrera | March 5, 2021</div>',
    """<p>BANGUI, Central African Republic (AP) \u2014 Troops from Rwanda arrived in the Central African
Republic to join the United Nations mission, officials said on Friday.</p>
<p>General Paul Mbeki, the commander of the mission, said that the troops will protect
civilians in the north of the country.</p>""")


def _item_page(n: int) -> str:
    return _page(f"Patrol Report {n}", f"<p>By Reporter {n}, March {1 + n % 28}, 2021</p>",
                 f"""<p>The Chilean Navy sent patrol boat number {n} to the port of Arica on Monday.
Admiral Rosa Vega, commander of the Chilean Navy, inspected the crew of boat {n}.</p>
<p>The Peruvian Navy joined the patrol near Ilo, according to a statement.</p>""")


FULL_TEXT = ("<p>The Ecuadorian Army deployed troops to the province of Esmeraldas on Tuesday to counter "
             "illegal mining, the Ministry of Defense of Ecuador said.</p><p>General Carlos Mena, "
             "commander of the Ecuadorian Army, said that the operation will last three months and that "
             "the National Police of Ecuador will support the troops along the border with Colombia.</p>"
             "<p>The troops will also protect the rivers of the province, where the illegal mines "
             "pollute the water used by local communities, according to the statement.</p>")
FULL_TEXT_2 = FULL_TEXT.replace("Esmeraldas", "Sucumbios").replace("Carlos Mena", "Diego Paredes").replace(
    "Tuesday", "Wednesday")


def _rss(base: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Coastal Times</title><link>{base}/</link><description>News</description>
<item><title>Army Deploys to Esmeraldas</title><link>{base}/items/full-1.html</link>
<dc:creator>Elena Ortiz</dc:creator><pubDate>Tue, 09 Mar 2021 10:00:00 GMT</pubDate>
<description>Troops deployed.</description><content:encoded><![CDATA[{FULL_TEXT}]]></content:encoded></item>
<item><title>Army Deploys to Sucumbios</title><link>{base}/items/full-2.html</link>
<dc:creator>Elena Ortiz</dc:creator><pubDate>Wed, 10 Mar 2021 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[{FULL_TEXT_2}]]></content:encoded></item>
<item><title>Navies Drill off Callao (feed title)</title><link>{base}/news/drills.html</link>
<author>desk@coastal.example (Marta Quiroga)</author><pubDate>Thu, 11 Mar 2021 08:00:00 GMT</pubDate>
<description>The Peruvian Navy held joint drills.</description></item>
<item><title>An Old Story</title><link>{base}/items/old.html</link>
<pubDate>Mon, 04 Jan 2021 08:00:00 GMT</pubDate><description>Old news.</description></item>
</channel></rss>"""


def _atom(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coastal Times (Atom)</title>
<id>urn:coastal:atom</id><updated>2021-03-12T00:00:00Z</updated>
<entry><title>Peacekeepers Arrive in Bangui</title><id>urn:coastal:1</id>
<link href="{base}/news/bangui.html"/><author><name>Luis Herrera</name></author>
<updated>2021-03-05T09:00:00Z</updated><summary>Troops arrived.</summary></entry>
<entry><title>Army Deploys to Esmeraldas (Atom)</title><id>urn:coastal:2</id>
<link href="{base}/items/full-3.html"/><author><name>Elena Ortiz</name></author>
<updated>2021-03-09T09:00:00Z</updated>
<content type="html">{FULL_TEXT.replace("&", "&amp;").replace("<", "&lt;")}</content></entry>
</feed>"""


def _many(base: str, n: int = 50) -> str:
    items = "".join(f"<item><title>Patrol Report {k}</title><link>{base}/items/{k}.html</link>"
                    f"<pubDate>Mon, {1 + k % 28:02d} Mar 2021 08:00:00 GMT</pubDate>"
                    f"<description>Patrol {k}.</description></item>" for k in range(1, n + 1))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Patrol Wire</title>'
            f"<link>{base}/</link><description>Patrols</description>{items}</channel></rss>")


class NewsSite:
    """The loopback news site (see the module docstring)."""

    def __init__(self, slow_seconds: float = 3.0) -> None:
        self.slow_seconds = slow_seconds
        self.requests: Counter[str] = Counter()
        self.bodies: Counter[str] = Counter()
        self.user_agents: set[str] = set()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path

    # ------------------------------------------------------------------ routes

    def route(self, path: str) -> tuple[int, str, bytes, dict[str, str]]:
        """(status, content type, body, extra headers) for ``path``."""
        html = "text/html; charset=utf-8"
        pages = {
            "/news/drills.html": DRILLS_PAGE,
            "/news/ana-ruiz.html": ANA_RUIZ_PAGE,
            "/news/bangui.html": DATELINE_PAGE,
            "/private/secret.html": _page("Secret", "", "<p>The Navy met in secret.</p>"),
            "/items/old.html": _page("An Old Story", "", "<p>The Bolivian Navy met in January.</p>"),
        }
        if path in pages:
            return 200, html, pages[path].encode("utf-8"), {}
        if path.startswith("/items/") and path.endswith(".html") and path[7:-5].isdigit():
            return 200, html, _item_page(int(path[7:-5])).encode("utf-8"), {}
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nDisallow: /private/\n", {}
        if path == "/old/drills":
            return 301, html, b"", {"Location": "/news/drills.html"}
        if path == "/loop":
            return 302, html, b"", {"Location": "/loop"}
        if path == "/slow":
            time.sleep(self.slow_seconds)
            return 200, html, DRILLS_PAGE.encode("utf-8"), {}
        if path in ("/huge", "/huge-chunked"):
            return 200, html, (DRILLS_PAGE + "<p>filler text</p>" * 200_000).encode("utf-8"), {}
        if path == "/report.pdf":
            return 200, "application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", {}
        if path == "/feed.rss":
            return 200, "application/rss+xml", _rss(self.base).encode("utf-8"), {}
        if path == "/feed.atom":
            return 200, "application/atom+xml", _atom(self.base).encode("utf-8"), {}
        if path == "/many.rss":
            return 200, "application/rss+xml; charset=utf-8", _many(self.base).encode("utf-8"), {}
        return 404, "text/html", b"<h1>Not found</h1>", {}

    # ------------------------------------------------------------------ server

    def start(self) -> NewsSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                with site._lock:
                    site.requests[path] += 1
                    site.user_agents.add(self.headers.get("User-Agent", ""))
                status, ctype, body, extra = site.route(path)
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if status == 200 and (self.headers.get("If-None-Match") == etag
                                      or self.headers.get("If-Modified-Since") == LAST_MODIFIED):
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                for k, v in extra.items():
                    self.send_header(k, v)
                if status == 200:
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", LAST_MODIFIED)
                    with site._lock:
                        site.bodies[path] += 1
                if path == "/huge-chunked":
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    try:
                        for k in range(0, len(body), 65536):
                            part = body[k:k + 65536]
                            self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                        self.wfile.write(b"0\r\n\r\n")
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that hung up early (the size cap, the timeout) is expected

        self._server = Server(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> NewsSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

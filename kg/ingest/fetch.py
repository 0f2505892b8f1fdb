"""URL -> response body, fetched politely and safely with httpx.

``Fetcher(options, max_bytes).get(url)`` -> ``Fetched`` or raises ``FetchError`` (the
reason, one line). What it does for every request:

* only ``http`` and ``https``; every address a host name resolves to is checked when the
  connection is made (so also after each redirect and whatever DNS answers later):
  private, loopback, link-local, shared, multicast and reserved addresses are refused
  unless ``allow_private``. Proxies from the environment are not used (they would hide
  the destination from that check).
* an identifying ``User-Agent``; ``robots.txt`` read once per origin and obeyed
  (RFC 9309: a 4xx robots.txt allows everything, a 5xx one disallows everything), its
  ``Crawl-delay`` honoured up to 60 s;
* at least ``delay`` seconds between two requests to one host;
* ``timeout`` seconds to connect, between two reads, and for the whole body;
* a body over ``max_bytes`` (after decompression) is refused, from ``Content-Length``
  when the server sends it, else as soon as the stream passes it;
* at most ``max_redirects`` redirects, each to an http(s) URL;
* with a ``cache_dir``, responses are kept on disk (``fetchcache``); a cached page is
  not requested again while fresh (``Cache-Control: max-age``, ``Expires``), else it is
  revalidated with ``If-None-Match``/``If-Modified-Since`` and a 304 answer reuses the
  kept body, so a rebuild of unchanged pages downloads nothing.
"""
from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from .fetchcache import CacheEntry, FetchCache

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

ROBOTS_AGENT = "kg-builder"
"""The product token that robots.txt rules name."""



def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kg-builder")
    except PackageNotFoundError:  # run from a checkout that is not installed
        return "dev"


DEFAULT_USER_AGENT = f"kg-builder/{_version()} (news knowledge-graph builder; +https://w3id.org/kg-builder)"
ROBOTS_MAX_BYTES = 512_000  # RFC 9309 asks crawlers to read at least 500 KiB
MAX_CRAWL_DELAY = 60.0
ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
          "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8,text/markdown;q=0.8,*/*;q=0.1")


@dataclass(frozen=True, slots=True)
class WebOptions:
    """How URLs and feeds are fetched (``kg build`` flags in brackets).

    ``allow_private`` lets URLs reach private, loopback and link-local addresses
    (``--allow-private``; off, since a URL list may come from anyone). ``delay``: seconds
    between two requests to one host (``--fetch-delay``). ``timeout``: seconds to connect,
    between reads and for a whole body (``--fetch-timeout``). ``cache_dir``: where fetched
    pages are kept between builds (a build uses ``OUT/.kg-web``); ``refetch`` downloads
    them again anyway (``--refetch``). ``since``: an ISO date; feed items published
    before it are left out (``--since``).
    """

    allow_private: bool = False
    user_agent: str = DEFAULT_USER_AGENT
    delay: float = 1.0
    timeout: float = 20.0
    max_redirects: int = 5
    cache_dir: str | None = None
    refetch: bool = False
    since: str | None = None


class FetchError(Exception):
    """A URL that could not be fetched; the message is the reason (one line). ``status`` is
    the HTTP status when the server answered with an error."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class BlockedAddress(FetchError):
    """A connection refused because the host resolves to a non-public address."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body and what the response said about it."""

    url: str  # requested
    final_url: str  # after redirects
    content_type: str  # Content-Type header as sent ("" when missing)
    body: bytes
    fetched: str  # ISO 8601 UTC, when the body was received
    from_cache: bool = False

    @property
    def media_type(self) -> str:
        return self.content_type.split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for param in self.content_type.split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


def is_public(address: str) -> bool:
    """Whether ``address`` (an IP) is a public unicast address.

    >>> is_public("93.184.216.34"), is_public("127.0.0.1"), is_public("::ffff:10.0.0.1")
    (True, False, False)
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> None:
    """Raise ``FetchError`` unless ``url`` is an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # a bad port raises ValueError
    except ValueError as err:
        raise FetchError(f"not a valid URL ({err})") from err
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme or 'a relative'}: URLs")
    if not parts.hostname:
        raise FetchError("URL has no host name")


def _now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _fresh_until(headers: httpx.Headers, now: float) -> float | None:
    cache_control = headers.get("cache-control", "").lower()
    directives = {d.split("=", 1)[0].strip(): d.split("=", 1)[1].strip() if "=" in d else ""
                  for d in cache_control.split(",") if d.strip()}
    if "no-cache" in directives or "no-store" in directives or "private" in directives:
        return None
    for name in ("s-maxage", "max-age"):
        if name in directives:
            try:
                return now + max(0, int(directives[name].strip('"')))
            except ValueError:
                return None
    expires = headers.get("expires")
    if expires:
        try:
            return parsedate_to_datetime(expires).timestamp()
        except (TypeError, ValueError, IndexError):
            return None
    return None


class Fetcher:
    """One fetching session: an httpx client, robots.txt per origin, per-host pacing, the cache.

    >>> with Fetcher(WebOptions(cache_dir="output/.kg-web")) as f:   # doctest: +SKIP
    ...     page = f.get("https://example.org/news/1")
    """

    def __init__(self, options: WebOptions | None = None, max_bytes: int = 20_000_000) -> None:
        self.options = options or WebOptions()
        self.max_bytes = max_bytes
        self.cache = FetchCache(self.options.cache_dir) if self.options.cache_dir else None
        self._client: httpx.Client | None = None
        self._robots: dict[str, RobotFileParser | str | None] = {}
        self._last: dict[str, float] = {}
        self._delay: dict[str, float] = {}
        self._checked: set[str] = set()  # URLs fetched or revalidated in this session
        self.requests = 0  # requests sent (conditional ones included)
        self.downloads = 0  # bodies received with a 200

    # ---------------------------------------------------------------- lifecycle

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self.cache is not None:
            self.cache.prune()

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            import httpx

            t = self.options.timeout
            self._client = httpx.Client(
                transport=_guarded_transport(self.options.allow_private),
                timeout=httpx.Timeout(t, connect=t, read=t, write=t, pool=t),
                follow_redirects=False, trust_env=False,
                headers={"User-Agent": self.options.user_agent, "Accept": ACCEPT,
                         "Accept-Encoding": "gzip, deflate"})
        return self._client

    # ---------------------------------------------------------------- fetching

    def get(self, url: str) -> Fetched:
        """The body of ``url`` (from the cache when it is unchanged); raises ``FetchError``."""
        check_url(url)
        return self._get(url, robots=True, max_bytes=self.max_bytes)

    def _load(self, url: str) -> tuple[CacheEntry, bytes] | None:
        """The kept copy of ``url``; with ``refetch``, only one fetched in this session."""
        if self.cache is None or (self.options.refetch and url not in self._checked):
            return None
        return self.cache.load(url)

    def _get(self, url: str, *, robots: bool, max_bytes: int) -> Fetched:
        import httpx

        cached = self._load(url)
        if cached is not None and (cached[0].is_fresh() or url in self._checked):
            entry, body = cached
            log.info("%s: %s", url, "fresh in the fetch cache" if url not in self._checked
                     else "checked already in this session")
            return Fetched(url, entry.final_url, entry.content_type, body, entry.fetched, from_cache=True)
        current = url
        for _ in range(self.options.max_redirects + 1):
            check_url(current)
            if robots:
                self._obey_robots(current)
            # validators: of the entry of the URL asked for when its redirects ended here, else
            # of this hop's own entry (a page reached through another URL already)
            hop = cached if cached is not None and cached[0].final_url == current else (
                self._load(current) if current != url else None)
            if hop is not None and hop[0].final_url != current:
                hop = None
            if hop is not None and current != url and (hop[0].is_fresh() or current in self._checked):
                return self._reuse(url, hop)
            headers = {}
            if hop is not None:
                if hop[0].etag:
                    headers["If-None-Match"] = hop[0].etag
                if hop[0].last_modified:
                    headers["If-Modified-Since"] = hop[0].last_modified
            host = urlsplit(current).netloc.lower()
            self._pace(host)
            try:
                self.requests += 1
                with self.client.stream("GET", current, headers=headers) as resp:
                    status = resp.status_code
                    if status in (301, 302, 303, 307, 308):
                        location = resp.headers.get("location")
                        if not location:
                            raise FetchError(f"HTTP {status} redirect without a Location header")
                        log.info("%s: HTTP %d -> %s", current, status, location)
                        current = urljoin(current, location.strip())
                        continue
                    now = time.time()
                    if status == 304 and hop is not None:
                        entry, body = hop
                        fresh = _fresh_until(resp.headers, now)
                        if fresh != entry.fresh_until and self.cache is not None:
                            self.cache.save(replace(entry, fresh_until=fresh))
                        log.info("%s: not modified (HTTP 304); the cached copy is used", current)
                        self._checked.add(current)
                        return self._reuse(url, (replace(entry, fresh_until=fresh), body))
                    if not 200 <= status < 300 or status == 204:
                        reason = f"HTTP {status} {resp.reason_phrase}".strip()
                        if current != url:
                            reason += f" (redirected to {current})"
                        raise FetchError(reason, status)
                    body = self._read_body(resp, max_bytes)
            except httpx.TimeoutException as err:
                raise FetchError(f"timed out after {self.options.timeout:g} s ({type(err).__name__}); "
                                 "raise --fetch-timeout if the site is slow") from err
            except httpx.TransportError as err:
                raise FetchError(f"cannot fetch {current}: {type(err).__name__}: {err}") from err
            except UnicodeError as err:  # an IDNA host name that does not encode
                raise FetchError(f"invalid host name in {current}: {err}") from err
            self.downloads += 1
            fetched = _now_iso()
            content_type = resp.headers.get("content-type", "")
            log.info("%s: HTTP 200, %s bytes", current, f"{len(body):,}")
            entry = CacheEntry(current, current, content_type, resp.headers.get("etag"),
                               resp.headers.get("last-modified"), fetched, _fresh_until(resp.headers, now))
            self._checked.add(current)
            if self.cache is not None and "no-store" not in resp.headers.get("cache-control", "").lower():
                self.cache.save(entry, body)
                if current != url:
                    self.cache.save(replace(entry, url=url), body)
                    self._checked.add(url)
            return Fetched(url, current, content_type, body, fetched)
        raise FetchError(f"more than {self.options.max_redirects} redirects (last to {current})")

    def _reuse(self, url: str, hop: tuple[CacheEntry, bytes]) -> Fetched:
        """The kept body of a page that ``url`` leads to; ``url``'s own entry points to it."""
        entry, body = hop
        if self.cache is not None and entry.url != url:
            self.cache.save(replace(entry, url=url), body)
        self._checked.add(url)
        return Fetched(url, entry.final_url, entry.content_type, body, entry.fetched, from_cache=True)

    def _read_body(self, resp: httpx.Response, max_bytes: int) -> bytes:
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes and not resp.headers.get("content-encoding"):
            raise FetchError(f"{int(declared):,} bytes is over the {max_bytes:,}-byte limit "
                             "(raise it with --max-bytes)")
        deadline = time.monotonic() + self.options.timeout
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"more than {max_bytes:,} bytes, over the limit (raise it with --max-bytes)")
            if time.monotonic() > deadline:
                raise FetchError(f"the body took over {self.options.timeout:g} s to arrive "
                                 "(raise --fetch-timeout if the site is slow)")
            chunks.append(chunk)
        return b"".join(chunks)

    def _pace(self, host: str) -> None:
        wait = self._delay.get(host, self.options.delay)
        last = self._last.get(host)
        if last is not None and wait > 0:
            pause = last + wait - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    # ---------------------------------------------------------------- robots.txt

    def _obey_robots(self, url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        rules = self._robots[origin]
        if isinstance(rules, str):  # a reason to disallow everything
            raise FetchError(rules)
        if rules is not None and not rules.can_fetch(ROBOTS_AGENT, url):
            raise FetchError(f"robots.txt of {origin} disallows it for {ROBOTS_AGENT}")

    def _read_robots(self, origin: str) -> RobotFileParser | str | None:
        """The rules of ``origin``; ``None`` allows everything, a string disallows everything."""
        try:
            got = self._get(origin + "/robots.txt", robots=False, max_bytes=ROBOTS_MAX_BYTES)
        except BlockedAddress:
            raise
        except FetchError as err:
            if err.status is not None and 400 <= err.status < 500:
                return None  # RFC 9309 2.3.1.3: "unavailable" allows everything
            return (f"robots.txt of {origin} could not be read ({err}), which disallows the whole site "
                    "(RFC 9309); try again later")
        rules = RobotFileParser(origin + "/robots.txt")
        rules.parse(got.body.decode("utf-8", "replace").splitlines())
        delay = rules.crawl_delay(ROBOTS_AGENT)
        if delay:
            host = urlsplit(origin).netloc
            self._delay[host] = max(self.options.delay, min(float(delay), MAX_CRAWL_DELAY))
        return rules


def _guarded_transport(allow_private: bool) -> httpx.HTTPTransport:
    """httpx's transport, connecting through a backend that checks every resolved address."""
    import httpcore
    import httpx

    class GuardedBackend(httpcore.SyncBackend):
        def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                        local_address: str | None = None,
                        socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
            try:
                infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError) as err:
                raise httpcore.ConnectError(f"cannot resolve {host}: {err}") from err
            addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
            allowed = [a for a in addresses if allow_private or is_public(a)]
            if not allowed:
                raise BlockedAddress(
                    f"{host} resolves to {', '.join(addresses)}: a private, loopback or link-local "
                    "address, refused (pass --allow-private to fetch from your own network)")
            last: Exception | None = None
            for address in allowed:
                try:
                    return super().connect_tcp(address, port, timeout, local_address, socket_options)
                except (httpcore.ConnectError, httpcore.ConnectTimeout) as err:
                    last = err
            assert last is not None
            raise last

    transport = httpx.HTTPTransport(trust_env=False)
    # httpx takes no network backend; its pool is rebuilt with the checking one (same defaults).
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False), max_connections=10,
        max_keepalive_connections=5, keepalive_expiry=5.0, network_backend=GuardedBackend())
    return transport

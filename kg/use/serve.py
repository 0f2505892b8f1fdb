"""A read-only SPARQL 1.1 Protocol endpoint: graph file -> pyoxigraph Store -> HTTP.

:func:`make_app` loads the graph into an in-memory ``pyoxigraph.Store`` (about a
million triples a second) and returns a Starlette app; :func:`serve` runs it under
uvicorn, on 127.0.0.1 unless told otherwise.

Routes:

* ``/sparql`` — ``GET ?query=…``, ``POST`` with an ``application/sparql-query``
  body or a form-encoded ``query=…``. The ``Accept`` header chooses the answer:
  ``application/sparql-results+json`` (the default), ``…+xml``, ``text/csv``,
  ``text/tab-separated-values`` or ``text/plain`` (an aligned table) for
  ``SELECT``/``ASK``; ``text/turtle`` (the default) or ``application/n-triples``
  for ``CONSTRUCT``/``DESCRIBE``.
* ``/`` — the HTML view (``graph.html`` beside the graph, or ``html_path``) when
  there is one, else a short page that points to /sparql; ``/health`` — JSON status.

Limits, each answered with a plain-text message that says what to do:

* SPARQL Update (``update=``, ``application/sparql-update``, or an update as
  ``query=``): 403;
* ``SERVICE`` or ``LOAD`` in the query: 400; a malformed query: 400 with the
  parser's message (line and column);
* a body over ``max_request_bytes``: 413; a ``GET`` query string over it: 414;
* no result type the ``Accept`` header allows: 406;
* all ``workers`` busy: the request waits for one (up to ``timeout_s``; at most
  ``max(64, 16 x workers)`` requests wait), then 503 with ``Retry-After``; a query over ``timeout_s``: 504;
* more than ``max_rows`` rows or triples: 200 with the first ``max_rows`` and
  ``X-KG-Truncated: true``.

Queries run in daemon worker threads (pyoxigraph releases the GIL, so they use
other cores). A timed-out query that streams rows stops at the next row; one
that computes before yielding (an aggregate, ``ORDER BY``) runs on in its thread
until done, holding its worker slot, so at most ``workers`` such queries ever run.
"""
from __future__ import annotations

import asyncio
import ipaddress
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..models import KGError
from ..sparql import QueryRefusedError, QuerySyntaxError, ReadOnlyError, check_query, query_form
from .query import load_store, run_query
from .results import format_result

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878

# media type -> kg.use.results result format, in the order the server prefers them
TABULAR_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/plain": "table",
}
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
}


class _HTTPError(Exception):
    """An answer other than 200: ``status`` and the message for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass(frozen=True, slots=True)
class _Answer:
    body: bytes
    media_type: str
    truncated: bool
    seconds: float


def negotiate(accept: str | None, offered: dict[str, str]) -> str | None:
    """The media type of ``offered`` that ``accept`` likes best (``None``: none acceptable).

    Ties in quality go to the server's order; ``*/*`` and ``type/*`` match.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", TABULAR_TYPES)
    'application/sparql-results+xml'
    >>> negotiate(None, GRAPH_TYPES), negotiate("image/png", GRAPH_TYPES)
    ('text/turtle', None)
    """
    if not accept or not accept.strip():
        return next(iter(offered))
    best: tuple[float, int, str] | None = None
    for rank, media in enumerate(offered):
        quality = 0.0
        specificity = -1
        for part in accept.split(","):
            fields = [f.strip() for f in part.split(";")]
            pattern = fields[0].lower()
            q = 1.0
            for param in fields[1:]:
                key, _, value = param.partition("=")
                if key.strip().lower() == "q":
                    try:
                        q = float(value)
                    except ValueError:
                        q = 0.0
            main, _, sub = pattern.partition("/")
            if pattern == media:
                spec = 2
            elif sub == "*" and (main == "*" or media.startswith(main + "/")):
                spec = 0 if main == "*" else 1
            else:
                continue
            if spec > specificity:  # the most specific matching range decides the quality
                specificity, quality = spec, q
        if quality > 0 and (best is None or quality > best[0]):
            best = (quality, -rank, media)
    return best[2] if best else None


def _content_type(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) \
        else media


def make_app(
    graph_path: str | Path,
    *,
    html_path: str | Path | None = None,
    timeout_s: float = 10.0,
    max_rows: int = 10_000,
    max_request_bytes: int = 1_000_000,
    workers: int = 4,
    allow_remote_context: bool = False,
) -> Starlette:
    """A Starlette app that answers SPARQL over the graph at ``graph_path`` (see the module doc).

    The graph loads now, so a bad file fails here with a ``KGError``, not on the
    first request.
    """
    graph_file = Path(graph_path)
    started = time.perf_counter()
    store = load_store(graph_file, allow_remote_context=allow_remote_context)
    triples = len(store)
    log.info("loaded %s triples from %s in %.2fs", triples, graph_file, time.perf_counter() - started)
    html_file = Path(html_path) if html_path is not None else graph_file.parent / "graph.html"
    slots = threading.BoundedSemaphore(workers)
    queue_limit = max(64, workers * 16)

    async def home(request: Request) -> Response:
        if html_file.is_file():
            return FileResponse(html_file, media_type="text/html")
        return HTMLResponse(
            "<!doctype html><meta charset=utf-8><title>kg-builder SPARQL endpoint</title>"
            "<h1>kg-builder SPARQL endpoint</h1><p>Send SPARQL 1.1 queries to "
            "<a href=sparql>/sparql</a> (GET <code>?query=</code> or POST). No HTML view "
            "was found beside the graph: write one with <code>kg view</code>.</p>"
        )

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "graph": graph_file.name, "triples": triples,
                             "timeout_s": timeout_s, "max_rows": max_rows})

    async def sparql(request: Request) -> Response:
        try:
            text = await _query_text(request, max_request_bytes)
            media, fmt = _check_and_negotiate(text, request.headers.get("accept"))
            answer = await _answer(text, media, fmt)
        except _HTTPError as err:
            log.info("SPARQL %s: %s", err.status, err.message.splitlines()[0])
            return PlainTextResponse(err.message + "\n", status_code=err.status, headers=err.headers)
        headers = {"Vary": "Accept", "X-KG-Row-Limit": str(max_rows),
                   "X-KG-Query-Seconds": f"{answer.seconds:.3f}"}
        if answer.truncated:
            headers["X-KG-Truncated"] = "true"
        return Response(answer.body, media_type=_content_type(answer.media_type), headers=headers)

    waiting = [0]

    async def _admit() -> float:
        """Wait (without blocking the event loop) for a free worker; returns the seconds left.

        A request queues while all workers are busy, for at most the query time limit;
        only when ``queue_limit`` requests already wait, or the wait runs out, is it
        refused with 503."""
        deadline = time.monotonic() + timeout_s
        if slots.acquire(blocking=False):
            return timeout_s
        if waiting[0] >= queue_limit:
            raise _HTTPError(503, f"All {workers} query workers are busy and {queue_limit} queries "
                             "wait; retry in a few seconds.", {"Retry-After": "5"})
        waiting[0] += 1
        try:
            delay = 0.002
            while not slots.acquire(blocking=False):
                if time.monotonic() >= deadline:
                    raise _HTTPError(503, f"No query worker came free within {timeout_s:g} s; "
                                     "retry in a few seconds.", {"Retry-After": "5"})
                await asyncio.sleep(delay)
                delay = min(delay * 2, 0.05)
        finally:
            waiting[0] -= 1
        return max(0.1, deadline - time.monotonic())

    async def _answer(text: str, media: str, fmt: str) -> _Answer:
        await _admit()
        stop = threading.Event()

        def work() -> _Answer:
            t0 = time.perf_counter()
            result = run_query(store, text, max_rows=max_rows, should_stop=stop.is_set)
            body = format_result(result, fmt, max_width=None).encode("utf-8")
            return _Answer(body, media, result.truncated, time.perf_counter() - t0)

        future = _in_thread(work, slots.release)
        try:
            return await asyncio.wait_for(future, timeout_s)
        except asyncio.TimeoutError:
            stop.set()
            raise _HTTPError(
                504, f"The query ran longer than the {timeout_s:g} s limit; its answer was abandoned. "
                "Make it more selective (bind more variables, add LIMIT) or serve with a longer "
                "timeout."
            ) from None
        except (QuerySyntaxError, QueryRefusedError) as err:
            raise _HTTPError(400, str(err)) from err
        except (RuntimeError, ValueError, OSError, KGError) as err:  # pyoxigraph evaluation errors
            raise _HTTPError(400, f"The query failed: {err}") from err

    return Starlette(routes=[
        Route("/", home, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
    ])


def _in_thread(fn: Callable[[], _Answer], done: Callable[[], None]) -> asyncio.Future[_Answer]:
    """Run ``fn`` in a daemon thread; its result or exception resolves the returned future.

    Daemon, so a query still running when the server stops does not hold the
    process open. ``done`` runs when ``fn`` ends, however late.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[_Answer] = loop.create_future()

    def resolve(ok: bool, value: object) -> None:
        if future.done():  # the request already timed out
            return
        if ok:
            future.set_result(value)  # type: ignore[arg-type]
        else:
            future.set_exception(value)  # type: ignore[arg-type]

    def work() -> None:
        try:
            value: object = fn()
            ok = True
        except BaseException as err:  # handed to the waiting request, which answers with it
            value, ok = err, False
        finally:
            done()
        try:
            loop.call_soon_threadsafe(resolve, ok, value)
        except RuntimeError:  # the event loop has closed: the server stopped meanwhile
            pass

    threading.Thread(target=work, name="kg-sparql-query", daemon=True).start()
    return future


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _HTTPError(413, f"The request body has {declared} bytes; the limit is {limit}.")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _HTTPError(413, f"The request body exceeds the limit of {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _HTTPError(400, f"The request is not UTF-8 (byte {err.start}); send UTF-8 text.") from err


_UPDATE_REFUSED = (
    "This endpoint is read-only: SPARQL Update is refused. Rebuild the graph with `kg build` "
    "to change it."
)


async def _query_text(request: Request, limit: int) -> str:
    """The query of a SPARQL Protocol request (GET or POST, direct or form-encoded)."""
    if request.method == "GET":
        if len(request.url.query.encode("utf-8")) > limit:
            raise _HTTPError(414, f"The query string exceeds {limit} bytes; POST long queries.")
        params: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            params.setdefault(key, []).append(value)
    else:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "application/sparql-update":
            raise _HTTPError(403, _UPDATE_REFUSED)
        body = await _read_body(request, limit)
        if media == "application/sparql-query":
            return _decode(body)
        if media != "application/x-www-form-urlencoded":
            raise _HTTPError(
                415, f"Cannot read a {media or 'untyped'} body: POST the query as "
                "application/sparql-query, or form-encoded as query=… "
                "(application/x-www-form-urlencoded)."
            )
        params = parse_qs(_decode(body), keep_blank_values=True)
    if "update" in params:
        raise _HTTPError(403, _UPDATE_REFUSED)
    for unsupported in ("default-graph-uri", "named-graph-uri"):
        if any(v.strip() for v in params.get(unsupported, [])):
            raise _HTTPError(400, f"{unsupported} is not supported: the endpoint serves one "
                             "graph; use GRAPH in the query instead.")
    queries = params.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        raise _HTTPError(400, "Send exactly one SPARQL query as the query parameter "
                         "(GET /sparql?query=… or POST query=…).")
    return queries[0]


def _check_and_negotiate(text: str, accept: str | None) -> tuple[str, str]:
    """Refusals first, then the response type: lexical checks, cheap enough for the event loop.

    The full parse runs in the worker (``run_query``): pyoxigraph evaluates some
    queries as it parses them (a cross product of large VALUES blocks, say), so it
    gets the worker's time limit.
    """
    try:
        check_query(text)
        form = query_form(text)
    except ReadOnlyError as err:
        raise _HTTPError(403, str(err)) from err
    except KGError as err:  # refused (SERVICE, LOAD), malformed, or no query form
        raise _HTTPError(400, str(err)) from err
    offered = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else TABULAR_TYPES
    media = negotiate(accept, offered)
    if media is None:
        raise _HTTPError(406, f"A {form} query can answer as {', '.join(dict.fromkeys(offered))}; "
                         f"the Accept header ({accept}) allows none of them.")
    return media, offered[media]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    graph_path: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    html_path: str | Path | None = None,
    timeout_s: float = 10.0,
    max_rows: int = 10_000,
    max_request_bytes: int = 1_000_000,
    workers: int = 4,
    log_level: str = "info",
    allow_remote_context: bool = False,
) -> None:
    """Serve the graph at ``graph_path`` on ``http://host:port/sparql`` until interrupted."""
    import uvicorn  # only the server needs it

    app = make_app(graph_path, html_path=html_path, timeout_s=timeout_s, max_rows=max_rows,
                   max_request_bytes=max_request_bytes, workers=workers,
                   allow_remote_context=allow_remote_context)
    if not _is_loopback(host):
        log.warning("serving on %s: anyone who can reach this address can query the graph", host)
    uvicorn.run(app, host=host, port=port, log_level=log_level, lifespan="off")


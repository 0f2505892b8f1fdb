"""A read-only SPARQL 1.1 Protocol endpoint: graph file -> worker processes -> HTTP.

:func:`make_app` loads the graph (about a million triples a second), starts ``workers``
worker processes that each hold it in a ``pyoxigraph.Store`` (``kg.use.workers``), and
returns a Starlette app; :func:`serve` runs it under uvicorn, on 127.0.0.1 unless told
otherwise.

Routes:

* ``/sparql`` — ``GET ?query=…``, ``POST`` with an ``application/sparql-query``
  body or a form-encoded ``query=…``. The ``Accept`` header chooses the answer:
  ``application/sparql-results+json`` (the default), ``…+xml``, ``text/csv``,
  ``text/tab-separated-values`` or ``text/plain`` (an aligned table) for
  ``SELECT``/``ASK``; ``text/turtle`` (the default) or ``application/n-triples``
  for ``CONSTRUCT``/``DESCRIBE``.
* ``/`` — the HTML view (``graph.html`` beside the graph, or ``html_path``) when
  there is one, else a short page that points to /sparql; ``/health`` — JSON status
  (the graph's triple count, the limits, and how many queries run and wait now).

Limits, each answered with a plain-text message that says what to do:

* SPARQL Update (``update=``, ``application/sparql-update``, or an update as
  ``query=``): 403;
* ``SERVICE`` or ``LOAD`` in the query, brackets nested deeper than 64: 400; a
  malformed query: 400 with the parser's message (line and column);
* a body over ``max_request_bytes``: 413; a ``GET`` query string over it: 414;
* no result type the ``Accept`` header allows: 406;
* all ``workers`` busy: the request waits its turn, first come first served, for at
  most ``timeout_s`` (at most ``max(64, 16 x workers)`` requests wait), then 503 with
  ``Retry-After``;
* a query still running after ``timeout_s``: 504, and its worker process is killed and
  replaced, so at most ``workers`` queries ever run at once and none runs on unseen;
* a query that crashes the SPARQL engine or needs more than ``worker_memory``: 400, and
  the worker is replaced;
* more than ``max_rows`` rows or triples: 200 with the first ``max_rows`` and
  ``X-KG-Truncated: true``.

The event loop only reads requests and writes answers: the checks of the query text
(linear in its length), the choice of result type, the query and the formatting all
run in a worker process, under the time limit.
"""
from __future__ import annotations

import asyncio
import collections
import ipaddress
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .query import load_store
from .workers import GRAPH_TYPES, TABULAR_TYPES, WorkerPool, negotiate

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "GRAPH_TYPES", "TABULAR_TYPES", "make_app", "negotiate", "serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878

T = TypeVar("T")


class _HTTPError(Exception):
    """An answer other than 200: ``status`` and the message for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def _content_type(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) \
        else media


class _Admission:
    """First come, first served admission to ``slots`` workers.

    :meth:`acquire` (on the event loop) takes a free slot, or waits in a FIFO queue of
    at most ``queue_limit`` requests for at most ``wait_s`` seconds (then 503). A slot is
    given back by :meth:`release_from_thread`, from the thread that ran the query when
    it is done: the slot goes straight to the request that has waited longest, so a
    later request never overtakes an earlier one and never more than ``slots`` run.
    """

    def __init__(self, slots: int, queue_limit: int, wait_s: float) -> None:
        self.slots = slots
        self.free = slots
        self.queue_limit = queue_limit
        self.wait_s = wait_s
        self.waiting: collections.deque[asyncio.Future[None]] = collections.deque()

    async def acquire(self) -> None:
        if self.free and not self.waiting:
            self.free -= 1
            return
        if len(self.waiting) >= self.queue_limit:
            raise _HTTPError(503, f"All {self.slots} query workers are busy and {self.queue_limit} "
                             "queries wait; retry in a few seconds.", {"Retry-After": "5"})
        loop = asyncio.get_running_loop()
        turn: asyncio.Future[None] = loop.create_future()
        self.waiting.append(turn)
        timer = loop.call_later(self.wait_s, self._expire, turn)
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled() and turn.exception() is None:
                self._release()  # given a slot it will not use: pass it on
            raise
        finally:
            timer.cancel()

    def _expire(self, turn: asyncio.Future[None]) -> None:
        if not turn.done():
            self.waiting.remove(turn)
            turn.set_exception(_HTTPError(503, f"No query worker came free within {self.wait_s:g} s; "
                                          "retry in a few seconds.", {"Retry-After": "5"}))

    def _release(self) -> None:
        while self.waiting:
            turn = self.waiting.popleft()
            if not turn.done():
                turn.set_result(None)  # the slot passes on: free stays as it is
                return
        self.free += 1

    def release_from_thread(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            loop.call_soon_threadsafe(self._release)
        except RuntimeError:  # the event loop has closed: the server stopped meanwhile
            pass


def make_app(
    graph_path: str | Path,
    *,
    html_path: str | Path | None = None,
    timeout_s: float = 10.0,
    max_rows: int = 10_000,
    max_request_bytes: int = 1_000_000,
    workers: int = 4,
    worker_memory: int | None = 4 * 2**30,
    allow_remote_context: bool = False,
) -> Starlette:
    """A Starlette app that answers SPARQL over the graph at ``graph_path`` (see the module doc).

    The graph loads now, so a bad file fails here with a ``KGError``, not on the
    first request; the worker processes are started and have loaded it when this
    returns. Each may use at most ``worker_memory`` bytes of address space (``None``: no
    cap). ``app.state.workers.close()`` ends them (:func:`serve` does, on exit).
    """
    graph_file = Path(graph_path)
    started = time.perf_counter()
    store = load_store(graph_file, allow_remote_context=allow_remote_context)
    triples = len(store)
    log.info("loaded %s triples from %s in %.2fs", triples, graph_file, time.perf_counter() - started)
    pool = WorkerPool(store, workers, max_rows=max_rows, memory_bytes=worker_memory)
    del store
    try:
        pool.wait_ready()
    except BaseException:
        pool.close()
        raise
    html_file = Path(html_path) if html_path is not None else graph_file.parent / "graph.html"
    admission = _Admission(workers, max(64, workers * 16), timeout_s)

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
                             "timeout_s": timeout_s, "max_rows": max_rows, "workers": workers,
                             "running": admission.slots - admission.free,
                             "waiting": len(admission.waiting)})

    async def sparql(request: Request) -> Response:
        try:
            text = await _query_text(request, max_request_bytes)
            await admission.acquire()
            loop = asyncio.get_running_loop()
            accept = request.headers.get("accept")
            answer = await _in_thread(lambda: pool.run(text, accept, timeout_s),
                                      lambda: admission.release_from_thread(loop))
        except _HTTPError as err:
            log.info("SPARQL %s: %s", err.status, err.message.splitlines()[0])
            return PlainTextResponse(err.message + "\n", status_code=err.status, headers=err.headers)
        if answer.status != 200:
            log.info("SPARQL %s: %s", answer.status, answer.body.decode("utf-8", "replace").splitlines()[0])
            return Response(answer.body, status_code=answer.status, media_type="text/plain; charset=utf-8")
        headers = {"Vary": "Accept", "X-KG-Row-Limit": str(max_rows),
                   "X-KG-Query-Seconds": f"{answer.seconds:.3f}"}
        if answer.truncated:
            headers["X-KG-Truncated"] = "true"
        return Response(answer.body, media_type=_content_type(answer.media_type), headers=headers)

    app = Starlette(routes=[
        Route("/", home, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
    ])
    app.state.workers = pool
    return app


def _in_thread(fn: Callable[[], T], done: Callable[[], None]) -> asyncio.Future[T]:
    """Run ``fn`` in a daemon thread; its result or exception resolves the returned future.

    Daemon, so a request still running when the server stops does not hold the process
    open. ``done`` runs when ``fn`` ends.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def resolve(ok: bool, value: object) -> None:
        if future.done():  # the request was cancelled meanwhile
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

    threading.Thread(target=work, name="kg-sparql-request", daemon=True).start()
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
    worker_memory: int | None = 4 * 2**30,
    log_level: str = "info",
    allow_remote_context: bool = False,
) -> None:
    """Serve the graph at ``graph_path`` on ``http://host:port/sparql`` until interrupted."""
    import uvicorn  # only the server needs it

    app = make_app(graph_path, html_path=html_path, timeout_s=timeout_s, max_rows=max_rows,
                   max_request_bytes=max_request_bytes, workers=workers, worker_memory=worker_memory,
                   allow_remote_context=allow_remote_context)
    if not _is_loopback(host):
        log.warning("serving on %s: anyone who can reach this address can query the graph", host)
    try:
        uvicorn.run(app, host=host, port=port, log_level=log_level, lifespan="off")
    finally:
        app.state.workers.close()


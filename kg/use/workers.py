"""SPARQL answers in worker processes: query text + ``Accept`` header -> status, media type, body.

The endpoint (``kg.use.serve``) runs every query, its checks included, in one of these
processes and never in its own, because pyoxigraph cannot be stopped from outside and
can end the process it runs in:

* its query planner takes minutes on some queries of a few hundred bytes (an object
  list of 170 terms: 10 s; of 340: over a minute), inside ``Store.query``, before the
  first row, with no way to interrupt it;
* its parser overflows the stack on a few thousand nested brackets or a long chain of
  operators (20-100 KB of text), and the process dies (SIGSEGV);
* an ``ORDER BY`` over a cross product grows by ~300 MB a second: each worker's address
  space is capped (``memory_bytes``), so such a query fails to allocate and ends only
  its worker.

So a worker that is still busy when the time limit ends is killed and replaced, and a
worker that dies is replaced; the endpoint itself never stalls. Each worker holds the
graph in its own in-memory ``pyoxigraph.Store``, loaded from an N-Quads copy that the
pool writes once (so every worker, and every replacement, serves the same triples,
whatever happens to the graph file meanwhile). Workers are forked from a
``forkserver`` that has imported this module, so a replacement starts in a fraction of
a second plus the time to load the graph.

:func:`answer` is what a worker does with one request; it is a plain function of a store
and a request, usable (and tested) in-process too.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import resource
import signal
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..models import KGError
from ..sparql import QueryRefusedError, QuerySyntaxError, ReadOnlyError, check_query, query_form
from .query import run_query
from .results import format_result

log = logging.getLogger(__name__)

__all__ = ["GRAPH_TYPES", "TABULAR_TYPES", "Answer", "WorkerPool", "answer", "negotiate"]

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


@dataclass(frozen=True, slots=True)
class Answer:
    """What the endpoint sends back: ``status`` 200 with a body of ``media_type``, or an
    error status with a plain-text message as the body."""

    status: int
    body: bytes
    media_type: str = "text/plain"
    truncated: bool = False
    seconds: float = 0.0

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        return cls(status, (message.rstrip("\n") + "\n").encode("utf-8"))


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


def answer(store: ox.Store, text: str, accept: str | None, max_rows: int) -> Answer:
    """Check ``text``, choose the answer's type from ``accept``, run it on ``store``.

    403 for an update, 400 for a refused or malformed query (the message says where),
    406 when ``accept`` allows no type the query can answer in; else 200 with at most
    ``max_rows`` rows or triples (``truncated`` when there were more).
    """
    try:
        check_query(text)
        form = query_form(text)
    except ReadOnlyError as err:
        return Answer.error(403, str(err))
    except KGError as err:  # refused (SERVICE, LOAD, nesting), malformed, or no query form
        return Answer.error(400, str(err))
    offered = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else TABULAR_TYPES
    media = negotiate(accept, offered)
    if media is None:
        return Answer.error(406, f"A {form} query can answer as {', '.join(dict.fromkeys(offered))}; "
                                 f"the Accept header ({accept}) allows none of them.")
    started = time.perf_counter()
    try:
        result = run_query(store, text, max_rows=max_rows)
        body = format_result(result, offered[media], max_width=None).encode("utf-8")
    except (QuerySyntaxError, QueryRefusedError) as err:
        return Answer.error(400, str(err))
    except (RuntimeError, ValueError, OSError, KGError) as err:  # pyoxigraph evaluation errors
        return Answer.error(400, f"The query failed: {err}")
    return Answer(200, body, media, result.truncated, time.perf_counter() - started)


# --------------------------------------------------------------------------- the worker side


def _work(conn: Connection, nquads: str, memory_bytes: int | None) -> None:
    """A worker's life: load the graph, say so, then answer requests until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which ends its workers
    if memory_bytes:  # a query that needs more fails to allocate, which ends this process only
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    store = ox.Store()
    store.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
    for accept in TABULAR_TYPES:  # the first answer of each kind imports and compiles what it needs
        answer(store, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", accept, 1)
    answer(store, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", None, 1)
    conn.send(("ready", len(store)))
    while True:
        try:
            text, accept, max_rows = conn.recv()
        except EOFError:  # the server has gone
            return
        try:
            reply = answer(store, text, accept, max_rows)
        except Exception as err:  # a process boundary: report the failure, keep serving
            log.exception("the SPARQL worker failed")
            reply = Answer.error(500, f"The SPARQL worker failed: {type(err).__name__}: {err}")
        conn.send(reply)


# --------------------------------------------------------------------------- the server side


_context_lock = threading.Lock()


def _context() -> Any:
    """The multiprocessing context for workers: a forkserver that has imported this module
    (fast, and safe in a threaded server), else spawn."""
    with _context_lock:
        if "forkserver" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload([__name__])
            return ctx
        return multiprocessing.get_context("spawn")


class _Worker:
    __slots__ = ("conn", "process", "ready")

    def __init__(self, process: Any, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.ready = False


class WorkerPool:
    """``size`` worker processes over one graph; :meth:`run` answers a request in one of them.

    The caller admits at most ``size`` requests at a time (``kg.use.serve`` queues the
    rest in arrival order), so :meth:`run` always finds an idle worker.
    """

    def __init__(self, store: ox.Store, size: int, *, max_rows: int, memory_bytes: int | None = None) -> None:
        self.size = size
        self.max_rows = max_rows
        self.memory_bytes = memory_bytes
        self._ctx = _context()
        fd, name = tempfile.mkstemp(prefix="kg-serve-", suffix=".nq")
        with os.fdopen(fd, "wb") as fh:
            store.dump(fh, format=ox.RdfFormat.N_QUADS)
        self._nquads = Path(name)
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._closed = False
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_work, args=(child, str(self._nquads), self.memory_bytes),
                                    name="kg-sparql-worker", daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _end(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        with self._lock:
            self._workers.discard(worker)

    def wait_ready(self, timeout_s: float = 120.0) -> None:
        """Block until every idle worker has loaded the graph (``KGError`` if one cannot)."""
        deadline = time.monotonic() + timeout_s
        workers = [self._idle.get() for _ in range(self.size)]
        try:
            for worker in workers:
                self._await_ready(worker, deadline)
        finally:
            for worker in workers:
                self._idle.put(worker)

    def _await_ready(self, worker: _Worker, deadline: float) -> None:
        if worker.ready:
            return
        try:
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                kind, _triples = worker.conn.recv()
                worker.ready = kind == "ready"
        except (EOFError, OSError):
            pass
        if not worker.ready:
            worker.process.join(1)
            raise KGError(f"A SPARQL worker process did not start (exit code {worker.process.exitcode}); "
                          "see the messages above, or serve with fewer --workers.")

    def run(self, text: str, accept: str | None, timeout_s: float) -> Answer:
        """Answer one request in an idle worker, within ``timeout_s`` seconds or 504."""
        try:
            worker = self._idle.get(timeout=timeout_s + 60)  # admission guarantees one; never wait forever
        except queue.Empty:
            return Answer.error(503, "No query worker is available; retry in a few seconds.")
        deadline = time.monotonic() + timeout_s
        replace = False
        try:
            worker.conn.send((text, accept, self.max_rows))
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not worker.conn.poll(left):
                    replace = True
                    return Answer.error(
                        504, f"The query ran longer than the {timeout_s:g} s limit and was stopped "
                             "(its worker process was ended and replaced). Make it more selective "
                             "(bind more variables, add LIMIT) or serve with a longer --timeout.")
                reply = worker.conn.recv()
                if isinstance(reply, Answer):
                    return reply
                worker.ready = True  # ("ready", triples): it has loaded the graph
        except (EOFError, OSError):  # the worker died under the query (BrokenPipeError is an OSError)
            replace = True
            worker.process.join(5)
            code = worker.process.exitcode
            how = (f"signal {signal.Signals(-code).name}" if code is not None and code < 0
                   else f"exit code {code}")
            log.warning("a SPARQL worker ended (%s) on a query of %d characters", how, len(text))
            return Answer.error(
                400, f"The query ended the SPARQL engine's process ({how}): it needed more memory than "
                     "a worker may use (kg serve --worker-memory), or it is too large or too deeply "
                     "nested for pyoxigraph. Make it more selective or simpler; the endpoint has replaced "
                     "the process.")
        finally:
            if replace:
                self._end(worker)
                worker = self._start() if not self._closed else worker
            self._idle.put(worker)

    def pids(self) -> set[int]:
        """The process ids of the live workers (one per slot)."""
        with self._lock:
            return {w.process.pid for w in self._workers if w.process.is_alive()}

    def close(self) -> None:
        """End every worker and remove the graph copy (idempotent)."""
        self._closed = True
        with self._lock:
            workers = list(self._workers)
        for worker in workers:
            self._end(worker)
        self._nquads.unlink(missing_ok=True)

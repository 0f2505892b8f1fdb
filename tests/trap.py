"""A loopback HTTP server that records every request: proof that nothing reached it.

    with Trap() as trap:
        ...                      # run a command with trap.url("x") in its input
    assert trap.requests == []

It answers ``/context.jsonld`` with a small JSON-LD context (so a fetch that the user
allowed succeeds) and everything else with 404. It binds 127.0.0.1 only.
"""
from __future__ import annotations

import http.server
import json
import threading
from types import TracebackType

CONTEXT = {"@context": {"name": "http://schema.org/name", "ex": "http://ex.org/"}}


class Trap:
    def __init__(self) -> None:
        self.requests: list[str] = []
        trap = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                trap.requests.append(f"{self.command} {self.path}")
                if self.path.endswith("/context.jsonld"):
                    body = json.dumps(CONTEXT).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/ld+json")
                else:
                    body = b"nothing here"
                    self.send_response(404)
                    self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_HEAD = _answer

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def __enter__(self) -> Trap:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._server.shutdown()
        self._server.server_close()

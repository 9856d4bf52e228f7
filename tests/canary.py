"""A loopback HTTP server that records every request: what must never be reached.

`Canary.route(path, ...)` says how a path answers (a body, a redirect, an endless
body); any other path answers 404. `requests` holds (method, path, headers) of every
request received, so a test can show that nothing was fetched, or no key was sent.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Answer:
    body: bytes = b""
    status: int = 200
    location: str | None = None  # a redirect
    endless: bool = False  # `body` sent again and again until the client hangs up


class Canary:
    def __init__(self) -> None:
        self.routes: dict[str, Answer] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.sent = 0  # body bytes written, endless answers included
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def route(self, path: str, answer: Answer) -> str:
        self.routes[path] = answer
        return self.url + path

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        canary = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                canary.requests.append(("GET", self.path, dict(self.headers)))
                self._answer(canary.routes.get(self.path.split("?")[0], Answer(status=404)))

            def do_HEAD(self) -> None:
                canary.requests.append(("HEAD", self.path, dict(self.headers)))
                answer = canary.routes.get(self.path.split("?")[0], Answer(status=404))
                self.send_response(answer.status)
                self.end_headers()

            def _answer(self, answer: Answer) -> None:
                self.send_response(answer.status)
                if answer.location:
                    self.send_header("Location", answer.location)
                self.send_header("Content-Type", "image/png")
                if not answer.endless:
                    self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                try:
                    while True:
                        self.wfile.write(answer.body)
                        canary.sent += len(answer.body)
                        if not answer.endless:
                            return
                except OSError:
                    return  # the client hung up: what a size cap does

            def log_message(self, format: str, *args: object) -> None:
                return

        return Handler

    @contextmanager
    def running(self) -> Iterator[Canary]:
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()

"""A small stand-in for GitHub's REST API: the issue-comment endpoints the Action uses.

Each token acts as one login, as on GitHub: the job's own token writes as
`github-actions[bot]` and cannot ask `GET /user` (403), a personal token can.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

TOKEN = "fake-github-token"  # the job's own token
PERSONAL_TOKEN = "fake-personal-token"
LOGINS = {TOKEN: "github-actions[bot]", PERSONAL_TOKEN: "docs-bot"}
_LIST = re.compile(r"^/repos/([^/]+/[^/]+)/issues/(\d+)/comments$")
_ONE = re.compile(r"^/repos/([^/]+/[^/]+)/issues/comments/(\d+)$")


class FakeGitHub:
    """Comments per (repository, issue number); every request is recorded."""

    def __init__(self) -> None:
        self.comments: dict[int, dict[str, Any]] = {}
        self.requests: list[tuple[str, str]] = []
        self.next_id = 1000
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeGitHub:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def on_issue(self, repo: str, number: int) -> list[dict[str, Any]]:
        return [c for c in self.comments.values() if c["repo"] == repo and c["issue"] == number]

    def add_comment(self, repo: str, number: int, login: str, body: str) -> dict[str, Any]:
        """A comment written by someone (a person quoting the plan, another bot)."""
        with self.lock:
            return self._create(repo, number, login, body)

    def _create(self, repo: str, number: int, login: str, body: str) -> dict[str, Any]:
        self.next_id += 1
        comment = {"id": self.next_id, "repo": repo, "issue": number, "login": login}
        self.comments[self.next_id] = comment | {"body": body}
        return self.comments[self.next_id]

    def handle(self, login: str, method: str, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        url = urlparse(path)
        with self.lock:
            self.requests.append((method, url.path))
            if url.path == "/user" and method == "GET":
                if login == LOGINS[TOKEN]:
                    return 403, {"message": "Resource not accessible by integration"}
                return 200, {"login": login}
            if (found := _LIST.match(url.path)) and method == "GET":
                page = int(parse_qs(url.query).get("page", ["1"])[0])
                per_page = int(parse_qs(url.query).get("per_page", ["30"])[0])
                items = self.on_issue(found[1], int(found[2]))
                return 200, [_public(c) for c in items[(page - 1) * per_page : page * per_page]]
            if found and method == "POST":
                return 201, _public(self._create(found[1], int(found[2]), login, body["body"]))
            if (one := _ONE.match(url.path)) and method == "PATCH":
                comment = self.comments.get(int(one[2]))
                if comment is None or comment["repo"] != one[1]:
                    return 404, {"message": "Not Found"}
                comment["body"] = body["body"]
                return 200, _public(comment)
        return 404, {"message": "Not Found"}


def _public(comment: dict[str, Any]) -> dict[str, Any]:
    user = {"login": comment["login"], "type": "Bot" if "[bot]" in comment["login"] else "User"}
    return {"id": comment["id"], "body": comment["body"], "user": user}


def _handler(github: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in LOGINS:
                self._send(401, {"message": "Bad credentials"})
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            self._send(*github.handle(LOGINS[token], self.command, self.path, body))

        def _send(self, status: int, payload: Any) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = _serve

        def log_message(self, *args: object) -> None:
            pass

    return Handler

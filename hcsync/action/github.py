"""What the Action reads from and writes to GitHub: outputs, summary, event, the PR comment."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx

from hcsync.report import escape_data, github_command

API_VERSION = "2022-11-28"
MARKER = "<!-- hcsync-plan:{content} -->"
DEFAULT_IDENTITY_ENV = "HCSYNC_DEFAULT_TOKEN"  # env: "true" when github-token is the job's own
ACTIONS_BOT = "github-actions[bot]"  # whom the job's own token writes as


class Runner:
    """The runner's files and variables (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, the event)."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        event_path = env.get("GITHUB_EVENT_PATH")
        self.event: dict[str, Any] = (
            json.loads(Path(event_path).read_text(encoding="utf-8")) if event_path else {}
        )

    @property
    def event_name(self) -> str:
        return self.env.get("GITHUB_EVENT_NAME", "")

    def is_fork_pull_request(self) -> bool:
        """A pull request whose head is in another repository (it gets no secrets)."""
        if not self.event_name.startswith("pull_request"):
            return False
        head = (self.event.get("pull_request", {}).get("head") or {}).get("repo") or {}
        base = self.event.get("repository", {}).get("full_name")
        return head.get("full_name") != (base or self.env.get("GITHUB_REPOSITORY"))

    def pull_request_number(self) -> int | None:
        if not self.event_name.startswith("pull_request"):
            return None
        number = self.event.get("pull_request", {}).get("number") or self.event.get("number")
        return int(number) if number else None

    def set_output(self, name: str, value: str) -> None:
        self._append("GITHUB_OUTPUT", f"{name}={value}\n")

    def add_summary(self, markdown: str) -> None:
        self._append("GITHUB_STEP_SUMMARY", markdown + "\n")

    def run_url(self) -> str:
        server = self.env.get("GITHUB_SERVER_URL", "https://github.com")
        repo, run = self.env.get("GITHUB_REPOSITORY", ""), self.env.get("GITHUB_RUN_ID", "")
        return f"{server}/{repo}/actions/runs/{run}"

    def _append(self, variable: str, text: str) -> None:
        path = self.env.get(variable)
        if path:
            with open(path, "a", encoding="utf-8") as file:
                file.write(text)


def annotate(level: str, message: str) -> None:
    """A workflow command on stdout: shown on the run and, for errors, on the PR."""
    print(github_command(level, escape_data(message), {"title": "hcsync"}), flush=True)


class UnknownAuthor(Exception):
    """The token's login could not be found, so no comment can be known as ours."""


class Comments:
    """One sticky comment per content root on a pull request: the Action's own.

    A comment is ours when it starts with the marker AND was written by the
    identity the token acts as: `github-actions[bot]` for the job's own token
    (which cannot ask `GET /user`), the login `GET /user` answers for any other
    token, or the `comment-author` input when set (a GitHub App's `name[bot]`).
    Anyone else's comment, marker or not, is left alone.
    """

    def __init__(self, env: Mapping[str, str], number: int, content: str, author: str) -> None:
        api = env.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
        self.api = api
        self.base = f"{api}/repos/{env.get('GITHUB_REPOSITORY', '')}/issues"
        self.number = number
        self.marker = MARKER.format(content=content)
        self.author = author or (ACTIONS_BOT if env.get(DEFAULT_IDENTITY_ENV) == "true" else "")
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": API_VERSION,
            "Authorization": f"Bearer {env.get('GITHUB_TOKEN', '')}",
        }
        self.http = httpx.Client(headers=headers, timeout=30.0)

    def __enter__(self) -> Comments:
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()

    def upsert(self, body: str) -> str:
        """Update our comment, or create it; 'created' or 'updated'."""
        text = f"{self.marker}\n{body}"
        author = self.author or self._token_login()
        existing = next((c for c in self._comments() if self._is_ours(c, author)), None)
        if existing is None:
            url = f"{self.base}/{self.number}/comments"
            self.http.post(url, json={"body": text}).raise_for_status()
            return "created"
        url = f"{self.base}/comments/{existing['id']}"
        self.http.patch(url, json={"body": text}).raise_for_status()
        return "updated"

    def _is_ours(self, comment: dict[str, Any], author: str) -> bool:
        login = (comment.get("user") or {}).get("login")
        return login == author and str(comment.get("body", "")).startswith(self.marker)

    def _token_login(self) -> str:
        response = self.http.get(f"{self.api}/user")
        if response.status_code != httpx.codes.OK:
            raise UnknownAuthor(
                f"could not tell whose github-token this is (GET /user: {response.status_code}): "
                "set the input comment-author to its login"
            )
        return str(response.json()["login"])

    def _comments(self) -> Iterator[dict[str, Any]]:
        page = 1
        while True:
            url = f"{self.base}/{self.number}/comments"
            response = self.http.get(url, params={"per_page": 100, "page": page})
            response.raise_for_status()
            batch: list[dict[str, Any]] = response.json()
            yield from batch
            if len(batch) < 100:
                return
            page += 1

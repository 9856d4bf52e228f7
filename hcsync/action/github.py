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


class Comments:
    """One sticky comment per content root on a pull request, found by its marker."""

    def __init__(self, env: Mapping[str, str], number: int, content: str) -> None:
        api = env.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
        self.base = f"{api}/repos/{env.get('GITHUB_REPOSITORY', '')}/issues"
        self.number = number
        self.marker = MARKER.format(content=content)
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": API_VERSION,
            "Authorization": f"Bearer {env.get('GITHUB_TOKEN', '')}",
        }
        self.http = httpx.Client(headers=headers, timeout=30.0)

    def upsert(self, body: str) -> str:
        """Update the comment with the marker, or create it; 'created' or 'updated'."""
        text = f"{self.marker}\n{body}"
        with self.http:
            existing = next((c for c in self._comments() if self.marker in c["body"]), None)
            if existing is None:
                url = f"{self.base}/{self.number}/comments"
                self.http.post(url, json={"body": text}).raise_for_status()
                return "created"
            url = f"{self.base}/comments/{existing['id']}"
            self.http.patch(url, json={"body": text}).raise_for_status()
            return "updated"

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

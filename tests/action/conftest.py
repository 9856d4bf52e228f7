"""A simulated GitHub: a bare Git remote, event payloads, a fake REST API, the emulator."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from hcsync.emulator.control_client import EmulatorControl
from tests.action.fake_github import TOKEN, FakeGitHub
from tests.action.simulate import REPO, Installed, Run, install_action, run_action

REPOSITORY = "acme/help"
GIT_IDENTITY = ["-c", "user.name=Writer", "-c", "user.email=writer@example.com"]


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *GIT_IDENTITY, *args], cwd=cwd, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


RACING_HOOK = """#!/usr/bin/env bash
set -eu
cat > /dev/null
[ -e "$GIT_DIR/raced" ] && exit 0
touch "$GIT_DIR/raced"
# Outside the quarantine of this push, as if another push had been received first.
unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
tip=$(git rev-parse refs/heads/main)
export GIT_AUTHOR_NAME=Other GIT_AUTHOR_EMAIL=o@example.com GIT_COMMITTER_NAME=Other GIT_COMMITTER_EMAIL=o@example.com
other=$(git commit-tree "$tip^{tree}" -p "$tip" -m "Merge #3 (landed during the push)")
git update-ref refs/heads/main "$other" "$tip"
"""


class GitHub:
    """One repository on the simulated GitHub, and jobs of the workflow run on it."""

    def __init__(
        self, root: Path, api: FakeGitHub, emulator_url: str, installed: Installed
    ) -> None:
        self.root, self.api, self.emulator_url = root, api, emulator_url
        self.installed = installed
        self.remote = root / "remote.git"
        self.author = root / "author"
        self.jobs = 0
        git(root, "init", "--quiet", "--bare", "-b", "main", str(self.remote))
        git(root, "clone", "--quiet", str(self.remote), str(self.author))
        shutil.copytree(REPO / "content-example", self.author / "content")
        self.push_commit("Add the help center")

    def push_commit(self, message: str, branch: str = "main") -> str:
        """Commit everything in the author's clone, on main as it is now, and push it."""
        git(self.author, "add", "-A")
        git(self.author, "commit", "--quiet", "-m", message)
        if git(self.author, "ls-remote", "origin", "main"):
            git(self.author, "pull", "--quiet", "--rebase", "origin", "main")
        git(self.author, "push", "--quiet", "--force", "origin", f"HEAD:refs/heads/{branch}")
        return git(self.author, "rev-parse", "HEAD")

    def write(self, rel: str, text: str) -> None:
        path = self.author / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.author / "content" / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def race_the_next_push(self) -> None:
        """Land another merge on main while the next push is in flight (once).

        The remote's pre-receive hook moves main itself, so the push that
        triggered it is refused exactly as GitHub refuses a push that lost a race.
        """
        hook = self.remote / "hooks" / "pre-receive"
        hook.write_text(RACING_HOOK)
        hook.chmod(0o755)

    def main_sha(self) -> str:
        return git(self.root, "--git-dir", str(self.remote), "rev-parse", "main")

    def main_lock(self) -> str:
        return git(self.root, "--git-dir", str(self.remote), "show", "main:content/hcsync.lock")

    def main_lock_json(self) -> dict[str, Any]:
        return json.loads(self.main_lock())  # type: ignore[no-any-return]

    def main_log(self) -> list[str]:
        return git(
            self.root, "--git-dir", str(self.remote), "log", "--format=%s", "main"
        ).splitlines()

    def push_job(
        self,
        sha: str,
        cancel_when: Callable[[], bool] | None = None,
        inputs: Mapping[str, str] | None = None,
    ) -> Run:
        """The workflow on `push` to main at `sha` (actions/checkout puts main at that commit)."""
        workspace = self._checkout(sha)
        git(workspace, "checkout", "--quiet", "-B", "main", sha)
        env = {
            "GITHUB_EVENT_NAME": "push",
            "GITHUB_REF": "refs/heads/main",
            "GITHUB_REF_NAME": "main",
        }
        event = {"ref": "refs/heads/main", "repository": {"full_name": REPOSITORY}}
        return self._run(
            workspace, {"command": "apply", **(inputs or {})}, env, event, True, cancel_when
        )

    def pull_request_job(
        self,
        sha: str,
        number: int = 7,
        fork: bool = False,
        secrets: bool = True,
        inputs: Mapping[str, str] | None = None,
    ) -> Run:
        workspace = self._checkout(sha)
        git(workspace, "checkout", "--quiet", "--detach", sha)
        head = "someone/help" if fork else REPOSITORY
        event = {
            "number": number,
            "pull_request": {"number": number, "head": {"repo": {"full_name": head}}},
            "repository": {"full_name": REPOSITORY},
        }
        env = {
            "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_REF": f"refs/pull/{number}/merge",
            "GITHUB_REF_NAME": f"{number}/merge",
        }
        return self._run(workspace, {"command": "plan", **(inputs or {})}, env, event, secrets)

    def _checkout(self, sha: str) -> Path:
        self.jobs += 1
        workspace = self.root / f"job-{self.jobs}"
        git(self.root, "clone", "--quiet", str(self.remote), str(workspace))
        return workspace

    def _run(
        self,
        workspace: Path,
        inputs: dict[str, str],
        env: dict[str, str],
        event: dict[str, Any],
        secrets: bool = True,
        cancel_when: Callable[[], bool] | None = None,
    ) -> Run:
        env = env | {
            "GITHUB_REPOSITORY": REPOSITORY,
            "GITHUB_API_URL": self.api.url,
            "GITHUB_SERVER_URL": "https://github.example",
            "GITHUB_RUN_ID": str(100 + self.jobs),
            "GITHUB_TOKEN": TOKEN,
            "GITHUB_WORKSPACE": str(workspace),
            "HC_API_URL": self.emulator_url,
        }
        if secrets:
            env |= {"HC_API_KEY": "demo-key", "HC_CENTER_ID": "demo"}
        scratch = self.root / f"runner-{self.jobs}"
        return run_action(workspace, inputs, env, event, scratch, self.installed, cancel_when)


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The Action's install step, run for real once per session."""
    return install_action(tmp_path_factory.mktemp("action-install"))


@pytest.fixture
def github(
    tmp_path: Path, emulator_url: str, control: EmulatorControl, installed: Installed
) -> Iterator[GitHub]:
    api = FakeGitHub().start()
    try:
        yield GitHub(tmp_path, api, emulator_url, installed)
    finally:
        api.stop()

"""Without a key only a fork's pull request runs (check only); the comment is the Action's own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hcsync.action.github import Comments, UnknownAuthor
from tests.action.conftest import REPOSITORY
from tests.action.fake_github import PERSONAL_TOKEN, TOKEN, FakeGitHub
from tests.action.simulate import REPO

MARKER = "<!-- hcsync-plan:content -->"
FORK = {"pull_request": {"number": 7, "head": {"repo": {"full_name": "someone/help"}}}}
SAME = {"pull_request": {"number": 7, "head": {"repo": {"full_name": REPOSITORY}}}}


@pytest.fixture
def api() -> Iterator[FakeGitHub]:
    server = FakeGitHub().start()
    yield server
    server.stop()


def action_run(
    tmp_path: Path, event_name: str, event: dict[str, Any]
) -> subprocess.CompletedProcess[str]:
    """`python -m hcsync.action run` as action.yml runs it, with no HC_API_KEY."""
    shutil.copytree(REPO / "content-example", tmp_path / "content")
    (tmp_path / "event.json").write_text(
        json.dumps(event | {"repository": {"full_name": REPOSITORY}})
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HC_", "GITHUB_", "INPUT_"))}
    env |= {
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(tmp_path / "event.json"),
        "GITHUB_REPOSITORY": REPOSITORY,
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "INPUT_COMMAND": "plan" if event_name == "pull_request" else "apply",
    }
    return subprocess.run(
        [sys.executable, "-m", "hcsync.action", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(("event_name", "event"), [("push", {}), ("pull_request", SAME)])
def test_a_missing_key_fails_with_one_line_naming_the_secret(
    tmp_path: Path, event_name: str, event: dict[str, Any]
) -> None:
    done = action_run(tmp_path, event_name, event)
    assert done.returncode == 1
    [line] = done.stdout.splitlines()  # nothing ran: not even the check
    assert line.startswith("::error title=hcsync::HC_API_KEY is not set: add the repository secret")
    assert not (tmp_path / "summary.md").exists()


def test_a_fork_without_the_key_runs_the_check_only(tmp_path: Path) -> None:
    done = action_run(tmp_path, "pull_request", FORK)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::notice title=hcsync::HC_API_KEY is not set (a pull request from a fork" in done.stdout
    assert "ran `hcsync check` only, and it passed" in (tmp_path / "summary.md").read_text()


def test_a_deleted_fork_counts_as_a_fork(tmp_path: Path) -> None:
    gone = {"pull_request": {"number": 7, "head": {"repo": None}}}
    assert action_run(tmp_path, "pull_request", gone).returncode == 0


def comments(api: FakeGitHub, token: str, author: str = "", default: bool = True) -> Comments:
    env = {
        "GITHUB_API_URL": api.url,
        "GITHUB_REPOSITORY": REPOSITORY,
        "GITHUB_TOKEN": token,
        "HCSYNC_DEFAULT_TOKEN": "true" if default else "false",
    }
    return Comments(env, 7, "content", author)


def test_someone_elses_comment_with_the_marker_is_left_alone(api: FakeGitHub) -> None:
    quoted = api.add_comment(REPOSITORY, 7, "mallory", f"{MARKER}\nI quote the plan")
    other_bot = api.add_comment(REPOSITORY, 7, "other[bot]", f"{MARKER}\nanother bot")
    with comments(api, TOKEN) as sticky:
        assert sticky.upsert("plan one") == "created"
    with comments(api, TOKEN) as sticky:
        assert sticky.upsert("plan two") == "updated"
    assert api.comments[quoted["id"]]["body"] == f"{MARKER}\nI quote the plan"
    assert api.comments[other_bot["id"]]["body"] == f"{MARKER}\nanother bot"
    [ours] = [c for c in api.on_issue(REPOSITORY, 7) if c["login"] == "github-actions[bot]"]
    assert ours["body"] == f"{MARKER}\nplan two"


def test_our_own_comment_without_the_marker_at_its_start_is_not_ours(api: FakeGitHub) -> None:
    api.add_comment(REPOSITORY, 7, "github-actions[bot]", f"a note that mentions {MARKER}")
    with comments(api, TOKEN) as sticky:
        assert sticky.upsert("plan") == "created"


def test_another_token_is_asked_whose_it_is(api: FakeGitHub) -> None:
    by_job_token = api.add_comment(REPOSITORY, 7, "github-actions[bot]", f"{MARKER}\nold plan")
    with comments(api, PERSONAL_TOKEN, default=False) as sticky:
        assert sticky.upsert("plan") == "created"  # written as docs-bot, found by GET /user
    with comments(api, PERSONAL_TOKEN, default=False) as sticky:
        assert sticky.upsert("plan again") == "updated"
    assert ("GET", "/user") in api.requests
    assert api.comments[by_job_token["id"]]["body"] == f"{MARKER}\nold plan"


def test_a_token_that_cannot_say_whose_it_is_needs_comment_author(api: FakeGitHub) -> None:
    # The job's token given through another expression: not the default, and no GET /user.
    with comments(api, TOKEN, default=False) as sticky, pytest.raises(UnknownAuthor) as refused:
        sticky.upsert("plan")
    assert "set the input comment-author to its login" in str(refused.value)
    assert api.on_issue(REPOSITORY, 7) == []
    with comments(api, TOKEN, author="github-actions[bot]", default=False) as sticky:
        assert sticky.upsert("plan") == "created"

"""docs/workflow-example.yml, unchanged, on a real runner (act) in a docs-only repository."""

from __future__ import annotations

import pytest

from hcsync.emulator.control_client import EmulatorControl
from hcsync.sync.lockfile import lock_from_json
from tests.act.conftest import APPLY_KEY, READ_KEY, REPOSITORY, Runner

pytestmark = pytest.mark.act

MARKER = "<!-- hcsync-plan:content -->"
LOCK_COMMIT = "hcsync: update hcsync.lock [skip ci]"
BOT = "github-actions[bot]"


def test_a_pull_request_gets_one_comment_updated_on_each_push(
    runner: Runner, act_control: EmulatorControl
) -> None:
    quoted = runner.api.add_comment(REPOSITORY, 7, "mallory", f"{MARKER}\nquoting the bot")
    runner.edit("getting-started/welcome.md", "Welcome", "Hello")
    first = runner.pull_request("Edit the welcome page", HC_API_KEY_READ=READ_KEY)
    assert first.ok, first.log
    [ours] = [c for c in runner.api.on_issue(REPOSITORY, 7) if c["login"] == BOT]
    assert ours["body"].startswith(f"{MARKER}\n### hcsync plan")
    assert "**Plan: 19 to create, 28 to update, 18 to publish, 0 to delete.**" in ours["body"]
    assert "### hcsync plan" in first.summary
    assert "hcsync: plan comment created on pull request #7" in first.log
    assert act_control.mutations() == []  # a plan changes nothing (and its key cannot)

    runner.edit("getting-started/welcome.md", "Hello", "Hi there")
    second = runner.pull_request("Edit it again", HC_API_KEY_READ=READ_KEY)
    assert second.ok, second.log
    comments = runner.api.on_issue(REPOSITORY, 7)
    assert len(comments) == 2  # mallory's and ours: never a second one of ours
    [updated] = [c for c in comments if c["login"] == BOT]
    assert updated["id"] == ours["id"] and "Hi there" in updated["body"]
    assert runner.api.comments[quoted["id"]]["body"] == f"{MARKER}\nquoting the bot"
    posts = [m for m, path in runner.api.requests if m in ("POST", "PATCH")]
    assert posts == ["POST", "PATCH"]


def test_a_push_to_main_applies_and_commits_the_lock(runner: Runner) -> None:
    run = runner.push(HC_API_KEY=APPLY_KEY)
    assert run.ok, run.log
    assert "**Applied 65 operations.**" in run.summary
    lock = runner.main_lock()
    url = lock_from_json(lock).articles["billing/refunds.md"].url
    assert (
        f"| ➕ | <code>billing/refunds.md</code> | create, content, metadata, publish | [page]({url}) |"
        in run.summary
    )
    assert len(lock["articles"]) == 12
    assert runner.main_log()[:2] == [LOCK_COMMIT, "Add the help center"]
    assert run.first_output is not None


def test_a_fork_pull_request_without_secrets_runs_the_check_only(
    runner: Runner, act_control: EmulatorControl
) -> None:
    runner.edit("getting-started/welcome.md", "Welcome", "Hello")
    run = runner.pull_request("Edit from a fork", fork=True)
    assert run.ok, run.log
    assert "HC_API_KEY is not set (a pull request from a fork gets no secrets)" in run.log
    assert "ran `hcsync check` only, and it passed" in run.summary
    assert runner.api.requests == [] and act_control.journal() == []


def test_a_push_without_the_key_fails_naming_the_secret(
    runner: Runner, act_control: EmulatorControl
) -> None:
    run = runner.push()
    assert not run.ok
    assert "HC_API_KEY is not set: add the repository secret" in run.log
    assert act_control.journal() == []
    assert runner.main_log() == ["Add the help center"]  # no lock, nothing committed


def test_an_apply_that_fails_part_way_still_commits_its_lock(
    runner: Runner, act_control: EmulatorControl
) -> None:
    act_control.add_fault(
        method="POST",
        path="/v0/centers/demo/articles/*/publish",
        action="status",
        status=500,
        nth=4,
        times=99,
    )
    run = runner.push(HC_API_KEY=APPLY_KEY)
    assert not run.ok
    assert "hcsync apply failed: see the log; hcsync.lock keeps what was done" in run.log
    assert "✅  Success - Main Commit the lock" in run.log
    assert "**Stopped after" in run.summary
    assert runner.main_log()[0] == LOCK_COMMIT
    assert len(runner.main_lock()["articles"]) == 12  # every create recorded and pushed

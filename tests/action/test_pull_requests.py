"""The Action's run step on pull requests: no changes, drift, tree problems.

The comment's life (created, updated, never a second) and forks run under act:
tests/act/test_workflow.py; who owns a comment: test_keys_and_comments.py.
"""

from __future__ import annotations

from hcsync.api import HelpCenterClient
from hcsync.emulator.control_client import EmulatorControl
from tests.action.conftest import REPOSITORY, GitHub


def test_no_changes_is_false_not_an_error(github: GitHub, client: HelpCenterClient) -> None:
    applied = github.push_job(github.main_sha())
    assert applied.ok, applied.log
    run = github.pull_request_job(github.main_sha())
    assert run.ok, run.log
    assert run.outputs["changes"] == "false"
    [comment] = github.api.on_issue(REPOSITORY, 7)
    assert "No changes: the help center matches the tree." in comment["body"]


def test_drift_is_in_the_comment_and_fails_the_check(
    github: GitHub, client: HelpCenterClient
) -> None:
    assert github.push_job(github.main_sha()).ok
    lock = github.main_lock_json()
    client.update_draft(lock["articles"]["billing/invoices.md"]["id"], html="<p>Dashboard</p>")
    run = github.pull_request_job(
        _pr_commit(github, "Every payment", "Each payment", "billing/invoices.md")
    )
    assert not run.ok
    assert run.outputs["changes"] == ""  # a failed plan is never read as "changes"
    [comment] = github.api.on_issue(REPOSITORY, 7)
    assert "**Drift**: changed on the help center since the last apply." in comment["body"]
    assert "<code>billing/invoices.md</code>: edited on the help center" in comment["body"]
    assert "page(s) changed on the help center" in run.log

    # On main the page's file is untouched: only the full read (a drift check) sees the edit.
    untouched = github.pull_request_job(github.main_sha(), inputs={"on-drift": "skip"})
    assert untouched.ok, untouched.log
    [comment] = github.api.on_issue(REPOSITORY, 7)
    assert "No changes: the help center matches the tree." in comment["body"]
    inputs = {"on-drift": "skip", "refresh": "true"}
    skipping = github.pull_request_job(github.main_sha(), inputs=inputs)
    assert skipping.ok, skipping.log
    [comment] = github.api.on_issue(REPOSITORY, 7)
    assert "**Skipped** (`on-drift: skip`)" in comment["body"]


def test_check_errors_annotate_the_diff_and_fill_the_comment(
    github: GitHub, control: EmulatorControl
) -> None:
    sha = _pr_commit(github, "## VAT", "[gone](nowhere.md)\n\n## VAT", "billing/refunds.md")
    run = github.pull_request_job(sha)
    assert not run.ok
    assert "::error file=content/billing/refunds.md,line=" in run.log
    assert ",title=HC040::link 'nowhere.md'" in run.log
    [comment] = github.api.on_issue(REPOSITORY, 7)
    assert "**The tree has 1 error(s): nothing was planned.**" in comment["body"]
    assert "| ❌ | <code>content/billing/refunds.md</code> | " in comment["body"]
    assert "HC040 link" in comment["body"]
    assert run.outputs["changes"] == ""
    assert control.journal() == []  # nothing was sent to the help center


def _pr_commit(github: GitHub, old: str, new: str, rel: str = "getting-started/welcome.md") -> str:
    github.edit(rel, old, new)
    return github.push_commit(f"Edit {rel}", branch="pr-7")

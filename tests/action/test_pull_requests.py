"""The Action on pull requests: the plan as one sticky comment, drift, problems, forks."""

from __future__ import annotations

from hcsync.api import HelpCenterClient
from hcsync.emulator.control_client import EmulatorControl
from tests.action.conftest import REPOSITORY, GitHub

MARKER = "<!-- hcsync-plan:content -->"


def test_plan_comment_is_posted_once_and_updated_on_each_push(
    github: GitHub, control: EmulatorControl
) -> None:
    sha = _pr_commit(github, "Welcome", "Hello")
    first = github.pull_request_job(sha)
    assert first.ok, first.log
    assert first.outputs == {"changes": "true"}
    [comment] = github.api.on_issue(REPOSITORY, 7)
    first_body = comment["body"]
    assert comment["body"].startswith(MARKER + "\n### hcsync plan")
    assert "**Plan: 19 to create, 28 to update, 18 to publish, 0 to delete.**" in comment["body"]
    assert (
        "| ➕ | <code>billing/invoices.md</code> | create, metadata, publish |" in comment["body"]
    )
    assert "<details><summary><code>billing/refunds.md</code>" in comment["body"]
    assert "https://github.example/acme/help/actions/runs/" in comment["body"]
    assert "### hcsync plan" in first.summary  # the whole plan, in the job summary too
    assert [m for m, _ in control.mutations()] == []  # a plan changes nothing

    second = github.pull_request_job(_pr_commit(github, "Hello", "Hi there"))
    assert second.ok, second.log
    [updated] = github.api.on_issue(REPOSITORY, 7)
    assert updated["id"] == comment["id"]
    assert "Hi there" in updated["body"] and "Hi there" not in first_body
    assert [m for m, _ in github.api.requests].count("POST") == 1
    assert [m for m, _ in github.api.requests].count("PATCH") == 1


def test_no_changes_is_false_not_an_error(github: GitHub, client: HelpCenterClient) -> None:
    applied = github.push_job(github.main_sha())
    assert applied.ok, applied.log
    run = github.pull_request_job(github.main_sha())
    assert run.ok, run.log
    assert run.outputs == {"changes": "false"}
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
    assert run.outputs == {"changes": ""}  # a failed plan is never read as "changes"
    [comment] = github.api.on_issue(REPOSITORY, 7)
    assert "**Drift**: changed on the help center since the last apply." in comment["body"]
    assert "<code>billing/invoices.md</code>: edited on the help center" in comment["body"]
    assert "page(s) changed on the help center" in run.log

    skipping = github.pull_request_job(github.main_sha(), **{"on-drift": "skip"})
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
    assert run.outputs == {"changes": ""}
    assert control.journal() == []  # nothing was sent to the help center


def test_fork_without_secrets_runs_the_check_only(github: GitHub, control: EmulatorControl) -> None:
    run = github.pull_request_job(_pr_commit(github, "Welcome", "Hello"), fork=True, secrets=False)
    assert run.ok, run.log
    assert "::notice title=hcsync::HC_API_KEY is not set" in run.log
    assert "ran `hcsync check` only, and it passed" in run.summary
    assert github.api.requests == [] and control.journal() == []
    assert run.outputs == {"changes": ""}  # no plan ran

    broken = _pr_commit(github, "## VAT", "[gone](nowhere.md)\n\n## VAT", "billing/refunds.md")
    failing = github.pull_request_job(broken, fork=True, secrets=False)
    assert not failing.ok
    assert "title=HC040::" in failing.log and "it failed" in failing.summary


def _pr_commit(github: GitHub, old: str, new: str, rel: str = "getting-started/welcome.md") -> str:
    github.edit(rel, old, new)
    return github.push_commit(f"Edit {rel}", branch="pr-7")

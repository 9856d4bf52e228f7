"""The Action after a merge: apply, a summary with URLs, the lock committed back, races."""

from __future__ import annotations

from hcsync.api import HelpCenterClient
from hcsync.emulator.control_client import EmulatorControl
from hcsync.plan.lease import is_lease
from hcsync.sync.lockfile import lock_from_json
from tests.action.conftest import GitHub, git
from tests.helpers import article

LOCK_COMMIT = "hcsync: update hcsync.lock [skip ci]"


def test_merge_applies_and_commits_the_lock(github: GitHub, client: HelpCenterClient) -> None:
    run = github.push_job(github.main_sha())
    assert run.ok, run.log
    assert github.main_log()[0] == LOCK_COMMIT
    lock = github.main_lock_json()
    assert len(lock["articles"]) == 12 and client.count_drafts() == 12
    assert "### hcsync apply" in run.summary and "**Applied 65 operations.**" in run.summary
    url = lock_from_json(lock).articles["billing/refunds.md"].url
    row = f"| ➕ | <code>billing/refunds.md</code> | create, content, metadata, publish | [page]({url}) |"
    assert row in run.summary

    again = github.push_job(github.main_sha())  # the lock commit's own run: nothing to do
    assert again.ok, again.log
    assert "hcsync.lock unchanged" in again.log
    assert github.main_log()[0] == LOCK_COMMIT and github.main_log()[1] != LOCK_COMMIT


def test_merge_refused_for_drift_says_why_in_the_summary(
    github: GitHub, client: HelpCenterClient, control: EmulatorControl
) -> None:
    assert github.push_job(github.main_sha()).ok
    lock = github.main_lock_json()
    client.update_draft(lock["articles"]["billing/invoices.md"]["id"], html="<p>Dashboard</p>")
    github.edit("billing/invoices.md", "Every payment", "Each payment")
    mark = len(control.journal())
    refused = github.push_job(github.push_commit("Edit invoices"))
    assert not refused.ok
    assert "**Drift**: changed on the help center since the last apply." in refused.summary
    assert control.mutations(mark) == []
    assert github.main_log()[0] == "Edit invoices"  # the lock did not change: nothing committed

    skipping = github.push_job(github.main_sha(), inputs={"on-drift": "skip"})
    assert skipping.ok, skipping.log


def test_failed_apply_still_commits_what_it_created(
    github: GitHub, control: EmulatorControl, client: HelpCenterClient
) -> None:
    control.add_fault(
        method="POST",
        path="/v0/centers/demo/articles/*/publish",
        action="status",
        status=500,
        nth=4,
        times=99,
    )
    failed = github.push_job(github.main_sha())
    assert not failed.ok
    assert failed.step("Run hcsync").outcome == "failure"
    assert "::error title=hcsync::hcsync apply failed" in failed.log
    assert failed.step("Commit the lock").outcome == "success"
    assert "**Stopped after" in failed.summary and "run apply again to resume" in failed.summary
    lock = github.main_lock_json()
    assert len(lock["articles"]) == 12  # every create was recorded and pushed
    control.clear_faults()

    mark = len(control.journal())
    resumed = github.push_job(github.main_sha())
    assert resumed.ok, resumed.log
    created = [
        e
        for e in control.mutations(mark)
        if e["method"] == "POST" and e["path"].endswith("/articles")
    ]
    assert created == [] and client.count_drafts() == 12  # nothing created twice


def test_cancelled_apply_still_commits_what_it_created(
    github: GitHub, control: EmulatorControl, client: HelpCenterClient
) -> None:
    slow = {"method": "POST", "path": "/v0/centers/demo/articles/*/publish", "action": "latency"}
    control.add_fault(**slow, latency_ms=3000, nth=3, times=1)

    def two_published() -> bool:
        entries = control.journal()
        published = [
            e for e in entries if e["method"] == "POST" and str(e["path"]).endswith("/publish")
        ]
        return len(published) >= 2

    cancelled = github.push_job(github.main_sha(), cancel_when=two_published)
    assert cancelled.step("Run hcsync").outcome == "cancelled"
    assert cancelled.step("Commit the lock").outcome == "success", cancelled.log
    assert len(github.main_lock_json()["articles"]) == 12
    control.clear_faults()

    mark = len(control.journal())
    resumed = github.push_job(github.main_sha())
    assert resumed.ok, resumed.log
    assert not any(e["path"].endswith("/articles") for e in control.mutations(mark))
    # Nothing created twice. (Killed after its grace period on a loaded machine, the
    # cancelled apply may leave its lease: an unpublished draft that expires by itself.)
    articles = [d for d in client.list_drafts() if not is_lease(d)]
    assert len(articles) == 12
    final = github.push_job(github.main_sha())
    assert final.ok and "hcsync.lock unchanged" in final.log


def test_a_lock_push_that_loses_a_race_is_rebuilt_on_the_new_tip(github: GitHub) -> None:
    github.write("billing/first.md", article("First new article"))
    first = github.push_commit("Merge #1")
    github.write("billing/second.md", article("Second new article"))
    github.push_commit("Merge #2")  # merged before the first job pushed its lock

    github.race_the_next_push()  # and a third merge lands while job one pushes its lock
    job = github.push_job(first)  # checked out #1; main has moved on to #2, then #3
    assert job.ok, job.log
    assert "main moved on; rebuilding the lock commit (attempt 1)" in job.log
    landed = "Merge #3 (landed during the push)"
    assert github.main_log()[:3] == [LOCK_COMMIT, landed, "Merge #2"]
    assert "billing/first.md" in github.main_lock_json()["articles"]
    files = git(
        github.root, "--git-dir", str(github.remote), "ls-tree", "-r", "--name-only", "main"
    )
    assert "content/billing/second.md" in files.splitlines()  # #2's tree kept, lock added


def test_two_merges_racing_both_end_green_without_duplicates(
    github: GitHub, client: HelpCenterClient
) -> None:
    github.write("billing/first.md", article("First new article"))
    first = github.push_commit("Merge #1")
    github.write("billing/second.md", article("Second new article"))
    second = github.push_commit("Merge #2")  # merged before the first job pushed its lock

    github.race_the_next_push()  # and a third merge lands while job one pushes its lock
    job_one = github.push_job(first)
    assert job_one.ok, job_one.log
    job_two = github.push_job(second)  # checked out #2, whose lock predates job one's
    assert job_two.ok, job_two.log

    titles = [d.title for d in client.list_drafts()]
    assert len(titles) == len(set(titles)) == 14
    lock = github.main_lock_json()
    assert {"billing/first.md", "billing/second.md"} <= set(lock["articles"])
    final = github.push_job(github.main_sha())
    assert final.ok and "hcsync.lock unchanged" in final.log  # the lock converged

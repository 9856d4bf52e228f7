"""The Action's opt-in preview: built on pull requests, linked from the plan comment.

The upload itself is `actions/upload-artifact`, which the simulator does not run
(it cannot be fetched offline): these tests check the build it would upload and
the link the comment carries.
"""

from __future__ import annotations

from pathlib import Path

from tests.action.conftest import REPOSITORY, GitHub


def _pr(github: GitHub) -> str:
    github.edit("getting-started/welcome.md", "Welcome", "Hello")
    return github.push_commit("Edit welcome", branch="pr-7")


def test_preview_is_built_and_linked_from_the_plan_comment(github: GitHub) -> None:
    run = github.pull_request_job(_pr(github), preview="true")
    assert run.ok, run.log
    built = run.step("Build the preview")
    assert built.outputs["built"] == "true"
    site = Path(built.outputs["path"])
    assert (site / "index.html").is_file()
    assert "Hello to Acme Notes" in (site / "getting-started/welcome.html").read_text()
    assert run.step("Upload the preview").outcome == "success"
    [comment] = github.api.on_issue(REPOSITORY, 7)
    assert (
        "🔎 **[Preview of the pages](https://github.example/acme/help/actions/runs/"
        in (comment["body"])
    )
    assert "#artifacts)** as readers will see them" in comment["body"]


def test_preview_is_off_unless_asked_and_never_on_push(github: GitHub) -> None:
    run = github.pull_request_job(_pr(github))
    assert run.ok, run.log
    assert run.step("Build the preview").outcome == "skipped"
    assert run.step("Upload the preview").outcome == "skipped"
    [comment] = github.api.on_issue(REPOSITORY, 7)
    assert "Preview of the pages" not in comment["body"]
    pushed = github.push_job(github.main_sha(), preview="true")
    assert pushed.ok, pushed.log
    assert pushed.step("Build the preview").outputs == {"built": "false"}
    assert pushed.step("Upload the preview").outcome == "skipped"

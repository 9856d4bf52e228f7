"""The Action's opt-in preview: built on pull requests, linked from the plan comment.

The build step comes before `Run hcsync`, where the simulator starts: these tests run
the build step's module as the step does, and the comment's link. The upload is the
user's own workflow step (the Action's `preview-path` output).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hcsync.action import preview
from hcsync.action.github import Runner
from hcsync.action.run import _preview_link

EXAMPLE = Path(__file__).resolve().parents[2] / "content-example"


def step_env(tmp_path: Path, event_name: str, flag: str) -> dict[str, str]:
    shutil.copytree(EXAMPLE, tmp_path / "content", dirs_exist_ok=True)
    (tmp_path / "event.json").write_text(json.dumps({"pull_request": {"number": 7}}))
    (tmp_path / "output").write_text("")
    return {
        "INPUT_CONTENT": str(tmp_path / "content"),
        "INPUT_PREVIEW": flag,
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(tmp_path / "event.json"),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "RUNNER_TEMP": str(tmp_path / "runner"),
    }


def outputs(env: dict[str, str]) -> dict[str, str]:
    lines = Path(env["GITHUB_OUTPUT"]).read_text().splitlines()
    return dict(line.split("=", 1) for line in lines)


def test_the_preview_is_built_on_pull_requests(tmp_path: Path) -> None:
    env = step_env(tmp_path, "pull_request", "true")
    assert preview.main(env) == 0
    found = outputs(env)
    assert found["built"] == "true"
    site = Path(found["path"])
    assert site == tmp_path / "runner" / "hcsync-preview"
    assert "Welcome to Acme Notes" in (site / "getting-started/welcome.html").read_text()


@pytest.mark.parametrize(("event_name", "flag"), [("push", "true"), ("pull_request", "false")])
def test_no_preview_unless_asked_on_a_pull_request(
    tmp_path: Path, event_name: str, flag: str
) -> None:
    env = step_env(tmp_path, event_name, flag)
    assert preview.main(env) == 0
    assert outputs(env) == {"built": "false"}
    assert not (tmp_path / "runner").exists()


def test_a_failed_build_is_a_warning_not_a_failed_job(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = step_env(tmp_path, "pull_request", "true")
    (tmp_path / "content/hcsync.yml").write_text("languages: [\n")
    assert preview.main(env) == 0
    assert outputs(env) == {"built": "false"}
    assert "::warning title=hcsync::hcsync preview --build failed" in capsys.readouterr().out


def test_the_plan_comment_links_the_uploaded_preview() -> None:
    run = {"GITHUB_SERVER_URL": "https://github.example", "GITHUB_REPOSITORY": "acme/help"}
    run |= {"GITHUB_RUN_ID": "101", "HCSYNC_PREVIEW_BUILT": "true"}
    artifact = "https://github.example/acme/help/actions/runs/101/artifacts/9"
    linked = _preview_link(Runner(run | {"HCSYNC_PREVIEW_URL": artifact}))
    assert f"🔎 **[Preview of the pages]({artifact})** as readers will see them" in linked
    fallback = _preview_link(Runner(run))  # no artifact URL: the run's artifacts
    assert "(https://github.example/acme/help/actions/runs/101#artifacts)" in fallback
    assert _preview_link(Runner(run | {"HCSYNC_PREVIEW_BUILT": "false"})) == ""

"""action.yml: inputs reach scripts only through env, actions pinned by SHA, no dead inputs."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
STEPS = ACTION["runs"]["steps"]


def test_no_expression_inside_a_script() -> None:
    for step in STEPS:
        assert "${{" not in step.get("run", ""), step.get("name")


def test_third_party_actions_are_pinned_by_commit() -> None:
    uses = [step["uses"] for step in STEPS if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses


def test_every_input_is_used() -> None:
    text = (ROOT / "action.yml").read_text()
    for name in ACTION["inputs"]:
        assert f"inputs.{name}" in text, name


def test_step_scripts_run_the_action_module() -> None:
    scripts = [step["run"] for step in STEPS if "run" in step]
    assert "python -m hcsync.action run" in scripts
    assert "python -m hcsync.action commit-lock" in scripts
    commit = next(s for s in STEPS if s.get("run") == "python -m hcsync.action commit-lock")
    assert commit["if"].startswith("always()")


def test_readme_workflow_is_the_linted_example() -> None:
    readme = (ROOT / "docs" / "action.md").read_text()
    example = (ROOT / "docs" / "workflow-example.yml").read_text()
    assert f"```yaml\n{example}```" in readme
    workflow = yaml.safe_load(example)
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert workflow["jobs"]["sync"]["permissions"] == {
        "contents": "write",
        "pull-requests": "write",
    }

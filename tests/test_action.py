"""action.yml: inputs reach scripts only through env, actions pinned by SHA, no dead inputs."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

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


def test_step_scripts_run_the_action_module_with_the_installed_python() -> None:
    scripts = {step["run"]: step for step in STEPS if "run" in step}
    run = scripts['"$HCSYNC_PYTHON" -m hcsync.action run']
    commit = scripts['"$HCSYNC_PYTHON" -m hcsync.action commit-lock']
    for step in (run, commit):
        assert step["env"]["HCSYNC_PYTHON"] == "${{ steps.install.outputs.python }}"
    assert commit["if"].startswith("always()")


def test_the_pip_cache_key_is_the_pinned_lock_inside_the_workspace() -> None:
    # setup-python hashes only files inside the workspace (actions/setup-python#361)
    [setup] = [step for step in STEPS if "setup-python" in step.get("uses", "")]
    key = setup["with"]["cache-dependency-path"]
    assert not key.startswith(("/", "$")), key
    copy = STEPS[STEPS.index(setup) - 1]
    assert copy["env"]["KEY"] == "${{ github.workspace }}/" + key
    assert copy["env"]["LOCK"] == "${{ github.action_path }}/action-requirements.txt"


def test_the_lock_pins_every_dependency_with_hashes() -> None:
    lock = (ROOT / "action-requirements.txt").read_text()
    pinned = {
        canonicalize_name(m[1]): Version(m[2])
        for m in re.finditer(
            r"^([\w.-]+)==([^\s;]+)(?:\s*;[^\\]*)? \\\n\s+--hash=sha256:", lock, re.M
        )
    }
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    for spec in map(Requirement, [*project["dependencies"], *build]):
        name = canonicalize_name(spec.name)
        assert name in pinned, f"{name}: run `make action-requirements.txt`"
        assert spec.specifier.contains(pinned[name]), f"{name}: run `make action-requirements.txt`"


def test_readme_workflow_is_the_linted_example() -> None:
    readme = (ROOT / "docs" / "action.md").read_text()
    example = (ROOT / "docs" / "workflow-example.yml").read_text()
    assert f"```yaml\n{example}```" in readme
    workflow = yaml.safe_load(example)
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert workflow["permissions"] == {}


def test_each_job_of_the_example_has_the_least_it_needs() -> None:
    jobs = yaml.safe_load((ROOT / "docs" / "workflow-example.yml").read_text())["jobs"]
    plan, apply = jobs["plan"], jobs["apply"]
    assert plan["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert apply["permissions"] == {"contents": "write"}
    assert plan["steps"][0]["with"]["persist-credentials"] is False
    assert apply["steps"][0]["with"]["persist-credentials"] is True  # it pushes the lock
    assert plan["env"]["HC_API_KEY"] == "${{ secrets.HC_API_KEY_READ }}"  # a read-only key
    drift = jobs["drift"]  # the scheduled full read: read-only like the plan
    assert drift["permissions"] == {"contents": "read"}
    assert drift["env"]["HC_API_KEY"] == "${{ secrets.HC_API_KEY_READ }}"
    assert drift["steps"][1]["with"] == {"command": "plan", "refresh": True}
    for job in (plan, apply, drift):
        assert job["env"]["HC_CENTER_ID"] == "${{ vars.HC_CENTER_ID }}"  # never masked

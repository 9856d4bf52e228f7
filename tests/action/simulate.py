"""Run action.yml's steps from `Run hcsync` on, as a GitHub runner would, on this machine.

For what a real runner (act, tests/act/) cannot show: merges racing each other
and cancellation at a chosen moment. Each `run:` step is written to a script and
run with `bash --noprofile --norc -eo pipefail` (GitHub's `shell: bash`), with
its `env:` expanded, fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and the
event payload at GITHUB_EVENT_PATH. `if:` conditions are evaluated (an
expression this simulator does not know fails the test rather than being guessed).

It models no `uses:` step and no set-up: asked to run one, it raises. The steps
before `Run hcsync` are not run and not reported; the install step they lead to
is run for real, once per test session (`install_action`), and its outcome and
outputs (the Python with hcsync and its pinned dependencies) are what the later
steps see as `steps.install`.
A run can be cancelled while a step runs, as GitHub does it: SIGINT to the
step's processes, SIGTERM 7.5 s later; then only `always()` steps run.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((REPO / "action.yml").read_text())
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
FIRST_STEP = "hcsync"  # the id of the first step the simulator runs


class NotModelled(AssertionError):
    """A step the simulator would have to fake: it refuses instead."""


_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@dataclass
class Step:
    name: str
    outcome: str  # success, failure, skipped
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)


@dataclass
class Installed:
    """The install step, run for real: what `steps.install` is to the later steps."""

    step: Step

    @property
    def context(self) -> dict[str, Any]:
        return {"outcome": self.step.outcome, "outputs": self.step.outputs}


def install_action(scratch: Path) -> Installed:
    """Run action.yml's install step for real (a venv, the pinned requirements by hash)."""
    scratch.mkdir(parents=True, exist_ok=True)
    [number] = [n for n, spec in enumerate(STEPS) if spec.get("id") == "install"]
    github = {"action_path": str(REPO), "workspace": str(scratch)}
    context = {"github": github, "runner": {"temp": str(scratch)}, "steps": {}}
    base = _base_env({}, scratch)
    step = _run_step(number, STEPS[number], context, base, scratch, scratch, False, None)
    if step.outcome != "success":
        raise AssertionError(f"the Action's install step failed:\n{step.stdout}{step.stderr}")
    return Installed(step)


@dataclass
class Run:
    steps: list[Step]
    summary: str
    outputs: dict[str, str]

    @property
    def ok(self) -> bool:
        return all(s.outcome == "success" or s.outcome == "skipped" for s in self.steps)

    @property
    def log(self) -> str:
        return "".join(s.stdout + s.stderr for s in self.steps)

    def step(self, name: str) -> Step:
        return next(s for s in self.steps if s.name == name)


def run_action(
    workspace: Path,
    inputs: dict[str, str],
    env: dict[str, str],
    event: dict[str, Any],
    scratch: Path,
    installed: Installed,
    cancel_when: Callable[[], bool] | None = None,
) -> Run:
    """The Action's steps from `Run hcsync` on in `workspace`, as a job would run them.

    `cancel_when`, polled while steps run, cancels the run once it is true.
    """
    scratch.mkdir(parents=True, exist_ok=True)
    (scratch / "event.json").write_text(json.dumps(event))
    github = {"action_path": str(REPO), "token": env["GITHUB_TOKEN"], "workspace": str(workspace)}
    defaults = {"github": github}  # what an input's default may refer to
    values = {k: _expand(str(v.get("default", "")), defaults) for k, v in ACTION["inputs"].items()}
    context: dict[str, Any] = {
        "inputs": values | inputs,
        "steps": {"install": installed.context},
        "github": github,
        "runner": {"temp": str(scratch)},
    }
    base = _base_env(env, scratch)
    steps: list[Step] = []
    [first] = [n for n, spec in enumerate(STEPS) if spec.get("id") == FIRST_STEP]
    for number, spec in list(enumerate(STEPS))[first:]:
        failed = any(s.outcome in ("failure", "cancelled") for s in steps)
        step = _run_step(number, spec, context, base, workspace, scratch, failed, cancel_when)
        steps.append(step)
        if step.outcome == "cancelled":
            cancel_when = None  # a run is cancelled once; its always() steps then run
        if "id" in spec:
            context["steps"][spec["id"]] = {"outcome": step.outcome, "outputs": step.outputs}
    outputs = {name: _expand(spec["value"], context) for name, spec in ACTION["outputs"].items()}
    summary = "".join(p.read_text() for p in sorted(scratch.glob("summary-*")))
    return Run(steps, summary, outputs)


def _run_step(
    number: int,
    spec: dict[str, Any],
    context: dict[str, Any],
    base: dict[str, str],
    workspace: Path,
    scratch: Path,
    failed: bool,
    cancel_when: Callable[[], bool] | None,
) -> Step:
    name = spec.get("name") or spec.get("uses", "")
    condition = spec.get("if", "success()")
    if not _condition(condition, context, failed):
        return Step(name, "skipped")
    if "uses" in spec or "run" not in spec:
        raise NotModelled(f"the simulator does not model the step {name!r}: run it under act")
    output = scratch / f"output-{number}"
    output.touch()
    env = base | {k: _expand(str(v), context) for k, v in spec.get("env", {}).items()}
    env |= {
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(scratch / f"summary-{number:02}"),
    }
    script = scratch / f"step-{number}.sh"
    script.write_text(spec["run"])
    process = subprocess.Popen(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=workspace,
        env=env,
        stdout=(scratch / f"stdout-{number}").open("w"),
        stderr=(scratch / f"stderr-{number}").open("w"),
        start_new_session=True,  # its own process group, signalled as a whole
    )
    cancelled = _wait(process, cancel_when)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    outcome = "cancelled" if cancelled else "success" if process.returncode == 0 else "failure"
    stdout, stderr = ((scratch / f"{kind}-{number}").read_text() for kind in ("stdout", "stderr"))
    return Step(name, outcome, stdout, stderr, outputs)


def _wait(process: subprocess.Popen[bytes], cancel_when: Callable[[], bool] | None) -> bool:
    """Wait for the step; True when the run was cancelled during it."""
    deadline = time.monotonic() + 300
    while process.poll() is None:
        if cancel_when is not None and cancel_when():
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=7.5)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            return True
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            raise AssertionError("a step ran for more than 300 s")
        time.sleep(0.05)
    return False


def _base_env(env: dict[str, str], scratch: Path) -> dict[str, str]:
    inherited = {
        k: v for k, v in os.environ.items() if not k.startswith(("HC_", "GITHUB_", "INPUT_"))
    }
    path = f"{Path(sys.executable).parent}{os.pathsep}{inherited.get('PATH', '')}"
    return (
        inherited
        | {
            "PATH": path,
            "GITHUB_EVENT_PATH": str(scratch / "event.json"),
            "RUNNER_TEMP": str(scratch),
        }
        | env
    )


def _condition(expression: str, context: dict[str, Any], failed: bool) -> bool:
    """success() unless always(); after a failure or a cancellation only always() runs."""
    terms = [t.strip() for t in expression.split("&&")]
    if "always()" not in terms and failed:
        return False
    return all(_term(t, context) for t in terms if t not in {"always()", "success()"})


def _term(term: str, context: dict[str, Any]) -> bool:
    found = re.fullmatch(r"([\w.-]+) == ('[^']*'|[\w.-]+)", term)
    if not found:
        raise AssertionError(f"the simulator does not know the expression {term!r}")
    return _lookup(found[1], context) == _value(found[2], context)


def _value(operand: str, context: dict[str, Any]) -> str:
    return operand[1:-1] if operand.startswith("'") else _lookup(operand, context)


def _expand(text: str, context: dict[str, Any]) -> str:
    def evaluate(expression: str) -> str:
        if " == " in expression:
            return "true" if _term(expression, context) else "false"
        return _lookup(expression, context)

    return _EXPRESSION.sub(lambda m: evaluate(m[1]), text)


def _lookup(path: str, context: dict[str, Any]) -> str:
    value: Any = context
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            if path.startswith("steps."):
                return ""  # an output a step did not set is empty, as on GitHub
            raise AssertionError(f"the simulator does not know {path!r}")
        value = value[part]
    return str(value)

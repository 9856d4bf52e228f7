"""The Action's main step: check, then plan (pull requests) or apply (after merge).

Every outcome is explicit: a usage error or a failed plan fails the step and is
never read as "changes". Without HC_API_KEY, a pull request from a fork (which
gets no secrets) runs the offline check only and passes when it passes; on any
other event a missing key is an error, so a misspelt secret is never a green run
that applied nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

import httpx

from hcsync.action.github import Comments, Runner, UnknownAuthor, annotate
from hcsync.action.inputs import InputError, Inputs, read_inputs
from hcsync.action.preview import comment_line

COMMENT_LIMIT = 60_000  # GitHub holds 65,536 characters; room for the marker and footer
HCSYNC = (sys.executable, "-m", "hcsync.cli")


GRACE_SECONDS = 7.0  # GitHub sends SIGTERM 7.5 s after SIGINT
MISSING_KEY = (
    "HC_API_KEY is not set: add the repository secret the workflow passes as HC_API_KEY "
    "(Settings > Secrets and variables > Actions), or fix its name in `env:`; only pull "
    "requests from forks run without it (check only)"
)


def main(env: Mapping[str, str]) -> int:
    runner = Runner(env)
    try:
        inputs = read_inputs(env)
    except InputError as exc:
        annotate("error", str(exc))
        return 1
    keyless = inputs.command != "check" and not env.get("HC_API_KEY")
    if keyless and not runner.is_fork_pull_request():
        annotate("error", MISSING_KEY)
        return 1
    checked = _hcsync("check", str(inputs.content), "--format", "github")
    if inputs.command == "check":
        return checked
    if keyless:
        return _check_only(runner, checked)
    if inputs.command == "plan":
        return _plan(runner, inputs, env)
    return _apply(runner, inputs)


def _check_only(runner: Runner, checked: int) -> int:
    outcome = "passed" if checked == 0 else "failed: see the annotations"
    note = (
        f"HC_API_KEY is not set (a pull request from a fork gets no secrets): ran `hcsync "
        f"check` only, and it {outcome}. The plan runs once the change is on a branch of "
        "this repository."
    )
    annotate("notice", note)
    runner.add_summary(f"### hcsync\n\n{note}")
    return checked  # no plan ran: `changes` stays unset


def _plan(runner: Runner, inputs: Inputs, env: Mapping[str, str]) -> int:
    summary = env.get("GITHUB_STEP_SUMMARY") or "/dev/null"
    with tempfile.TemporaryDirectory() as scratch:
        saved = Path(scratch) / "plan.json"
        args = ["plan", str(inputs.content), "--format", "markdown"]
        args += ["--max-chars", str(COMMENT_LIMIT), "--summary", summary, "-o", str(saved)]
        code, markdown = _hcsync_output(*args, *_sync_args(inputs))
        changes = _has_changes(saved) if code == 0 else None
    if changes is not None:
        runner.set_output("changes", "true" if changes else "false")
    number = runner.pull_request_number()
    if inputs.comment and number is not None and markdown.strip():
        _comment(env, number, inputs, markdown + _preview_link(runner) + _footer(runner))
    if code != 0:
        annotate("error", "hcsync plan failed: see the log above (and the comment)")
    return 0 if code == 0 else 1


def _apply(runner: Runner, inputs: Inputs) -> int:
    summary = runner.env.get("GITHUB_STEP_SUMMARY") or "/dev/null"
    args = ["apply", str(inputs.content), "--yes", "--summary", summary, *_sync_args(inputs)]
    code = _hcsync(*args)
    if code != 0:
        annotate("error", "hcsync apply failed: see the log; hcsync.lock keeps what was done")
    return 0 if code == 0 else 1


def _sync_args(inputs: Inputs) -> list[str]:
    flags = (["--prune"] if inputs.prune else []) + (["--refresh"] if inputs.refresh else [])
    return ["--on-drift", inputs.on_drift, *flags]


def _has_changes(saved: Path) -> bool:
    return bool(json.loads(saved.read_text(encoding="utf-8"))["operations"])


def _comment(env: Mapping[str, str], number: int, inputs: Inputs, body: str) -> None:
    try:
        where = inputs.content.as_posix()
        with Comments(env, number, where, inputs.comment_author) as comments:
            done = comments.upsert(body)
    except UnknownAuthor as exc:
        annotate("warning", f"{exc}; the plan comment was not posted (it is in the job summary)")
        return
    except httpx.HTTPError as exc:
        annotate(
            "warning",
            f"could not post the plan comment ({exc}); the job needs `permissions: "
            "pull-requests: write` (the plan is in the job summary)",
        )
        return
    print(f"hcsync: plan comment {done} on pull request #{number}", flush=True)


def _preview_link(runner: Runner) -> str:
    if runner.env.get("HCSYNC_PREVIEW_BUILT") != "true":
        return ""
    return comment_line(runner, runner.env.get("HCSYNC_PREVIEW_URL", ""))


def _footer(runner: Runner) -> str:
    return f"\n\n<sub>hcsync · [this run and its job summary]({runner.run_url()})</sub>"


def _hcsync(*args: str) -> int:
    """Run hcsync with its output going to the log (annotations included)."""
    return _finish(subprocess.Popen([*HCSYNC, *args], text=True))[0]


def _hcsync_output(*args: str) -> tuple[int, str]:
    """Run hcsync; its stdout is returned (and echoed to the log), stderr goes to the log."""
    code, out = _finish(subprocess.Popen([*HCSYNC, *args], stdout=subprocess.PIPE, text=True))
    sys.stdout.write(out)
    sys.stdout.flush()
    return code, out


def _finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    """Wait for hcsync. A cancelled run's SIGINT reaches it too: let it record its lock
    and give back its lease before GitHub's SIGTERM, rather than killing it at once."""
    try:
        out, _ = process.communicate()
    except KeyboardInterrupt:
        try:
            process.wait(timeout=GRACE_SECONDS)
        finally:
            process.kill()
        raise
    return process.returncode, out or ""

"""What `plan` and `apply` share on the way in: the root, the checked tree, the refusals."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from hcsync import output
from hcsync.errors import FatalError
from hcsync.local.controls import escape_controls
from hcsync.local.model import LocalSite
from hcsync.local.parsecache import ParseCache
from hcsync.local.problem import Problem, ProblemsFound
from hcsync.local.root import root_and_files
from hcsync.plan.markdown import TITLE
from hcsync.plan.model import DriftPolicy, Plan
from hcsync.report import format_problems
from hcsync.sync.engine import load_checked


def find_root(folder: Path | None) -> Path:
    root, _ = root_and_files([folder] if folder else [], None)
    return root


def load_or_report(
    root: Path, fmt: str = "text", summary: Path | None = None, parses: ParseCache | None = None
) -> LocalSite:
    """The checked tree; its problems are printed (in `fmt`) before the one-line refusal."""
    try:
        return load_checked(root, parses)
    except ProblemsFound as exc:
        output.result(_problems(exc.problems, fmt, f"{root}/"), workflow_commands=fmt == "github")
        if summary is not None:
            append_summary(summary, _problems(exc.problems, "markdown", f"{root}/"))
        raise


MARKDOWN_PROBLEMS = 200  # a comment holds 65,536 characters


def append_summary(path: Path, markdown: str) -> None:
    """Add to a Markdown summary file (GitHub's $GITHUB_STEP_SUMMARY is appended to)."""
    try:
        with path.open("a", encoding="utf-8") as file:
            file.write(escape_controls(markdown, "\n\t") + "\n")  # server text keeps no ESC
    except OSError as exc:
        raise FatalError(f"{path}: cannot write the summary ({exc.strerror})") from None


def _problems(problems: Sequence[Problem], fmt: str, prefix: str) -> str:
    if fmt == "json":  # still JSON, so a script can read why nothing was planned
        return json.dumps({"problems": json.loads(format_problems(problems, "json", prefix))})
    if fmt == "markdown":
        headline = (
            f"**The tree has {len(problems)} error(s): nothing was planned.** "
            "Fix them (`hcsync check` shows them too) and push again."
        )
        shown = format_problems(problems[:MARKDOWN_PROBLEMS], "markdown", display_prefix(prefix))
        more = len(problems) - MARKDOWN_PROBLEMS
        rest = [f"_… and {more} more: run `hcsync check`._"] if more > 0 else []
        return "\n".join([TITLE, "", headline, "", shown, *rest])
    return format_problems(problems[:20], "text", prefix)


def display_prefix(prefix: str) -> str:
    """A root shown relative to the current folder when it is below it."""
    try:
        relative = Path(prefix).resolve().relative_to(Path.cwd())
    except ValueError:
        return prefix
    return "" if str(relative) == "." else f"{relative.as_posix()}/"


def refuse_drift_or_unsafe(plan: Plan, force: bool) -> None:
    if plan.errors:
        more = f" (and {len(plan.errors) - 1} more)" if len(plan.errors) > 1 else ""
        raise FatalError(plan.errors[0] + more)
    if plan.drifts and plan.drift_policy == DriftPolicy.FAIL:
        raise FatalError(
            f"{len(plan.drifts)} page(s) changed on the help center since the last apply: "
            "--on-drift overwrite replaces those edits, --on-drift skip leaves them, "
            "`hcsync pull` brings them into the tree"
        )
    plan.refuse_if_unsafe(force)

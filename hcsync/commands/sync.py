"""What `plan` and `apply` share on the way in: the root, the checked tree, the refusals."""

from __future__ import annotations

from pathlib import Path

from hcsync import output
from hcsync.errors import FatalError, ProblemsFound
from hcsync.local.model import LocalSite
from hcsync.local.root import root_and_files
from hcsync.plan.model import DriftPolicy, Plan
from hcsync.report import format_problems
from hcsync.sync.engine import load_checked


def find_root(folder: Path | None) -> Path:
    root, _ = root_and_files([folder] if folder else [], None)
    return root


def load_or_report(root: Path) -> LocalSite:
    """The checked tree; its problems are printed before the one-line refusal."""
    try:
        return load_checked(root)
    except ProblemsFound as exc:
        output.result(format_problems(exc.problems[:20], "text", f"{root}/"))
        raise


def refuse_drift_or_unsafe(plan: Plan, force: bool) -> None:
    if plan.drifts and plan.drift_policy == DriftPolicy.FAIL:
        raise FatalError(
            f"{len(plan.drifts)} page(s) changed on the help center since the last apply: "
            "--on-drift overwrite replaces those edits, --on-drift skip leaves them, "
            "`hcsync pull` brings them into the tree"
        )
    if plan.unsafe and not force:
        raise FatalError(f"refusing an unsafe plan: {plan.unsafe}")

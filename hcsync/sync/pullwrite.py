"""Carrying out a pull plan: each file change written inside the tree, nothing else."""

from __future__ import annotations

from pathlib import Path

from hcsync.plan.pullplan import FileChange, FileChangeKind, PullPlan
from hcsync.sync.writing import safe_target


def write_pull_plan(root: Path, plan: PullPlan) -> None:
    for change in plan.changes:
        _carry_out(root, change)


def _carry_out(root: Path, change: FileChange) -> None:
    if change.after is not None:
        target = safe_target(root, change.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = change.after
        # Bytes as they are: the text already has the author's line endings.
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    gone = change.path if change.kind is FileChangeKind.DELETE else change.source
    if gone is not None and (change.after is None or gone != change.path):
        target = safe_target(root, gone)
        if target.is_file():
            target.unlink()

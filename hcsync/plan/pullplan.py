"""The pull plan: the file changes that bring the help center's edits into the tree.

Each change says what happens to one file (create, write, move, delete) and
why (the page and what changed on the help center). `diff` shows the plan as
`git diff` would show the tree after it; `sync/pullwrite.py` carries it out.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from hcsync.plan.lock import Lock


class FileChangeKind(Enum):
    CREATE = "create"
    WRITE = "write"
    MOVE = "move"  # written at `path`, `source` removed
    DELETE = "delete"


@dataclass(frozen=True)
class FileChange:
    kind: FileChangeKind
    path: str
    reason: str  # the page and what changed on the help center
    before: str | bytes | None = None  # the file as it is (None: none yet)
    after: str | bytes | None = None  # the file after the pull (None: deleted)
    source: str | None = None  # a move's old path


@dataclass(frozen=True)
class Conflict:
    path: str
    reason: str  # why pull cannot write it: changed both sides, or inside a snippet


@dataclass(frozen=True)
class PullPlan:
    changes: tuple[FileChange, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    # The lock with what the plan decided (categories, images, moved and deleted articles);
    # once the files are written, the pulled pages' entries are redone from the tree.
    lock: Lock = field(default_factory=Lock)
    pulled: frozenset[str] = frozenset()  # page paths written (root or translation)
    inexact: tuple[str, ...] = ()  # pages whose Markdown does not render back equal
    skipped: tuple[str, ...] = ()  # articles without a category, by title
    missing_images: tuple[str, ...] = ()  # 404 on the help center: the URL is kept
    languages_left_out: tuple[str, ...] = ()  # translated into, not in hcsync.yml
    # HTML the pulled pages render to (as the plan checked them) → its canonical form:
    # the lock's entries after the pull need it, and it costs a parse to compute again.
    canonicals: Mapping[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.changes and not self.conflicts


def diff(plan: PullPlan) -> str:
    """The plan as a unified diff of the files, like `git diff` after the pull."""
    return "".join(_file_diff(change) for change in plan.changes)


def _file_diff(change: FileChange) -> str:
    old_path = change.source or change.path
    if isinstance(change.before, bytes) or isinstance(change.after, bytes):
        return f"Binary files a/{old_path} and b/{change.path} differ\n"
    before = (change.before or "").splitlines(keepends=True)
    after = (change.after or "").splitlines(keepends=True)
    old_name = f"a/{old_path}" if change.before is not None else "/dev/null"
    new_name = f"b/{change.path}" if change.after is not None else "/dev/null"
    lines = difflib.unified_diff(before, after, old_name, new_name, n=3)
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )

"""Writing into the content root: what is there already, and where a file may go."""

from __future__ import annotations

import os
from pathlib import Path

from hcsync.errors import FatalError
from hcsync.local.paths import is_inside


def tree_entries(root: Path) -> frozenset[str]:
    """Every file and folder in the tree (relative), so new names never take an existing one."""
    if not root.is_dir():
        return frozenset()
    found = set()
    for folder, folders, files in os.walk(root):
        folders[:] = [f for f in folders if not f.startswith(".")]
        base = Path(folder).relative_to(root).as_posix()
        for name in (*folders, *files):
            found.add(name if base == "." else f"{base}/{name}")
    return frozenset(found)


def safe_target(root: Path, rel: str) -> Path:
    """The file `rel` under `root`, refused if it could land anywhere else."""
    parts = rel.split("/")
    if rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in rel:
        raise FatalError(f"refusing to write {rel!r}: not a plain path inside {root}")
    target = root / rel
    if not is_inside(root, target.parent if target.parent.exists() else root) or (
        target.is_symlink() and not is_inside(root, target)
    ):
        raise FatalError(f"refusing to write {rel!r}: it leads outside {root}")
    return target

"""`.hcsync/` in the content root: caches only, each safe to delete, never committed."""

from __future__ import annotations

from pathlib import Path

CACHE_DIR = ".hcsync"
# As pytest, mypy and ruff do for theirs: git leaves the folder out without a word from you.
_GITIGNORE = "# written by hcsync: caches that are never committed\n*\n"


def cache_folder(root: Path) -> Path:
    """The cache folder, made with its own `.gitignore` if missing (OSError if read-only)."""
    folder = root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(_GITIGNORE, encoding="utf-8")
    return folder

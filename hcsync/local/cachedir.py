"""`.hcsync/` in the content root: caches only, each safe to delete, never committed.

A pull request can commit anything, `.hcsync/` included: a link there could lead
outside the content root. So a cache is read only as a plain file in a plain folder,
and written through a temporary file of its own (`mkstemp`, never an existing path);
otherwise it is as if there were none — the commands work, only slower.
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from pathlib import Path

from hcsync.local.files import read_regular, write_atomically

CACHE_DIR = ".hcsync"
# As pytest, mypy and ruff do for theirs: git leaves the folder out without a word from you.
_GITIGNORE = "# written by hcsync: caches that are never committed\n*\n"
_LARGEST = 1 << 30  # bytes: a cache of 100,000 pages is far below


def read_cache(root: Path, name: str) -> str | None:
    """A cache file's text; None if it is missing, unreadable, or reached through a link."""
    if not _plain_folder(root / CACHE_DIR):
        return None
    try:
        data = read_regular(f"{root}/{CACHE_DIR}/{name}", limit=_LARGEST, follow=False)
    except (OSError, ValueError):  # NotRegularFile and TooLarge are ValueErrors
        return None
    return data.decode("utf-8", errors="replace")


def write_cache(root: Path, name: str, text: str) -> bool:
    """Replace a cache file whole; False where the folder cannot be used (a read-only
    checkout, a link), as if there were no cache."""
    try:
        write_atomically(_cache_folder(root) / name, text, prefix=f"{name}.")
    except OSError:
        return False
    return True


def remove_cache(root: Path, name: str) -> None:
    if _plain_folder(root / CACHE_DIR):
        (root / CACHE_DIR / name).unlink(missing_ok=True)  # unlink removes a link, not its target


def cache_names(root: Path, prefix: str) -> list[str]:
    """The cache files whose names start with `prefix`, sorted."""
    if not _plain_folder(root / CACHE_DIR):
        return []
    return sorted(n for n in os.listdir(root / CACHE_DIR) if n.startswith(prefix))


def _cache_folder(root: Path) -> Path:
    """The cache folder, made with its own `.gitignore` if missing."""
    folder = root / CACHE_DIR
    with suppress(FileExistsError):
        folder.mkdir()
    if not _plain_folder(folder):
        raise NotADirectoryError(f"{folder} is not a plain folder")
    if not os.path.lexists(folder / ".gitignore"):
        write_atomically(folder / ".gitignore", _GITIGNORE, prefix=".gitignore.")
    return folder


def _plain_folder(folder: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(folder).st_mode)
    except OSError:
        return False

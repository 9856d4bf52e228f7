"""Paths inside the content root: the only files hcsync ever reads."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit


def is_inside(root: Path, path: Path) -> bool:
    """True when `path`, with every link followed, stays under `root`."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def is_relative_url(target: str) -> bool:
    """A link or image written as a path in the tree (not a URL, not #anchor, not /absolute)."""
    if not target or target.startswith(("#", "/", "//")):
        return False
    return not urlsplit(target).scheme


def resolve_target(page_path: str, target: str) -> tuple[str | None, str]:
    """(path relative to the root or None if it leaves the root, anchor) of a relative target."""
    path_part, _, anchor = target.partition("#")
    path_part = unquote(path_part.split("?", 1)[0])
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path_part))
    if joined == ".." or joined.startswith("../") or posixpath.isabs(joined):
        return None, anchor
    return joined, anchor

"""Paths inside the content root: the only files hcsync ever reads."""

from __future__ import annotations

import posixpath
from collections.abc import Container
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit


def is_inside(root: Path, path: Path, folders: dict[Path, Path] | None = None) -> bool:
    """True when `path`, with every link followed, stays under `root`.

    `folders` keeps the folders resolved so far by one pass over the tree (a check, the
    image list): a file then costs one `lstat`, not one per component of its path. It
    lives no longer than that pass, so a folder swapped for a link later is seen.
    """
    try:
        known = {} if folders is None else folders
        return _resolved(path, known).is_relative_to(_folder(root, known))
    except (OSError, RuntimeError):
        return False


def _resolved(path: Path, folders: dict[Path, Path]) -> Path:
    if path.name in ("", ".", "..") or path.is_symlink():
        return path.resolve()
    return _folder(path.parent, folders) / path.name


def _folder(folder: Path, folders: dict[Path, Path]) -> Path:
    if folder not in folders:
        folders[folder] = folder.resolve()
    return folders[folder]


@lru_cache(maxsize=65536)  # asked by check, images and the planner alike
def is_relative_url(target: str) -> bool:
    """A link or image written as a path in the tree: relative (`b.md`) or root-absolute
    (`/guides/b.md`, resolved against the content root); not a URL, `//host` or `#anchor`."""
    if not target or target.startswith(("#", "//")):
        return False
    return not urlsplit(target).scheme


@lru_cache(maxsize=65536)
def resolve_target(page_path: str, target: str) -> tuple[str | None, str]:
    """(path relative to the root or None if it leaves the root, anchor) of a path target."""
    path_part, _, anchor = target.partition("#")
    path_part = unquote(path_part.split("?", 1)[0])
    base = "" if path_part.startswith("/") else posixpath.dirname(page_path)
    joined = posixpath.normpath(posixpath.join(base, path_part.lstrip("/")))
    if joined == ".." or joined.startswith("../") or posixpath.isabs(joined):
        return None, anchor
    return joined, anchor


def linked_page(page_path: str, root_path: str, target: str, pages: Container[str]) -> str:
    """The page a link from `page_path` (whose root article is `root_path`) to `target` means.

    `target` itself, except in the `directories` layout: `de/guides/a.md` (root
    `en/guides/a.md`) linking to `de/guides/b.md` means `en/guides/b.md` while there
    is no German `b.md`, the default-language page a reader falls back to.
    """
    if target in pages:
        return target
    page_top, _, page_rest = page_path.partition("/")
    root_top, _, root_rest = root_path.partition("/")
    top, _, rest = target.partition("/")
    if page_top == root_top or page_rest != root_rest or top != page_top or not rest:
        return target
    return f"{root_top}/{rest}"

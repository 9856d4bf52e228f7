"""Finding the files of a content tree, safely and in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from pathspec import GitIgnoreSpec

from hcsync.local.model import Problem
from hcsync.local.paths import is_inside

MAX_MARKDOWN_BYTES = 2 * 1024 * 1024
CATEGORY_FILE = "_category.yml"


class Found(NamedTuple):
    markdown: tuple[str, ...]  # relative POSIX paths, sorted
    category_files: tuple[str, ...]
    problems: tuple[Problem, ...]


def find_files(root: Path, ignore: tuple[str, ...]) -> Found:
    markdown: list[str] = []
    categories: list[str] = []
    problems: list[Problem] = []
    for rel, is_dir in _walk(root, ignore, problems):
        if rel.lower().endswith(".md"):
            if is_dir:
                problems.append(
                    _unreadable(rel, "is a directory named like a Markdown file; rename it")
                )
            else:
                markdown.append(rel)
        elif rel.rsplit("/", 1)[-1] == CATEGORY_FILE:
            categories.append(rel)
    return Found(tuple(sorted(markdown)), tuple(sorted(categories)), tuple(problems))


def _walk(
    root: Path, ignore: tuple[str, ...], problems: list[Problem]
) -> Iterator[tuple[str, bool]]:
    """(relative path, is a folder) of everything under root; links are never followed out."""
    pending = [""]
    while pending:
        folder = pending.pop()
        with os.scandir(root / folder if folder else root) as entries:
            for entry in entries:
                rel = f"{folder}/{entry.name}" if folder else entry.name
                if entry.name.startswith(".") or (ignore and _ignored(rel, entry, ignore)):
                    continue
                if entry.is_symlink() and not is_inside(root, Path(entry.path)):
                    problems.append(
                        _unreadable(
                            rel,
                            "is a link that leads outside the content root; replace it with the file",
                        )
                    )
                    continue
                is_dir = entry.is_dir(follow_symlinks=False)
                if is_dir:
                    pending.append(rel)
                yield rel, is_dir or entry.is_dir()


def _ignored(rel: str, entry: os.DirEntry[str], patterns: tuple[str, ...]) -> bool:
    """`ignore:` patterns mean what they mean in .gitignore (`drafts/` is a folder anywhere)."""
    folder = entry.is_dir(follow_symlinks=False)
    return _spec(patterns).match_file(rel + "/" if folder else rel)


@lru_cache(maxsize=8)
def _spec(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    return GitIgnoreSpec.from_lines(patterns)


def read_markdown(root: Path, rel: str) -> tuple[str | None, Problem | None]:
    """The file's text, or the one problem that stops it being read."""
    path = root / rel
    try:
        size = path.stat().st_size
        if size > MAX_MARKDOWN_BYTES:
            return None, _unreadable(
                rel,
                f"is {size // 1024} KB; the limit is {MAX_MARKDOWN_BYTES // 1024 // 1024} MB: split the article",
            )
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, _unreadable(rel, f"is not UTF-8 (byte {exc.start}); save it as UTF-8")
    except OSError as exc:
        return None, _unreadable(rel, f"cannot be read ({exc.strerror})")
    if not text.strip():
        return None, _unreadable(rel, "is empty; give it front matter with a title")
    return text.removeprefix("\ufeff"), None


def _unreadable(rel: str, message: str) -> Problem:
    return Problem(rel, 1, 1, "HC001", f"{rel.rsplit('/', 1)[-1]} {message}")

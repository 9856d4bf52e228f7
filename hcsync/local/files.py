"""Finding the files of a content tree, safely and in a stable order."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from pathspec import GitIgnoreSpec

from hcsync.local.controls import first_control
from hcsync.local.limits import MAX_PAGE_BYTES
from hcsync.local.macros import SNIPPETS
from hcsync.local.paths import is_inside
from hcsync.local.problem import Problem

MAX_MARKDOWN_BYTES = MAX_PAGE_BYTES
CATEGORY_FILE = "_category.yml"


class Found(NamedTuple):
    markdown: tuple[str, ...]  # relative POSIX paths, sorted
    category_files: tuple[str, ...]
    problems: tuple[Problem, ...]
    others: tuple[str, ...] = ()  # every other file: images, snippets, hcsync.yml, …


def find_files(root: Path, ignore: tuple[str, ...]) -> Found:
    markdown: list[str] = []
    categories: list[str] = []
    problems: list[Problem] = []
    others: list[str] = []
    for rel, kind in _walk(root, ignore, problems):
        snippet = rel.startswith(SNIPPETS + "/")  # included by articles, never one (macros.py)
        if kind is _Kind.FILE and (snippet or not rel.lower().endswith(".md")):
            others.append(rel)
        if snippet or (not rel.lower().endswith(".md") and rel.rsplit("/", 1)[-1] != CATEGORY_FILE):
            continue
        if kind is _Kind.FOLDER:
            problems.append(
                _unreadable(rel, "is a directory named like a Markdown file; rename it")
            )
        elif kind is _Kind.SPECIAL:
            problems.append(
                _unreadable(
                    rel, "is not a regular file (a FIFO, socket, device or broken link): remove it"
                )
            )
        elif rel.lower().endswith(".md"):
            markdown.append(rel)
        else:
            categories.append(rel)
    return Found(
        tuple(sorted(markdown)), tuple(sorted(categories)), tuple(problems), tuple(sorted(others))
    )


class _Kind(Enum):
    FILE = "file"
    FOLDER = "folder"
    SPECIAL = "special"  # FIFO, socket, device: never opened (reading a FIFO waits forever)


def _walk(
    root: Path, ignore: tuple[str, ...], problems: list[Problem]
) -> Iterator[tuple[str, _Kind]]:
    """(relative path, kind) of everything under root; links are never followed out."""
    pending = [""]
    while pending:
        folder = pending.pop()
        with os.scandir(root / folder if folder else root) as entries:
            for entry in entries:
                rel = f"{folder}/{entry.name}" if folder else entry.name
                if entry.name.startswith(".") or (ignore and _ignored(rel, entry, ignore)):
                    continue
                control = first_control(entry.name)
                if control is not None:
                    problems.append(
                        _unreadable(
                            rel,
                            f"has the control character U+{ord(control):04X} in its name: rename it",
                        )
                    )
                    continue
                if entry.is_symlink() and not is_inside(root, Path(entry.path)):
                    problems.append(
                        _unreadable(
                            rel,
                            "is a link that leads outside the content root; replace it with the file",
                        )
                    )
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append(rel)
                yield rel, _kind(entry)


def _kind(entry: os.DirEntry[str]) -> _Kind:
    if entry.is_dir():
        return _Kind.FOLDER
    return _Kind.FILE if entry.is_file() else _Kind.SPECIAL


def _ignored(rel: str, entry: os.DirEntry[str], patterns: tuple[str, ...]) -> bool:
    """`ignore:` patterns mean what they mean in .gitignore (`drafts/` is a folder anywhere)."""
    folder = entry.is_dir(follow_symlinks=False)
    return _spec(patterns).match_file(rel + "/" if folder else rel)


@lru_cache(maxsize=8)
def _spec(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    return GitIgnoreSpec.from_lines(patterns)


def read_markdown(root: Path, rel: str) -> tuple[str | None, Problem | None]:
    """The file's text, or the one problem that stops it being read (read with `os`
    calls on a string: pathlib's objects cost a tenth of a warm plan's loading)."""
    try:
        text = read_regular(f"{root}/{rel}").decode("utf-8")
    except NotRegularFile:
        return None, _unreadable(rel, "is not a regular file (a FIFO, socket or device)")
    except TooLarge as exc:
        limit = MAX_MARKDOWN_BYTES // 1024 // 1024
        message = f"is {exc.size // 1024} KB; the limit is {limit} MB: split the article"
        return None, _unreadable(rel, message)
    except UnicodeDecodeError as exc:
        return None, _unreadable(rel, f"is not UTF-8 (byte {exc.start}); save it as UTF-8")
    except OSError as exc:
        return None, _unreadable(rel, f"cannot be read ({exc.strerror})")
    if not text.strip():
        return None, _unreadable(rel, "is empty; give it front matter with a title")
    return text.removeprefix("\ufeff"), None


class NotRegularFile(ValueError):
    """A FIFO, socket or device: never read (reading a FIFO waits forever)."""


class TooLarge(ValueError):
    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def read_regular(path: str, limit: int = MAX_MARKDOWN_BYTES, follow: bool = True) -> bytes:
    """A regular file's bytes, opened without blocking and judged by what was opened (raises
    OSError, NotRegularFile, TooLarge); with `follow=False`, never through a link (ELOOP)."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | (0 if follow else os.O_NOFOLLOW))
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path)
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        chunks = []
        while chunk := os.read(handle, info.st_size + 1):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)


def _unreadable(rel: str, message: str) -> Problem:
    return Problem(rel, 1, 1, "HC001", f"{rel.rsplit('/', 1)[-1]} {message}")


def write_atomically(target: Path, text: str, prefix: str) -> None:
    """Replace `target` whole: a new temporary file beside it (never an existing path, so
    never written through a link), then a rename."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=prefix)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

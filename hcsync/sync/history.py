"""An older version of a root article's source, found in Git history (for `status --diff`).

The lock keeps only hashes of root versions; the text of a version is looked up
in the Git repository holding the content tree: the file's commits (following
renames) are read newest first until one has the wanted source hash. Only
files inside the content root are asked for. Without Git, or when that version
was never committed, the answer is None.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from hcsync.local.frontmatter import FrontMatterError, split_front_matter
from hcsync.plan.staleness import root_source_hash, source_hash

MAX_COMMITS = 200  # how far back one file's history is searched
_TIMEOUT = 30


def root_source_at(root: Path, paths: Iterable[str], version: str) -> str | None:
    """The source (front matter and Markdown) of the first of `paths` with that version."""
    git = shutil.which("git")
    if git is None:
        return None
    top = _git(git, root, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    prefix = root.resolve().relative_to(Path(top.strip()).resolve())
    for rel in paths:
        if not _inside(rel):
            continue
        for commit, name in _commits(git, root, (prefix / rel).as_posix()):
            text = _git(git, root, "show", f"{commit}:{name}")
            if text is not None and version in _versions(text):
                return text
    return None


def _commits(git: str, root: Path, name: str) -> Iterator[tuple[str, str]]:
    """(commit, the file's name in that commit), newest first, across renames."""
    log = _git(
        git,
        root,
        "log",
        "--follow",
        f"-n{MAX_COMMITS}",
        "--format=%x00%H",
        "--name-only",
        "--",
        f":(top){name}",
    )
    for record in (log or "").split("\0")[1:]:
        lines = [line for line in record.splitlines() if line.strip()]
        if len(lines) >= 2:
            yield lines[0], lines[-1]


def _versions(text: str) -> tuple[str, ...]:
    """The file's version, and its exact source's (what older locks recorded)."""
    try:
        parts = split_front_matter(text)
    except FrontMatterError:
        return ()
    title = "" if parts.meta.get("title") is None else str(parts.meta["title"])
    return root_source_hash(title, parts.body), source_hash(title, parts.body)


def _inside(rel: str) -> bool:
    path = PurePosixPath(rel)
    return bool(rel) and not path.is_absolute() and ".." not in path.parts


def _git(git: str, cwd: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(  # noqa: S603 (a fixed git command; names come from the tree)
            [git, "-C", str(cwd), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None

"""`hcsync check`: lint the tree offline (also the pre-commit hook)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from hcsync import output
from hcsync.config import CONFIG_NAME
from hcsync.local.check import check_files, check_site
from hcsync.local.facts import FactsCache
from hcsync.local.loader import load_site
from hcsync.local.parsecache import ParseCache, kept_on_disk
from hcsync.local.root import files_to_check
from hcsync.report import format_problems, line_style, summary
from hcsync.sync.stale import stale_warnings


def run_check(
    paths: Sequence[Path], root: Path | None, fmt: str, strict: bool, hook: bool = False
) -> int:
    """Report problems; exit 1 on any error (or warning with --strict), else 0."""
    found, named = files_to_check(paths, root, hook)
    if found is None:
        output.info(
            f"Nothing to check: no file given is inside a content root (with {CONFIG_NAME})."
        )
        return 0
    root = found
    if named is None:
        with parse_cache(root) as parses:
            site = load_site(root, parses=parses)
            problems = check_site(site, FactsCache(root), [stale_warnings])
        checked = len(site.sources)
    else:
        problems = check_files(root, named, [stale_warnings])
        checked = len(named)
    prefix = _display_prefix(root)
    text = format_problems(problems, fmt, prefix)
    if text:
        style = line_style if fmt == "text" else None
        output.result(text, style, workflow_commands=fmt == "github")
    if fmt != "json":
        output.info(summary(problems, checked))
    failing = [p for p in problems if p.is_error or strict]
    return 1 if failing else 0


def parse_cache(root: Path) -> AbstractContextManager[ParseCache]:
    """Parses kept in the content root between commands that read the whole tree.

    Not in CI (`CI` set, as every CI service sets it): a fresh checkout has no
    cache but one that was committed, and a plan must show what the Markdown says.
    """
    return nullcontext(ParseCache()) if os.environ.get("CI") else kept_on_disk(root)


def _display_prefix(root: Path) -> str:
    """Paths are shown relative to the current folder when the root is below it."""
    try:
        relative = root.relative_to(Path.cwd())
    except ValueError:
        return f"{root}/"
    return "" if str(relative) == "." else f"{relative.as_posix()}/"

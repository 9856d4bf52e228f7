"""`hcsync status`: the translations that lag behind their root article, offline."""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from hcsync import output
from hcsync.local.frontmatter import FrontMatterError, split_front_matter
from hcsync.local.loader import load_site
from hcsync.local.model import LocalSite
from hcsync.local.root import root_and_files
from hcsync.plan.staleness import StaleTranslation, find_stale
from hcsync.sync.history import root_source_at
from hcsync.sync.lockfile import read_lock


def run_status(
    folder: Path | None, fmt: str, show_diff: bool, languages: Sequence[str] = ()
) -> int:
    root, _ = root_and_files([folder] if folder else [], None)
    site = load_site(root)
    stale = find_stale(site, read_lock(root), datetime.now(UTC))
    stale = tuple(s for s in stale if not languages or s.language in languages)
    diffs = {s.path: _diff(site, s) for s in stale} if show_diff else {}
    if fmt == "json":
        shown = [{**s.to_json(), **({"diff": diffs[s.path]} if show_diff else {})} for s in stale]
        output.result(json.dumps({"stale": shown}, indent=2, ensure_ascii=False))
        return 0
    for s in stale:
        output.result(f"{s.path} [{s.language}]: {s.root} changed, {s.describe()}")
        if show_diff:
            output.result(_indented(diffs[s.path]))
    count = len(stale)
    output.info(
        f"{count} stale translation{'s' * (count != 1)}."
        if stale
        else "All translations are current."
    )
    return 0


def _indented(diff: str | None) -> str:
    if diff is None:
        diff = "(that version of the root is not in Git history: no diff to show)"
    return "\n".join("    " + line for line in diff.splitlines())


def _diff(site: LocalSite, stale: StaleTranslation) -> str | None:
    """The root's title and Markdown, from the translation's version to now."""
    old = root_source_at(site.root, dict.fromkeys([stale.root, stale.lock_path]), stale.base)
    if old is None:
        return None
    new = (site.root / stale.root).read_text(encoding="utf-8")
    lines = difflib.unified_diff(
        _readable(old).splitlines(keepends=True),
        _readable(new).splitlines(keepends=True),
        f"{stale.root} (as translated)",
        f"{stale.root} (now)",
    )
    return "".join(lines)


def _readable(source: str) -> str:
    """Title and body, as a translator reads them (other front matter is not translated)."""
    try:
        parts = split_front_matter(source)
    except FrontMatterError:
        return source
    return f"# {parts.meta.get('title', '')}\n\n{parts.body.strip()}\n"

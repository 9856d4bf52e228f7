"""`hcsync reviewed PATH…`: a translation needs no change for its root's latest edit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from hcsync import output
from hcsync.errors import FatalError
from hcsync.local.loader import load_site
from hcsync.local.root import root_and_files
from hcsync.plan.staleness import Review, mark_reviewed, translations_of
from hcsync.sync.lockfile import read_lock, write_lock


def run_reviewed(paths: Sequence[Path]) -> int:
    """Record each translation as written against its root as it stands now (hcsync.lock)."""
    root, named = root_and_files(paths, None)
    if named is None or len(named) != len(paths):
        raise FatalError(
            f"give translation files inside the content root {root}, like guide/intro.de.md"
        )
    site = load_site(root)
    pages = {page.path: (article, page) for article, page in translations_of(site)}
    for rel in named:
        if rel not in pages:
            raise FatalError(
                f"{root / rel}: not a translation of the tree; name translation files (like intro.de.md)"
            )
    lock = read_lock(root)
    updated, outcomes = mark_reviewed(lock, site, [pages[rel] for rel in named], datetime.now(UTC))
    for rel, outcome in zip(named, outcomes, strict=True):
        article, _ = pages[rel]
        if outcome == Review.RECORDED:
            output.info(f"{rel}: reviewed against the current {article.path}")
        else:
            output.info(
                f"{rel}: {article.path} was never applied; nothing to record (it is current)"
            )
    if updated != lock:
        write_lock(root, updated)
    return 0

"""Check rule HC080: a translation whose root article changed since it was last written.

Offline: reads only `hcsync.lock` beside the tree (see hcsync.plan.staleness).
"""

from __future__ import annotations

from datetime import UTC, datetime

from hcsync.errors import FatalError
from hcsync.local.model import LocalSite
from hcsync.local.problem import Problem
from hcsync.plan.staleness import find_stale
from hcsync.sync.lockfile import LOCK_NAME, read_lock

STALE = "HC080"


def stale_warnings(site: LocalSite) -> list[Problem]:
    """One warning per stale translation; none without a lock (nothing recorded yet)."""
    if not any(a.translations for a in site.articles) or not (site.root / LOCK_NAME).is_file():
        return []  # nothing to judge: the lock is not even read
    loaded = {a.path for a in site.articles}
    sources = frozenset(site.sources)
    # Only the entries that can matter: of the articles loaded, and orphans (moved files).
    try:
        lock = read_lock(site.root, lambda path: path in loaded or path not in sources)
    except FatalError as exc:  # the lint goes on; plan and apply refuse such a lock
        return [Problem(LOCK_NAME, 1, 1, STALE, f"staleness not checked: {exc}", "warning")]
    stale = find_stale(site, lock, datetime.now(UTC))
    return [
        Problem(
            s.path,
            1,
            1,
            STALE,
            f"stale translation: {s.root} changed since it was written ({s.describe()}); "
            f"update it (`hcsync status --diff` shows what changed), or run "
            f"`hcsync reviewed {s.path}` if the change needs no translation",
            severity="warning",
        )
        for s in stale
    ]

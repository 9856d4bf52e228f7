"""What does translation staleness cost? (It sends no request: this is local time only.)

    python benchmarks/staleness.py [--articles 10000]

Builds the synthetic tree (a third of the articles translated into two languages),
writes an hcsync.lock as an apply would (ids, source records), edits every tenth
root, then times:
- `find_stale()` on the loaded tree and lock, in process;
- `record_sources()`, what apply adds at its end, in process;
- `hcsync status` and `hcsync check <one translation>` (pre-commit), new processes,
  the latter also without the lock (what staleness adds to the hook);
and the size the source records add to hcsync.lock.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import build

from hcsync.local.loader import load_site
from hcsync.plan.lock import ArticleLock, Lock
from hcsync.plan.staleness import find_stale, record_sources
from hcsync.sync.lockfile import LOCK_NAME, read_lock, write_lock

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def timed(action: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def applied_lock(root: Path) -> tuple[int, int]:
    """Write the lock of an applied tree; the lock's size without and with source records."""
    site = load_site(root)
    bare = Lock(articles={a.path: ArticleLock(id=f"{n:024d}") for n, a in enumerate(site.articles)})
    write_lock(root, bare)
    before = (root / LOCK_NAME).stat().st_size
    write_lock(root, record_sources(bare, site, NOW))
    return before, (root / LOCK_NAME).stat().st_size


def edit_roots(root: Path, every: int) -> None:
    for path in sorted(root.rglob("a*0.md"))[::every]:
        path.write_text(path.read_text() + "\nOne more line.\n")


def cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "hcsync.cli", *args], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = build(Path(tmp) / "content", args.articles)
        before, after = applied_lock(root)
        edit_roots(root, 1)
        site, lock = load_site(root), read_lock(root)
        stale = len(find_stale(site, lock, NOW))
        find = timed(lambda: find_stale(site, lock, NOW))
        record = timed(lambda: record_sources(lock, site, NOW))
        status = timed(lambda: cli("status", str(root)), runs=2)
        one = str(root / "category-0/sub-0/a0.de.md")
        hook = timed(lambda: cli("check", one))
        (root / LOCK_NAME).rename(root / "lock.json")
        bare_hook = timed(lambda: cli("check", one))
    print(f"synthetic tree: {args.articles} articles, {stale} stale translations")
    print(f"{'measure':<44} {'value':>10}")
    print(f"{'find_stale (in process)':<44} {find:>9.3f}s")
    print(f"{'record_sources (end of apply, in process)':<44} {record:>9.3f}s")
    print(f"{'hcsync status (new process, whole tree)':<44} {status:>9.3f}s")
    print(f"{'pre-commit: hcsync check one translation':<44} {hook:>9.3f}s")
    print(f"{'  … the same without hcsync.lock':<44} {bare_hook:>9.3f}s")
    print(f"{'hcsync.lock without source records':<44} {before / 1024:>8.0f}KB")
    print(f"{'hcsync.lock with source records':<44} {after / 1024:>8.0f}KB")


if __name__ == "__main__":
    main()

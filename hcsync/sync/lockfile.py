"""Reading and writing `hcsync.lock` (stable, sorted JSON, committed with the content).

During apply, each change is appended to `hcsync.lock.journal` — one JSON line,
O(1) however large the lock — and folded into `hcsync.lock` when apply ends,
or on the next start after a crash. A line cut short by a kill is ignored: the
operation it spoke of is found again on the help center by the next plan.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from hcsync.errors import FatalError
from hcsync.plan.lock import (
    ArticleLock,
    CategoryLock,
    Lock,
    article_from_json,
    category_from_json,
)

LOCK_NAME = "hcsync.lock"
JOURNAL_NAME = "hcsync.lock.journal"
VERSION = 2
_FIX = "restore it with `git checkout -- {path}`, or rebuild it with `hcsync lock rebuild`"


def read_lock(root: Path, articles: Callable[[str], bool] | None = None) -> Lock:
    """The lock with any journal left by an interrupted apply folded in.

    With `articles`, only the article entries whose path it accepts (faster).
    """
    path = root / LOCK_NAME
    lock = Lock()
    if path.exists():
        try:
            lock = lock_from_json(json.loads(path.read_text(encoding="utf-8")), articles)
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            fix = _FIX.format(path=LOCK_NAME)
            raise FatalError(f"{path}: unreadable lock ({reason}): {fix}") from None
    return _replay(lock, root / JOURNAL_NAME)


def write_lock(root: Path, lock: Lock) -> None:
    """Write atomically (a temporary file, then a rename), then drop the journal."""
    text = json.dumps(lock_to_json(lock), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    handle, temporary = tempfile.mkstemp(dir=root, prefix=".hcsync.lock.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, root / LOCK_NAME)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    (root / JOURNAL_NAME).unlink(missing_ok=True)


class Journal:
    """Appends lock changes, one line each; `close()` folds them into hcsync.lock."""

    def __init__(self, root: Path, lock: Lock) -> None:
        self.root, self.lock = root, lock
        self._file: TextIO = (root / JOURNAL_NAME).open("a", encoding="utf-8")

    def article(self, path: str, entry: ArticleLock | None) -> None:
        self.lock = self.lock.with_article(path, entry)
        self._append({"article": path, "entry": None if entry is None else asdict(entry)})

    def category(self, path: str, entry: CategoryLock | None) -> None:
        self.lock = self.lock.with_category(path, entry)
        self._append({"category": path, "entry": None if entry is None else asdict(entry)})

    def image(self, digest: str, url: str | None) -> None:
        images = {k: v for k, v in self.lock.images.items() if k != digest}
        self.lock = Lock(self.lock.center_id, self.lock.articles, self.lock.categories, images)
        if url is not None:
            self.lock = self.lock.with_image(digest, url)
        self._append({"image": digest, "url": url})

    def close(self) -> None:
        self._file.close()
        write_lock(self.root, self.lock)

    def _append(self, change: Mapping[str, Any]) -> None:
        # flush, not fsync: what a killed process wrote survives; a power cut is another matter
        self._file.write(json.dumps(change, ensure_ascii=False) + "\n")
        self._file.flush()


def _replay(lock: Lock, journal: Path) -> Lock:
    if not journal.exists():
        return lock
    for line in journal.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            lock = _apply_change(lock, json.loads(line))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue  # cut short by a kill
    return lock


def _apply_change(lock: Lock, change: dict[str, Any]) -> Lock:
    if "article" in change:
        entry = change["entry"]
        return lock.with_article(
            change["article"], None if entry is None else article_from_json(entry)
        )
    if "category" in change:
        found = change["entry"]
        category = None if found is None else category_from_json(found)
        return lock.with_category(change["category"], category)
    if change.get("url") is None:
        return lock.without_images(frozenset({change["image"]}))
    return lock.with_image(change["image"], change["url"])


def lock_to_json(lock: Lock) -> dict[str, Any]:
    return {"version": VERSION, **asdict(lock)}


def lock_from_json(data: Any, wanted: Callable[[str], bool] | None = None) -> Lock:
    """A lock of any other shape raises (ValueError, TypeError, …): never half-trusted."""
    if not isinstance(data, dict):
        raise ValueError(f"expected an object, found {type(data).__name__}")
    if data.get("version") not in (1, VERSION):
        raise ValueError(f"lock version {data.get('version')!r}, expected {VERSION}")
    articles = _mapping(data, "articles")
    categories = _mapping(data, "categories")
    images = _mapping(data, "images")
    if not all(isinstance(v, str) for v in images.values()):
        raise ValueError("'images' must map content hashes to URLs")
    if data["version"] == 1:  # hashes of 0.1 are not comparable: keep the identities only
        articles = {p: {"id": e["id"], "slug": e.get("slug")} for p, e in articles.items()}
    return Lock(
        center_id=str(data.get("center_id") or ""),
        articles={
            path: article_from_json(entry)
            for path, entry in articles.items()
            if wanted is None or wanted(path)
        },
        categories={path: category_from_json(entry) for path, entry in categories.items()},
        images=dict(images),
    )


def _mapping(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ValueError(f"'{name}' must be an object, found {type(value).__name__}")
    return value

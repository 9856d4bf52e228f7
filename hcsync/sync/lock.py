"""`hcsync.lock`: what hcsync last sent and what the server stored, per path.

Stable, sorted JSON, committed with the content. Written atomically after every
successful operation, so an interrupted apply resumes where it stopped. It holds
ids, hashes, slugs, URLs and timestamps; never the API key.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

LOCK_NAME = "hcsync.lock"
VERSION = 1


@dataclass(frozen=True)
class PageLock:
    """One article or translation: content and metadata hashes, publish state."""

    sent: str = ""  # hash of the title+HTML we last sent
    stored: str = ""  # hash of the title+HTML the server stored after that
    meta: str = ""  # hash of the metadata as it stood after our last write
    status: str = ""  # unpublished / published / published_with_changes
    slug: str | None = None
    url: str | None = None
    updated_at: str = ""


@dataclass(frozen=True)
class ArticleLock(PageLock):
    id: str = ""
    slug_id: int | None = None
    pending: bool = False  # a create was sent and its answer not yet seen
    translations: dict[str, PageLock] = field(default_factory=dict)


@dataclass(frozen=True)
class CategoryLock:
    id: str = ""
    hash: str = ""
    pending: bool = False


@dataclass(frozen=True)
class Lock:
    center_id: str = ""
    articles: dict[str, ArticleLock] = field(default_factory=dict)
    categories: dict[str, CategoryLock] = field(default_factory=dict)
    images: dict[str, str] = field(default_factory=dict)  # content hash → uploaded URL

    def with_article(self, path: str, entry: ArticleLock | None) -> Lock:
        articles = {k: v for k, v in self.articles.items() if k != path}
        if entry is not None:
            articles[path] = entry
        return replace(self, articles=articles)

    def with_category(self, path: str, entry: CategoryLock | None) -> Lock:
        categories = {k: v for k, v in self.categories.items() if k != path}
        if entry is not None:
            categories[path] = entry
        return replace(self, categories=categories)

    def with_image(self, digest: str, url: str) -> Lock:
        return replace(self, images={**self.images, digest: url})


def read_lock(root: Path) -> Lock:
    path = root / LOCK_NAME
    if not path.exists():
        return Lock()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return _from_json(data)
    except (OSError, ValueError, TypeError, KeyError) as exc:
        from hcsync.errors import FatalError

        raise FatalError(
            f"{path}: unreadable lock ({exc}); restore it from Git, or delete it to re-adopt by content"
        ) from None


def write_lock(root: Path, lock: Lock) -> None:
    """Write atomically: a temporary file in the same folder, then rename over."""
    text = json.dumps(_to_json(lock), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    handle, temporary = tempfile.mkstemp(dir=root, prefix=".hcsync.lock.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, root / LOCK_NAME)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _to_json(lock: Lock) -> dict[str, Any]:
    return {"version": VERSION, **asdict(lock)}


def _from_json(data: dict[str, Any]) -> Lock:
    if data.get("version") != VERSION:
        raise ValueError(f"lock version {data.get('version')!r}, expected {VERSION}")
    articles = {}
    for path, entry in data.get("articles", {}).items():
        translations = {k: PageLock(**v) for k, v in entry.pop("translations", {}).items()}
        articles[path] = ArticleLock(**entry, translations=translations)
    categories = {k: CategoryLock(**v) for k, v in data.get("categories", {}).items()}
    return Lock(
        center_id=data.get("center_id", ""),
        articles=articles,
        categories=categories,
        images=dict(data.get("images", {})),
    )

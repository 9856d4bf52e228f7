"""Reading and writing `hcsync.lock`: stable, sorted JSON, committed with the content.

Written atomically, so an interrupted apply leaves a lock that parses.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from hcsync.plan.lock import (
    ArticleLock,
    CategoryLock,
    Lock,
    PageLock,
    SourceVersion,
    TranslationBase,
)

LOCK_NAME = "hcsync.lock"
VERSION = 1


def read_lock(root: Path, articles: Callable[[str], bool] | None = None) -> Lock:
    """The lock; with `articles`, only the article entries whose path it accepts (faster)."""
    path = root / LOCK_NAME
    if not path.exists():
        return Lock()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return _from_json(data, articles)
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


def _from_json(data: dict[str, Any], wanted: Callable[[str], bool] | None = None) -> Lock:
    if data.get("version") != VERSION:
        raise ValueError(f"lock version {data.get('version')!r}, expected {VERSION}")
    articles = {}
    for path, entry in data.get("articles", {}).items():
        if wanted is not None and not wanted(path):
            continue
        translations = {k: PageLock(**v) for k, v in entry.pop("translations", {}).items()}
        # Locks written before staleness tracking have neither key.
        versions = tuple(SourceVersion(**v) for v in entry.pop("root_versions", []))
        bases = {k: TranslationBase(**v) for k, v in entry.pop("translation_bases", {}).items()}
        articles[path] = ArticleLock(
            **entry, translations=translations, root_versions=versions, translation_bases=bases
        )
    categories = {k: CategoryLock(**v) for k, v in data.get("categories", {}).items()}
    return Lock(
        center_id=data.get("center_id", ""),
        articles=articles,
        categories=categories,
        images=dict(data.get("images", {})),
    )

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
from dataclasses import fields, is_dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, TextIO, TypeVar

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
    text = lock_text(lock)
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
    """Appends lock changes, one line each; `close()` folds them into hcsync.lock.

    The entries are kept in plain dictionaries changed in place, so that a change
    costs the same however large the lock: `articles`, `categories` and `images`
    are read-only views of them, `lock` a copy of the whole (its size, once).
    """

    def __init__(self, root: Path, lock: Lock) -> None:
        """Start a journal of changes to `lock`, written first unless hcsync.lock holds it."""
        if (root / JOURNAL_NAME).exists() or _on_disk(root) != lock:
            write_lock(root, lock)
        self.root, self.center_id = root, lock.center_id
        self._articles = dict(lock.articles)
        self._categories = dict(lock.categories)
        self._images = dict(lock.images)
        self.articles: Mapping[str, ArticleLock] = MappingProxyType(self._articles)
        self.categories: Mapping[str, CategoryLock] = MappingProxyType(self._categories)
        self.images: Mapping[str, str] = MappingProxyType(self._images)
        self._file: TextIO = (root / JOURNAL_NAME).open("a", encoding="utf-8")

    @property
    def lock(self) -> Lock:
        """The lock as recorded so far: a copy (it costs the lock's size, the views nothing)."""
        return Lock(
            self.center_id, dict(self._articles), dict(self._categories), dict(self._images)
        )

    def article(self, path: str, entry: ArticleLock | None) -> None:
        _put(self._articles, path, entry)
        self._append({"article": path, "entry": None if entry is None else _plain(entry)})

    def category(self, path: str, entry: CategoryLock | None) -> None:
        _put(self._categories, path, entry)
        self._append({"category": path, "entry": None if entry is None else _plain(entry)})

    def image(self, digest: str, url: str | None) -> None:
        _put(self._images, digest, url)
        self._append({"image": digest, "url": url})

    def close(self) -> None:
        self._file.close()
        write_lock(self.root, self.lock)

    def _append(self, change: Mapping[str, Any]) -> None:
        # flush, not fsync: what a killed process wrote survives; a power cut is another matter
        self._file.write(json.dumps(change, ensure_ascii=False) + "\n")
        self._file.flush()


def _on_disk(root: Path) -> Lock | None:
    """hcsync.lock as read now (reading costs a fraction of writing); None if unreadable."""
    try:
        return read_lock(root)
    except FatalError:
        return None


V = TypeVar("V")


def _put(entries: dict[str, V], key: str, value: V | None) -> None:
    """Set or drop one entry in place, in one step: a reader in another thread sees the
    old entry or the new one, never none."""
    if value is None:
        entries.pop(key, None)
    else:
        entries[key] = value


def _replay(lock: Lock, journal: Path) -> Lock:
    if not journal.exists():
        return lock
    articles, categories = dict(lock.articles), dict(lock.categories)
    images = dict(lock.images)
    for line in journal.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            _apply_change(articles, categories, images, json.loads(line))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue  # cut short by a kill
    return Lock(lock.center_id, articles, categories, images)


def _apply_change(
    articles: dict[str, ArticleLock],
    categories: dict[str, CategoryLock],
    images: dict[str, str],
    change: dict[str, Any],
) -> None:
    """One journal line, applied in place (a line that does not parse changes nothing)."""
    if "article" in change:
        found = change["entry"]
        _put(articles, change["article"], None if found is None else article_from_json(found))
    elif "category" in change:
        found = change["entry"]
        _put(categories, change["category"], None if found is None else category_from_json(found))
    elif change.get("url") is None:
        images.pop(change["image"], None)
    else:
        images[change["image"]] = change["url"]


def lock_to_json(lock: Lock) -> dict[str, Any]:
    return {"version": VERSION, **_plain(lock)}


def lock_text(lock: Lock) -> str:
    """The lock as Git likes it: sorted, one line per article, category and image, fields
    at their default left out; so an apply of one article changes that article's line.

    The same JSON as before (any earlier hcsync reads it: a field left out is its default).
    """
    data = lock_to_json(lock)
    lines = ["{"]
    for n, key in enumerate(sorted(data)):
        comma = "," if n < len(data) - 1 else ""
        value = data[key]
        if key in _PER_LINE and value:
            lines.append(f"  {_dumps(key)}: {{")
            entries = sorted(value.items())
            lines += [
                f"    {_dumps(name)}: {_dumps(_without_defaults(entry))}"
                + ("," if i < len(entries) - 1 else "")
                for i, (name, entry) in enumerate(entries)
            ]
            lines.append(f"  }}{comma}")
        else:
            lines.append(f"  {_dumps(key)}: {_dumps(value)}{comma}")
    return "\n".join([*lines, "}"]) + "\n"


_PER_LINE = frozenset({"articles", "categories", "images"})
_DEFAULTS: tuple[Any, ...] = ("", None, False, {}, [])  # every lock field's default is one


def _without_defaults(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_defaults(v) for k, v in value.items() if not _is_default(v)}
    if isinstance(value, list):
        return [_without_defaults(item) for item in value]
    return value


def _is_default(value: Any) -> bool:
    return any(value == d and type(value) is type(d) for d in _DEFAULTS)


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _plain(value: Any) -> Any:
    """`dataclasses.asdict` without its deep copies (the lock holds only immutable values)."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if isinstance(value, StrEnum):  # a status: the file keeps its string
        return value.value
    names = _FIELDS.get(kind)
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[kind] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


_ATOMS = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...]] = {}


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

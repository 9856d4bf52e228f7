"""Reading and writing `hcsync.lock` (stable, sorted JSON, committed with the content).

During apply, each change is appended to `hcsync.lock.journal` — one JSON line,
O(1) however large the lock — and folded into `hcsync.lock` when apply ends,
or on the next start after a crash. A line cut short by a kill is ignored: the
operation it spoke of is found again on the help center by the next plan.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, TextIO, TypeVar

from hcsync.errors import FatalError
from hcsync.local.files import write_atomically
from hcsync.plan.lock import (
    HASH_CHARS,
    ArticleLock,
    CategoryLock,
    Lock,
    article_from_json,
    category_from_json,
    json_object,
    value_hash,
)
from hcsync.statuses import RemoteStatus
from hcsync.sync.lockline import pack, unpack

LOCK_NAME = "hcsync.lock"
JOURNAL_NAME = "hcsync.lock.journal"
VERSION = 4
_FIX = "restore it with `git checkout -- {path}`, or rebuild it with `hcsync lock rebuild`"
_UPGRADE = "upgrade hcsync to the version that wrote it"


class NewerLock(ValueError):
    """A lock of a version this hcsync does not know yet."""


def read_lock(root: Path, articles: Callable[[str], bool] | None = None) -> Lock:
    """The lock with any journal left by an interrupted apply folded in.

    With `articles`, only the article entries whose path it accepts (faster).
    """
    path = root / LOCK_NAME
    lock = Lock()
    if path.exists():
        try:
            lock = _parsed(path.read_text(encoding="utf-8"), articles)
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            fix = _UPGRADE if isinstance(exc, NewerLock) else _FIX.format(path=LOCK_NAME)
            raise FatalError(f"{path}: unreadable lock ({reason}): {fix}") from None
    return _replay(lock, root / JOURNAL_NAME)


# The last lock text parsed, by its digest: a plan reads the lock twice (to check the tree,
# then to plan), and parsing costs a tenth of a no-op plan at 10,000 articles.
_LAST_PARSED: dict[str, Lock] = {}


def _parsed(text: str, articles: Callable[[str], bool] | None) -> Lock:
    if articles is not None:
        return lock_from_json(json.loads(text), articles)
    key = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    lock = _LAST_PARSED.get(key)
    if lock is None:
        lock = lock_from_json(json.loads(text))
        _LAST_PARSED.clear()
        _LAST_PARSED[key] = lock
    return lock


def write_lock(root: Path, lock: Lock) -> None:
    """Write atomically (a temporary file, then a rename), then drop the journal."""
    write_atomically(root / LOCK_NAME, lock_text(lock), prefix=".hcsync.lock.")
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
        entry = None if found is None else article_from_json(_shorter(found))
        _put(articles, change["article"], entry)
    elif "category" in change:
        found = change["entry"]
        category = None if found is None else category_from_json(_shorter(found))
        _put(categories, change["category"], category)
    elif change.get("url") is None:
        images.pop(change["image"], None)
    else:
        images[change["image"]] = change["url"]


def lock_to_json(lock: Lock) -> dict[str, Any]:
    """The lock as written: short (see `compact` and `lockline.pack`); `lock_from_json`
    reads it back."""
    data: dict[str, Any] = {"version": VERSION, **_plain(lock)}
    if not lock.context:
        del data["context"]
    site = _site(lock.articles)
    if site:
        data["site"] = site
    data["articles"] = {p: pack(compact(p, e, site)) for p, e in data["articles"].items()}
    data["categories"] = {p: _without_defaults(e) for p, e in data["categories"].items()}
    return data


def lock_text(lock: Lock) -> str:
    """The lock as Git likes it: sorted, one line per article, category and image, and
    short: fields at their default and values that follow from the rest of the line
    left out (see `compact`), so an apply of one article changes that article's line.
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
                f"    {_dumps(name)}: {_dumps(entry)}" + ("," if i < len(entries) - 1 else "")
                for i, (name, entry) in enumerate(entries)
            ]
            lines.append(f"  }}{comma}")
        else:
            lines.append(f"  {_dumps(key)}: {_dumps(value)}{comma}")
    return "\n".join([*lines, "}"]) + "\n"


_PER_LINE = frozenset({"articles", "categories", "images"})
_DEFAULTS: tuple[Any, ...] = ("", None, False, {}, [])  # every lock field's default is one
_NO_SEO = value_hash({"title": "", "description": ""})


def compact(path: str, entry: dict[str, Any], site: str | None) -> dict[str, Any]:
    """An article entry as written: without defaults, and without what `expand` can tell
    from the rest of the line: a URL of the usual shape, a stored hash equal to the sent
    one, status `published` and, once content was sent, the metadata hashes of no SEO,
    of the slug beside them and of the article's folder as category; a translation's
    base when it is the root's latest version. Where such a value is absent although it
    could be told, it is written as null."""
    out: dict[str, Any] = _without_defaults(entry)
    for lang, page in out.get("translations", {}).items():
        _derived(page, _told(path, page, entry.get("slug_id"), site, lang), drop=True)
    _derived(out, _told(path, out, entry.get("slug_id"), site, None), drop=True)
    _derived_bases(out, drop=True)
    return out


def expand(path: str, entry: dict[str, Any], site: str | None) -> dict[str, Any]:
    """`compact` undone: what was left out is put back."""
    out = dict(entry)
    _derived(out, _told(path, out, out.get("slug_id"), site, None), drop=False)
    out["translations"] = {
        lang: _derived(dict(page), _told(path, page, out.get("slug_id"), site, lang), drop=False)
        for lang, page in (out.get("translations") or {}).items()
    }
    _derived_bases(out, drop=False)
    return out


def _told(
    path: str, page: dict[str, Any], slug_id: Any, site: str | None, lang: str | None
) -> dict[str, Any]:
    """What a page's fields are when they are what the rest of its line tells."""
    slug = page.get("slug")
    told: dict[str, Any] = {"stored": page.get("sent")}
    if site and slug and isinstance(slug_id, int):
        told["url"] = f"{site}/{lang + '/' if lang else ''}article/{slug_id}-{slug}"
    meta = {"seo": _NO_SEO, "slug": value_hash(slug) if slug else None}
    if lang is None and "/" in path:
        meta["category"] = value_hash(path.rsplit("/", 1)[0])
    told["meta"] = meta
    return told


def _derived(page: dict[str, Any], told: dict[str, Any], drop: bool) -> dict[str, Any]:
    """Leave out (`drop`) or put back each field that is as `told`."""
    _one(page, "stored", told["stored"], drop)
    _one(page, "url", told.get("url"), drop)
    if not page.get("sent"):
        return page  # nothing was sent: nothing is told
    _one(page, "status", RemoteStatus.PUBLISHED.value, drop)
    if page.get("meta", {}) is None or (drop and not page.get("meta")):
        page["meta"] = None if drop else {}  # no metadata recorded at all
        return page
    meta = dict(page.get("meta") or {})
    for key, value in told["meta"].items():
        _one(meta, key, value, drop)
    page["meta"] = meta
    if drop and not meta:
        del page["meta"]  # every hash as told
    return page


def _one(fields: dict[str, Any], key: str, told: Any, drop: bool) -> None:
    if told is None:
        return
    if drop and key not in fields:
        fields[key] = None  # absent, though it could be told: say so
    elif drop and fields[key] == told:
        del fields[key]
    elif not drop and key not in fields:
        fields[key] = told
    elif not drop and fields[key] is None:
        del fields[key]


def _derived_bases(entry: dict[str, Any], drop: bool) -> None:
    """A translation base written against the root's latest version leaves it out."""
    versions = entry.get("root_versions") or []
    if not versions:
        return
    latest = versions[-1]
    for base in (entry.get("translation_bases") or {}).values():
        if drop and (base.get("root"), base.get("date")) == (latest["hash"], latest["date"]):
            del base["root"], base["date"]
        elif not drop and "root" not in base and "date" not in base:
            base["root"], base["date"] = latest["hash"], latest["date"]


def _site(articles: Mapping[str, ArticleLock]) -> str | None:
    """The help center's address, from the first article URL of the usual shape."""
    for entry in articles.values():
        suffix = f"/article/{entry.slug_id}-{entry.slug}"
        if entry.url and entry.slug and entry.url.endswith(suffix):
            return entry.url[: -len(suffix)]
    return None


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
    version = data.get("version")
    if isinstance(version, int) and version > VERSION:
        raise NewerLock(f"lock version {version}, newer than this hcsync reads ({VERSION})")
    if version not in (1, 2, 3, VERSION):
        raise ValueError(f"lock version {version!r}, expected {VERSION}")
    articles = _mapping(data, "articles")
    categories = _mapping(data, "categories")
    images = _mapping(data, "images")
    site = data.get("site")
    if not all(isinstance(v, str) for v in images.values()):
        raise ValueError("'images' must map content hashes to URLs")
    if not isinstance(site, str | None):
        raise ValueError("'site' must be the help center's address")
    if version == 1:  # hashes of 0.1 are not comparable: keep the identities only
        articles = {p: {"id": e["id"], "slug": e.get("slug")} for p, e in articles.items()}
    return Lock(
        center_id=str(data.get("center_id") or ""),
        articles={
            path: article_from_json(_entry(path, entry, version, site))
            for path, entry in articles.items()
            if wanted is None or wanted(path)
        },
        categories={
            path: category_from_json(_shorter(entry)) for path, entry in categories.items()
        },
        images=dict(images),
        context=str(data.get("context") or ""),
    )


def _entry(path: str, entry: Any, version: int, site: str | None) -> Any:
    """An article entry of the lock's `version` as its fields' plain values."""
    if version == VERSION:
        return expand(path, unpack(json_object(entry)), site)
    if version == 3:
        return expand(path, json_object(entry), site)
    return _shorter(entry)  # versions 1 and 2: longer hashes


_HASHES = frozenset({"sent", "stored", "canonical", "hash", "root", "own"})
_HASH_MAPS = frozenset({"meta", "fields"})


def _shorter(entry: Any) -> Any:
    """An entry written with longer hashes (before version 3) with them cut to today's
    length: the same hashes, as they are cut from the same SHA-256."""
    if isinstance(entry, list):
        return [_shorter(item) for item in entry]
    if not isinstance(entry, dict):
        return entry
    out = {}
    for key, value in entry.items():
        if key in _HASHES and isinstance(value, str):
            value = value[:HASH_CHARS]
        elif key in _HASH_MAPS and isinstance(value, dict):
            value = {k: v[:HASH_CHARS] if isinstance(v, str) else v for k, v in value.items()}
        else:
            value = _shorter(value)
        out[key] = value
    return out


def _mapping(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ValueError(f"'{name}' must be an object, found {type(value).__name__}")
    return value

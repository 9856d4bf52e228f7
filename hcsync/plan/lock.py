"""What `hcsync.lock` holds: per path, what hcsync last sent and what the server showed.

Plain frozen values; reading and writing the file is `hcsync.sync.lockfile`'s job.
The lock is a help, never the only truth: the planner compares the tree with the
help center first, and uses the lock only to tell a local change from a
dashboard edit. It holds ids, hashes, slugs, URLs and timestamps; never the key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Self

from hcsync.statuses import RemoteStatus

# Hex characters kept of each SHA-256 in the lock. A hash here only tells whether one
# page's content or one field changed since the last apply (never which of many pages
# something is), so the chance that matters is one edit giving its old hash again:
# 16**-12, one in 280 trillion. (Image digests, which name uploads, stay longer.)
HASH_CHARS = 12


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:HASH_CHARS]


# One encoder for every hash: `json.dumps` with options builds a new one per call (a third
# of the planner's metadata comparisons went to that). Same text as json.dumps gives.
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def value_hash(value: Any) -> str:
    if value is None or isinstance(value, str):
        return _cached_hash(value)
    if isinstance(value, dict) and all(type(v) is str for v in value.values()):  # SEO
        return _cached_hash(tuple(sorted(value.items())))
    return digest(_ENCODER.encode(value))


# A plan hashes the same folders, empty SEO and None for every page.
@lru_cache(maxsize=65536)
def _cached_hash(value: str | tuple[tuple[str, str], ...] | None) -> str:
    return digest(_ENCODER.encode(dict(value) if isinstance(value, tuple) else value))


@dataclass(frozen=True)
class PageLock:
    """One article or translation: content and metadata hashes, publish state."""

    sent: str = ""  # hash of the title+HTML last sent (or found already right)
    stored: str = ""  # hash of the title+HTML the server answered it stored
    canonical: str = ""  # hash of the sent title+HTML in canonical form (sanitiser-proof)
    meta: Mapping[str, str] = field(default_factory=dict)  # metadata field → hash of its value
    status: RemoteStatus = RemoteStatus.NONE  # as the help center last showed it
    slug: str | None = None
    url: str | None = None
    updated_at: str = ""
    # The page's file digest (`Page.digest`) when `sent` was its render with the URLs of
    # `Lock.context`; emptied whenever `sent` changes (`with_content`), set again after an
    # apply that finished (see hcsync.sync.unchanged).
    digest: str = ""

    def with_content(self, sent: str, stored: str, canonical: str) -> Self:
        """The entry with these content hashes, and no digest: what they were made from
        is vouched for again only by an apply that finishes."""
        return replace(self, sent=sent, stored=stored, canonical=canonical, digest="")


@dataclass(frozen=True)
class SourceVersion:
    """One version of a root article's source (title + Markdown), as hcsync first saw it."""

    hash: str
    date: str  # ISO 8601, UTC


@dataclass(frozen=True)
class TranslationBase:
    """The root version a translation was last written (or reviewed) against."""

    root: str  # hash of the root's source then
    own: str  # hash of the translation's own source then
    date: str  # ISO 8601, UTC


@dataclass(frozen=True)
class ArticleLock(PageLock):
    id: str = ""
    slug_id: int | None = None
    pending: str = ""  # the title of a create that was sent and whose answer was not seen
    translations: Mapping[str, PageLock] = field(default_factory=dict)
    # Translation staleness (hcsync.plan.staleness): the root's recent source versions,
    # oldest first, and per language what the translation was written against.
    root_versions: tuple[SourceVersion, ...] = ()
    translation_bases: Mapping[str, TranslationBase] = field(default_factory=dict)


@dataclass(frozen=True)
class CategoryLock:
    id: str = ""
    hash: str = ""  # of the name, description, icon and translations (as `hcsync pull` saw them)
    pending: bool = False
    fields: Mapping[str, str] = field(default_factory=dict)  # field → hash of its last value


@dataclass(frozen=True)
class Lock:
    center_id: str = ""
    articles: Mapping[str, ArticleLock] = field(default_factory=dict)
    categories: Mapping[str, CategoryLock] = field(default_factory=dict)
    images: Mapping[str, str] = field(default_factory=dict)  # content hash → uploaded URL
    # What the pages' digests were recorded in: hcsync's code, the tree's other files, the
    # URLs and images of this lock (hcsync.sync.unchanged). Only an apply that finished
    # writes it; a journal's lock, and so an apply cut short, leaves it out.
    context: str = ""

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

    def page_urls(self) -> Iterator[tuple[tuple[str, str | None], str]]:
        """((article path, language or None for the root), URL) of each page with one."""
        for path, entry in self.articles.items():
            if entry.url:
                yield (path, None), entry.url
            for language, page in entry.translations.items():
                if page.url:
                    yield (path, language), page.url

    def without_images(self, digests: frozenset[str]) -> Lock:
        return replace(self, images={k: v for k, v in self.images.items() if k not in digests})


# -- entries as JSON (the lock file, its journal and saved plans) -------------------
# Anything of another shape raises (ValueError, TypeError, …): never half-trusted.


def article_from_json(entry: Any) -> ArticleLock:
    fields = json_object(entry)
    translations = fields.pop("translations", None) or {}
    if not isinstance(translations, dict):
        raise ValueError("'translations' must be an object")
    pages = {lang: PageLock(**_with_status(page)) for lang, page in translations.items()}
    # Locks written before staleness tracking have neither key.
    versions = tuple(
        SourceVersion(**json_object(v)) for v in fields.pop("root_versions", None) or []
    )
    bases = fields.pop("translation_bases", None) or {}
    based = {lang: TranslationBase(**json_object(b)) for lang, b in bases.items()}
    return ArticleLock(
        **_with_status(fields), translations=pages, root_versions=versions, translation_bases=based
    )


def _with_status(entry: Any) -> dict[str, Any]:
    """An entry's fields, its status read as the enum (an unknown one is a ValueError)."""
    fields = json_object(entry)
    if "status" in fields:
        fields["status"] = RemoteStatus(fields["status"])
    return fields


def category_from_json(entry: Any) -> CategoryLock:
    return CategoryLock(**json_object(entry))


def json_object(entry: Any) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise ValueError(f"expected an object, found {type(entry).__name__}")
    return dict(entry)

"""What `hcsync.lock` holds: per path, what hcsync last sent and what the server stored.

Plain frozen values; reading and writing the file is `hcsync.sync.lockfile`'s job.
It holds ids, hashes, slugs, URLs and timestamps; never the API key.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


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
    pending: bool = False  # a create was sent and its answer not yet seen
    translations: dict[str, PageLock] = field(default_factory=dict)
    # Translation staleness (hcsync.plan.staleness): the root's recent source versions,
    # oldest first, and per language what the translation was written against.
    root_versions: tuple[SourceVersion, ...] = ()
    translation_bases: dict[str, TranslationBase] = field(default_factory=dict)


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

"""After a pull: the lock entries that make the next plan empty, and what changed locally.

Pure. The hashes are computed exactly as apply records them (`sent` is the hash
of what the tree renders to, with the URLs the planner resolves; `stored` the
hash of what the server holds; `meta` the hash of the metadata as the tree says
it), so that plan finds nothing to do after a pull, and an incremental pull can
tell a file edited since the lock from one that was not.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from hcsync.api.models import Category
from hcsync.local.model import LocalArticle, LocalCategory, LocalSite, Page
from hcsync.plan.desired import (
    Resolver,
    canonical_hash,
    content_hash,
    desired_meta,
    digest,
    meta_hashes,
    render_page,
    translation_meta,
    value_hash,
)
from hcsync.plan.lock import ArticleLock, CategoryLock, Lock, PageLock
from hcsync.plan.model import PageRef
from hcsync.plan.payloads import CategoryFields
from hcsync.plan.planner import resolution
from hcsync.plan.snapshot import RemoteSite
from hcsync.statuses import RemoteStatus, shown_status


@dataclass(frozen=True)
class PageState:
    """What one page of the tree would send: content hash, metadata hash, server status."""

    sent: str
    canonical: str
    meta: Mapping[str, str]  # metadata field → hash
    status: RemoteStatus  # as the server would show it once applied


def page_states(
    site: LocalSite,
    images: Mapping[str, str],
    remote: RemoteSite,
    lock: Lock,
    canonicals: Mapping[str, str] | None = None,
) -> PageStates:
    """Page path → its state, rendered with the URLs the planner resolves.

    `canonicals`: HTML → its canonical form, where already known (see `PullPlan`)."""
    return PageStates(site, images, remote, lock, canonicals or {})


class PageStates(Mapping[str, PageState]):
    """Each page's state, rendered when first asked for: a pull asks only for the pages
    the help center changed, so an unchanged page is never rendered."""

    def __init__(
        self,
        site: LocalSite,
        images: Mapping[str, str],
        remote: RemoteSite,
        lock: Lock,
        canonicals: Mapping[str, str],
    ) -> None:
        self._canonicals = canonicals
        urls, self._slugs = resolution(site, images, remote, lock)
        roots = {p.path: a.path for a in site.articles for p in (a, *a.translations.values())}
        self._resolver = Resolver(urls, roots, image_digests=images, image_urls=lock.images)
        self._language = site.config.default_language
        self._parses = site.parses
        self._pages: dict[str, tuple[LocalArticle, str | None]] = {}
        for article in site.articles:
            self._pages[article.path] = (article, None)
            for code, page in article.translations.items():
                self._pages[page.path] = (article, code)
        self._done: dict[str, PageState] = {}

    def __getitem__(self, path: str) -> PageState:
        if path not in self._done:
            article, code = self._pages[path]
            self._done[path] = self._state(article, code)
        return self._done[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)

    def _state(self, article: LocalArticle, code: str | None) -> PageState:
        slug = self._slugs.get(PageRef(article.path, code) if code else PageRef(article.path))
        if code is None:
            return self._rendered(article, meta_hashes(desired_meta(article, slug)))
        page = article.translations[code]
        return self._rendered(page, meta_hashes(translation_meta(page, slug)))

    def _rendered(self, page: Page, meta: Mapping[str, str]) -> PageState:
        html = render_page(page, self._resolver, self._language, self._parses).html
        known = self._canonicals.get(html)  # the pull plan's check parsed it already
        canonical = digest(page.title, known) if known else canonical_hash(page.title, html)
        status = shown_status(page.status, page.unpublished_changes)
        return PageState(content_hash(page.title, html), canonical, meta, status)


def locally_changed(state: PageState | None, entry: PageLock | None) -> bool:
    """The file differs from what the lock says was last sent (or is gone)."""
    if state is None or entry is None:
        return state is None
    return (state.sent, state.meta, state.status) != (entry.sent, entry.meta, entry.status)


def lock_after_pull(
    site: LocalSite,
    images: Mapping[str, str],
    remote: RemoteSite,
    lock: Lock,
    pulled: Iterable[str],
    canonicals: Mapping[str, str] | None = None,
) -> Lock:
    """`lock` with fresh entries for the pulled pages (root or translation paths)."""
    pulled = set(pulled)
    states = page_states(site, images, remote, lock, canonicals)
    ids = {a.path: a.remote_id or _locked_id(lock, a.path) for a in site.articles}
    for article in site.articles:
        entry = lock.articles.get(article.path)
        draft = remote.draft(ids[article.path])
        if draft is None:
            continue
        if entry is None or entry.id != draft.id or article.path in pulled:
            content = draft.content.html if draft.content else ""
            entry = _entry_for(entry, draft.id, states[article.path], draft.title, content)
            entry = replace(
                entry,
                slug_id=draft.slug_id,
                status=draft.status,
                slug=draft.slug,
                url=draft.url,
                updated_at=draft.updated_at,
            )
        entry = replace(entry, translations=_translations(article, entry, remote, states, pulled))
        lock = lock.with_article(article.path, entry)
    return replace(lock, context="")  # URLs and pages came from the server: recorded anew by apply


def _locked_id(lock: Lock, path: str) -> str:
    """The article a file without `id:` stands for, by its lock entry."""
    entry = lock.articles.get(path)
    return entry.id if entry is not None and entry.id else ""


def _entry_for(
    entry: ArticleLock | None, article_id: str, state: PageState, title: str, html: str
) -> ArticleLock:
    base = entry if entry is not None and entry.id == article_id else ArticleLock(id=article_id)
    content = base.with_content(state.sent, content_hash(title, html), state.canonical)
    return replace(content, meta=state.meta)


def _translations(
    article: LocalArticle,
    entry: ArticleLock,
    remote: RemoteSite,
    states: Mapping[str, PageState],
    pulled: set[str],
) -> dict[str, PageLock]:
    result = dict(entry.translations)
    for language, page in article.translations.items():
        translation = remote.translations.get((entry.id, language))
        if translation is None or (page.path not in pulled and language in result):
            continue
        html = translation.content.html if translation.content else ""
        result[language] = PageLock(
            sent=states[page.path].sent,
            stored=content_hash(translation.title, html),
            canonical=states[page.path].canonical,
            meta=states[page.path].meta,
            status=translation.status,
            slug=translation.slug,
            url=translation.url,
            updated_at=translation.updated_at,
        )
    return result


def local_category_hash(category: LocalCategory) -> str:
    """The hash of a category as hcsync manages it (as apply records it)."""
    return value_hash(CategoryFields.of(category).sent())


def remote_category_hash(category: Category, languages: tuple[str, ...]) -> str:
    """The same hash of what the help center shows, to see who changed a category."""
    return value_hash(_remote_fields(category, languages))


def _remote_fields(category: Category, languages: tuple[str, ...]) -> dict[str, Any]:
    texts = {
        k: {"name": v.name, "description": v.description}
        for k, v in sorted(category.translations.items())
        if k in languages
    }
    fields: dict[str, Any] = {
        "name": category.name,
        "description": category.description,
        "translations": texts,
    }
    if category.icon:
        fields["icon"] = category.icon
    return fields


def with_categories(
    lock: Lock, folders: Mapping[str, Category], languages: tuple[str, ...]
) -> Lock:
    """Category folder → the remote category it was pulled from, with its hash."""
    for folder, category in folders.items():
        fields = {k: value_hash(v) for k, v in _remote_fields(category, languages).items()}
        whole = remote_category_hash(category, languages)
        entry = CategoryLock(id=category.id, hash=whole, fields=fields)
        lock = lock.with_category(folder, entry)
    return lock

"""Links to articles in agents' replies, and what they point at in the tree.

A public article URL is `https://HOST[/LANG]/article/SLUG_ID-SLUG`. A link is
resolved by its slug id and slug together (what `hcsync.lock` recorded at the
last apply), else by the slug alone (a link written before the ids were known,
or copied from another center), else by the slug id alone: the article's old
URL, which stops working when its slug changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from html.parser import HTMLParser
from urllib.parse import urlsplit

from hcsync.local.model import LocalSite
from hcsync.plan.lock import Lock
from hcsync.statuses import LocalStatus

_ARTICLE_PATH = re.compile(
    r"^(?:/(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?))?/article/(?P<id>\d+)-(?P<slug>[^/?#]+)/?$"
)


class LinkState(StrEnum):
    LIVE = "live"
    OLD_URL = "old_url"  # the article's slug changed since: the URL no longer works
    UNPUBLISHED = "unpublished"  # the tree has it as a draft, or no longer has it
    UNKNOWN = "unknown"  # on the center's host, but no article of the tree


@dataclass(frozen=True)
class ArticleLink:
    url: str
    slug_id: int
    slug: str
    language: str | None  # None: the default language's URL


@dataclass(frozen=True)
class Resolved:
    link: ArticleLink
    state: LinkState
    article: str | None = None  # the root article's path
    language: str | None = None


@dataclass(frozen=True)
class _Page:
    article: str
    language: str | None  # None: the root
    slug: str
    published: bool


def hrefs(html: str) -> tuple[str, ...]:
    parser = _Hrefs()
    parser.feed(html)
    parser.close()
    return tuple(parser.found)


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.found.append(href)


def article_link(url: str, hosts: frozenset[str] = frozenset()) -> ArticleLink | None:
    """The article a URL names, if it is an article URL (on one of `hosts`, when given)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or (hosts and parts.hostname not in hosts):
        return None
    found = _ARTICLE_PATH.match(parts.path)
    if found is None:
        return None
    return ArticleLink(url, int(found["id"]), found["slug"], found["lang"])


class LinkTargets:
    """The tree's articles by slug id (from the lock) and by slug (from the tree)."""

    def __init__(self, site: LocalSite, lock: Lock) -> None:
        self.default_language = site.config.default_language
        self._ids: dict[int, str] = {}
        self._pages: dict[tuple[str, str | None], _Page] = {}
        self.hosts = frozenset(_hosts(lock))
        for path, locked in lock.articles.items():
            if locked.slug_id is not None:
                self._ids[locked.slug_id] = path
        for article in site.articles:
            entry = lock.articles.get(article.path)
            slug = article.slug or (entry.slug if entry else None) or ""
            live = article.status is LocalStatus.PUBLISHED
            self._add(_Page(article.path, None, slug, live))
            for lang, t in article.translations.items():
                shown = entry.translations.get(lang) if entry else None
                slug = t.slug or (shown.slug if shown else None) or ""
                self._add(_Page(article.path, lang, slug, t.status is LocalStatus.PUBLISHED))

    def _add(self, page: _Page) -> None:
        self._pages[(page.article, page.language)] = page

    def resolve(self, link: ArticleLink) -> Resolved:
        language = None if link.language == self.default_language else link.language
        by_id = self._ids.get(link.slug_id)
        page = self._pages.get((by_id, language)) if by_id else None
        if page is None or page.slug != link.slug:
            page = self._by_slug(link.slug, language) or page
        if page is None:
            state = LinkState.UNPUBLISHED if by_id else LinkState.UNKNOWN
            return Resolved(link, state, by_id, language)
        if page.slug != link.slug:
            return Resolved(link, LinkState.OLD_URL, page.article, language)
        state = LinkState.LIVE if page.published else LinkState.UNPUBLISHED
        return Resolved(link, state, page.article, language)

    def _by_slug(self, slug: str, language: str | None) -> _Page | None:
        return next(
            (p for p in self._pages.values() if p.slug == slug and p.language == language), None
        )

    def links_in(self, html: str) -> list[Resolved]:
        found = (article_link(href, self.hosts) for href in hrefs(html))
        return [self.resolve(link) for link in found if link is not None]


def _hosts(lock: Lock) -> Iterable[str]:
    for entry in lock.articles.values():
        urls: list[str | None] = [entry.url, *(t.url for t in entry.translations.values())]
        for url in urls:
            host = urlsplit(url).hostname if url else None
            if host:
                yield host


def count_by_article(resolved: Iterable[Resolved]) -> Mapping[str, int]:
    counts: dict[str, int] = {}
    for r in resolved:
        if r.article:
            counts[r.article] = counts.get(r.article, 0) + 1
    return counts

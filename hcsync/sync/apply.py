"""Carrying out a plan: operations in dependency order, a few at a time, each recorded.

Every success is appended to the lock's journal before the next operation that
needs it starts, so an interrupted apply resumes where it stopped; a create is
recorded as pending (with the title it was sent with) before it is sent, so a
lost answer is found again instead of creating the article twice. Independent
operations run `concurrency` at a time; the client's pacer alone decides when a
request may go, so concurrency never costs a refused request.
"""

from __future__ import annotations

import heapq
import threading
from collections import ChainMap
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import replace

from hcsync.api import HelpCenterClient, HelpCenterError
from hcsync.errors import FatalError
from hcsync.local.model import LocalArticle, LocalSite, Page
from hcsync.plan.desired import Resolver, article_url, render_page
from hcsync.plan.lock import ArticleLock, CategoryLock, Lock, PageLock
from hcsync.plan.metadata import server_spelling
from hcsync.plan.model import Kind, Operation, PageRef, Plan
from hcsync.statuses import LocalStatus
from hcsync.sync.lockfile import Journal

Progress = Callable[[int, int, Operation], None]
Handler = Callable[["Executor", Operation], None]


class Executor:
    def __init__(
        self,
        client: HelpCenterClient,
        site: LocalSite,
        images: Mapping[str, str],
        lock: Lock,
        domain: str,
        concurrency: int = 4,
    ) -> None:
        self.client, self.site, self.images, self.domain = client, site, images, domain
        self.concurrency = max(1, concurrency)
        lock = replace(lock, center_id=client.settings.center_id)
        self.journal = Journal(site.root, lock)  # hcsync.lock holds `lock` from here on
        self.articles = {a.path: a for a in site.articles}
        self.roots = {p.path: a.path for a in site.articles for p in (a, *a.translations.values())}
        self.known_urls: Mapping[PageRef, str] = {}
        self.slugs: Mapping[PageRef, str] = {}
        self.lock_urls: dict[PageRef, str] = {}  # of articles as the lock has them now
        self._urls = ChainMap(dict(self.known_urls), self.lock_urls)
        self._mutex = threading.Lock()
        self.notes: list[str] = []  # what the user should hear once (a slug the server chose)

    @property
    def lock(self) -> Lock:
        """The lock as recorded so far: a copy (its size), not for every operation."""
        return self.journal.lock

    def run(
        self, plan: Plan, handlers: Mapping[Kind, Handler], progress: Progress | None = None
    ) -> Lock:
        self.known_urls, self.slugs = plan.urls, plan.slugs
        self._urls = ChainMap(dict(self.known_urls), self.lock_urls)  # the plan's first
        try:
            self._observe(plan)
            for path in self.articles:
                self._refresh_urls(path)
            _Scheduler(plan.operations, self.concurrency, progress).run(
                lambda op: handlers[op.kind](self, op)
            )
        finally:
            self.journal.close()
        return self.lock

    def _observe(self, plan: Plan) -> None:
        """Record identities found by matching and states found already right, with no call."""
        articles = self.journal.articles
        # a renamed file's old entry goes; files that left the tree keep theirs (prune)
        gone: dict[str, list[str]] = {}  # id → paths of lock entries whose file is not in the tree
        for old, other in articles.items():
            if old not in self.articles:
                gone.setdefault(other.id, []).append(old)
        for path, entry in plan.observed.items():  # paths of the tree, so never one of `gone`
            for old in gone.pop(entry.id, ()):
                if old != path:
                    self.journal.article(old, None)
            if articles.get(path) != entry:
                self.journal.article(path, entry)
        for path, category in plan.observed_categories.items():
            if self.journal.categories.get(path) != category:
                self.journal.category(path, category)

    # -- recording, safe from several threads ------------------------------------

    def update_article(
        self, path: str, change: Callable[[ArticleLock], ArticleLock | None]
    ) -> None:
        with self._mutex:
            self.journal.article(path, change(self.journal.articles.get(path) or ArticleLock()))
            self._refresh_urls(path)

    def update_translation(
        self,
        path: str,
        language: str,
        change: Callable[[PageLock], PageLock | None],
        root: Callable[[ArticleLock], ArticleLock] | None = None,
    ) -> None:
        """Change one translation's entry and, with `root`, its article's: one record."""

        def changed(entry: ArticleLock) -> ArticleLock:
            pages = dict(entry.translations)
            page = change(pages.get(language) or PageLock())
            if page is None:
                pages.pop(language, None)
            else:
                pages[language] = page
            entry = replace(entry, translations=pages)
            return entry if root is None else root(entry)

        self.update_article(path, changed)

    def set_category(self, path: str, entry: CategoryLock | None) -> None:
        with self._mutex:
            self.journal.category(path, entry)

    def add_image(self, digest: str, url: str) -> None:
        with self._mutex:
            self.journal.image(digest, url)

    def page_entry(self, path: str, language: str | None = None) -> PageLock | None:
        """The lock's entry for one page as recorded so far."""
        with self._mutex:
            entry = self.journal.articles.get(path)
        if entry is None or language is None:
            return entry
        return entry.translations.get(language)

    def note(self, line: str) -> None:
        with self._mutex:
            if line not in self.notes:
                self.notes.append(line)

    def category_ids(self) -> set[str]:
        """The ids of the categories recorded so far."""
        with self._mutex:
            return {e.id for e in self.journal.categories.values() if e.id}

    # -- what is known now ---------------------------------------------------------

    def html(self, page: Page) -> str:
        """The page rendered with every URL known now (articles created earlier included)."""
        resolver = Resolver(self._urls, self.roots, self.images, self.journal.images)
        return render_page(page, resolver, self.site.config.default_language, self.site.parses).html

    def article_id(self, op: Operation) -> str:
        entry = self.journal.articles.get(op.path)
        article_id = op.target or (entry.id if entry else "")
        if not article_id:
            raise FatalError(f"{op.path}: no article id known for {op.kind}; run plan again")
        return article_id

    def category_id(self, path: str | None) -> str | None:
        entry = self.journal.categories.get(path or "")
        return entry.id if entry and entry.id else None

    def _refresh_urls(self, path: str) -> None:
        article, entry = self.articles.get(path), self.journal.articles.get(path)
        languages = list(article.translations) if article else []
        for ref in [PageRef(path), *(PageRef(path, lang) for lang in languages)]:
            self.lock_urls.pop(ref, None)
        if article is None or entry is None or entry.slug_id is None or not entry.slug:
            return
        self.lock_urls[PageRef(path)] = article_url(self.domain, entry.slug_id, entry.slug)
        if article.status is LocalStatus.PUBLISHED:
            self._translation_urls(article, entry)

    def _translation_urls(self, article: LocalArticle, entry: ArticleLock) -> None:
        assert entry.slug_id is not None
        for language, translation in article.translations.items():
            ref = PageRef(article.path, language)
            recorded = entry.translations.get(language)
            shown = recorded.slug if recorded else None
            wanted = self.slugs.get(ref)
            slug = shown if server_spelling(wanted, shown, recorded) else (wanted or shown)
            if slug and translation.status is LocalStatus.PUBLISHED:
                self.lock_urls[ref] = article_url(self.domain, entry.slug_id, slug, language)


class _Scheduler:
    """Runs operations as their needs are met, at most `width` at once, in plan order."""

    def __init__(self, operations: tuple[Operation, ...], width: int, progress: Progress | None):
        self.operations, self.width, self.progress = operations, width, progress
        index = {op.key: i for i, op in enumerate(operations)}
        self.remaining = [0] * len(operations)
        self.followers: list[list[int]] = [[] for _ in operations]
        for i, op in enumerate(operations):
            for need in {index[n] for n in op.needs if n in index}:
                self.remaining[i] += 1
                self.followers[need].append(i)
        self.ready = [i for i, count in enumerate(self.remaining) if count == 0]
        heapq.heapify(self.ready)
        self.finished = 0

    def run(self, handle: Callable[[Operation], None]) -> None:
        running: dict[Future[None], int] = {}
        with ThreadPoolExecutor(max_workers=self.width) as pool:
            while self.ready or running:
                while self.ready and len(running) < self.width:
                    i = heapq.heappop(self.ready)
                    running[pool.submit(handle, self.operations[i])] = i
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                failure = self._settle(done, running)
                if failure is not None:
                    self._settle(wait(running).done, running)  # what is under way is recorded
                    self._fail(*failure)

    def _settle(
        self, done: set[Future[None]], running: dict[Future[None], int]
    ) -> tuple[Future[None], Operation] | None:
        """Count the finished operations in; the first failure, if any."""
        failure = None
        for future in done:
            i = running.pop(future)
            if future.exception() is None:
                self._complete(i)
            elif failure is None:
                failure = (future, self.operations[i])
        return failure

    def _complete(self, i: int) -> None:
        self.finished += 1
        if self.progress:
            self.progress(self.finished, len(self.operations), self.operations[i])
        for follower in self.followers[i]:
            self.remaining[follower] -= 1
            if self.remaining[follower] == 0:
                heapq.heappush(self.ready, follower)

    def _fail(self, future: Future[None], op: Operation) -> None:
        exc = future.exception()
        where = f"{op.kind} of {op.path}" + (f" [{op.language}]" if op.language else "")
        total = len(self.operations)
        if isinstance(exc, HelpCenterError):
            raise FatalError(
                f"apply stopped at {where}: {exc}; {self.finished} of {total} operations done "
                "and recorded in hcsync.lock: run apply again to resume"
            ) from None
        assert exc is not None
        raise exc

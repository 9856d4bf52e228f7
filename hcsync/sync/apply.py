"""Carrying out a plan, operation by operation, recording each success in the lock.

The lock is written after every operation that succeeded, so an interrupted
apply resumes where it stopped. A create is written to the lock as pending
before it is sent: if its answer is lost, the next plan finds the draft instead
of creating it twice.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from hcsync.api import Article, HelpCenterClient, HelpCenterError, Seo, Translation
from hcsync.errors import FatalError
from hcsync.local.model import LocalArticle, LocalSite, Page
from hcsync.plan.desired import (
    DEFAULT_TRANSLATION_META,
    Resolver,
    content_hash,
    desired_meta,
    meta_hash,
    render_page,
    translation_meta,
)
from hcsync.plan.lock import ArticleLock, CategoryLock, Lock, PageLock
from hcsync.plan.model import Operation, Plan
from hcsync.plan.staleness import follow
from hcsync.sync.lockfile import LOCK_NAME, write_lock

Progress = Callable[[int, int, Operation], None]


def _url_key(key: str) -> tuple[str, str | None]:
    path, _, language = key.partition("#")
    return path, language or None


class Executor:
    def __init__(
        self,
        client: HelpCenterClient,
        site: LocalSite,
        images: Mapping[str, str],
        lock: Lock,
        domain: str,
    ) -> None:
        self.client, self.site, self.lock = client, site, lock
        self.images, self.domain = images, domain
        self.articles = {a.path: a for a in site.articles}
        self.roots = {p.path: a.path for a in site.articles for p in (a, *a.translations.values())}
        self.lock_urls: dict[tuple[str, str | None], str] = {}  # of articles as the lock has them

    def run(self, plan: Plan, progress: Progress | None = None) -> Lock:
        self.known_urls = {_url_key(key): url for key, url in plan.urls.items()}
        self.slugs = dict(plan.slugs)
        self._bind(plan)
        for path in self.articles:
            self._refresh_urls(path)
        total = len(plan.operations)
        for number, op in enumerate(plan.operations, start=1):
            if progress:
                progress(number, total, op)
            try:
                getattr(self, f"_{op.kind}")(op)
            except HelpCenterError as exc:
                raise FatalError(
                    f"apply stopped at {op.kind} of {op.path}{' [' + op.language + ']' if op.language else ''}: {exc}; "
                    f"{number - 1} of {total} operations done and recorded in hcsync.lock: run apply again to resume"
                ) from None
        return self.lock

    def _save(self, lock: Lock) -> None:
        write_lock(self.site.root, lock)
        self.lock = lock

    def _save_article(self, path: str, entry: ArticleLock | None) -> None:
        self._save(self.lock.with_article(path, entry))
        self._refresh_urls(path)

    def _bind(self, plan: Plan) -> None:
        """Record the identities the planner matched (adopted or renamed articles, categories)."""
        lock = replace(self.lock, center_id=self.client.settings.center_id)
        # A renamed file's old entry goes; entries of files that left the tree stay,
        # so that `--prune` still knows those articles are hcsync's to delete.
        rebound = {i for p, i in plan.bindings.items() if p in self.articles}
        articles = {
            p: e for p, e in lock.articles.items() if p in self.articles or e.id not in rebound
        }
        lock = replace(lock, articles=articles)
        for path, remote_id in plan.bindings.items():
            if path in self.articles:
                entry = lock.articles.get(path)
                if entry is None or entry.id != remote_id:
                    moved = (e for e in self.lock.articles.values() if e.id == remote_id)
                    lock = lock.with_article(path, follow(next(moved, None), remote_id))
            elif lock.categories.get(path, CategoryLock()).id != remote_id:
                lock = lock.with_category(path, CategoryLock(id=remote_id))
        if lock != self.lock or not (self.site.root / LOCK_NAME).exists():
            self._save(lock)

    # -- what is known now ---------------------------------------------------------

    def _resolver(self) -> Resolver:
        """The plan's URLs (desired slugs) first, then those of articles created since."""
        urls = ChainMap(self.known_urls, self.lock_urls)
        return Resolver(urls, self.roots, image_digests=self.images, image_urls=self.lock.images)

    def _refresh_urls(self, path: str) -> None:
        """Recompute one article's URLs after its lock entry changed."""
        article, entry = self.articles.get(path), self.lock.articles.get(path)
        languages = article.translations if article else {}
        for key in [(path, None), *((path, language) for language in languages)]:
            self.lock_urls.pop(key, None)
        if article is None or entry is None or entry.slug_id is None or not entry.slug:
            return
        self.lock_urls[(path, None)] = f"https://{self.domain}/article/{entry.slug_id}-{entry.slug}"
        if article.status != "published":
            return
        for language, translation in article.translations.items():
            slug = (
                self.slugs.get(f"{path}#{language}")
                or entry.translations.get(language, PageLock()).slug
            )
            if slug and translation.status == "published":
                self.lock_urls[(path, language)] = (
                    f"https://{self.domain}/{language}/article/{entry.slug_id}-{slug}"
                )

    def _html(self, page: Page) -> str:
        return render_page(page, self._resolver(), self.site.config.default_language).html

    def _entry(self, op: Operation) -> ArticleLock:
        return self.lock.articles.get(op.path) or ArticleLock()

    def _id(self, op: Operation) -> str:
        article_id = op.target or self._entry(op).id
        if not article_id:
            raise FatalError(f"{op.path}: no article id known for {op.kind}; run plan again")
        return article_id

    def _category_id(self, path: str | None) -> str | None:
        return self.lock.categories[path].id if path in self.lock.categories else None

    def _root_seen(self, entry: ArticleLock, article: Article) -> ArticleLock:
        return replace(
            entry,
            id=article.id,
            slug_id=article.slug_id,
            status=article.status,
            updated_at=article.updated_at,
            pending=False,
        )

    # -- categories and images -----------------------------------------------------

    def _create_category(self, op: Operation) -> None:
        fields = dict(op.fields)
        parent_id = self._category_id(fields.pop("parent", None))
        known = {c for c in (e.id for e in self.lock.categories.values()) if c}
        self._save(self.lock.with_category(op.path, CategoryLock(pending=True)))
        tree = self.client.create_category(parent_id=parent_id, **fields)
        created = [
            c
            for parent in tree
            for c in (parent, *parent.children)
            if c.name == fields["name"] and c.parent_id == parent_id and c.id not in known
        ]
        self._save(self.lock.with_category(op.path, CategoryLock(id=created[-1].id)))

    def _update_category(self, op: Operation) -> None:
        self.client.update_category(
            self._category_id(op.path) or op.target or "", **dict(op.fields)
        )

    def _upload_image(self, op: Operation) -> None:
        data = (self.site.root / op.path).read_bytes()
        image = self.client.upload_image(Path(op.path).name, data)
        self._save(self.lock.with_image(op.fields["digest"], image.url))

    # -- articles ----------------------------------------------------------------

    def _create_article(self, op: Operation) -> None:
        article = self.articles[op.path]
        html = self._html(article)
        self._save_article(op.path, ArticleLock(pending=True))
        seo = Seo(**op.fields["seo"]) if any(op.fields["seo"].values()) else None
        draft = self.client.create_article(
            article.title, html=html, category_id=self._category_id(article.category), seo=seo
        )
        stored = draft.content.html if draft.content else ""
        created_meta = {"category": article.category, "seo": op.fields["seo"]}
        entry = ArticleLock(
            sent=content_hash(article.title, html),
            stored=content_hash(draft.title, stored),
            meta=meta_hash(created_meta),
            slug=op.fields.get("slug"),
        )
        self._save_article(op.path, self._root_seen(entry, draft))

    def _update_draft(self, op: Operation) -> None:
        article = self.articles[op.path]
        html = self._html(article)
        draft = self.client.update_draft(self._id(op), title=article.title, html=html)
        stored = draft.content.html if draft.content else ""
        entry = replace(
            self._entry(op),
            sent=content_hash(article.title, html),
            stored=content_hash(draft.title, stored),
        )
        self._save_article(op.path, self._root_seen(entry, draft))

    def _update_metadata(self, op: Operation) -> None:
        article = self.articles[op.path]
        fields = op.fields
        seo = Seo(**fields["seo"]) if "seo" in fields else None
        category = self._category_id(fields["category"]) if "category" in fields else None
        draft = self.client.update_metadata(
            self._id(op),
            category=category,
            subtitle=fields.get("subtitle"),
            slug=fields.get("slug"),
            seo=seo,
        )
        entry = self._entry(op)
        slug = fields.get("slug", entry.slug)
        entry = replace(entry, meta=meta_hash(desired_meta(article, slug)), slug=slug)
        self._save_article(op.path, self._root_seen(entry, draft))

    def _publish(self, op: Operation) -> None:
        article = self.client.publish(self._id(op))
        entry = replace(self._entry(op), url=article.url, slug=article.slug)
        self._save_article(op.path, self._root_seen(entry, article))

    def _unpublish(self, op: Operation) -> None:
        draft = self.client.unpublish(self._id(op))
        entry = self._entry(op)
        translations = {
            k: replace(v, status="unpublished", url=None) for k, v in entry.translations.items()
        }
        entry = replace(entry, url=None, translations=translations)
        self._save_article(op.path, self._root_seen(entry, draft))

    def _delete_article(self, op: Operation) -> None:
        self.client.delete_article(self._id(op))
        self._save_article(op.path, None)

    def _delete_category(self, op: Operation) -> None:
        self.client.delete_category(op.target or self._category_id(op.path) or "")
        self._save(self.lock.with_category(op.path, None))

    # -- translations --------------------------------------------------------------

    def _translation_page(self, op: Operation) -> Page:
        article: LocalArticle = self.articles[op.path]
        return article.translations[op.language or ""]

    def _save_translation(self, op: Operation, translation: Translation, **changes: Any) -> None:
        entry = self._entry(op)
        language = op.language or ""
        current = replace(
            entry.translations.get(language, PageLock()),
            status=translation.status,
            updated_at=translation.updated_at,
            **changes,
        )
        # A translation edit also moves the root's updated_at on the server.
        updated = max(entry.updated_at, translation.updated_at)
        entry = replace(
            entry, updated_at=updated, translations={**entry.translations, language: current}
        )
        self._save_article(op.path, entry)

    def _update_translation(self, op: Operation) -> None:
        page = self._translation_page(op)
        html = self._html(page)
        result = self.client.update_translation_draft(
            self._id(op), op.language or "", title=page.title, html=html
        )
        stored = result.content.html if result.content else ""
        changes: dict[str, Any] = {
            "sent": content_hash(page.title, html),
            "stored": content_hash(result.title, stored),
        }
        if op.fields.get("new"):  # a new translation starts with the server's default metadata
            changes["meta"] = meta_hash(DEFAULT_TRANSLATION_META)
        self._save_translation(op, result, **changes)

    def _update_translation_metadata(self, op: Operation) -> None:
        page = self._translation_page(op)
        seo = Seo(**op.fields["seo"]) if "seo" in op.fields else None
        result = self.client.update_translation_metadata(
            self._id(op), op.language or "", slug=op.fields.get("slug"), seo=seo
        )
        self._save_translation(
            op,
            result,
            meta=meta_hash(translation_meta(page, self.slugs.get(f"{op.path}#{op.language}"))),
            slug=result.slug,
        )

    def _publish_translation(self, op: Operation) -> None:
        result = self.client.publish_translation(self._id(op), op.language or "")
        self._save_translation(op, result, url=result.url, slug=result.slug)

    def _unpublish_translation(self, op: Operation) -> None:
        result = self.client.unpublish_translation(self._id(op), op.language or "")
        self._save_translation(op, result, url=None)

    def _delete_translation(self, op: Operation) -> None:
        self.client.delete_translation(self._id(op), op.language or "")
        entry = self._entry(op)
        translations = {k: v for k, v in entry.translations.items() if k != op.language}
        self._save_article(op.path, replace(entry, translations=translations))

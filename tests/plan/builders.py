"""Plain objects for the pure planner: a tree, a help center, a lock — no disk, no network.

`synced(...)` builds the help center and the lock as a successful apply leaves them,
so a test changes one thing and looks at the plan.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from hcsync.api.models import Article, Category, Center, Content, Seo, Translation
from hcsync.config import SiteConfig
from hcsync.local.model import LocalArticle, LocalCategory, LocalSite, LocalTranslation
from hcsync.local.model import Seo as LocalSeo
from hcsync.local.parsecache import ParseCache
from hcsync.plan.categories import category_hashes
from hcsync.plan.context import PlanOptions
from hcsync.plan.desired import (
    Resolver,
    article_url,
    content_hash,
    desired_meta,
    meta_hashes,
    render_page,
    translation_meta,
)
from hcsync.plan.lock import ArticleLock, CategoryLock, Lock, PageLock
from hcsync.plan.model import DriftPolicy, PageRef, Plan
from hcsync.plan.payloads import CategoryFields
from hcsync.plan.planner import make_plan
from hcsync.plan.snapshot import RemoteSite
from hcsync.statuses import LocalStatus, RemoteStatus

CENTER = Center("demo", "Demo", "demo.help.center", "en", ("de",))
CONFIG = SiteConfig(default_language="en", languages=("de",))
ALL = frozenset({"seo", "subtitle", "slug"})  # what the extended profile shows on drafts
NO_LINKS = Resolver()
CATEGORY_FIELDS = frozenset({"description", "icon", "translations"})


def page(path: str, title: str, body: str = "Body.", **extra: Any) -> LocalArticle:
    fields: dict[str, Any] = {"slug": None, "seo": LocalSeo(), "status": LocalStatus.PUBLISHED}
    fields |= extra
    return LocalArticle(
        path=path, language="en", title=title, body=body + "\n", body_line=4,
        category=path.rsplit("/", 1)[0], **fields,
    )  # fmt: skip


def translation(
    path: str, language: str, title: str, body: str = "Text.", slug: str | None = None
) -> LocalTranslation:
    return LocalTranslation(
        path=path, language=language, title=title, slug=slug, seo=LocalSeo(),
        status=LocalStatus.PUBLISHED, body=body + "\n", body_line=4,
    )  # fmt: skip


def site(*articles: LocalArticle, categories: tuple[str, ...] = ("guides",)) -> LocalSite:
    cats = tuple(LocalCategory(path=c, name=c.title()) for c in categories)
    return LocalSite(Path("/nowhere"), CONFIG, cats, articles)


def html(article: LocalArticle | LocalTranslation, resolver: Resolver = NO_LINKS) -> str:
    return render_page(article, resolver, "en", ParseCache()).html


def _resolver(local: LocalSite) -> Resolver:
    """Links as apply resolves them: every article with a slug has its URL."""
    roots = {p.path: a.path for a in local.articles for p in (a, *a.translations.values())}
    urls = {
        PageRef(a.path): article_url(CENTER.domain, number, a.slug)
        for number, a in enumerate(local.articles, start=1)
        if a.slug
    }
    return Resolver(urls, roots)


def draft(
    article_id: str, local: LocalArticle, resolver: Resolver = NO_LINKS, **changes: Any
) -> Article:
    number = int(article_id.rsplit("_", 1)[-1])
    made = Article(
        article_id, "draft", local.title, RemoteStatus.PUBLISHED, "cat_1", local.slug, number,
        None, Seo(), None, None, (), "t0", "t1", "t0", Content(html(local, resolver), ""), ALL,
    )  # fmt: skip
    return replace(made, **changes)


def remote_translation(article_id: str, local: LocalTranslation, **changes: Any) -> Translation:
    made = Translation(
        article_id, local.language, local.title, RemoteStatus.PUBLISHED, local.slug, Seo(), None, "t1",
        Content(html(local), ""), shown=frozenset({"seo", "slug"}),
    )  # fmt: skip
    return replace(made, **changes)


def synced(local: LocalSite) -> tuple[RemoteSite, Lock]:
    """The help center and lock as a successful apply of `local` leaves them."""
    drafts, entries = {}, {}
    translations = {}
    resolver = _resolver(local)
    category_ids = {c.path: f"cat_{i}" for i, c in enumerate(local.categories, start=1)}
    for number, article in enumerate(local.articles, start=1):
        article_id = f"art_{number}"
        languages = tuple(sorted(article.translations))
        category = category_ids.get(article.category)
        drafts[article_id] = draft(
            article_id, article, resolver, translations=languages, category_id=category
        )
        pages = {}
        for language, page_ in article.translations.items():
            translations[(article_id, language)] = remote_translation(article_id, page_)
            pages[language] = PageLock(
                sent=content_hash(page_.title, html(page_)),
                stored=content_hash(page_.title, html(page_)),
                meta=meta_hashes(translation_meta(page_, page_.slug)),
                status=RemoteStatus.PUBLISHED,
                updated_at="t1",
            )
        entries[article.path] = ArticleLock(
            id=article_id, slug_id=number, status=RemoteStatus.PUBLISHED, updated_at="t1",
            sent=content_hash(article.title, html(article, resolver)),
            stored=content_hash(article.title, html(article, resolver)),
            meta=meta_hashes(desired_meta(article, article.slug)), translations=pages,
        )  # fmt: skip
    categories = tuple(
        Category(f"cat_{i}", c.name, "", c.path, i, None, None, {}, (), CATEGORY_FIELDS)
        for i, c in enumerate(local.categories, start=1)
    )
    locks = {
        c.path: CategoryLock(f"cat_{i}", fields=category_hashes(CategoryFields.of(c)))
        for i, c in enumerate(local.categories, start=1)
    }
    remote = RemoteSite(CENTER, categories, drafts, translations)
    return remote, Lock("demo", entries, locks, {})


def plan(
    local: LocalSite,
    remote: RemoteSite,
    lock: Lock,
    policy: DriftPolicy = DriftPolicy.FAIL,
    prune: bool = False,
) -> Plan:
    return make_plan(local, {}, remote, lock, PlanOptions(policy, prune))


def kinds(result: Plan) -> list[str]:
    return [
        f"{op.kind}:{op.path}" + (f"#{op.language}" if op.language else "")
        for op in result.operations
    ]

"""Planning translations: draft, metadata, then publish — and only once the root is live.

Functions over the article planner (`planner.add`, `planner.decide`, …), one step each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from hcsync.api.models import Article, Translation
from hcsync.local.model import LocalArticle, LocalTranslation
from hcsync.plan.changes import content_state, describe
from hcsync.plan.desired import Rendered, content_hash, meta_hash, translation_meta
from hcsync.plan.diff import html_diff
from hcsync.plan.lock import ArticleLock, PageLock

if TYPE_CHECKING:
    from hcsync.plan.planner import ArticlePlanner

_NO_SEO = {"title": "", "description": ""}


class Target(NamedTuple):
    """One translation with everything known about it."""

    article: LocalArticle
    page: LocalTranslation
    draft: Article | None  # the root's draft; None while the root is created in this apply
    remote: Translation | None  # the translation draft, when it was read
    lock: PageLock | None
    exists: bool  # the server has this translation

    @property
    def key(self) -> str:
        return f"{self.article.path}#{self.page.language}"

    @property
    def remote_id(self) -> str | None:
        return self.draft.id if self.draft else None


def plan_translations(
    planner: ArticlePlanner,
    article: LocalArticle,
    draft: Article | None,
    entry: ArticleLock | None,
    published_root: bool,
) -> None:
    for _, page in sorted(article.translations.items()):
        target = _target(planner, article, page, draft, entry)
        rendered = planner.render(page)
        root = (f"create_article:{article.path}",) if draft is None else ()
        needs = (*root, *planner.content_needs(rendered, article.path))
        action = _content(planner, target, rendered, needs)
        done = [f"update_translation:{target.key}"] if action == "update" else []
        if _metadata(planner, target, (*needs, *done)):
            done.append(f"update_translation_metadata:{target.key}")
        _publish_state(planner, target, action, done, published_root)
    if planner.options.prune and draft is not None:
        for language in sorted(set(draft.translations) - set(article.translations)):
            planner.add(
                "delete_translation",
                article.path,
                language=language,
                target=draft.id,
                summary="left the tree",
            )


def _target(
    planner: ArticlePlanner,
    article: LocalArticle,
    page: LocalTranslation,
    draft: Article | None,
    entry: ArticleLock | None,
) -> Target:
    language = page.language
    remote = planner.remote.translations.get((draft.id, language)) if draft else None
    trusted = entry is not None and draft is not None and entry.id == draft.id
    lock = entry.translations.get(language) if trusted and entry else None
    exists = draft is not None and language in draft.translations
    return Target(article, page, draft, remote, lock, exists)


def _content(
    planner: ArticlePlanner, target: Target, rendered: Rendered, needs: tuple[str, ...]
) -> str:
    """update / none / drift for the translation's draft; adds the update operation."""
    page, remote, lock = target.page, target.remote, target.lock
    if not target.exists:
        action = "update"
    elif remote is not None:
        state = content_state(remote.title, remote.content.html if remote.content else "")
        action = planner.decide(page, page.language, rendered, state, lock)
    else:  # not read: the lock vouches for what the server holds
        desired = content_hash(page.title, rendered.html)
        pending = rendered.pending_images or rendered.pending_links
        action = "update" if lock is None or desired != lock.sent or pending else "none"
    if action == "update":
        old = remote.content.html if remote and remote.content else ""
        planner.add(
            "update_translation",
            target.article.path,
            language=page.language,
            target=target.remote_id,
            summary=("" if target.exists else "new translation ")
            + f"“{page.title}”"
            + planner.content_note(rendered),
            fields={} if target.exists else {"new": True},
            diff=html_diff(old, rendered.html, page.path) if target.exists else "",
            needs=needs,
        )
    return action


def _metadata(planner: ArticlePlanner, target: Target, needs: tuple[str, ...]) -> bool:
    desired = translation_meta(target.page, planner.slugs[target.key])
    remote = target.remote
    if remote is not None:
        seo = (
            None
            if remote.seo is None
            else {"title": remote.seo.title, "description": remote.seo.description}
        )
        current = {"seo": seo, "slug": remote.slug}
        changed = {k: v for k, v in desired.items() if current.get(k) != v}
    elif not target.exists:  # a new translation starts with no slug and no SEO
        changed = {k: v for k, v in desired.items() if v and v != _NO_SEO}
    elif target.lock is not None and target.lock.meta == meta_hash(desired):
        changed = {}
    else:
        changed = desired
    if changed:
        planner.add(
            "update_translation_metadata",
            target.article.path,
            language=target.page.language,
            target=target.remote_id,
            fields=changed,
            summary=describe(changed),
            needs=needs,
        )
    return bool(changed)


def _publish_state(
    planner: ArticlePlanner, target: Target, action: str, done: list[str], published_root: bool
) -> None:
    page, path = target.page, target.article.path
    remote_status = (
        target.remote.status
        if target.remote
        else (target.lock.status if target.lock else "unpublished")
    )
    if page.status == "published" and published_root:
        if action != "drift" and (done or remote_status != "published"):
            root = [f"publish:{path}"] if planner.has(f"publish:{path}") else []
            planner.add(
                "publish_translation",
                path,
                language=page.language,
                target=target.remote_id,
                summary="goes live",
                needs=(*done, *root),
            )
    elif page.status == "published":
        planner.warnings.append(
            f"{page.path}: cannot be published while its root article is a draft"
        )
    elif target.exists and remote_status != "unpublished":
        planner.add(
            "unpublish_translation",
            path,
            language=page.language,
            target=target.remote_id,
            summary="status: draft",
            needs=tuple(done),
        )

"""Root articles: create, or update draft and metadata; then publish or unpublish.

Each function reads the frozen context and writes only into its own `Steps`.
"""

from __future__ import annotations

from dataclasses import replace

from hcsync.api.models import Article
from hcsync.local.model import LocalArticle
from hcsync.plan.changes import (
    content_needs,
    content_note,
    describe,
    snippet_note,
    title_change,
)
from hcsync.plan.context import Context, Findings, Steps, combine
from hcsync.plan.decide import Decision, Seen, decide_content, with_policy
from hcsync.plan.diff import html_diff
from hcsync.plan.lock import ArticleLock
from hcsync.plan.metadata import root_metadata
from hcsync.plan.model import Aspect, Kind, OpKey, PageRef
from hcsync.plan.payloads import Metadata, SeoText
from hcsync.plan.translations import translation_steps
from hcsync.statuses import LocalStatus, RemoteStatus

EDITED = "edited on the help center since the last apply"


def article_steps(ctx: Context, article: LocalArticle) -> Findings:
    draft = ctx.draft(article.path)
    if draft is not None and ctx.remote.is_unread(draft.id):
        return _unread_article(ctx, article)
    return _article_steps(ctx, article)


def _unread_article(ctx: Context, article: LocalArticle) -> Findings:
    """An article the lock stands in for: nothing if its files match what the lock says was
    last sent, else a request to read it (planned for real in the next round)."""
    found = _article_steps(ctx, article)
    changed = found.operations or found.drifts or found.to_read
    return Findings(warnings=found.warnings, to_read=(PageRef(article.path),) if changed else ())


def _article_steps(ctx: Context, article: LocalArticle) -> Findings:
    steps = Steps()
    _warn_identity(ctx, steps, article)
    draft = ctx.draft(article.path)
    observed = None
    if draft is None:
        publish = _new_article(ctx, steps, article)
    else:
        publish, observed = _existing_article(ctx, steps, article, draft)
    _warn_draft_links(ctx, steps, article)
    translations, seen = translation_steps(ctx, article, draft, publish)
    if observed is not None:  # the lock entry as found, translations included
        pages = {**observed.translations, **seen}
        steps.observed.append((article.path, replace(observed, translations=pages)))
    return combine([steps.done(), translations])


def _new_article(ctx: Context, steps: Steps, article: LocalArticle) -> OpKey | None:
    path = article.path
    rendered = ctx.render(article)
    needs = content_needs(ctx, rendered, path)
    if ctx.category_ids.get(article.category) is None:
        needs = (OpKey(Kind.CREATE_CATEGORY, article.category), *needs)
    slug = ctx.slugs[PageRef(path)]
    fields = Metadata(article.category, slug, seo=SeoText.of(article))
    summary = f"“{article.title}”" + content_note(ctx, rendered)
    create = steps.add(Kind.CREATE_ARTICLE, path, summary=summary, payload=fields, needs=needs)
    done = [create]
    if path in ctx.follow_ups:
        pending = [OpKey(Kind.CREATE_ARTICLE, t) for t in sorted(ctx.targets[path] & ctx.new)]
        summary = "complete links to articles created in this apply"
        needs = (create, *(p for p in pending if p != create))
        done.append(steps.add(Kind.UPDATE_DRAFT, path, summary=summary, needs=needs))
    extra = Metadata(slug=slug or None, subtitle=article.subtitle or None)
    if extra:
        summary = describe(extra.to_json())
        meta = steps.add(Kind.UPDATE_METADATA, path, payload=extra, summary=summary, needs=[create])
        done.append(meta)
    if article.status is not LocalStatus.PUBLISHED:
        return None
    return steps.add(Kind.PUBLISH, path, summary="new article goes live", needs=done)


def _existing_article(
    ctx: Context, steps: Steps, article: LocalArticle, draft: Article
) -> tuple[OpKey | None, ArticleLock]:
    """Content, metadata and publish state; also the lock entry as the server shows it."""
    path, entry = article.path, ctx.entry(article.path)
    rendered = ctx.render(article)
    remote_html = draft.content.html if draft.content else ""
    shown = None if ctx.remote.is_unread(draft.id) else (draft.title, remote_html)
    verdict = decide_content(article.title, rendered, shown, entry)
    decision, drift = with_policy(
        verdict.decision, ctx.options.on_drift, (path, None), Aspect.CONTENT, EDITED
    )
    steps.drift(drift)
    done: list[OpKey] = []
    if decision is Decision.UPDATE:
        summary = (
            title_change(draft.title, article.title)
            + content_note(ctx, rendered)
            + snippet_note(article, remote_html, rendered.html)
        )
        diff = html_diff(remote_html, rendered.html, path)
        needs = content_needs(ctx, rendered, path)
        done.append(
            steps.add(
                Kind.UPDATE_DRAFT, path, target=draft.id, summary=summary, diff=diff, needs=needs
            )
        )
    meta = root_metadata(ctx, article, draft, entry)
    steps.drift(meta.drift)
    steps.to_read.extend(meta.to_read)
    if meta.changed:
        live = (
            " (live at once: the article is published)"
            if draft.status is not RemoteStatus.UNPUBLISHED
            else ""
        )
        done.append(
            steps.add(
                Kind.UPDATE_METADATA,
                path,
                target=draft.id,
                payload=meta.changed,
                summary=describe(meta.changed.to_json(), meta.before) + live,
                needs=meta.needs,
            )
        )
    publish = _publish_state(steps, article, draft, decision, done)
    return publish, _observed(draft, entry, verdict.seen, meta.seen)


def _publish_state(
    steps: Steps, article: LocalArticle, draft: Article, decision: Decision, done: list[OpKey]
) -> OpKey | None:
    path = article.path
    if article.status is LocalStatus.PUBLISHED and article.unpublished_changes:
        if draft.status is not RemoteStatus.PUBLISHED:  # pulled with its draft: stays a draft
            steps.warnings.append(
                f"{path}: its draft changes stay unpublished (unpublished_changes: true)"
            )
        return None
    if article.status is LocalStatus.PUBLISHED:
        content_changed = any(k.kind is Kind.UPDATE_DRAFT for k in done)
        pending = draft.status is not RemoteStatus.PUBLISHED
        if decision is not Decision.DRIFT and (content_changed or pending):
            summary = "changes go live" if content_changed else "pending draft goes live"
            return steps.add(Kind.PUBLISH, path, target=draft.id, summary=summary, needs=done)
    elif draft.status is not RemoteStatus.UNPUBLISHED:
        warning = ("its translations are unpublished too",) if draft.translations else ()
        steps.add(
            Kind.UNPUBLISH,
            path,
            target=draft.id,
            summary="status: draft",
            needs=done,
            warnings=warning,
        )
    return None


def _observed(
    draft: Article, entry: ArticleLock | None, content: Seen | None, meta: dict[str, str]
) -> ArticleLock:
    """The lock entry as the help center shows it now, before any operation."""
    base = entry or ArticleLock()
    if content is not None:
        base = base.with_content(content.sent, content.stored, content.canonical)
    return replace(
        base,
        id=draft.id,
        slug_id=draft.slug_id,
        slug=draft.slug or base.slug,
        status=draft.status,
        url=draft.url,
        updated_at=draft.updated_at,
        meta={**base.meta, **meta},
        pending="",
    )


def _warn_identity(ctx: Context, steps: Steps, article: LocalArticle) -> None:
    matched = ctx.matched.get(article.path)
    entry = ctx.lock.articles.get(article.path)
    if article.remote_id and matched is None:
        steps.warnings.append(
            f"{article.path}: id {article.remote_id} is not on the help center; it is created anew"
        )
    elif article.remote_id and article.remote_id != matched:
        steps.warnings.append(
            f"{article.path}: id {article.remote_id} is not on the help center; the file is "
            f"article {matched} there (by its lock entry, slug or title): correct its id: or remove it"
        )
    elif entry and entry.id and not entry.pending and matched is None:
        steps.warnings.append(
            f"{article.path}: article {entry.id} was deleted on the help center; it is created anew"
        )


def _warn_draft_links(ctx: Context, steps: Steps, article: LocalArticle) -> None:
    if article.status is not LocalStatus.PUBLISHED:
        return
    for target in sorted(ctx.targets[article.path] - {article.path}):
        if ctx.by_path[target].status is LocalStatus.DRAFT:
            steps.warnings.append(
                f"{article.path}: links to {target}, which stays a draft (readers get a dead link)"
            )

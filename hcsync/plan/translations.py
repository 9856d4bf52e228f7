"""Translations: draft, metadata, then publish — and only once the root is live.

A translation's draft has no list endpoint: the plan reads the ones the lock
cannot vouch for (see `hcsync.plan.reads`), and trusts the lock for the others
until it is about to change one — then that one is read first.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from hcsync.api.models import Article, Translation
from hcsync.local.model import LocalArticle, LocalTranslation
from hcsync.plan.changes import content_needs, content_note, describe
from hcsync.plan.context import Context, Findings, Steps
from hcsync.plan.decide import Decision, Verdict, decide_content, with_policy
from hcsync.plan.desired import Rendered
from hcsync.plan.diff import html_diff
from hcsync.plan.lock import PageLock
from hcsync.plan.metadata import translation_metadata
from hcsync.plan.model import Aspect, Kind, OpKey, PageRef
from hcsync.plan.payloads import TranslationDraft
from hcsync.statuses import LocalStatus, RemoteStatus


class Target(NamedTuple):
    """One translation with everything known about it."""

    ref: PageRef
    page: LocalTranslation
    draft: Article | None  # the root's draft; None while the root is created in this apply
    remote: Translation | None  # the translation draft, when it was read
    lock: PageLock | None
    exists: bool  # the server has this translation

    @property
    def remote_id(self) -> str | None:
        return self.draft.id if self.draft else None


def translation_steps(
    ctx: Context, article: LocalArticle, draft: Article | None, root_publish: OpKey | None
) -> tuple[Findings, dict[str, PageLock]]:
    steps = Steps()
    seen: dict[str, PageLock] = {}
    for _, page in sorted(article.translations.items()):
        target = _target(ctx, article, page, draft)
        root_live = article.status is LocalStatus.PUBLISHED
        observed = _translation(ctx, steps, target, root_live, root_publish)
        if observed is not None:
            seen[page.language] = observed
    if ctx.options.prune and draft is not None:
        entry = ctx.entry(article.path)
        remote = set(draft.translations) | set(entry.translations if entry else ())
        for language in sorted(remote - set(article.translations)):
            steps.add(
                Kind.DELETE_TRANSLATION,
                article.path,
                language=language,
                target=draft.id,
                summary="left the tree",
            )
    return steps.done(), seen


def _target(
    ctx: Context, article: LocalArticle, page: LocalTranslation, draft: Article | None
) -> Target:
    language = page.language
    entry = ctx.entry(article.path)
    lock = entry.translations.get(language) if entry else None
    remote = ctx.remote.translations.get((draft.id, language)) if draft else None
    exists = False
    if draft is not None:
        said = ctx.remote.translation_exists(draft.id, language)
        exists = said if said is not None else language in draft.translations or lock is not None
    return Target(PageRef(article.path, language), page, draft, remote, lock, exists)


def _translation(
    ctx: Context, steps: Steps, target: Target, root_live: bool, root_publish: OpKey | None
) -> PageLock | None:
    page, path, language = target.page, target.ref.path, target.ref.language
    rendered = ctx.render(page)
    root = (OpKey(Kind.CREATE_ARTICLE, path),) if target.draft is None else ()
    needs = (*root, *content_needs(ctx, rendered, path, root=False))
    verdict = _content(ctx, steps, target, rendered)
    done: list[OpKey] = []
    if verdict.decision is Decision.UPDATE:
        old = target.remote.content.html if target.remote and target.remote.content else ""
        done.append(
            steps.add(
                Kind.UPDATE_TRANSLATION,
                path,
                language=language,
                target=target.remote_id,
                summary=("" if target.exists else "new translation ")
                + f"“{page.title}”"
                + content_note(ctx, rendered),
                payload=TranslationDraft(new=not target.exists),
                diff=html_diff(old, rendered.html, page.path) if target.exists else "",
                needs=needs,
            )
        )
    meta = translation_metadata(ctx, target.ref, page, target.remote, target.lock, target.exists)
    steps.drift(meta.drift)
    steps.to_read.extend(meta.to_read)
    if meta.changed:
        done.append(
            steps.add(
                Kind.UPDATE_TRANSLATION_METADATA,
                path,
                language=language,
                target=target.remote_id,
                payload=meta.changed,
                summary=describe(meta.changed.to_json(), meta.before),
                needs=(*needs, *done),
            )
        )
    _publish_state(steps, target, verdict.decision, done, root_live, root_publish)
    return _observed(target, verdict, meta.seen) if target.exists else None


def _content(ctx: Context, steps: Steps, target: Target, rendered: Rendered) -> Verdict:
    if not target.exists:
        return Verdict(Decision.UPDATE)
    remote = target.remote
    html = remote.content.html if remote and remote.content else ""
    state = (remote.title, html) if remote is not None else None
    verdict = decide_content(target.page.title, rendered, state, target.lock)
    if verdict.trusted and target.draft is not None:
        steps.to_read.append(target.ref)
    decision, drift = with_policy(
        verdict.decision,
        ctx.options.on_drift,
        target.ref,
        Aspect.CONTENT,
        "edited on the help center since the last apply",
    )
    steps.drift(drift)
    return verdict._replace(decision=decision)


def _publish_state(
    steps: Steps,
    target: Target,
    decision: Decision,
    done: list[OpKey],
    root_live: bool,
    root_publish: OpKey | None,
) -> None:
    page, path, language = target.page, target.ref.path, target.ref.language
    published = page.status is LocalStatus.PUBLISHED
    if published and page.unpublished_changes:
        return  # pulled with its draft changes: they stay a draft (see hcsync pull)
    if target.remote is not None:
        status = target.remote.status
    else:
        status = target.lock.status if target.lock else RemoteStatus.UNPUBLISHED
    content_changed = any(k.kind is Kind.UPDATE_TRANSLATION for k in done)
    if published and root_live:
        pending = status is not RemoteStatus.PUBLISHED
        if decision is not Decision.DRIFT and (content_changed or pending):
            root = [root_publish] if root_publish else []
            steps.add(
                Kind.PUBLISH_TRANSLATION,
                path,
                language=language,
                target=target.remote_id,
                summary="goes live",
                needs=(*done, *root),
            )
    elif published:
        steps.warnings.append(f"{page.path}: cannot be published while its root article is a draft")
    elif target.exists and status.live:
        steps.add(
            Kind.UNPUBLISH_TRANSLATION,
            path,
            language=language,
            target=target.remote_id,
            summary="status: draft",
            needs=done,
        )


def _observed(target: Target, verdict: Verdict, meta: dict[str, str]) -> PageLock:
    base = target.lock or PageLock()
    if verdict.seen is not None:
        seen = verdict.seen
        base = base.with_content(seen.sent, seen.stored, seen.canonical)
    remote = target.remote
    if remote is not None:
        slug = remote.slug if "slug" in remote.shown else base.slug
        base = replace(
            base, status=remote.status, url=remote.url, updated_at=remote.updated_at, slug=slug
        )
    return replace(base, meta={**base.meta, **meta})

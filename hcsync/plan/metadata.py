"""Metadata decisions, field by field: what the server shows is compared, the rest trusted.

The API shows a draft's category and slug, but SEO only on published articles and
a subtitle nowhere: a field the server does not show is vouched for by the lock,
and an update decided on the lock's word alone is read back before it is sent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from hcsync.api.models import Article, Seo, Translation
from hcsync.local.model import LocalArticle, LocalTranslation
from hcsync.plan.context import Context
from hcsync.plan.decide import Decision, decide_fields, with_policy
from hcsync.plan.desired import desired_meta, translation_meta, value_hash
from hcsync.plan.lock import ArticleLock, PageLock
from hcsync.plan.model import Aspect, Drift, Kind, OpKey, PageRef
from hcsync.plan.payloads import Metadata, SeoText
from hcsync.statuses import RemoteStatus

NO_SEO = SeoText()


class MetaResult(NamedTuple):
    changed: Metadata  # the fields to send
    seen: dict[str, str]  # field → hash, for the fields found already right
    drift: Drift | None = None
    to_read: tuple[PageRef, ...] = ()
    needs: tuple[OpKey, ...] = ()
    before: Mapping[str, Any] = {}  # the values the server shows now, for the plan's lines


def server_spelling(desired: str | None, shown: str | None, entry: PageLock | None) -> bool:
    """Whether `shown` is the slug the server chose for `desired`.

    A server may store another slug than the one asked for (`x-2` for `x`); apply
    records both, so that the next plan takes `shown` as `desired` (no drift, nothing
    to send) and links use the URL the server made. Without that record (a lost lock,
    an adopted article) a numbered `x-2` is read as the server's choice for `x`: sending
    `x` again would only be numbered again.
    """
    if not (desired and shown):
        return False
    if entry is not None and "slug" in entry.meta:
        return recorded_spelling(desired, shown, entry)
    return numbered(desired, shown)


def recorded_spelling(desired: str, shown: str, entry: PageLock | None) -> bool:
    """Whether the lock records `shown` as the slug the server chose for `desired`."""
    return (
        entry is not None and shown == entry.slug and entry.meta.get("slug") == value_hash(desired)
    )


def numbered(desired: str, shown: str) -> bool:
    """`x-2` for `x`: how a server that never gives a slug twice numbers the one asked for."""
    return re.fullmatch(re.escape(desired) + r"-[0-9]+", shown) is not None


def slug_note(where: str, stored: str, sent: str) -> str:
    """What the user is told, once, of a slug the server chose."""
    return f"{where}: the help center stored slug {stored!r} for {sent!r}; links use it"


def root_metadata(
    ctx: Context, article: LocalArticle, draft: Article, entry: ArticleLock | None
) -> MetaResult:
    ref = PageRef(article.path)
    desired = desired_meta(article, ctx.slugs[ref])
    verifiable = (
        draft.status is not RemoteStatus.UNPUBLISHED and draft.id not in ctx.remote.published
    )
    current = _as_asked(_root_current(ctx, draft), desired, entry)
    result = _compare(ctx, ref, desired, current, entry, verifiable)
    if result.changed.category is not None and ctx.category_ids.get(article.category) is None:
        return result._replace(needs=(OpKey(Kind.CREATE_CATEGORY, article.category),))
    return result


def translation_metadata(
    ctx: Context,
    ref: PageRef,
    page: LocalTranslation,
    remote: Translation | None,
    lock: PageLock | None,
    exists: bool,
) -> MetaResult:
    desired = translation_meta(page, ctx.slugs[ref])
    if not exists:  # a new translation starts with no slug and no SEO
        seo = desired.seo if desired.seo != NO_SEO else None
        return MetaResult(Metadata(slug=desired.slug, seo=seo), {})
    current: dict[str, Any] = {}
    if remote is not None and "slug" in remote.shown:
        current["slug"] = remote.slug
    elif remote is not None and remote.url:  # documented: …/[language]/article/[slugId]-[slug]
        current["slug"] = slug_from_url(remote.url)
    if remote is not None and "seo" in remote.shown:
        current["seo"] = _seo(remote.seo)
    current = _as_asked(current, desired, lock)
    return _compare(ctx, ref, desired, current, lock, verifiable=remote is None)


def _as_asked(current: dict[str, Any], desired: Metadata, entry: PageLock | None) -> dict[str, Any]:
    """`current`, with a slug the server chose for the desired one read as the desired one."""
    if server_spelling(desired.slug, current.get("slug"), entry):
        return current | {"slug": desired.slug}
    return current


def slug_from_url(url: str) -> str | None:
    """The slug in a public article URL (`https://domain/de/article/42-slug`)."""
    last = url.split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    number, dash, slug = last.partition("-")
    return slug if dash and number.isdigit() and slug else None


def _root_current(ctx: Context, draft: Article) -> dict[str, Any]:
    category = ctx.folders.get(draft.category_id or "", draft.category_id)
    current: dict[str, Any] = {"category": category}
    if "slug" in draft.shown:
        current["slug"] = draft.slug
    published = ctx.remote.published.get(draft.id)
    for source in (draft, published):
        if source is not None and "seo" in source.shown:
            current["seo"] = _seo(source.seo)
    if "subtitle" in draft.shown:
        current["subtitle"] = draft.subtitle
    return current


def _seo(seo: Seo | None) -> dict[str, str]:
    return SeoText(seo.title, seo.description).to_json() if seo else NO_SEO.to_json()


def _compare(
    ctx: Context,
    ref: PageRef,
    desired: Metadata,
    current: Mapping[str, Any],
    lock: PageLock | None,
    verifiable: bool,
) -> MetaResult:
    recorded = lock.meta if lock else {}
    wanted = desired.to_json()
    changed, seen, drifted = decide_fields(wanted, current, recorded, ctx.options.trust_unseen)
    detail = "changed on the help center: " + ", ".join(drifted)
    found = Decision.DRIFT if drifted else Decision.NONE
    decision, drift = with_policy(found, ctx.options.on_drift, ref, Aspect.METADATA, detail)
    if decision is Decision.UPDATE:
        changed.update({name: wanted[name] for name in drifted})
    unverified = any(name not in current for name in changed)
    to_read = (ref,) if unverified and verifiable else ()
    return MetaResult(desired.only(changed), seen, drift, to_read, before=dict(current))

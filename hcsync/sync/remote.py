"""The remote snapshot: what the help center holds, read with as few calls as possible.

Always: the center (1 call), the categories (1), every draft with its content
(1 per 100 articles). Then, one call each: the translation drafts the lock
cannot vouch for, and the pages a plan is about to change on the lock's word
alone (read back first, so that what already matches costs no write).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from hcsync.api import HelpCenterClient, NotFound, flatten
from hcsync.plan.lease import is_lease
from hcsync.plan.model import PageRef
from hcsync.plan.snapshot import RemoteSite
from hcsync.statuses import RemoteStatus


def fetch_remote(client: HelpCenterClient) -> RemoteSite:
    center = client.get_center()
    categories = flatten(client.list_categories())
    every = list(client.list_drafts(content=True))
    drafts = {d.id: d for d in every if not is_lease(d)}
    return RemoteSite(center, categories, drafts, leases=tuple(d for d in every if is_lease(d)))


def with_unlisted(client: HelpCenterClient, remote: RemoteSite, ids: Iterable[str]) -> RemoteSite:
    """The snapshot plus the drafts of `ids` (the lock's) that the list did not show.

    A list may lag writes: an article created seconds ago may be missing from it. One
    read each, and none when the list shows them all; one gone (404) stays out.
    """
    drafts = dict(remote.drafts)
    for article_id in sorted(set(ids) - set(drafts)):
        try:
            draft = client.get_draft(article_id, content=True)
        except NotFound:
            continue
        if not is_lease(draft):
            drafts[draft.id] = draft
    return replace(remote, drafts=drafts) if len(drafts) > len(remote.drafts) else remote


def with_translations(
    client: HelpCenterClient, remote: RemoteSite, wanted: Iterable[tuple[str, str]]
) -> RemoteSite:
    """The snapshot plus the translation drafts named: found, or known to be absent."""
    found = dict(remote.translations)
    absent = set(remote.absent)
    for article_id, language in wanted:
        if (
            article_id not in remote.drafts
            or remote.translation_exists(article_id, language) is not None
        ):
            continue
        try:
            found[(article_id, language)] = client.get_translation_draft(
                article_id, language, content=True
            )
        except NotFound:
            absent.add((article_id, language))
    return replace(remote, translations=found, absent=frozenset(absent))


def with_pages(
    client: HelpCenterClient, remote: RemoteSite, matched: dict[str, str], pages: Iterable[PageRef]
) -> RemoteSite:
    """The snapshot plus the pages named: a translation draft, or a published article (SEO)."""
    wanted, published = [], dict(remote.published)
    for page in pages:
        draft = remote.draft(matched.get(page.path))
        if draft is None:
            continue
        if page.language:
            wanted.append((draft.id, page.language))
        elif draft.id not in published and draft.status is not RemoteStatus.UNPUBLISHED:
            published[draft.id] = client.get_article(draft.id)
    return with_translations(client, replace(remote, published=published), wanted)

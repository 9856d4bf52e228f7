"""The remote snapshot: what the help center holds, read with as few calls as possible.

Always: the center (1 call) and the categories (1). The full read adds every draft with
its content (1 per 100 articles); a focused one (a lock that matches the tree's last
applied state) adds only what changed since the lock — the drafts of files gone or
moved, a search per new article's title — and lets the lock stand in for the rest.
Then, one call each: the drafts and translation drafts the lock cannot vouch for, and
the pages a plan is about to change on the lock's word alone (read back first, so
that what already matches costs no write).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from hcsync.api import Article, HelpCenterClient, NotFound, flatten
from hcsync.api.client import PAGE_SIZE
from hcsync.local.model import LocalSite
from hcsync.plan.categories import match_categories
from hcsync.plan.lease import is_lease
from hcsync.plan.lock import Lock
from hcsync.plan.model import PageRef
from hcsync.plan.reads import focus
from hcsync.plan.snapshot import RemoteSite
from hcsync.statuses import RemoteStatus


class ReadEverything(Exception):
    """Reading the stand-ins asked for would cost more than the full read, or one of
    them is gone from the help center (the lock no longer matches it)."""


def fetch_remote(client: HelpCenterClient) -> RemoteSite:
    return with_every_draft(client, read_center(client))


def read_center(client: HelpCenterClient) -> RemoteSite:
    """The center and its categories (2 requests), no draft yet."""
    return RemoteSite(client.get_center(), flatten(client.list_categories()), {})


def with_every_draft(client: HelpCenterClient, remote: RemoteSite) -> RemoteSite:
    every = list(client.list_drafts(content=True))
    drafts = {d.id: d for d in every if not is_lease(d)}
    leases = tuple(d for d in every if is_lease(d))
    return replace(remote, drafts=drafts, leases=leases, unread=frozenset())


def with_focus(
    client: HelpCenterClient, remote: RemoteSite, local: LocalSite, lock: Lock
) -> RemoteSite:
    """What changed since the lock (`hcsync.plan.reads.focus`): the drafts it names, and
    per new article the drafts of its category with its title (a search, not the
    category's list); the lock's stand-ins for the rest. `ReadEverything` where that
    would take more requests than the full read."""
    wanted = focus(local, lock)
    if len(wanted.drafts) + len(wanted.titles) > _pages(len(lock.articles)):
        raise ReadEverything(f"{len(wanted.drafts) + len(wanted.titles)} pages to look for")
    drafts = {d.id: d for d in wanted.stand_ins}
    remote = replace(remote, drafts=drafts, unread=frozenset(drafts))
    remote = with_drafts(client, remote, wanted.drafts)
    category_ids = match_categories(local, remote, lock)
    for title, folder in wanted.titles:
        if category_id := category_ids.get(folder):  # a new category has none to look in
            remote = with_drafts_titled(client, remote, title, category_id)
    return remote


def _pages(articles: int) -> int:
    """Requests the full read's list of drafts takes."""
    return max(1, -(-articles // PAGE_SIZE))


def with_drafts(client: HelpCenterClient, remote: RemoteSite, ids: Iterable[str]) -> RemoteSite:
    """The snapshot with the drafts of `ids` read (one request each); one gone stays out."""
    wanted = set(ids)
    drafts = {id_: draft for id_, draft in remote.drafts.items() if id_ not in wanted}
    drafts.update((draft.id, draft) for draft in _read_drafts(client, sorted(wanted)))
    return replace(remote, drafts=drafts, unread=remote.unread - wanted)


def with_drafts_titled(
    client: HelpCenterClient, remote: RemoteSite, title: str, category_id: str
) -> RemoteSite:
    """The snapshot plus the drafts of one category titled `title` (`drafts_titled`)."""
    same = drafts_titled(client, category_id, title, content=True)
    drafts = dict(remote.drafts)
    drafts.update({d.id: d for d in same if d.id not in remote.drafts})
    return replace(remote, drafts=drafts)


def drafts_titled(
    client: HelpCenterClient, category_id: str, title: str, content: bool = False
) -> list[Article]:
    """The drafts of one category titled `title`: a search, whatever the category's size
    (it matches title and text; only the same title is kept)."""
    found = client.list_drafts(category=category_id, search=title, content=content)
    return [d for d in found if d.title == title and not is_lease(d)]


def with_unlisted(client: HelpCenterClient, remote: RemoteSite, ids: Iterable[str]) -> RemoteSite:
    """The snapshot plus the drafts of `ids` (the lock's) that the list did not show.

    A list may lag writes: an article created seconds ago may be missing from it. One
    read each, and none when the list shows them all; one gone (404) stays out.
    """
    drafts = dict(remote.drafts)
    unlisted = sorted(set(ids) - set(drafts))
    drafts.update((draft.id, draft) for draft in _read_drafts(client, unlisted))
    return replace(remote, drafts=drafts) if len(drafts) > len(remote.drafts) else remote


def _read_drafts(client: HelpCenterClient, ids: Iterable[str]) -> Iterator[Article]:
    """The drafts of `ids`, one request each; one gone (404) or a lease is left out."""
    for article_id in ids:
        try:
            draft = client.get_draft(article_id, content=True)
        except NotFound:
            continue
        if not is_lease(draft):
            yield draft


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


def _stand_ins_read(client: HelpCenterClient, remote: RemoteSite, ids: set[str]) -> RemoteSite:
    """The drafts the lock stood in for, one request each — or `ReadEverything` where that
    costs more than the list's pages, or where one is gone (the lock no longer matches)."""
    if len(ids) > _pages(len(remote.drafts)):
        raise ReadEverything(f"{len(ids)} pages changed")
    remote = with_drafts(client, remote, sorted(ids))
    if not ids <= set(remote.drafts):
        raise ReadEverything("a page the lock holds is gone from the help center")
    return remote


def with_pages(
    client: HelpCenterClient, remote: RemoteSite, matched: dict[str, str], pages: Iterable[PageRef]
) -> RemoteSite:
    """The snapshot plus the pages named: the drafts of stand-ins first (the next plan asks
    for more), else a translation draft or a published article (SEO)."""
    pages = list(pages)
    drafts = [remote.draft(matched.get(page.path)) for page in pages]
    unread = {d.id for d in drafts if d is not None and remote.is_unread(d.id)}
    if unread:
        return _stand_ins_read(client, remote, unread)
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

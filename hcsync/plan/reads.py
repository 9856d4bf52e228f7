"""What the plan must read beyond the lists: the translation drafts the lock cannot vouch for.

There is no list endpoint for translation drafts, and a draft's `translations`
names only the published languages, so a translation the lock has no record
of is read (found, or 404). With `refresh`, every translation of the tree is
read. Where the server also moves the root's `updated_at` on a translation
edit, that is used to read the translations of such an article too — an
optimisation, never the only signal.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import NamedTuple

from hcsync.api.models import Article
from hcsync.local.model import LocalSite
from hcsync.plan.lock import ArticleLock, Lock
from hcsync.plan.snapshot import RemoteSite
from hcsync.statuses import RemoteStatus


def translations_to_read(
    local: LocalSite,
    remote: RemoteSite,
    lock: Lock,
    matched: Mapping[str, str],
    refresh: bool,
) -> list[tuple[str, str]]:
    """(article id, language) of the translation drafts to read before planning."""
    by_id = {e.id: e for e in lock.articles.values() if e.id}
    wanted = []
    for article in local.articles:
        article_id = matched.get(article.path)
        draft = remote.draft(article_id)
        if draft is None or remote.is_unread(draft.id):  # read with its root, if it changed
            continue
        entry = by_id.get(draft.id)
        moved = entry is None or entry.updated_at != draft.updated_at
        for language in sorted(article.translations):
            recorded = entry is not None and language in entry.translations
            if refresh or moved or not recorded:
                wanted.append((draft.id, language))
    return wanted


# -- a focused read: what changed since the lock ------------------------------------


class Focus(NamedTuple):
    """What a plan reads when the lock matches the tree's last applied state."""

    drafts: tuple[str, ...]  # article ids read at once: files gone, moved or naming an id
    titles: tuple[tuple[str, str], ...]  # (title, category folder) of each new article
    stand_ins: tuple[Article, ...]  # the lock's word for every other article


def needs_full_read(lock: Lock, remote_categories: Collection[str]) -> str | None:
    """Why the lock cannot stand in for the help center (None: it can).

    Without entries there is nothing to stand in; a create whose answer was lost is
    found only in the lists; a category of the lock the help center no longer has
    means the center was changed behind the lock (wiped, or edited in the dashboard).
    """
    if not lock.articles:
        return "no lock entries"
    if any(entry.pending for entry in lock.articles.values()):
        return "a create whose answer was lost"
    if any(c.id and c.id not in remote_categories for c in lock.categories.values()):
        return "a category of the lock is gone from the help center"
    return None


def focus(local: LocalSite, lock: Lock) -> Focus:
    """The drafts to read now, the new titles to look for, and stand-ins for the rest.

    A file at its lock path stands in for its article (the planner asks to read it if
    the file changed); a lock entry whose file is gone is read (a move finds it by its
    slug or title, --prune deletes it), as is an id a front matter names.
    """
    paths = {a.path: a for a in local.articles}
    read: set[str] = set()
    stand_ins = []
    for path, entry in sorted(lock.articles.items()):
        article = paths.get(path)
        if not entry.id:
            continue
        if article is None or (article.remote_id and article.remote_id != entry.id):
            read.add(entry.id)
        else:
            category = lock.categories.get(article.category)
            stand_ins.append(stand_in(entry, category.id if category else None))
    read |= {a.remote_id for a in local.articles if a.remote_id}
    read -= {s.id for s in stand_ins}
    titles = tuple(
        (a.title, a.category)
        for a in local.articles
        if a.path not in lock.articles and not a.remote_id
    )
    return Focus(tuple(sorted(read)), titles, tuple(stand_ins))


def stand_in(entry: ArticleLock, category_id: str | None) -> Article:
    """An article as the lock recorded it after the last apply: no title, no content."""
    return Article(
        id=entry.id,
        object="draft",
        title="",
        status=entry.status or RemoteStatus.UNPUBLISHED,
        category_id=category_id,
        slug=entry.slug,
        slug_id=entry.slug_id,
        subtitle=None,
        seo=None,
        url=entry.url,
        preview_url=None,
        translations=tuple(sorted(k for k, t in entry.translations.items() if t.status.live)),
        created_at="",
        updated_at=entry.updated_at,
        published_at=None,
        content=None,
    )

"""What the plan must read beyond the lists: the translation drafts the lock cannot vouch for.

There is no list endpoint for translation drafts, and a draft's `translations`
names only the published languages, so a translation the lock has no record
of is read (found, or 404). With `refresh`, every translation of the tree is
read. Where the server also moves the root's `updated_at` on a translation
edit, that is used to read the translations of such an article too — an
optimisation, never the only signal.
"""

from __future__ import annotations

from collections.abc import Mapping

from hcsync.local.model import LocalSite
from hcsync.plan.lock import Lock
from hcsync.plan.snapshot import RemoteSite


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
        if draft is None:
            continue
        entry = by_id.get(draft.id)
        moved = entry is None or entry.updated_at != draft.updated_at
        for language in sorted(article.translations):
            recorded = entry is not None and language in entry.translations
            if refresh or moved or not recorded:
                wanted.append((draft.id, language))
    return wanted

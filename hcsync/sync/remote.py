"""The remote snapshot: what the help center holds, read with as few calls as possible.

Always: the center (1 call), the categories (1), every draft with its content
(1 per 100 articles). Translation drafts are read only where the lock cannot be
trusted: a translation hcsync has no lock entry for, an article whose
`updated_at` moved since the last apply (a translation edit moves it), or
everything with `refresh`.
"""

from __future__ import annotations

from collections.abc import Iterable

from hcsync.api import HelpCenterClient, NotFound, flatten
from hcsync.plan.snapshot import RemoteSite


def fetch_remote(client: HelpCenterClient) -> RemoteSite:
    center = client.get_center()
    categories = flatten(client.list_categories())
    drafts = {d.id: d for d in client.list_drafts(content=True)}
    return RemoteSite(center, categories, drafts)


def with_translations(
    client: HelpCenterClient, remote: RemoteSite, wanted: Iterable[tuple[str, str]]
) -> RemoteSite:
    """The snapshot plus the translation drafts named (those that exist)."""
    found = dict(remote.translations)
    for article_id, language in wanted:
        draft = remote.drafts.get(article_id)
        if draft is None or language not in draft.translations or (article_id, language) in found:
            continue
        try:
            found[(article_id, language)] = client.get_translation_draft(
                article_id, language, content=True
            )
        except NotFound:
            continue
    return RemoteSite(remote.center, remote.categories, remote.drafts, found)

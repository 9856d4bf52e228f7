"""Which remote article is each local article: front-matter id, lock, rename, slug, else new."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from hcsync.local.model import LocalSite
from hcsync.plan.lock import ArticleLock, Lock
from hcsync.plan.snapshot import RemoteSite

Claim = Callable[[str, str | None], bool]


def match_articles(local: LocalSite, remote: RemoteSite, lock: Lock) -> dict[str, str]:
    """Local root path → remote article id, for every article that exists remotely."""
    matched: dict[str, str] = {}
    claimed: set[str] = set()

    def claim(path: str, article_id: str | None) -> bool:
        if article_id and article_id in remote.drafts and article_id not in claimed:
            matched[path] = article_id
            claimed.add(article_id)
            return True
        return False

    for article in local.articles:  # explicit identities first
        entry = lock.articles.get(article.path)
        claim(article.path, article.remote_id) or claim(article.path, entry.id if entry else None)
    by_slug: dict[str, list[str]] = {}
    for draft in remote.drafts.values():
        if draft.slug:
            by_slug.setdefault(draft.slug, []).append(draft.id)
    local_paths = {a.path for a in local.articles}
    orphans = {p: e for p, e in lock.articles.items() if p not in local_paths and e.id}
    for article in local.articles:
        if article.path in matched:
            continue
        if _claim_rename(article.path, article.slug, article.title, orphans, remote, claim):
            continue
        if _claim_pending(article.path, article.title, lock, remote, claimed, claim):
            continue
        same_slug = by_slug.get(article.slug or "")
        if same_slug:
            claim(article.path, same_slug[0])
    return matched


def _claim_rename(
    path: str,
    slug: str | None,
    title: str,
    orphans: Mapping[str, ArticleLock],
    remote: RemoteSite,
    claim: Claim,
) -> bool:
    """A file moved: an orphaned lock entry with the same slug, or whose article has this title."""
    for entry in orphans.values():
        draft = remote.draft(entry.id)
        if draft is None:
            continue
        same_slug = slug is not None and entry.slug == slug
        if (same_slug or draft.title == title) and claim(path, draft.id):
            return True
    return False


def _claim_pending(
    path: str, title: str, lock: Lock, remote: RemoteSite, claimed: set[str], claim: Claim
) -> bool:
    """A create whose answer was lost: the one unclaimed draft with this title."""
    entry = lock.articles.get(path)
    if entry is None or not entry.pending:
        return False
    candidates = [d.id for d in remote.drafts.values() if d.title == title and d.id not in claimed]
    return len(candidates) == 1 and claim(path, candidates[0])


def translations_to_read(
    local: LocalSite, remote: RemoteSite, lock: Lock, refresh: bool
) -> list[tuple[str, str]]:
    """(article id, language) of the translation drafts the lock cannot vouch for."""
    wanted = []
    for path, article_id in match_articles(local, remote, lock).items():
        draft = remote.drafts[article_id]
        entry = lock.articles.get(path)
        moved = entry is None or entry.id != article_id or entry.updated_at != draft.updated_at
        for language in draft.translations:
            if refresh or moved or entry is None or language not in entry.translations:
                wanted.append((article_id, language))
    return wanted

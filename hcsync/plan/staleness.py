"""Translation staleness: which translations lag behind their root article, and by how much.

Pure functions of the local site and the lock. The lock keeps, per article, the
root's recent source versions (hash + date, oldest first) and, per translation,
the root version it was last written or reviewed against plus its own source
hash at that moment. A translation is stale when its root's source moved on and
its own file did not change since that record. A translation without a record
(older locks, articles never applied) counts as current; the next apply records it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from hcsync.local.model import LocalArticle, LocalSite, LocalTranslation
from hcsync.plan.lock import ArticleLock, Lock, SourceVersion, TranslationBase

HISTORY_LIMIT = 20  # root versions kept per article in the lock


@dataclass(frozen=True)
class StaleTranslation:
    """A translation whose root article changed since it was last written or reviewed."""

    path: str  # the translation file
    language: str
    root: str  # the root article's file
    lock_path: str  # where the root's entry sits in the lock (differs after an unapplied move)
    base: str  # hash of the root's source the translation was written against
    current: str  # hash of the root's source now
    edits: int  # root versions since the base (at least this many when `trimmed`)
    trimmed: bool  # the base is older than the history the lock keeps
    since: str | None  # when the root first moved on; None: changed in the tree, not applied yet
    days: int | None  # how long ago `since` was
    written: str = ""  # when the translation was last written or reviewed (ISO 8601)

    def describe(self) -> str:
        """`2 root edits behind since 2026-11-20 (3 days)`, for every view."""
        count = (
            f"{'at least ' if self.trimmed else ''}{self.edits} root edit{'s' * (self.edits != 1)}"
        )
        if self.since is None:
            return f"{count} behind (not applied yet)"
        ago = "today" if not self.days else f"{self.days} day{'s' * (self.days != 1)}"
        return f"{count} behind since {self.since[:10]} ({ago})"

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "language": self.language,
            "root": self.root,
            "edits": self.edits,
            "at_least": self.trimmed,
            "since": self.since,
            "days": self.days,
            "written": self.written or None,
            "base_version": self.base,
            "current_version": self.current,
        }


class Review(StrEnum):
    """What `mark_reviewed` did with one translation."""

    RECORDED = "recorded"
    UNTRACKED = "untracked"  # its article was never applied: nothing to record, it is current


def source_hash(title: str, body: str) -> str:
    """The version of a page's source: its title and Markdown, trailing blanks ignored."""
    lines = [line.rstrip() for line in body.strip("\n").split("\n")]
    text = json.dumps([title.strip(), "\n".join(lines)], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def page_source(page: LocalArticle | LocalTranslation) -> str:
    return source_hash(page.title, page.body)


def stamp(now: datetime) -> str:
    return now.strftime("%Y-%m-%dT%H:%M:%SZ")


class Entries:
    """Finds an article's lock entry, following a move that apply has not recorded yet.

    A moved file's entry still sits under its old path (an orphan: no file there
    now); it is found by the front-matter id, the slug, or an unchanged source.
    The orphans are indexed once, so a whole tree moved costs no quadratic search.
    """

    def __init__(self, site: LocalSite, lock: Lock) -> None:
        self.lock = lock
        paths = {*site.sources, *(a.path for a in site.articles)}  # `sources`: loaded or not
        orphans = sorted((p, e) for p, e in lock.articles.items() if p not in paths and e.id)
        self.by_id = {e.id: (p, e) for p, e in reversed(orphans)}
        self.by_slug = {e.slug: (p, e) for p, e in reversed(orphans) if e.slug}
        self.by_source = {v.hash: (p, e) for p, e in reversed(orphans) for v in e.root_versions}

    def find(self, article: LocalArticle) -> tuple[str, ArticleLock] | None:
        entry = self.lock.articles.get(article.path)
        if entry is not None:
            return article.path, entry
        return (
            self.by_id.get(article.remote_id or "")
            or self.by_slug.get(article.slug or "")
            or self.by_source.get(page_source(article))
        )


def find_stale(site: LocalSite, lock: Lock, now: datetime) -> tuple[StaleTranslation, ...]:
    """Every stale translation of the tree, in path order."""
    found, entries = [], Entries(site, lock)
    for article in site.articles:
        located = entries.find(article) if article.translations else None
        if located is None:
            continue
        lock_path, entry = located
        current = page_source(article)
        for language, page in sorted(article.translations.items()):
            base = entry.translation_bases.get(language)
            if base is None or base.own != page_source(page) or base.root == current:
                continue  # untracked, edited since (caught up), or current
            found.append(_stale(article, page, lock_path, entry, base, current, now))
    return tuple(sorted(found, key=lambda s: s.path))


def _stale(
    article: LocalArticle,
    page: LocalTranslation,
    lock_path: str,
    entry: ArticleLock,
    record: TranslationBase,
    current: str,
    now: datetime,
) -> StaleTranslation:
    base, written = record.root, record.date
    versions = entry.root_versions
    hashes = [v.hash for v in versions]
    trimmed = base not in hashes
    after = versions if trimmed else versions[len(hashes) - hashes[::-1].index(base) :]
    edits = len(after) + (not after or after[-1].hash != current)
    since = after[0].date if after else None
    days = None if since is None else max(0, (now - _parse(since)).days)
    return StaleTranslation(
        path=page.path,
        language=page.language,
        root=article.path,
        lock_path=lock_path,
        base=base,
        current=current,
        edits=edits,
        trimmed=trimmed,
        since=since,
        days=days,
        written=written,
    )


def _parse(date: str) -> datetime:
    return datetime.fromisoformat(date.replace("Z", "+00:00"))


def _with_version(
    versions: tuple[SourceVersion, ...], current: str, date: str
) -> tuple[SourceVersion, ...]:
    if versions and versions[-1].hash == current:
        return versions
    return (*versions, SourceVersion(current, date))[-HISTORY_LIMIT:]


def record_sources(lock: Lock, site: LocalSite, now: datetime) -> Lock:
    """After an apply: note each root's source version, and for every translation whose
    file changed (or that has no record yet) the root version it is now written against."""
    date, articles = stamp(now), dict(lock.articles)
    for article in site.articles:
        entry = lock.articles.get(article.path)
        if entry is not None and entry.id:
            articles[article.path] = _recorded(entry, article, date)
    return lock if articles == lock.articles else replace(lock, articles=articles)


def _recorded(entry: ArticleLock, article: LocalArticle, date: str) -> ArticleLock:
    current = page_source(article)
    bases = {}
    for language, page in article.translations.items():
        own = page_source(page)
        base = entry.translation_bases.get(language)
        if base is None or base.own != own:  # written in this apply, or first seen
            base = TranslationBase(current, own, date)
        bases[language] = base
    versions = _with_version(entry.root_versions, current, date)
    return replace(entry, root_versions=versions, translation_bases=bases)


def mark_reviewed(
    lock: Lock,
    site: LocalSite,
    pages: Iterable[tuple[LocalArticle, LocalTranslation]],
    now: datetime,
) -> tuple[Lock, list[Review]]:
    """Record the translations as written against their root as it stands now."""
    date, outcomes, entries = stamp(now), [], Entries(site, lock)
    for article, page in pages:
        located = entries.find(article)
        if located is None or not located[1].id:
            outcomes.append(Review.UNTRACKED)
            continue
        lock_path = located[0]
        entry = lock.articles[lock_path]  # as updated by an earlier page of the same article
        current = page_source(article)
        bases = {
            **entry.translation_bases,
            page.language: TranslationBase(current, page_source(page), date),
        }
        versions = _with_version(entry.root_versions, current, date)
        lock = lock.with_article(
            lock_path, replace(entry, root_versions=versions, translation_bases=bases)
        )
        outcomes.append(Review.RECORDED)
    return lock, outcomes


def follow(old: ArticleLock | None, remote_id: str) -> ArticleLock:
    """A fresh lock entry for a moved file, keeping what follows the file: its source history."""
    if old is None:
        return ArticleLock(id=remote_id)
    return ArticleLock(
        id=remote_id, root_versions=old.root_versions, translation_bases=old.translation_bases
    )


def translations_of(site: LocalSite) -> Iterator[tuple[LocalArticle, LocalTranslation]]:
    for article in site.articles:
        for page in article.translations.values():
            yield article, page

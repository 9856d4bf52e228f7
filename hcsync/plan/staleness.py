"""Translation staleness: which translations lag behind their root article, and by how much.

Pure functions of the local site and the lock. The lock keeps, per article, the
root's recent source versions (hash + date, oldest first) and, per translation,
the root version it was last written or reviewed against plus its own source
hash at that moment. A translation is stale when its root's source moved on and
its own file did not change since that record. A translation without a record
(older locks, articles never applied) counts as current; the next apply records it.

A root's version leaves out the paths of its relative links and images (`[x](a/b.md#s)`
counts as `[x](#s)`): moving a page rewrites the links to it in every page that links
there, which changes nothing a translator has to translate. Locks written before
that recorded the exact source; such a record still counts when it matches.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from hcsync.local.model import LocalArticle, LocalSite, LocalTranslation
from hcsync.plan.lock import HASH_CHARS, ArticleLock, Lock, SourceVersion, TranslationBase

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
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_CHARS]


# The path of an inline link or image (`](path`), and of a reference definition (`[x]: path`).
_INLINE_PATH = re.compile(r"(\]\(\s*<?)([^)\s>#?]+)")
_REFERENCE_PATH = re.compile(r"^( {0,3}\[[^\]]+\]:[ \t]*<?)([^\s>#?]+)", re.MULTILINE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")


def without_link_paths(body: str) -> str:
    """The body with each relative link and image path left out, anchors kept."""

    def drop(match: re.Match[str]) -> str:
        return match.group(0) if _SCHEME.match(match.group(2)) else match.group(1)

    if "](" in body:
        body = _INLINE_PATH.sub(drop, body)
    return _REFERENCE_PATH.sub(drop, body) if "]:" in body else body


def root_source_hash(title: str, body: str) -> str:
    """The version of a root article's source: as `source_hash`, link paths left out."""
    return source_hash(title, without_link_paths(body))


def page_source(page: LocalArticle | LocalTranslation) -> str:
    """The exact source of a page (a translation's own version; a root's in older locks)."""
    return source_hash(page.title, page.body)


def root_source(article: LocalArticle) -> str:
    return root_source_hash(article.title, article.body)


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
            or self.by_source.get(root_source(article))
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
        current, exact = root_source(article), page_source(article)
        for language, page in sorted(article.translations.items()):
            base = entry.translation_bases.get(language)
            if base is None or base.own != page_source(page) or base.root in (current, exact):
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
    versions: tuple[SourceVersion, ...], article: LocalArticle, date: str
) -> tuple[SourceVersion, ...]:
    current = root_source(article)
    if versions and versions[-1].hash == current:
        return versions
    if versions and versions[-1].hash == page_source(article):  # an older lock's record
        return (*versions[:-1], replace(versions[-1], hash=current))
    return (*versions, SourceVersion(current, date))[-HISTORY_LIMIT:]


def _current_base(base: TranslationBase, article: LocalArticle) -> TranslationBase:
    """A base an older lock recorded as the root's exact source, in today's terms."""
    if base.root == page_source(article):
        return replace(base, root=root_source(article))
    return base


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
    current = root_source(article)
    bases = {}
    for language, page in article.translations.items():
        own = page_source(page)
        base = entry.translation_bases.get(language)
        if base is None or base.own != own:  # written in this apply, or first seen
            base = TranslationBase(current, own, date)
        bases[language] = _current_base(base, article)
    versions = _with_version(entry.root_versions, article, date)
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
        current = root_source(article)
        bases = {
            **entry.translation_bases,
            page.language: TranslationBase(current, page_source(page), date),
        }
        versions = _with_version(entry.root_versions, article, date)
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

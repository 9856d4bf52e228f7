"""Pages a plan need not parse: those the lock vouches render as they last did.

A page's HTML is a function of its file (with the snippets it includes), of the
tree's other files and Markdown paths (which links and images resolve), of the
URLs and images it links to, and of hcsync's code. After an apply that carried
out its whole plan — no drift left aside, every URL as the plan made its links
with — each page's HTML is what the lock says it sent. So that apply records, per
page, the digest of its file (`PageLock.digest`) and, once, a digest of all the
rest (`Lock.context`). A later plan whose context digest is the same takes every
page whose file digest is too as rendering what the lock says it sent: it neither
parses nor checks it again (its links are checked where they lead into a changed
page). Anything else — a page sent since (its digest is emptied), an apply cut
short (its journal's lock has no context), a new or deleted file, an image or
hcsync.yml edited, another hcsync, a URL or image the lock records differently —
and the page, or every page, is parsed as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TypeVar

import hcsync
from hcsync.local.model import LocalArticle, LocalSite, Page
from hcsync.local.parsecache import renderer
from hcsync.plan.lock import ArticleLock, Lock, PageLock
from hcsync.plan.model import Plan
from hcsync.sync.lockfile import JOURNAL_NAME, LOCK_NAME


def known_renders(site: LocalSite, lock: Lock) -> dict[str, str]:
    """Page path → the content hash the lock vouches its render has (empty: none)."""
    if not lock.context or lock.context != context_digest(site, lock):
        return {}
    known = {}
    for page, entry in _recorded_pages(site, lock):
        if entry.digest and entry.digest == page.digest and entry.sent:
            known[page.path] = entry.sent
    return known


def finished(site: LocalSite, lock: Lock, plan: Plan) -> Lock:
    """The lock after an apply that carried out `plan` whole: each page's digest and the
    context recorded, if every page now holds its render (else the lock as it is)."""
    if plan.drifts or _urls_changed(plan, lock):
        return lock  # a page was left aside, or links were made with a URL the server changed
    articles = dict(lock.articles)
    for article in site.articles:
        entry = articles.get(article.path)
        if entry is not None and entry.id and not entry.pending:
            articles[article.path] = _with_digests(entry, article)
    recorded = replace(lock, articles=articles)
    return replace(recorded, context=context_digest(site, recorded))


def _urls_changed(plan: Plan, lock: Lock) -> bool:
    """Whether the help center gave a page another URL than the plan made links with (a
    URL the lock does not show — a draft's, a bare answer's — is the plan's again later)."""
    urls = dict(lock.page_urls())
    return any(urls.get(ref, url) != url for ref, url in plan.urls.items())


def context_digest(site: LocalSite, lock: Lock) -> str:
    """hcsync's code, the Markdown paths, every other file's bytes, the lock's URLs and images."""
    parts = [_code(), renderer(), *site.sources]
    others = (rel for rel in site.others if rel not in _LOCK_FILES)  # what they record
    parts += (f"{rel}\0{_file_digest(site.root / rel)}" for rel in others)
    urls = sorted(f"{path}\0{language or ''}\0{url}" for (path, language), url in lock.page_urls())
    images = sorted(f"{image}\0{url}" for image, url in lock.images.items())
    return _digest([*parts, *urls, *images])


_LOCK_FILES = frozenset({LOCK_NAME, JOURNAL_NAME})


def _with_digests(entry: ArticleLock, article: LocalArticle) -> ArticleLock:
    pages = {
        language: _digested(page, article.translations[language])
        for language, page in entry.translations.items()
        if language in article.translations
    }
    root = replace(entry, translations={**entry.translations, **pages})
    return _digested(root, article)


P = TypeVar("P", bound=PageLock)


def _digested(entry: P, page: Page) -> P:
    return replace(entry, digest=page.digest) if entry.sent else entry


def _recorded_pages(site: LocalSite, lock: Lock) -> Iterator[tuple[Page, PageLock]]:
    """Each page of the tree with the lock's entry at its path."""
    for article in site.articles:
        entry = lock.articles.get(article.path)
        if entry is None:
            continue
        yield article, entry
        for language, page in article.translations.items():
            translation = entry.translations.get(language)
            if translation is not None:
                yield page, translation


def _digest(parts: Iterable[str]) -> str:
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=6).hexdigest()


def _file_digest(file: Path) -> str:
    try:
        with file.open("rb") as handle:
            return hashlib.file_digest(handle, "blake2b").hexdigest()
    except OSError as exc:  # its own check says why; here it only differs from before
        return f"unreadable: {exc.strerror}"


@cache
def _code() -> str:
    """hcsync's source: another version may render, check or plan otherwise."""
    package = Path(hcsync.__file__).parent
    files = sorted(package.rglob("*.py"))
    return _digest(f"{p.relative_to(package)}\0{p.read_text(encoding='utf-8')}" for p in files)

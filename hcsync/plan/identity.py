"""Which remote article is each local article — with or without the lock.

In order: front-matter `id`; the lock entry for the path; a renamed file (an
orphaned lock entry with the same slug or title); a create whose answer was lost
(the title it was sent with); the slug; the title within the category; equal
text. A lock is a shortcut, never needed: without one, an already-synced center
is matched in full and nothing is created twice. Two remote candidates for one
file is an error naming both, never a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from hcsync.api.models import Article
from hcsync.local.model import LocalArticle, LocalSite
from hcsync.local.render import render
from hcsync.plan.lock import Lock
from hcsync.plan.snapshot import RemoteSite


@dataclass(frozen=True)
class Matching:
    articles: Mapping[str, str]  # local root path → remote article id
    errors: tuple[str, ...] = ()
    how: Mapping[str, str] = field(default_factory=dict)  # path → which rule matched


@dataclass
class _Claims:
    """The matching so far: each remote article goes to one local file at most."""

    remote: RemoteSite
    matched: dict[str, str] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)  # the remote ids in `matched`

    def free(self, drafts: Iterable[Article]) -> list[Article]:
        return sorted((d for d in drafts if d.id not in self.taken), key=lambda d: d.id)

    def claim(self, path: str, article_id: str | None, rule: str) -> bool:
        if not article_id or article_id not in self.remote.drafts:
            return False
        if path in self.matched or article_id in self.taken:
            return False
        self.matched[path], self.how[path] = article_id, rule
        self.taken.add(article_id)
        return True

    def claim_one(self, path: str, found: list[Article], rule: str) -> None:
        if len(found) == 1:
            self.claim(path, found[0].id, rule)
        elif len(found) > 1:
            ids = ", ".join(d.id for d in found)
            self.errors.append(
                f"{path}: {len(found)} articles on the help center match it by {rule} ({ids}); "
                f"put the right one's `id:` in its front matter (or run `hcsync lock rebuild`)"
            )


def match_articles(
    local: LocalSite, remote: RemoteSite, lock: Lock, category_ids: Mapping[str, str | None]
) -> Matching:
    claims = _Claims(remote)
    articles = local.articles
    for article in articles:
        claims.claim(article.path, article.remote_id, "front-matter id")
    for article in articles:
        entry = lock.articles.get(article.path)
        claims.claim(article.path, entry.id if entry else None, "lock")
    _renamed(articles, lock, claims)
    unmatched = [a for a in articles if a.path not in claims.matched]
    for rule, key in _RULES:
        for article in unmatched:
            if article.path not in claims.matched:
                wanted = key(article, lock, category_ids)
                if wanted is not None:
                    same = [
                        d for d in claims.free(remote.drafts.values()) if wanted == _of(d, rule)
                    ]
                    claims.claim_one(article.path, same, rule)
    _same_text(unmatched, claims)
    return Matching(dict(claims.matched), tuple(claims.errors), dict(claims.how))


# The rules that match a remote article this tree has no record of having made.
ADOPTING_RULES = frozenset({"front-matter id", "slug", "title in its category", "equal text"})


def adoptions(remote: RemoteSite, lock: Lock, matching: Matching) -> tuple[str, ...]:
    """A line per article taken over that the lock does not hold (a lost create is found
    by its own rule, so it is never one of them)."""
    ours = {e.id for e in lock.articles.values() if e.id}
    lines = []
    for path, article_id in sorted(matching.articles.items()):
        draft = remote.drafts.get(article_id)
        if matching.how.get(path) in ADOPTING_RULES and article_id not in ours and draft:
            lines.append(
                f"adopting an existing article {draft.title!r} ({article_id}) for {path}, "
                f"matched by {matching.how[path]}: created in the dashboard or by another tree"
            )
    return tuple(lines)


def _renamed(articles: tuple[LocalArticle, ...], lock: Lock, claims: _Claims) -> None:
    """A file moved: an orphaned lock entry with the same slug, or whose article has this title."""
    paths = {a.path for a in articles}
    orphans = [e for p, e in sorted(lock.articles.items()) if p not in paths and e.id]
    for article in articles:
        for entry in orphans:
            draft = claims.remote.draft(entry.id)
            if draft is None:
                continue
            same_slug = article.slug is not None and entry.slug == article.slug
            if (same_slug or draft.title == article.title) and claims.claim(
                article.path, draft.id, "rename"
            ):
                break


Key = Callable[[LocalArticle, Lock, Mapping[str, str | None]], tuple[str | None, ...] | None]


def _pending(
    article: LocalArticle, lock: Lock, ids: Mapping[str, str | None]
) -> tuple[str | None, ...] | None:
    entry = lock.articles.get(article.path)
    return (entry.pending,) if entry and entry.pending else None


def _slug(
    article: LocalArticle, lock: Lock, ids: Mapping[str, str | None]
) -> tuple[str | None, ...] | None:
    return (article.slug,) if article.slug else None


def _title(
    article: LocalArticle, lock: Lock, ids: Mapping[str, str | None]
) -> tuple[str | None, ...] | None:
    category = ids.get(article.category)
    return (article.title, category) if category else None


def _of(draft: Article, rule: str) -> tuple[str | None, ...]:
    if rule == "slug":
        return (draft.slug,)
    if rule == "title in its category":
        return (draft.title, draft.category_id)
    return (draft.title,)


_RULES: tuple[tuple[str, Key], ...] = (
    ("the title of a lost create", _pending),
    ("slug", _slug),
    ("title in its category", _title),
)


def _same_text(unmatched: list[LocalArticle], claims: _Claims) -> None:
    """Last resort: a remote article whose text equals the page's (renamed and retitled)."""
    left = [a for a in unmatched if a.path not in claims.matched]
    free = claims.free(claims.remote.drafts.values())
    if not left or not free:
        return
    by_text: dict[str, list[Article]] = {}
    for draft in free:
        text = _text(draft.content.html if draft.content else "")
        if text:
            by_text.setdefault(text, []).append(draft)
    for article in left:
        claims.claim_one(article.path, by_text.get(_text(render(article.body)), []), "equal text")


def _text(html: str) -> str:
    # Imported here: matching by text happens only without a lock entry or an id.
    from bs4 import BeautifulSoup

    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())

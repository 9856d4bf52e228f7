"""What a plan changes — its subjects — and how each looked when the plan was made.

A subject is a page (a root article or a translation), a category folder or an
image file. Its tree side is a hash of it as loaded (what apply would send); its
help-center side is the draft, translation draft or category as the API showed
it. A saved plan keeps both (`hcsync.plan.saved`); apply compares them with what
it finds then. Plain values, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from hcsync.api.models import Article, Category, Translation
from hcsync.local.files import CATEGORY_FILE
from hcsync.local.model import LocalArticle, LocalSite, Page
from hcsync.local.paths import is_relative_url, linked_page, resolve_target
from hcsync.plan.desired import digest, link_targets, value_hash
from hcsync.plan.model import Kind, Operation, PageRef, Plan
from hcsync.plan.payloads import CategoryFields
from hcsync.statuses import RemoteStatus

_CATEGORY_KINDS = frozenset({Kind.CREATE_CATEGORY, Kind.UPDATE_CATEGORY, Kind.DELETE_CATEGORY})


class SubjectKind(StrEnum):
    PAGE = "page"  # a root article or one of its translations
    CATEGORY = "category"  # a category folder
    IMAGE = "image"  # an image file (its upload)


class Subject(NamedTuple):
    """One thing a plan changes."""

    kind: SubjectKind
    path: str
    language: str | None = None

    def __str__(self) -> str:
        if self.kind is SubjectKind.CATEGORY:
            return f"{self.path}/{CATEGORY_FILE}"
        return str(PageRef(self.path, self.language))


@dataclass(frozen=True)
class RemoteState:
    """A draft, a translation draft or a category as the help center showed it.

    `hash` covers what the API shows of its content (title, HTML, slug, category;
    a category's fields), so an edit that leaves `updated_at` alone is seen too.
    """

    id: str
    exists: bool = True
    updated_at: str = ""
    status: RemoteStatus = RemoteStatus.NONE
    hash: str = ""


@dataclass(frozen=True)
class Seen:
    tree: str  # hash of the subject as loaded from the tree ("": not in the tree)
    remote: RemoteState | None = None  # None: nothing on the help center to compare


def subject_of(op: Operation) -> Subject:
    if op.kind in _CATEGORY_KINDS:
        return Subject(SubjectKind.CATEGORY, op.path)
    if op.kind is Kind.UPLOAD_IMAGE:
        return Subject(SubjectKind.IMAGE, op.path)
    return Subject(SubjectKind.PAGE, op.path, op.language)


def touched(plan: Plan) -> dict[Subject, str | None]:
    """Each subject the operations change, with the remote id they act on (None: new).

    A translation's id is its root article's.
    """
    found: dict[Subject, str | None] = {}
    for op in plan.operations:
        subject = subject_of(op)
        found[subject] = found.get(subject) or op.target
    return found


def draft_state(article_id: str, draft: Article | None) -> RemoteState:
    if draft is None:
        return RemoteState(article_id, exists=False)
    html = draft.content.html if draft.content else ""
    shown = digest(draft.title, html, draft.slug or "", draft.category_id or "")
    return RemoteState(article_id, True, draft.updated_at, draft.status, shown)


def translation_state(article_id: str, translation: Translation | None) -> RemoteState:
    """(The documented API shows a translation draft without `updated_at` or slug.)"""
    if translation is None:
        return RemoteState(article_id, exists=False)
    html = translation.content.html if translation.content else ""
    shown = digest(translation.title, html, translation.slug or "")
    return RemoteState(article_id, True, translation.updated_at, translation.status, shown)


def category_state(category_id: str, category: Category | None) -> RemoteState:
    if category is None:
        return RemoteState(category_id, exists=False)
    texts = {k: [t.name, t.description] for k, t in sorted(category.translations.items())}
    fields = [category.name, category.description, category.slug, category.parent_id]
    return RemoteState(category_id, hash=value_hash([*fields, category.icon, texts]))


def moved_in_tree(
    seen: Mapping[Subject, Seen], site: LocalSite, images: Mapping[str, str]
) -> list[str]:
    """The subjects whose files changed since they were seen, as `path in the tree`."""
    tree = Tree(site, images)
    return [f"{s} in the tree" for s, then in seen.items() if tree.hash(s) != then.tree]


def moved_remotely(seen: Mapping[Subject, Seen], now: Mapping[Subject, RemoteState]) -> list[str]:
    """The subjects that changed on the help center since they were seen (`now`: read again)."""
    return [
        f"{s} on the help center"
        for s, then in seen.items()
        if then.remote is not None and now.get(s) != then.remote
    ]


class Tree:
    """The tree's side of each subject: a hash of it as loaded (what apply would send)."""

    def __init__(self, site: LocalSite, images: Mapping[str, str]) -> None:
        self.articles = {a.path: a for a in site.articles}
        self.categories = {c.path: c for c in site.categories}
        self.roots = {p.path: a.path for a in site.articles for p in (a, *a.translations.values())}
        self.image_digests = images
        self.site = site
        self.parses = site.parses

    def hash(self, subject: Subject) -> str:
        if subject.kind is SubjectKind.IMAGE:
            return self.image_digests.get(subject.path, "")
        if subject.kind is SubjectKind.CATEGORY:
            category = self.categories.get(subject.path)
            return value_hash(CategoryFields.of(category).to_json()) if category else ""
        page = self.page(subject.path, subject.language)
        return self._page_hash(page) if page else ""

    def page(self, path: str, language: str | None) -> Page | None:
        article = self.articles.get(path)
        if article is None or language is None:
            return article
        return article.translations.get(language)

    def links(self, paths: Iterable[str]) -> set[str]:
        """The root paths the articles at `paths` (or their translations) link to."""
        found: set[str] = set()
        for path in paths:
            if path in self.articles:
                found |= link_targets(self.articles[path], self.roots, self.site)
        return found

    def images(self, paths: Iterable[str]) -> set[str]:
        """Content hashes of the images the articles at `paths` (or translations) embed."""
        found: set[str] = set()
        for path in paths:
            article = self.articles.get(path)
            for page in (article, *article.translations.values()) if article else ():
                found |= {d for kind, d in self._references(page) if kind == "image" and d}
        return found

    def _page_hash(self, page: Page) -> str:
        """Its front matter and expanded body, and what its relative references resolve to
        (an image's content, a link's page), which the HTML apply renders depends on."""
        seo = page.seo
        parts = [page.title, repr(page.slug), seo.title, seo.description, page.status, page.body]
        parts.append(repr(page.unpublished_changes))
        if isinstance(page, LocalArticle):
            parts += [page.category, repr(page.subtitle), repr(page.remote_id)]
        parts += [f"{kind}:{resolved}" for kind, resolved in self._references(page)]
        return digest(*parts)

    def _references(self, page: Page) -> list[tuple[str, str]]:
        found = []
        root = self.roots.get(page.path, page.path)
        for ref in self.parses.references(page.body).refs:
            path = resolve_target(page.path, ref.target)[0] if is_relative_url(ref.target) else None
            if path is None:
                continue
            if ref.kind == "image":
                found.append((ref.kind, self.image_digests.get(path, "")))
            else:
                found.append(
                    (ref.kind, self.roots.get(linked_page(page.path, root, path, self.roots), ""))
                )
        return found

"""The planning context: everything the steps read, computed once and frozen.

Each step (categories, uploads, articles, translations, prune) is a function of
this context that returns `Findings`; none changes another's state. `Steps` is
the private notebook one step writes its findings into.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from hcsync.api.models import Article
from hcsync.local.model import LocalArticle, LocalSite, Page
from hcsync.plan.desired import Rendered, Resolver, render_page
from hcsync.plan.lock import ArticleLock, CategoryLock, Lock
from hcsync.plan.model import Drift, DriftPolicy, Kind, Operation, OpKey, PageRef
from hcsync.plan.payloads import Payload
from hcsync.plan.snapshot import RemoteSite


class PlanOptions(NamedTuple):
    on_drift: DriftPolicy = DriftPolicy.FAIL
    prune: bool = False
    # `hcsync lock rebuild`: a field the API never shows (a subtitle, a subcategory's
    # translations) and the lock has no record of is taken to be as the tree has it.
    trust_unseen: bool = False


@dataclass(frozen=True)
class Context:
    local: LocalSite
    remote: RemoteSite
    lock: Lock
    options: PlanOptions
    images: Mapping[str, str]  # image path → content hash
    matched: Mapping[str, str]  # root path → remote article id
    category_ids: Mapping[str, str | None]  # folder → remote id (None until created)
    roots: Mapping[str, str]  # any page path → its root path
    targets: Mapping[str, frozenset[str]]  # root path → root paths it links to (itself too)
    slugs: Mapping[PageRef, str | None]  # the slug each page should have
    resolver: Resolver
    new: frozenset[str]  # root paths created in this apply
    follow_ups: frozenset[str]  # new articles completed by a second draft update
    by_path: Mapping[str, LocalArticle] = field(default_factory=dict)
    entries_by_id: Mapping[str, ArticleLock] = field(default_factory=dict)  # of the lock
    folders: Mapping[str, str] = field(default_factory=dict)  # category id → its folder
    # content hash → the first image path with it (built once: per page it was O(n²))
    image_paths: Mapping[str, str] = field(default_factory=dict)

    def draft(self, path: str) -> Article | None:
        return self.remote.draft(self.matched.get(path))

    def entry(self, path: str) -> ArticleLock | None:
        """The lock's entry for the article matched now: at this path, or where it was moved from."""
        matched = self.matched.get(path)
        entry = self.lock.articles.get(path)
        if entry and entry.id and entry.id == matched:
            return entry
        return self.entries_by_id.get(matched) if matched else None

    def render(self, page: Page) -> Rendered:
        """The page's HTML; for one the lock vouches for, its hash (the HTML made if asked)."""
        language = self.local.config.default_language
        parses, known = self.local.parses, self.local.unchanged.get(page.path)
        if known:
            return Rendered(
                lambda: render_page(page, self.resolver, language, parses).html, known=known
            )
        return render_page(page, self.resolver, language, parses)


@dataclass(frozen=True)
class Findings:
    operations: tuple[Operation, ...] = ()
    drifts: tuple[Drift, ...] = ()
    warnings: tuple[str, ...] = ()
    observed: tuple[tuple[str, ArticleLock], ...] = ()
    observed_categories: tuple[tuple[str, CategoryLock], ...] = ()
    to_read: tuple[PageRef, ...] = ()


def combine(parts: Iterable[Findings]) -> Findings:
    parts = list(parts)
    return Findings(*(tuple(x for part in parts for x in getattr(part, name)) for name in _FIELDS))


_FIELDS = tuple(Findings.__dataclass_fields__)


class Steps:
    """A step's notebook: operations, drift, warnings, what to verify; then `done()`."""

    def __init__(self) -> None:
        self.operations: list[Operation] = []
        self.drifts: list[Drift] = []
        self.warnings: list[str] = []
        self.to_read: list[PageRef] = []
        self.observed: list[tuple[str, ArticleLock]] = []
        self.observed_categories: list[tuple[str, CategoryLock]] = []
        self.keys: set[OpKey] = set()

    def add(
        self,
        kind: Kind,
        path: str,
        *,
        language: str | None = None,
        subject: str | None = None,
        needs: Iterable[OpKey] = (),
        payload: Payload | None = None,
        **details: Any,
    ) -> OpKey:
        key = OpKey(kind, subject or path, language)
        self.keys.add(key)
        self.operations.append(Operation(key, path, needs=tuple(needs), payload=payload, **details))
        return key

    def drift(self, drift: Drift | None) -> None:
        if drift is not None:
            self.drifts.append(drift)

    def done(self) -> Findings:
        return Findings(
            tuple(self.operations),
            tuple(self.drifts),
            tuple(self.warnings),
            tuple(self.observed),
            tuple(self.observed_categories),
            tuple(self.to_read),
        )

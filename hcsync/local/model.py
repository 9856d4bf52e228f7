"""The content tree as plain immutable values: what `load_site()` returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from hcsync.config import SiteConfig
from hcsync.local.macros import NO_MACROS, Source
from hcsync.local.parsecache import ParseCache
from hcsync.local.problem import Problem
from hcsync.statuses import LocalStatus


@dataclass(frozen=True)
class Seo:
    title: str = ""
    description: str = ""
    # where they are written in the file, for warnings (not part of the value)
    title_line: int = field(default=2, compare=False)
    description_line: int = field(default=2, compare=False)


@dataclass(frozen=True)
class Page:
    """What a root article and a translation share: one Markdown file."""

    path: str  # relative to the content root, POSIX separators
    language: str
    title: str
    slug: str | None
    seo: Seo
    status: LocalStatus
    body: str = field(repr=False)
    body_line: int  # the file line on which the Markdown body starts (1-based)
    # `body` is expanded (snippets, variables); this maps its lines back to the file's
    source: Source = field(default=NO_MACROS, kw_only=True, repr=False)
    # `unpublished_changes: true`: the page is live, and this file holds draft changes
    # that apply must keep as a draft (never publish) until the key is removed.
    unpublished_changes: bool = field(default=False, kw_only=True)
    # The file's text and the body its snippets made, digested: `hcsync.lock` keeps it with
    # what the page last sent, so a plan tells an unchanged page without parsing it.
    digest: str = field(default="", kw_only=True, compare=False, repr=False)


@dataclass(frozen=True)
class LocalTranslation(Page):
    root_path: str = ""  # the root article's path


@dataclass(frozen=True)
class LocalArticle(Page):
    category: str  # the category folder, relative to the root
    subtitle: str | None = None
    remote_id: str | None = None
    translations: Mapping[str, LocalTranslation] = field(default_factory=dict)


@dataclass(frozen=True)
class CategoryText:
    name: str
    description: str = ""


@dataclass(frozen=True)
class LocalCategory:
    path: str  # the folder, relative to the root
    name: str
    description: str = ""
    icon: str | None = None
    parent: str | None = None
    translations: Mapping[str, CategoryText] = field(default_factory=dict)


@dataclass(frozen=True)
class LocalSite:
    root: Path
    config: SiteConfig
    categories: tuple[LocalCategory, ...]
    articles: tuple[LocalArticle, ...]
    problems: tuple[Problem, ...] = ()
    sources: tuple[str, ...] = ()  # every Markdown file found, loaded or not
    # The parses of its pages: every stage that parses a body asks this one (see parsecache).
    parses: ParseCache = field(default_factory=ParseCache, compare=False, repr=False)
    others: tuple[str, ...] = field(default=(), compare=False, repr=False)  # non-Markdown files
    # Page path → the content hash its render is known to have: pages the lock vouches for
    # (see `hcsync.sync.unchanged`), never parsed or checked again by a plan.
    unchanged: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def article(self, path: str) -> LocalArticle | None:
        return next((a for a in self.articles if a.path == path), None)

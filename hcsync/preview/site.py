"""The tree as the preview sees it: pages, their problems, and where each is served.

Every page has an output path mirroring its file (`billing/invoices.md` →
`billing/invoices.html`, a category `billing` → `billing/_category.html`), and
images keep their own paths, so links between outputs are relative and the same
live and in a static build.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from html import unescape
from pathlib import Path
from urllib.parse import quote

from hcsync.local.check import SiteRule, check_site
from hcsync.local.images import image_digests
from hcsync.local.loader import load_site
from hcsync.local.model import LocalArticle, LocalCategory, LocalSite, Page
from hcsync.local.parsecache import ParseCache
from hcsync.local.problem import Problem
from hcsync.local.rules import all_pages
from hcsync.plan.model import PageRef

HOME = "index.html"
CATEGORY_PAGE = "_category.html"
STALE = "HC080"
_ID = re.compile(r'\bid="([^"]*)"')


def page_output(page: Page) -> str:
    return page.path[:-3] + ".html"


def category_output(folder: str) -> str:
    return f"{folder}/{CATEGORY_PAGE}"


def relative_url(source: str, target: str) -> str:
    """`target` (an output path) as a link from the output `source`."""
    return _relative(posixpath.dirname(source), target)


@lru_cache(maxsize=65536)  # a few folders link to many pages: the same answers again and again
def _relative(folder: str, target: str) -> str:
    """Both paths are clean, relative and inside the site: no file system asked."""
    here = folder.split("/") if folder else []
    there = target.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return quote("/".join([".."] * (len(here) - common) + there[common:]))


@dataclass(frozen=True)
class PreviewSite:
    """A loaded, checked tree and the lookups its pages need."""

    site: LocalSite
    problems: tuple[Problem, ...]
    images: Mapping[str, str] = field(repr=False)  # image path → content hash

    @property
    def default_language(self) -> str:
        return self.site.config.default_language

    @cached_property
    def pages(self) -> Mapping[str, Page]:
        """Output path → page, every article and translation."""
        return {page_output(page): page for page in all_pages(self.site)}

    @cached_property
    def outputs_by_ref(self) -> Mapping[PageRef, str]:
        """Each article and translation, as the planner names it, → its output path."""
        found = {}
        for article in self.site.articles:
            found[PageRef(article.path)] = page_output(article)
            for language, page in article.translations.items():
                found[PageRef(article.path, language)] = page_output(page)
        return found

    @cached_property
    def images_by_path(self) -> Mapping[str, str]:
        return {path: path for path in self.images}

    @cached_property
    def root_paths(self) -> Mapping[str, str]:
        """Any page path → its root article's path."""
        return {path: article.path for path, article in self.roots.items()}

    @cached_property
    def by_folder(self) -> Mapping[str, tuple[LocalArticle, ...]]:
        found: dict[str, list[LocalArticle]] = {}
        for article in self.site.articles:
            found.setdefault(article.category, []).append(article)
        return {folder: tuple(articles) for folder, articles in found.items()}

    @cached_property
    def roots(self) -> Mapping[str, LocalArticle]:
        """Any page path → its root article."""
        return {p.path: a for a in self.site.articles for p in (a, *a.translations.values())}

    @cached_property
    def categories(self) -> Mapping[str, LocalCategory]:
        return {category.path: category for category in self.site.categories}

    @cached_property
    def problems_by_path(self) -> Mapping[str, tuple[Problem, ...]]:
        found: dict[str, list[Problem]] = {}
        for problem in self.problems:
            found.setdefault(problem.path, []).append(problem)
        return {path: tuple(found_here) for path, found_here in found.items()}

    def problems_of(self, path: str) -> tuple[Problem, ...]:
        return self.problems_by_path.get(path, ())

    def is_stale(self, page: Page) -> bool:
        return any(p.code == STALE for p in self.problems_of(page.path))

    def articles_in(self, folder: str) -> tuple[LocalArticle, ...]:
        return self.by_folder.get(folder, ())

    def subcategories(self, folder: str | None) -> tuple[LocalCategory, ...]:
        return tuple(c for c in self.site.categories if c.parent == folder)

    def anchors(self, page: Page) -> frozenset[str]:
        """The ids a link into the page may name: headings, footnotes, raw HTML (decoded)."""
        return _anchors(self.site.parses.parsed(page.body).template.html)

    @cached_property
    def unshown_problems(self) -> tuple[Problem, ...]:
        """Problems of files that have no page of their own (not loaded, settings, lock)."""
        shown = {page.path for page in self.pages.values()}
        return tuple(p for p in self.problems if p.path not in shown)


@lru_cache(maxsize=4096)
def _anchors(html: str) -> frozenset[str]:
    return frozenset(unescape(found) for found in _ID.findall(html))


def load_preview(
    root: Path, site_rules: Iterable[SiteRule] = (), parses: ParseCache | None = None
) -> PreviewSite:
    """Load and check the tree (nothing written: no caches in the tree).

    `site_rules`: the checks that read more than the tree (the command passes
    translation staleness, which reads the lock), as `hcsync check` runs them;
    `parses`: kept from one load to the next, a live preview parses only what changed.
    """
    site = load_site(root, parses=parses)
    return PreviewSite(site, tuple(check_site(site, None, site_rules)), image_digests(site))

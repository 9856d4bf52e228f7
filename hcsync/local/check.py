"""Checking a tree: `check_site()` for all of it, `check_files()` for the files named,
`check_changed()` for a loaded tree where the lock vouches for the other pages.

Every page is parsed once. Anchor checks wait until all pages are parsed, so a
link target is never parsed a second time for its anchors.

With named files (pre-commit), the other pages are known from the facts cache
(read afresh only when they changed since the last check), and the links INTO
the named files are checked again from the rest of the tree: every page that
links to a named file, or to an article that no longer exists (deleted or
renamed), is parsed and its links reported; every page including a named
snippet is checked in full. A named `hcsync.yml` checks the whole tree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from hcsync.config import CONFIG_NAME, SiteConfig, load_site_config
from hcsync.local.facts import (
    FactsCache,
    PageFacts,
    anchors_from_file,
    facts_of,
    loaded_facts,
    scan_file,
)
from hcsync.local.files import find_files
from hcsync.local.loader import load_site, placement
from hcsync.local.macros import PageMacros
from hcsync.local.model import LocalSite, Page
from hcsync.local.parsecache import ParseCache
from hcsync.local.problem import Problem
from hcsync.local.rules import ImageCache, PageRules, all_pages, duplicates, missing_anchor
from hcsync.local.selection import selected
from hcsync.local.slugs import title_slug

# What a page is re-checked for when only its links into changed files matter.
LINK_CODES = frozenset({"HC040", "HC041", "HC042"})

Anchors = tuple[str, ...] | frozenset[str]

# A rule over the whole site that needs more than the tree (the lock, say): the caller,
# which may read such things, passes it in.
SiteRule = Callable[[LocalSite], list[Problem]]


def check_site(
    site: LocalSite, cache: FactsCache | None = None, site_rules: Iterable[SiteRule] = ()
) -> list[Problem]:
    """Every problem of the whole tree."""
    runs = _run_rules(site, all_pages(site))
    anchors = {run.page.path: run.anchors for run in runs}
    problems = list(site.problems) + [p for run in runs for p in run.problems]
    problems += _anchor_problems(runs, lambda path: anchors.get(path))
    problems += duplicates({run.page.path: _identity(run.page) for run in runs})
    problems += [p for rule in site_rules for p in rule(site)]
    if cache is not None:
        for run in runs:
            cache.put(run.page.path, facts_of(run.page, run.anchors, site.parses))
        cache.save()
    return _sorted(selected(problems, site))


def check_files(
    root: Path, named: Iterable[str], site_rules: Iterable[SiteRule] = ()
) -> list[Problem]:
    """Problems of the named files, and of the links into them, resolved against the whole tree."""
    wanted = set(named)
    config = load_site_config(root)
    cache, parses = FactsCache(root), ParseCache()
    if CONFIG_NAME in wanted:
        return check_site(load_site(root, config, parses=parses), cache, site_rules)
    found = find_files(root, config.ignore)
    facts = _Facts(root, config, cache, PageMacros(root, config), parses)
    others = {rel: facts.scanned(rel) for rel in found.markdown if rel not in wanted}
    sources = set(found.markdown)
    linkers = {rel for rel, f in others.items() if f and _links_into(f, wanted, sources)}
    includers = {rel for rel, f in others.items() if f and wanted.intersection(f.includes)}
    site = load_site(root, config, only=wanted | linkers | includers, found=found, parses=parses)
    checked = wanted | includers  # in full; the linkers for their links only
    runs = _run_rules(site, (p for p in all_pages(site) if p.path in checked | linkers))
    problems = _problems_of(site, runs, facts.anchors, others, checked)
    problems += [p for rule in site_rules for p in rule(site) if p.path in wanted]
    for run in runs:  # parsed anyway: keep their exact facts (named files change, so not those)
        if run.page.path not in wanted:
            cache.put(run.page.path, facts_of(run.page, run.anchors, parses))
    cache.save()
    return _sorted(selected(problems, site))


def check_changed(site: LocalSite) -> list[Problem]:
    """`check_site`'s problems where the pages of `site.unchanged` are as the last apply
    checked them: the other pages in full, and the links into them (a renamed heading
    breaks them) from every page that may have one (found by a scan, not a parse)."""
    pages = {page.path: page for page in all_pages(site)}
    changed = set(site.sources) - site.unchanged.keys()
    others = {path: loaded_facts(page) for path, page in pages.items() if path not in changed}
    sources = set(site.sources)
    linkers = {path for path, facts in others.items() if _links_into(facts, changed, sources)}
    runs = _run_rules(site, (pages[path] for path in sorted((changed | linkers) & pages.keys())))

    def anchors(path: str) -> Anchors | None:  # a page not checked: parsed for its anchors
        page = pages.get(path)
        return None if page is None else site.parses.references(page.body).anchors

    checked = changed | {problem.path for problem in site.problems}
    return _sorted(selected(_problems_of(site, runs, anchors, others, checked), site))


def _problems_of(
    site: LocalSite,
    runs: list[PageRules],
    anchors_of: Callable[[str], Anchors | None],
    others: Mapping[str, PageFacts | None],
    checked: set[str],
) -> list[Problem]:
    """The problems of the `checked` files, and those of the links in the other runs."""
    own = {run.page.path: run for run in runs}

    def anchors(path: str) -> Anchors | None:
        return own[path].anchors if path in own else anchors_of(path)

    problems = [p for p in site.problems if p.path in checked]
    problems += [p for r in runs for p in r.problems]
    problems += _anchor_problems(runs, anchors)
    problems = [p for p in problems if p.path in checked or p.code in LINK_CODES]
    identities = _identities(site.sources, own, others)
    return problems + [p for p in duplicates(identities) if p.path in checked]


def _identities(
    sources: Iterable[str], own: Mapping[str, PageRules], others: Mapping[str, PageFacts | None]
) -> dict[str, tuple[str, str | None, str | None]]:
    """(language, slug, id) of the pages sharing one with a checked page, then of those.

    The checked pages come last, so a clash is reported on them ("also used by
    the other page"), whichever comes first in the tree.
    """
    mine = {path: _identity(run.page) for path, run in own.items()}
    slugs = {(language, slug) for language, slug, _ in mine.values() if slug}
    ids = {remote_id for _, _, remote_id in mine.values() if remote_id}
    found = {}
    for path in sources:
        f = None if path in mine else others.get(path)
        if f and ((f.language, f.slug) in slugs or f.remote_id in ids):
            found[path] = (f.language, f.slug, f.remote_id)
    return found | mine


def _links_into(facts: PageFacts, changed: set[str], sources: set[str]) -> bool:
    return not changed.isdisjoint(facts.links) or not sources.issuperset(facts.links)


class _Facts:
    """The facts of pages not checked themselves: from the cache, else from the file."""

    def __init__(
        self,
        root: Path,
        config: SiteConfig,
        cache: FactsCache,
        macros: PageMacros,
        parses: ParseCache,
    ):
        self.root, self.config, self.cache, self.macros = root, config, cache, macros
        self.parses = parses
        self._known: dict[str, PageFacts | None] = {}

    def scanned(self, rel: str) -> PageFacts | None:
        if rel not in self._known:
            stamp = self.cache.stamp(rel)
            found = self.cache.get(rel, stamp)
            if found is None:
                language = placement(self.config, rel)[0]
                found = scan_file(self.root, rel, language, self.macros)
                if found is not None:
                    self.cache.put(rel, found, stamp)
            self._known[rel] = found
        return self._known[rel]

    def anchors(self, rel: str) -> Anchors | None:
        found = self.scanned(rel)
        if found is None:
            return None
        anchors = found.anchors
        if anchors is None:  # parsed once, the first time a link needs them
            anchors = anchors_from_file(self.root, rel, found.language, self.macros, self.parses)
            self._known[rel] = found._replace(anchors=anchors)
            self.cache.put(rel, found._replace(anchors=anchors))
        return tuple(anchors)


def _run_rules(site: LocalSite, pages: Iterable[Page]) -> list[PageRules]:
    paths = frozenset(site.sources)
    images = ImageCache(site.root)
    runs = [PageRules(paths, images, page, site.parses) for page in pages]
    for run in runs:
        run.run()
    return runs


def _anchor_problems(
    runs: list[PageRules], anchors_of: Callable[[str], Anchors | None]
) -> list[Problem]:
    problems = []
    for run in runs:
        for check in run.anchor_checks:
            anchors = anchors_of(check.target)
            problem = None if anchors is None else missing_anchor(check, anchors)
            if problem is not None:
                problems.append(problem)
    return problems


def _identity(page: Page) -> tuple[str, str | None, str | None]:
    """Language, slug (as written, else as the title gives it) and remote id."""
    return page.language, page.slug or title_slug(page.title), getattr(page, "remote_id", None)


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line, p.col, p.code))

"""Checking a tree: `check_site()` for all of it, `check_files()` for the files named.

Every page is parsed once. Anchor checks wait until all pages are parsed, so a
link target is never parsed a second time for its anchors. With named files
(pre-commit), other pages are known from the facts cache, read afresh only when
they changed since the last check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from hcsync.config import load_site_config
from hcsync.local.facts import FactsCache, PageFacts, facts_from_file, facts_of
from hcsync.local.loader import load_site, placement
from hcsync.local.model import LocalSite, Page, Problem
from hcsync.local.rules import ImageCache, PageRules, all_pages, duplicates, missing_anchor
from hcsync.local.selection import selected
from hcsync.local.slugs import title_slug
from hcsync.local.stale import stale_warnings


def check_site(site: LocalSite, cache: FactsCache | None = None) -> list[Problem]:
    """Every problem of the whole tree."""
    runs = _run_rules(site, all_pages(site))
    anchors = {run.page.path: run.anchors for run in runs}
    problems = list(site.problems) + [p for run in runs for p in run.problems]
    problems += _anchor_problems(runs, lambda path: anchors.get(path))
    problems += duplicates({run.page.path: _identity(run.page) for run in runs})
    problems += stale_warnings(site)
    if cache is not None:
        for run in runs:
            cache.put(run.page.path, facts_of(run.page, run.anchors))
        cache.save()
    return _sorted(selected(problems, site))


def check_files(root: Path, named: Iterable[str]) -> list[Problem]:
    """Problems of the named files, resolved against the whole tree."""
    wanted = set(named)
    config = load_site_config(root)
    site = load_site(root, config, only=wanted)
    cache = FactsCache(root)
    runs = _run_rules(site, (p for p in all_pages(site) if p.path in wanted))
    own = {run.page.path: run for run in runs}

    def facts(path: str) -> PageFacts | None:
        found = cache.get(path)
        if found is None:
            found = facts_from_file(root / path)
            if found is not None:
                cache.put(path, found)
        return found

    def anchors(path: str) -> tuple[str, ...] | frozenset[str] | None:
        if path in own:
            return own[path].anchors
        found = facts(path)
        return None if found is None else found.anchors

    problems = [p for p in site.problems if p.path in wanted] + [
        p for r in runs for p in r.problems
    ]
    problems += _anchor_problems(runs, anchors)
    identities = {}
    for path in site.sources:
        page_facts = None if path in own else facts(path)
        if path in own:
            identities[path] = _identity(own[path].page)
        elif page_facts is not None:
            identities[path] = (placement(config, path)[0], page_facts.slug, page_facts.remote_id)
    problems += [p for p in duplicates(identities) if p.path in wanted]
    problems += [p for p in stale_warnings(site) if p.path in wanted]
    cache.save()
    return _sorted(selected(problems, site))


def _run_rules(site: LocalSite, pages: Iterable[Page]) -> list[PageRules]:
    paths = frozenset(site.sources)
    images = ImageCache(site.root)
    runs = [PageRules(paths, images, page) for page in pages]
    for run in runs:
        run.run()
    return runs


def _anchor_problems(
    runs: list[PageRules], anchors_of: Callable[[str], tuple[str, ...] | frozenset[str] | None]
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

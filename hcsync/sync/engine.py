"""The push pipeline as values: load the tree, read lock and snapshot, make the plan.

Never prints, prompts or reads the environment: the commands pass the
environment in and show what comes back. What is read, in order:

1. the lock (refused if it belongs to another center; its image URLs off the help
   center's hosts dropped, see `hcsync.sync.cdn`), the center, the categories, and
   either every draft with content (the full read: `refresh`, a rebuild, an apply
   that was interrupted, or a lock that does not match the help center) or only
   what changed since the lock, the lock standing in for the rest (`with_focus`);
2. from the CDN, not the API: candidate URLs of images the lock does not know
   (adopted if their bytes match);
3. then rounds of reading and planning until the plan asks for nothing: the
   translation drafts the lock cannot vouch for (`hcsync.plan.reads`), the pages
   the plan would change on the lock's word alone (a stand-in's draft first), and,
   before articles are created or with `refresh`, the lock's image URLs on the CDN
   (re-uploaded if they no longer serve).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from hcsync.api import HelpCenterClient, flatten
from hcsync.errors import FatalError
from hcsync.local.check import check_changed, check_site
from hcsync.local.images import image_digests
from hcsync.local.loader import load_site
from hcsync.local.model import LocalSite
from hcsync.local.parsecache import ParseCache
from hcsync.local.problem import ProblemsFound
from hcsync.local.rules import all_pages
from hcsync.plan.images import image_candidates
from hcsync.plan.lock import Lock
from hcsync.plan.model import DriftPolicy, Kind, Plan
from hcsync.plan.planner import PlanOptions, make_plan, match
from hcsync.plan.reads import needs_full_read, translations_to_read
from hcsync.plan.snapshot import RemoteSite
from hcsync.plan.staleness import find_stale, record_sources
from hcsync.sync import cdn
from hcsync.sync.lockfile import JOURNAL_NAME, LOCK_NAME, read_lock, write_lock
from hcsync.sync.remote import (
    ReadEverything,
    drafts_titled,
    read_center,
    with_every_draft,
    with_focus,
    with_pages,
    with_translations,
    with_unlisted,
)
from hcsync.sync.unchanged import finished, known_renders


class SyncOptions(NamedTuple):
    on_drift: DriftPolicy = DriftPolicy.FAIL
    prune: bool = False
    refresh: bool = False


class Prepared(NamedTuple):
    """Everything plan and apply need, read once."""

    site: LocalSite
    images: dict[str, str]  # image path → content hash
    client: HelpCenterClient
    plan: Plan
    lock: Lock  # the lock the plan was made against (image URLs verified)
    domain: str
    reads: int  # requests it took to read the help center
    remote: RemoteSite | None = None  # what the plan was made from (None: a saved plan's)


def load_checked(root: Path, parses: ParseCache | None = None) -> LocalSite:
    """The tree (parsed through `parses`), refused with its errors before any request is
    sent; the pages the lock vouches for (`hcsync.sync.unchanged`) are not checked again."""
    site = load_site(root, parses=parses)
    site = replace(site, unchanged=_vouched_for(site))
    for page in all_pages(site):  # not parsed now: what the parse cache has of them stays
        if page.path in site.unchanged:
            site.parses.keep(page.body)
    problems = check_changed(site) if site.unchanged else check_site(site)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ProblemsFound(errors)
    return site


def _vouched_for(site: LocalSite) -> dict[str, str]:
    """The pages the lock vouches for: none while an apply's journal is left, or with a
    lock hcsync cannot read (the plan says why)."""
    if (site.root / JOURNAL_NAME).exists():
        return {}
    try:
        return known_renders(site, read_lock(site.root))
    except FatalError:
        return {}


def prepare(
    site: LocalSite, client: HelpCenterClient, options: SyncOptions, lock: Lock | None = None
) -> Prepared:
    """Read what the plan needs and make it; with `lock` given instead of hcsync.lock's,
    a rebuild (see `PlanOptions.trust_unseen`)."""
    rebuild = lock is not None
    interrupted = (site.root / JOURNAL_NAME).exists()
    lock = read_lock(site.root) if lock is None else lock
    refuse_other_center(site.root, lock, client.settings.center_id)
    recorded = lock
    lock = _only_help_center_images(lock, client.settings.api_url)
    full = options.refresh or rebuild or interrupted
    remote, focused = _first_read(client, site, lock, full)
    if not focused or lock is not recorded:  # every page compared anew: every page rendered
        site = replace(site, unchanged={})
    images = dict(image_digests(site, lock.images))
    matched = match(site, remote, lock).articles
    lock = _known_images(site, remote, matched, images, lock, client.settings.api_url)
    plan_options = PlanOptions(options.on_drift, options.prune, trust_unseen=rebuild)
    plan, remote, lock = _plan_until_read(
        _Round(site, images, client, plan_options, options.refresh), remote, lock
    )
    plan = replace(plan, stale=find_stale(site, lock, datetime.now(UTC)))
    domain, reads = remote.center.domain, client.requests_sent
    return Prepared(site, images, client, plan, lock, domain, reads, remote)


# A plan asks for a read at most once per page and kind (a stand-in's draft, a published
# article's SEO, a translation draft), each kind in one round; with the image check, a
# stand-in found gone (everything read, the kinds once more) and the last plan that is 8
# rounds at most. Beyond this bound is a bug in hcsync, not a slow center.
MAX_ROUNDS = 12


class _Round(NamedTuple):
    """What stays the same from one round of reading and planning to the next."""

    site: LocalSite
    images: dict[str, str]
    client: HelpCenterClient
    options: PlanOptions
    refresh: bool


def _plan_until_read(r: _Round, remote: RemoteSite, lock: Lock) -> tuple[Plan, RemoteSite, Lock]:
    """Plan, read what the plan asked for, plan again — until it asks for nothing.

    Each round first reads the translation drafts the lock cannot vouch for; the first
    plan that creates an article (or any with `refresh`) also has the lock's image URLs
    checked on the CDN, and is made again without those that no longer serve.
    """
    images_checked = False
    for _ in range(MAX_ROUNDS):
        matched = dict(match(r.site, remote, lock).articles)
        wanted = translations_to_read(r.site, remote, lock, matched, r.refresh)
        remote = with_translations(r.client, remote, wanted)
        plan = make_plan(r.site, r.images, remote, lock, r.options)
        if not images_checked and (r.refresh or _creates(plan)):
            images_checked = True
            alive = _without_dead_images(lock, set(r.images.values()), r.client.settings.api_url)
            if alive is not lock:  # an image to upload again: planned anew, every page rendered
                lock = alive
                r = r._replace(site=replace(r.site, unchanged={}))
                continue
        if not plan.to_read:
            return plan, remote, lock
        try:
            remote = with_pages(r.client, remote, matched, plan.to_read)
        except ReadEverything:
            remote = _read_all(r.client, remote, lock)
            r = r._replace(site=replace(r.site, unchanged={}))
    # A bug, not a user's error: the error boundary's crash log is what it needs.
    raise RuntimeError(f"the plan still asked for reads after {MAX_ROUNDS} rounds")


def _first_read(
    client: HelpCenterClient, site: LocalSite, lock: Lock, full: bool
) -> tuple[RemoteSite, bool]:
    """Everything when `full`, when the lock does not match the help center
    (`needs_full_read`) or when looking for what changed costs more; else what changed
    (and True: the read is focused)."""
    remote = read_center(client)
    if not full and needs_full_read(lock, {c.id for c in remote.categories}) is None:
        try:
            return with_focus(client, remote, site, lock), True
        except ReadEverything:
            pass
    return _read_all(client, remote, lock), False


def _read_all(client: HelpCenterClient, remote: RemoteSite, lock: Lock) -> RemoteSite:
    """Every draft, and those of the lock the list did not show (lists may lag writes)."""
    remote = with_every_draft(client, remote)
    return with_unlisted(client, remote, (e.id for e in lock.articles.values() if e.id))


def _creates(plan: Plan) -> bool:
    return any(op.kind is Kind.CREATE_ARTICLE for op in plan.operations)


def record_applied(prepared: Prepared, lock: Lock) -> None:
    """After an apply that carried out its plan whole: what each translation is now written
    against (staleness), and what each page now renders from (`hcsync.sync.unchanged`:
    not after a saved plan's, made from what another process read)."""
    site = prepared.site
    tracked = record_sources(lock, site, datetime.now(UTC))
    if prepared.remote is not None:
        tracked = finished(site, tracked, prepared.plan)
    if tracked != lock:
        write_lock(site.root, tracked)


def refuse_other_center(root: Path, lock: Lock, center_id: str) -> None:
    if lock.center_id and lock.center_id != center_id:
        raise FatalError(
            f"{root / LOCK_NAME} belongs to center {lock.center_id!r}, not {center_id!r}: "
            "check HC_CENTER_ID, or run `hcsync lock rebuild` to make one for this center"
        )


def _known_images(
    site: LocalSite,
    remote: RemoteSite,
    matched: Mapping[str, str],
    images: Mapping[str, str],
    lock: Lock,
    api_url: str,
) -> Lock:
    """The lock plus the images the help center already serves (checked byte for byte)."""
    candidates = image_candidates(site, remote, matched, images, lock)
    for digest, url in cdn.verified(candidates, api_url).items() if candidates else ():
        lock = lock.with_image(digest, url)
    return lock


def _only_help_center_images(lock: Lock, api_url: str) -> Lock:
    """The lock without image URLs off the help center's hosts (a pull request can write
    any URL there): never fetched, never put in an article; the image is uploaded again."""
    foreign = {d for d, url in lock.images.items() if not cdn.is_help_center_image(url, api_url)}
    return lock.without_images(frozenset(foreign)) if foreign else lock


def _without_dead_images(lock: Lock, used: set[str], api_url: str) -> Lock:
    gone = cdn.dead({d: url for d, url in lock.images.items() if d in used}, api_url)
    return lock.without_images(gone) if gone else lock


def creates_still_new(prepared: Prepared) -> bool:
    """Under the lease: nothing the plan creates has appeared meanwhile (another apply's work).

    Costs one read for the categories, and per category that gets new articles a search
    for each title (a few) or its list (many), instead of reading the whole help center.
    """
    plan, client, site = prepared.plan, prepared.client, prepared.site
    categories = {c.path: c for c in site.categories}
    wanted = {
        (categories[op.path].name, categories[op.path].parent)
        for op in plan.operations
        if op.kind is Kind.CREATE_CATEGORY
    }
    names = {c.id: c.name for c in flatten(client.list_categories())}
    if any(name in names.values() for name, _ in wanted):
        return False
    known = {**prepared.lock.categories, **plan.observed_categories}
    by_path = {a.path: a for a in site.articles}  # once: a lookup per create was O(n²)
    titles: dict[str, set[str]] = {}
    for op in plan.operations:
        article = by_path.get(op.path) if op.kind is Kind.CREATE_ARTICLE else None
        entry = known.get(article.category) if article else None
        if article and entry and entry.id in names:
            titles.setdefault(entry.id, set()).add(article.title)
    return not any(_titled(client, cid, new) for cid, new in titles.items())


# Up to this many new titles in one category are searched for, one request each; more
# are looked for in the category's list (one request per 100 articles).
SEARCHED_TITLES = 3


def _titled(client: HelpCenterClient, category_id: str, titles: set[str]) -> bool:
    """Whether the category has an article with one of these titles."""
    if len(titles) > SEARCHED_TITLES:
        return any(d.title in titles for d in client.list_drafts(category=category_id))
    return any(drafts_titled(client, category_id, title) for title in sorted(titles))

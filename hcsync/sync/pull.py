"""`pull`: the help center into the tree, and the lock that makes the next plan empty.

A thin executor around the pure pull plan (`plan/pulling.py`): read the snapshot
(center, categories, every draft with content: ⌈N/100⌉ pages), the translations
the plan names, the tree's files and the lock; download the images the plan
names (each once, from the CDN); plan; write the plan's files and the lock.
Never prints: the command shows the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from hcsync.api import HelpCenterClient
from hcsync.config import CONFIG_NAME, LANGUAGE, SiteConfig, load_site_config
from hcsync.errors import FatalError
from hcsync.local.files import CATEGORY_FILE
from hcsync.local.images import image_digests
from hcsync.local.loader import load_site
from hcsync.local.macros import SNIPPETS, SnippetRefused, read_snippet
from hcsync.local.parsecache import ParseCache
from hcsync.plan.lock import Lock
from hcsync.plan.pulled import local_category_hash, lock_after_pull, page_states
from hcsync.plan.pulling import (
    PullInputs,
    Step,
    TreeBefore,
    images_to_fetch,
    pull_plan,
    translations_to_read,
    with_documented_slugs,
)
from hcsync.plan.pullplan import PullPlan
from hcsync.plan.snapshot import RemoteSite
from hcsync.statuses import RemoteStatus
from hcsync.sync.cdn import Downloader, ImageGone, is_help_center_image
from hcsync.sync.lockfile import LOCK_NAME, read_lock, write_lock
from hcsync.sync.pullwrite import write_pull_plan
from hcsync.sync.remote import fetch_remote, with_translations
from hcsync.sync.writing import tree_entries


class PullOptions(NamedTuple):
    layout: str | None = None  # for a new tree: suffix or directories
    dry_run: bool = False
    force: bool = False
    probe_drafts: bool = False  # ask every language of new articles for an unpublished draft


@dataclass
class PullReport:
    plan: PullPlan = field(default_factory=PullPlan)  # carried out, unless a dry run
    reads: int = 0  # API requests
    downloads: int = 0  # CDN requests


def pull(
    root: Path, client: HelpCenterClient, options: PullOptions, step: Step | None = None
) -> PullReport:
    remote = _with_published_seo(client, fetch_remote(client))
    config = _config(root, remote, client.settings.center_id, options.layout)
    lock = read_lock(root) if (root / LOCK_NAME).exists() else Lock()
    on_disk = tree_entries(root)
    if not lock.articles and any(p.endswith(".md") for p in on_disk):
        raise FatalError(
            f"{root} holds Markdown files but no {LOCK_NAME} to tell which article each one is: "
            "pull into an empty folder, or run `hcsync apply` first"
        )
    wanted = translations_to_read(remote, config, lock, on_disk, options.probe_drafts)
    remote = with_documented_slugs(with_translations(client, remote, wanted))
    parses = ParseCache()  # the plan's checks, the tree before and after: one parse a page
    inputs = _inputs(root, config, remote, lock, on_disk, options.force, parses)
    downloader = Downloader()
    try:
        images = _images(downloader, inputs, client.settings.api_url)
    finally:
        downloader.close()
    plan = pull_plan(inputs, images, step)
    if not options.dry_run:
        write_pull_plan(root, plan)
        lock = replace(plan.lock, center_id=client.settings.center_id)
        _write_lock(root, config, remote, lock, plan, parses)
    return PullReport(plan, client.requests_sent, downloader.fetched)


def _inputs(
    root: Path,
    config: SiteConfig,
    remote: RemoteSite,
    lock: Lock,
    on_disk: frozenset[str],
    force: bool,
    parses: ParseCache,
) -> PullInputs:
    """The tree as written: its files' texts, and (synced before) what each page sends."""
    texts = {
        rel: _read(root / rel)
        for rel in on_disk
        if (rel.endswith(".md") and not rel.startswith(f"{SNIPPETS}/"))
        or rel.rpartition("/")[2] == CATEGORY_FILE
        if (root / rel).is_file()
    }
    before = TreeBefore()
    if lock.articles:
        site = load_site(root, config, parses=parses)
        images = dict(image_digests(site))
        categories = {c.path: local_category_hash(c) for c in site.categories}
        before = TreeBefore(page_states(site, images, remote, lock), images, categories)
    snippets = _snippets(root, on_disk) if config.templates else {}
    return PullInputs(remote, config, lock, texts, on_disk, before, snippets, force, parses)


def _snippets(root: Path, on_disk: frozenset[str]) -> dict[str, str]:
    """The snippets a page may include, as `read_snippet` lets them be read."""
    found = {}
    for rel in sorted(p for p in on_disk if p.startswith(f"{SNIPPETS}/")):
        try:
            text = read_snippet(root, rel)
        except SnippetRefused:
            continue
        if text is not None:
            found[rel] = text
    return found


def _images(downloader: Downloader, inputs: PullInputs, api_url: str) -> dict[str, bytes | None]:
    """The bytes of the images the plan needs (None: gone), each downloaded once."""
    urls = sorted(u for u in images_to_fetch(inputs) if is_help_center_image(u, api_url))
    found: dict[str, bytes | None] = {}
    for url in urls:
        try:
            found[url] = downloader.get(url)
        except ImageGone:
            found[url] = None
    return found


def _config(root: Path, remote: RemoteSite, center_id: str, layout: str | None) -> SiteConfig:
    if (root / CONFIG_NAME).is_file():
        return load_site_config(root)
    center = remote.center
    default = _language(center.default_language, "default language")
    languages = tuple(
        _language(x, "additional language") for x in center.additional_languages if x != default
    )
    return SiteConfig(
        center_id=center_id,
        default_language=default,
        languages=languages,
        layout=layout or "suffix",
    )


def _with_published_seo(client: HelpCenterClient, remote: RemoteSite) -> RemoteSite:
    """Drafts without SEO (the documented API shows it on published articles only) get the
    published article's: one list of the published articles, ⌈published/100⌉ requests."""
    if all(
        "seo" in d.shown or d.status is RemoteStatus.UNPUBLISHED for d in remote.drafts.values()
    ):
        return remote
    published = {a.id: a for a in client.list_articles() if "seo" in a.shown}
    drafts = {
        i: replace(d, seo=published[i].seo, shown=d.shown | {"seo"})
        if i in published and "seo" not in d.shown
        else d
        for i, d in remote.drafts.items()
    }
    return replace(remote, drafts=drafts, published={**remote.published, **published})


def _language(code: str, what: str) -> str:
    """A language code from the server, checked before it names a file or a setting."""
    if not LANGUAGE.fullmatch(code):
        raise FatalError(
            f"the help center's {what} {code!r} is not a language code (like en, de, pt-BR); "
            f"nothing was written: fix it in the dashboard, or write {CONFIG_NAME} yourself"
        )
    return code


def _read(path: Path) -> str:
    """A file's text as written (line endings kept)."""
    return path.read_bytes().decode("utf-8")


def _write_lock(
    root: Path,
    config: SiteConfig,
    remote: RemoteSite,
    lock: Lock,
    plan: PullPlan,
    parses: ParseCache,
) -> None:
    """The plan's lock, with the pulled pages' entries as the written tree now sends them."""
    site = load_site(root, config, parses=parses)
    images = dict(image_digests(site))
    write_lock(root, lock_after_pull(site, images, remote, lock, plan.pulled, plan.canonicals))

"""The push pipeline as values: load the tree, read lock and snapshot, make the plan.

Never prints, prompts or reads the environment: the commands pass the
environment in and show what comes back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from hcsync.api import ApiSettings, HelpCenterClient
from hcsync.errors import ProblemsFound
from hcsync.local.check import check_site
from hcsync.local.images import image_digests
from hcsync.local.loader import load_site
from hcsync.local.model import LocalSite
from hcsync.plan.identity import translations_to_read
from hcsync.plan.lock import Lock
from hcsync.plan.model import DriftPolicy, Plan
from hcsync.plan.planner import PlanOptions, make_plan
from hcsync.plan.staleness import find_stale, record_sources
from hcsync.sync.lockfile import read_lock, write_lock
from hcsync.sync.remote import fetch_remote, with_translations


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
    domain: str
    reads: int  # requests it took to read the help center


def load_checked(root: Path) -> LocalSite:
    """The tree, refused with its errors before any request is sent."""
    site = load_site(root)
    errors = [p for p in check_site(site) if p.is_error]
    if errors:
        raise ProblemsFound(errors)
    return site


def connect(site: LocalSite, environ: Mapping[str, str]) -> HelpCenterClient:
    env = dict(environ)
    if site.config.api_url and "HC_API_URL" not in env:
        env["HC_API_URL"] = site.config.api_url
    return HelpCenterClient(ApiSettings.from_env(env, center_id=site.config.center_id))


def prepare(site: LocalSite, client: HelpCenterClient, options: SyncOptions) -> Prepared:
    lock = read_lock(site.root)
    remote = fetch_remote(client)
    wanted = translations_to_read(site, remote, lock, options.refresh)
    remote = with_translations(client, remote, wanted)
    images = dict(image_digests(site))
    plan = make_plan(site, images, remote, lock, PlanOptions(options.on_drift, options.prune))
    plan = replace(plan, stale=find_stale(site, lock, datetime.now(UTC)))
    return Prepared(site, images, client, plan, remote.center.domain, client.requests_sent)


def record_translation_sources(site: LocalSite, lock: Lock) -> None:
    """After a successful apply: what each translation is now written against (staleness)."""
    tracked = record_sources(lock, site, datetime.now(UTC))
    if tracked != lock:
        write_lock(site.root, tracked)

"""`hcsync lock rebuild`: make hcsync.lock anew from the help center and the tree.

Reads (every translation draft included), matches each file to its remote
article without the old lock, records what it finds — and sends no change.
What differs stays for the next plan to show.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hcsync import output
from hcsync.api import HelpCenterClient
from hcsync.commands.client import open_client
from hcsync.commands.sync import find_root, load_or_report
from hcsync.errors import FatalError
from hcsync.local.model import LocalSite
from hcsync.plan.lock import Lock
from hcsync.sync.apply import Executor
from hcsync.sync.engine import SyncOptions, prepare
from hcsync.sync.handlers import HANDLERS
from hcsync.sync.lockfile import LOCK_NAME


def run_lock_rebuild(folder: Path | None) -> int:
    site = load_or_report(find_root(folder))
    with open_client(site.config) as client:
        return _rebuild(site, client)


def _rebuild(site: LocalSite, client: HelpCenterClient) -> int:
    prepared = prepare(site, client, SyncOptions(refresh=True), lock=Lock())
    plan = prepared.plan
    if plan.errors:
        raise FatalError(plan.errors[0] + "; nothing was written")
    executor = Executor(client, site, prepared.images, prepared.lock, prepared.domain)
    lock = executor.run(replace(plan, operations=()), HANDLERS)
    output.info(
        f"wrote {site.root / LOCK_NAME}: {len(lock.articles)} articles, "
        f"{len(lock.categories)} categories, {len(lock.images)} images matched "
        f"({client.requests_sent} read requests, no change sent); "
        f"`hcsync plan` shows what still differs ({len(plan.operations)} operations)"
    )
    return 0

"""Saving a plan, and getting a saved one ready to carry out: only what it touches is read.

Saving reads the translation drafts the plan changes on the lock's word alone
(one request each), so that what is saved is what the server showed. Apply
checks the tree first (no request), then reads each page the plan changes (its
draft; a translation's draft only where the plan changes that translation) and
the categories (one request) only where it changes one, and refuses the plan if
any of them differs from what the plan saw. Never prints: the commands do.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from hcsync.api import (
    PAGE_SIZE,
    Article,
    Category,
    HelpCenterClient,
    NotFound,
    Translation,
    flatten,
)
from hcsync.errors import FatalError
from hcsync.local.images import image_digests
from hcsync.local.model import LocalSite
from hcsync.plan.saved import SavedPlan, saved_plan
from hcsync.plan.subjects import (
    RemoteState,
    Subject,
    SubjectKind,
    category_state,
    draft_state,
    moved_in_tree,
    moved_remotely,
    touched,
    translation_state,
)
from hcsync.sync.engine import Prepared, SyncOptions, refuse_other_center
from hcsync.sync.lockfile import read_lock
from hcsync.sync.remote import with_translations

OUTDATED = "changed since this plan was made: run `hcsync plan` again"


def save(prepared: Prepared, options: SyncOptions) -> SavedPlan:
    """What `plan -o` writes: the plan and what it saw of each thing it changes."""
    assert prepared.remote is not None, "a plan made by prepare() has its snapshot"
    wanted = [
        (remote_id, subject.language)
        for subject, remote_id in touched(prepared.plan).items()
        if subject.kind is SubjectKind.PAGE and subject.language and remote_id
    ]
    remote = with_translations(prepared.client, prepared.remote, wanted)  # those not read yet
    center = prepared.client.settings.center_id
    return saved_plan(
        prepared.plan,
        prepared.site,
        prepared.images,
        prepared.lock,
        remote,
        center_id=center,
        prune=options.prune,
        refresh=options.refresh,
    )


def prepare_saved(site: LocalSite, client: HelpCenterClient, saved: SavedPlan) -> Prepared:
    """The saved plan ready for the executor, once nothing it touches has moved."""
    lock = read_lock(site.root)
    refuse_other_center(site.root, lock, client.settings.center_id)
    images = dict(image_digests(site))
    _refuse(moved_in_tree(saved.seen, site, images))  # before a single request
    _refuse(moved_remotely(saved.seen, read_again(client, saved)))
    for image, url in saved.images.items():  # as the plan rendered them (CDN-checked)
        lock = lock.with_image(image, url)
    return Prepared(site, images, client, saved.plan, lock, saved.domain, client.requests_sent)


def _refuse(moved: list[str]) -> None:
    if moved:
        more = f" (and {len(moved) - 1} more)" if len(moved) > 1 else ""
        raise FatalError(f"{moved[0]}{more}: {OUTDATED}")


def read_again(client: HelpCenterClient, saved: SavedPlan) -> dict[Subject, RemoteState]:
    """What the help center shows now of each subject the plan saw there."""
    seen = {s: state.remote for s, state in saved.seen.items() if state.remote is not None}
    roots = sum(s.kind is SubjectKind.PAGE and s.language is None for s in seen)
    listed = _listed(client, saved.drafts, roots)
    wanted = any(s.kind is SubjectKind.CATEGORY for s in seen)
    categories = {c.id: c for c in flatten(client.list_categories())} if wanted else {}
    return {s: _now(client, s, r.id, listed, categories) for s, r in seen.items()}


def _now(
    client: HelpCenterClient,
    subject: Subject,
    remote_id: str,
    listed: Mapping[str, Article] | None,
    categories: Mapping[str, Category],
) -> RemoteState:
    if subject.kind is SubjectKind.CATEGORY:
        return category_state(remote_id, categories.get(remote_id))
    if subject.language:
        return translation_state(remote_id, _translation(client, remote_id, subject.language))
    draft = listed.get(remote_id) if listed is not None else _draft(client, remote_id)
    return draft_state(remote_id, draft)


def _listed(client: HelpCenterClient, total: int, roots: int) -> dict[str, Article] | None:
    """Every draft at once, where listing them costs fewer requests than reading each
    (`total`: how many the plan listed); None: read one by one."""
    if roots <= math.ceil(max(total, 1) / PAGE_SIZE):
        return None
    return {d.id: d for d in client.list_drafts(content=True)}


def _draft(client: HelpCenterClient, article_id: str) -> Article | None:
    try:
        return client.get_draft(article_id, content=True)
    except NotFound:
        return None


def _translation(client: HelpCenterClient, article_id: str, language: str) -> Translation | None:
    try:
        return client.get_translation_draft(article_id, language, content=True)
    except NotFound:
        return None

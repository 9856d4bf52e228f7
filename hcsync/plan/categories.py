"""Categories: matched by the lock or by name under the same parent; created or updated.

A name or description edited in the dashboard is drift, like a page edit: the
lock keeps a hash of what hcsync last wrote or saw.
"""

from __future__ import annotations

from typing import Any

from hcsync.api.models import Category
from hcsync.local.model import LocalCategory, LocalSite
from hcsync.plan.context import Context, Findings, Steps
from hcsync.plan.decide import Decision, decide_fields, with_policy
from hcsync.plan.desired import value_hash
from hcsync.plan.lock import CategoryLock, Lock
from hcsync.plan.model import Aspect, Kind, OpKey
from hcsync.plan.payloads import CategoryFields
from hcsync.plan.snapshot import RemoteSite


def match_categories(local: LocalSite, remote: RemoteSite, lock: Lock) -> dict[str, str | None]:
    """Category folder → remote id (None while it is to be created)."""
    ids: dict[str, str | None] = {}
    by_id = {c.id: c for c in remote.categories}
    for category in local.categories:  # parents come before their children
        parent_id = ids.get(category.parent) if category.parent else None
        entry = lock.categories.get(category.path)
        taken = set(ids.values())
        if entry and entry.id in by_id and entry.id not in taken:
            ids[category.path] = entry.id
            continue
        same = [
            c.id
            for c in remote.categories
            if c.name == category.name and c.parent_id == parent_id and c.id not in taken
        ]
        ids[category.path] = min(same) if same and (parent_id or not category.parent) else None
    return ids


def category_steps(ctx: Context) -> Findings:
    steps = Steps()
    by_id = {c.id: c for c in ctx.remote.categories}
    languages = ctx.local.config.languages
    for category in ctx.local.categories:
        remote = by_id.get(ctx.category_ids.get(category.path) or "")
        desired = CategoryFields.of(category)
        if remote is None:
            parent = ctx.category_ids.get(category.parent or "")
            needs = (
                [OpKey(Kind.CREATE_CATEGORY, category.parent)]
                if category.parent and not parent
                else []
            )
            steps.add(
                Kind.CREATE_CATEGORY,
                category.path,
                summary=f"“{category.name}”",
                payload=desired,
                needs=needs,
            )
            continue
        _existing(ctx, steps, category, remote, desired, languages)
    return steps.done()


def _existing(
    ctx: Context,
    steps: Steps,
    category: LocalCategory,
    remote: Category,
    desired: CategoryFields,
    languages: tuple[str, ...],
) -> None:
    """Field by field, three ways: a field the server does not show is vouched for by the lock."""
    wanted = desired.sent()
    entry = ctx.lock.categories.get(category.path)
    recorded = entry.fields if entry and entry.id == remote.id else {}
    current = {
        k: _remote_value(remote, k, languages) for k in wanted if _shown(remote, k, languages)
    }
    changed, seen, drifted = decide_fields(wanted, current, recorded, ctx.options.trust_unseen)
    found = Decision.DRIFT if drifted else Decision.NONE
    detail = "edited on the help center since the last apply: " + ", ".join(drifted)
    decision, drift = with_policy(
        found, ctx.options.on_drift, (category.path, None), Aspect.CATEGORY, detail
    )
    steps.drift(drift)
    if decision is Decision.UPDATE:
        changed.update({name: wanted[name] for name in drifted})
    in_sync = not changed and not drifted
    whole = value_hash(wanted) if in_sync else (entry.hash if entry else "")
    observed = CategoryLock(remote.id, hash=whole, fields={**recorded, **seen})
    steps.observed_categories.append((category.path, observed))
    if changed:
        summary = "changes " + ", ".join(sorted(changed))
        payload = desired.only(changed)
        steps.add(
            Kind.UPDATE_CATEGORY, category.path, target=remote.id, payload=payload, summary=summary
        )


def _shown(remote: Category, name: str, languages: tuple[str, ...]) -> bool:
    """Whether the server shows the field (the API shows a subcategory without its
    translations); a tree with no other language compares none, so those need no look."""
    if name == "translations" and not languages:
        return True
    return name == "name" or name in remote.shown


def category_hashes(fields: CategoryFields) -> dict[str, str]:
    """What apply records after writing a category: a hash per field it manages."""
    return {k: value_hash(v) for k, v in fields.sent().items()}


def _remote_value(remote: Category, key: str, languages: tuple[str, ...]) -> Any:
    if key == "translations":
        items = sorted(remote.translations.items())
        return {
            k: {"name": v.name, "description": v.description} for k, v in items if k in languages
        }
    value: Any = getattr(remote, key)
    return value

"""Planning categories: match by lock or by name under the same parent, create or update."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from hcsync.api.models import Category
from hcsync.local.model import LocalCategory

if TYPE_CHECKING:
    from hcsync.plan.planner import ArticlePlanner


def plan_categories(planner: ArticlePlanner) -> dict[str, str | None]:
    """Category folder → remote id (None until created), adding the operations needed."""
    ids: dict[str, str | None] = {}
    by_id = {c.id: c for c in planner.remote.categories}
    languages = planner.local.config.languages
    for category in planner.local.categories:  # parents come before their children
        parent_id = ids.get(category.parent) if category.parent else None
        remote = _match(planner, category, by_id, parent_id)
        ids[category.path] = remote.id if remote else None
        desired = _fields(category)
        if remote is None:
            waits = category.parent and not parent_id
            needs = (f"create_category:{category.parent}",) if waits else ()
            planner.add(
                "create_category",
                category.path,
                summary=f"“{category.name}”",
                fields=desired,
                needs=needs,
            )
            continue
        planner.bindings[category.path] = remote.id
        changed = {
            k: v
            for k, v in desired.items()
            if k != "parent" and v != _remote_value(remote, k, languages)
        }
        if changed:
            summary = "changes " + ", ".join(sorted(changed))
            planner.add(
                "update_category", category.path, target=remote.id, fields=changed, summary=summary
            )
    return ids


def _match(
    planner: ArticlePlanner,
    category: LocalCategory,
    by_id: Mapping[str, Category],
    parent_id: str | None,
) -> Category | None:
    entry = planner.lock.categories.get(category.path)
    if entry and entry.id in by_id:
        return by_id[entry.id]
    same = [
        c for c in planner.remote.categories if c.name == category.name and c.parent_id == parent_id
    ]
    return same[0] if same else None


def _fields(category: LocalCategory) -> dict[str, Any]:
    translations = {
        k: {"name": v.name, "description": v.description}
        for k, v in sorted(category.translations.items())
    }
    fields: dict[str, Any] = {
        "name": category.name,
        "description": category.description,
        "translations": translations,
        "parent": category.parent,
    }
    if category.icon:
        fields["icon"] = category.icon
    return fields


def _remote_value(remote: Category, key: str, languages: tuple[str, ...]) -> Any:
    if key == "translations":
        items = sorted(remote.translations.items())
        return {
            k: {"name": v.name, "description": v.description} for k, v in items if k in languages
        }
    return getattr(remote, key)

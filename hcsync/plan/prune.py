"""Deleting what left the tree (only with --prune); the guard is `Plan.unsafe`."""

from __future__ import annotations

from hcsync.plan.context import Context, Findings, Steps
from hcsync.plan.model import Kind


def prune_steps(ctx: Context) -> Findings:
    steps = Steps()
    local_paths = {a.path for a in ctx.local.articles}
    claimed = set(ctx.matched.values())
    deletes = []
    for path, entry in sorted(ctx.lock.articles.items()):
        if path in local_paths or entry.id in claimed or entry.id not in ctx.remote.drafts:
            continue
        deletes.append(
            steps.add(Kind.DELETE_ARTICLE, path, target=entry.id, summary="left the tree")
        )
    local_categories = {c.path for c in ctx.local.categories}
    remote_categories = {c.id for c in ctx.remote.categories}
    for path, category in sorted(ctx.lock.categories.items(), reverse=True):
        if path not in local_categories and category.id in remote_categories:
            steps.add(
                Kind.DELETE_CATEGORY,
                path,
                target=category.id,
                summary="left the tree",
                needs=deletes,
            )
    return steps.done()


def managed_count(ctx: Context) -> int:
    """The articles hcsync manages: those the lock holds, or the tree matched if more."""
    return max(len(ctx.lock.articles), len(ctx.matched))

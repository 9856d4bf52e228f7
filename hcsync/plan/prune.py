"""Deleting what left the tree (only with --prune) and saying what stays without it;
the guard is `Plan.unsafe`."""

from __future__ import annotations

from hcsync.plan.context import Context, Findings, Steps
from hcsync.plan.model import Kind, PageRef


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


def left_the_tree(ctx: Context) -> tuple[PageRef, ...]:
    """Managed pages whose files left the tree and that the help center still has: without
    --prune they stay there, and the plan says so rather than "No changes"."""
    if ctx.options.prune:
        return ()
    local = {a.path: a for a in ctx.local.articles}
    claimed = set(ctx.matched.values())
    found = []
    for path, entry in sorted(ctx.lock.articles.items()):
        article = local.get(path)
        if article is None:
            if entry.id and entry.id not in claimed and entry.id in ctx.remote.drafts:
                found.append(PageRef(path))
        elif (draft := ctx.draft(path)) is not None and ctx.entry(path) is entry:
            for language in sorted(set(entry.translations) - set(article.translations)):
                said = ctx.remote.translation_exists(draft.id, language)
                if said or (said is None and language in draft.translations):
                    found.append(PageRef(path, language))
    return tuple(found)


def managed_count(ctx: Context) -> int:
    """The articles hcsync manages: those the lock holds, or the tree matched if more."""
    return max(len(ctx.lock.articles), len(ctx.matched))

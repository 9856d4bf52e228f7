"""Small pure helpers the planning steps share: what content waits for, one-line descriptions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hcsync.local.model import Page
from hcsync.plan.context import Context
from hcsync.plan.desired import Rendered
from hcsync.plan.model import Kind, OpKey


def content_needs(
    ctx: Context, rendered: Rendered, path: str, root: bool = True
) -> tuple[OpKey, ...]:
    """The uploads and creates a page's HTML waits for.

    A new root article in a link cycle waits for no create: its links are completed
    by a follow-up draft update. A translation always waits (nothing waits for it).
    """
    images = [OpKey(Kind.UPLOAD_IMAGE, d) for d in sorted(rendered.pending_images)]
    if root and path in ctx.follow_ups:
        return tuple(images)
    links = [
        OpKey(Kind.CREATE_ARTICLE, t)
        for t in sorted(rendered.pending_links)
        if t in ctx.new and t != path
    ]
    return (*images, *links)


def content_note(ctx: Context, rendered: Rendered) -> str:
    """What a page's HTML waits for: images to upload, articles created in this apply."""
    paths = {digest: path for path, digest in sorted(ctx.images.items(), reverse=True)}
    uploads = sorted(paths[d] for d in rendered.pending_images if d in paths)
    links = sorted(rendered.pending_links)
    note = f"; uploads {', '.join(uploads)}" if uploads else ""
    return note + (f"; links to new {', '.join(links)}" if links else "")


def seo_fields(page: Page) -> dict[str, str]:
    return {"title": page.seo.title, "description": page.seo.description}


def describe(fields: Mapping[str, Any]) -> str:
    parts = []
    for name, value in fields.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v!r}" for k, v in value.items())
            parts.append(f"{name} → {value}")
        else:
            parts.append(f"{name} → {value!r}")
    return "; ".join(parts)


def title_change(old: str, new: str) -> str:
    return f"title “{old}” → “{new}”" if old != new else "content changes"

"""Small pure helpers the planning steps share: what content waits for, one-line descriptions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from hcsync.local.model import Page
from hcsync.local.render import render
from hcsync.plan.context import Context
from hcsync.plan.desired import Rendered
from hcsync.plan.diff import canonical_lines
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
    paths = ctx.image_paths
    uploads = sorted(paths[d] for d in rendered.pending_images if d in paths)
    links = sorted(rendered.pending_links)
    note = f"; uploads {', '.join(uploads)}" if uploads else ""
    return note + (f"; links to new {', '.join(links)}" if links else "")


def describe(fields: Mapping[str, Any], old: Mapping[str, Any] | None = None) -> str:
    """One line per change: `slug 'a' → 'b'`; `seo.title '' → 'New'` (`→ new` where old is unknown)."""
    old = old or {}
    parts = []
    for name, value in fields.items():
        known = name in old
        before = old.get(name)
        if isinstance(value, dict):
            previous = before if isinstance(before, dict) else {}
            parts += [
                _change(f"{name}.{key}", previous.get(key), item, known)
                for key, item in value.items()
                if previous.get(key) != item or not known
            ]
        else:
            parts.append(_change(name, before, value, known))
    return "; ".join(parts)


def _change(name: str, before: Any, after: Any, known: bool) -> str:
    if not known:
        return f"{name} → {after!r}"
    return f"{name} {'(unset)' if before is None else repr(before)} → {after!r}"


def title_change(old: str, new: str) -> str:
    return f"title “{old}” → “{new}”" if old != new else "content changes"


def snippet_note(page: Page, old_html: str, new_html: str) -> str:
    """`; snippet _snippets/x.md changed` when changed text of the page comes from a snippet.

    The lock keeps no snippet history, so this looks at what changed: a snippet is
    named when a line that differs between the two versions is one of its lines.
    """
    if not page.source.includes:
        return ""
    old, new = _texts(old_html), _texts(new_html)
    changed = old ^ new
    names = [path for path, text in page.source.includes if _texts(render(text)) & changed]
    return f"; snippet {', '.join(names)} changed" if names else ""


def _texts(html: str) -> set[str]:
    """The text of each block line (markup differs between a snippet alone and in a page)."""
    lines = (" ".join(re.sub(r"<[^>]*>", " ", line).split()) for line in canonical_lines(html))
    return {line for line in lines if line}

"""Small pure helpers the planners share: content states and one-line descriptions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from hcsync.local.model import Page
from hcsync.local.render import render
from hcsync.sync.desired import content_hash
from hcsync.sync.diff import canonical_lines


def content_state(title: str, html: str) -> tuple[str, str, str]:
    """(hash, title, HTML) of what the server holds, as the planner's `decide` takes it."""
    return content_hash(title, html), title, html


def seo_fields(page: Page) -> dict[str, str]:
    return {"title": page.seo.title, "description": page.seo.description}


def describe(fields: Mapping[str, Any], old: Mapping[str, Any] | None = None) -> str:
    """One line per change: `slug 'a' → 'b'`; `seo.title '' → 'New'` (just `→ new` without old)."""
    parts = []
    for name, value in fields.items():
        before = old.get(name) if old is not None else None
        if isinstance(value, dict):
            previous = before if isinstance(before, dict) else {}
            parts += [
                _change(f"{name}.{key}", previous.get(key), item, old is not None)
                for key, item in value.items()
                if previous.get(key) != item or old is None
            ]
        else:
            parts.append(_change(name, before, value, old is not None))
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

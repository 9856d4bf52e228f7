"""Small pure helpers the planners share: content states and one-line descriptions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hcsync.local.model import Page
from hcsync.plan.desired import content_hash


def content_state(title: str, html: str) -> tuple[str, str, str]:
    """(hash, title, HTML) of what the server holds, as the planner's `decide` takes it."""
    return content_hash(title, html), title, html


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

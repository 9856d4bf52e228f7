"""Stale translations in the plan's views: beside the root's update, else at the end."""

from __future__ import annotations

import json

from hcsync.plan.model import Kind, Operation, OpKey, Plan
from hcsync.plan.staleness import StaleTranslation
from hcsync.plan.views import as_json, as_markdown, as_text


def stale(path: str, root: str, since: str | None = "2026-03-01T09:00:00Z") -> StaleTranslation:
    return StaleTranslation(
        path=path,
        language="de",
        root=root,
        lock_path=root,
        base="aaaa",
        current="bbbb",
        edits=2 if since else 1,
        trimmed=False,
        since=since,
        days=3 if since else None,
    )


PLAN = Plan(
    operations=(
        Operation(OpKey(Kind.UPDATE_DRAFT, "a.md"), "a.md", summary="“A”"),
        Operation(OpKey(Kind.PUBLISH, "a.md"), "a.md", needs=(OpKey(Kind.UPDATE_DRAFT, "a.md"),)),
    ),
    stale=(stale("a.de.md", "a.md", since=None), stale("b.de.md", "b.md")),
)


def test_text_notes_each_stale_translation_once_beside_its_roots_update() -> None:
    lines = as_text(PLAN).splitlines()
    assert lines[:2] == [
        "~ update_draft                 a.md  “A”",
        "    note: translation a.de.md [de] is stale: 1 root edit behind (not applied yet)",
    ]
    assert (
        "note: translation b.de.md [de] is stale: 2 root edits behind since 2026-03-01 (3 days)"
        in lines
    )
    assert sum("a.de.md" in line for line in lines) == 1


def test_markdown_lists_stale_translations() -> None:
    text = as_markdown(PLAN)
    assert "**Stale translations**" in text
    assert (
        "- `a.de.md` [de] behind `a.md`: 1 root edit behind (not applied yet) — root updated in this plan"
        in text
    )
    assert (
        "- `b.de.md` [de] behind `b.md`: 2 root edits behind since 2026-03-01 (3 days)\n"
        in text + "\n"
    )
    assert "Stale translations" not in as_markdown(Plan(operations=()))


def test_json_carries_the_stale_list() -> None:
    shown = json.loads(as_json(PLAN))["stale"]
    assert [(s["path"], s["edits"], s["since"]) for s in shown] == [
        ("a.de.md", 1, None),
        ("b.de.md", 2, "2026-03-01T09:00:00Z"),
    ]

"""The plan as Markdown for a pull-request comment or a job summary.

One table row per article (or category, or image), then one collapsible block
per article with its operations and content diffs. With a size limit (GitHub
holds 65,536 characters in a comment, 1 MiB in a job summary) the blocks are
dropped from the end first, then the rows, and a line says what was left out;
the summary line, drift and warnings are always kept.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence

from hcsync.local.controls import escape_controls
from hcsync.plan.model import (
    CREATES,
    DELETES,
    Drift,
    DriftPolicy,
    Kind,
    Operation,
    PageRef,
    Plan,
)

TITLE = "### hcsync plan"
MAX_DIFF = 20_000  # characters of one diff shown; a longer one is cut
LEFT_OUT = "_{left} left out to keep this under {limit:,} characters; run `hcsync plan` to see everything (the GitHub Action puts the whole plan in the job summary)._"

# What a row says each operation does, in a word.
_VERBS = {
    "create_category": "create",
    "update_category": "update",
    "upload_image": "upload",
    "create_article": "create",
    "update_draft": "content",
    "update_metadata": "metadata",
    "publish": "publish",
    "unpublish": "unpublish",
    "update_translation": "content",
    "update_translation_metadata": "metadata",
    "publish_translation": "publish",
    "unpublish_translation": "unpublish",
    "delete_translation": "delete",
    "delete_article": "delete",
    "delete_category": "delete",
}

DRIFT_HEADINGS = {
    DriftPolicy.FAIL: "**Drift**: changed on the help center since the last apply. "
    "Apply refuses until you choose: `on-drift: overwrite` replaces these edits, "
    "`on-drift: skip` leaves them.",
    DriftPolicy.SKIP: "**Skipped** (`on-drift: skip`): changed on the help center since the "
    "last apply; left as they are, not updated.",
    DriftPolicy.OVERWRITE: "**Overwritten** (`on-drift: overwrite`): changed on the help "
    "center since the last apply; the tree's version replaces those edits.",
}


def as_markdown(plan: Plan, limit: int | None = None) -> str:
    """The whole plan; with `limit`, at most that many UTF-8 bytes."""
    head = [TITLE, "", f"**{headline(plan)}**", *_drift_section(plan), *_warnings(plan)]
    head = _printable([*head, *stale_markdown(plan)])
    groups = by_article(plan.operations)
    rows = _printable(_row(path, ops) for path, ops in groups)
    blocks = _printable(_block(path, ops) for path, ops in groups)
    table = ["", "| | article | changes |", "|---|---|---|"] if rows else []
    full = "\n".join([*head, *table, *rows, *_details(blocks)])
    if limit is None or _size(full) <= limit:
        return full
    return _fit(head, table, rows, blocks, limit)


def _printable(parts: Iterable[str]) -> list[str]:
    """Control characters (an ESC in a dashboard title or in remote HTML) written as `\\xNN`:
    a comment or job summary keeps none raw."""
    return [escape_controls(part, "\n\t") for part in parts]


def headline(plan: Plan) -> str:
    skipped = len(plan.drifts) if plan.drift_policy == DriftPolicy.SKIP else 0
    note = f" {skipped} drifted page(s) skipped." if skipped else ""
    if plan.has_changes:
        return plan.summary_line() + note
    if plan.drifts and plan.drift_policy == DriftPolicy.FAIL:
        return "No changes planned; the drift below needs a decision."
    if plan.left_tree:
        return (
            f"No changes to make; {len(plan.left_tree)} page(s) whose files left the tree "
            "stay on the help center (--prune deletes them)." + note
        )
    return "No changes: the help center matches the tree." + note


def left_tree_line(page: PageRef) -> str:
    return f"{page}: its file left the tree; it stays on the help center (--prune deletes it)"


def _fit(head: list[str], table: list[str], rows: list[str], blocks: list[str], limit: int) -> str:
    budget = limit - _size("\n".join(head)) - 400  # room for the table head and the note
    kept_rows = _take(rows, budget)
    budget -= sum(_size(r) + 1 for r in rows[:kept_rows])
    kept_blocks = _take(blocks, budget - 40) if kept_rows == len(rows) else 0
    left = []
    if kept_rows < len(rows):
        left.append(f"{len(rows) - kept_rows} of {len(rows)} rows")
    if kept_blocks < len(blocks):
        left.append(f"{len(blocks) - kept_blocks} of {len(blocks)} details")
    note = LEFT_OUT.format(left=" and ".join(left), limit=limit)
    body = [*table, *rows[:kept_rows], "", note] if rows else ["", note]
    return "\n".join([*head, *body, *_details(blocks[:kept_blocks])])


def _take(items: Sequence[str], budget: int) -> int:
    """How many of the first items fit in `budget` bytes."""
    used = 0
    for count, item in enumerate(items):
        used += _size(item) + 2
        if used > budget:
            return count
    return len(items)


def _details(blocks: Sequence[str]) -> list[str]:
    return ["", "#### Details", "", *blocks] if blocks else []


def by_article(operations: Iterable[Operation]) -> list[tuple[str, list[Operation]]]:
    groups: dict[str, list[Operation]] = {}
    for op in operations:
        groups.setdefault(op.path, []).append(op)
    return list(groups.items())


def sign(ops: Sequence[Operation]) -> str:
    kinds = {op.kind for op in ops}
    if kinds & CREATES:
        return "➕"
    return "➖" if kinds & DELETES else "✏️"


def changes(ops: Sequence[Operation]) -> str:
    """`create, metadata, publish · de: content, publish`: verbs per language, in order."""
    per_language: dict[str | None, list[str]] = {}
    for op in ops:
        verbs = per_language.setdefault(op.language, [])
        verb = _VERBS.get(op.kind, str(op.kind).replace("_", " "))
        if verb not in verbs:
            verbs.append(verb)
    parts = [(f"{lang}: " if lang else "") + ", ".join(v) for lang, v in per_language.items()]
    return " · ".join(parts)


def _row(path: str, ops: Sequence[Operation]) -> str:
    return f"| {sign(ops)} | <code>{_cell(path)}</code> | {_cell(changes(ops))} |"


def _block(path: str, ops: Sequence[Operation]) -> str:
    summary = f"<code>{html.escape(path)}</code>: {html.escape(changes(ops))}"
    lines = [f"<details><summary>{summary}</summary>", ""]
    for op in ops:
        where = f" [{op.language}]" if op.language else ""
        lines.append(f"- `{op.kind}`{where}: {_inline(op.summary)}")
        lines.extend(f"  - ⚠️ {_inline(w)}" for w in op.warnings)
    for op in ops:
        if op.diff:
            lines += ["", *_fenced(op.diff)]
    return "\n".join([*lines, "", "</details>"])


def _fenced(diff: str) -> list[str]:
    if len(diff) > MAX_DIFF:
        diff = diff[:MAX_DIFF].rsplit("\n", 1)[0] + "\n… (diff cut)"
    longest = max((len(m) for m in re.findall(r"`+", diff)), default=0)
    fence = "`" * max(3, longest + 1)  # a fence no line of the diff can close
    return [f"{fence}diff", diff, fence]


def _drift_section(plan: Plan) -> list[str]:
    if not plan.drifts:
        return []
    return ["", DRIFT_HEADINGS[plan.drift_policy], "", *(_drift_item(d) for d in plan.drifts)]


def _drift_item(drift: Drift) -> str:
    where = f" [{drift.language}]" if drift.language else ""
    return f"- <code>{html.escape(drift.path)}</code>{where}: {_inline(drift.detail)}"


MAX_ADOPTIONS = 10  # lines shown; a lost lock adopts every article of the center


def shown_adoptions(plan: Plan) -> list[str]:
    return _capped(plan.adopted, "articles adopted")


def _capped(lines: tuple[str, ...], what: str) -> list[str]:
    more = [f"… and {len(lines) - MAX_ADOPTIONS} more {what}"] if len(lines) > MAX_ADOPTIONS else []
    return [*lines[:MAX_ADOPTIONS], *more]


def _warnings(plan: Plan) -> list[str]:
    warnings = [*shown_adoptions(plan), *_capped(plan.chosen_slugs, "slugs the server chose")]
    warnings += plan.warnings
    warnings += [f"{op.path}: {w}" for op in plan.operations for w in op.warnings]
    warnings += [left_tree_line(page) for page in plan.left_tree]
    if plan.unsafe:
        warnings.append(f"unsafe: {plan.unsafe} (apply needs --force)")
    return ["", "**Warnings**", "", *(f"- {_inline(w)}" for w in warnings)] if warnings else []


def _inline(text: str) -> str:
    """One line of Markdown that cannot open HTML or break out of its list item."""
    return html.escape(" ".join(text.split()), quote=False)


def _cell(text: str) -> str:
    return _inline(text).replace("|", "\\|")


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def applied_markdown(
    done: Sequence[Operation],
    total: int,
    stopped: str | None,
    urls: Mapping[str, list[tuple[str, str]]],
) -> str:
    """What an apply did, per article, with the public URLs it has now."""
    if stopped is None:
        head = f"**Applied {len(done)} operations.**" if done else "**Nothing to apply.**"
    else:
        head = f"**Stopped after {len(done)} of {total} operations:** {_inline(stopped)}"
    rows = ["| | article | done | live at |", "|---|---|---|---|"]
    for path, ops in by_article(done):
        links = " · ".join(f"[{label}]({url})" for label, url in urls.get(path, []))
        rows.append(
            f"| {sign(ops)} | <code>{_cell(path)}</code> | {_cell(changes(ops))} | {links} |"
        )
    return "\n".join(["### hcsync apply", "", head, *(["", *rows] if done else [])])


def stale_markdown(plan: Plan) -> list[str]:
    """The stale translations, as lines of the PR comment / job summary."""
    if not plan.stale:
        return []
    updated = {op.path for op in plan.operations if op.kind is Kind.UPDATE_DRAFT}
    lines = ["", "**Stale translations** (their root article changed since they were written):", ""]
    for s in plan.stale:
        here = " — root updated in this plan" if s.root in updated else ""
        lines.append(f"- `{s.path}` [{s.language}] behind `{s.root}`: {s.describe()}{here}")
    return lines

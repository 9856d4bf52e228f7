"""Showing a plan: readable text (with content diffs), Markdown for PR comments, JSON."""

from __future__ import annotations

import json

from hcsync.plan.model import CREATES, DELETES, Drift, Kind, Operation, Plan
from hcsync.plan.staleness import StaleTranslation


def _sign(op: Operation) -> str:
    if op.kind in DELETES:
        return "-"
    return "+" if op.kind in CREATES else "~"


def _where(op: Operation) -> str:
    return f"{op.path} [{op.language}]" if op.language else op.path


def _drift_line(d: Drift) -> str:
    where = f"{d.path} [{d.language}]" if d.language else d.path
    return f"! drift   {where}: {d.detail}"


def _stale_line(s: StaleTranslation) -> str:
    return f"translation {s.path} [{s.language}] is stale: {s.describe()}"


def as_text(plan: Plan, show_diffs: bool = True) -> str:
    lines: list[str] = []
    noted = set()  # stale translations shown beside their root's update
    for op in plan.operations:
        lines.append(f"{_sign(op)} {op.kind:<28} {_where(op)}  {op.summary}".rstrip())
        lines.extend(f"    warning: {w}" for w in op.warnings)
        if op.kind is Kind.UPDATE_DRAFT:
            beside = [s for s in plan.stale if s.root == op.path]
            lines.extend(f"    note: {_stale_line(s)}" for s in beside)
            noted.update(beside)
        if show_diffs and op.diff:
            lines.extend("    " + line for line in op.diff.splitlines())
    lines.extend(_drift_line(d) for d in plan.drifts)
    lines.extend(f"note: {_stale_line(s)}" for s in plan.stale if s not in noted)
    lines.extend(f"warning: {w}" for w in plan.warnings)
    lines.extend(f"error: {e}" for e in plan.errors)
    if plan.unsafe:
        lines.append(f"unsafe: {plan.unsafe}")
    if plan.has_changes:
        lines.append(plan.summary_line())
    elif plan.drifts:
        lines.append("No changes planned; the drift above needs a decision (--on-drift).")
    else:
        lines.append("No changes: the help center matches the tree.")
    return "\n".join(lines)


def as_markdown(plan: Plan) -> str:
    lines = ["### hcsync plan", "", f"**{plan.summary_line()}**", ""]
    if plan.operations:
        lines += ["| | operation | file | change |", "|---|---|---|---|"]
        for op in plan.operations:
            summary = op.summary.replace("|", "\\|")
            lines.append(f"| {_sign(op)} | `{op.kind}` | `{_where(op)}` | {summary} |")
    if plan.drifts:
        lines += ["", "**Drift** (changed on the help center since the last apply):", ""]
        lines += [
            f"- `{d.path}`{' [' + d.language + ']' if d.language else ''}: {d.detail}"
            for d in plan.drifts
        ]
    warnings = list(plan.warnings) + [
        f"`{op.path}`: {w}" for op in plan.operations for w in op.warnings
    ]
    if warnings:
        lines += ["", "**Warnings**", ""] + [f"- {w}" for w in warnings]
    lines += _stale_markdown(plan)
    diffs = [op for op in plan.operations if op.diff]
    for op in diffs:
        lines += [
            "",
            f"<details><summary>{op.kind} <code>{_where(op)}</code></summary>",
            "",
            "```diff",
            op.diff,
            "```",
            "</details>",
        ]
    return "\n".join(lines)


def _stale_markdown(plan: Plan) -> list[str]:
    if not plan.stale:
        return []
    updated = {op.path for op in plan.operations if op.kind is Kind.UPDATE_DRAFT}
    lines = ["", "**Stale translations** (their root article changed since they were written):", ""]
    for s in plan.stale:
        here = " — root updated in this plan" if s.root in updated else ""
        lines.append(f"- `{s.path}` [{s.language}] behind `{s.root}`: {s.describe()}{here}")
    return lines


def as_json(plan: Plan) -> str:
    shown = {**plan.to_json(), "stale": [s.to_json() for s in plan.stale]}
    return json.dumps(shown, indent=2, ensure_ascii=False)

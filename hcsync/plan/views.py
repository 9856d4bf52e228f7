"""Showing a plan: readable text (with content diffs), Markdown for PR comments, JSON."""

from __future__ import annotations

import json
import re

from hcsync.plan.markdown import as_markdown, headline, left_tree_line, shown_adoptions
from hcsync.plan.model import CREATES, DELETES, Drift, DriftPolicy, Kind, Operation, Plan
from hcsync.plan.staleness import StaleTranslation

__all__ = ["as_json", "as_markdown", "as_text", "line_style"]
_C1 = re.compile("[\x7f-\x9f]")
_DRIFT_LABELS = {
    DriftPolicy.FAIL: "drift",
    DriftPolicy.SKIP: "skipped",
    DriftPolicy.OVERWRITE: "overwrite",
}


def _sign(op: Operation) -> str:
    if op.kind in DELETES:
        return "-"
    return "+" if op.kind in CREATES else "~"


def _where(op: Operation) -> str:
    return f"{op.path} [{op.language}]" if op.language else op.path


def _drift_line(d: Drift, policy: DriftPolicy) -> str:
    where = f"{d.path} [{d.language}]" if d.language else d.path
    return f"! {_DRIFT_LABELS[policy]:<7} {where}: {d.detail}"


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
    lines.extend(_drift_line(d, plan.drift_policy) for d in plan.drifts)
    lines.extend(f"note: {_stale_line(s)}" for s in plan.stale if s not in noted)
    lines.extend(f"note: {a}" for a in shown_adoptions(plan))
    lines.extend(f"note: {c}" for c in plan.chosen_slugs)
    lines.extend(f"warning: {w}" for w in plan.warnings)
    lines.extend(f"note: {left_tree_line(page)}" for page in plan.left_tree)
    lines.extend(f"error: {e}" for e in plan.errors)
    if plan.unsafe:
        lines.append(f"unsafe: {plan.unsafe}")
    if plan.drifts and plan.drift_policy == DriftPolicy.FAIL and not plan.has_changes:
        lines.append("No changes planned; the drift above needs a decision (--on-drift).")
    else:
        lines.append(headline(plan))
    return "\n".join(lines)


def line_style(line: str) -> str | None:
    """The colour of a line of `as_text` on a terminal."""
    styles = {
        "+": "green",
        "-": "red",
        "~": "yellow",
        "!": "magenta",
        "w": "yellow",
        "u": "bold red",
    }
    if line.startswith("    "):
        return _diff_style(line[4:])
    return styles.get(line[:1])


def _diff_style(line: str) -> str | None:
    if line.startswith(("+++", "---")):
        return "bold"
    return {"+": "green", "-": "red", "@": "cyan"}.get(line[:1])


def as_json(plan: Plan) -> str:
    return json_text({**plan.to_json(), "stale": [s.to_json() for s in plan.stale]})


def json_text(shown: object) -> str:
    """Indented JSON that keeps no raw control character."""
    text = json.dumps(shown, indent=2, ensure_ascii=False)
    # json escapes the C0 controls; the C1 ones (U+0080–U+009F, 8-bit CSI among them) too.
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

"""`hcsync plan`: show what apply would change, save it, or exit 2 on changes."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hcsync import output
from hcsync.commands.sync import find_root, load_or_report, refuse_drift_or_unsafe
from hcsync.plan.views import as_json, as_markdown, as_text
from hcsync.sync.engine import SyncOptions, connect, prepare

VIEWS = {"text": as_text, "markdown": as_markdown, "json": as_json}


def run_plan(
    folder: Path | None, fmt: str, out: Path | None, detailed: bool, options: SyncOptions
) -> int:
    root = find_root(folder)
    site = load_or_report(root)
    prepared = prepare(site, connect(site, os.environ), options)
    plan = prepared.plan
    output.result(VIEWS[fmt](plan))
    output.info(f"({prepared.reads} read requests)")
    if out is not None:
        saved = {**plan.to_json(), "root": str(root), "options": options._asdict()}
        out.write_text(json.dumps(saved, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        output.info(f"plan saved to {out}: apply it with `hcsync apply {out}`")
    refuse_drift_or_unsafe(plan, force=True)
    return 2 if detailed and plan.has_changes else 0

"""`hcsync apply`: plan again (or check a saved plan), confirm, carry it out."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from hcsync import output
from hcsync.commands.sync import find_root, load_or_report, refuse_drift_or_unsafe
from hcsync.errors import FatalError
from hcsync.plan.model import DriftPolicy, Operation, Plan
from hcsync.plan.views import as_text
from hcsync.sync.apply import Executor
from hcsync.sync.engine import SyncOptions, connect, prepare, record_translation_sources
from hcsync.sync.lockfile import read_lock


def run_apply(target: Path | None, yes: bool, force: bool, options: SyncOptions) -> int:
    saved = _saved_plan(target)
    if saved is not None:
        stored = saved["options"]
        options = SyncOptions(DriftPolicy(stored["on_drift"]), stored["prune"], stored["refresh"])
        target = Path(saved["root"])
    site = load_or_report(find_root(target))
    prepared = prepare(site, connect(site, os.environ), options)
    plan = prepared.plan
    if saved is not None and saved["fingerprint"] != plan.fingerprint:
        raise FatalError(
            "the tree or the help center changed since this plan was made: run `hcsync plan` again"
        )
    output.result(as_text(plan, show_diffs=saved is None and output.is_terminal()))
    refuse_drift_or_unsafe(plan, force)
    executor = Executor(
        prepared.client, prepared.site, prepared.images, read_lock(site.root), prepared.domain
    )
    if not plan.has_changes:
        # Records renamed or adopted articles in the lock; sends nothing.
        record_translation_sources(site, executor.run(plan))
        return 0
    _confirm(plan, yes)
    before = prepared.client.requests_sent
    with output.progress(len(plan.operations)) as step:
        lock = executor.run(plan, lambda number, total, op: step(_describe(op)))
    record_translation_sources(site, lock)
    calls = prepared.client.requests_sent - before
    output.info(
        f"Applied {len(plan.operations)} operations in {calls} requests ({prepared.reads} reads to plan)."
    )
    return 0


def _saved_plan(target: Path | None) -> dict[str, Any] | None:
    if target is None or not target.is_file():
        return None
    try:
        data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FatalError(
            f"{target}: not a saved plan ({exc}); make one with `hcsync plan -o FILE`"
        ) from None
    if not {"fingerprint", "root", "options"} <= set(data):
        raise FatalError(f"{target}: not a saved plan; make one with `hcsync plan -o FILE`")
    return data


def _confirm(plan: Plan, yes: bool) -> None:
    if yes:
        return
    if not output.is_interactive():
        raise FatalError("refusing to apply without a terminal to confirm: pass --yes")
    if not output.confirm(f"Apply these {len(plan.operations)} operations?"):
        raise FatalError("nothing applied")


def _describe(op: Operation) -> str:
    return f"{op.kind} {op.path}" + (f" [{op.language}]" if op.language else "")

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
from hcsync.sync.engine import (
    Prepared,
    SyncOptions,
    connect,
    creates_still_new,
    prepare,
    record_translation_sources,
)
from hcsync.sync.handlers import HANDLERS
from hcsync.sync.lease import lease

LEASE_WAIT = 900.0  # seconds: as long as a dead apply's lease lasts


def run_apply(
    target: Path | None,
    yes: bool,
    force: bool,
    options: SyncOptions,
    concurrency: int = 4,
    lease_wait: float = LEASE_WAIT,
) -> int:
    saved = _saved_plan(target)
    if saved is not None:
        stored = saved["options"]
        options = SyncOptions(DriftPolicy(stored["on_drift"]), stored["prune"], stored["refresh"])
        target = Path(saved["root"])
    site = load_or_report(find_root(target))
    client = connect(site, os.environ)
    prepared = prepare(site, client, options)
    if saved is not None and saved["fingerprint"] != prepared.plan.fingerprint:
        raise FatalError(
            "the tree or the help center changed since this plan was made: run `hcsync plan` again"
        )
    _show_and_confirm(prepared.plan, saved is None, yes, force)
    if not prepared.plan.creates:
        return _carry_out(prepared, concurrency)
    # Creating is what two applies at once could do twice: hold the lease, look again.
    with lease(client, lease_wait, on_wait=output.info):
        if not creates_still_new(prepared):
            output.info("another apply changed the help center meanwhile: planning again")
            prepared = prepare(site, client, options)
            _show_and_confirm(prepared.plan, False, True, force)
        return _carry_out(prepared, concurrency)


def _show_and_confirm(plan: Plan, diffs: bool, yes: bool, force: bool) -> None:
    output.result(as_text(plan, show_diffs=diffs and output.is_terminal()))
    refuse_drift_or_unsafe(plan, force)
    if plan.has_changes:
        _confirm(plan, yes)


def _carry_out(prepared: Prepared, concurrency: int) -> int:
    plan, client = prepared.plan, prepared.client
    executor = Executor(
        client, prepared.site, prepared.images, prepared.lock, prepared.domain, concurrency
    )
    if not plan.has_changes:
        lock = executor.run(plan, HANDLERS)  # records what was found right; sends nothing
        record_translation_sources(prepared.site, lock)
        return 0
    before = client.requests_sent
    with output.progress(len(plan.operations)) as step:
        lock = executor.run(plan, HANDLERS, lambda number, total, op: step(_describe(op)))
    record_translation_sources(prepared.site, lock)
    calls = client.requests_sent - before
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

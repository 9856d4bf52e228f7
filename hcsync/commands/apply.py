"""`hcsync apply`: plan again (or check a saved plan), confirm, carry it out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hcsync import output
from hcsync.commands.plan import SUMMARY_LIMIT
from hcsync.commands.sync import (
    append_summary,
    find_root,
    load_or_report,
    open_client,
    refuse_drift_or_unsafe,
)
from hcsync.errors import FatalError
from hcsync.plan.lock import Lock
from hcsync.plan.markdown import applied_markdown
from hcsync.plan.model import DriftPolicy, Operation, Plan
from hcsync.plan.views import as_markdown, as_text, line_style
from hcsync.sync.apply import Executor
from hcsync.sync.engine import (
    Prepared,
    SyncOptions,
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
    summary: Path | None = None,
    concurrency: int = 4,
    lease_wait: float = LEASE_WAIT,
) -> int:
    saved = _saved_plan(target)
    if saved is not None:
        stored = saved["options"]
        options = SyncOptions(DriftPolicy(stored["on_drift"]), stored["prune"], stored["refresh"])
        target = Path(saved["root"])
    site = load_or_report(find_root(target), summary=summary)
    client = open_client(site)
    prepared = prepare(site, client, options)
    if saved is not None and saved["fingerprint"] != prepared.plan.fingerprint:
        raise FatalError(
            "the tree or the help center changed since this plan was made: run `hcsync plan` again"
        )
    _show_and_confirm(prepared.plan, saved is None, yes, force, summary)
    if not prepared.plan.creates:
        return _carry_out(prepared, concurrency, summary)
    # Creating is what two applies at once could do twice: hold the lease, look again.
    with lease(client, lease_wait, on_wait=output.info):
        if not creates_still_new(prepared):
            output.info("another apply changed the help center meanwhile: planning again")
            prepared = prepare(site, client, options)
            _show_and_confirm(prepared.plan, False, True, force, summary)
        return _carry_out(prepared, concurrency, summary)


def _show_and_confirm(
    plan: Plan, diffs: bool, yes: bool, force: bool, summary: Path | None
) -> None:
    output.result(as_text(plan, show_diffs=diffs and output.is_terminal()), style=line_style)
    try:
        refuse_drift_or_unsafe(plan, force)
    except FatalError:
        if summary is not None:  # the drift or the danger, for whoever reads the job summary
            append_summary(summary, as_markdown(plan, SUMMARY_LIMIT))
        raise
    if plan.has_changes:
        _confirm(plan, yes)


def _carry_out(prepared: Prepared, concurrency: int, summary: Path | None) -> int:
    plan, client = prepared.plan, prepared.client
    executor = Executor(
        client, prepared.site, prepared.images, prepared.lock, prepared.domain, concurrency
    )
    if not plan.has_changes:
        lock = executor.run(plan, HANDLERS)  # records what was found right; sends nothing
        record_translation_sources(prepared.site, lock)
        _summarise(summary, [], plan, None, lock)
        return 0
    before = client.requests_sent
    done: list[Operation] = []
    try:
        with output.progress(len(plan.operations)) as step:

            def record(number: int, total: int, op: Operation) -> None:
                done.append(op)
                step(_describe(op))

            lock = executor.run(plan, HANDLERS, record)
    except FatalError as exc:
        _summarise(summary, done, plan, str(exc), executor.lock)
        raise
    record_translation_sources(prepared.site, lock)
    _summarise(summary, done, plan, None, lock)
    calls = client.requests_sent - before
    output.info(
        f"Applied {len(plan.operations)} operations in {calls} requests ({prepared.reads} reads to plan)."
    )
    return 0


def _summarise(
    summary: Path | None, done: list[Operation], plan: Plan, stopped: str | None, lock: Lock
) -> None:
    if summary is not None:
        position = {op.key: i for i, op in enumerate(plan.operations)}
        in_plan_order = sorted(done, key=lambda op: position[op.key])  # not as they finished
        markdown = applied_markdown(in_plan_order, len(plan.operations), stopped, _live_urls(lock))
        append_summary(summary, markdown)


def _live_urls(lock: Lock) -> dict[str, list[tuple[str, str]]]:
    """Per article path, (language label, public URL) of each published page."""
    urls: dict[str, list[tuple[str, str]]] = {}
    for path, entry in lock.articles.items():
        pages = [("page", entry.url)] + [
            (lang, t.url) for lang, t in sorted(entry.translations.items())
        ]
        urls[path] = [(label, url) for label, url in pages if url]
    return urls


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

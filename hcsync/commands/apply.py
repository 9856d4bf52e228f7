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
from hcsync.sync.engine import SyncOptions, prepare
from hcsync.sync.lockfile import read_lock


def run_apply(
    target: Path | None,
    yes: bool,
    force: bool,
    options: SyncOptions,
    summary: Path | None = None,
) -> int:
    saved = _saved_plan(target)
    if saved is not None:
        stored = saved["options"]
        options = SyncOptions(DriftPolicy(stored["on_drift"]), stored["prune"], stored["refresh"])
        target = Path(saved["root"])
    site = load_or_report(find_root(target), summary=summary)
    prepared = prepare(site, open_client(site), options)
    plan = prepared.plan
    if saved is not None and saved["fingerprint"] != plan.fingerprint:
        raise FatalError(
            "the tree or the help center changed since this plan was made: run `hcsync plan` again"
        )
    output.result(
        as_text(plan, show_diffs=saved is None and output.is_terminal()), style=line_style
    )
    try:
        refuse_drift_or_unsafe(plan, force)
    except FatalError:
        if summary is not None:  # the drift or the danger, for whoever reads the job summary
            append_summary(summary, as_markdown(plan, SUMMARY_LIMIT))
        raise
    executor = Executor(
        prepared.client, prepared.site, prepared.images, read_lock(site.root), prepared.domain
    )
    if not plan.has_changes:
        executor.run(plan)  # records renamed or adopted articles in the lock; sends nothing
        if summary is not None:
            append_summary(summary, applied_markdown([], 0, None, {}))
        return 0
    _confirm(plan, yes)
    before = prepared.client.requests_sent
    started: list[Operation] = []
    try:
        with output.progress(len(plan.operations)) as step:

            def record(number: int, total: int, op: Operation) -> None:
                started.append(op)
                step(_describe(op))

            executor.run(plan, record)
    except FatalError as exc:
        _summarise(summary, started[:-1], plan, str(exc), executor.lock)
        raise
    _summarise(summary, started, plan, None, executor.lock)
    calls = prepared.client.requests_sent - before
    output.info(
        f"Applied {len(plan.operations)} operations in {calls} requests ({prepared.reads} reads to plan)."
    )
    return 0


def _summarise(
    summary: Path | None, done: list[Operation], plan: Plan, stopped: str | None, lock: Lock
) -> None:
    if summary is not None:
        markdown = applied_markdown(done, len(plan.operations), stopped, _live_urls(lock))
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

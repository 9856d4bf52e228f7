"""`hcsync apply`: plan again (or check a saved plan's subjects), confirm, carry it out."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from hcsync import output
from hcsync.commands.client import open_client
from hcsync.commands.plan import SUMMARY_LIMIT
from hcsync.commands.sync import (
    append_summary,
    find_root,
    load_or_report,
    refuse_drift_or_unsafe,
)
from hcsync.errors import FatalError
from hcsync.plan.lock import Lock
from hcsync.plan.markdown import applied_markdown
from hcsync.plan.model import Operation, Plan
from hcsync.plan.saved import OtherVersion, SavedPlan
from hcsync.plan.views import as_markdown, as_text, line_style
from hcsync.sync.apply import Executor
from hcsync.sync.engine import (
    Prepared,
    SyncOptions,
    creates_still_new,
    prepare,
    record_applied,
)
from hcsync.sync.handlers import HANDLERS
from hcsync.sync.lease import clear_left, clear_leftovers, lease
from hcsync.sync.saved import prepare_saved

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
    if target is not None and target.is_file():
        return _apply_saved(
            target, _read_saved(target), yes, force, summary, concurrency, lease_wait
        )
    site = load_or_report(find_root(target), summary=summary)
    with open_client(site.config) as client:
        prepared = prepare(site, client, options)
        _show_and_confirm(prepared.plan, True, yes, force, summary)
        # What the lock vouched for was true of the lock before this apply wrote it.
        site = replace(site, unchanged={})

        def plan_again() -> Prepared:
            output.info("another apply changed the help center meanwhile: planning again")
            again = prepare(site, client, options)
            _show_and_confirm(again.plan, False, True, force, summary)
            return again

        if not _carry_out_leased(prepared, plan_again, concurrency, summary, lease_wait):
            return 0
        # The server chose other slugs than those the links were written with: the pages
        # that link to them go again, with the URLs it made (nothing else has changed).
        again = prepare(site, client, options)
        if again.plan.has_changes:
            output.info("sending the pages that link to those articles again, with their URLs")
            _carry_out_leased(again, plan_again, concurrency, summary, lease_wait)
        return 0


def _apply_saved(
    file: Path,
    saved: SavedPlan,
    yes: bool,
    force: bool,
    summary: Path | None,
    concurrency: int,
    lease_wait: float,
) -> int:
    """Exactly the saved plan, once what it touches is as it saw it (see sync/saved.py)."""
    site = load_or_report(Path(saved.root), summary=summary)
    with open_client(site.config) as client:
        if saved.center_id != client.settings.center_id:
            raise FatalError(
                f"{file}: a plan for center {saved.center_id!r}, not {client.settings.center_id!r}: "
                "check HC_CENTER_ID, or make the plan again with `hcsync plan -o`"
            )
        prepared = prepare_saved(site, client, saved)
        _show_and_confirm(prepared.plan, False, yes, force, summary)

        def refuse() -> Prepared:  # made meanwhile, by another apply: planning again finds it
            raise FatalError(
                f"{file}: what it creates appeared on the help center since this plan was made "
                "(another apply?): run `hcsync plan` again"
            )

        _carry_out_leased(prepared, refuse, concurrency, summary, lease_wait)
        return 0


def _carry_out_leased(
    prepared: Prepared,
    overtaken: Callable[[], Prepared],
    concurrency: int,
    summary: Path | None,
    lease_wait: float,
) -> tuple[str, ...]:
    """Carry out the plan. Creating is what two applies at once could do twice: a plan
    that creates holds the lease and first looks again (`overtaken` if it was).
    Returns what the user was told of slugs the server chose."""
    root = prepared.site.root
    cleared = clear_left(prepared.client, root)  # what a stopped apply left: it blocks nothing
    if not prepared.plan.creates:
        if prepared.remote is not None:
            left = [lease for lease in prepared.remote.leases if lease.id not in cleared]
            clear_leftovers(prepared.client, left)
        carried = _carry_out(prepared, concurrency, summary)
        _report(prepared, carried.writes)
        return carried.notes
    with lease(prepared.client, root, lease_wait, on_wait=output.info):
        if not creates_still_new(prepared):
            prepared = overtaken()
        carried = _carry_out(prepared, concurrency, summary)
    _report(prepared, carried.writes)  # once the lease is released: its requests counted
    return carried.notes


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


class _Carried(NamedTuple):
    writes: int | None  # the requests the operations took (None: there was nothing to do)
    notes: tuple[str, ...] = ()  # what the user was told of slugs the server chose


def _carry_out(prepared: Prepared, concurrency: int, summary: Path | None) -> _Carried:
    """Send the plan's operations."""
    plan, client = prepared.plan, prepared.client
    executor = Executor(
        client, prepared.site, prepared.images, prepared.lock, prepared.domain, concurrency
    )
    if not plan.has_changes:
        lock = executor.run(plan, HANDLERS)  # records what was found right; sends nothing
        record_applied(prepared, lock)
        _summarise(summary, [], plan, None, lock)
        return _Carried(None)
    before = client.requests_sent
    done: list[Operation] = []
    try:
        with output.progress(len(plan.operations), client.limiter.seconds_for) as step:

            def record(number: int, total: int, op: Operation) -> None:
                done.append(op)
                step(_describe(op))

            lock = executor.run(plan, HANDLERS, record)
    except FatalError as exc:
        _summarise(summary, done, plan, str(exc), executor.lock)
        raise
    record_applied(prepared, lock)
    _summarise(summary, done, plan, None, lock)
    for note in executor.notes:
        output.info(note)
    return _Carried(client.requests_sent - before, tuple(executor.notes))


def _report(prepared: Prepared, writes: int | None) -> None:
    """The requests of the whole apply: reads to plan, the lease and its checks, writes."""
    if writes is None:
        return
    total = prepared.client.requests_sent
    lease = total - prepared.reads - writes
    to = "to plan" if prepared.remote is not None else "to check the saved plan"
    held = f", {lease} for the lease and its checks" if lease else ""
    output.info(
        f"Applied {len(prepared.plan.operations)} operations in {writes} requests "
        f"({prepared.reads} reads {to}{held}; {total} in all)."
    )


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


def _read_saved(file: Path) -> SavedPlan:
    make = f"make one with `hcsync plan -o {file}`"
    try:
        return SavedPlan.from_json(json.loads(file.read_text(encoding="utf-8")))
    except OtherVersion as exc:
        raise FatalError(
            f"{file}: a plan saved by another version of hcsync ({exc}): {make}"
        ) from None
    except (OSError, ValueError) as exc:  # NotASavedPlan and JSON errors are ValueErrors
        raise FatalError(f"{file}: not a saved plan ({_reason(exc)}); {make}") from None


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__


def _confirm(plan: Plan, yes: bool) -> None:
    if yes:
        return
    if not output.is_interactive():
        raise FatalError("refusing to apply without a terminal to confirm: pass --yes")
    if not output.confirm(f"Apply these {len(plan.operations)} operations?"):
        raise FatalError("nothing applied")


def _describe(op: Operation) -> str:
    return f"{op.kind} {op.path}" + (f" [{op.language}]" if op.language else "")

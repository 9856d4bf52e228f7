"""`hcsync plan` and `hcsync apply`: load, check, snapshot, plan, show, apply."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hcsync import output
from hcsync.api import ApiSettings, HelpCenterClient
from hcsync.errors import FatalError
from hcsync.local.check import check_site
from hcsync.local.images import image_digests
from hcsync.local.loader import load_site
from hcsync.local.model import LocalSite
from hcsync.local.root import root_and_files
from hcsync.report import format_problems
from hcsync.sync.apply import Executor
from hcsync.sync.identity import translations_to_read
from hcsync.sync.lock import read_lock
from hcsync.sync.plan import Operation, Plan
from hcsync.sync.planner import PlanOptions, make_plan
from hcsync.sync.remote import fetch_remote, with_translations
from hcsync.sync.views import as_json, as_markdown, as_text


@dataclass(frozen=True)
class SyncOptions:
    on_drift: str = "fail"
    prune: bool = False
    refresh: bool = False


@dataclass
class Prepared:
    root: Path
    site: LocalSite
    images: dict[str, str]
    client: HelpCenterClient
    plan: Plan
    domain: str
    reads: int


def prepare(folder: Path | None, options: SyncOptions) -> Prepared:
    root, _ = root_and_files([folder] if folder else [], None)
    site = load_site(root)
    _refuse_problems(site)
    env = dict(os.environ)
    if site.config.api_url and "HC_API_URL" not in env:
        env["HC_API_URL"] = site.config.api_url
    client = HelpCenterClient(ApiSettings.from_env(env, center_id=site.config.center_id))
    lock = read_lock(root)
    remote = fetch_remote(client)
    remote = with_translations(
        client, remote, translations_to_read(site, remote, lock, options.refresh)
    )
    images = dict(image_digests(site))
    plan = make_plan(site, images, remote, lock, PlanOptions(options.on_drift, options.prune))
    return Prepared(root, site, images, client, plan, remote.center.domain, client.requests_sent)


def _refuse_problems(site: LocalSite) -> None:
    errors = [p for p in check_site(site) if p.is_error]
    if errors:
        output.result(format_problems(errors[:20], "text", f"{site.root}/"))
        more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
        raise FatalError(
            f"{len(errors)} problems in the tree{more}: fix what `hcsync check` reports, nothing was sent"
        )


def run_plan(
    folder: Path | None, fmt: str, out: Path | None, detailed: bool, options: SyncOptions
) -> int:
    prepared = prepare(folder, options)
    plan = prepared.plan
    output.result({"text": as_text, "markdown": as_markdown, "json": as_json}[fmt](plan))
    output.info(f"({prepared.reads} read requests)")
    if out is not None:
        saved = {**plan.to_json(), "root": str(prepared.root), "options": options.__dict__}
        out.write_text(json.dumps(saved, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        output.info(f"plan saved to {out}: apply it with `hcsync apply {out}`")
    _refuse_drift_or_unsafe(plan, force=True)
    return 2 if detailed and plan.has_changes else 0


def _refuse_drift_or_unsafe(plan: Plan, force: bool) -> None:
    if plan.drifts and plan.drift_policy == "fail":
        raise FatalError(
            f"{len(plan.drifts)} page(s) changed on the help center since the last apply: "
            "--on-drift overwrite replaces those edits, --on-drift skip leaves them"
        )
    if plan.unsafe and not force:
        raise FatalError(f"refusing an unsafe plan: {plan.unsafe}")


def run_apply(target: Path | None, yes: bool, force: bool, options: SyncOptions) -> int:
    saved = _saved_plan(target)
    if saved is not None:
        options = SyncOptions(**saved["options"])
        target = Path(saved["root"])
    prepared = prepare(target, options)
    plan = prepared.plan
    if saved is not None and saved["fingerprint"] != plan.fingerprint:
        raise FatalError(
            "the tree or the help center changed since this plan was made: run `hcsync plan` again"
        )
    output.result(as_text(plan, show_diffs=saved is None and output.is_terminal()))
    _refuse_drift_or_unsafe(plan, force)
    executor = Executor(
        prepared.client, prepared.site, prepared.images, read_lock(prepared.root), prepared.domain
    )
    if not plan.has_changes:
        executor.run(plan)  # records renamed or adopted articles in the lock; sends nothing
        return 0
    _confirm(plan, yes)
    before = prepared.client.requests_sent
    with output.progress(len(plan.operations)) as step:
        executor.run(plan, lambda number, total, op: step(_describe(op)))
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

"""`hcsync plan`: show what apply would change, save it, or exit 2 on changes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from hcsync import output
from hcsync.commands.check import parse_cache
from hcsync.commands.client import open_client
from hcsync.commands.sync import (
    append_summary,
    find_root,
    load_or_report,
    refuse_drift_or_unsafe,
)
from hcsync.errors import FatalError
from hcsync.plan.model import Plan
from hcsync.plan.saved import SavedPlan
from hcsync.plan.views import as_json, as_markdown, as_text, json_text, line_style
from hcsync.sync.engine import Prepared, SyncOptions, prepare
from hcsync.sync.saved import save

if TYPE_CHECKING:
    from hcsync.questions.impact import ReplyImpact

# `--replies` only: hcsync.questions and the inbox reader are imported when asked for
# (their stemmers and index cost every other plan 0.05 s of start-up).

SUMMARY_LIMIT = 1024 * 1024 - 1024  # GitHub's job summary holds 1 MiB per step


class PlanOutput(NamedTuple):
    fmt: str = "text"
    out: Path | None = None  # the saved plan
    max_chars: int | None = None  # cap of the Markdown on stdout
    summary: Path | None = None  # a file the whole plan is appended to as Markdown
    replies: int | None = None  # days of agent replies to check for links the plan breaks


def run_plan(folder: Path | None, show: PlanOutput, detailed: bool, options: SyncOptions) -> int:
    root = find_root(folder)
    with parse_cache(root) as parses:
        site = load_or_report(root, show.fmt, show.summary, parses)
        with open_client(site.config) as client:
            prepared = prepare(site, client, options)
            impacts = _reply_impacts(prepared, show.replies) if show.replies else None
    plan = prepared.plan
    _show(plan, show, impacts)
    saved = save(prepared, options) if show.out is not None else None
    output.info(f"({prepared.client.requests_sent} read requests){_at_limit(prepared, plan)}")
    if saved is not None and show.out is not None:
        _write(show.out, saved)
    refuse_drift_or_unsafe(plan, force=True)
    return 2 if detailed and plan.has_changes else 0


def _at_limit(prepared: Prepared, plan: Plan) -> str:
    """How long the apply's writes take at this key's rate limit, when it is long."""
    seconds = prepared.client.limiter.seconds_at_limit(len(plan.operations))
    if seconds < 60:
        return ""
    return f"; at the rate limit, applying it takes about {output.duration(seconds)}"


def _show(plan: Plan, show: PlanOutput, impacts: Sequence[ReplyImpact] | None) -> None:
    days = show.replies or 0
    if show.fmt == "json":
        shown = json.loads(as_json(plan))
        if impacts is not None:
            from hcsync.questions.impact import as_json as replies_json

            shown["replies"] = replies_json(impacts, days)
        output.result(json_text(shown))
    elif show.fmt == "markdown":
        output.result(_with_replies(as_markdown(plan, show.max_chars), impacts, days))
    else:
        text = as_text(plan)
        if impacts is not None:
            from hcsync.questions.impact import as_text as replies_text

            text = "\n".join([text, *replies_text(impacts, days)])
        output.result(text, style=line_style)
    if show.summary is not None:
        append_summary(show.summary, _with_replies(as_markdown(plan, SUMMARY_LIMIT), impacts, days))


def _with_replies(markdown: str, impacts: Sequence[ReplyImpact] | None, days: int) -> str:
    if not impacts:
        return markdown
    from hcsync.questions.impact import as_markdown as replies_markdown

    return "\n".join([markdown, *replies_markdown(impacts, days)])


def _reply_impacts(prepared: Prepared, days: int) -> tuple[ReplyImpact, ...]:
    """Read the period's replies only when the plan breaks a public page."""
    from hcsync.questions import impact
    from hcsync.sync.inbox import Period, read_threads

    changes = impact.breaking_changes(prepared.plan, prepared.lock)
    if not changes:
        return ()
    replies = (
        impact.LinkedReply(thread.id, reply.html)
        for thread in read_threads(prepared.client, Period(days))
        for reply in thread.replies
    )
    language = prepared.site.config.default_language
    return impact.count_replies(changes, replies, language)


def _write(out: Path, saved: SavedPlan) -> None:
    try:
        text = json.dumps(saved.to_json(), indent=2, ensure_ascii=False) + "\n"
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise FatalError(f"{out}: cannot write the plan ({exc.strerror})") from None
    output.info(f"plan saved to {out}: apply it with `hcsync apply {out}`")

"""Answers that a change would break: agents' replies linking to a page the plan
unpublishes, deletes or moves to a new URL (a slug change).

Pure: the plan and the lock say which public pages change (a page is public when
the lock recorded its slug id); the replies come in as HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from hcsync.plan.lock import Lock
from hcsync.plan.model import Kind, Operation, Plan
from hcsync.plan.payloads import Metadata
from hcsync.questions.links import article_link, hrefs

ROOT = ""  # the default language's URL, in `BreakingChange.languages`


class Breaks(StrEnum):
    UNPUBLISHED = "unpublished"
    DELETED = "deleted"
    NEW_URL = "new URL"


_BY_KIND = {
    Kind.UNPUBLISH: Breaks.UNPUBLISHED,
    Kind.UNPUBLISH_TRANSLATION: Breaks.UNPUBLISHED,
    Kind.DELETE_ARTICLE: Breaks.DELETED,
    Kind.DELETE_TRANSLATION: Breaks.DELETED,
}


@dataclass(frozen=True)
class BreakingChange:
    path: str  # the root article's
    language: str | None  # None: the article (every language's URL)
    why: Breaks
    slug_id: int

    def covers(self, language: str | None, default_language: str) -> bool:
        """Whether a link to the page in `language` (None: no prefix) stops working."""
        if self.language is None and self.why is not Breaks.NEW_URL:
            return True
        linked = ROOT if language in (None, default_language) else language
        return linked == (self.language or ROOT)


@dataclass(frozen=True)
class ReplyImpact:
    change: BreakingChange
    conversations: tuple[str, ...]  # ids of the conversations whose replies link to it
    replies: int


@dataclass(frozen=True)
class LinkedReply:
    conversation: str
    html: str


def breaking_changes(plan: Plan, lock: Lock) -> tuple[BreakingChange, ...]:
    found: dict[tuple[str, str | None], BreakingChange] = {}
    for op in plan.operations:
        why, root = _why(op), op.key.subject  # a translation's operation names its root
        entry = lock.articles.get(root)
        if why is None or entry is None or entry.slug_id is None:
            continue
        found.setdefault((root, op.language), BreakingChange(root, op.language, why, entry.slug_id))
    return tuple(found.values())


def _why(op: Operation) -> Breaks | None:
    if op.kind in _BY_KIND:
        return _BY_KIND[op.kind]
    metadata = op.kind in (Kind.UPDATE_METADATA, Kind.UPDATE_TRANSLATION_METADATA)
    return Breaks.NEW_URL if metadata and op.payload_as(Metadata).slug is not None else None


def count_replies(
    changes: Sequence[BreakingChange], replies: Iterable[LinkedReply], default_language: str
) -> tuple[ReplyImpact, ...]:
    """Per change, the replies that link to the page (each reply counted once)."""
    hits: dict[BreakingChange, list[str]] = {c: [] for c in changes}
    for reply in replies:
        links = [link for href in hrefs(reply.html) if (link := article_link(href))]
        for change in changes:
            if any(
                link.slug_id == change.slug_id and change.covers(link.language, default_language)
                for link in links
            ):
                hits[change].append(reply.conversation)
    return tuple(
        ReplyImpact(c, tuple(dict.fromkeys(ids)), len(ids)) for c, ids in hits.items() if ids
    )


def _where(change: BreakingChange) -> str:
    return f"{change.path} [{change.language}]" if change.language else change.path


def sentence(impact: ReplyImpact, days: int) -> str:
    change = impact.change
    return (
        f"{_where(change)} ({change.why}): links in {impact.replies} agent "
        f"repl{'y' if impact.replies == 1 else 'ies'} of the last {days} days will stop working"
    )


def as_text(impacts: Sequence[ReplyImpact], days: int) -> list[str]:
    if not impacts:
        return [f"replies: no agent reply of the last {days} days links to a page this plan breaks"]
    return [f"replies: {sentence(i, days)}" for i in impacts]


def as_markdown(impacts: Sequence[ReplyImpact], days: int) -> list[str]:
    if not impacts:
        return []
    lines = ["", f"#### Agents' replies that link to what this plan breaks (last {days} days)", ""]
    return lines + [
        f"- ⚠️ `{_where(i.change)}` ({i.change.why}): links in **{i.replies}** replies will stop working"
        for i in impacts
    ]


def as_json(impacts: Sequence[ReplyImpact], days: int) -> dict[str, Any]:
    return {
        "days": days,
        "breaking": [
            {
                "path": i.change.path,
                "language": i.change.language,
                "why": i.change.why.value,
                "replies": i.replies,
                "conversations": list(i.conversations),
            }
            for i in impacts
        ],
    }

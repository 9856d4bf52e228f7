"""Conversations as the API shows them: conversation, message, draft, preview, count."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hcsync.emulator.config import CenterConfig
from hcsync.emulator.envelope import default_cc, default_to
from hcsync.emulator.inbox import Outgoing
from hcsync.emulator.inbox_config import UserConfig
from hcsync.emulator.inbox_records import ConversationRecord, MessageRecord, Status

TRUNCATE_AT = 2000
INLINED_MESSAGES = 5


def user_json(user: UserConfig) -> dict[str, Any]:
    return {
        "object": "user",
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "avatar": user.avatar,
    }


def entry_json(center: CenterConfig, entry: MessageRecord, *, full: bool) -> dict[str, Any]:
    """A message or discussion entry; unless `full`, html and text cut at 2,000 chars."""
    body: dict[str, Any] = {
        "object": "message",
        "id": entry.id,
        "message_id": entry.message_id,
        "role": entry.role,
        "html": entry.html,
        "text": entry.text,
        "truncated": False,
        "envelope": {"from": entry.sender, "to": entry.to, "cc": entry.cc, "bcc": entry.bcc},
        "subject": entry.subject,
        "attachments": entry.attachments,
        "bounced": entry.bounced,
        "created_at": entry.created_at,
    }
    if entry.mentions is not None:
        body["mentions"] = [_mention(center, user_id) for user_id in entry.mentions]
    too_long = max(len(entry.html), len(entry.text)) > TRUNCATE_AT
    if too_long and not full:
        body |= {
            "html": entry.html[:TRUNCATE_AT],
            "text": entry.text[:TRUNCATE_AT],
            "truncated": True,
            "content_length": {"html": len(entry.html), "text": len(entry.text)},
        }
    return body


def conversation_json(
    center: CenterConfig, record: ConversationRecord, *, inlined: int | None = None
) -> dict[str, Any]:
    """The conversation; `inlined` limits the messages shown (lists show the latest 5)."""
    newest = list(reversed(record.messages))
    shown = newest if inlined is None else newest[:inlined]
    assignee = _user(center, record.assignee)
    return {
        "object": "conversation",
        "id": record.id,
        "number": record.number,
        "center_id": record.center_id,
        "status": record.status,
        "from": record.channel,
        "contact": None if record.contact is None else {"object": "contact", **record.contact},
        "assignee": None if assignee is None else _assignee(assignee),
        "unread": record.unread,
        "message_count": len(record.messages),
        "discussion_count": len(record.discussion),
        "last_message_at": record.last_message_at,
        "draft": _draft_summary(record),
        "messages": [entry_json(center, m, full=False) for m in shown],
        "messages_has_more": len(shown) < len(newest),
        "discussion": [entry_json(center, d, full=False) for d in reversed(record.discussion)],
        "metaData": record.meta_data,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }


def draft_json(center: CenterConfig, record: ConversationRecord) -> dict[str, Any]:
    """GET /draft: the stored fields; what was never set shows the resolved default."""
    draft = record.draft
    to = draft.to if draft and draft.to else default_to(record)
    own = center.support.own_addresses if center.support else frozenset()
    cc = draft.cc if draft and draft.cc is not None else None
    if cc is None:
        cc = default_cc(record, to, own) if to else []
    return {
        "object": "draft",
        "conversation_id": record.id,
        "content": draft.content if draft else None,
        "envelope": {
            "to": to,
            "cc": cc,
            "bcc": draft.bcc if draft and draft.bcc is not None else [],
        },
        "updated_at": draft.updated_at if draft else None,
    }


def preview_json(out: Outgoing) -> dict[str, Any]:
    return {
        "object": "reply_preview",
        "envelope": {"from": out.sender, "to": out.to, "cc": out.cc, "bcc": out.bcc},
        "subject": out.subject,
        "references": out.references,
        "content": out.html,
    }


def counts_json(records: Iterable[ConversationRecord], path: str) -> dict[str, Any]:
    statuses = [r.status for r in records]
    counts: dict[str, Any] = {"object": "count"}
    counts |= {s.value: statuses.count(s) for s in Status}
    return counts | {"total": len(statuses), "url": f"/api{path}"}


def _draft_summary(record: ConversationRecord) -> dict[str, Any] | None:
    draft = record.draft
    if draft is None:
        return None
    return {
        "content": draft.content,
        "envelope": {"to": draft.to, "cc": draft.cc or [], "bcc": draft.bcc or []},
    }


def _user(center: CenterConfig, user_id: str | None) -> UserConfig | None:
    return next((u for u in center.users if u.id == user_id), None)


def _assignee(user: UserConfig) -> dict[str, Any]:
    return {"object": "user", "id": user.id, "name": user.name, "email": user.email}


def _mention(center: CenterConfig, user_id: str) -> dict[str, str]:
    user = _user(center, user_id)
    return {"id": user_id, "name": user.name if user else "", "email": user.email if user else ""}

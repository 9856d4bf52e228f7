"""Replies, the conversation draft and the internal discussion.

A reply (POST /reply, POST /draft/send) appends the agent's message and puts one
email in the outbox; with `dry_run` it only answers the resolved preview.
"""

from __future__ import annotations

import html
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from hcsync.emulator.config import CenterConfig
from hcsync.emulator.content import html_to_text
from hcsync.emulator.envelope import Overrides, resolve
from hcsync.emulator.errors import invalid, missing_field
from hcsync.emulator.inbox import append_reply, new_object_id, notify_mentions
from hcsync.emulator.inbox_records import (
    Address,
    ConversationRecord,
    DraftRecord,
    MessageRecord,
    Role,
)
from hcsync.emulator.inbox_views import conversation_json, draft_json, entry_json, preview_json
from hcsync.emulator.routes.common import json_body, store_of, text_field
from hcsync.emulator.routes.conversations import READ, REPLY, WRITE, conversation, owner_id
from hcsync.emulator.state import authorize

_PLACEHOLDER = re.compile(r"\{\{@([^{}\s]+)\}\}")
_ENVELOPE_FIELDS = ("to", "cc", "bcc")


async def reply(request: Request) -> JSONResponse:
    center = authorize(request, REPLY)
    record = conversation(request, center)
    body = await json_body(request, ("content", "to", "cc", "bcc", "subject", "dry_run"))
    dry_run = _dry_run(request, body)
    content = _content(body)
    if content is None and not dry_run:
        raise invalid("missing_content", "A reply needs 'content' (HTML)")
    given = Overrides(
        to=addresses(body.get("to"), "to"),
        cc=addresses(body.get("cc"), "cc"),
        bcc=addresses(body.get("bcc"), "bcc"),
        subject=text_field(body, "subject") or None,
    )
    out = resolve(center, record, given, content)
    if dry_run:
        return JSONResponse(preview_json(out))
    message = append_reply(store_of(request), center, record, out)
    return JSONResponse(_sent(center, record, message))


async def send_draft(request: Request) -> JSONResponse:
    center = authorize(request, REPLY)
    record = conversation(request, center)
    dry_run = _dry_run(request, await json_body(request, ("dry_run",)))
    content = record.draft.content if record.draft else None
    if not (content and content.strip()) and not dry_run:
        raise invalid("empty_draft", "The draft has no content to send")
    out = resolve(center, record, Overrides(), content)
    if dry_run:
        return JSONResponse(preview_json(out))
    message = append_reply(store_of(request), center, record, out)
    record.draft = None  # committed together with the reply: send and clear are one change
    return JSONResponse(_sent(center, record, message))


async def get_draft(request: Request) -> JSONResponse:
    center = authorize(request, READ)
    return JSONResponse(draft_json(center, conversation(request, center)))


async def update_draft(request: Request) -> JSONResponse:
    """Upsert: only the fields sent change; `[]` clears cc or bcc, null clears to."""
    center = authorize(request, WRITE)
    record = conversation(request, center)
    body = await json_body(request, ("content", "envelope"))
    if not body:
        raise missing_field("Provide at least one of: content, envelope")
    envelope = body.get("envelope") or {}
    if not isinstance(envelope, dict):
        raise invalid("invalid_parameter", "Field 'envelope' must be an object")
    unknown = sorted(set(envelope) - set(_ENVELOPE_FIELDS))
    if unknown:
        raise invalid("unknown_parameter", f"Unknown field 'envelope.{unknown[0]}'")
    changes = _draft_changes(body, envelope)  # all checked before anything changes
    store = store_of(request)
    draft = record.draft or DraftRecord(updated_at=store.now())
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.updated_at = store.now()
    record.draft = draft
    store.save(record)
    return JSONResponse(draft_json(center, record))


def _draft_changes(body: dict[str, Any], envelope: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if "content" in body:
        changes["content"] = text_field(body, "content")
    if "to" in envelope:
        to = addresses(envelope["to"], "envelope.to")
        changes["to"] = to[0] if to else None
    for name in ("cc", "bcc"):
        if name in envelope:
            changes[name] = addresses(envelope[name], f"envelope.{name}") or []
    return changes


async def discard_draft(request: Request) -> JSONResponse:
    center = authorize(request, WRITE)
    record = conversation(request, center)
    record.draft = None
    store_of(request).save(record)
    return JSONResponse(draft_json(center, record))


async def post_discussion(request: Request) -> JSONResponse:
    center = authorize(request, WRITE)
    record = conversation(request, center)
    body = await json_body(request, ("content", "mentions"))
    content = _content(body)
    if content is None:
        raise invalid("missing_content", "A discussion entry needs 'content' (HTML)")
    mentioned = _mentioned(center, content, body.get("mentions"))
    resolved = _PLACEHOLDER.sub(lambda m: _mention_markup(center, m.group(1)), content)
    store = store_of(request)
    owner = next((u for u in center.users if u.id == owner_id(request, center)), None)
    entry = MessageRecord(
        id=new_object_id(),
        role=Role.NOTE,
        html=resolved,
        text=html_to_text(resolved),
        created_at=store.now(),
        sender=None if owner is None else {"name": owner.name, "address": owner.email},
        mentions=mentioned,
    )
    record.discussion.append(entry)
    record.updated_at = entry.created_at
    store.save(record)
    notify_mentions(store, center, record, entry)
    return JSONResponse(entry_json(center, entry, full=True))


def _sent(
    center: CenterConfig, record: ConversationRecord, message: MessageRecord
) -> dict[str, Any]:
    return {
        "object": "reply",
        "message": entry_json(center, message, full=True),
        "conversation": conversation_json(center, record),
    }


def _dry_run(request: Request, body: dict[str, Any]) -> bool:
    """`?dry_run=true|1` or `{"dry_run": true}` in the body."""
    if request.query_params.get("dry_run", "").lower() in ("true", "1"):
        return True
    return body.get("dry_run") in (True, 1, "true", "1")


def _content(body: dict[str, Any]) -> str | None:
    value = body.get("content")
    if value is not None and not isinstance(value, str):
        raise invalid("invalid_parameter", "Field 'content' must be an HTML string")
    return value if value and value.strip() else None


def _mentioned(center: CenterConfig, content: str, extra: Any) -> list[str]:
    """Placeholder ids then `mentions`, deduplicated; all must be users of the center."""
    if extra is not None and not (
        isinstance(extra, list) and all(isinstance(i, str) for i in extra)
    ):
        raise invalid("invalid_parameter", "Field 'mentions' must be an array of user ids")
    ids = list(dict.fromkeys(_PLACEHOLDER.findall(content) + (extra or [])))
    members = {u.id for u in center.users}
    unknown = [i for i in ids if i not in members]
    if unknown:
        raise invalid("invalid_mention", f"User '{unknown[0]}' does not belong to this center")
    return ids


def _mention_markup(center: CenterConfig, user_id: str) -> str:
    name = next(u.name for u in center.users if u.id == user_id)
    return f'<span class="mention" data-id="{html.escape(user_id)}">@{html.escape(name)}</span>'


def addresses(value: Any, name: str) -> list[Address] | None:
    """One `{name?, address}` object or a list of them; None when not given."""
    if value is None:
        return None
    items = [value] if isinstance(value, dict) else value
    if not isinstance(items, list) or not all(_is_address(a) for a in items):
        raise invalid(
            "invalid_parameter", f"Field '{name}' must be {{address, name?}} objects (a list)"
        )
    return [{k: a[k] for k in ("name", "address") if a.get(k)} for a in items]


def _is_address(value: Any) -> bool:
    if not isinstance(value, dict) or not set(value) <= {"name", "address"}:
        return False
    address, name = value.get("address"), value.get("name")
    return isinstance(address, str) and "@" in address and isinstance(name, str | None)

"""Conversations: list and count with filters, read, update status and assignee, users."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse

from hcsync.emulator.config import CenterConfig
from hcsync.emulator.errors import invalid
from hcsync.emulator.inbox import conversations_of, find_conversation, find_entry
from hcsync.emulator.inbox_records import ConversationRecord, Status
from hcsync.emulator.inbox_views import (
    INLINED_MESSAGES,
    conversation_json,
    counts_json,
    entry_json,
    user_json,
)
from hcsync.emulator.routes.common import json_body, require_one, store_of
from hcsync.emulator.state import authorize, bearer_token, state_of
from hcsync.emulator.views import list_json

READ, WRITE, REPLY = "conversation.read", "conversation.write", "conversation.reply"
_STATUSES = ", ".join(s.value for s in Status)


async def list_conversations(request: Request) -> JSONResponse:
    center = authorize(request, READ)
    records = _filtered(request, center)
    page, has_more = _paginate(request, records)
    data = [conversation_json(center, r, inlined=INLINED_MESSAGES) for r in page]
    return JSONResponse(list_json(data, has_more, request.url.path))


async def count_conversations(request: Request) -> JSONResponse:
    center = authorize(request, READ)
    return JSONResponse(counts_json(_filtered(request, center), request.url.path))


async def get_conversation(request: Request) -> JSONResponse:
    center = authorize(request, READ)
    record = conversation(request, center)
    return JSONResponse(conversation_json(center, record))


async def update_conversation(request: Request) -> JSONResponse:
    center = authorize(request, WRITE)
    record = conversation(request, center)
    body = await json_body(request, ("status", "assignee"))
    if "assignee" not in body:
        require_one(body, ("status", "assignee"))
    status = body.get("status", record.status)
    if status not in set(Status):
        raise invalid("invalid_status", f"Status must be one of {_STATUSES}")
    assignee = body.get("assignee", record.assignee)
    if assignee is not None and not any(u.id == assignee for u in center.users):
        raise invalid("invalid_assignee", f"User '{assignee}' is not a member of this center")
    store = store_of(request)
    record.status, record.assignee, record.updated_at = Status(status), assignee, store.now()
    store.save(record)
    return JSONResponse(conversation_json(center, record))


async def get_message(request: Request) -> JSONResponse:
    center = authorize(request, READ)
    entry = find_entry(conversation(request, center), request.path_params["message_id"])
    return JSONResponse(entry_json(center, entry, full=True))


async def list_users(request: Request) -> JSONResponse:
    center = authorize(request, READ)
    body = list_json([user_json(u) for u in center.users], False, request.url.path)
    return JSONResponse(body)


def conversation(request: Request, center: CenterConfig) -> ConversationRecord:
    return find_conversation(store_of(request), center, request.path_params["conversation_id"])


def owner_id(request: Request, center: CenterConfig) -> str | None:
    """The user id of the key's owner: its `owner`, else the center's first user."""
    token = bearer_token(request.headers.get("authorization", ""))
    key = state_of(request).config.key(token)
    if key is not None and key.owner is not None:
        return key.owner
    return center.users[0].id if center.users else None


def _filtered(request: Request, center: CenterConfig) -> list[ConversationRecord]:
    query = request.query_params
    statuses = set(query.getlist("status"))
    if not statuses <= set(Status):
        raise invalid("invalid_status", f"Status must be one of {_STATUSES}")
    owner = owner_id(request, center)
    mentioned = {owner if m == "me" else m for m in query.getlist("mentioned")}
    unread = _flag(query.get("unread"), "unread")
    after = _time(query.get("created_after"), "created_after")
    before = _time(query.get("created_before"), "created_before")
    assignee, contact = query.get("assignee"), query.get("contact")
    needle = (query.get("search") or "").lower()
    return [
        r
        for r in conversations_of(store_of(request), center)
        if (not statuses or r.status in statuses)
        and (assignee is None or r.assignee == (None if assignee == "unassigned" else assignee))
        and (contact is None or (r.contact or {}).get("id") == contact)
        and (not mentioned or _mentions(r) & mentioned)
        and (unread is None or r.unread == unread)
        and (after is None or _parse(r.created_at) >= after)
        and (before is None or _parse(r.created_at) <= before)
        and (not needle or needle in _haystack(r))
    ]


def _mentions(record: ConversationRecord) -> set[str | None]:
    return {user_id for entry in record.discussion for user_id in entry.mentions or ()}


def _haystack(record: ConversationRecord) -> str:
    """What `search` looks in: messages (subject, text, html), contact and metaData."""
    parts = [f"{m.subject or ''}\n{m.text}\n{m.html}" for m in record.messages]
    parts += [str(v) for v in (record.contact or {}).values()]
    parts += [str(v) for v in record.meta_data.values()]
    return "\n".join(parts).lower()


def _paginate(
    request: Request, items: list[ConversationRecord]
) -> tuple[list[ConversationRecord], bool]:
    """Cursor pagination over the newest-first list (limit 1–100, default 50)."""
    query = request.query_params
    raw = query.get("limit", "50")
    if not raw.isdigit() or not 1 <= int(raw) <= 100:
        raise invalid("invalid_parameter", "limit must be an integer between 1 and 100")
    limit, ids = int(raw), [item.id for item in items]
    for name in ("starting_after", "ending_before"):
        cursor = query.get(name)
        if cursor and cursor not in ids:
            raise invalid("invalid_parameter", f"Cursor '{cursor}' is not an item of this list")
    if after := query.get("starting_after"):
        rest = items[ids.index(after) + 1 :]
        return rest[:limit], len(rest) > limit
    if before := query.get("ending_before"):
        head = items[: ids.index(before)]
        return head[-limit:], len(head) > limit
    return items[:limit], len(items) > limit


def _flag(raw: str | None, name: str) -> bool | None:
    if raw is None:
        return None
    if raw.lower() in ("true", "1", "false", "0"):
        return raw.lower() in ("true", "1")
    raise invalid("invalid_parameter", f"{name} must be true or false")


def _time(raw: str | None, name: str) -> datetime | None:
    if raw is None:
        return None
    try:
        return _parse(raw)
    except ValueError:
        raise invalid("invalid_parameter", f"{name} must be an ISO 8601 timestamp") from None


def _parse(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

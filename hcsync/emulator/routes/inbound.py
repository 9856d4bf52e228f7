"""Control API for conversations: mail arriving (`POST /_emulator/inbound`) and what
the API has "sent" (`GET /_emulator/outbox`). Never under /v0, so never gated."""

from __future__ import annotations

import json
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from hcsync.emulator.config import EmulatorConfig
from hcsync.emulator.errors import ApiError, invalid, not_found
from hcsync.emulator.inbox import Inbound, receive
from hcsync.emulator.inbox_records import Channel, Role
from hcsync.emulator.routes.replies import addresses
from hcsync.emulator.state import state_of

_FIELDS = frozenset(
    "center_id channel from to cc subject html message_id role contact metaData "  # noqa: SIM905
    "attachments conversation_id".split()
)


async def inbound(request: Request) -> JSONResponse:
    """A customer's message arrives; answers the conversation's and the message's ids."""
    state = state_of(request)
    message = _parse(state.config, await _body(request))
    record, entry = receive(state.store, message)
    state.store.commit()  # the gate commits /v0 requests only
    return JSONResponse(
        {
            "conversation": {"id": record.id, "number": record.number},
            "message": {"id": entry.id, "message_id": entry.message_id},
        },
        status_code=201,
    )


async def outbox(request: Request) -> JSONResponse:
    """Every email sent, oldest first; `?center_id=` and `?kind=reply|mention` filter."""
    query = request.query_params
    emails = sorted(state_of(request).store.emails.values(), key=lambda e: e.seq)
    return JSONResponse(
        {
            "emails": [
                e.to_json()
                for e in emails
                if query.get("center_id", e.center_id) == e.center_id
                and query.get("kind", e.kind) == e.kind
            ]
        }
    )


async def _body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise invalid("invalid_json", "The request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise invalid("invalid_json", "The request body must be a JSON object")
    unknown = sorted(set(body) - _FIELDS)
    if unknown:
        raise invalid("unknown_parameter", f"Unknown field '{unknown[0]}'")
    return body


def _parse(config: EmulatorConfig, body: dict[str, Any]) -> Inbound:
    center = config.center(str(body.get("center_id")))
    if center is None:
        raise not_found("Center", str(body.get("center_id")))
    try:
        channel, role = Channel(body.get("channel", "email")), Role(body.get("role", "user"))
    except ValueError as exc:
        raise invalid("invalid_parameter", str(exc)) from None
    sender = _sender(body.get("from"))
    if channel == Channel.EMAIL and "address" not in sender:
        raise invalid("missing_required_field", "Email needs 'from': {name?, address}")
    default_to = [center.support.sender] if center.support and channel == Channel.EMAIL else []
    return Inbound(
        center=center,
        channel=channel,
        sender=sender,
        html=_text(body, "html") or "",
        to=addresses(body.get("to"), "to") or default_to,
        cc=addresses(body.get("cc"), "cc") or [],
        subject=_text(body, "subject"),
        message_id=_text(body, "message_id") or _message_id(channel),
        role=role,
        contact=_mapping(body, "contact"),
        meta_data=_mapping(body, "metaData") or {},
        attachments=body.get("attachments") or [],
        conversation_id=_text(body, "conversation_id"),
    )


def _sender(value: Any) -> dict[str, str]:
    """`from`: a name and an address; widget and website senders may have no address."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise invalid("invalid_parameter", "Field 'from' must be {name?, address?}")
    return {k: value[k] for k in ("name", "address") if value.get(k)}


def _message_id(channel: Channel) -> str | None:
    return f"<{secrets.token_hex(10)}@mail.emulator.test>" if channel == Channel.EMAIL else None


def _text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise invalid("invalid_parameter", f"Field '{name}' must be a string")
    return value


def _mapping(body: dict[str, Any], name: str) -> dict[str, Any] | None:
    value = body.get(name)
    if value is not None and not isinstance(value, dict):
        raise ApiError(400, "invalid_parameter", f"Field '{name}' must be an object")
    return value

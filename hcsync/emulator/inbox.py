"""Conversations in the store: find them, receive mail, append replies, send emails.

Shared by the API routes, the control API's inbound mail and the demo samples.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from hcsync.emulator.config import CenterConfig
from hcsync.emulator.content import html_to_text
from hcsync.emulator.errors import not_found
from hcsync.emulator.inbox_records import (
    Address,
    Channel,
    ConversationRecord,
    EmailKind,
    EmailRecord,
    MessageRecord,
    Role,
)
from hcsync.emulator.store import Store

_OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")


@dataclass(frozen=True)
class Inbound:
    """One message arriving (by mail, widget or website), as the control API takes it."""

    center: CenterConfig
    channel: Channel
    sender: Address
    html: str = ""
    to: list[Address] = field(default_factory=list)
    cc: list[Address] = field(default_factory=list)
    subject: str | None = None
    message_id: str | None = None
    role: Role = Role.USER
    contact: dict[str, str] | None = None
    meta_data: dict[str, Any] = field(default_factory=dict)
    attachments: list[dict[str, str]] = field(default_factory=list)
    conversation_id: str | None = None


@dataclass(frozen=True)
class Outgoing:
    """A reply as resolved: sender, recipients, subject, thread references, body."""

    sender: Address
    to: list[Address]
    cc: list[Address]
    bcc: list[Address]
    subject: str
    references: list[str]
    html: str | None


def new_object_id() -> str:
    """A Mongo-like id: 24 lowercase hex digits."""
    return secrets.token_hex(12)


def is_object_id(value: str) -> bool:
    return bool(_OBJECT_ID.match(value))


def conversations_of(store: Store, center: CenterConfig) -> list[ConversationRecord]:
    """The center's conversations, newest first."""
    records = (c for c in store.conversations.values() if c.center_id == center.id)
    return sorted(records, key=lambda c: c.seq, reverse=True)


def find_conversation(
    store: Store, center: CenterConfig, conversation_id: str
) -> ConversationRecord:
    record = store.conversations.get(conversation_id)
    if record is None or record.center_id != center.id:
        raise not_found("Conversation", conversation_id)
    return record


def find_entry(record: ConversationRecord, ref: str) -> MessageRecord:
    """A message or discussion entry by its id, or else by its RFC Message-ID."""
    entries = record.messages + record.discussion
    if is_object_id(ref):
        found = next((m for m in entries if m.id == ref), None)
    else:
        found = next((m for m in entries if m.message_id == ref), None)
    if found is None:
        raise not_found("Message", ref)
    return found


def receive(
    store: Store, inbound: Inbound, preset_ids: tuple[str, str] | None = None
) -> tuple[ConversationRecord, MessageRecord]:
    """Add an arriving message to its conversation (a new one unless one is named)."""
    center = inbound.center
    now = store.now()
    if inbound.conversation_id is not None:
        record = find_conversation(store, center, inbound.conversation_id)
    else:
        record = _new_conversation(store, inbound, now, preset_ids and preset_ids[0])
    message = MessageRecord(
        id=(preset_ids and preset_ids[1]) or new_object_id(),
        role=inbound.role,
        html=inbound.html,
        text=html_to_text(inbound.html),
        created_at=now,
        sender=inbound.sender,
        to=inbound.to,
        cc=inbound.cc,
        subject=inbound.subject,
        message_id=inbound.message_id,
        attachments=inbound.attachments,
    )
    record.messages.append(message)
    record.meta_data |= inbound.meta_data
    record.last_message_at = record.updated_at = now
    if inbound.role == Role.USER:
        record.unread = True
    store.save(record)
    return record, message


def append_reply(
    store: Store, center: CenterConfig, record: ConversationRecord, out: Outgoing
) -> MessageRecord:
    """Append the agent's reply to the thread and put its email in the outbox."""
    now = store.now()
    html = out.html or ""
    message = MessageRecord(
        id=new_object_id(),
        role=Role.AGENT,
        html=html,
        text=html_to_text(html),
        created_at=now,
        sender=out.sender,
        to=out.to,
        cc=out.cc,
        bcc=out.bcc,
        subject=out.subject,
        message_id=f"<{secrets.token_hex(8)}@{center.domain}>",
    )
    record.messages.append(message)
    record.last_message_at = record.updated_at = now
    store.save(record)
    _send(store, center, record, EmailKind.REPLY, out, message.message_id)
    return message


def notify_mentions(
    store: Store, center: CenterConfig, record: ConversationRecord, entry: MessageRecord
) -> None:
    """One notification email per mentioned user (the emulator has no Slack)."""
    sender = {"name": "Help.Center", "address": f"notifications@{center.domain}"}
    for user_id in entry.mentions or ():
        user = next(u for u in center.users if u.id == user_id)
        out = Outgoing(
            sender=sender,
            to=[{"name": user.name, "address": user.email}],
            cc=[],
            bcc=[],
            subject=f"You were mentioned in conversation #{record.number}",
            references=[],
            html=entry.html,
        )
        _send(store, center, record, EmailKind.MENTION, out, None)


def _send(
    store: Store,
    center: CenterConfig,
    record: ConversationRecord,
    kind: EmailKind,
    out: Outgoing,
    message_id: str | None,
) -> None:
    email = EmailRecord(
        id=new_object_id(),
        center_id=center.id,
        seq=store.next_number("emails"),
        kind=kind,
        conversation_id=record.id,
        sender=out.sender,
        to=out.to,
        cc=out.cc,
        bcc=out.bcc,
        subject=out.subject,
        references=out.references,
        html=out.html or "",
        created_at=store.now(),
        message_id=message_id,
    )
    store.save(email)


def _new_conversation(
    store: Store, inbound: Inbound, now: str, preset_id: str | None
) -> ConversationRecord:
    center = inbound.center
    record = ConversationRecord(
        id=preset_id or new_object_id(),
        center_id=center.id,
        seq=store.next_number("conversations"),
        number=store.next_number(f"{center.id}:conversation-number"),
        channel=inbound.channel,
        created_at=now,
        updated_at=now,
        last_message_at=now,
        contact=_contact(center, inbound),
        unread=inbound.role == Role.USER,
    )
    store.conversations[record.id] = record
    return record


def _contact(center: CenterConfig, inbound: Inbound) -> dict[str, str] | None:
    """The contact given, or for mail the sender; the same email is the same contact."""
    given = inbound.contact
    if given is None and inbound.channel == Channel.EMAIL and inbound.role == Role.USER:
        given = {"name": inbound.sender.get("name", ""), "email": inbound.sender["address"]}
    if given is None:
        return None
    email = given.get("email", "")
    seed = f"{center.id}\0{email.lower()}" if email else secrets.token_hex(8)
    return {
        "id": given.get("id") or hashlib.sha256(seed.encode()).hexdigest()[:24],
        "name": given.get("name", ""),
        "email": email,
        "avatar": given.get("avatar", ""),
    }

"""Recipient, cc, bcc and subject resolution for replies, in the documented precedence.

to:      request → draft → sender of the latest inbound message → first `to` of the
         latest agent message (only when no inbound message has an address) →
         contact email → metaData.email; none → 400 missing_recipient.
cc:      request → draft → `to` + `cc` of the latest inbound message, minus the
         resolved `to` and the center's own addresses, deduplicated.
bcc:     request → draft → [].
subject: request → `Re : <latest inbound subject>` → latest agent subject →
         `Question from <to address>`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from hcsync.emulator.config import CenterConfig
from hcsync.emulator.errors import ApiError, invalid
from hcsync.emulator.inbox import Outgoing
from hcsync.emulator.inbox_records import Address, ConversationRecord, MessageRecord, Role


@dataclass(frozen=True)
class Overrides:
    """What the request (or the draft being sent) states explicitly; None = resolve it."""

    to: list[Address] | None = None
    cc: list[Address] | None = None
    bcc: list[Address] | None = None
    subject: str | None = None


def resolve(
    center: CenterConfig, record: ConversationRecord, given: Overrides, html: str | None
) -> Outgoing:
    """The full outgoing envelope, or the API's error when it cannot be sent."""
    if center.support is None:
        raise ApiError(
            500, "channel_not_configured", "The center has no support channel to send from"
        )
    draft = record.draft
    to = given.to or ([draft.to] if draft and draft.to else None) or _default_to(record)
    if not to:
        raise invalid(
            "missing_recipient",
            "No recipient could be resolved from the request, the draft, the thread, "
            "the contact or metaData",
        )
    cc = _first(given.cc, draft.cc if draft else None)
    if cc is None:
        cc = default_cc(record, to[0], center.support.own_addresses)
    return Outgoing(
        sender=center.support.sender,
        to=to,
        cc=cc,
        bcc=_first(given.bcc, draft.bcc if draft else None) or [],
        subject=given.subject or default_subject(record, to[0]),
        references=[m.message_id for m in record.messages if m.message_id],
        html=html,
    )


def default_to(record: ConversationRecord) -> Address | None:
    found = _default_to(record)
    return found[0] if found else None


def default_cc(
    record: ConversationRecord, to: Address, own_addresses: Iterable[str]
) -> list[Address]:
    latest = _latest(record, Role.USER)
    if latest is None:
        return []
    excluded = {to["address"].lower(), *own_addresses}
    cc: list[Address] = []
    for address in latest.to + latest.cc:
        key = address["address"].lower()
        if key not in excluded:
            excluded.add(key)
            cc.append(address)
    return cc


def default_subject(record: ConversationRecord, to: Address) -> str:
    inbound = _latest(record, Role.USER, lambda m: bool(m.subject))
    if inbound is not None:
        return f"Re : {inbound.subject}"  # sic: the dashboard's spacing, no dedup of Re:
    outbound = _latest(record, Role.AGENT, lambda m: bool(m.subject))
    if outbound is not None and outbound.subject:
        return outbound.subject
    return f"Question from {to['address']}"


def _default_to(record: ConversationRecord) -> list[Address] | None:
    inbound = _latest(record, Role.USER, lambda m: bool(m.sender and m.sender.get("address")))
    if inbound is not None and inbound.sender is not None:
        return [inbound.sender]
    outbound = _latest(record, Role.AGENT, lambda m: bool(m.to))
    if outbound is not None:
        return [outbound.to[0]]
    contact = record.contact or {}
    if contact.get("email"):
        return [_named(contact.get("name"), contact["email"])]
    email = record.meta_data.get("email")
    if isinstance(email, str) and email:
        return [{"address": email}]
    return None


def _latest(
    record: ConversationRecord,
    role: Role,
    keep: Callable[[MessageRecord], bool] = lambda _: True,
) -> MessageRecord | None:
    for message in reversed(record.messages):
        if message.role == role and keep(message):
            return message
    return None


def _first(*candidates: list[Address] | None) -> list[Address] | None:
    return next((c for c in candidates if c is not None), None)


def _named(name: str | None, address: str) -> Address:
    return {"name": name, "address": address} if name else {"address": address}

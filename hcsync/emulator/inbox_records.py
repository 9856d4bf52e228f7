"""The emulator's stored conversations and sent emails: plain mutable records.

Addresses are stored as the API shows them: `{"name": …, "address": …}` with
`name` optional.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

Address = dict[str, str]


class Channel(StrEnum):
    EMAIL = "email"
    WIDGET = "widget"
    WEBSITE = "website"


class Status(StrEnum):
    OPEN = "open"
    PENDING = "pending"
    CLOSED = "closed"


class Role(StrEnum):
    USER = "user"
    AGENT = "agent"
    AI = "ai"
    SYSTEM = "system"
    NOTE = "note"


class EmailKind(StrEnum):
    REPLY = "reply"
    MENTION = "mention"


@dataclass
class MessageRecord:
    """A message of the thread or an entry of the discussion (the same model)."""

    id: str
    role: str
    html: str
    text: str
    created_at: str
    sender: Address | None = None
    to: list[Address] = field(default_factory=list)
    cc: list[Address] = field(default_factory=list)
    bcc: list[Address] = field(default_factory=list)
    subject: str | None = None
    message_id: str | None = None
    attachments: list[dict[str, str]] = field(default_factory=list)
    bounced: bool = False
    mentions: list[str] | None = None  # user ids; discussion entries only


@dataclass
class DraftRecord:
    """A conversation's draft; `None` fields were never set (resolved at send time)."""

    updated_at: str
    content: str | None = None
    to: Address | None = None
    cc: list[Address] | None = None
    bcc: list[Address] | None = None


@dataclass
class ConversationRecord:
    id: str
    center_id: str
    seq: int
    number: int
    channel: str
    created_at: str
    updated_at: str
    last_message_at: str
    status: str = Status.OPEN
    contact: dict[str, str] | None = None
    assignee: str | None = None
    unread: bool = True
    meta_data: dict[str, Any] = field(default_factory=dict)
    draft: DraftRecord | None = None
    messages: list[MessageRecord] = field(default_factory=list)  # oldest first
    discussion: list[MessageRecord] = field(default_factory=list)  # oldest first

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConversationRecord:
        data = dict(data)
        data["messages"] = [MessageRecord(**m) for m in data["messages"]]
        data["discussion"] = [MessageRecord(**m) for m in data["discussion"]]
        if data.get("draft") is not None:
            data["draft"] = DraftRecord(**data["draft"])
        return cls(**data)


@dataclass
class EmailRecord:
    """One email the emulator "sent": a reply to a customer or a mention notification."""

    id: str
    center_id: str
    seq: int
    kind: str
    conversation_id: str
    sender: Address
    to: list[Address]
    subject: str
    html: str
    created_at: str
    cc: list[Address] = field(default_factory=list)
    bcc: list[Address] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    message_id: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EmailRecord:
        return cls(**data)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "center_id": self.center_id,
            "conversation_id": self.conversation_id,
            "message_id": self.message_id,
            "from": self.sender,
            "to": self.to,
            "cc": self.cc,
            "bcc": self.bcc,
            "subject": self.subject,
            "references": self.references,
            "html": self.html,
            "created_at": self.created_at,
        }

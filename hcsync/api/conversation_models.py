"""What the conversations half of the API returns, as frozen dataclasses.

Parsed tolerantly like `models.py`: optional fields may be missing, and a
recipient may come as one `{address}` object or as a list of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

Json = Mapping[str, Any]


class ConversationStatus(StrEnum):
    OPEN = "open"
    PENDING = "pending"
    CLOSED = "closed"


class Channel(StrEnum):
    EMAIL = "email"
    WIDGET = "widget"
    WEBSITE = "website"


class MessageRole(StrEnum):
    USER = "user"
    AGENT = "agent"
    AI = "ai"
    SYSTEM = "system"
    NOTE = "note"


@dataclass(frozen=True)
class Address:
    address: str
    name: str | None = None

    @classmethod
    def from_json(cls, data: Json) -> Address:
        return cls(address=str(data.get("address") or ""), name=data.get("name"))

    @classmethod
    def many(cls, data: Any) -> tuple[Address, ...]:
        """A list of addresses, or one address object, or nothing."""
        if not data:
            return ()
        items = [data] if isinstance(data, Mapping) else data
        return tuple(cls.from_json(a) for a in items)

    def to_json(self) -> dict[str, str]:
        return {"address": self.address} | ({"name": self.name} if self.name else {})


@dataclass(frozen=True)
class User:
    """A team member of the center (also the shape of a mention and an assignee)."""

    id: str
    name: str
    email: str
    avatar: str = ""

    @classmethod
    def from_json(cls, data: Json) -> User:
        return cls(
            id=str(data["id"]),
            name=str(data.get("name") or ""),
            email=str(data.get("email") or ""),
            avatar=str(data.get("avatar") or ""),
        )


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    email: str
    avatar: str = ""

    @classmethod
    def from_json(cls, data: Json) -> Contact:
        user = User.from_json(data)
        return cls(id=user.id, name=user.name, email=user.email, avatar=user.avatar)


@dataclass(frozen=True)
class Envelope:
    sender: Address | None
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    bcc: tuple[Address, ...] = ()

    @classmethod
    def from_json(cls, data: Json | None) -> Envelope:
        data = data or {}
        sender = data.get("from")
        return cls(
            sender=Address.from_json(sender) if sender else None,
            to=Address.many(data.get("to")),
            cc=Address.many(data.get("cc")),
            bcc=Address.many(data.get("bcc")),
        )


@dataclass(frozen=True)
class Attachment:
    filename: str
    url: str


@dataclass(frozen=True)
class ContentLength:
    """The real lengths of a truncated entry's html and text."""

    html: int
    text: int


@dataclass(frozen=True)
class Message:
    """A message of the thread, or a discussion entry (`mentions` is then not None)."""

    id: str
    role: MessageRole
    html: str
    text: str
    created_at: str
    envelope: Envelope
    truncated: bool = False
    content_length: ContentLength | None = None
    message_id: str | None = None
    subject: str | None = None
    attachments: tuple[Attachment, ...] = ()
    bounced: bool = False
    mentions: tuple[User, ...] | None = None

    @classmethod
    def from_json(cls, data: Json) -> Message:
        length = data.get("content_length")
        mentions = data.get("mentions")
        return cls(
            id=str(data["id"]),
            role=MessageRole(data.get("role", "user")),
            html=str(data.get("html") or ""),
            text=str(data.get("text") or ""),
            created_at=str(data.get("created_at") or ""),
            envelope=Envelope.from_json(data.get("envelope")),
            truncated=bool(data.get("truncated")),
            content_length=ContentLength(int(length["html"]), int(length["text"]))
            if length
            else None,
            message_id=data.get("message_id"),
            subject=data.get("subject"),
            attachments=tuple(
                Attachment(str(a.get("filename", "")), str(a.get("url", "")))
                for a in data.get("attachments") or ()
            ),
            bounced=bool(data.get("bounced")),
            mentions=None if mentions is None else tuple(User.from_json(m) for m in mentions),
        )


@dataclass(frozen=True)
class ConversationDraft:
    """A conversation's reply draft; `content` is None when there is none."""

    content: str | None
    to: Address | None = None
    cc: tuple[Address, ...] = ()
    bcc: tuple[Address, ...] = ()
    conversation_id: str | None = None
    updated_at: str | None = None

    @classmethod
    def from_json(cls, data: Json) -> ConversationDraft:
        envelope = data.get("envelope") or {}
        to = Address.many(envelope.get("to"))
        return cls(
            content=data.get("content"),
            to=to[0] if to else None,
            cc=Address.many(envelope.get("cc")),
            bcc=Address.many(envelope.get("bcc")),
            conversation_id=data.get("conversation_id"),
            updated_at=data.get("updated_at"),
        )


@dataclass(frozen=True)
class Conversation:
    id: str
    number: int
    status: ConversationStatus
    channel: Channel
    contact: Contact | None
    assignee: User | None
    unread: bool
    message_count: int
    discussion_count: int
    messages: tuple[Message, ...]
    messages_has_more: bool
    discussion: tuple[Message, ...]
    draft: ConversationDraft | None
    created_at: str
    updated_at: str
    last_message_at: str | None = None
    meta_data: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Json) -> Conversation:
        contact, assignee, draft = data.get("contact"), data.get("assignee"), data.get("draft")
        messages = tuple(Message.from_json(m) for m in data.get("messages") or ())
        discussion = tuple(Message.from_json(m) for m in data.get("discussion") or ())
        return cls(
            id=str(data["id"]),
            number=int(data.get("number") or 0),
            status=ConversationStatus(data.get("status", "open")),
            channel=Channel(data.get("from", "email")),
            contact=Contact.from_json(contact) if contact else None,
            assignee=User.from_json(assignee) if assignee else None,
            unread=bool(data.get("unread")),
            message_count=int(data.get("message_count", len(messages))),
            discussion_count=int(data.get("discussion_count", len(discussion))),
            messages=messages,
            messages_has_more=bool(data.get("messages_has_more")),
            discussion=discussion,
            draft=ConversationDraft.from_json(draft) if draft else None,
            created_at=str(data.get("created_at") or ""),
            updated_at=str(data.get("updated_at") or ""),
            last_message_at=data.get("last_message_at"),
            meta_data=dict(data.get("metaData") or data.get("metadata") or {}),
        )


@dataclass(frozen=True)
class ReplyPreview:
    """What a reply would send (dry run): nothing was sent or changed."""

    envelope: Envelope
    subject: str
    references: tuple[str, ...]
    content: str | None

    @classmethod
    def from_json(cls, data: Json) -> ReplyPreview:
        return cls(
            envelope=Envelope.from_json(data.get("envelope")),
            subject=str(data.get("subject") or ""),
            references=tuple(str(r) for r in data.get("references") or ()),
            content=data.get("content"),
        )


@dataclass(frozen=True)
class Reply:
    """A sent reply: the appended message and the conversation afterwards."""

    message: Message
    conversation: Conversation | None

    @classmethod
    def from_json(cls, data: Json) -> Reply:
        conversation = data.get("conversation")
        message = data.get("message", data)
        return cls(
            message=Message.from_json(message),
            conversation=Conversation.from_json(conversation) if conversation else None,
        )


@dataclass(frozen=True)
class ConversationCounts:
    open: int
    pending: int
    closed: int
    total: int

    @classmethod
    def from_json(cls, data: Json) -> ConversationCounts:
        return cls(*(int(data.get(k) or 0) for k in ("open", "pending", "closed", "total")))


def addresses_json(addresses: Iterable[Address]) -> list[dict[str, str]]:
    return [a.to_json() for a in addresses]

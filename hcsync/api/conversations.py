"""The conversations half of the client: one method per endpoint, mixed into
`HelpCenterClient` so that it shares its pacing, retries and errors.

Replies and draft sends email a customer: they are sent exactly once, never
retried (a lost answer must not become a second email). Check the conversation
or the outbox instead when a `ConnectionFailed` leaves the outcome unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from hcsync.api.conversation_filter import ConversationFilter
from hcsync.api.conversation_models import (
    Address,
    Conversation,
    ConversationCounts,
    ConversationDraft,
    ConversationStatus,
    Message,
    Reply,
    ReplyPreview,
    User,
    addresses_json,
)
from hcsync.api.models import Page
from hcsync.api.wire import segment  # a Message-ID's <, > and @ included

T = TypeVar("T")


class Keep(Enum):
    """The default of a field that may also be set to None: leave it as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP
CONVERSATIONS_PAGE = 50


class ConversationsMixin:
    if TYPE_CHECKING:  # provided by HelpCenterClient

        def _call(self, method: str, path: str, **kwargs: Any) -> Any: ...

        def _call_once(self, method: str, path: str, **kwargs: Any) -> Any: ...

        def _paginate(
            self, path: str, params: dict[str, Any], parse: Callable[[Mapping[str, Any]], T]
        ) -> Iterator[T]: ...

    # -- reading ---------------------------------------------------------------

    def list_conversations(
        self, filters: ConversationFilter | None = None
    ) -> Iterator[Conversation]:
        """Every matching conversation, newest first, following the cursor."""
        params = (filters or ConversationFilter()).to_params()
        return self._paginate("/conversations", params, Conversation.from_json)

    def conversations_page(
        self,
        filters: ConversationFilter | None = None,
        *,
        limit: int = CONVERSATIONS_PAGE,
        starting_after: str | None = None,
        ending_before: str | None = None,
    ) -> Page[Conversation]:
        params = (filters or ConversationFilter()).to_params() | {"limit": limit}
        if starting_after is not None:
            params["starting_after"] = starting_after
        if ending_before is not None:
            params["ending_before"] = ending_before
        body = self._call("GET", "/conversations", params=params)
        data = tuple(Conversation.from_json(c) for c in body.get("data") or ())
        return Page(data=data, has_more=bool(body.get("has_more")), count=len(data))

    def count_conversations(self, filters: ConversationFilter | None = None) -> ConversationCounts:
        params = (filters or ConversationFilter()).to_params()
        return ConversationCounts.from_json(
            self._call("GET", "/conversations/count", params=params)
        )

    def get_conversation(self, conversation_id: str) -> Conversation:
        """Metadata, draft, every message and the discussion (each cut at 2,000 chars)."""
        return Conversation.from_json(self._call("GET", _conversation(conversation_id)))

    def get_message(self, conversation_id: str, message_id: str) -> Message:
        """One message or discussion entry, in full: by id or by RFC Message-ID."""
        path = f"{_conversation(conversation_id)}/messages/{segment(message_id)}"
        return Message.from_json(self._call("GET", path))

    def list_users(self) -> tuple[User, ...]:
        return tuple(User.from_json(u) for u in self._call("GET", "/users").get("data") or ())

    # -- internal changes ------------------------------------------------------

    def update_conversation(
        self,
        conversation_id: str,
        *,
        status: ConversationStatus | None = None,
        assignee: str | Keep | None = KEEP,
    ) -> Conversation:
        """Change the status and/or the assignee (`assignee=None` unassigns)."""
        body: dict[str, Any] = {} if status is None else {"status": status.value}
        if assignee is not KEEP:
            body["assignee"] = assignee
        return Conversation.from_json(
            self._call("PATCH", _conversation(conversation_id), json=body)
        )

    def post_discussion(
        self, conversation_id: str, content: str, *, mentions: Sequence[str] = ()
    ) -> Message:
        """An internal note; `{{@USER_ID}}` in `content` and `mentions` notify users."""
        body: dict[str, Any] = {"content": content}
        if mentions:
            body["mentions"] = list(mentions)
        path = f"{_conversation(conversation_id)}/discussion"
        return Message.from_json(self._call("POST", path, json=body))

    def get_reply_draft(self, conversation_id: str) -> ConversationDraft:
        """The draft, or content None with the envelope a send would resolve."""
        path = f"{_conversation(conversation_id)}/draft"
        return ConversationDraft.from_json(self._call("GET", path))

    def update_reply_draft(
        self,
        conversation_id: str,
        *,
        content: str | None = None,
        to: Address | None = None,
        cc: Sequence[Address] | None = None,
        bcc: Sequence[Address] | None = None,
    ) -> ConversationDraft:
        """Upsert the draft: what is None stays as it is; `cc=[]` clears the cc."""
        envelope: dict[str, Any] = {}
        if to is not None:
            envelope["to"] = to.to_json()
        if cc is not None:
            envelope["cc"] = addresses_json(cc)
        if bcc is not None:
            envelope["bcc"] = addresses_json(bcc)
        body: dict[str, Any] = {} if content is None else {"content": content}
        if envelope:
            body["envelope"] = envelope
        path = f"{_conversation(conversation_id)}/draft"
        return ConversationDraft.from_json(self._call("PATCH", path, json=body))

    def discard_reply_draft(self, conversation_id: str) -> ConversationDraft:
        path = f"{_conversation(conversation_id)}/draft/discard"
        return ConversationDraft.from_json(self._call("POST", path))

    # -- emailing the customer (never retried) ---------------------------------

    @overload
    def reply(
        self,
        conversation_id: str,
        content: str | None = ...,
        *,
        to: Sequence[Address] | None = ...,
        cc: Sequence[Address] | None = ...,
        bcc: Sequence[Address] | None = ...,
        subject: str | None = ...,
        dry_run: Literal[False] = ...,
    ) -> Reply: ...

    @overload
    def reply(
        self,
        conversation_id: str,
        content: str | None = ...,
        *,
        to: Sequence[Address] | None = ...,
        cc: Sequence[Address] | None = ...,
        bcc: Sequence[Address] | None = ...,
        subject: str | None = ...,
        dry_run: Literal[True],
    ) -> ReplyPreview: ...

    def reply(
        self,
        conversation_id: str,
        content: str | None = None,
        *,
        to: Sequence[Address] | None = None,
        cc: Sequence[Address] | None = None,
        bcc: Sequence[Address] | None = None,
        subject: str | None = None,
        dry_run: bool = False,
    ) -> Reply | ReplyPreview:
        """Email the customer now (or, with `dry_run`, only show what would be sent)."""
        body: dict[str, Any] = {"content": content, "subject": subject}
        for name, recipients in (("to", to), ("cc", cc), ("bcc", bcc)):
            body[name] = None if recipients is None else addresses_json(recipients)
        body = {k: v for k, v in body.items() if v is not None}
        return self._emailing(f"{_conversation(conversation_id)}/reply", body, dry_run)

    @overload
    def send_reply_draft(self, conversation_id: str, *, dry_run: Literal[False] = ...) -> Reply: ...

    @overload
    def send_reply_draft(self, conversation_id: str, *, dry_run: Literal[True]) -> ReplyPreview: ...

    def send_reply_draft(
        self, conversation_id: str, *, dry_run: bool = False
    ) -> Reply | ReplyPreview:
        """Send the stored draft as a reply and clear it (or, with `dry_run`, preview it)."""
        return self._emailing(f"{_conversation(conversation_id)}/draft/send", {}, dry_run)

    def _emailing(self, path: str, body: dict[str, Any], dry_run: bool) -> Reply | ReplyPreview:
        if dry_run:
            return ReplyPreview.from_json(self._call("POST", path, json=body | {"dry_run": True}))
        return Reply.from_json(self._call_once("POST", path, json=body or None))


def _conversation(conversation_id: str) -> str:
    return f"/conversations/{segment(conversation_id)}"

"""Reading the inbox for `hcsync questions`, `suggest` and `plan --replies`.

A list page carries each conversation's five latest messages; a thread is read
in full (`GET /conversations/:id`) only when the first customer message or an
agent reply is older than those five (`messages_has_more`). A truncated message
is not read again: its first 2,000 characters hold the question.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hcsync.api import HelpCenterClient
from hcsync.api.conversation_filter import ConversationFilter
from hcsync.api.conversation_models import Conversation, Message, MessageRole
from hcsync.questions.report import AgentReply, Thread
from hcsync.questions.text import clean_question, html_text

PAGE = 100  # the most conversations one list request may carry


@dataclass(frozen=True)
class Period:
    days: int
    limit: int | None = None  # at most this many conversations, newest first

    def since(self, now: datetime) -> datetime:
        return now - timedelta(days=self.days)


def read_threads(client: HelpCenterClient, period: Period) -> Iterator[Thread]:
    """The period's conversations, newest first, as threads (customer question first)."""
    for conversation in list_conversations(client, period):
        if conversation.messages_has_more:
            conversation = client.get_conversation(conversation.id)
        thread = as_thread(conversation)
        if thread is not None:
            yield thread


def list_conversations(client: HelpCenterClient, period: Period) -> Iterator[Conversation]:
    filters = ConversationFilter(created_after=period.since(datetime.now(UTC)))
    after: str | None = None
    left = period.limit
    while left is None or left > 0:
        size = PAGE if left is None else min(PAGE, left)
        page = client.conversations_page(filters, limit=size, starting_after=after)
        yield from page.data
        if left is not None:
            left -= len(page.data)
        if not page.has_more or not page.data:
            return
        after = page.data[-1].id


def as_thread(conversation: Conversation) -> Thread | None:
    """None for a conversation with no customer message (one started by an agent)."""
    oldest_first = tuple(reversed(conversation.messages))  # the API lists newest first
    first = next((m for m in oldest_first if m.role is MessageRole.USER), None)
    if first is None:
        return None
    return Thread(
        id=conversation.id,
        number=conversation.number,
        subject=first.subject or "",
        question=clean_question(first.html, first.text) or (first.subject or ""),
        created_at=conversation.created_at,
        replies=tuple(_reply(m) for m in oldest_first if m.role is MessageRole.AGENT),
    )


def _reply(message: Message) -> AgentReply:
    text = html_text(message.html).strip() or message.text.strip()
    return AgentReply(message.html, text, message.created_at)

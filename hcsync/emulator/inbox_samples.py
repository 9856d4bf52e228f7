"""Sample conversations for a center with `sample_conversations` (the demo center).

Five threads on all three channels, so that every curl example of the seeds works
out of the box: the first one has the seeds' own ids (conversation
`65f1a2b3c4d5e6f708091011`, message `65f1a2b3c4d5e6f708091020` with Message-ID
`<abc123@email.amazonses.com>`), a message over 2,000 characters and a note that
mentions a user; the second has seven messages (`messages_has_more` on lists);
then a widget chat with a contact email, a website visit with only
`metaData.email`, and an anonymous widget chat that cannot be replied to.
Then the customers of `inbox_demo.yml`: three dozen questions about
content-example's subjects, in English, German and French, with agents' replies.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from hcsync.emulator.config import CenterConfig
from hcsync.emulator.content import html_to_text
from hcsync.emulator.inbox import Inbound, new_object_id, receive
from hcsync.emulator.inbox_records import Channel, ConversationRecord, MessageRecord, Role, Status
from hcsync.emulator.store import Store

SEED_CONVERSATION = "65f1a2b3c4d5e6f708091011"
SEED_MESSAGE = "65f1a2b3c4d5e6f708091020"
SEED_MESSAGE_ID = "<abc123@email.amazonses.com>"
JANE = {"name": "Jane Doe", "address": "jane@example.com"}
_LONG = "<p>Hi, I'm having trouble with checkout.</p>" + "<p>Step details follow.</p>" * 90


def seed_samples(store: Store, center: CenterConfig) -> None:
    """Add the samples unless the center asks for none or already has conversations."""
    if not center.sample_conversations:
        return
    if any(c.center_id == center.id for c in store.conversations.values()):
        return
    _checkout(store, center)
    _invoice(store, center)
    _widget(store, center)
    _website(store, center)
    _anonymous(store, center)
    for entry in demo_inbox():
        _customer(store, center, entry)
    store.commit()


DEMO_INBOX = Path(__file__).with_name("inbox_demo.yml")


def demo_inbox() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = yaml.safe_load(DEMO_INBOX.read_text(encoding="utf-8"))
    return entries


def _customer(store: Store, center: CenterConfig, entry: dict[str, Any]) -> None:
    """One customer's question and the agents' replies to it."""
    question = Inbound(
        center, Channel.EMAIL, entry["from"], html=entry["html"], subject=entry["subject"]
    )
    record, _ = receive(store, question)
    for html in entry.get("replies") or ():
        _agent(store, center, record, html)
    record.status = Status(entry.get("status", "open"))
    record.unread = record.status is Status.OPEN
    store.save(record)


def _checkout(store: Store, center: CenterConfig) -> None:
    ids = None if SEED_CONVERSATION in store.conversations else (SEED_CONVERSATION, SEED_MESSAGE)
    first = Inbound(
        center,
        Channel.EMAIL,
        JANE,
        html=_LONG,
        cc=[{"name": "Sam Doe", "address": "sam@example.com"}],
        subject="Issue with checkout",
        message_id=SEED_MESSAGE_ID,
        attachments=[{"filename": "screenshot.png", "url": "https://cdn.help.center/s.png"}],
    )
    record, _ = receive(store, first, ids)
    _agent(store, center, record, "<p>Could you send the order number?</p>")
    again = Inbound(
        center,
        Channel.EMAIL,
        JANE,
        html="<p>Order 1042. Thanks!</p>",
        subject="Re: Issue with checkout",
        message_id=f"<latest-{new_object_id()[:8]}@example.com>",
        conversation_id=record.id,
    )
    receive(store, again)
    if center.users:
        record.assignee = center.users[-1].id
        user, author = center.users[0], center.users[-1]
        html = (
            f'<p>Looping in <span class="mention" data-id="{user.id}">@{user.name}</span>'
            " on this checkout bug.</p>"
        )
        record.discussion.append(
            MessageRecord(
                new_object_id(),
                Role.NOTE,
                html,
                html_to_text(html),
                store.now(),
                sender={"name": author.name, "address": author.email},
                mentions=[user.id],
            )
        )
    store.save(record)


def _invoice(store: Store, center: CenterConfig) -> None:
    tom = {"name": "Tom Lee", "address": "tom@example.org"}
    record, _ = receive(
        store,
        Inbound(
            center,
            Channel.EMAIL,
            tom,
            html="<p>Can I get my March invoice?</p>",
            subject="Invoice copy for March",
        ),
    )
    for n in range(3):
        _agent(store, center, record, f"<p>Here it is (attempt {n + 1}).</p>")
        receive(
            store,
            Inbound(
                center,
                Channel.EMAIL,
                tom,
                html=f"<p>Still missing ({n + 1}).</p>",
                subject="Re: Invoice copy for March",
                conversation_id=record.id,
            ),
        )
    record.status = Status.PENDING
    store.save(record)


def _widget(store: Store, center: CenterConfig) -> None:
    maria = {"name": "Maria Garcia", "email": "maria@example.net"}
    chat = Inbound(
        center,
        Channel.WIDGET,
        {"name": "Maria Garcia"},
        html="<p>How do I reset my password?</p>",
        contact=maria,
    )
    record, _ = receive(store, chat)
    answer = Inbound(
        center,
        Channel.WIDGET,
        {"name": "AI"},
        role=Role.AI,
        html="<p>Use the Forgot password link.</p>",
        conversation_id=record.id,
    )
    receive(store, answer)


def _website(store: Store, center: CenterConfig) -> None:
    visit = Inbound(
        center,
        Channel.WEBSITE,
        {"name": "Visitor"},
        html="<p>Does the API support webhooks?</p>",
        meta_data={"email": "visitor@example.com", "page": "/docs/api"},
    )
    record, _ = receive(store, visit)
    record.status, record.unread = Status.CLOSED, False
    store.save(record)


def _anonymous(store: Store, center: CenterConfig) -> None:
    chat = Inbound(center, Channel.WIDGET, {"name": "Guest"}, html="<p>Hello? Anyone there?</p>")
    receive(store, chat)


def _agent(store: Store, center: CenterConfig, record: ConversationRecord, html: str) -> None:
    sender = center.support.sender if center.support else {"address": f"support@{center.domain}"}
    to = [record.contact and {"name": record.contact["name"], "address": record.contact["email"]}]
    receive(
        store,
        Inbound(
            center,
            Channel.EMAIL,
            sender,
            html=html,
            role=Role.AGENT,
            to=[t for t in to if t],
            subject=f"Re : {_subject(record)}",
            conversation_id=record.id,
        ),
    )


def _subject(record: ConversationRecord) -> str:
    return next((m.subject for m in record.messages if m.subject), "")

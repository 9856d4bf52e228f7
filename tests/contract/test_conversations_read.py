"""Reading conversations: order, truncation, inlined messages, message lookup, scopes."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from hcsync.api import HelpCenterClient, MessageRole, NotFound
from tests.contract.conftest import ALICE, Inbox, assert_error

LONG = "<p>" + "x" * 2500 + "</p>"


def test_conversations_are_listed_newest_first(inbox: Inbox) -> None:
    first, _ = inbox.mail(subject="first")
    second, _ = inbox.mail(subject="second")
    body = inbox.ok("GET", "/conversations")
    assert [c["id"] for c in body["data"]] == [second, first]
    assert body["object"] == "list" and body["count"] == 2 and body["has_more"] is False
    assert body["url"] == "/api/v0/centers/demo/conversations"


def test_get_returns_the_full_thread_newest_first_and_never_has_more(inbox: Inbox) -> None:
    conv, first = inbox.mail(subject="One")
    ids = [first] + [inbox.mail(conversation_id=conv, html=f"<p>{n}</p>")[1] for n in range(6)]
    body = inbox.conversation(conv)
    assert [m["id"] for m in body["messages"]] == ids[::-1]
    assert body["messages_has_more"] is False
    assert body["message_count"] == 7
    assert body["from"] == "email" and body["status"] == "open" and body["draft"] is None
    assert body["contact"]["email"] == "jane@example.com"
    assert body["assignee"] is None


def test_lists_inline_the_five_latest_messages_with_messages_has_more(inbox: Inbox) -> None:
    conv, first = inbox.mail()
    ids = [first] + [inbox.mail(conversation_id=conv)[1] for _ in range(5)]
    listed = inbox.ok("GET", "/conversations")["data"][0]
    assert [m["id"] for m in listed["messages"]] == ids[::-1][:5]
    assert listed["messages_has_more"] is True
    assert listed["message_count"] == 6
    short, _ = inbox.mail()
    assert inbox.ok("GET", "/conversations")["data"][0]["messages_has_more"] is False
    assert short


def test_lists_include_the_whole_discussion_newest_first(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    notes = [
        inbox.ok("POST", f"/conversations/{conv}/discussion", json={"content": f"<p>{n}</p>"})
        for n in range(7)
    ]
    listed = inbox.ok("GET", "/conversations")["data"][0]
    assert [d["id"] for d in listed["discussion"]] == [n["id"] for n in notes][::-1]
    assert listed["discussion_count"] == 7


def test_long_entries_are_truncated_at_2000_with_their_real_lengths(inbox: Inbox) -> None:
    conv, message = inbox.mail(html=LONG)
    shown = inbox.conversation(conv)["messages"][0]
    assert shown["truncated"] is True
    assert len(shown["html"]) == 2000 and len(shown["text"]) == 2000
    assert shown["content_length"] == {"html": len(LONG), "text": 2500}
    listed = inbox.ok("GET", "/conversations")["data"][0]["messages"][0]
    assert listed["truncated"] is True and len(listed["html"]) == 2000
    full = inbox.ok("GET", f"/conversations/{conv}/messages/{message}")
    assert full["html"] == LONG and full["truncated"] is False and "content_length" not in full


def test_long_discussion_entries_are_truncated_too(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    note = inbox.ok("POST", f"/conversations/{conv}/discussion", json={"content": LONG})
    shown = inbox.conversation(conv)["discussion"][0]
    assert shown["truncated"] is True and shown["content_length"]["html"] == len(LONG)
    assert inbox.ok("GET", f"/conversations/{conv}/messages/{note['id']}")["html"] == LONG


def test_short_entries_are_not_truncated(inbox: Inbox) -> None:
    conv, _ = inbox.mail(html="<p>" + "y" * 1993 + "</p>")  # exactly 2000 characters of html
    shown = inbox.conversation(conv)["messages"][0]
    assert shown["truncated"] is False and "content_length" not in shown


def test_a_message_is_found_by_its_rfc_message_id_url_encoded(inbox: Inbox) -> None:
    conv, message = inbox.mail(message_id="<abc123@email.amazonses.com>")
    path = f"/conversations/{conv}/messages/{quote('<abc123@email.amazonses.com>', safe='')}"
    body = inbox.ok("GET", path)
    assert body["id"] == message and body["message_id"] == "<abc123@email.amazonses.com>"
    assert body["object"] == "message" and body["role"] == "user"
    assert body["envelope"]["from"] == {"name": "Jane Doe", "address": "jane@example.com"}


def test_the_client_encodes_the_message_id_for_the_caller(
    inbox: Inbox, client: HelpCenterClient
) -> None:
    conv, message = inbox.mail(message_id="<a/b?c#d@mail.test>", subject="Odd id")
    found = client.get_message(conv, "<a/b?c#d@mail.test>")
    assert found.id == message and found.subject == "Odd id" and found.role is MessageRole.USER


def test_discussion_entries_are_found_by_id_on_the_same_endpoint(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    note = inbox.ok("POST", f"/conversations/{conv}/discussion", json={"content": "<p>n</p>"})
    body = inbox.ok("GET", f"/conversations/{conv}/messages/{note['id']}")
    assert body["role"] == "note" and body["mentions"] == []


def test_unknown_messages_and_conversations_are_404(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    other, message = inbox.mail()
    assert_error(inbox.call("GET", f"/conversations/{conv}/messages/{message}"), 404, "not_found")
    missing = "%3Cnope%40mail.test%3E"
    assert_error(inbox.call("GET", f"/conversations/{conv}/messages/{missing}"), 404, "not_found")
    assert_error(inbox.call("GET", "/conversations/" + "0" * 24), 404, "not_found")
    assert_error(
        inbox.call("GET", f"/conversations/{other}", key="other-key", center="other"),
        404,
        "not_found",
    )


def test_reading_does_not_mark_as_read(inbox: Inbox) -> None:
    conv, message = inbox.mail()
    inbox.conversation(conv)
    inbox.ok("GET", "/conversations")
    inbox.ok("GET", f"/conversations/{conv}/messages/{message}")
    inbox.ok("GET", f"/conversations/{conv}/draft")
    assert inbox.conversation(conv)["unread"] is True


def test_users_lists_the_center_team(inbox: Inbox, client: HelpCenterClient) -> None:
    body = inbox.ok("GET", "/users")
    assert body["object"] == "list" and body["url"] == "/api/v0/centers/demo/users"
    assert body["data"][0] == {
        "object": "user",
        "id": ALICE,
        "name": "Alice Wong",
        "email": "alice@demo.help.center",
        "avatar": "",
    }
    assert [u.name for u in client.list_users()] == ["Alice Wong", "Bob Martin", "Agent Smith"]


def test_reading_needs_conversation_read(inbox: Inbox) -> None:
    conv, message = inbox.mail()
    for path in (
        "/conversations",
        "/conversations/count",
        f"/conversations/{conv}",
        "/users",
        f"/conversations/{conv}/messages/{message}",
        f"/conversations/{conv}/draft",
    ):
        assert_error(inbox.call("GET", path, key="read-key"), 403, "insufficient_scope")
        assert inbox.call("GET", path, key="inbox-read-key").status_code == 200


def test_the_client_reads_a_thread_with_typed_models(
    inbox: Inbox, client: HelpCenterClient
) -> None:
    conv, _ = inbox.mail(html=LONG, attachments=[{"filename": "a.png", "url": "https://x/a"}])
    thread = client.get_conversation(conv)
    message = thread.messages[0]
    assert message.truncated and message.content_length is not None
    assert message.content_length.html == len(LONG)
    assert message.attachments[0].filename == "a.png"
    assert message.envelope.sender is not None and message.envelope.sender.name == "Jane Doe"
    assert client.get_message(conv, message.id).html == LONG
    with pytest.raises(NotFound):
        client.get_conversation("0" * 24)

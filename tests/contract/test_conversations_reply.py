"""Replies: sent once by email, appended to the thread; errors and faults change nothing."""

from __future__ import annotations

import pytest

from hcsync.api import Address, ConnectionFailed, HelpCenterClient, RateLimited, ServerError
from hcsync.emulator.control_client import EmulatorControl
from tests.conftest import make_client
from tests.contract.conftest import JANE, SUPPORT, Inbox, assert_error

REPLY = {"content": "<p>Hi Jane,</p><p>Thanks for reaching out...</p>"}


def test_reply_emails_the_customer_and_appends_the_message(inbox: Inbox) -> None:
    conv, _ = inbox.mail(subject="Issue with checkout", message_id="<one@mail.test>")
    body = inbox.ok("POST", f"/conversations/{conv}/reply", json=REPLY)
    assert body["object"] == "reply"
    message = body["message"]
    assert message["role"] == "agent" and message["html"] == REPLY["content"]
    assert message["text"] == "Hi Jane,\nThanks for reaching out..."
    assert message["envelope"] == {"from": SUPPORT, "to": [JANE], "cc": [], "bcc": []}
    assert message["subject"] == "Re : Issue with checkout"
    assert message["message_id"].endswith("@demo.help.center>")
    assert body["conversation"]["messages"][0]["id"] == message["id"]
    assert body["conversation"]["message_count"] == 2
    [email] = inbox.emails()
    assert email == email | {
        "from": SUPPORT,
        "to": [JANE],
        "cc": [],
        "bcc": [],
        "subject": "Re : Issue with checkout",
        "references": ["<one@mail.test>"],
        "html": REPLY["content"],
        "conversation_id": conv,
        "message_id": message["message_id"],
    }


def test_the_sent_message_is_then_part_of_the_thread(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    sent = inbox.ok("POST", f"/conversations/{conv}/reply", json=REPLY)["message"]
    after = inbox.conversation(conv)
    assert after["messages"][0]["id"] == sent["id"]
    assert after["last_message_at"] == sent["created_at"]
    found = inbox.ok("GET", f"/conversations/{conv}/messages/{sent['id']}")
    assert found["role"] == "agent"


@pytest.mark.parametrize("body", [{}, {"content": ""}, {"content": " "}, {"subject": "x"}])
def test_reply_without_content_is_400_missing_content(
    inbox: Inbox, body: dict[str, object]
) -> None:
    conv, _ = inbox.mail()
    assert_error(
        inbox.call("POST", f"/conversations/{conv}/reply", json=body), 400, "missing_content"
    )
    assert inbox.emails() == [] and inbox.conversation(conv)["message_count"] == 1


def test_reply_needs_the_reply_scope_not_just_write(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    response = inbox.call("POST", f"/conversations/{conv}/reply", key="inbox-write-key", json=REPLY)
    assert_error(response, 403, "insufficient_scope")
    assert inbox.emails() == []


def test_a_center_without_support_channel_is_500_channel_not_configured(inbox: Inbox) -> None:
    conv = inbox.control.inbound(center_id="other", from_=JANE, html="<p>x</p>")
    path = f"/conversations/{conv['conversation']['id']}/reply"
    response = inbox.call("POST", path, key="other-key", center="other", json=REPLY)
    assert_error(response, 500, "channel_not_configured")
    assert response.json()["error"]["type"] == "api_error"
    assert inbox.emails() == []


def test_an_anonymous_chat_is_400_missing_recipient(inbox: Inbox) -> None:
    conv = inbox.chat(html="<p>anyone?</p>")
    assert_error(
        inbox.call("POST", f"/conversations/{conv}/reply", json=REPLY), 400, "missing_recipient"
    )
    assert inbox.emails() == []


def test_reply_to_an_unknown_conversation_is_404(inbox: Inbox) -> None:
    assert_error(
        inbox.call("POST", "/conversations/" + "1" * 24 + "/reply", json=REPLY), 404, "not_found"
    )


def test_email_send_failed_is_injected_as_a_502_fault_and_nothing_changes(
    inbox: Inbox, control: EmulatorControl, client: HelpCenterClient
) -> None:
    conv, _ = inbox.mail()
    control.add_fault(
        method="POST",
        path="/v0/centers/*/conversations/*/reply",
        action="status",
        status=502,
        code="email_send_failed",
        times=2,
    )
    response = inbox.call("POST", f"/conversations/{conv}/reply", json=REPLY)
    assert_error(response, 502, "email_send_failed")
    with pytest.raises(ServerError) as info:
        client.reply(conv, REPLY["content"])
    assert info.value.code == "email_send_failed"
    assert inbox.emails() == [] and inbox.conversation(conv)["message_count"] == 1
    assert len(control.mutations()) == 2  # the client did not try again


def test_a_reply_whose_answer_is_lost_is_not_retried(
    inbox: Inbox, control: EmulatorControl, emulator_url: str
) -> None:
    conv, _ = inbox.mail()
    control.add_fault(
        method="POST", path=f"/v0/centers/demo/conversations/{conv}/reply", action="drop_after"
    )
    with make_client(emulator_url) as client, pytest.raises(ConnectionFailed):
        client.reply(conv, REPLY["content"])
    assert len(inbox.emails()) == 1  # sent once: the lost answer did not become a second email
    assert [e["method"] for e in control.mutations()] == ["POST"]
    assert inbox.conversation(conv)["message_count"] == 2


def test_the_client_replies_with_explicit_envelope(inbox: Inbox, client: HelpCenterClient) -> None:
    conv, _ = inbox.mail()
    sent = client.reply(
        conv,
        "<p>Done.</p>",
        to=[Address("boss@example.com", "Boss")],
        cc=[Address("cc@example.com")],
        bcc=[Address("audit@demo.example")],
        subject="Your refund",
    )
    assert sent.conversation is not None and sent.conversation.message_count == 2
    assert [a.address for a in sent.message.envelope.to] == ["boss@example.com"]
    [email] = inbox.emails()
    assert email["to"] == [{"name": "Boss", "address": "boss@example.com"}]
    assert email["cc"] == [{"address": "cc@example.com"}]
    assert email["bcc"] == [{"address": "audit@demo.example"}]
    assert email["subject"] == "Your refund"


def test_bad_addresses_are_400_invalid_parameter(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    for to in ("jane@example.com", [{"address": "nope"}], [{"mail": "a@b.c"}]):
        response = inbox.call("POST", f"/conversations/{conv}/reply", json=REPLY | {"to": to})
        assert_error(response, 400, "invalid_parameter")
    assert inbox.emails() == []


def test_a_rate_limited_reply_is_not_retried_either(
    inbox: Inbox, control: EmulatorControl, client: HelpCenterClient
) -> None:
    conv, _ = inbox.mail()
    control.add_fault(
        method="POST",
        path="/v0/centers/*/conversations/*/reply",
        action="status",
        status=429,
        code="rate_limited",
    )
    with pytest.raises(RateLimited):
        client.reply(conv, REPLY["content"])
    assert len(control.mutations()) == 1 and inbox.emails() == []

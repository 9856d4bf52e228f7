"""Seeding and observing: inbound mail, the outbox, the config, samples, persistence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from hcsync.emulator.config import DEMO, ConfigInvalid, config_from_mapping
from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.inbox_samples import SEED_CONVERSATION, SEED_MESSAGE, SEED_MESSAGE_ID
from hcsync.emulator.server import BackgroundServer
from tests.conftest import make_client
from tests.contract.conftest import ALICE, BOB, JANE, Inbox, assert_error


def post_inbound(inbox: Inbox, **body: Any) -> httpx.Response:
    return httpx.post(f"{inbox.url}/_emulator/inbound", json=body, timeout=10)


def test_inbound_mail_opens_a_conversation_and_answers_both_ids(inbox: Inbox) -> None:
    answer = inbox.control.inbound(
        center_id="demo", from_=JANE, subject="Hi", html="<p>Hello</p>", message_id="<x@y.z>"
    )
    conv, message = answer["conversation"]["id"], answer["message"]["id"]
    assert answer["message"]["message_id"] == "<x@y.z>" and answer["conversation"]["number"] == 1
    body = inbox.conversation(conv)
    assert body["messages"][0]["id"] == message and body["unread"] is True
    assert body["messages"][0]["envelope"]["to"] == [
        {"name": "Demo Support", "address": "help@demo.example"}
    ]
    assert len(body["id"]) == 24 and len(message) == 24


def test_inbound_with_a_conversation_id_appends_to_that_thread(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    inbox.ok("PATCH", f"/conversations/{conv}", json={"status": "closed"})
    again, message = inbox.mail(conversation_id=conv, html="<p>more</p>")
    body = inbox.conversation(conv)
    assert again == conv and body["message_count"] == 2
    assert body["messages"][0]["id"] == message and body["messages"][0]["text"] == "more"
    assert inbox.ok("GET", "/conversations/count")["total"] == 1


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"center_id": "nowhere", "from": JANE}, 404, "not_found"),
        ({"center_id": "demo", "channel": "fax", "from": JANE}, 400, "invalid_parameter"),
        ({"center_id": "demo", "from": {"name": "No address"}}, 400, "missing_required_field"),
        ({"center_id": "demo", "from": JANE, "priority": 1}, 400, "unknown_parameter"),
        ({"center_id": "demo", "from": JANE, "conversation_id": "0" * 24}, 404, "not_found"),
    ],
)
def test_bad_inbound_is_refused(inbox: Inbox, body: dict[str, Any], status: int, code: str) -> None:
    assert_error(post_inbound(inbox, **body), status, code)
    assert inbox.ok("GET", "/conversations/count")["total"] == 0


def test_widget_and_website_messages_have_no_email_envelope(inbox: Inbox) -> None:
    conv = inbox.chat("website", html="<p>q</p>", metaData={"email": "v@example.com"})
    body = inbox.conversation(conv)
    assert body["from"] == "website" and body["contact"] is None
    assert body["metaData"] == {"email": "v@example.com"}
    message = body["messages"][0]
    assert message["message_id"] is None and message["envelope"]["to"] == []


def test_the_outbox_lists_emails_in_order_and_filters_by_kind(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    inbox.ok("POST", f"/conversations/{conv}/discussion", json={"content": f"{{{{@{BOB}}}}}"})
    inbox.ok("POST", f"/conversations/{conv}/reply", json={"content": "<p>1</p>"})
    inbox.ok("POST", f"/conversations/{conv}/reply", json={"content": "<p>2</p>"})
    every = inbox.control.outbox()
    assert [e["kind"] for e in every] == ["mention", "reply", "reply"]
    assert [e["html"] for e in inbox.emails("reply")] == ["<p>1</p>", "<p>2</p>"]
    assert set(every[1]) >= {"from", "to", "cc", "bcc", "subject", "references", "html"}
    inbox.control.reset()
    assert inbox.control.outbox() == []


def test_config_gives_users_an_owner_per_key_and_a_support_channel() -> None:
    config = config_from_mapping(
        {
            "centers": [
                {
                    "id": "acme",
                    "users": [
                        {"id": "u1", "name": "Ann", "email": "ann@acme.test"},
                        {"id": "u2", "name": "Ben", "email": "ben@acme.test"},
                    ],
                    "support": {"name": "Acme", "address": "s@acme.test"},
                }
            ],
            "keys": [{"key": "k", "center": "acme", "owner": "u2"}],
        }
    )
    center, key = config.centers[0], config.keys[0]
    assert [u.name for u in center.users] == ["Ann", "Ben"] and key.owner == "u2"
    assert center.support is not None and center.support.sender["address"] == "s@acme.test"
    assert center.sample_conversations is False
    with pytest.raises(ConfigInvalid, match="owner 'u9'"):
        config_from_mapping(
            {
                "centers": [{"id": "a", "users": []}],
                "keys": [{"key": "k", "center": "a", "owner": "u9"}],
            }
        )


def test_the_demo_center_has_samples_on_all_three_channels(control: EmulatorControl) -> None:
    control.reset(
        {
            "centers": [
                {
                    "id": "demo",
                    "users": [{"id": ALICE, "name": "Alice Wong", "email": "a@d.test"}],
                    "support": {"address": "s@d.test"},
                    "sample_conversations": True,
                }
            ]
        }
    )
    with make_client(control.url) as client:
        conversations = list(client.list_conversations())
        assert {c.channel.value for c in conversations} == {"email", "widget", "website"}
        seed = client.get_conversation(SEED_CONVERSATION)
        assert seed.messages[-1].id == SEED_MESSAGE and seed.messages[-1].truncated
        assert client.get_message(SEED_CONVERSATION, SEED_MESSAGE_ID).id == SEED_MESSAGE
        assert any(c.messages_has_more for c in conversations)
        assert seed.discussion[0].mentions is not None


def test_conversations_and_the_outbox_survive_a_restart_on_sqlite(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite"
    with BackgroundServer(DEMO, db_path=db) as url, make_client(url) as client:
        sent = client.reply(SEED_CONVERSATION, "<p>Kept</p>")
        client.update_reply_draft(SEED_CONVERSATION, content="<p>draft</p>")
        count = client.count_conversations().total
    with BackgroundServer(DEMO, db_path=db) as url, make_client(url) as client:
        thread = client.get_conversation(SEED_CONVERSATION)
        assert thread.messages[0].id == sent.message.id
        assert thread.draft is not None and thread.draft.content == "<p>draft</p>"
        assert client.count_conversations().total == count  # samples not seeded twice
        assert [e["html"] for e in EmulatorControl(url).outbox()] == ["<p>Kept</p>"]

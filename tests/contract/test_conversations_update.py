"""Internal changes: status, assignee and the discussion with its mentions."""

from __future__ import annotations

import pytest

from hcsync.api import KEEP, BadRequest, ConversationStatus, HelpCenterClient
from tests.contract.conftest import ALICE, BOB, SMITH, Inbox, assert_error


def test_patch_changes_status_and_assignee_and_returns_the_conversation(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    body = inbox.ok("PATCH", f"/conversations/{conv}", json={"status": "pending", "assignee": BOB})
    assert body["object"] == "conversation" and body["status"] == "pending"
    assert body["assignee"] == {
        "object": "user",
        "id": BOB,
        "name": "Bob Martin",
        "email": "bob@demo.help.center",
    }
    after = inbox.conversation(conv)
    assert after["status"] == "pending" and after["assignee"]["id"] == BOB
    assert after["updated_at"] > after["created_at"]


def test_assignee_null_unassigns_and_leaves_the_status(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    inbox.ok("PATCH", f"/conversations/{conv}", json={"status": "closed", "assignee": ALICE})
    body = inbox.ok("PATCH", f"/conversations/{conv}", json={"assignee": None})
    assert body["assignee"] is None and body["status"] == "closed"


def test_the_client_updates_and_unassigns(inbox: Inbox, client: HelpCenterClient) -> None:
    conv, _ = inbox.mail()
    updated = client.update_conversation(conv, status=ConversationStatus.PENDING, assignee=SMITH)
    assert updated.status is ConversationStatus.PENDING and updated.assignee is not None
    kept = client.update_conversation(conv, status=ConversationStatus.CLOSED, assignee=KEEP)
    assert kept.assignee is not None and kept.assignee.id == SMITH
    assert client.update_conversation(conv, assignee=None).assignee is None


def test_invalid_status_is_400(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    response = inbox.call("PATCH", f"/conversations/{conv}", json={"status": "snoozed"})
    assert_error(response, 400, "invalid_status")
    assert inbox.conversation(conv)["status"] == "open"


def test_an_assignee_outside_the_center_is_400(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    for assignee in ("0" * 24, 42):
        response = inbox.call("PATCH", f"/conversations/{conv}", json={"assignee": assignee})
        assert_error(response, 400, "invalid_assignee")
    assert inbox.conversation(conv)["assignee"] is None


def test_patch_needs_a_field_and_the_write_scope(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    path = f"/conversations/{conv}"
    assert_error(inbox.call("PATCH", path, json={}), 400, "missing_required_field")
    assert_error(inbox.call("PATCH", path, json={"number": 3}), 400, "unknown_parameter")
    response = inbox.call("PATCH", path, key="inbox-read-key", json={"status": "closed"})
    assert_error(response, 403, "insufficient_scope")
    ok = inbox.call("PATCH", path, key="inbox-write-key", json={"status": "closed"})
    assert ok.status_code == 200


def test_discussion_entry_is_appended_newest_first(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    first = inbox.ok("POST", f"/conversations/{conv}/discussion", json={"content": "<p>a</p>"})
    second = inbox.ok("POST", f"/conversations/{conv}/discussion", json={"content": "<p>b</p>"})
    assert second["object"] == "message" and second["role"] == "note"
    assert second["text"] == "b" and second["mentions"] == []
    assert second["envelope"]["from"] == {"name": "Alice Wong", "address": "alice@demo.help.center"}
    after = inbox.conversation(conv)
    assert [d["id"] for d in after["discussion"]] == [second["id"], first["id"]]
    assert after["discussion_count"] == 2 and after["message_count"] == 1


def test_placeholders_become_mention_markup_with_the_users_name(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    content = f"<p>Hey {{{{@{ALICE}}}}}, can you look?</p>"
    body = inbox.ok("POST", f"/conversations/{conv}/discussion", json={"content": content})
    assert body["html"] == (
        f'<p>Hey <span class="mention" data-id="{ALICE}">@Alice Wong</span>, can you look?</p>'
    )
    assert body["text"] == "Hey @Alice Wong, can you look?"
    assert body["mentions"] == [
        {"id": ALICE, "name": "Alice Wong", "email": "alice@demo.help.center"}
    ]


def test_mentions_combine_placeholders_and_the_list_deduplicated(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    content = f"<p>{{{{@{BOB}}}}} and {{{{@{BOB}}}}}</p>"
    body = inbox.ok(
        "POST",
        f"/conversations/{conv}/discussion",
        json={"content": content, "mentions": [ALICE, BOB, ALICE]},
    )
    assert [m["id"] for m in body["mentions"]] == [BOB, ALICE]


def test_mentioned_users_are_notified_by_email(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    inbox.ok(
        "POST",
        f"/conversations/{conv}/discussion",
        json={"content": "<p>FYI</p>", "mentions": [BOB, SMITH]},
    )
    notices = inbox.emails("mention")
    assert [e["to"][0]["address"] for e in notices] == [
        "bob@demo.help.center",
        "agent@demo.help.center",
    ]
    assert notices[0]["conversation_id"] == conv and notices[0]["html"] == "<p>FYI</p>"
    assert inbox.emails("reply") == []  # nothing reaches the customer


@pytest.mark.parametrize(
    "body",
    [
        {"content": "<p>{{@000000000000000000000000}}</p>"},
        {"content": "<p>hi</p>", "mentions": [ALICE, "nobody"]},
    ],
)
def test_a_mention_outside_the_center_is_400_and_nothing_is_posted(
    inbox: Inbox, body: dict[str, object]
) -> None:
    conv, _ = inbox.mail()
    assert_error(
        inbox.call("POST", f"/conversations/{conv}/discussion", json=body), 400, "invalid_mention"
    )
    assert inbox.conversation(conv)["discussion"] == []
    assert inbox.emails("mention") == []


@pytest.mark.parametrize("body", [{}, {"content": ""}, {"content": "  "}, {"mentions": [ALICE]}])
def test_discussion_without_content_is_400_missing_content(
    inbox: Inbox, body: dict[str, object]
) -> None:
    conv, _ = inbox.mail()
    response = inbox.call("POST", f"/conversations/{conv}/discussion", json=body)
    assert_error(response, 400, "missing_content")
    assert inbox.conversation(conv)["discussion_count"] == 0


def test_discussion_needs_the_write_scope(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    path = f"/conversations/{conv}/discussion"
    response = inbox.call("POST", path, key="inbox-read-key", json={"content": "<p>x</p>"})
    assert_error(response, 403, "insufficient_scope")
    note = inbox.call("POST", path, key="inbox-write-key", json={"content": "<p>x</p>"}).json()
    assert note["envelope"]["from"]["name"] == "Bob Martin"  # the key's owner wrote it


def test_the_client_posts_discussion_with_mentions(inbox: Inbox, client: HelpCenterClient) -> None:
    conv, _ = inbox.mail()
    entry = client.post_discussion(conv, f"<p>{{{{@{BOB}}}}}</p>", mentions=[ALICE])
    assert [u.id for u in entry.mentions or ()] == [BOB, ALICE]
    with pytest.raises(BadRequest) as info:
        client.post_discussion(conv, "<p>x</p>", mentions=["ghost"])
    assert info.value.code == "invalid_mention"

"""The conversation draft (upsert, discard, send) and dry runs, which change nothing."""

from __future__ import annotations

import pytest

from hcsync.api import Address, BadRequest, ConnectionFailed, HelpCenterClient
from hcsync.emulator.control_client import EmulatorControl
from tests.conftest import make_client
from tests.contract.conftest import JANE, SUPPORT, Inbox, assert_error

CONTENT = "<p>Hi Jane,</p><p>Thanks for reaching out...</p>"
TOM = {"name": "Tom", "address": "tom@example.org"}


def draft_path(conv: str, suffix: str = "") -> str:
    return f"/conversations/{conv}/draft{suffix}"


def test_without_a_draft_get_shows_null_content_and_the_resolved_envelope(inbox: Inbox) -> None:
    conv, _ = inbox.mail(cc=[{"address": "sam@example.com"}])
    assert inbox.ok("GET", draft_path(conv)) == {
        "object": "draft",
        "conversation_id": conv,
        "content": None,
        "envelope": {"to": JANE, "cc": [{"address": "sam@example.com"}], "bcc": []},
        "updated_at": None,
    }
    assert inbox.conversation(conv)["draft"] is None


def test_patch_upserts_only_the_fields_sent(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    inbox.ok("PATCH", draft_path(conv), json={"content": CONTENT})
    body = inbox.ok("PATCH", draft_path(conv), json={"envelope": {"to": TOM, "bcc": [JANE]}})
    assert body["content"] == CONTENT and body["updated_at"]
    assert body["envelope"] == {"to": TOM, "cc": [], "bcc": [JANE]}
    body = inbox.ok("PATCH", draft_path(conv), json={"content": "<p>v2</p>"})
    assert body["envelope"]["to"] == TOM and body["envelope"]["bcc"] == [JANE]
    assert inbox.conversation(conv)["draft"] == {
        "content": "<p>v2</p>",
        "envelope": {"to": TOM, "cc": [], "bcc": [JANE]},
    }


def test_an_empty_list_clears_cc_and_bcc(inbox: Inbox) -> None:
    conv, _ = inbox.mail(cc=[{"address": "sam@example.com"}])
    inbox.ok("PATCH", draft_path(conv), json={"envelope": {"cc": [TOM], "bcc": [TOM]}})
    body = inbox.ok("PATCH", draft_path(conv), json={"envelope": {"cc": [], "bcc": []}})
    assert body["envelope"]["cc"] == [] and body["envelope"]["bcc"] == []  # not the history's


def test_patch_refuses_empty_and_unknown_fields_and_needs_write(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    assert_error(inbox.call("PATCH", draft_path(conv), json={}), 400, "missing_required_field")
    bad = {"envelope": {"subject": "x"}}
    assert_error(inbox.call("PATCH", draft_path(conv), json=bad), 400, "unknown_parameter")
    response = inbox.call("PATCH", draft_path(conv), key="inbox-read-key", json={"content": "x"})
    assert_error(response, 403, "insufficient_scope")
    assert inbox.conversation(conv)["draft"] is None


def test_a_refused_patch_changes_nothing(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    inbox.ok("PATCH", draft_path(conv), json={"content": CONTENT})
    bad = {"content": "<p>new</p>", "envelope": {"cc": [{"address": "no-at-sign"}]}}
    assert_error(inbox.call("PATCH", draft_path(conv), json=bad), 400, "invalid_parameter")
    assert inbox.conversation(conv)["draft"]["content"] == CONTENT


def test_discard_clears_the_draft(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    inbox.ok("PATCH", draft_path(conv), json={"content": CONTENT, "envelope": {"to": TOM}})
    body = inbox.ok("POST", draft_path(conv, "/discard"))
    assert body["content"] is None and body["envelope"]["to"] == JANE
    assert inbox.conversation(conv)["draft"] is None


def test_send_replies_with_the_draft_and_clears_it(inbox: Inbox) -> None:
    conv, _ = inbox.mail(subject="Issue with checkout")
    inbox.ok("PATCH", draft_path(conv), json={"content": CONTENT, "envelope": {"cc": [TOM]}})
    body = inbox.ok("POST", draft_path(conv, "/send"))
    assert body["object"] == "reply" and body["message"]["html"] == CONTENT
    assert body["conversation"]["draft"] is None
    [email] = inbox.emails()
    assert (email["to"], email["cc"], email["from"]) == ([JANE], [TOM], SUPPORT)
    assert email["subject"] == "Re : Issue with checkout" and email["html"] == CONTENT
    after = inbox.conversation(conv)
    assert after["draft"] is None and after["messages"][0]["id"] == body["message"]["id"]


@pytest.mark.parametrize("content", [None, "", "  "])
def test_send_without_draft_content_is_400_empty_draft(inbox: Inbox, content: str | None) -> None:
    conv, _ = inbox.mail()
    if content is not None:
        inbox.ok("PATCH", draft_path(conv), json={"content": content, "envelope": {"to": TOM}})
    assert_error(inbox.call("POST", draft_path(conv, "/send")), 400, "empty_draft")
    assert inbox.emails() == [] and inbox.conversation(conv)["message_count"] == 1


def test_send_needs_the_reply_scope(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    inbox.ok("PATCH", draft_path(conv), json={"content": CONTENT})
    response = inbox.call("POST", draft_path(conv, "/send"), key="inbox-write-key")
    assert_error(response, 403, "insufficient_scope")
    assert inbox.conversation(conv)["draft"] is not None and inbox.emails() == []


@pytest.mark.parametrize(
    ("query", "body"),
    [("?dry_run=true", None), ("?dry_run=1", None), ("", {"dry_run": True})],
)
def test_dry_run_send_previews_without_sending_or_clearing(
    inbox: Inbox, query: str, body: dict[str, bool] | None
) -> None:
    conv, _ = inbox.mail(subject="Hello", message_id="<m1@mail.test>")
    inbox.ok("PATCH", draft_path(conv), json={"content": CONTENT})
    preview = inbox.ok("POST", draft_path(conv, "/send") + query, json=body)
    assert preview == {
        "object": "reply_preview",
        "envelope": {"from": SUPPORT, "to": [JANE], "cc": [], "bcc": []},
        "subject": "Re : Hello",
        "references": ["<m1@mail.test>"],
        "content": CONTENT,
    }
    assert inbox.emails() == []
    assert inbox.conversation(conv)["draft"]["content"] == CONTENT


def test_dry_run_send_of_an_empty_draft_is_no_empty_draft_error(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    preview = inbox.ok("POST", draft_path(conv, "/send?dry_run=true"))
    assert preview["content"] is None and preview["envelope"]["to"] == [JANE]


@pytest.mark.parametrize("query", ["?dry_run=true", "?dry_run=1"])
def test_dry_run_reply_needs_no_content_and_sends_nothing(inbox: Inbox, query: str) -> None:
    conv, _ = inbox.mail()
    preview = inbox.ok("POST", f"/conversations/{conv}/reply{query}", json={})
    assert preview["object"] == "reply_preview" and preview["content"] is None
    body = {"dry_run": True, "content": CONTENT}
    assert inbox.ok("POST", f"/conversations/{conv}/reply", json=body)["content"] == CONTENT
    assert inbox.emails() == [] and inbox.conversation(conv)["message_count"] == 1


def test_dry_run_still_surfaces_recipient_and_channel_errors(inbox: Inbox) -> None:
    anonymous = inbox.chat()
    response = inbox.call("POST", f"/conversations/{anonymous}/reply?dry_run=true")
    assert_error(response, 400, "missing_recipient")
    other = inbox.control.inbound(center_id="other", from_=JANE)["conversation"]["id"]
    path = f"/conversations/{other}/draft/send?dry_run=1"
    assert_error(
        inbox.call("POST", path, key="other-key", center="other"), 500, "channel_not_configured"
    )


def test_a_draft_send_whose_answer_is_lost_is_not_retried(
    inbox: Inbox, control: EmulatorControl, emulator_url: str
) -> None:
    conv, _ = inbox.mail()
    inbox.ok("PATCH", draft_path(conv), json={"content": CONTENT})
    control.add_fault(
        method="POST", path="/v0/centers/demo/conversations/*/draft/send", action="drop_after"
    )
    mark = len(control.journal())
    with make_client(emulator_url) as client, pytest.raises(ConnectionFailed):
        client.send_reply_draft(conv)
    assert len(inbox.emails()) == 1  # exactly one email
    assert len(control.mutations(mark)) == 1
    assert inbox.conversation(conv)["draft"] is None  # sent and cleared in one change


def test_the_client_drafts_previews_and_sends(inbox: Inbox, client: HelpCenterClient) -> None:
    conv, _ = inbox.mail(subject="Refund")
    draft = client.update_reply_draft(conv, content=CONTENT, cc=[Address("sam@example.com")])
    assert draft.content == CONTENT and draft.to == Address("jane@example.com", "Jane Doe")
    preview = client.send_reply_draft(conv, dry_run=True)
    assert preview.subject == "Re : Refund" and preview.content == CONTENT
    assert [a.address for a in preview.envelope.cc] == ["sam@example.com"]
    sent = client.send_reply_draft(conv)
    assert sent.message.html == CONTENT and client.get_reply_draft(conv).content is None
    with pytest.raises(BadRequest) as info:
        client.send_reply_draft(conv)
    assert info.value.code == "empty_draft"
    client.update_reply_draft(conv, content="<p>later</p>")
    assert client.discard_reply_draft(conv).content is None
    assert len(inbox.emails()) == 1

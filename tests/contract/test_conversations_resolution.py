"""Recipient, cc, bcc and subject resolution in the documented precedence.

Each case is checked on the dry-run preview and, where it matters, on the email sent.
"""

from __future__ import annotations

from typing import Any

from tests.contract.conftest import JANE, SUPPORT, Inbox

TOM = {"name": "Tom", "address": "tom@example.org"}


def preview(inbox: Inbox, conv: str, **body: Any) -> Any:
    return inbox.ok("POST", f"/conversations/{conv}/reply?dry_run=true", json=body)


def send(inbox: Inbox, conv: str, **body: Any) -> dict[str, Any]:
    inbox.ok("POST", f"/conversations/{conv}/reply", json={"content": "<p>ok</p>"} | body)
    return inbox.emails()[-1]


def test_to_is_the_sender_of_the_latest_inbound_message(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    inbox.mail(conversation_id=conv, from_=TOM)
    assert preview(inbox, conv)["envelope"]["to"] == [TOM]
    assert send(inbox, conv)["to"] == [TOM]


def test_to_falls_back_to_the_latest_agent_recipient_when_nobody_wrote_in(inbox: Inbox) -> None:
    started = inbox.control.inbound(
        center_id="demo", role="agent", from_=SUPPORT, to=[TOM], subject="Welcome aboard"
    )
    conv = started["conversation"]["id"]
    body = preview(inbox, conv)
    assert body["envelope"]["to"] == [TOM]
    assert body["subject"] == "Welcome aboard"  # the outbound subject, without `Re : `


def test_widget_chats_reply_to_the_contact_email(inbox: Inbox) -> None:
    conv = inbox.chat(contact={"name": "Maria", "email": "maria@example.net"})
    body = preview(inbox, conv)
    assert body["envelope"]["to"] == [{"name": "Maria", "address": "maria@example.net"}]
    assert body["subject"] == "Question from maria@example.net"
    assert send(inbox, conv)["to"] == [{"name": "Maria", "address": "maria@example.net"}]


def test_website_visits_reply_to_the_metadata_email(inbox: Inbox) -> None:
    conv = inbox.chat("website", metaData={"email": "visitor@example.com"})
    assert preview(inbox, conv)["envelope"]["to"] == [{"address": "visitor@example.com"}]
    assert send(inbox, conv)["to"] == [{"address": "visitor@example.com"}]


def test_the_contact_comes_before_metadata(inbox: Inbox) -> None:
    conv = inbox.chat(
        contact={"name": "C", "email": "c@example.net"}, metaData={"email": "m@example.net"}
    )
    assert preview(inbox, conv)["envelope"]["to"] == [{"name": "C", "address": "c@example.net"}]


def test_the_draft_recipient_beats_history_and_the_request_beats_the_draft(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    inbox.ok("PATCH", f"/conversations/{conv}/draft", json={"envelope": {"to": TOM}})
    assert preview(inbox, conv)["envelope"]["to"] == [TOM]
    explicit = [{"address": "x@example.com"}]
    assert preview(inbox, conv, to=explicit)["envelope"]["to"] == explicit
    assert send(inbox, conv, to=explicit)["to"] == explicit


def test_cc_is_the_latest_inbound_to_and_cc_minus_the_recipient_and_own_addresses(
    inbox: Inbox,
) -> None:
    conv, _ = inbox.mail(
        to=[{"address": "support@demo.help.center"}, {"address": "ann@example.com"}],
        cc=[
            JANE,
            {"address": "sam@example.com"},
            {"address": "SAM@example.com"},
            {"address": "help@demo.example"},
        ],
    )
    expected = [{"address": "ann@example.com"}, {"address": "sam@example.com"}]
    assert preview(inbox, conv)["envelope"]["cc"] == expected
    assert send(inbox, conv)["cc"] == expected


def test_the_draft_cc_beats_history_and_the_request_beats_the_draft(inbox: Inbox) -> None:
    conv, _ = inbox.mail(cc=[{"address": "sam@example.com"}])
    inbox.ok("PATCH", f"/conversations/{conv}/draft", json={"envelope": {"cc": []}})
    assert preview(inbox, conv)["envelope"]["cc"] == []
    assert preview(inbox, conv, cc=[TOM])["envelope"]["cc"] == [TOM]


def test_bcc_is_empty_unless_the_draft_or_the_request_says(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    assert preview(inbox, conv)["envelope"]["bcc"] == []
    inbox.ok("PATCH", f"/conversations/{conv}/draft", json={"envelope": {"bcc": [TOM]}})
    assert preview(inbox, conv)["envelope"]["bcc"] == [TOM]
    assert preview(inbox, conv, bcc=[])["envelope"]["bcc"] == []
    assert send(inbox, conv)["bcc"] == [TOM]


def test_subject_quirk_re_space_colon_and_no_dedup(inbox: Inbox) -> None:
    conv, _ = inbox.mail(subject="Re: Re: Hello")
    assert preview(inbox, conv)["subject"] == "Re : Re: Re: Hello"
    assert preview(inbox, conv, subject="Hello")["subject"] == "Hello"
    assert send(inbox, conv)["subject"] == "Re : Re: Re: Hello"


def test_the_sender_is_always_the_support_channel(inbox: Inbox) -> None:
    conv, _ = inbox.mail()
    assert preview(inbox, conv)["envelope"]["from"] == SUPPORT
    assert send(inbox, conv)["from"] == SUPPORT


def test_references_are_the_threads_message_ids_oldest_first(inbox: Inbox) -> None:
    conv, _ = inbox.mail(message_id="<first@mail.test>")
    inbox.mail(conversation_id=conv, message_id="<second@mail.test>")
    assert preview(inbox, conv)["references"] == ["<first@mail.test>", "<second@mail.test>"]
    references = send(inbox, conv)["references"]
    assert references == ["<first@mail.test>", "<second@mail.test>"]
    again = preview(inbox, conv)["references"]
    assert again[:2] == references and len(again) == 3  # the reply sent is referenced too

"""Listing and counting conversations: every filter, cursors both ways, counts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from hcsync.api import ConversationFilter, ConversationStatus, HelpCenterClient
from tests.contract.conftest import ALICE, BOB, SMITH, Inbox, assert_error


def ids(inbox: Inbox, query: str, key: str = "demo-key") -> list[str]:
    return [c["id"] for c in inbox.ok("GET", f"/conversations?{query}", key=key)["data"]]


def set_state(inbox: Inbox, conv: str, **change: Any) -> None:
    inbox.ok("PATCH", f"/conversations/{conv}", json=change)


def test_status_filter_repeats_as_or(inbox: Inbox) -> None:
    opened, pending, closed = (inbox.mail()[0] for _ in range(3))
    set_state(inbox, pending, status="pending")
    set_state(inbox, closed, status="closed")
    assert ids(inbox, "status=open") == [opened]
    assert ids(inbox, "status=pending&status=closed") == [closed, pending]
    assert_error(inbox.call("GET", "/conversations?status=done"), 400, "invalid_status")


def test_assignee_filter_takes_a_user_id_or_unassigned(inbox: Inbox) -> None:
    mine, theirs, nobody = (inbox.mail()[0] for _ in range(3))
    set_state(inbox, mine, assignee=ALICE)
    set_state(inbox, theirs, assignee=BOB)
    assert ids(inbox, f"assignee={ALICE}") == [mine]
    assert ids(inbox, "assignee=unassigned") == [nobody]


def test_contact_filter_matches_the_same_customer_across_threads(inbox: Inbox) -> None:
    first, _ = inbox.mail()
    inbox.mail(from_={"name": "Tom", "address": "tom@example.org"})
    second, _ = inbox.mail(from_={"address": "JANE@example.com"})
    contact = inbox.conversation(first)["contact"]["id"]
    assert ids(inbox, f"contact={contact}") == [second, first]


def test_mentioned_filter_me_is_the_keys_owner_and_repeats_as_or(inbox: Inbox) -> None:
    alice, bob, none = (inbox.mail()[0] for _ in range(3))
    for conv, user in ((alice, ALICE), (bob, BOB)):
        inbox.ok(
            "POST", f"/conversations/{conv}/discussion", json={"content": f"<p>{{{{@{user}}}}}</p>"}
        )
    assert ids(inbox, "mentioned=me") == [alice]  # demo-key: no owner set, the first user
    assert ids(inbox, "mentioned=me", key="inbox-write-key") == [bob]  # owner: Bob
    assert ids(inbox, f"mentioned={BOB}&mentioned={ALICE}") == [bob, alice]
    assert ids(inbox, f"mentioned={SMITH}") == []
    assert none


def test_search_looks_in_messages_contact_and_metadata(inbox: Inbox) -> None:
    subject, _ = inbox.mail(subject="Refund please")
    body, _ = inbox.mail(html="<p>The checkout button is broken</p>")
    meta = inbox.chat(metaData={"plan": "Enterprise"})
    named = inbox.chat(contact={"name": "Zoë Quinn", "email": "zoe@example.net"})
    assert ids(inbox, "search=refund") == [subject]
    assert ids(inbox, "search=CHECKOUT") == [body]
    assert ids(inbox, "search=enterprise") == [meta]
    assert ids(inbox, "search=zoe@") == [named]


def test_unread_filter(inbox: Inbox, client: HelpCenterClient) -> None:
    unread, _ = inbox.mail()
    inbox.chat("website", role="ai", html="<p>hello</p>")  # no customer message: read
    assert ids(inbox, "unread=true") == [unread]
    assert ids(inbox, "unread=1") == [unread]
    assert_error(inbox.call("GET", "/conversations?unread=maybe"), 400, "invalid_parameter")
    assert [c.id for c in client.list_conversations(ConversationFilter(unread=True))] == [unread]


def test_created_after_and_before_are_inclusive(inbox: Inbox) -> None:
    first, second, third = (inbox.mail()[0] for _ in range(3))
    middle = inbox.conversation(second)["created_at"]
    assert ids(inbox, f"created_after={middle}") == [third, second]
    assert ids(inbox, f"created_before={middle}") == [second, first]
    assert ids(inbox, f"created_after={middle}&created_before={middle}") == [second]
    assert_error(
        inbox.call("GET", "/conversations?created_after=yesterday"), 400, "invalid_parameter"
    )


def test_cursors_page_forward_and_backward(inbox: Inbox) -> None:
    made = [inbox.mail()[0] for _ in range(5)][::-1]  # newest first
    page = inbox.ok("GET", "/conversations?limit=2")
    assert [c["id"] for c in page["data"]] == made[:2] and page["has_more"] is True
    page = inbox.ok("GET", f"/conversations?limit=2&starting_after={made[1]}")
    assert [c["id"] for c in page["data"]] == made[2:4] and page["has_more"] is True
    page = inbox.ok("GET", f"/conversations?limit=2&starting_after={made[3]}")
    assert [c["id"] for c in page["data"]] == made[4:] and page["has_more"] is False
    page = inbox.ok("GET", f"/conversations?limit=2&ending_before={made[4]}")
    assert [c["id"] for c in page["data"]] == made[2:4] and page["has_more"] is True
    page = inbox.ok("GET", f"/conversations?limit=2&ending_before={made[2]}")
    assert [c["id"] for c in page["data"]] == made[:2] and page["has_more"] is False


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "starting_after=nope"])
def test_bad_pagination_is_400(inbox: Inbox, query: str) -> None:
    assert_error(inbox.call("GET", f"/conversations?{query}"), 400, "invalid_parameter")


def test_the_client_follows_cursors_and_pages_both_ways(
    inbox: Inbox, client: HelpCenterClient
) -> None:
    made = [inbox.mail()[0] for _ in range(3)][::-1]
    assert [c.id for c in client.list_conversations()] == made
    page = client.conversations_page(limit=1, starting_after=made[0])
    assert [c.id for c in page.data] == [made[1]] and page.has_more
    back = client.conversations_page(limit=5, ending_before=made[2])
    assert [c.id for c in back.data] == made[:2] and not back.has_more


def test_count_gives_each_status_and_honours_filters(
    inbox: Inbox, client: HelpCenterClient
) -> None:
    convs = [inbox.mail()[0] for _ in range(4)]
    set_state(inbox, convs[0], status="pending", assignee=ALICE)
    set_state(inbox, convs[1], status="closed", assignee=ALICE)
    assert inbox.ok("GET", "/conversations/count") == {
        "object": "count",
        "open": 2,
        "pending": 1,
        "closed": 1,
        "total": 4,
        "url": "/api/v0/centers/demo/conversations/count",
    }
    counts = client.count_conversations(ConversationFilter(assignee=ALICE))
    assert (counts.open, counts.pending, counts.closed, counts.total) == (0, 1, 1, 2)
    statuses = (ConversationStatus.OPEN, ConversationStatus.CLOSED)
    assert client.count_conversations(ConversationFilter(status=statuses)).total == 3


def test_the_client_sends_every_filter(inbox: Inbox, client: HelpCenterClient) -> None:
    conv, _ = inbox.mail(subject="Refund")
    inbox.mail(subject="Refund")
    set_state(inbox, conv, assignee=ALICE)
    inbox.ok("POST", f"/conversations/{conv}/discussion", json={"content": f"{{{{@{ALICE}}}}}"})
    thread = inbox.conversation(conv)
    created = datetime.fromisoformat(thread["created_at"])
    every = ConversationFilter(
        status=(ConversationStatus.OPEN,),
        assignee=ALICE,
        contact=thread["contact"]["id"],
        mentioned=("me",),
        search="refund",
        unread=True,
        created_after=created,
        created_before=thread["created_at"],
    )
    assert [c.id for c in client.list_conversations(every)] == [conv]
    assert client.count_conversations(every).total == 1
    assert client.conversations_page(ConversationFilter(assignee="unassigned")).data[0].id != conv

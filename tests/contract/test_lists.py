"""Lists and counts: limit, cursors, has_more, expand, search and filters."""

from __future__ import annotations

import httpx
import pytest

from hcsync.api import BadRequest, HelpCenterClient


def make(client: HelpCenterClient, n: int, publish: bool = False) -> list[str]:
    ids = []
    for i in range(n):
        draft = client.create_article(f"Article {i}", html=f"<p>body {i}</p>")
        if publish:
            client.publish(draft.id)
        ids.append(draft.id)
    return ids


def test_pages_forward_with_starting_after(client: HelpCenterClient) -> None:
    ids = make(client, 5)
    first = client.drafts_page(limit=2)
    assert [a.id for a in first.data] == ids[:2]
    assert first.has_more
    assert first.count == 2
    second = client.drafts_page(limit=2, starting_after=ids[1])
    assert [a.id for a in second.data] == ids[2:4]
    assert second.has_more
    last = client.drafts_page(limit=2, starting_after=ids[3])
    assert [a.id for a in last.data] == ids[4:]
    assert not last.has_more


def test_pages_backward_with_ending_before(client: HelpCenterClient) -> None:
    ids = make(client, 5)
    page = client.drafts_page(limit=2, ending_before=ids[4])
    assert [a.id for a in page.data] == ids[2:4]
    assert page.has_more
    page = client.drafts_page(limit=2, ending_before=ids[2])
    assert [a.id for a in page.data] == ids[:2]
    assert not page.has_more


def test_iterator_follows_cursor_over_many_pages(client: HelpCenterClient, control: object) -> None:
    ids = make(client, 205)
    start = len(control.journal())  # type: ignore[attr-defined]
    assert [a.id for a in client.list_drafts()] == ids
    reads = control.journal()[start:]  # type: ignore[attr-defined]
    assert len(reads) == 3
    assert all("limit=100" in e["query"] for e in reads)


def test_default_limit_is_50(client: HelpCenterClient, emulator_url: str) -> None:
    make(client, 51)
    body = httpx.get(
        f"{emulator_url}/v0/centers/demo/articles/drafts",
        headers={"Authorization": "Bearer demo-key"},
    ).json()
    assert body["count"] == 50
    assert body["has_more"] is True
    assert body["url"] == "/api/v0/centers/demo/articles/drafts"


@pytest.mark.parametrize("limit", [0, 101])
def test_limit_outside_1_to_100_is_400(client: HelpCenterClient, limit: int) -> None:
    with pytest.raises(BadRequest) as info:
        client.drafts_page(limit=limit)
    assert info.value.code == "invalid_parameter"


def test_unknown_cursor_is_400(client: HelpCenterClient) -> None:
    with pytest.raises(BadRequest):
        client.drafts_page(starting_after="no-such-id")


def test_expand_content_adds_html_and_text(client: HelpCenterClient) -> None:
    make(client, 1)
    plain = client.drafts_page().data[0]
    full = client.drafts_page(content=True).data[0]
    assert plain.content is None
    assert full.content is not None
    assert (full.content.html, full.content.text) == (
        "<p>body 0</p>",
        "body 0",
    )


def test_published_list_holds_only_published_articles(client: HelpCenterClient) -> None:
    published = make(client, 2, publish=True)
    make(client, 2)
    assert [a.id for a in client.list_articles()] == published
    assert all(a.object == "article" for a in client.list_articles())
    assert client.count_articles() == 2
    assert client.count_drafts() == 4


def test_search_over_title_and_text(client: HelpCenterClient) -> None:
    client.create_article("Billing FAQ", html="<p>money</p>")
    client.create_article("Install", html="<p>How to pay by card</p>")
    client.create_article("Other", html="<p>nothing</p>")
    assert [a.title for a in client.list_drafts(search="billing")] == ["Billing FAQ"]
    assert [a.title for a in client.list_drafts(search="PAY BY")] == ["Install"]
    assert client.count_drafts(search="o") == 3


def test_category_and_status_filters_and_counts(client: HelpCenterClient) -> None:
    tree = client.create_category("A")
    a = tree[0].id
    b = client.create_category("B")[1].id
    in_a = client.create_article("one", category_id=a)
    client.create_article("two", category_id=b)
    client.publish(in_a.id)
    assert [d.id for d in client.list_drafts(category=a)] == [in_a.id]
    assert client.count_drafts(category=b) == 1
    assert client.count_drafts(status="published") == 1
    assert client.count_drafts(status="unpublished") == 1
    assert client.count_articles(category=b) == 0
    client.update_draft(in_a.id, title="one!")
    assert [d.title for d in client.list_drafts(status="published_with_changes")] == ["one!"]


def test_bad_status_filter_is_400(client: HelpCenterClient) -> None:
    with pytest.raises(BadRequest):
        client.count_drafts(status="live")


def test_count_shape(client: HelpCenterClient, emulator_url: str) -> None:
    body = httpx.get(
        f"{emulator_url}/v0/centers/demo/articles/drafts/count?status=unpublished",
        headers={"Authorization": "Bearer demo-key"},
    ).json()
    assert body == {
        "object": "count",
        "total": 0,
        "filters": {"category": None, "search": None, "status": "unpublished"},
        "url": "/api/v0/centers/demo/articles/drafts/count",
    }

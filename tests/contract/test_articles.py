"""Articles and drafts: create, the draft state machine, publish, metadata, delete."""

from __future__ import annotations

import pytest

from hcsync.api import BadRequest, HelpCenterClient, NotFound, Seo
from tests.helpers import answered


def category(client: HelpCenterClient, name: str = "Guides") -> str:
    return next(c.id for c in client.create_category(name) if c.name == name)


def test_create_requires_title(client: HelpCenterClient) -> None:
    with pytest.raises(BadRequest) as info:
        client.create_article("")
    assert info.value.code == "missing_required_field"
    assert client.count_drafts() == 0


def test_create_returns_draft_with_content_seo_and_first_category(client: HelpCenterClient) -> None:
    first = category(client, "First")
    category(client, "Second")
    draft = client.create_article("Hello", html="<p>Hi</p>", seo=Seo("T", "D"))
    assert draft.object == "draft"
    assert draft.status == "unpublished"
    assert draft.category_id == first
    assert draft.content is not None
    assert draft.content.html == "<p>Hi</p>"
    assert draft.seo == Seo("T", "D")
    assert draft.url is None
    assert draft.slug is None
    assert client.get_draft(draft.id).seo == Seo("T", "D")


def test_create_accepts_seo_title_description_spelling(
    emulator_url: str, control: object, client: HelpCenterClient
) -> None:
    import httpx

    body = {"title": "x", "metadata": {"seo": {"title": "A", "description": "B"}}}
    response = httpx.post(
        f"{emulator_url}/v0/centers/demo/articles",
        json=body,
        headers={"Authorization": "Bearer demo-key"},
    )
    assert response.status_code == 201
    assert response.json()["seo"] == {"metaTitle": "A", "metaDesc": "B"}


def test_create_with_unknown_category_is_404(client: HelpCenterClient) -> None:
    with pytest.raises(NotFound):
        client.create_article("x", category_id="cat_missing")
    assert client.count_drafts() == 0


def test_slug_id_increases_per_center(client: HelpCenterClient) -> None:
    ids = [client.create_article(f"A{i}").slug_id for i in range(3)]
    assert ids == [1, 2, 3]


def test_get_article_is_404_until_published(client: HelpCenterClient) -> None:
    draft = client.create_article("Hello")
    with pytest.raises(NotFound):
        client.get_article(draft.id)
    client.publish(draft.id)
    assert client.get_article(draft.id).title == "Hello"


def test_draft_status_machine(client: HelpCenterClient) -> None:
    draft = client.create_article("Hello", html="<p>v1</p>")
    assert client.get_draft(draft.id).status == "unpublished"
    client.publish(draft.id)
    assert client.get_draft(draft.id).status == "published"
    edited = answered(client.update_draft(draft.id, html="<p>v2</p>"))
    assert edited.status == "published_with_changes"
    assert edited.has_unpublished_changes
    assert client.get_article(draft.id, content=True).content.html == "<p>v1</p>"  # type: ignore[union-attr]
    restored = answered(client.discard_draft(draft.id))
    assert restored.status == "published"
    assert restored.content is not None
    assert restored.content.html == "<p>v1</p>"


def test_discard_is_404_when_never_published(client: HelpCenterClient) -> None:
    draft = client.create_article("Hello")
    with pytest.raises(NotFound):
        client.discard_draft(draft.id)


def test_update_draft_needs_title_or_html(client: HelpCenterClient) -> None:
    draft = client.create_article("Hello")
    with pytest.raises(BadRequest) as info:
        client.update_draft(draft.id)
    assert info.value.code == "missing_required_field"


def test_html_is_sanitised_and_text_derived(client: HelpCenterClient) -> None:
    html = (
        '<h2 id="a" onclick="x()">Title</h2><script>alert(1)</script>'
        '<p style="c">Body</p><iframe src="x"></iframe>'
    )
    draft = client.create_article("Hello", html=html)
    assert draft.content is not None
    assert draft.content.html == '<h2 id="a">Title</h2><p>Body</p>'
    assert draft.content.text == "Title\nBody"


def test_publish_generates_slug_and_url(client: HelpCenterClient) -> None:
    draft = client.create_article("Getting Started, Fast!")
    article = answered(client.publish(draft.id))
    assert article.slug == "getting-started-fast"
    assert article.url == f"https://demo.help.center/article/{draft.slug_id}-getting-started-fast"
    assert article.published_at


def test_metadata_applies_at_once_and_keeps_content(client: HelpCenterClient) -> None:
    other = category(client, "Other")
    draft = client.create_article("Hello", html="<p>x</p>")
    client.publish(draft.id)
    client.update_metadata(
        draft.id, slug="custom", subtitle="Sub", category=other, seo=Seo("T", "D")
    )
    live = client.get_article(draft.id, content=True)
    assert (live.slug, live.subtitle, live.category_id, live.seo) == (
        "custom",
        "Sub",
        other,
        Seo("T", "D"),
    )
    assert live.url is not None
    assert live.url.endswith(f"/article/{draft.slug_id}-custom")
    assert client.get_draft(draft.id).status == "published"


def test_metadata_seo_fields_update_separately(emulator_url: str, client: HelpCenterClient) -> None:
    import httpx

    draft = client.create_article("Hello", seo=Seo("Old", "Desc"))
    response = httpx.patch(
        f"{emulator_url}/v0/centers/demo/articles/{draft.id}/metadata",
        json={"seo.metaTitle": "New"},
        headers={"Authorization": "Bearer demo-key"},
    )
    assert response.status_code == 200
    assert client.get_draft(draft.id).seo == Seo("New", "Desc")


def test_metadata_needs_a_field_and_a_valid_slug(client: HelpCenterClient) -> None:
    draft = client.create_article("Hello")
    with pytest.raises(BadRequest) as info:
        client.update_metadata(draft.id)
    assert info.value.code == "missing_required_field"
    with pytest.raises(BadRequest) as info:
        client.update_metadata(draft.id, slug="Not A Slug")
    assert info.value.code == "invalid_slug"


def test_unpublish_returns_article_to_draft(client: HelpCenterClient) -> None:
    draft = client.create_article("Hello")
    client.publish(draft.id)
    assert answered(client.unpublish(draft.id)).status == "unpublished"
    with pytest.raises(NotFound):
        client.get_article(draft.id)
    assert client.get_draft(draft.id).url is None


def test_duplicate_copies_draft_as_new_unpublished_article(client: HelpCenterClient) -> None:
    draft = client.create_article("Hello", html="<p>x</p>", seo=Seo("T", "D"))
    client.publish(draft.id)
    copy = client.duplicate(draft.id)
    assert copy.id != draft.id
    assert copy.status == "unpublished"
    assert copy.title == "Hello (copy)"
    assert copy.content is not None
    assert copy.content.html == "<p>x</p>"
    assert copy.seo == Seo("T", "D")
    assert copy.slug is None
    assert client.count_drafts() == 2


def test_delete_removes_article_draft_and_translations(client: HelpCenterClient) -> None:
    draft = client.create_article("Hello")
    client.update_translation_draft(draft.id, "de", title="Hallo")
    client.delete_article(draft.id)
    with pytest.raises(NotFound):
        client.get_draft(draft.id)
    with pytest.raises(NotFound):
        client.get_translation_draft(draft.id, "de")
    assert client.count_drafts() == 0

"""The `documented` profile answers with exactly the shapes the seeds show, nothing more.

The key sets below are the seeds' examples: the skill's Page and PageDraft
shapes, the API page's translation and article-list examples, the skill's
category list (children without `translations`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from hcsync.api import HelpCenterClient, Seo
from hcsync.emulator.control_client import EmulatorControl
from tests.conftest import TEST_CONFIG, make_client
from tests.helpers import answered

DRAFT = {
    "id", "object", "center_id", "slug_id", "slug", "title", "category_id", "status",
    "has_unpublished_changes", "created_at", "updated_at", "published_at", "preview_url",
    "translations",
}  # fmt: skip
PAGE = {
    "id", "object", "center_id", "category_id", "slug_id", "slug", "title", "status",
    "created_at", "updated_at", "published_at", "seo", "url", "translations",
}  # fmt: skip
TRANSLATION = {"id", "language", "title", "status"}
CATEGORY = {"id", "name", "description", "slug", "slug_id", "translations", "children"}
CHILD = {"id", "name", "description", "slug", "slug_id"}


class Raw:
    """Plain HTTP on the demo center, to see every key the server sends."""

    def __init__(self, url: str) -> None:
        self._http = httpx.Client(
            base_url=f"{url}/v0/centers/demo", headers={"Authorization": "Bearer demo-key"}
        )

    def call(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        response = self._http.request(method, path, json=body)
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    def close(self) -> None:
        self._http.close()


@pytest.fixture
def raw(emulator_url: str, control: EmulatorControl) -> Iterator[Raw]:
    control.reset(TEST_CONFIG | {"profile": "documented"})
    api = Raw(emulator_url)
    yield api
    api.close()


def published_with_translation(raw: Raw) -> str:
    """A published article with a published `de` and an unpublished `fr` translation."""
    article_id: str = raw.call("POST", "/articles", {"title": "Root"}, status=201)["id"]
    raw.call("POST", f"/articles/{article_id}/publish")
    raw.call("PATCH", f"/articles/{article_id}/translations/de/draft", {"title": "Wurzel"})
    raw.call("POST", f"/articles/{article_id}/translations/de/publish")
    raw.call("PATCH", f"/articles/{article_id}/translations/fr/draft", {"title": "Racine"})
    return article_id


def test_draft_shape_has_no_seo_or_subtitle(raw: Raw) -> None:
    seo = {"metaTitle": "T", "metaDesc": "D"}
    created = raw.call("POST", "/articles", {"title": "A", "metadata": {"seo": seo}}, status=201)
    assert set(created) == DRAFT | {"content"}  # create answers with the content (the skill)
    raw.call("PATCH", f"/articles/{created['id']}/metadata", {"subtitle": "Sub"})
    assert set(raw.call("GET", f"/articles/{created['id']}/draft")) == DRAFT
    raw.call("POST", f"/articles/{created['id']}/publish")
    listed = raw.call("GET", "/articles/drafts?expand[]=content")["data"]
    assert [set(d) for d in listed] == [DRAFT | {"url", "content"}]
    # The SEO sent is kept: the published article shows it.
    assert raw.call("GET", f"/articles/{created['id']}")["seo"] == seo


def test_draft_translations_are_the_published_languages(raw: Raw) -> None:
    article_id = published_with_translation(raw)
    assert raw.call("GET", f"/articles/{article_id}/draft")["translations"] == ["de"]
    assert raw.call("GET", f"/articles/{article_id}")["translations"] == ["de"]


def test_draft_write_answers_carry_no_content(raw: Raw) -> None:
    article_id = published_with_translation(raw)
    draft = raw.call("PATCH", f"/articles/{article_id}/draft", {"html": "<p>new</p>"})
    assert set(draft) == DRAFT | {"url"}
    translation = raw.call(
        "PATCH", f"/articles/{article_id}/translations/de/draft", {"html": "<p>neu</p>"}
    )
    assert set(translation) == TRANSLATION | {"url"}
    assert "content" not in raw.call("POST", f"/articles/{article_id}/draft/discard")
    assert "content" not in raw.call("POST", f"/articles/{article_id}/duplicate", status=201)


def test_translation_edits_leave_the_roots_updated_at(raw: Raw) -> None:
    article_id = published_with_translation(raw)
    before = raw.call("GET", f"/articles/{article_id}/draft")["updated_at"]
    base = f"/articles/{article_id}/translations"
    raw.call("PATCH", f"{base}/de/draft", {"title": "Neu"})
    raw.call("PATCH", f"{base}/de/metadata", {"slug": "neu"})
    raw.call("POST", f"{base}/de/publish")
    raw.call("POST", f"{base}/de/unpublish")
    raw.call("DELETE", f"{base}/fr", status=204)
    assert raw.call("GET", f"/articles/{article_id}/draft")["updated_at"] == before
    assert raw.call("GET", f"{base}/de/draft")["title"] == "Neu"


def test_translation_shape_is_the_api_pages(raw: Raw) -> None:
    article_id = published_with_translation(raw)
    base = f"/articles/{article_id}/translations"
    published = raw.call("GET", f"{base}/de?expand[]=content")
    assert set(published) == TRANSLATION | {"url", "content"}
    assert set(raw.call("GET", f"{base}/fr/draft")) == TRANSLATION
    meta = {"slug": "racine", "seo": {"metaTitle": "T", "metaDesc": "D"}}
    assert set(raw.call("PATCH", f"{base}/fr/metadata", meta)) == TRANSLATION


def test_page_shape_and_preview_url_on_the_list(raw: Raw) -> None:
    article_id = published_with_translation(raw)
    raw.call("PATCH", f"/articles/{article_id}/metadata", {"subtitle": "Sub"})
    assert set(raw.call("GET", f"/articles/{article_id}")) == PAGE
    assert set(raw.call("POST", f"/articles/{article_id}/publish")) == PAGE
    # The API page's list example adds `preview_url` to the listed articles.
    assert [set(a) for a in raw.call("GET", "/articles")["data"]] == [PAGE | {"preview_url"}]


def test_category_shape_shows_no_icon_parent_or_child_translations(raw: Raw) -> None:
    de = {"de": {"name": "Leitfäden", "description": ""}}
    tree = raw.call("POST", "/articles/categories", {"name": "Guides"}, status=201)
    parent = tree["data"][0]["id"]
    body = {"name": "Setup", "parent_id": parent, "icon": "<svg/>", "translations": de}
    tree = raw.call("POST", "/articles/categories", body, status=201)["data"]
    assert [set(c) for c in tree] == [CATEGORY]
    assert [set(c) for c in tree[0]["children"]] == [CHILD]


def test_metadata_takes_category_not_category_id(raw: Raw) -> None:
    tree = raw.call("POST", "/articles/categories", {"name": "Other"}, status=201)
    target = tree["data"][0]["id"]
    article_id = raw.call("POST", "/articles", {"title": "A"}, status=201)["id"]
    refused = raw.call(
        "PATCH", f"/articles/{article_id}/metadata", {"category_id": target}, status=400
    )
    assert refused["error"]["code"] == "unknown_parameter"
    moved = raw.call("PATCH", f"/articles/{article_id}/metadata", {"category": target})
    assert moved["category_id"] == target


@pytest.mark.parametrize(("profile", "status"), [("documented", 400), ("extended", 201)])
def test_json_without_content_type(
    emulator_url: str, control: EmulatorControl, profile: str, status: int
) -> None:
    control.reset(TEST_CONFIG | {"profile": profile})
    response = httpx.post(
        f"{emulator_url}/v0/centers/demo/articles",
        content=b'{"title": "x"}',
        headers={"Authorization": "Bearer demo-key"},
    )
    assert response.status_code == status
    if status == 400:
        assert response.json()["error"]["code"] == "invalid_content_type"
    with make_client(emulator_url) as client:
        assert client.count_drafts() == (status == 201)


@pytest.fixture(params=["extended", "documented"])
def any_profile(
    request: pytest.FixtureRequest, emulator_url: str, control: EmulatorControl
) -> Iterator[HelpCenterClient]:
    control.reset(TEST_CONFIG | {"profile": request.param})
    with make_client(emulator_url) as client:
        yield client


def test_every_client_write_is_accepted_on_both_profiles(any_profile: HelpCenterClient) -> None:
    client = any_profile
    de = {"de": {"name": "Leitfäden", "description": "Hilfe"}}
    parent = client.create_category("Guides", description="d", translations=de)[0].id
    tree = client.create_category("Setup", parent_id=parent, icon="<svg/>")
    child = tree[0].children[0]
    assert (child.name, child.parent_id) == ("Setup", parent)
    client.update_category(child.id, name="Set-up", translations=de)
    draft = client.create_article("A", html="<p>a</p>", category_id=parent, seo=Seo("T", "D"))
    moved = answered(
        client.update_metadata(
            draft.id, category=child.id, subtitle="s", slug="a-b", seo=Seo("T2", "D2")
        )
    )
    assert moved.category_id == child.id
    client.update_draft(draft.id, title="B", html="<p>b</p>")
    client.publish(draft.id)
    client.update_translation_draft(draft.id, "de", title="B-de", html="<p>de</p>")
    client.update_translation_metadata(draft.id, "de", slug="b-de", seo=Seo("t", "d"))
    client.publish_translation(draft.id, "de")
    client.upload_image("a.png", b"\x89PNG\r\n\x1a\n1234", article_id=draft.id)
    article = client.get_article(draft.id, content=True)
    assert (article.title, article.category_id, article.translations) == ("B", child.id, ("de",))
    assert article.seo == Seo("T2", "D2")
    assert client.get_translation(draft.id, "de", content=True).title == "B-de"
    client.unpublish(draft.id)
    client.delete_article(draft.id)
    client.delete_category(parent)
    assert client.list_categories() == ()


def test_reset_without_a_profile_goes_back_to_extended(
    emulator_url: str, control: EmulatorControl
) -> None:
    control.reset(TEST_CONFIG | {"profile": "documented"})
    control.reset(TEST_CONFIG)
    with make_client(emulator_url) as client:
        assert client.create_article("A").seo is not None


def test_unknown_profile_is_refused(control: EmulatorControl) -> None:
    with pytest.raises(httpx.HTTPStatusError) as info:
        control.reset(TEST_CONFIG | {"profile": "strict"})
    error = info.value.response.json()["error"]
    assert error["code"] == "invalid_config"
    assert "profile must be one of extended, documented" in error["message"]

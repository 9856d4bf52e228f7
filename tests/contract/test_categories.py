"""Categories: one level of nesting, translations, delete only when empty."""

from __future__ import annotations

import httpx
import pytest

from hcsync.api import BadRequest, HelpCenterClient, NotFound, flatten


def test_create_returns_201_with_the_full_tree(emulator_url: str, control: object) -> None:
    response = httpx.post(
        f"{emulator_url}/v0/centers/demo/articles/categories",
        json={"name": "Getting Started", "description": "New users"},
        headers={"Authorization": "Bearer demo-key"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["object"] == "list"
    [cat] = body["data"]
    assert (cat["name"], cat["slug"], cat["slug_id"], cat["children"]) == (
        "Getting Started",
        "getting-started",
        1,
        [],
    )
    assert cat["id"].startswith("cat_")


def test_subcategory_appears_under_its_parent(client: HelpCenterClient) -> None:
    parent = client.create_category("Guides")[0]
    tree = client.create_category("Install", parent_id=parent.id, description="Setup")
    assert len(tree) == 1
    [child] = tree[0].children
    assert (child.name, child.parent_id, child.description) == ("Install", parent.id, "Setup")
    assert [c.name for c in flatten(client.list_categories())] == ["Guides", "Install"]


def test_nesting_deeper_than_one_level_is_refused(client: HelpCenterClient) -> None:
    parent = client.create_category("Guides")[0]
    child = client.create_category("Install", parent_id=parent.id)[0].children[0]
    with pytest.raises(BadRequest) as info:
        client.create_category("Deep", parent_id=child.id)
    assert info.value.code == "invalid_parent"
    assert len(flatten(client.list_categories())) == 2


def test_unknown_parent_is_404(client: HelpCenterClient) -> None:
    with pytest.raises(NotFound):
        client.create_category("x", parent_id="cat_nope")


def test_create_requires_name(client: HelpCenterClient) -> None:
    with pytest.raises(BadRequest) as info:
        client.create_category("")
    assert info.value.code == "missing_required_field"


def test_translations_only_for_configured_languages(client: HelpCenterClient) -> None:
    tree = client.create_category(
        "Start", translations={"de": {"name": "Start DE", "description": "d"}}
    )
    assert tree[0].translations["de"].name == "Start DE"
    with pytest.raises(BadRequest) as info:
        client.create_category("Other", translations={"it": {"name": "x"}})
    assert info.value.code == "invalid_language"
    assert len(client.list_categories()) == 1


def test_update_needs_a_field_and_merges_translations(client: HelpCenterClient) -> None:
    cat = client.create_category("Start", translations={"de": {"name": "DE"}})[0]
    with pytest.raises(BadRequest):
        client.update_category(cat.id)
    tree = client.update_category(cat.id, name="Begin", translations={"fr": {"name": "FR"}})
    assert tree[0].name == "Begin"
    assert {k: v.name for k, v in tree[0].translations.items()} == {"de": "DE", "fr": "FR"}
    assert tree[0].slug == "start"


def test_delete_refused_while_articles_use_it_or_its_children(client: HelpCenterClient) -> None:
    parent = client.create_category("Guides")[0]
    child = client.create_category("Install", parent_id=parent.id)[0].children[0]
    article = client.create_article("Linux", category_id=child.id)
    with pytest.raises(BadRequest) as info:
        client.delete_category(parent.id)
    assert info.value.code == "category_has_articles"
    assert article.id in info.value.message
    assert len(flatten(client.list_categories())) == 2
    client.delete_article(article.id)
    assert client.delete_category(parent.id) == ()


def test_delete_unknown_is_404(client: HelpCenterClient) -> None:
    with pytest.raises(NotFound):
        client.delete_category("cat_nope")

"""Translations: configured languages only, root first, cascading unpublish, URLs."""

from __future__ import annotations

import pytest

from hcsync.api import BadRequest, HelpCenterClient, NotFound, Seo
from tests.helpers import answered


@pytest.fixture
def root(client: HelpCenterClient) -> str:
    return client.create_article("Getting Started", html="<p>en</p>").id


def test_translation_draft_for_configured_language(client: HelpCenterClient, root: str) -> None:
    t = answered(client.update_translation_draft(root, "es", title="Empezando", html="<p>es</p>"))
    assert (t.language, t.title, t.status) == ("es", "Empezando", "unpublished")
    assert t.content is not None
    assert t.content.html == "<p>es</p>"
    assert client.get_draft(root).translations == ("es",)


@pytest.mark.parametrize("language", ["it", "en"])
def test_language_not_in_additional_languages_is_refused(
    client: HelpCenterClient, root: str, language: str
) -> None:
    with pytest.raises(BadRequest) as info:
        client.update_translation_draft(root, language, title="x")
    assert info.value.code == "invalid_language"


def test_translation_draft_needs_title_or_html(client: HelpCenterClient, root: str) -> None:
    with pytest.raises(BadRequest) as info:
        client.update_translation_draft(root, "de")
    assert info.value.code == "missing_required_field"


def test_publish_refused_while_root_unpublished(client: HelpCenterClient, root: str) -> None:
    client.update_translation_draft(root, "de", title="Los geht's")
    with pytest.raises(BadRequest) as info:
        client.publish_translation(root, "de")
    assert info.value.code == "root_not_published"
    assert client.get_translation_draft(root, "de").status == "unpublished"


def test_published_translation_url_and_get(client: HelpCenterClient, root: str) -> None:
    client.update_translation_draft(root, "de", title="Erste Schritte", html="<p>de</p>")
    with pytest.raises(NotFound):
        client.get_translation(root, "de")
    root_article = answered(client.publish(root))
    published = answered(client.publish_translation(root, "de"))
    assert published.status == "published"
    assert (
        published.url
        == f"https://demo.help.center/de/article/{root_article.slug_id}-erste-schritte"
    )
    live = client.get_translation(root, "de", content=True)
    assert live.content is not None
    assert live.content.html == "<p>de</p>"
    assert client.get_article(root).translations == ("de",)


def test_translation_edit_after_publish_is_published_with_changes(
    client: HelpCenterClient, root: str
) -> None:
    client.update_translation_draft(root, "de", title="A")
    client.publish(root)
    client.publish_translation(root, "de")
    assert (
        answered(client.update_translation_draft(root, "de", html="<p>new</p>")).status
        == "published_with_changes"
    )
    assert client.get_translation(root, "de").title == "A"


def test_translation_metadata(client: HelpCenterClient, root: str) -> None:
    with pytest.raises(NotFound):
        client.update_translation_metadata(root, "fr", slug="x")
    client.update_translation_draft(root, "fr", title="Commencer")
    t = answered(
        client.update_translation_metadata(root, "fr", slug="commencer", seo=Seo("T", "D"))
    )
    assert (t.slug, t.seo) == ("commencer", Seo("T", "D"))


def test_unpublishing_root_unpublishes_every_translation(
    client: HelpCenterClient, root: str
) -> None:
    for lang in ("de", "fr"):
        client.update_translation_draft(root, lang, title=f"T {lang}")
    client.publish(root)
    for lang in ("de", "fr"):
        client.publish_translation(root, lang)
    client.unpublish(root)
    for lang in ("de", "fr"):
        assert client.get_translation_draft(root, lang).status == "unpublished"
        with pytest.raises(NotFound):
            client.get_translation(root, lang)


def test_unpublish_and_delete_single_translation(client: HelpCenterClient, root: str) -> None:
    client.update_translation_draft(root, "de", title="A")
    client.publish(root)
    client.publish_translation(root, "de")
    assert answered(client.unpublish_translation(root, "de")).status == "unpublished"
    assert client.get_draft(root).status == "published"
    client.delete_translation(root, "de")
    with pytest.raises(NotFound):
        client.get_translation_draft(root, "de")
    assert client.get_draft(root).translations == ()


def test_translation_edit_moves_root_updated_at(client: HelpCenterClient, root: str) -> None:
    before = client.get_draft(root).updated_at
    client.update_translation_draft(root, "de", title="A")
    assert client.get_draft(root).updated_at > before

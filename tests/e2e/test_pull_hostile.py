"""What a dashboard editor controls cannot reach a setting or stop a pull."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from hcsync.emulator.control_client import EmulatorControl
from tests.conftest import TEST_CONFIG
from tests.e2e.conftest import Site
from tests.e2e.test_pull import assert_in_sync

pytestmark = pytest.mark.both_profiles  # what pull reads differs between the two


def test_a_language_code_with_a_newline_never_becomes_a_setting(
    site_factory: object, control: EmulatorControl, profile: str
) -> None:
    config = copy.deepcopy(TEST_CONFIG) | {"profile": profile}
    config["centers"][0]["default_language"] = "en\napi_url: https://evil.example"
    control.reset(config)
    target: Site = site_factory(None, "pulled")  # type: ignore[operator]
    result = target.hcsync("pull", str(target.root))
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert "'en\\napi_url: https://evil.example' is not a language code" in result.err
    assert list(target.root.iterdir()) == []  # nothing written, no api_url anywhere


def test_an_image_gone_from_the_help_center_keeps_its_url(
    site_factory: object, emulator_url: str
) -> None:
    target: Site = site_factory(None, "pulled")  # type: ignore[operator]
    category = next(c.id for c in target.client.create_category("Guides") if c.name == "Guides")
    gone = f"{emulator_url}/images/gone.png"
    html = f'<p>Before.</p><p><img src="{gone}" alt="Gone"></p><p>After.</p>'
    target.client.create_article("Screens", html=html, category_id=category)
    result = target.hcsync("pull", str(target.root))
    assert result.code == 0, result.err
    assert f"image {gone} answers 404 on the help center; its absolute URL is kept" in result.err
    page = next(Path(target.root).rglob("screens.md")).read_text(encoding="utf-8")
    assert f"![Gone]({gone})" in page
    assert_in_sync(target)


def test_a_first_pull_without_translations_costs_a_plans_reads(
    site_factory: object, profile: str
) -> None:
    """The center, the categories, the drafts (one page); the documented API shows SEO on
    published articles only: their list once more. No probing of languages for drafts."""
    target: Site = site_factory(None, "pulled")  # type: ignore[operator]
    category = next(c.id for c in target.client.create_category("Guides") if c.name == "Guides")
    for title in ("One", "Two", "Three"):
        created = target.client.create_article(title, html=f"<p>{title}.</p>", category_id=category)
        target.client.publish(created.id)
    result = target.hcsync("pull", str(target.root))
    assert result.code == 0, result.err
    reads = target.control.journal()[target.mark :]
    assert all(entry["method"] == "GET" for entry in reads)
    assert len(reads) == (4 if profile == "documented" else 3)
    probed = target.hcsync(
        "pull", str(Path(target.root).parent / "probed"), "--probe-translation-drafts"
    )
    assert probed.code == 0, probed.err
    languages = 3  # de, fr, es: one request each per article new to the tree
    assert len(target.control.journal()[target.mark :]) == len(reads) + 3 * languages

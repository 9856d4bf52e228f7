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

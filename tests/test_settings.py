"""Client settings: the key stays secret, only https (or loopback http) is used."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

import httpx
import pytest

from hcsync.api import ApiSettings, ConfigError, HelpCenterClient, Secret, Unauthorized
from hcsync.config import load_site_config
from hcsync.errors import FatalError

KEY = "sk-very-secret-123"


def test_from_env_reads_the_three_variables() -> None:
    env = {"HC_API_KEY": KEY, "HC_CENTER_ID": "c1", "HC_API_URL": "https://eu.example.test/"}
    settings = ApiSettings.from_env(env)
    assert (settings.api_url, settings.center_id, settings.api_key.reveal()) == (
        "https://eu.example.test",
        "c1",
        KEY,
    )
    assert (
        ApiSettings.from_env({"HC_API_KEY": KEY, "HC_CENTER_ID": "c"}).api_url
        == "https://api.help.center"
    )


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({"HC_CENTER_ID": "c"}, "HC_API_KEY is not set"),
        ({"HC_API_KEY": KEY}, "HC_CENTER_ID is not set"),
        (
            {"HC_API_KEY": KEY, "HC_CENTER_ID": "c", "HC_API_URL": "http://api.example.com"},
            "refused",
        ),
        ({"HC_API_KEY": KEY, "HC_CENTER_ID": "c", "HC_API_URL": "ftp://x"}, "refused"),
    ],
)
def test_bad_settings_are_one_clear_error(env: dict[str, str], needle: str) -> None:
    with pytest.raises(ConfigError, match=needle) as info:
        ApiSettings.from_env(env)
    assert KEY not in str(info.value)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8787", "http://localhost:1", "http://[::1]:9"])
def test_plain_http_is_allowed_for_loopback(url: str) -> None:
    assert ApiSettings(url, "c", Secret(KEY)).api_url == url


def test_key_never_shows_in_repr_errors_logs_or_tracebacks(
    emulator_url: str, control: object, caplog: pytest.LogCaptureFixture
) -> None:
    settings = ApiSettings(emulator_url, "demo", Secret(KEY))
    assert KEY not in repr(settings)
    assert KEY not in str(settings.api_key)
    caplog.set_level(logging.DEBUG)
    with HelpCenterClient(settings) as client:
        assert KEY not in repr(client)
        with pytest.raises(Unauthorized) as info:
            client.get_center()
    text = "".join(traceback.format_exception(info.value)) + caplog.text + repr(info.value)
    assert "invalid_api_key" in text
    assert KEY not in text


def test_key_is_sent_as_bearer_header() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        return httpx.Response(200, json={"id": "c", "default_language": "en"})

    settings = ApiSettings("https://api.example.test", "c", Secret(KEY))
    with HelpCenterClient(settings, transport=httpx.MockTransport(handler)) as client:
        assert client.get_center().id == "c"
    assert seen == [f"Bearer {KEY}"]


def test_a_language_with_a_newline_is_refused(tmp_path: Path) -> None:
    """`$` would let "en\\n" through; a language code is matched whole."""
    (tmp_path / "hcsync.yml").write_text('default_language: "en\\n"\n', encoding="utf-8")
    with pytest.raises(FatalError, match="not a language code"):
        load_site_config(tmp_path)

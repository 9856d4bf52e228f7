"""The API key goes only where the person running hcsync said: attacks on `api_url`."""

from __future__ import annotations

import socket

import pytest

from tests.canary import Canary
from tests.e2e.conftest import Site


def _set_api_url(site: Site, url: str) -> None:
    config = site.root / "hcsync.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"api_url: {url}\n", encoding="utf-8")


def test_a_pull_request_pointing_api_url_elsewhere_is_refused_before_any_request(
    example: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The README's workflow sets no HC_API_URL: the PR's hcsync.yml is all there is.
    monkeypatch.delenv("HC_API_URL")
    _set_api_url(example, "https://attacker.example")

    result = example.plan()

    assert result.code == 1
    assert result.err.count("\n") == 1, result.err
    assert "hcsync.yml: api_url https://attacker.example is refused" in result.err
    assert "export HC_API_URL=https://attacker.example" in result.err
    assert "demo-key" not in result.out + result.err
    assert example.control.journal() == []


def test_api_url_differing_from_hc_api_url_is_refused(example: Site, canary: Canary) -> None:
    # The environment names the emulator; the tree asks for another (loopback) server.
    _set_api_url(example, canary.url)

    result = example.plan()

    assert result.code == 1
    assert "is refused: the API key goes only to HC_API_URL" in result.err
    assert canary.requests == []


def test_api_url_naming_the_same_url_as_hc_api_url_is_used(
    example: Site, emulator_url: str
) -> None:
    _set_api_url(example, emulator_url + "/")

    result = example.plan()

    assert result.code == 0, result.err
    assert "Plan:" in result.out


def test_a_loopback_api_url_is_the_emulator_and_needs_no_hc_api_url(
    example: Site, emulator_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HC_API_URL")
    _set_api_url(example, emulator_url)

    result = example.plan()

    assert result.code == 0, result.err
    assert example.control.journal(), "the plan read the emulator"


def test_a_canary_api_url_on_loopback_gets_the_key_only_when_named(
    example: Site, canary: Canary, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The control: the same tree, with the environment naming the canary, does send there.
    monkeypatch.setenv("HC_API_URL", canary.url)
    _set_api_url(example, canary.url)

    example.plan()

    assert canary.requests, "HC_API_URL names the canary: the plan asks it"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def test_credentials_in_hc_api_url_are_never_printed(
    example: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HC_API_URL", f"http://robot:s3cr3t-pw@127.0.0.1:{_closed_port()}")

    result = example.plan()

    assert result.code == 1
    assert "no answer from the server" in result.err
    assert "http://127.0.0.1:" in result.err
    assert "s3cr3t-pw" not in result.out + result.err
    assert "robot" not in result.out + result.err


def test_credentials_in_a_refused_hc_api_url_are_never_printed(
    example: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HC_API_URL", "http://robot:s3cr3t-pw@example.com")

    result = example.plan()

    assert result.code != 0
    assert "HC_API_URL 'http://example.com' is refused" in result.err
    assert "s3cr3t-pw" not in result.out + result.err

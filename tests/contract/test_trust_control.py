"""The emulator's control API refuses what a web page or a rebound host name can send."""

from __future__ import annotations

import httpx

from hcsync.api import HelpCenterClient, flatten
from hcsync.emulator.control_client import EmulatorControl


def _one_category(client: HelpCenterClient) -> str:
    client.create_category(name="Kept")
    return next(c.id for c in flatten(client.list_categories()) if c.name == "Kept")


def test_a_cross_site_text_plain_reset_is_refused_and_nothing_is_lost(
    emulator_url: str, control: EmulatorControl, client: HelpCenterClient
) -> None:
    kept = _one_category(client)
    # What <form enctype="text/plain" method="post" action=".../_emulator/reset"> sends.
    response = httpx.post(
        f"{emulator_url}/_emulator/reset",
        content=b'{"centers": []}',
        headers={"Content-Type": "text/plain", "Origin": "https://evil.example"},
    )

    assert response.status_code == 415
    assert response.json()["error"]["code"] == "control_needs_json"
    assert kept in {c.id for c in flatten(client.list_categories())}


def test_a_form_encoded_fault_is_refused(emulator_url: str, control: EmulatorControl) -> None:
    response = httpx.post(f"{emulator_url}/_emulator/faults", data={"action": "status"})

    assert response.status_code == 415
    assert control.journal() == []


def test_a_rebound_host_name_is_refused_even_for_reads(
    emulator_url: str, control: EmulatorControl, client: HelpCenterClient
) -> None:
    kept = _one_category(client)
    for method in ("GET", "POST"):
        response = httpx.request(
            method,
            f"{emulator_url}/_emulator/{'journal' if method == 'GET' else 'reset'}",
            json={},
            headers={"Host": "attacker.example:8787"},
        )
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "control_not_local"
    assert kept in {c.id for c in flatten(client.list_categories())}


def test_json_from_loopback_still_resets(
    emulator_url: str, control: EmulatorControl, client: HelpCenterClient
) -> None:
    _one_category(client)

    response = httpx.post(
        f"{emulator_url}/_emulator/reset",
        content=b"",
        headers={"Content-Type": "application/json; charset=utf-8", "Host": "localhost:1"},
    )

    assert response.status_code == 200
    assert list(flatten(client.list_categories())) == []

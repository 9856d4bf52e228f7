"""Rate limiting, retries and injected faults, through the client."""

from __future__ import annotations

import re
import time

import httpx
import pytest

from hcsync.api import ConnectionFailed, HelpCenterClient, ServerError
from hcsync.api.pacing import reset_wait
from hcsync.emulator.control_client import EmulatorControl
from tests.conftest import TEST_CONFIG, make_client
from tests.helpers import answered


def test_rate_limit_headers_and_429(emulator_url: str, control: EmulatorControl) -> None:
    control.reset(TEST_CONFIG | {"rate_limit": {"per_minute": 60, "burst": 2}})
    headers = {"Authorization": "Bearer demo-key"}
    url = f"{emulator_url}/v0/centers/demo"
    first, second, third = (httpx.get(url, headers=headers) for _ in range(3))
    assert first.headers["X-RateLimit-Limit"] == "60"
    assert (first.headers["X-RateLimit-Remaining"], second.headers["X-RateLimit-Remaining"]) == (
        "1",
        "0",
    )
    assert third.status_code == 429
    assert third.json()["error"]["code"] == "rate_limited"
    assert int(third.headers["X-RateLimit-Reset"]) >= int(time.time())


@pytest.mark.parametrize(
    ("spelling", "pattern"),
    [
        ("unix-seconds", r"1[0-9]{9}"),
        ("unix-milliseconds", r"1[0-9]{12}"),
        ("seconds", r"[0-9]{1,2}"),
        ("http-date", r"[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} 20[0-9]{2} [0-9:]{8} GMT"),
    ],
)
def test_the_emulator_spells_the_reset_as_its_server_behaviour_says(
    emulator_url: str, control: EmulatorControl, spelling: str, pattern: str
) -> None:
    """Each spelling names the same moment: the next token, a second away at 60 a minute."""
    limit = {"per_minute": 60, "burst": 1}
    control.reset(TEST_CONFIG | {"rate_limit": limit, "server": {"rate_reset": spelling}})
    headers = {"Authorization": "Bearer demo-key"}
    httpx.get(f"{emulator_url}/v0/centers/demo", headers=headers)
    refused = httpx.get(f"{emulator_url}/v0/centers/demo", headers=headers)
    assert refused.status_code == 429
    reset = refused.headers["X-RateLimit-Reset"]
    assert re.fullmatch(pattern, reset), reset
    wait = reset_wait(reset, time.time())
    assert wait is not None and 0 <= wait <= 2


def test_client_waits_for_reset_instead_of_failing(
    emulator_url: str, control: EmulatorControl
) -> None:
    control.reset(TEST_CONFIG | {"rate_limit": {"per_minute": 600, "burst": 3}})
    with make_client(emulator_url) as client:
        for _ in range(8):
            client.get_center()
        statuses = [e["status"] for e in control.journal()]
        assert statuses.count(200) == 8
        assert statuses.count(429) <= 1  # the limiter paces; a 429 is waited out, never raised
        assert client.limiter.waited > 0


def test_get_is_retried_after_500(client: HelpCenterClient, control: EmulatorControl) -> None:
    control.add_fault(method="GET", path="/v0/centers/demo", action="status", status=503, times=2)
    assert client.get_center().id == "demo"
    assert [e["status"] for e in control.journal()] == [503, 503, 200]


def test_get_gives_up_after_the_attempts(
    client: HelpCenterClient, control: EmulatorControl
) -> None:
    control.add_fault(method="GET", path="/v0/centers/demo", action="status", status=500, times=99)
    with pytest.raises(ServerError):
        client.get_center()
    assert len(control.journal()) == client.retry.attempts


def test_post_is_never_retried_blindly(client: HelpCenterClient, control: EmulatorControl) -> None:
    control.add_fault(method="POST", path="/v0/centers/demo/articles", action="status", status=500)
    with pytest.raises(ServerError):
        client.create_article("x")
    assert len(control.journal()) == 1
    assert client.count_drafts() == 0


def test_dropped_connection_after_commit_loses_the_answer_not_the_change(
    client: HelpCenterClient, control: EmulatorControl
) -> None:
    control.add_fault(method="POST", path="/v0/centers/demo/articles", action="drop_after")
    with pytest.raises(ConnectionFailed):
        client.create_article("Created anyway")
    assert [d.title for d in client.list_drafts()] == ["Created anyway"]
    assert len(control.mutations()) == 1


def test_dropped_patch_before_commit_is_retried(
    client: HelpCenterClient, control: EmulatorControl
) -> None:
    draft = client.create_article("x")
    control.add_fault(
        method="PATCH", path="/v0/centers/demo/articles/*/draft", action="drop_before"
    )
    assert answered(client.update_draft(draft.id, title="y")).title == "y"
    assert [e["fault"] for e in control.mutations()[1:]] == ["drop_before", None]


def test_delete_whose_answer_was_lost_counts_as_done(
    client: HelpCenterClient, control: EmulatorControl
) -> None:
    draft = client.create_article("x")
    control.add_fault(method="DELETE", path="/v0/centers/demo/articles/*", action="drop_after")
    client.delete_article(draft.id)
    assert client.count_drafts() == 0


def test_latency_fault_delays_but_serves(
    client: HelpCenterClient, control: EmulatorControl
) -> None:
    control.add_fault(method="GET", path="/v0/centers/*", action="latency", latency_ms=200)
    start = time.monotonic()
    assert client.get_center().id == "demo"
    assert time.monotonic() - start >= 0.2


def test_nth_matching_call(client: HelpCenterClient, control: EmulatorControl) -> None:
    control.add_fault(
        method="POST", path="/v0/centers/demo/articles", action="status", status=500, nth=2
    )
    client.create_article("one")
    with pytest.raises(ServerError):
        client.create_article("two")
    client.create_article("three")
    assert [d.title for d in client.list_drafts()] == ["one", "three"]


def test_a_client_gone_during_latency_still_makes_its_change(
    emulator_url: str, control: EmulatorControl
) -> None:
    control.add_fault(path="/v0/centers/demo/articles", action="latency", latency_ms=300)
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(
            f"{emulator_url}/v0/centers/demo/articles",
            json={"title": "Sent before the client left"},
            headers={"Authorization": "Bearer demo-key"},
            timeout=0.05,
        )
    time.sleep(0.4)
    with make_client(emulator_url) as client:
        assert [d.title for d in client.list_drafts()] == ["Sent before the client left"]

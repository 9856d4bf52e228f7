"""One real emulator on loopback for the whole session; a clean center per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

import pytest
from hypothesis import settings

from hcsync.api import ApiSettings, HelpCenterClient, RetryPolicy, Secret
from hcsync.emulator.config import ALL_SCOPES, DEMO, RateLimit
from hcsync.emulator.control_client import EmulatorControl
from hcsync.emulator.inbox_config import DEMO_SUPPORT, DEMO_USERS
from hcsync.emulator.server import BackgroundServer
from tests.canary import Canary

# In CI, property tests draw the same examples every run: a failure there is a real one
# to reproduce, not a new random find (those come from local runs).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Tests run with the limit off unless they configure one; retries back off briefly.
FAST_RETRY = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.05)

TEST_CONFIG: dict[str, Any] = {
    "centers": [
        {
            "id": "demo",
            "name": "Demo Help Center",
            "domain": "demo.help.center",
            "default_language": "en",
            "additional_languages": ["de", "fr", "es"],
            # The conversations half: the demo team and a support channel.
            "users": [asdict(u) for u in DEMO_USERS],
            "support": {**asdict(DEMO_SUPPORT), "custom_address": "help@demo.example"},
        },
        {"id": "other", "domain": "other.help.center"},
        {"id": "blocked", "domain": "blocked.help.center", "blocked": True},
    ],
    "keys": [
        {"key": "demo-key", "center": "demo", "scopes": list(ALL_SCOPES)},
        {"key": "other-key", "center": "other"},
        {"key": "blocked-key", "center": "blocked"},
        {"key": "read-key", "center": "demo", "scopes": ["content.read"]},
        {"key": "write-key", "center": "demo", "scopes": ["content.read", "content.write"]},
        {"key": "inbox-read-key", "center": "demo", "scopes": ["conversation.read"]},
        {
            "key": "inbox-write-key",
            "center": "demo",
            "scopes": ["conversation.read", "conversation.write"],
            "owner": DEMO_USERS[1].id,
        },
    ],
    "rate_limit": "off",
}


@pytest.fixture(scope="session")
def emulator_url() -> Iterator[str]:
    config = DEMO.__class__(DEMO.centers, DEMO.keys, RateLimit(enabled=False))
    with BackgroundServer(config) as url:
        yield url


@pytest.fixture
def control(emulator_url: str) -> Iterator[EmulatorControl]:
    ctl = EmulatorControl(emulator_url)
    ctl.reset(TEST_CONFIG)
    yield ctl
    ctl.close()


def make_client(url: str, key: str = "demo-key", center: str = "demo") -> HelpCenterClient:
    settings = ApiSettings(api_url=url, center_id=center, api_key=Secret(key))
    return HelpCenterClient(settings, retry=FAST_RETRY)


@pytest.fixture
def client(emulator_url: str, control: EmulatorControl) -> Iterator[HelpCenterClient]:
    with make_client(emulator_url) as c:
        yield c


@pytest.fixture
def canary() -> Iterator[Canary]:
    """A loopback server that records what reaches it (see `tests/canary.py`)."""
    with Canary().running() as server:
        yield server

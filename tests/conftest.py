"""One real emulator on loopback for the whole session; a clean center per test."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
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

REPO = Path(__file__).resolve().parents[1]


def _repository_state() -> str:
    """Every file new to the checkout, ignored ones included (caches, locks). Files that
    git tracks are left out: a developer may be editing them while the tests run."""
    return subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "--", "content-example", "docs", "hcsync"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    ).stdout


def _new_files(status: str) -> set[str]:
    return {line for line in status.splitlines() if line[:2] in ("??", "!!")}


@pytest.fixture(scope="session", autouse=True)
def no_test_writes_into_the_repository() -> Iterator[None]:
    """Tests work on copies: a cache or a lock left in content-example/ fails the run."""
    before = _repository_state()
    yield
    written = _new_files(_repository_state()) - _new_files(before)
    written = {line for line in written if "__pycache__" not in line}
    assert not written, f"tests wrote into the repository: {sorted(written)}"


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

"""The planning core is pure: importing it loads neither httpx nor the client."""

from __future__ import annotations

import subprocess
import sys

PURE = [
    "hcsync.plan.planner",
    "hcsync.plan.views",
    "hcsync.plan.lock",
    "hcsync.plan.snapshot",
    "hcsync.plan.staleness",
    "hcsync.plan.saved",
    "hcsync.plan.subjects",
]


def test_the_planning_core_loads_no_http_client() -> None:
    probe = (
        f"import sys; import {', '.join(PURE)}; "
        "print(sorted(m for m in sys.modules if m == 'httpx' or m == 'hcsync.api.client'))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"


def test_the_engine_does_load_the_client() -> None:
    """The probe above can fail: the I/O side of the same pipeline loads both."""
    probe = "import sys, hcsync.sync.engine; print('httpx' in sys.modules)"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "True"

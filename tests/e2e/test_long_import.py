"""A first import longer than one CI job's time limit completes over several runs.

Against a rate-limited emulator, `hcsync apply` (a whole process) is stopped on a
timer — SIGKILL, or SIGTERM as a job's time limit sends it — and run again until it
finishes. Nothing is lost or repeated: no duplicate, no lease draft left, every article
created once, and the plan after it is empty. With the lock thrown away after each
stopped run (a CI job stopped before it commits the lock), too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.crash_checks import duplicates
from hcsync.emulator.control_client import EmulatorControl
from hcsync.plan.lease import is_lease
from hcsync.sync.lease import PROBE_ID
from hcsync.sync.lockfile import LOCK_NAME
from tests.conftest import TEST_CONFIG
from tests.e2e.conftest import Site

# 20 requests a second after a burst of 5: content-example's import (some 75 requests)
# takes about 4 s of pacing, so a run stopped 1.5 s after its first request never ends
# it. (The timer starts at the first request: a loaded machine's slow start-up would
# otherwise leave some runs no time to do anything.)
RATE = {"per_minute": 1200, "burst": 5}
TIME_LIMIT = 1.5
MOST_RUNS = 20


def stopped_on_a_timer(root: Path, control: EmulatorControl, stop: signal.Signals) -> bool:
    """Run `hcsync apply` until it ends or the time limit; True if it had to be stopped."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    command = [sys.executable, "-m", "hcsync.cli", "apply", str(root), "--yes"]
    before = len(control.journal())
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    while process.poll() is None and len(control.journal()) == before:
        time.sleep(0.02)
    try:
        _, err = process.communicate(timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        process.send_signal(stop)
        process.communicate()
        return True
    assert process.returncode == 0, err
    return False


@pytest.mark.parametrize(
    ("stop", "lock"),
    [
        (signal.SIGKILL, "kept"),
        (signal.SIGTERM, "kept"),
        (signal.SIGKILL, "lost"),
    ],
)
def test_an_import_stopped_at_its_time_limit_completes_over_several_runs(
    example: Site, stop: signal.Signals, lock: str
) -> None:
    example.control.reset(TEST_CONFIG | {"rate_limit": RATE})
    lock_path = example.root / LOCK_NAME
    runs = stopped = 0
    while runs < MOST_RUNS:
        runs += 1
        if not stopped_on_a_timer(example.root, example.control, stop):
            break
        stopped += 1
        if lock == "lost":
            lock_path.unlink(missing_ok=True)
    assert 2 <= stopped < runs, f"{stopped} of {runs} runs stopped"
    assert example.plan("--detailed-exitcode").code == 0
    assert sum(duplicates(example.client).values()) == 0
    drafts = list(example.client.list_drafts())
    assert [d.title for d in drafts if is_lease(d)] == []
    articles = [p for p in example.root.rglob("*.md") if p.stem.count(".") == 0]
    assert len(drafts) == len(articles)
    # Every article created once: each create answered is an article, or a lease that
    # some run deleted again (a stopped run's lease is deleted by the next run).
    journal = [e for e in example.control.journal() if 200 <= (e["status"] or 0) < 300]
    creates = [e for e in journal if e["method"] == "POST" and e["path"].endswith("/articles")]
    deletes = [
        e
        for e in journal
        if e["method"] == "DELETE" and "/articles/" in e["path"] and PROBE_ID not in e["path"]
    ]
    assert len(creates) - len(deletes) == len(articles)

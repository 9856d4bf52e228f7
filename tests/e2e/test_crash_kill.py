"""Crash safety (issue #8): benchmarks/crash_kill.py with a few runs per mode, seeded.

Each run breaks an apply of content-example (SIGKILL at a random write, the lock
thrown away, a write committed and its answer dropped, two applies racing), applies
once more and asserts what the issue demands: no duplicate, a readable lock, an
empty plan. The notes of failed runs say which write broke what.
"""

from __future__ import annotations

import pytest

from benchmarks.crash_checks import Tally
from benchmarks.crash_kill import run_modes

SEED = 8
LATENCY_MS = 20
RUNS = {"kill": 3, "lost-lock": 2, "drop-after": 2, "race": 1}


@pytest.fixture(scope="module")
def tallies() -> dict[str, dict[str, Tally]]:
    """Per profile, the tally of each mode: every mode runs once, on one emulator."""
    return {}


@pytest.mark.parametrize("mode", RUNS)
def test_broken_applies_leave_no_duplicate_and_converge(
    mode: str,
    profile: str,
    tallies: dict[str, dict[str, Tally]],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    if profile not in tallies:
        workdir = tmp_path_factory.mktemp(f"crash-{profile}")
        done, _findings = run_modes(RUNS, SEED, profile, LATENCY_MS, workdir)
        tallies[profile] = {t.mode: t for t in done}
    tally = tallies[profile][mode]
    assert tally.runs == RUNS[mode]
    assert tally.notes == [], f"seed {SEED}: {tally.failed_runs} of {tally.runs} runs failed"

"""What users see of the rate limit: the plan's estimate, apply's time left, the count."""

from __future__ import annotations

import re

import pytest

from hcsync import output
from tests.conftest import TEST_CONFIG
from tests.e2e.conftest import Site


def test_the_plan_says_how_long_the_apply_takes_at_the_limit(example: Site, profile: str) -> None:
    # 30 a minute, burst 10: the plan's 3 reads fit in the burst; content-example's
    # first import (68 operations) takes (68 - 10) / 0.5 = 116 s at that limit.
    slow = {"per_minute": 30, "burst": 10}
    example.control.reset(TEST_CONFIG | {"rate_limit": slow, "profile": profile})
    result = example.plan()
    assert result.code == 0, result.err
    assert "(3 read requests); at the rate limit, applying it takes about 2 min" in result.err


def test_no_estimate_when_the_apply_is_quick(example: Site) -> None:
    result = example.plan()
    assert "at the rate limit" not in result.err


def test_apply_counts_the_lease_in_its_summary(example: Site) -> None:
    result = example.apply()
    assert result.code == 0, result.err
    line = re.search(
        r"Applied (\d+) operations in (\d+) requests \((\d+) reads to plan, "
        r"(\d+) for the lease and its checks; (\d+) in all\)",
        result.err,
    )
    assert line is not None, result.err
    _, writes, reads, lease, total = (int(n) for n in line.groups())
    assert writes + reads + lease == total == len(example.control.journal())
    assert lease > 0


def test_progress_shows_the_time_left_from_the_pacing(capsys: pytest.CaptureFixture[str]) -> None:
    with output.progress(3, time_left=lambda steps: 30.0 * steps) as step:
        for name in ("one", "two", "three"):
            step(name)
    assert capsys.readouterr().err.splitlines() == [
        "[1/3] one (about 60 s left at the rate limit)",
        "[2/3] two (about 30 s left at the rate limit)",
        "[3/3] three",
    ]


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(12, "12 s"), (150, "2 min"), (3 * 3600 + 5 * 60, "3 h 05 min")],
)
def test_durations(seconds: float, said: str) -> None:
    assert output.duration(seconds) == said

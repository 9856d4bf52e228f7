"""The pacing rule on plain objects: the client's `Bucket` against the emulator's
token bucket, on a simulated clock with jittered latencies and several workers."""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import pytest

from hcsync.api.pacing import MAX_WAIT, Bucket, Limits, Ticket, reset_wait
from hcsync.emulator.config import RateLimit
from hcsync.emulator.ratelimit import RateLimiter as ServerBucket

NOW = 1_790_000_000.0  # a wall-clock moment in 2026


@dataclass
class Run:
    """What a simulated run of `requests` requests through `workers` workers gave."""

    seconds: float
    refused: int
    minimum: float


@dataclass(order=True)
class _Event:
    at: float
    seq: int
    worker: int = field(compare=False)
    ticket: Ticket | None = field(compare=False, default=None)
    headers: dict[str, str] | None = field(compare=False, default=None)  # None: arriving
    leaving: bool = field(compare=False, default=False)


def steady(rng: random.Random) -> tuple[float, float]:
    """To the server 0.2-1 ms (loopback), back 1-6 ms."""
    return rng.uniform(0.0002, 0.001), rng.uniform(0.001, 0.006)


def spiky(rng: random.Random) -> tuple[float, float]:
    """As the emulator's journal measured it on a loaded machine (benchmarks/rate_limit.py):
    each way 0.5-1 ms, one in ten 2-13 ms more (the server's or the client's thread paused)."""

    def way() -> float:
        return rng.uniform(0.0005, 0.001) + (rng.uniform(0.002, 0.013) if rng.random() < 0.1 else 0)

    return way(), way()


def simulate(
    shape: RateLimit,
    requests: int,
    workers: int,
    seed: int = 1,
    latency: Callable[[random.Random], tuple[float, float]] = steady,
) -> Run:
    """Workers that each send, wait for the answer and send again, until `requests` are done.

    Each request leaves 0.5-3 ms after the pacer let it go (a busy client; one in 50
    waits 20 ms more, preempted), reaches the server and comes back as `latency` says;
    the server is the emulator's own bucket.
    """
    rng = random.Random(seed)
    clock = [0.0]
    server = ServerBucket(shape, clock=lambda: clock[0])
    bucket = Bucket()
    events: list[_Event] = []
    seq = refused = 0
    to_send = requests
    returns: dict[Ticket, float] = {}

    def push(
        at: float, worker: int, ticket: Ticket | None = None, leaving: bool = False, **headers: str
    ) -> None:
        nonlocal seq
        seq += 1
        heapq.heappush(events, _Event(at, seq, worker, ticket, headers or None, leaving))

    for worker in range(workers):
        push(0.0, worker)
    while events:
        event = heapq.heappop(events)
        clock[0] = event.at
        if event.ticket is not None and event.leaving:  # the request leaves the client
            bucket.written(event.at, event.ticket)
            there, back = latency(rng)
            push(event.at + there, event.worker, event.ticket)
            returns[event.ticket] = back
        elif event.ticket is not None and event.headers is None:  # reaches the server
            allowed, headers = server.take("key")
            answer = {k.lower(): v for k, v in headers.items()}
            answer["status"] = "200" if allowed else "429"
            back = returns.pop(event.ticket)
            push(event.at + back, event.worker, event.ticket, False, **answer)
        elif event.ticket is not None and event.headers is not None:  # its answer is back
            bucket.answer(event.at, event.ticket, Limits.of(event.headers, NOW))
            if event.headers["status"] == "429":
                refused += 1
                to_send += 1
                # The emulator names its reset in whole seconds: wait only for a token.
                bucket.refused(event.at, Limits(reset_wait=0.0))
            push(event.at, event.worker)
        elif to_send > 0:
            wait = bucket.send(event.at)
            if wait > 0:
                push(event.at + wait, event.worker)
                continue
            to_send -= 1
            ticket = bucket.ticket(event.at)
            delay = rng.uniform(0.0005, 0.003) + (0.02 if rng.random() < 0.02 else 0.0)
            push(event.at + delay, event.worker, ticket, leaving=True)
    minimum = max(0, requests - shape.burst) / (shape.per_minute / 60)
    return Run(seconds=clock[0], refused=refused, minimum=minimum)


SHAPES = [RateLimit(100, 200), RateLimit(1200, 1), RateLimit(600, 10)]


@pytest.mark.parametrize("latency", [steady, spiky])
@pytest.mark.parametrize("workers", [1, 4])
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{s.per_minute}-per-min-burst-{s.burst}")
def test_paces_at_the_limit_without_a_refusal(
    shape: RateLimit, workers: int, latency: Callable[[random.Random], tuple[float, float]]
) -> None:
    requests = shape.burst + shape.per_minute // 4  # a quarter-minute beyond the burst
    runs = [simulate(shape, requests, workers, seed, latency) for seed in range(1, 4)]
    assert [run.refused for run in runs] == [0, 0, 0]
    # A bucket of one holds no slack: every request pays its own lateness in reaching
    # the server, which the client sees only as a slower round trip (the way there and
    # the way back are one to it), on top of the 2 % it keeps for what it cannot see.
    slack = 1.10 if shape.burst == 1 else 1.05
    for run in runs:
        assert run.minimum <= run.seconds <= run.minimum * slack


def test_an_estimate_at_zero_rises_when_the_server_counts_more() -> None:
    bucket = Bucket()
    ticket = _sent(bucket, 0.0)
    bucket.answer(0.01, ticket, Limits(per_minute=60, remaining=0))
    assert bucket.send(0.01) > 0.9  # empty: about a second to the next token
    ticket = Ticket(sent_at=0.5, answered_before=1)
    bucket.sent += 1
    # Another answer says 150 are left (the bucket was refilled meanwhile, e.g. the
    # limit was raised): the server's count wins over our own zero.
    bucket.answer(0.6, ticket, Limits(per_minute=60, remaining=150))
    assert bucket.send(0.6) == 0.0
    assert bucket.tokens is not None and bucket.tokens >= 148


def test_the_estimate_refills_with_time_and_never_waits_for_a_full_bucket() -> None:
    bucket = Bucket()
    ticket = _sent(bucket, 0.0)
    full_in_two_minutes = Limits(per_minute=100, remaining=0, reset_wait=120.0)
    bucket.answer(0.0, ticket, full_in_two_minutes)
    wait = bucket.send(0.0)
    assert 0.6 <= wait <= 0.62  # one token at 100/minute, not the reset two minutes away
    assert bucket.send(wait) == 0.0


def test_an_optimistic_estimate_falls_to_the_servers_count() -> None:
    bucket = Bucket()
    ticket = _sent(bucket, 0.0)
    bucket.answer(0.01, ticket, Limits(per_minute=60, remaining=50))
    ticket = _sent(bucket, 0.02)
    # Someone else spends the same key: the server has 3 left where we counted 49.
    bucket.answer(0.03, ticket, Limits(per_minute=60, remaining=3))
    assert bucket.tokens is not None and bucket.tokens <= 3.1


def test_the_first_answer_goes_alone() -> None:
    bucket = Bucket()
    assert bucket.send(0.0) == 0.0
    assert bucket.send(0.0) > 0  # the second waits to learn the limit
    bucket.answer(0.01, bucket.ticket(0.0), Limits(per_minute=100, remaining=199))
    assert bucket.send(0.01) == 0.0


def test_no_more_requests_in_flight_than_the_bucket_holds() -> None:
    bucket = Bucket()
    ticket = _sent(bucket, 0.0)
    bucket.answer(0.002, ticket, Limits(per_minute=1200, remaining=0))  # a bucket of one
    assert bucket.send(0.06) == 0.0  # its token is due: it goes, and its answer is late
    assert bucket.send(0.12) > 0  # a token is due again, but one is still on its way
    bucket.answer(0.125, bucket.ticket(0.06), Limits(per_minute=1200, remaining=0))
    assert bucket.send(0.2) == 0.0


def test_a_slow_round_trip_puts_the_next_token_later() -> None:
    bucket = Bucket()
    ticket = _sent(bucket, 0.0)
    bucket.answer(0.002, ticket, Limits(per_minute=1200, remaining=0))
    assert bucket.send(0.06) == 0.0
    # 12 ms instead of 2: perhaps it reached the server 10 ms late, and took its token then.
    bucket.answer(0.072, bucket.ticket(0.06), Limits(per_minute=1200, remaining=0))
    assert bucket.send(0.06 + 0.055) > 0  # a token 51 ms on would be due by now
    assert bucket.send(0.06 + 0.062) == 0.0


def test_a_server_without_limits_is_not_paced() -> None:
    bucket = Bucket()
    ticket = _sent(bucket, 0.0)
    bucket.answer(0.01, ticket, Limits())
    assert [bucket.send(0.01) for _ in range(50)] == [0.0] * 50


def test_a_refusal_blocks_every_sender_then_a_second_waits_for_the_reset_never_beyond_the_cap() -> (
    None
):
    bucket = Bucket()
    bucket.answer(0.0, _sent(bucket, 0.0), Limits(per_minute=100, remaining=5))
    ten_years = Limits(reset_wait=10 * 365 * 86400.0)
    first = bucket.refused(1.0, ten_years)
    assert first == pytest.approx(60 / 100 / 0.98 / 0.995)  # one token: a bucket has it by then
    assert bucket.send(1.0 + first / 2) == pytest.approx(first / 2)  # every sender waits
    assert bucket.refused(2.0, ten_years, again=True) == MAX_WAIT
    assert bucket.send(3.0) == pytest.approx(MAX_WAIT - 1.0)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (str(int(NOW) + 30), 30.0),  # Unix seconds
        (str(int(NOW * 1000) + 30_000), 30.0),  # Unix milliseconds
        ("30", 30.0),  # seconds to wait
        ("Tue, 29 Sep 2026 14:13:50 GMT", None),  # an HTTP date (checked below)
        (str(int(NOW) - 30), 0.0),  # a reset in the past: no wait
        ("soon", None),
        ("", None),
        ("nan", None),
    ],
)
def test_reset_formats(value: str, seconds: float | None) -> None:
    if value.endswith("GMT"):
        at = parsedate_to_datetime(value).timestamp()
        assert reset_wait(value, at - 42) == pytest.approx(42.0)
        return
    assert reset_wait(value, NOW) == (None if seconds is None else pytest.approx(seconds))


def test_how_long_requests_take_at_the_limit() -> None:
    bucket = Bucket()
    bucket.answer(0.0, _sent(bucket, 0.0), Limits(per_minute=100, remaining=199))
    assert bucket.seconds_for(199) == 0.0
    assert bucket.seconds_for(299) == pytest.approx(60.0)


def _sent(bucket: Bucket, now: float) -> Ticket:
    assert bucket.send(now) == 0.0
    return bucket.ticket(now)

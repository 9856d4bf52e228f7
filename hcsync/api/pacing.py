"""Pacing and retries: stay under the rate limit, survive transient failures.

The limit is a token bucket: a burst, then a refill of `X-RateLimit-Limit` per
minute. `Bucket` models the server's bucket from our side (pure, on a clock it
is given): it spends a token for each request sent, refills at the server's rate
(a little slower, for the jitter between our clock and the server's), and on
every answer it is brought back between what `X-RateLimit-Remaining` proves and
what it allows. So it never trusts its own zero over the server's count, and it
never waits for the server's "bucket full" reset: only for the next token.

`RateLimiter` is the thread-safe wrapper the client calls around each request;
after a 429 it waits for the next token, and after a second one for the request
until `X-RateLimit-Reset` (Unix seconds or milliseconds, seconds to wait, or an HTTP
date), never longer than `MAX_WAIT`.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

# The limit is per minute: no single wait is ever longer than that and a bit.
MAX_WAIT = 65.0
# Refill assumed, as a share of the server's: what jitter between clocks costs;
# each 429 makes it a little slower (_SLOWER), never below _SAFEST.
_SAFETY = 0.98
_SLOWER = 0.995
_SAFEST = 0.95
# How many recent delays between "go" and the request leaving are remembered.
_DELAYS_KEPT = 32
# Until this many are seen, the shortest is not known (the first round trip also set up
# the connection): all of a delay or round trip may have been lateness.
_SEEN_ENOUGH = 8
# Below this, a token short is a rounding error, not a reason to wait.
_ROUNDING = 1e-6
# How long a request waits for an answer in flight to tell where the bucket stands.
_ANSWER_WAIT = 0.005
# A reset above this is a Unix time in milliseconds (in seconds, it is the year 5138).
_MILLIS_THRESHOLD = 100_000_000_000
# A reset above this is a Unix time in seconds (as seconds to wait, it is 31 years).
_EPOCH_THRESHOLD = 1_000_000_000


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry."""

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 20.0
    max_rate_limit_waits: int = 6

    def delay(self, attempt: int) -> float:
        """Full-jitter exponential backoff for the given (1-based) retry."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return random.uniform(ceiling / 2, ceiling)


@dataclass(frozen=True)
class Ticket:
    """One request sent: when, and how many answers had come back by then."""

    sent_at: float
    answered_before: int
    tokens_before: float = 0.0  # what the model held before this request took one


@dataclass(frozen=True)
class Limits:
    """What one answer said about the bucket (None: the header was absent or unreadable)."""

    per_minute: int | None = None
    remaining: int | None = None
    reset_wait: float | None = None  # seconds from now

    @classmethod
    def of(cls, headers: Mapping[str, str], now: float) -> Limits:
        """Read `X-RateLimit-*`; `now` is the wall clock (for a reset given as a date)."""
        return cls(
            per_minute=_int(headers.get("x-ratelimit-limit")),
            remaining=_int(headers.get("x-ratelimit-remaining")),
            reset_wait=reset_wait(headers.get("x-ratelimit-reset"), now),
        )


def reset_wait(value: str | None, now: float) -> float | None:
    """Seconds until `X-RateLimit-Reset`, whatever its format (None: absent or unreadable)."""
    if value is None or not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        return _date_wait(value, now)
    if number != number or number in (float("inf"), float("-inf")):
        return None
    if number > _MILLIS_THRESHOLD:
        return max(0.0, number / 1000 - now)
    if number > _EPOCH_THRESHOLD:
        return max(0.0, number - now)
    return max(0.0, number)


def _date_wait(value: str, now: float) -> float | None:
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return None  # an HTTP date is always in GMT; anything else is not one
    return max(0.0, moment.timestamp() - now)


class Bucket:
    """The server's token bucket as seen from here; pure: every method is told the time.

    `tokens` is what is left after every request sent so far, answered or not.
    """

    def __init__(self) -> None:
        self.rate: float | None = None  # tokens per second, once the server said its limit
        self.capacity = 1.0  # the most the bucket was proven to hold
        self.tokens: float | None = None  # unknown until the first answer
        self.stamp = 0.0  # when `tokens` was last brought up to date
        self.blocked_until = 0.0  # after a 429: nobody sends before this
        self.sent = 0
        self.answered = 0
        self.informed = False  # an answer has come back (with or without headers)
        self.safety = _SAFETY
        self.delays: deque[float] = deque(maxlen=_DELAYS_KEPT)  # pacer → request leaving
        self.round_trips: deque[float] = deque(maxlen=_DELAYS_KEPT)  # pacer → answer back
        self._taken_back: dict[Ticket, float] = {}  # by `written`, of requests not yet answered

    def send(self, now: float) -> float:
        """0: send now (a token is spent); else how many seconds to wait first."""
        if now < self.blocked_until:
            return self.blocked_until - now
        if not self.informed and self.sent > self.answered:
            return _ANSWER_WAIT  # the first answer tells the limit: one request goes alone
        if self.rate is not None and self.sent - self.answered >= self.capacity:
            # More in flight than the bucket holds could reach it at once (a pause on the
            # way bunches them up): the next one waits for an answer.
            return _ANSWER_WAIT
        if self.rate is not None and self.tokens is not None:
            self._refill(now)
            if self.tokens < 1 - _ROUNDING:
                return max(_ROUNDING, (1 - self.tokens) / (self.rate * self.safety))
            self.tokens -= 1
        self.sent += 1
        return 0.0

    def ticket(self, now: float) -> Ticket:
        before = 0.0 if self.tokens is None else self.tokens + 1
        return Ticket(sent_at=now, answered_before=self.answered, tokens_before=before)

    def written(self, now: float, ticket: Ticket) -> None:
        """The request left only now, later than the model spent its token: a bucket
        that was full meanwhile refilled nothing, so what the model counted beyond the
        capacity is taken back. (A tight bucket's pace then follows when requests
        really leave, not when they were let go.)"""
        delay = max(0.0, now - ticket.sent_at)
        self.delays.append(delay)
        if self.rate is None or self.tokens is None:
            return
        self._refill(now)
        # The shortest recent delay, every request has too: only the rest is late.
        late = self._beyond_capacity(ticket, _lateness(self.delays))
        self.tokens -= late
        self._taken_back[ticket] = late

    def _beyond_capacity(self, ticket: Ticket, late: float) -> float:
        """Tokens the model counted for `late` seconds in which the bucket may have been full."""
        assert self.rate is not None
        return max(0.0, ticket.tokens_before + late * self.rate * self.safety - self.capacity)

    def answer(self, now: float, ticket: Ticket, limits: Limits) -> None:
        """An answer came back: bring the estimate between what the server's count allows."""
        self.answered += 1
        self.informed = True
        taken_back = self._taken_back.pop(ticket, 0.0)
        if limits.per_minute is not None and limits.per_minute > 0:
            self.rate = limits.per_minute / 60.0
        if limits.remaining is None or self.rate is None:
            return
        self.round_trips.append(now - ticket.sent_at)
        self.capacity = max(self.capacity, limits.remaining + 1.0)
        # Sent since this one was, or answered after it was sent: perhaps not yet counted.
        uncounted = self.sent - 1 - ticket.answered_before
        lowest = limits.remaining - uncounted
        highest = limits.remaining + 1 + (now - ticket.sent_at) * self.rate
        if self.tokens is None:
            self.tokens, self.stamp = float(lowest), now
            return
        self._refill(now)
        if self.tokens < lowest or self.tokens > highest:
            self.tokens = float(lowest)  # the server's count wins over our own
        # A round trip slower than the fastest recent one may have reached the server late
        # (the loopback or the network paused it): a bucket that was full meanwhile took
        # its token only then, and its next token comes that much later.
        late = _lateness(self.round_trips)
        self.tokens -= max(0.0, self._beyond_capacity(ticket, late) - taken_back)

    def refused(self, now: float, limits: Limits, again: bool = False) -> float:
        """A 429: nothing left. How long every sender waits (never more than `MAX_WAIT`).

        A token bucket has its next token within one refill interval, however far away
        the reset it names (the emulator's, "when allowed", is rounded up to the second):
        the first refusal of a request waits that long. Refused `again`, the request
        waits for the reset the server named, as a server with a fixed window needs.
        Each refusal also paces a little slower from then on: the clocks jitter more
        than was allowed for.
        """
        next_token = 1.0
        if self.rate is not None:
            self._refill(now)
            self.tokens = min(self.tokens or 0.0, 0.0)
            self.safety = max(_SAFEST, self.safety * _SLOWER)
            next_token = 1 / (self.rate * self.safety)
        named = limits.reset_wait
        if named is None or (self.rate is not None and not again):
            named = next_token if named is None else min(named, next_token)
        wait = min(MAX_WAIT, max(named, 0.01))
        self.blocked_until = max(self.blocked_until, now + wait)
        return wait

    def seconds_for(self, requests: int) -> float:
        """How long `requests` more take at the limit, from where the bucket stands."""
        if self.rate is None:
            return 0.0
        beyond = requests - max(0.0, self.tokens or 0.0)
        return max(0.0, beyond) / self.rate

    def seconds_at_limit(self, requests: int) -> float:
        """How long `requests` take at the limit from a full bucket (as a later apply finds it)."""
        if self.rate is None:
            return 0.0
        return max(0.0, requests - self.capacity) / self.rate

    def _refill(self, now: float) -> None:
        assert self.tokens is not None and self.rate is not None
        refill = max(0.0, now - self.stamp) * self.rate * self.safety
        self.tokens = min(self.capacity, self.tokens + refill)
        self.stamp = now


class RateLimiter:
    """The `Bucket`, shared by every thread of one client, on the real clocks."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.bucket = Bucket()
        self._clock = clock
        self._sleep = sleep
        self._wall = wall
        self._lock = threading.Lock()
        self.waited = 0.0

    def before_request(self) -> Ticket:
        """Wait until the bucket has a token for this request; the ticket goes with it."""
        while True:
            with self._lock:
                now = self._clock()
                wait = self.bucket.send(now)
                if wait <= 0:
                    return self.bucket.ticket(now)
            self._pause(wait)

    def written(self, ticket: Ticket) -> None:
        """The request is on its way now (see `Bucket.written`)."""
        with self._lock:
            self.bucket.written(self._clock(), ticket)

    def after_response(self, ticket: Ticket, headers: Mapping[str, str]) -> None:
        """Called once per request sent, with its answer's headers (none if it failed)."""
        with self._lock:
            self.bucket.answer(self._clock(), ticket, Limits.of(headers, self._wall()))

    def wait_for_reset(self, headers: Mapping[str, str], again: bool = False) -> float:
        """After a 429: wait as `Bucket.refused` says (capped); the seconds waited."""
        with self._lock:
            limits = Limits.of(headers, self._wall())
            wait = self.bucket.refused(self._clock(), limits, again)
        self._pause(wait)
        return wait

    def seconds_for(self, requests: int) -> float:
        with self._lock:
            return self.bucket.seconds_for(requests)

    def seconds_at_limit(self, requests: int) -> float:
        with self._lock:
            return self.bucket.seconds_at_limit(requests)

    def _pause(self, seconds: float) -> None:
        self.waited += seconds
        self._sleep(seconds)


def _lateness(samples: deque[float]) -> float:
    """How much longer the newest delay (or round trip) is than the shortest recent one."""
    if len(samples) < _SEEN_ENOUGH:
        return samples[-1]
    return samples[-1] - min(samples)


def _int(value: str | None) -> int | None:
    try:
        return None if value is None else int(float(value))
    except (ValueError, OverflowError):
        return None

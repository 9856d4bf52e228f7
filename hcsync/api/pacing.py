"""Pacing and retries: stay under the rate limit, survive transient failures.

The server tells us where we stand on every response (`X-RateLimit-Limit`,
`-Remaining`, `-Reset`); the limiter remembers it and makes the next request
wait until the reset when nothing is left, so hcsync never sends a request that
it knows will be refused. Retries back off exponentially with full jitter.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

# A reset value this small is a number of seconds to wait, not a Unix time.
_EPOCH_THRESHOLD = 1_000_000_000
# How long to wait for an answer in flight to tell where the bucket stands.
_ANSWER_WAIT = 0.02


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry."""

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 20.0
    max_rate_limit_waits: int = 10

    def delay(self, attempt: int) -> float:
        """Full-jitter exponential backoff for the given (1-based) retry."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return random.uniform(ceiling / 2, ceiling)


class RateLimiter:
    """Remembers the server's rate-limit headers and waits before an empty bucket."""

    def __init__(
        self,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self.limit: int | None = None
        self.remaining: int | None = None
        self.reset_at: float | None = None
        self.in_flight = 0  # requests sent whose answer has not come back
        self.waited = 0.0

    def before_request(self) -> None:
        """Wait while what is left is already promised to requests under way.

        With nothing left, wait for the reset; once it has passed, one request goes
        alone to learn where the bucket stands, and the others wait for its answer.
        """
        while True:
            with self._lock:
                wait = self._wait_needed()
                if wait <= 0:
                    self.in_flight += 1
                    if self.remaining is not None:
                        self.remaining -= 1
                    return
                refilled = self.remaining is not None and wait > _ANSWER_WAIT
            self._pause(wait)
            if refilled:
                with self._lock:
                    self.remaining = None  # the reset came: the next answer says how much is left

    def after_response(self, headers: Mapping[str, str]) -> None:
        """Called once per request sent, with its answer's headers (none if it failed)."""
        with self._lock:
            self.in_flight = max(0, self.in_flight - 1)
            self._read(headers)

    def wait_for_reset(self, headers: Mapping[str, str]) -> None:
        """After a 429: wait until the reset the server named (at least a moment)."""
        with self._lock:
            self._read(headers)
            wait = (self.reset_at or self._clock()) - self._clock()
            self.remaining = None
        self._pause(max(wait, 0.05) + random.uniform(0, 0.1))

    def _read(self, headers: Mapping[str, str]) -> None:
        self.limit = _int(headers.get("x-ratelimit-limit"), self.limit)
        remaining = _int(headers.get("x-ratelimit-remaining"), None)
        if remaining is not None:
            # The answer may predate requests still under way (count them as spent), and
            # answers may arrive out of order: until a reset, the estimate only goes down.
            estimate = remaining - self.in_flight
            self.remaining = estimate if self.remaining is None else min(self.remaining, estimate)
        reset = _float(headers.get("x-ratelimit-reset"))
        if reset is not None:
            self.reset_at = reset if reset > _EPOCH_THRESHOLD else self._clock() + reset

    def _wait_needed(self) -> float:
        if self.remaining is None or self.remaining > 0:
            return 0.0
        until_reset = (self.reset_at or 0.0) - self._clock()
        if until_reset > 0:
            return until_reset
        return 0.0 if self.in_flight == 0 else _ANSWER_WAIT

    def _pause(self, seconds: float) -> None:
        self.waited += seconds
        self._sleep(seconds)


def _int(value: str | None, default: int | None) -> int | None:
    try:
        return default if value is None else int(float(value))
    except ValueError:
        return default


def _float(value: str | None) -> float | None:
    try:
        return None if value is None else float(value)
    except ValueError:
        return None

"""A token bucket per API key: `per_minute` refill, `burst` capacity."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from hcsync.emulator.behaviour import ResetFormat
from hcsync.emulator.config import RateLimit


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    def __init__(
        self,
        limit: RateLimit,
        clock: Callable[[], float] = time.time,
        reset: ResetFormat = ResetFormat.UNIX_SECONDS,
    ) -> None:
        self.limit, self.reset = limit, reset
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def take(self, key: str) -> tuple[bool, dict[str, str]]:
        """Spend one token for `key`; returns (allowed, the X-RateLimit-* headers)."""
        if not self.limit.enabled:
            return True, {}
        now = self._clock()
        rate = self.limit.per_minute / 60.0
        bucket = self._buckets.setdefault(key, _Bucket(float(self.limit.burst), now))
        bucket.tokens = min(self.limit.burst, bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        allowed = bucket.tokens >= 1
        if allowed:
            bucket.tokens -= 1
        # Reset: when the next request is allowed again (empty bucket), else when it is full.
        missing = 1 - bucket.tokens if bucket.tokens < 1 else self.limit.burst - bucket.tokens
        headers = {
            "X-RateLimit-Limit": str(self.limit.per_minute),
            "X-RateLimit-Remaining": str(max(0, math.floor(bucket.tokens))),
            "X-RateLimit-Reset": self.reset.spell(now + missing / rate, now),
        }
        return allowed, headers

    def clear(self) -> None:
        self._buckets.clear()

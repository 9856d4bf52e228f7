"""How this server behaves where the API documentation is silent (`server:` in the config).

    server:
      writes: resource      # resource | envelope | bare | empty: the answer of the nine
                            # writes the documentation shows no answer for
      list_lag_ms: 0        # lists and counts show an article this long after its creation
      slugs: kept           # kept | unique: `unique` never gives a slug twice in a center
                            # (deleted articles' included): `x` becomes `x-2`, `x-3`, …
      rate_reset: unix-seconds  # how X-RateLimit-Reset says when: unix-seconds |
                            # unix-milliseconds | seconds (to wait) | http-date

Each is a plausible real server; hcsync must converge on every one of them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import formatdate
from enum import StrEnum
from typing import Any


class Writes(StrEnum):
    """What an undocumented write answers on success."""

    RESOURCE = "resource"  # the resource, as the emulator always did
    ENVELOPE = "envelope"  # {"success": true, "data": <the resource>} (the image upload's style)
    BARE = "bare"  # {"success": true}
    EMPTY = "empty"  # 204, no body


class Slugs(StrEnum):
    KEPT = "kept"
    UNIQUE = "unique"


class ResetFormat(StrEnum):
    """How `X-RateLimit-Reset` names the moment the limit resets."""

    UNIX_SECONDS = "unix-seconds"
    UNIX_MILLISECONDS = "unix-milliseconds"
    SECONDS = "seconds"  # to wait from now
    HTTP_DATE = "http-date"

    def spell(self, when: float, now: float) -> str:
        if self is ResetFormat.UNIX_MILLISECONDS:
            return str(math.ceil(when * 1000))
        if self is ResetFormat.SECONDS:
            return str(math.ceil(when - now))
        if self is ResetFormat.HTTP_DATE:
            return formatdate(math.ceil(when), usegmt=True)
        return str(math.ceil(when))


_SETTINGS = ("writes", "list_lag_ms", "slugs", "rate_reset")


@dataclass(frozen=True)
class Behaviour:
    writes: Writes = Writes.RESOURCE
    list_lag_ms: int = 0
    slugs: Slugs = Slugs.KEPT
    rate_reset: ResetFormat = ResetFormat.UNIX_SECONDS

    @classmethod
    def from_mapping(cls, data: Any) -> Behaviour:
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise ValueError(f"server must be a mapping of {', '.join(_SETTINGS)}")
        unknown = set(data) - set(_SETTINGS)
        if unknown:
            raise ValueError(f"unknown server setting {sorted(unknown)[0]!r}")
        lag = int(data.get("list_lag_ms", 0))
        if lag < 0:
            raise ValueError("list_lag_ms must be 0 or more")
        return cls(
            Writes(data.get("writes", "resource")),
            lag,
            Slugs(data.get("slugs", "kept")),
            ResetFormat(data.get("rate_reset", "unix-seconds")),
        )

    def visible(self, created_at: str, now: datetime | None = None) -> bool:
        """Whether a list shows something created at `created_at` yet."""
        if not self.list_lag_ms:
            return True
        created = datetime.fromisoformat(created_at.replace("Z", "+00:00"))
        return (now or datetime.now(UTC)) - created >= timedelta(milliseconds=self.list_lag_ms)


# The writes whose answer the documentation does not show (method, path under the center).
_A = r"/v0/centers/[^/]+/articles/[^/]+"
_T = _A + r"/translations/[^/]+"
_UNDOCUMENTED = [
    ("PATCH", re.compile(_A + r"/draft")),
    ("PATCH", re.compile(_A + r"/metadata")),
    ("POST", re.compile(_A + r"/(publish|unpublish|draft/discard)")),
    ("PATCH", re.compile(_T + r"/(draft|metadata)")),
    ("POST", re.compile(_T + r"/(publish|unpublish)")),
]


def undocumented_write(method: str, path: str) -> bool:
    return any(m == method and pattern.fullmatch(path) for m, pattern in _UNDOCUMENTED)


def rewritten(writes: Writes, body: bytes) -> tuple[int, bytes]:
    """The status and body this server answers instead of 200 with `body`."""
    if writes is Writes.EMPTY:
        return 204, b""
    if writes is Writes.BARE:
        return 200, b'{"success":true}'
    return 200, b'{"success":true,"data":' + body + b"}"


@dataclass
class SlugBook:
    """Every slug given in a center, per language (None: the root), for `slugs: unique`."""

    given: dict[tuple[str, str | None], dict[str, str]] = field(default_factory=dict)

    def assign(self, center: str, language: str | None, owner: str, wanted: str) -> str:
        """`wanted` if no other page ever had it, else the first free `wanted-N`."""
        book = self.given.setdefault((center, language), {})
        slug, n = wanted, 1
        while book.get(slug, owner) != owner:
            n += 1
            slug = f"{wanted}-{n}"
        book[slug] = owner
        return slug

    def clear(self) -> None:
        self.given.clear()

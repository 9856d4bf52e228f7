"""The apply lease: how two applies on one center agree that only one of them runs.

The API has no lock, so the lease is an unpublished draft article whose title
says who holds it and until when. An apply creates its lease, then lists the
leases, and goes ahead only if it sees no other live one; otherwise it deletes
its own, waits, and tries again after a random pause. Of two applies that
create their leases at the same moment, the one that lists last sees the
other's — whatever the timestamps say — so they never both go ahead (at worst
both step back once). Readers never see a lease (it is never published); plan
and pull ignore it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from hcsync.api.models import Article

PREFIX = "hcsync apply lease"
TTL = timedelta(minutes=5)
BODY = (
    "<p>Held by a running <code>hcsync apply</code>; it deletes this draft when it ends. "
    "If no apply is running, this draft can be deleted.</p>"
)


class LeaseTitle(NamedTuple):
    expires: datetime
    holder: str

    def __str__(self) -> str:
        return f"{PREFIX} until {self.expires.strftime('%Y-%m-%dT%H:%M:%SZ')} by {self.holder}"


def new_title(holder: str, now: datetime) -> str:
    return str(LeaseTitle(now + TTL, holder))


def is_lease(draft: Article) -> bool:
    return draft.title.startswith(PREFIX) and draft.status == "unpublished"


def parse(title: str) -> LeaseTitle | None:
    words = title[len(PREFIX) :].split()
    if not title.startswith(PREFIX) or len(words) < 4 or words[0] != "until":
        return None
    try:
        expires = datetime.strptime(words[1], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
    return LeaseTitle(expires, " ".join(words[3:]))


def blocking(
    mine: Article, leases: list[Article], now: datetime, dead: Callable[[str], bool]
) -> Article | None:
    """Another live lease, if there is one (the oldest); `dead(holder)` knows a gone holder."""
    for other in sorted(leases, key=lambda a: (a.created_at, a.id)):
        title = parse(other.title)
        live = title is not None and title.expires > now and not dead(title.holder)
        if other.id != mine.id and live:
            return other
    return None

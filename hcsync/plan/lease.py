"""The apply lease: how two applies on one center agree that only one of them runs.

The API has no lock, so the lease is an unpublished draft article whose title
says who holds it and until when. An apply creates its lease, then lists the
leases, and goes ahead only if it sees no other live one; otherwise it deletes
its own, waits, and tries again after a random pause. Of two applies that
create their leases at the same moment, the one that lists last sees the
other's — whatever the timestamps say — so they never both go ahead (at worst
both step back once). A list may lag writes: an apply judges only a list that
shows its own lease, and so everything created before it. Readers never see a
lease (it is never published); plan, pull and check ignore it.

A lease is dead — it blocks nothing, and the next apply deletes it — when its
expiry has passed, when its expiry is further away than the longest lease hcsync
writes (`TTL`, plus a minute for clocks that disagree), or when its holder is a
process of this machine that has ended.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from hcsync.api.models import Article
from hcsync.statuses import RemoteStatus

PREFIX = "hcsync apply lease"
TTL = timedelta(minutes=5)
SKEW = timedelta(minutes=1)  # how far two machines' clocks may disagree
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
    return draft.title.startswith(PREFIX) and draft.status is RemoteStatus.UNPUBLISHED


def parse(title: str) -> LeaseTitle | None:
    words = title[len(PREFIX) :].split()
    if not title.startswith(PREFIX) or len(words) < 4 or words[0] != "until":
        return None
    try:
        expires = datetime.strptime(words[1], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
    return LeaseTitle(expires, " ".join(words[3:]))


def is_live(lease: Article, now: datetime, dead: Callable[[str], bool]) -> bool:
    """Held by a running apply: expiry ahead (but no further than a lease can be), holder alive."""
    title = parse(lease.title)
    if title is None:
        return False
    return now < title.expires <= now + TTL + SKEW and not dead(title.holder)


def blocking(
    mine: Article, leases: list[Article], now: datetime, dead: Callable[[str], bool]
) -> Article | None:
    """Another live lease, if there is one (the oldest); `dead(holder)` knows a gone holder."""
    for other in sorted(leases, key=lambda a: (a.created_at, a.id)):
        if other.id != mine.id and is_live(other, now, dead):
            return other
    return None


def leftovers(
    mine: Article, leases: list[Article], now: datetime, dead: Callable[[str], bool]
) -> list[Article]:
    """The other leases no running apply holds: to delete."""
    return [lease for lease in leases if lease.id != mine.id and not is_live(lease, now, dead)]

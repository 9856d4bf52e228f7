"""Which lease blocks an apply: pure rules on plain drafts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hcsync.api.models import Article
from hcsync.plan.lease import SKEW, TTL, blocking, is_lease, leftovers, new_title, parse
from hcsync.statuses import RemoteStatus
from tests.plan.builders import draft, page

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def lease(article_id: str, holder: str, made: datetime, created: str = "t") -> Article:
    base = draft(article_id, page("x/a.md", "A"))
    return replace(
        base, title=new_title(holder, made), status=RemoteStatus.UNPUBLISHED, created_at=created
    )


def alive(_: str) -> bool:
    return False


def test_a_lease_title_round_trips_and_is_never_an_article() -> None:
    mine = lease("art_1", "host:42", NOW)
    assert is_lease(mine)
    assert parse(mine.title) == (NOW + TTL, "host:42")
    assert not is_lease(replace(mine, status=RemoteStatus.PUBLISHED))
    assert parse("hcsync apply lease until soon") is None


def test_any_other_live_lease_blocks_whatever_its_timestamp() -> None:
    mine = lease("art_1", "a:1", NOW, created="t2")
    later = lease("art_2", "b:2", NOW, created="t3")  # listed late: still blocks
    assert blocking(mine, [mine, later], NOW, alive) == later
    assert blocking(mine, [mine], NOW, alive) is None


def test_an_expired_or_dead_lease_blocks_nothing() -> None:
    mine = lease("art_1", "a:1", NOW)
    old = lease("art_2", "b:2", NOW - TTL - timedelta(seconds=1))
    assert blocking(mine, [mine, old], NOW, alive) is None
    other = lease("art_3", "here:99", NOW)
    assert blocking(mine, [mine, other], NOW, lambda holder: holder == "here:99") is None


def test_a_lease_further_away_than_any_hcsync_writes_is_dead() -> None:
    mine = lease("art_1", "a:1", NOW)
    far = lease("art_2", "b:2", NOW + timedelta(days=365 * 70))  # "until 2096"
    just = lease("art_3", "c:3", NOW + SKEW - timedelta(seconds=1))  # a clock a bit ahead
    assert blocking(mine, [mine, far], NOW, alive) is None
    assert blocking(mine, [mine, just], NOW, alive) == just
    assert leftovers(mine, [mine, far, just], NOW, alive) == [far]


def test_leftovers_are_the_expired_the_dead_and_the_unreadable_never_mine() -> None:
    mine = lease("art_1", "a:1", NOW - TTL - timedelta(minutes=1))  # even expired: mine
    old = lease("art_2", "b:2", NOW - TTL - timedelta(seconds=1))
    dead = lease("art_3", "here:99", NOW)
    garbled = replace(mine, id="art_4", title="hcsync apply lease until whenever")
    live = lease("art_5", "c:3", NOW)
    found = leftovers(mine, [mine, old, dead, garbled, live], NOW, lambda h: h == "here:99")
    assert [a.id for a in found] == ["art_2", "art_3", "art_4"]

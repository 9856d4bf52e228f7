"""Taking, keeping and giving back the apply lease (see `hcsync.plan.lease`).

Costs five requests an apply: a delete of an id that does not exist (a key that may not
delete is told now, not when its lease is left behind), the categories (the first one
holds the lease), create, the list of unpublished drafts (again every second until it
shows the new lease, where lists lag writes), delete; where lists lag, three more for
a second lease (create, list, delete: see `_settle`); one more every two minutes to
renew it, one per leftover lease of a dead apply (deleted). A lease held by an apply
that died expires after 5 minutes, at once on the same machine.

An apply stopped before it deletes its lease (killed, or its delete refused) leaves a
draft that blocks nothing but stays on the center. The next apply that lists the leases
deletes it; but an apply that creates nothing, reading only what changed, lists none.
So each lease's id is kept in `.hcsync/` while it exists (`_Made`), and every apply of
the tree first deletes those an apply left (`clear_left`: a GET and a DELETE each, only
after a stopped apply). A PR can commit `.hcsync/`: an id there is deleted only if the
center says it is a dead lease.
"""

from __future__ import annotations

import os
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hcsync.api import Article, Forbidden, HelpCenterClient, HelpCenterError, NotFound
from hcsync.errors import FatalError
from hcsync.local.cachedir import cache_names, read_cache, remove_cache, write_cache
from hcsync.plan.lease import (
    BODY,
    PREFIX,
    blocking,
    is_lease,
    is_live,
    leftovers,
    new_title,
    parse,
)
from hcsync.statuses import RemoteStatus

POLL_SECONDS = 5.0
RENEW_SECONDS = 120.0
VISIBLE_SECONDS = 60.0  # the longest a drafts list may lag its writes for an apply to go on
PROBE_ID = "hcsync-lease-probe"  # no article has it: deleting it asks only "may this key delete?"
LEFT_PREFIX = "lease."  # + pid: in `.hcsync/`, the ids of the leases an apply holds
_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")


@contextmanager
def lease(
    client: HelpCenterClient,
    root: Path,
    wait_seconds: float,
    on_wait: Callable[[str], None] = lambda _: None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[Article]:
    """Hold the center's apply lease for the `with` block; wait up to `wait_seconds` for it."""
    deadline = time.monotonic() + wait_seconds
    made = _Made(client, root)
    mine = _take(made, deadline, on_wait, sleep)
    stop = threading.Event()
    renewer = threading.Thread(target=_renew, args=(client, mine, stop), daemon=True)
    renewer.start()
    try:
        yield mine
    finally:
        stop.set()
        renewer.join()
        with suppress(HelpCenterError):  # else it expires, and the next apply deletes it
            made.delete(mine.id)


class _Made:
    """Creates and deletes this apply's leases, keeping the ids of those that exist in
    `.hcsync/lease.<pid>` (removed with the last), for `clear_left`."""

    def __init__(self, client: HelpCenterClient, root: Path) -> None:
        self.client, self.root = client, root
        self.name = f"{LEFT_PREFIX}{os.getpid()}"
        self.ids: list[str] = []

    def create(self, holder: str, home: str | None) -> Article:
        lease = self.client.create_article(
            new_title(holder, datetime.now(UTC)), html=BODY, category_id=home
        )
        self.ids.append(lease.id)
        write_cache(self.root, self.name, "\n".join(self.ids) + "\n")
        return lease

    def delete(self, lease_id: str) -> None:
        self.client.delete_article(lease_id)  # kept on an error: the next apply tries again
        self.ids.remove(lease_id)
        if self.ids:
            write_cache(self.root, self.name, "\n".join(self.ids) + "\n")
        else:
            remove_cache(self.root, self.name)


def clear_left(client: HelpCenterClient, root: Path) -> set[str]:
    """Delete the leases an apply of this tree made and left (stopped before it deleted
    them), once no apply holds them; the ids done with (deleted, gone, or no lease)."""
    done: set[str] = set()
    for name in cache_names(root, LEFT_PREFIX):
        ids = [i for i in (read_cache(root, name) or "").split() if _ID.fullmatch(i)]
        ended = [i for i in ids if _clear(client, i)]
        done.update(ended)
        if len(ended) == len(ids):
            remove_cache(root, name)
    return done


def _clear(client: HelpCenterClient, lease_id: str) -> bool:
    """Delete the draft if the center says it is a dead lease; False while one holds it."""
    try:
        draft = client.get_draft(lease_id)
        if not is_lease(draft):
            return True  # an article (a forged id, or a reused one): never deleted
        if is_live(draft, datetime.now(UTC), _gone):
            return False
        client.delete_article(lease_id)
    except NotFound:
        pass
    return True


def _take(
    made: _Made,
    deadline: float,
    on_wait: Callable[[str], None],
    sleep: Callable[[float], None],
) -> Article:
    client = made.client
    holder = f"{socket.gethostname()}:{os.getpid()}"
    _check_may_delete(client)
    categories = client.list_categories()
    home = categories[0].id if categories else None
    while True:
        now = datetime.now(UTC)
        mine = made.create(holder, home)
        leases, lagged = _leases_with(made, mine, sleep)
        for dead in leftovers(mine, leases, now, _gone):
            with suppress(NotFound):  # another apply deleted it first
                client.delete_article(dead.id)
        other = blocking(mine, leases, now, _gone)
        if other is None and not lagged:
            return mine
        if other is None:
            settled = _settle(made, holder, home, mine, sleep)
            if isinstance(settled, Held):
                return settled.lease
            other = settled
        made.delete(mine.id)
        title = parse(other.title)
        until = title.expires.strftime("%H:%M UTC") if title else "?"
        if time.monotonic() >= deadline:
            raise FatalError(
                f"another hcsync apply is running on this center (lease draft {other.id}, "
                f"until {until}): try again later; if that apply died, delete the draft "
                f"titled '{PREFIX} …' in the dashboard"
            )
        on_wait(f"another hcsync apply holds this center (until {until}); waiting for it")
        _wait_gone(client, other.id, deadline, sleep)
        sleep(random.uniform(0.1, 2.0))  # two that stepped back together try again apart


def clear_leftovers(client: HelpCenterClient, leases: Iterable[Article]) -> int:
    """Delete the leases no running apply holds (an apply that was killed); how many."""
    cleared = 0
    for dead in [lease for lease in leases if not is_live(lease, datetime.now(UTC), _gone)]:
        with suppress(NotFound):  # another apply deleted it first
            client.delete_article(dead.id)
            cleared += 1
    return cleared


def _check_may_delete(client: HelpCenterClient) -> None:
    """Refuse now, before anything is written, a key whose lease would outlive the apply."""
    try:
        client.delete_article(PROBE_ID)
    except NotFound:
        return
    except Forbidden:
        raise FatalError(
            "HC_API_KEY may not delete (scope content.delete): hcsync apply needs it to "
            "remove its lease draft when it ends; give the key that scope"
        ) from None


@dataclass(frozen=True)
class Held:
    """The lease this apply holds, once settled."""

    lease: Article


def _settle(
    made: _Made,
    holder: str,
    home: str | None,
    mine: Article,
    sleep: Callable[[float], None],
) -> Held | Article:
    """`mine` is the only live lease on a list that lagged writes. But an apply that held
    the lease before could have ended between `mine`'s creation and that list, its last
    articles not listed yet, and looking again for them would miss them. A second lease,
    made now, is listed only once they are: it replaces `mine` (`Held`). Or the live
    lease of an apply that started meanwhile: `mine` steps back (the caller deletes it)."""
    now = datetime.now(UTC)
    second = made.create(holder, home)
    leases, _ = _leases_with(made, second, sleep)
    other = blocking(second, [lease for lease in leases if lease.id != mine.id], now, _gone)
    if other is not None:
        made.delete(second.id)
        return other
    made.delete(mine.id)
    return Held(second)


def _leases_with(
    made: _Made, mine: Article, sleep: Callable[[float], None]
) -> tuple[list[Article], bool]:
    """Every lease, from a list that shows `mine`, and whether lists lag (`mine` was not
    in the first): a list lagging writes shows everything created before `mine` only
    once it shows it (a lease made later sees ours in its turn)."""
    waited = 0.0
    while True:
        # Every unpublished draft, not one category's: a lease made while the center had
        # no category yet has none, and one made later lands in the first category.
        drafts = made.client.list_drafts(status=RemoteStatus.UNPUBLISHED)
        leases = [d for d in drafts if is_lease(d)]
        if any(lease.id == mine.id for lease in leases):
            return leases, waited > 0
        if waited >= VISIBLE_SECONDS:
            with suppress(HelpCenterError):
                made.delete(mine.id)
            raise FatalError(
                f"the help center's drafts list still does not show this apply's lease draft "
                f"after {VISIBLE_SECONDS:.0f} s, so another apply could not be ruled out: "
                "try again later"
            )
        pause = min(1.0, 0.25 + waited / 4)
        sleep(pause)
        waited += pause


def _gone(holder: str) -> bool:
    """A holder on this machine whose process has ended (a killed apply): its lease is dead."""
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _renew(client: HelpCenterClient, mine: Article, stop: threading.Event) -> None:
    """Push the expiry on while the apply runs, so a long apply keeps its lease."""
    holder = parse(mine.title)
    while not stop.wait(RENEW_SECONDS):
        try:
            client.update_draft(
                mine.id, title=new_title(holder.holder if holder else "?", datetime.now(UTC))
            )
        except HelpCenterError:
            return


def _wait_gone(
    client: HelpCenterClient, lease_id: str, deadline: float, sleep: Callable[[float], None]
) -> None:
    while time.monotonic() < deadline:
        sleep(POLL_SECONDS)
        try:
            draft = client.get_draft(lease_id)
        except NotFound:
            return
        if not is_live(draft, datetime.now(UTC), _gone):
            return

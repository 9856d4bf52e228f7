"""Pure decisions for one page or one field: nothing, update, or drift — three ways.

The tree says what should be, the help center what is, the lock what hcsync last
wrote. Where the help center already holds what the tree would send, there is
nothing to do, whatever the lock says. Otherwise the lock tells a local change
(update) from an edit made behind hcsync's back (drift).

    remote = tree (as is, or after the sanitiser)    → nothing (and the lock learns it)
    no record in the lock                            → update
    remote = what hcsync last sent or saw stored     → update
    else                                             → drift
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, NamedTuple

from hcsync.plan.desired import Rendered, canonical_hash, content_hash, value_hash
from hcsync.plan.lock import PageLock
from hcsync.plan.model import Aspect, Drift, DriftPolicy


class Decision(StrEnum):
    NONE = "none"
    UPDATE = "update"
    DRIFT = "drift"  # refused or skipped: leave the page alone


class Seen(NamedTuple):
    """Content hashes for the lock when the page was found already right."""

    sent: str
    stored: str
    canonical: str


class Verdict(NamedTuple):
    decision: Decision
    seen: Seen | None = None  # set when the remote was found equal to the tree
    trusted: bool = False  # decided from the lock alone: verify before changing


def decide_content(
    title: str, rendered: Rendered, remote: tuple[str, str] | None, entry: PageLock | None
) -> Verdict:
    """`remote` is (title, HTML) as the server holds it, or None when it was not read."""
    desired = rendered.content_hash(title)
    if not rendered.is_final:
        return Verdict(Decision.UPDATE)  # its links or images are only known during apply
    if remote is None:
        same = entry is not None and entry.sent == desired
        return Verdict(Decision.NONE) if same else Verdict(Decision.UPDATE, trusted=True)
    stored = content_hash(*remote)
    if entry is not None and entry.sent == desired and entry.stored == stored:
        return Verdict(Decision.NONE)  # nothing moved on either side: no parsing needed
    canonical = canonical_hash(title, rendered.html)
    if stored == desired or canonical_hash(*remote) == canonical:
        return Verdict(Decision.NONE, Seen(desired, stored, canonical))
    if entry is None or not entry.sent:
        return Verdict(Decision.UPDATE)
    ours = stored == entry.stored or canonical_hash(*remote) == entry.canonical
    return Verdict(Decision.UPDATE if ours else Decision.DRIFT)


UNKNOWN: Any = object()  # a field the server does not show


def decide_field(desired: Any, remote: Any, recorded: str | None) -> Decision:
    """One metadata field; `recorded` is the lock's hash of its last known value."""
    if remote is UNKNOWN:
        return Decision.NONE if recorded == value_hash(desired) else Decision.UPDATE
    if remote == desired:
        return Decision.NONE
    if recorded is None or value_hash(remote) == recorded:
        return Decision.UPDATE
    return Decision.DRIFT


class Fields(NamedTuple):
    changed: dict[str, Any]  # field → value to send
    seen: dict[str, str]  # field → hash, for the fields found already right
    drifted: list[str]  # fields changed on the help center


def decide_fields(
    desired: Mapping[str, Any],
    current: Mapping[str, Any],
    recorded: Mapping[str, str],
    trust_unseen: bool = False,
) -> Fields:
    """`decide_field` for each field; one missing from `current` is one the server hides.

    With `trust_unseen` (a lock rebuild), a hidden field with no record is taken as right.
    """
    found = Fields({}, {}, [])
    for name, value in desired.items():
        remote = current.get(name, UNKNOWN)
        if remote is UNKNOWN and name not in recorded and trust_unseen:
            remote = value
        decision = decide_field(value, remote, recorded.get(name))
        if decision is Decision.NONE:
            found.seen[name] = value_hash(value)
        elif decision is Decision.DRIFT:
            found.drifted.append(name)
        else:
            found.changed[name] = value
    return found


def with_policy(
    decision: Decision,
    policy: DriftPolicy,
    where: tuple[str, str | None],
    aspect: Aspect,
    detail: str,
) -> tuple[Decision, Drift | None]:
    """A drift becomes an update (overwrite) or stays a refusal; either way it is reported."""
    if decision is not Decision.DRIFT:
        return decision, None
    action = {
        DriftPolicy.FAIL: "refused",
        DriftPolicy.SKIP: "skipped",
        DriftPolicy.OVERWRITE: "overwritten",
    }
    drift = Drift(where[0], where[1], aspect, f"{detail} ({action[policy]})")
    return (Decision.UPDATE if policy is DriftPolicy.OVERWRITE else Decision.DRIFT), drift

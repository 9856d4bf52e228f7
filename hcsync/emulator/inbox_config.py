"""The conversations half of the emulator's configuration: team members and support channel.

In the YAML config, per center:

    users:
      - {id: 65c2d3e4f5060708091011bb, name: Alice Wong, email: alice@acme.test}
    support: {name: Acme Support, address: support@acme.test, custom_address: help@acme.com}
    sample_conversations: true      # seed a few conversations on reset

and per key `owner: USER_ID` (the user `mentioned=me` means; default: the center's
first user). A center without `support` answers replies with 500
`channel_not_configured`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class UserConfig:
    id: str
    name: str
    email: str
    avatar: str = ""


@dataclass(frozen=True)
class SupportChannel:
    """Where replies are sent from: the default address and an optional custom one."""

    name: str
    address: str
    custom_address: str | None = None

    @property
    def sender(self) -> dict[str, str]:
        return {"name": self.name, "address": self.custom_address or self.address}

    @property
    def own_addresses(self) -> frozenset[str]:
        return frozenset(a.lower() for a in (self.address, self.custom_address) if a)


DEMO_USERS = (
    UserConfig("65c2d3e4f5060708091011bb", "Alice Wong", "alice@demo.help.center"),
    UserConfig("65c2d3e4f5060708091011cc", "Bob Martin", "bob@demo.help.center"),
    UserConfig("65c2d3e4f5060708091011dd", "Agent Smith", "agent@demo.help.center"),
)
DEMO_SUPPORT = SupportChannel("Demo Support", "support@demo.help.center")


def users_from(entries: Any) -> tuple[UserConfig, ...]:
    users = tuple(_user(e) for e in entries or ())
    ids = [u.id for u in users]
    if len(set(ids)) != len(ids):
        raise ValueError("user ids must be unique within a center")
    return users


def support_from(entry: Any) -> SupportChannel | None:
    if entry is None or isinstance(entry, SupportChannel):
        return entry
    custom = entry.get("custom_address")
    return SupportChannel(
        name=str(entry.get("name", "Support")),
        address=str(entry["address"]),
        custom_address=None if custom is None else str(custom),
    )


def owner_of(owner: str | None, users: Iterable[UserConfig]) -> UserConfig | None:
    """The key's owner: the named user, or the center's first user."""
    users = tuple(users)
    if owner is None:
        return users[0] if users else None
    return next((u for u in users if u.id == owner), None)


def check_owner(key: str, owner: str | None, users: tuple[UserConfig, ...]) -> None:
    if owner is not None and owner_of(owner, users) is None:
        raise ValueError(f"owner {owner!r} of key {key!r} is not a user of its center")


def _user(entry: Any) -> UserConfig:
    if isinstance(entry, UserConfig):
        return entry
    if not isinstance(entry, Mapping):
        raise TypeError("each user is a mapping with id, name, email")
    return UserConfig(
        id=str(entry["id"]),
        name=str(entry.get("name", entry["id"])),
        email=str(entry["email"]),
        avatar=str(entry.get("avatar", "")),
    )

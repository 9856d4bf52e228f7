"""Which centers and keys the emulator serves, and how hard it rate-limits.

With no file it serves the demo center `demo` with key `demo-key` and every
scope. A YAML file (`--config`) looks like:

    centers:
      - {id: acme, name: Acme Help, domain: help.acme.test,
         default_language: en, additional_languages: [de, fr]}
    keys:
      - {key: acme-ci, center: acme, scopes: [content.read, content.write]}
    rate_limit: {per_minute: 100, burst: 200}    # or: rate_limit: off
    profile: documented                          # default: extended
    server: {writes: bare, list_lag_ms: 3000, slugs: unique}   # see behaviour.py

Centers may also have `users`, `support` and `sample_conversations`, keys an
`owner` (the conversations half: see inbox_config.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from hcsync.emulator.behaviour import Behaviour
from hcsync.emulator.inbox_config import (
    DEMO_SUPPORT,
    DEMO_USERS,
    SupportChannel,
    UserConfig,
    check_owner,
    support_from,
    users_from,
)

CONTENT_SCOPES = ("content.read", "content.write", "content.publish", "content.delete")
CONVERSATION_SCOPES = ("conversation.read", "conversation.write", "conversation.reply")
ALL_SCOPES = CONTENT_SCOPES + CONVERSATION_SCOPES


class Profile(StrEnum):
    """How much the emulator shows beyond the seeds (docs/emulator.md, fidelity notes).

    `extended` fills the seeds' gaps with convenient extras; `documented` answers
    only with what the seeds show, so hcsync can be tested against the bare contract.
    """

    EXTENDED = "extended"
    DOCUMENTED = "documented"

    @property
    def documented(self) -> bool:
        return self is Profile.DOCUMENTED


class ConfigInvalid(ValueError):
    """The emulator's configuration cannot be used; the message says why."""


@dataclass(frozen=True)
class CenterConfig:
    id: str
    name: str
    domain: str
    default_language: str = "en"
    additional_languages: tuple[str, ...] = ()
    blocked: bool = False
    # The conversations half (see inbox_config.py).
    users: tuple[UserConfig, ...] = ()
    support: SupportChannel | None = None
    sample_conversations: bool = False


@dataclass(frozen=True)
class KeyConfig:
    key: str
    center: str
    scopes: frozenset[str]
    owner: str | None = None  # the user `mentioned=me` means; None: the center's first


@dataclass(frozen=True)
class RateLimit:
    per_minute: int = 100
    burst: int = 200
    enabled: bool = True


@dataclass(frozen=True)
class EmulatorConfig:
    centers: tuple[CenterConfig, ...]
    keys: tuple[KeyConfig, ...]
    rate_limit: RateLimit = RateLimit()
    profile: Profile = Profile.EXTENDED
    server: Behaviour = field(
        default_factory=Behaviour
    )  # where the documentation is silent (behaviour.py)

    def center(self, center_id: str) -> CenterConfig | None:
        return next((c for c in self.centers if c.id == center_id), None)

    def key(self, token: str) -> KeyConfig | None:
        return next((k for k in self.keys if k.key == token), None) if token else None


DEMO = EmulatorConfig(
    centers=(
        CenterConfig(
            id="demo",
            name="Demo Help Center",
            domain="demo.help.center",
            default_language="en",
            additional_languages=("de", "fr", "es"),
            users=DEMO_USERS,
            support=DEMO_SUPPORT,
            sample_conversations=True,
        ),
    ),
    keys=(KeyConfig(key="demo-key", center="demo", scopes=frozenset(ALL_SCOPES)),),
)


def load_config(path: Path) -> EmulatorConfig:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigInvalid(f"{path}: cannot read the emulator config: {exc}") from None
    return config_from_mapping(data or {}, str(path))


def config_from_mapping(data: Any, origin: str = "config") -> EmulatorConfig:
    if not isinstance(data, Mapping):
        raise ConfigInvalid(f"{origin}: expected a mapping with centers, keys, rate_limit")
    try:
        centers = tuple(_center(c) for c in data.get("centers") or DEMO.centers)
        keys = tuple(_key(k) for k in data.get("keys") or ())
        rate = _rate_limit(data.get("rate_limit", {}))
        profile = _profile(data.get("profile", Profile.EXTENDED))
        server = Behaviour.from_mapping(data.get("server"))
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigInvalid(f"{origin}: invalid entry ({exc!s})") from None
    known = {c.id for c in centers}
    for key in keys:
        if key.center not in known:
            raise ConfigInvalid(f"{origin}: key for unknown center {key.center!r}")
        try:
            check_owner(key.key, key.owner, next(c.users for c in centers if c.id == key.center))
        except ValueError as exc:
            raise ConfigInvalid(f"{origin}: {exc}") from None
    return EmulatorConfig(
        centers=centers,
        keys=keys or _demo_keys(centers),
        rate_limit=rate,
        profile=profile,
        server=server,
    )


def _center(entry: Any) -> CenterConfig:
    if isinstance(entry, CenterConfig):
        return entry
    return CenterConfig(
        id=str(entry["id"]),
        name=str(entry.get("name", entry["id"])),
        domain=str(entry.get("domain", f"{entry['id']}.help.center")),
        default_language=str(entry.get("default_language", "en")),
        additional_languages=tuple(str(x) for x in entry.get("additional_languages") or ()),
        blocked=bool(entry.get("blocked", False)),
        users=users_from(entry.get("users")),
        support=support_from(entry.get("support")),
        sample_conversations=bool(entry.get("sample_conversations", False)),
    )


def _key(entry: Any) -> KeyConfig:
    scopes = frozenset(str(s) for s in entry.get("scopes") or ALL_SCOPES)
    unknown = scopes - set(ALL_SCOPES)
    if unknown:
        raise ValueError(f"unknown scopes {sorted(unknown)}; known: {', '.join(ALL_SCOPES)}")
    owner = entry.get("owner")
    return KeyConfig(
        key=str(entry["key"]),
        center=str(entry["center"]),
        scopes=scopes,
        owner=None if owner is None else str(owner),
    )


def _rate_limit(entry: Any) -> RateLimit:
    if entry in (False, "off", None):
        return RateLimit(enabled=False)
    return RateLimit(
        per_minute=int(entry.get("per_minute", 100)), burst=int(entry.get("burst", 200))
    )


def _profile(value: Any) -> Profile:
    if value not in set(Profile):
        raise ValueError(f"profile must be one of {', '.join(Profile)}, not {value!r}")
    return Profile(value)


def _demo_keys(centers: tuple[CenterConfig, ...]) -> tuple[KeyConfig, ...]:
    """Without keys, each center gets `<center>-key` (the demo center: `demo-key`)."""
    return tuple(KeyConfig(f"{c.id}-key", c.id, frozenset(ALL_SCOPES)) for c in centers)

"""Where the client connects and with which key: read from the environment only."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from hcsync.api.errors import ConfigError
from hcsync.api.urls import without_userinfo
from hcsync.hosts import is_loopback

DEFAULT_API_URL = "https://api.help.center"


class Secret:
    """A string that never shows itself in a repr, str, log line or traceback."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class ApiSettings:
    api_url: str
    center_id: str
    api_key: Secret = field(repr=False)

    def __post_init__(self) -> None:
        check_api_url(self.api_url)
        if not self.center_id:
            raise ConfigError("HC_CENTER_ID is empty: set it to your center id (Settings > API)")
        if not self.api_key.reveal():
            raise ConfigError("HC_API_KEY is empty: export HC_API_KEY with your API key")

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, *, center_id: str | None = None
    ) -> ApiSettings:
        """Settings from HC_API_KEY, HC_CENTER_ID and HC_API_URL.

        `center_id` (from hcsync.yml) is used when HC_CENTER_ID is unset.
        """
        env = os.environ if env is None else env
        key = env.get("HC_API_KEY", "")
        if not key:
            raise ConfigError("HC_API_KEY is not set: export HC_API_KEY with your API key")
        center = env.get("HC_CENTER_ID") or center_id or ""
        if not center:
            raise ConfigError("HC_CENTER_ID is not set: export HC_CENTER_ID (or set center_id)")
        url = env.get("HC_API_URL") or DEFAULT_API_URL
        return cls(api_url=url.rstrip("/"), center_id=center, api_key=Secret(key))


def check_api_url(url: str) -> None:
    """Refuse anything but https, except plain http to a loopback host."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname and is_loopback(parts.hostname):
        return
    raise ConfigError(
        f"HC_API_URL {without_userinfo(url)!r} is refused: use https:// (plain http only for a loopback host)"
    )


def allowed_url(url: str) -> bool:
    """An https URL, or plain http to a loopback host: what hcsync fetches at all."""
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and is_loopback(parts.hostname))

"""The one place a command gets its Help.Center client.

Settings come from the environment (the key only from there), `-v` and `--debug`
report each request, and the client is closed when the command is done with it.

Where the key goes is decided here, by the person running hcsync, never by the tree:
`hcsync.yml` is a file any pull request can change, so its `api_url` is used only when
it is the default API host, a loopback address (the emulator), or the very URL
`HC_API_URL` names. Any other `api_url` is refused before a request is sent.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from urllib.parse import urlsplit

from hcsync import output
from hcsync.api import ApiSettings, HelpCenterClient
from hcsync.api.settings import DEFAULT_API_URL
from hcsync.api.urls import without_userinfo
from hcsync.config import CONFIG_NAME, SiteConfig
from hcsync.errors import FatalError
from hcsync.hosts import is_loopback


def client_settings(config: SiteConfig | None) -> ApiSettings:
    """HC_API_KEY, HC_CENTER_ID and HC_API_URL; hcsync.yml's center_id, and its api_url
    only where `api_url_for` allows it."""
    env = dict(os.environ)
    url = api_url_for(config.api_url if config else None, env)
    if url is not None:
        env["HC_API_URL"] = url
    return ApiSettings.from_env(env, center_id=config.center_id if config else None)


def api_url_for(configured: str | None, env: Mapping[str, str]) -> str | None:
    """The API URL to use (None: HC_API_URL or the default), or a FatalError when
    hcsync.yml's `api_url` would send the key somewhere the environment did not name."""
    given = env.get("HC_API_URL") or None
    if configured is None or _same(configured, given or DEFAULT_API_URL):
        return given
    if given is None and _is_loopback_url(configured):
        return configured
    shown = without_userinfo(configured)
    where = f"HC_API_URL ({without_userinfo(given)})" if given else DEFAULT_API_URL
    raise FatalError(
        f"{CONFIG_NAME}: api_url {shown} is refused: the API key goes only to {where}; "
        f"remove api_url, or export HC_API_URL={shown} if that server is yours "
        "(a pull request can change hcsync.yml, never the environment)"
    )


def _same(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")


def _is_loopback_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and is_loopback(parts.hostname or "")


@contextmanager
def open_client(config: SiteConfig | None) -> Iterator[HelpCenterClient]:
    """The client for the tree's center (`config`: its hcsync.yml, None for a new tree)."""
    client = HelpCenterClient(client_settings(config))
    if output.LEVEL.verbose:
        client.on_response = output.request_line
    with client:
        yield client

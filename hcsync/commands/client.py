"""The one place a command gets its Help.Center client.

Settings come from the environment (the key only from there), `-v` and `--debug`
report each request, and the client is closed when the command is done with it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from hcsync import output
from hcsync.api import ApiSettings, HelpCenterClient
from hcsync.config import SiteConfig


def client_settings(config: SiteConfig | None) -> ApiSettings:
    """HC_API_KEY, HC_CENTER_ID and HC_API_URL; hcsync.yml's center_id and api_url
    where the environment leaves them unset."""
    env = dict(os.environ)
    if config is not None and config.api_url and "HC_API_URL" not in env:
        env["HC_API_URL"] = config.api_url
    return ApiSettings.from_env(env, center_id=config.center_id if config else None)


@contextmanager
def open_client(config: SiteConfig | None) -> Iterator[HelpCenterClient]:
    """The client for the tree's center (`config`: its hcsync.yml, None for a new tree)."""
    client = HelpCenterClient(client_settings(config))
    if output.LEVEL.verbose:
        client.on_response = output.request_line
    with client:
        yield client

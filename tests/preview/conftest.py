"""A live preview server on loopback, and a real headless Chromium to look at it."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hcsync.preview.server import LiveSite, PreviewServer, watch
from hcsync.preview.site import load_preview

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Served:
    """`hcsync preview ROOT` in this process: the server, its watcher, an HTTP client."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.live = LiveSite(lambda: load_preview(root))
        self.server = PreviewServer(("127.0.0.1", 0), self.live)
        self.stop = threading.Event()
        self.watcher = watch(root, self.live, self.stop)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.http = httpx.Client(base_url=self.server.url, timeout=10)

    def close(self) -> None:
        self.stop.set()
        self.live.close()
        self.server.shutdown()
        self.server.server_close()
        self.http.close()
        self.watcher.join(5)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """Debian's chromium driven by Playwright (never a browser Playwright downloads)."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("HCSYNC_CHROMIUM", "/usr/bin/chromium")
    assert Path(executable).is_file(), f"{executable}: not found; apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()

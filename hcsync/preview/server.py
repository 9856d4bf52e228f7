"""`hcsync preview DIR`: the site served on loopback, following the tree as files are saved.

A watcher thread (watchfiles) loads and checks the tree again after each batch
of changes and raises the site's version; each open page listens on
`/__hcsync/events` (Server-Sent Events) and reloads itself when the version is
newer than the one it was made with. Pages are rendered when asked, from the
latest load. The server is the standard library's: one thread per request, no
logging (the command prints).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import watchfiles

from hcsync.errors import FatalError
from hcsync.hosts import is_loopback
from hcsync.local.cachedir import CACHE_DIR
from hcsync.preview.pages import HTML, Output, render_output
from hcsync.preview.site import CATEGORY_PAGE, HOME, PreviewSite
from hcsync.preview.views import error_page, not_found_page

EVENTS = "/__hcsync/events"
_KEEPALIVE_SECONDS = 15.0


class LiveSite:
    """The latest load of the tree (or why it failed), and its version."""

    def __init__(self, load: Callable[[], PreviewSite]) -> None:
        self._load = load
        self._changed = threading.Condition()
        self.version = 0
        self.preview: PreviewSite | None = None
        self.error: str | None = None
        self.closed = False
        self.reload()

    def reload(self) -> None:
        try:
            preview, error = self._load(), None
        except FatalError as exc:
            preview, error = None, str(exc)
        with self._changed:
            self.preview, self.error = preview, error
            self.version += 1
            self._changed.notify_all()

    def wait_newer(self, since: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self.version != since or self.closed, timeout)
            return self.version

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def output(self, path: str) -> tuple[int, Output]:
        """(status, content) of an output path, as the latest load has it."""
        preview, version = self.preview, self.version
        if preview is None:
            return 503, Output(error_page(self.error or "", version).encode(), HTML)
        found = render_output(preview, path, version)
        if found is None:
            return 404, Output(not_found_page(preview, path, version).encode(), HTML)
        return 200, found


def output_path(url_path: str) -> str:
    """The output path a request's path asks for (`/` is home, `/billing/` its category)."""
    path = unquote(url_path).lstrip("/")
    if not path:
        return HOME
    return path + CATEGORY_PAGE if path.endswith("/") else path


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], live: LiveSite) -> None:
        self.live = live
        super().__init__(address, _Handler)

    def serves_host(self, header: str) -> bool:
        """Whether a request's Host names this server: a loopback name or the address it
        listens on (any, when it was told to listen on every address)."""
        bound = str(self.server_address[0])
        if bound in ("0.0.0.0", "::"):  # noqa: S104  # the writer chose to expose it
            return True
        name = urlsplit(f"//{header}").hostname or ""
        return name in ("localhost", bound) or is_loopback(name)

    @property
    def url(self) -> str:
        host, port = str(self.server_address[0]), self.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer

    def do_GET(self) -> None:
        if not self.server.serves_host(self.headers.get("Host", "")):
            # A page elsewhere that points its own name at 127.0.0.1 (DNS rebinding)
            # must not read the tree through the writer's browser.
            self.send_error(421, "Misdirected Request: open the preview by the address it printed")
            return
        parts = urlsplit(self.path)
        if parts.path == EVENTS:
            since = parse_qs(parts.query).get("since", ["0"])[0]
            self._events(int(since) if since.isdigit() else 0)
            return
        status, found = self.server.live.output(output_path(parts.path))
        self.send_response(status)
        self.send_header("Content-Type", found.media_type)
        self.send_header("Content-Length", str(len(found.content)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(found.content)

    def _events(self, since: int) -> None:
        """Wait for a version newer than `since`, then tell the page to reload."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        live = self.server.live
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not live.closed:
                version = live.wait_newer(since, _KEEPALIVE_SECONDS)
                if version != since:
                    self.wfile.write(f"event: reload\ndata: {version}\n\n".encode())
                    self.wfile.flush()
                    return
                self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except OSError:  # the page went away
            return

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the engine never prints."""


def _worth_reload(change: watchfiles.Change, path: str) -> bool:
    """Changes worth a reload: not hcsync's own cache, not editors' swap files."""
    parts = Path(path).parts
    return CACHE_DIR not in parts and not path.endswith(("~", ".swp", ".swx"))


def watch(root: Path, live: LiveSite, stop: threading.Event) -> threading.Thread:
    """Reload `live` after each batch of changes under `root`, until `stop` is set."""

    def run() -> None:
        for _ in watchfiles.watch(
            root, watch_filter=_worth_reload, debounce=50, step=20, stop_event=stop
        ):
            live.reload()

    thread = threading.Thread(target=run, name="hcsync-preview-watch", daemon=True)
    thread.start()
    return thread

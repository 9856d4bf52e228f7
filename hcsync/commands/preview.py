"""`hcsync preview`: the tree as its readers will see it, served live or built as static files."""

from __future__ import annotations

import threading
import time
import webbrowser
from pathlib import Path

from hcsync import output
from hcsync.errors import FatalError
from hcsync.local.parsecache import ParseCache
from hcsync.preview.build import build_static
from hcsync.preview.server import LiveSite, PreviewServer, watch
from hcsync.preview.site import PreviewSite, load_preview
from hcsync.sync.stale import stale_warnings


def run_preview(root: Path, host: str, port: int, open_browser: bool, build: Path | None) -> int:
    if build is not None:
        return _build(root, build)
    return _serve(root, host, port, open_browser)


def _load(root: Path, parses: ParseCache | None = None) -> PreviewSite:
    """The tree and every problem `hcsync check` would report, staleness included."""
    return load_preview(root, [stale_warnings], parses)


def _build(root: Path, out: Path) -> int:
    started = time.perf_counter()
    built = build_static(_load(root), out)
    seconds = time.perf_counter() - started
    output.info(
        f"Built {built.pages} pages and {built.images} images into {out} in {seconds:.1f} s "
        f"({built.problems} problems shown on the pages); open {out / 'index.html'}"
    )
    return 0


def _serve(root: Path, host: str, port: int, open_browser: bool) -> int:
    parses = ParseCache()  # one for every reload: an edit parses the pages it changed
    live = LiveSite(lambda: _load(root, parses))
    try:
        server = PreviewServer((host, port), live)
    except OSError as exc:
        raise FatalError(
            f"--host {host} --port {port}: cannot listen there ({exc.strerror}); "
            "pass another --port (--port 0 picks a free one)"
        ) from None
    stop = threading.Event()
    watch(root, live, stop)
    output.info(f"Previewing {root} at {server.url} (Ctrl-C stops); pages follow your edits")
    if live.error:
        output.warn(live.error)
    if open_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # Ctrl-C: how a preview is meant to end
        output.info("Preview stopped")
    finally:
        stop.set()
        live.close()
        server.server_close()
    return 0

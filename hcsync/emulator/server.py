"""Running the emulator on loopback with uvicorn, from the CLI or from tests."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import uvicorn

from hcsync.emulator.app import create_app
from hcsync.emulator.config import EmulatorConfig


def serve(config: EmulatorConfig, host: str, port: int, db_path: Path | None) -> None:
    """Serve in the foreground until interrupted."""
    uvicorn.run(create_app(config, db_path), host=host, port=port, log_level="warning")


class BackgroundServer:
    """The emulator on a free loopback port in a thread: `with BackgroundServer(...) as url:`."""

    def __init__(self, config: EmulatorConfig, db_path: Path | None = None, port: int = 0) -> None:
        self.config = config
        uv_config = uvicorn.Config(
            create_app(config, db_path), host="127.0.0.1", port=port, log_level="warning"
        )
        self._server = uvicorn.Server(uv_config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self.url = ""

    def __enter__(self) -> str:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the emulator did not start")
            time.sleep(0.01)
        port = self._server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)

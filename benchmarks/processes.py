"""What the whole-process benchmarks share: the emulator in a process of its own, and a
child process's exit status, CPU and output."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@contextmanager
def emulator(*options: str) -> Iterator[str]:
    """`hcsync emulator OPTIONS` in a process of its own, on a free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "hcsync.cli", "emulator", "--port", str(port), *options]
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the emulator did not start") from None
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def hcsync_env(url: str) -> dict[str, str]:
    """The environment of an `hcsync` process against the emulator at `url`, as a user's:
    with bytecode (an installed hcsync has it; a run that compiles ours costs 0.1 s)."""
    env = dict(os.environ, HC_API_URL=url, HC_CENTER_ID="demo", HC_API_KEY="demo-key")
    env.pop("NO_COLOR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def child(env: dict[str, str], *args: str) -> tuple[int, float, list[str]]:
    """Run `python ARGS`: (exit status, CPU seconds — user + system, all threads —,
    lines of stderr)."""
    status, cpu, _, err = child_output(env, [sys.executable, *args])
    return status, cpu, err.strip().splitlines()


def child_output(env: dict[str, str], argv: Sequence[str]) -> tuple[int, float, str, str]:
    """(exit status, CPU seconds, stdout, stderr) of one process, measured by `os.wait4`."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        text = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    return process.returncode, usage.ru_utime + usage.ru_stime, *text

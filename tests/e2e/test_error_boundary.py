"""One client for every command (-v everywhere) and one error boundary (exit 3, a crash log)."""

from __future__ import annotations

from pathlib import Path

import pytest

import hcsync.cli
import hcsync.commands.init
from tests.e2e.conftest import Site
from tests.helpers import run


def _request_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if " → " in line]


@pytest.mark.parametrize("command", ["plan", "lock rebuild", "pull"])
def test_every_network_command_honours_verbose(example: Site, command: str) -> None:
    assert example.apply().code == 0
    result = example.hcsync("-v", *command.split(), str(example.root))
    assert result.code == 0, result.err
    sent = example.control.journal()[example.mark :]
    lines = _request_lines(result.err)
    assert sent, "the command sent no request"
    assert len(lines) == len(sent), result.err
    assert "demo-key" not in result.out + result.err


def test_an_unexpected_error_is_one_line_exit_3_and_a_crash_log(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("HC_API_KEY", "sekrit-key-123")

    def broken(folder: Path, center_id: str | None) -> int:
        raise KeyError("boom with sekrit-key-123 and Bearer sekrit-key-123")

    monkeypatch.setattr(hcsync.commands.init, "run_init", broken)
    result = run(capsys, "init", str(tmp_path))
    assert result.code == 3, result
    [line] = result.err.splitlines()
    log = tmp_path / "cache" / "hcsync" / "crash.log"
    assert line.startswith("error: unexpected error (KeyError: ")
    assert str(log) in line and "--debug" in line
    assert "Traceback" not in result.err
    text = log.read_text()
    assert "hcsync: " in text and "httpx: " in text and "Traceback" in text
    assert "broken" in text  # the frame that raised
    assert "sekrit-key-123" not in text + result.err


def test_debug_shows_the_traceback_of_a_crash(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def broken(folder: Path, center_id: str | None) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(hcsync.commands.init, "run_init", broken)
    result = run(capsys, "--debug", "init", str(tmp_path))
    assert result.code == 3
    assert "Traceback" in result.err and "RuntimeError: boom" in result.err


def test_an_unwritable_cache_still_gives_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))

    def broken(folder: Path, center_id: str | None) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(hcsync.commands.init, "run_init", broken)
    result = run(capsys, "init", str(tmp_path))
    assert result.code == 3
    [line] = result.err.splitlines()
    assert "no crash log written" in line

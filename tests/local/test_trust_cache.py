"""`.hcsync/` can come from a pull request: a link there never leads a cache outside the root.

The caches are read only as plain files in a plain folder and written through new
temporary files; where that cannot be, the commands work without them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hcsync.local.cachedir import CACHE_DIR
from tests.helpers import article, make_tree, run


@pytest.fixture(autouse=True)
def _caches_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)  # under CI, commands keep no parse cache


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = make_tree(
        tmp_path / "root", {"c/a.md": article("A", "See [B](b.md).\n"), "c/b.md": article("B")}
    )
    return root, outside


def test_a_cache_folder_linked_outside_the_root_is_not_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, outside = _tree(tmp_path)
    (root / CACHE_DIR).symlink_to(outside)
    for _ in range(2):
        result = run(capsys, "check", str(root))
        assert result.code == 0, result.out
    assert list(outside.iterdir()) == []


def test_cache_files_linked_outside_are_neither_read_nor_written_through(tmp_path: Path) -> None:
    root, outside = _tree(tmp_path)
    folder = root / CACHE_DIR
    folder.mkdir()
    for name in ("parse-cache.json", "check-cache.json"):
        os.mkfifo(outside / name)  # read through the link, it would wait forever
        (folder / name).symlink_to(outside / name)
    (folder / ".gitignore").symlink_to(outside / "made")  # a link to nothing: not written through
    command = [sys.executable, "-m", "hcsync.cli", "check", str(root)]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    done = subprocess.run(command, env=env, capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["check-cache.json", "parse-cache.json"]
    assert (folder / "parse-cache.json").is_file() and not (
        folder / "parse-cache.json"
    ).is_symlink()


def test_a_plain_cache_folder_is_used_and_ignored_by_git(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = _tree(tmp_path)
    assert run(capsys, "check", str(root)).code == 0
    names = sorted(p.name for p in (root / CACHE_DIR).iterdir())
    assert names == [".gitignore", "check-cache.json", "parse-cache.json"]  # no temporary left

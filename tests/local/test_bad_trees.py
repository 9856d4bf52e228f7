"""A corpus of broken trees: each is one check error with file and line, in check, plan and apply.

Never a traceback, never a hang, never a raw control character on the terminal.
plan and apply check the tree before they contact the server, so no server is needed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import article, make_tree, run

BAD_TREES: dict[str, tuple[dict[str, str | bytes], str]] = {
    "a file that is not UTF-8": (
        {"c/a.md": b"---\ntitle: Caf\xe9\n---\nx\n"},
        "c/a.md:1:1: HC001 a.md is not UTF-8 (byte 14); save it as UTF-8",
    ),
    "an empty file": (
        {"c/a.md": " \n\n"},
        "c/a.md:1:1: HC001 a.md is empty; give it front matter with a title",
    ),
    "unclosed front matter": (
        {"c/a.md": "---\ntitle: Never closed\n\nBody\n"},
        "c/a.md:1:1: HC002 front matter opened by `---` on line 1 is never closed",
    ),
    "a page starting with a --- rule": (
        {"c/a.md": "---\n\nA page that starts with a rule.\n"},
        "c/a.md:1:1: HC002 front matter opened by `---` on line 1 is never closed",
    ),
    "a --- rule, text, another rule": (
        {"c/a.md": "---\n\nText between rules.\n\n---\n\nMore.\n"},
        "c/a.md:2:1: HC002 front matter must be a mapping",
    ),
    "ESC in a title": (
        {"c/a.md": '---\nstatus: draft\ntitle: "\\e[31mRed"\n---\nx\n'},
        "c/a.md:3:1: HC006 'title' contains the control character U+001B; remove it",
    ),
    "NUL in a title": (
        {"c/a.md": '---\ntitle: "A\\0B"\n---\nx\n'},
        "c/a.md:2:1: HC006 'title' contains the control character U+0000; remove it",
    ),
    "BEL in a category name": (
        {"c/a.md": article(), "c/_category.yml": 'name: "Ding\\a"\n'},
        "c/_category.yml:1:1: HC006 'name' contains the control character U+0007; remove it",
    ),
    "raw ESC in the front matter": (
        {"c/a.md": "---\ntitle: Red\x1b[31m\n---\nx\n"},
        "c/a.md:2:1: HC002 invalid YAML front matter",
    ),
    "BEL in a file name": (
        {"c/be\x07ll.md": article()},
        "c/be\\x07ll.md:1:1: HC001 be\\x07ll.md has the control character U+0007 in its name",
    ),
    "ESC in a folder name": (
        {"c\x1bx/a.md": article()},
        "c\\x1bx:1:1: HC001 c\\x1bx has the control character U+001B in its name",
    ),
}


@pytest.mark.parametrize("name", list(BAD_TREES))
@pytest.mark.parametrize("command", ["check", "plan", "apply"])
def test_bad_tree_is_one_error_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, command: str
) -> None:
    files, expected = BAD_TREES[name]
    root = make_tree(tmp_path / "content", {"ok/fine.md": article("Fine"), **files})
    result = run(capsys, command, str(root), *(["--yes"] if command == "apply" else []))
    assert result.code == 1
    lines = [line.removeprefix(f"{root}/") for line in result.out.splitlines()]
    assert len(lines) == 1 and lines[0].startswith(expected), result.out
    assert "Traceback" not in result.out + result.err
    assert not any(c in result.out + result.err for c in "\x00\x07\x1b")


@pytest.mark.parametrize("command", ["check", "plan", "apply"])
def test_fifo_named_like_content_is_reported_never_opened(tmp_path: Path, command: str) -> None:
    root = make_tree(tmp_path / "content", {"c/a.md": article()})
    os.mkfifo(root / "c" / "pipe.md")
    os.mkfifo(root / "c" / "_category.yml")
    argv = [sys.executable, "-m", "hcsync.cli", command, str(root)]
    done = subprocess.run(
        argv + (["--yes"] if command == "apply" else []),
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HC_API_KEY": "unused", "HC_API_URL": "http://127.0.0.1:9"},
    )
    assert done.returncode == 1
    assert sorted(line.removeprefix(f"{root}/") for line in done.stdout.splitlines()) == [
        "c/_category.yml:1:1: HC001 _category.yml is not a regular file (a FIFO, socket, device or broken link): remove it",
        "c/pipe.md:1:1: HC001 pipe.md is not a regular file (a FIFO, socket, device or broken link): remove it",
    ]


def test_a_markdown_file_over_the_size_limit_is_one_error_and_never_read_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(tmp_path / "content", {"c/a.md": article(), "c/big.md": article("Big")})
    os.truncate(root / "c" / "big.md", 3 * 1024 * 1024)  # sparse: 3 MB of NULs after the text
    result = run(capsys, "check", str(root))
    assert result.code == 1
    assert [line.removeprefix(f"{root}/") for line in result.out.splitlines()] == [
        "c/big.md:1:1: HC001 big.md is 3072 KB; the limit is 2 MB: split the article"
    ]

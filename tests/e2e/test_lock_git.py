"""The lock as Git sees it: an apply of one article changes that article's line only."""

from __future__ import annotations

import subprocess
from pathlib import Path

from hcsync.sync.lockfile import LOCK_NAME
from tests.e2e.conftest import Site


def git(root: Path, *args: str) -> str:
    identity = ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    command = ["git", "-C", str(root), *identity, *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_an_apply_of_one_article_changes_only_its_line_of_the_lock(example: Site) -> None:
    assert example.apply().code == 0
    git(example.root, "init", "-q")
    git(example.root, "add", "-A")
    git(example.root, "commit", "-qm", "first import")
    example.edit("billing/invoices.md", "\n\n", "\n\nOne more sentence.\n\n")
    assert example.apply().code == 0
    assert git(example.root, "diff", "--numstat", "--", LOCK_NAME) == f"1\t1\t{LOCK_NAME}\n"
    changed = [
        line
        for line in git(example.root, "diff", "-U0", "--", LOCK_NAME).splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]
    assert len(changed) == 1 and changed[0].startswith('+    "billing/invoices.md": {')

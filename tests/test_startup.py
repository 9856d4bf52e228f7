"""`hcsync -V` and `hcsync --help` import nothing they do not print (start-up time)."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
from hcsync.cli import main
try:
    main([sys.argv[1]])
except SystemExit:
    pass
print(" ".join(sorted(sys.modules)), file=sys.stderr)
"""
# What the lint, the planner, the client and the renderer bring with them.
HEAVY = ("yaml", "markdown_it", "httpx", "bs4", "nh3", "rich", "pathspec", "starlette")
# The leaves the command line needs for its options and its error boundary.
LEAVES = {"hcsync.local.controls", "hcsync.local.problem", "hcsync.plan.policy"}


@pytest.mark.parametrize("flag", ["-V", "--help"])
def test_version_and_help_import_only_what_they_print(flag: str) -> None:
    run = subprocess.run(
        [sys.executable, "-c", PROBE, flag], capture_output=True, text=True, check=True
    )
    modules = set(run.stderr.split())
    assert "hcsync" in run.stdout
    assert not {m for m in modules if m.split(".")[0] in HEAVY}
    ours = {m for m in modules if m.startswith(("hcsync.local.", "hcsync.plan.", "hcsync.sync"))}
    assert ours <= LEAVES
    assert not {m for m in modules if m.startswith(("hcsync.api", "hcsync.commands."))}

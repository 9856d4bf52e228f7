"""The global options, the environment in --help, JSON that stays JSON, gitignore-style ignores."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import hcsync
from tests.e2e.conftest import Site
from tests.helpers import article, make_tree, run

HCSYNC = [sys.executable, "-m", "hcsync.cli"]


def test_short_help_version_and_environment(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "-h").out == run(capsys, "--help").out
    for args in (["-h"], ["plan", "-h"], ["apply", "-h"]):
        out = run(capsys, *args).out
        assert all(name in out for name in ("HC_API_KEY", "HC_CENTER_ID", "HC_API_URL")), args
        assert "_HCSYNC_COMPLETE=bash_source hcsync" in out
    shown = run(capsys, "-V").out
    assert shown.strip() == f"hcsync, version {hcsync.__version__}"
    assert version("hcsync") == hcsync.__version__  # one source: the package metadata reads it


def test_quiet_excludes_verbose(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "-q", "-v", "check", ".")
    assert result.code == 2 and "-q cannot be combined with -v" in result.err


def test_verbose_prints_one_line_per_request_never_the_key(example: Site) -> None:
    result = example.hcsync("-v", "apply", str(example.root), "--yes")
    assert result.code == 0
    lines = [line for line in result.err.splitlines() if " → " in line]
    assert len(lines) == len(example.control.journal()[example.mark :])
    assert re.fullmatch(r"GET +/v0/centers/demo → 200 \(\d+ ms\)", lines[0])
    assert any(re.match(r"POST +/v0/centers/demo/articles → 201 ", line) for line in lines)
    assert "demo-key" not in result.out + result.err


def test_quiet_apply_prints_the_plan_and_no_progress(example: Site) -> None:
    result = example.hcsync("-q", "apply", str(example.root), "--yes")
    assert result.code == 0 and "Plan: 19 to create" in result.out
    assert result.err == ""


def test_debug_shows_the_traceback_of_an_error(example: Site) -> None:
    example.write("hcsync.lock", "{not json")
    plain = example.plan()
    assert plain.code == 1 and "Traceback" not in plain.err and "unreadable lock" in plain.err
    debug = example.hcsync("--debug", "plan", str(example.root))
    assert debug.code == 1 and "Traceback" in debug.err and "unreadable lock" in debug.err


def test_json_stays_json_when_the_tree_has_problems(example: Site) -> None:
    example.edit("billing/refunds.md", "## VAT", "[gone](nowhere.md)\n\n## VAT")
    result = example.plan("--format", "json")
    assert result.code == 1
    problems = json.loads(result.out)["problems"]
    assert [p["code"] for p in problems] == ["HC040"]
    assert problems[0]["path"].endswith("billing/refunds.md")
    markdown = example.plan("--format", "markdown").out
    assert "**The tree has 1 error(s): nothing was planned.**" in markdown
    assert "| ❌ | <code>" in markdown and "HC040" in markdown


def test_skipped_drift_says_it_was_skipped(example: Site) -> None:
    assert example.apply().code == 0
    lock = json.loads((example.root / "hcsync.lock").read_text())
    article_id = lock["articles"]["billing/invoices.md"]["id"]
    example.client.update_draft(article_id, html="<p>Edited in the dashboard</p>")
    # Drift on a page the tree did not change is seen by the full read (--refresh) only.
    skipped = example.plan("--on-drift", "skip", "--refresh")
    assert skipped.code == 0
    assert "! skipped billing/invoices.md: edited on the help center" in skipped.out
    assert "No changes: the help center matches the tree. 1 drifted page(s) skipped." in skipped.out
    assert "needs a decision" not in skipped.out
    markdown = example.plan("--on-drift", "skip", "--format", "markdown", "--refresh").out
    assert "**Skipped** (`on-drift: skip`)" in markdown
    refused = example.plan("--format", "markdown", "--refresh")
    assert refused.code == 1 and "**Drift**" in refused.out and "needs a decision" in refused.out


def test_ignore_patterns_work_like_gitignore(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = "default_language: en\nignore: [drafts/, '*.tmp.md', '!keep.tmp.md']\n"
    broken = article(body="[x](nowhere.md)\n")
    make_tree(
        tmp_path,
        {
            "c/ok.md": article(),
            "c/drafts/wip.md": broken,  # a drafts/ folder below the root is ignored too
            "drafts/top.md": broken,
            "c/scratch.tmp.md": broken,
            "c/keep.tmp.md": article(title="Kept"),
        },
        config=config,
    )
    result = run(capsys, "check", str(tmp_path))
    assert result.code == 0, result.out
    assert "2 files checked" in result.err


def test_colour_on_a_terminal_unless_no_color(tmp_path: Path) -> None:
    make_tree(tmp_path, {"c/a.md": article(body="[x](nowhere.md)\n")})
    coloured = _on_terminal([*HCSYNC, "check", str(tmp_path)], {})
    assert "\x1b[31m" in coloured and "HC040" in coloured
    plain = _on_terminal([*HCSYNC, "check", str(tmp_path)], {"NO_COLOR": "1"})
    assert "\x1b[" not in plain and "HC040" in plain


def test_shell_completion_script() -> None:
    env = {**os.environ, "_HCSYNC_COMPLETE": "bash_source"}
    script = subprocess.run(HCSYNC, env=env, capture_output=True, text=True, check=True)
    assert "_hcsync_completion()" in script.stdout and "complete " in script.stdout


def _on_terminal(argv: list[str], env: dict[str, str]) -> str:
    """Run argv with stdout on a pseudo-terminal; what it printed there."""
    leader, follower = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | env | {"TERM": "xterm"}
    process = subprocess.Popen(argv, stdout=follower, stderr=subprocess.DEVNULL, env=environ)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=30)
    os.close(leader)
    return b"".join(chunks).decode()

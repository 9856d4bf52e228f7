"""`plan -o` + `apply FILE`: apply reads again only what the plan changes, and refuses
the plan when any of that moved since — and only then."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import Site
from tests.e2e.test_plan_apply import applied
from tests.helpers import run

EDIT = ("billing/refunds.md", "in full within 14 days", "in full within 30 days")
APPLIED = [("PATCH", "articles/{id}/draft"), ("POST", "articles/{id}/publish")]


def saved(site: Site, tmp_path: Path, *extra: str) -> Path:
    plan_file = tmp_path / "plan.json"
    result = site.plan("-o", str(plan_file), *extra)
    assert result.code == 0, result.err
    return plan_file


def article_id(site: Site, path: str) -> str:
    entry: str = json.loads((site.root / "hcsync.lock").read_text())["articles"][path]["id"]
    return entry


def test_one_edit_reads_its_draft_and_writes(example: Site, tmp_path: Path, profile: str) -> None:
    applied(example).edit(*EDIT)
    plan_file = saved(example, tmp_path)
    result = example.hcsync("apply", str(plan_file), "--yes")
    assert result.code == 0, result.err
    sent = [(e["method"], e["path"]) for e in example.control.journal()[example.mark :]]
    refunds = f"/v0/centers/demo/articles/{article_id(example, EDIT[0])}"
    assert sent[0] == ("GET", f"{refunds}/draft")  # the one page it changes, and nothing else
    assert example.calls() == APPLIED
    assert len(sent) == 1 + len(APPLIED)  # the edit's stored content predicted, not read
    assert example.plan("--detailed-exitcode").code == 0


def test_refused_when_what_it_changes_moved_online(example: Site, tmp_path: Path) -> None:
    applied(example).edit(*EDIT)
    plan_file = saved(example, tmp_path)
    example.client.update_draft(article_id(example, EDIT[0]), html="<p>Edited online</p>")
    refused = example.hcsync("apply", str(plan_file), "--yes")
    assert refused.code == 1 and example.calls() == []
    assert refused.err.strip().splitlines() == [
        "error: billing/refunds.md on the help center: changed since this plan was made: "
        "run `hcsync plan` again"
    ]
    # A deletion (--prune) is checked the same way (the edit above is drift now: skipped).
    gone = "billing/update-payment-method.md"
    (example.root / gone).unlink()
    plan_file = saved(example, tmp_path, "--prune", "--on-drift", "skip")
    example.client.update_draft(article_id(example, gone), title="Renamed online")
    refused = example.hcsync("apply", str(plan_file), "--yes")
    assert refused.code == 1 and f"{gone} on the help center: changed since" in refused.err
    assert example.calls() == []


def test_goes_on_when_only_other_pages_moved(example: Site, tmp_path: Path) -> None:
    applied(example).edit(*EDIT)
    plan_file = saved(example, tmp_path)
    example.client.update_draft(article_id(example, "billing/invoices.md"), html="<p>Online</p>")
    example.edit("account/reset-your-password.md", "one hour", "an hour")
    result = example.hcsync("apply", str(plan_file), "--yes")
    assert result.code == 0, result.err
    assert example.calls() == APPLIED  # exactly the plan: the rest is the next plan's
    after = example.plan("--refresh")  # drift on a page the tree did not change: the full read
    assert "! drift   billing/invoices.md" in after.out
    assert "billing/refunds.md" not in after.out


def test_a_file_that_is_no_saved_plan_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = {
        "garbage.json": ("{not json", "not a saved plan"),
        "shown.json": ('{"version": 3, "operations": []}', "not a saved plan"),
        "old.json": (
            '{"version": 1, "fingerprint": "x", "root": "/r", "options": {}, "operations": []}',
            "a plan saved by another version of hcsync (format 1; this hcsync reads format 3)",
        ),
        "untyped.json": (  # format 2: an operation's fields were a free-form object
            '{"version": 2, "root": "/r", "options": {}, "operations": [{"key": "upload_image:'
            'abc", "kind": "upload_image", "fields": {"digest": "abc"}}], "saved": {}}',
            "a plan saved by another version of hcsync (format 2; this hcsync reads format 3)",
        ),
        "cut.json": (
            '{"version": 3, "root": "/r", "options": {}, "operations": [], "saved": {}}',
            "not a saved plan (",
        ),
    }
    for name, (text, says) in cases.items():
        (tmp_path / name).write_text(text)
        result = run(capsys, "apply", str(tmp_path / name), "--yes")
        assert result.code == 1
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {tmp_path / name}: "), lines
        assert says in lines[0] and "hcsync plan -o" in lines[0]

"""The lock is a help, never the only truth: lost, stale, corrupt or foreign, nothing doubles."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import Site

LOCK = "hcsync.lock"


def applied(site: Site) -> None:
    result = site.apply()
    assert result.code == 0, result.out + result.err


def article_titles(site: Site) -> Counter[tuple[str, str | None]]:
    return Counter((d.title, d.category_id) for d in site.client.list_drafts())


def test_a_deleted_lock_plans_no_create_and_adopts_everything(example: Site) -> None:
    applied(example)
    before = article_titles(example)
    (example.root / LOCK).unlink()
    plan = example.plan()
    assert plan.code == 0, plan.err
    assert "create_" not in plan.out and "upload_image" not in plan.out
    applied(example)
    assert not [c for c in example.calls() if c[0] == "POST"]
    assert article_titles(example) == before
    assert example.plan("--detailed-exitcode").code == 0


def test_a_tree_without_slugs_and_without_lock_is_not_duplicated(example: Site) -> None:
    for path in example.root.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^slug: .*\n", "", text), encoding="utf-8")
    applied(example)
    (example.root / LOCK).unlink()
    applied(example)
    assert ("POST", "articles") not in example.calls()
    assert max(article_titles(example).values()) == 1


def test_an_older_lock_after_an_edit_gives_an_empty_plan(example: Site) -> None:
    applied(example)
    old = (example.root / LOCK).read_text(encoding="utf-8")
    example.edit("billing/refunds.md", "within 14 days", "within 30 days")
    example.edit("getting-started/welcome.de.md", "Willkommen", "Herzlich willkommen")
    applied(example)
    (example.root / LOCK).write_text(old, encoding="utf-8")  # the lock commit was lost
    assert example.plan("--detailed-exitcode").code == 0
    applied(example)
    assert example.calls() == []
    assert example.plan("--detailed-exitcode").code == 0


@pytest.mark.parametrize(
    "text",
    [
        '{"version": 2, "articles": {',
        '<<<<<<< HEAD\n{"version": 2}\n=======\n{}\n>>>>>>> main\n',
        "[]",
        '{"version": 2, "articles": null}',
        '{"version": 2, "articles": {"a.md": {"id": 3, "colour": "red"}}}',
        '{"version": 2, "articles": {"a.md": {"id": "3", "status": "archived"}}}',
    ],
    ids=["truncated", "conflict-markers", "a-list", "null-articles", "unknown-field", "status"],
)
def test_a_corrupt_lock_is_one_line_and_rebuild_sends_nothing(example: Site, text: str) -> None:
    applied(example)
    (example.root / LOCK).write_text(text, encoding="utf-8")
    result = example.plan()
    assert result.code == 1
    assert "unreadable lock" in result.err and "hcsync lock rebuild" in result.err
    assert "delete it" not in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    rebuilt = example.hcsync("lock", "rebuild", str(example.root))
    assert rebuilt.code == 0, rebuilt.err
    assert example.calls() == []  # reads only
    assert example.plan("--detailed-exitcode").code == 0


def test_a_lock_of_another_center_is_refused(example: Site) -> None:
    applied(example)
    lock = json.loads((example.root / LOCK).read_text(encoding="utf-8"))
    lock["center_id"] = "staging"
    (example.root / LOCK).write_text(json.dumps(lock), encoding="utf-8")
    result = example.plan()
    assert result.code == 1 and "belongs to center 'staging', not 'demo'" in result.err


def test_a_wiped_center_with_the_old_lock_gets_live_images(example: Site) -> None:
    applied(example)
    example.control.reset(_config())  # the center is recreated, empty; the CDN forgets
    applied(example)
    html = " ".join(d.content.html for d in example.client.list_drafts(content=True) if d.content)
    urls = set(re.findall(r'<img[^>]+src="([^"]+)"', html))
    assert urls and all(httpx.get(url).status_code == 200 for url in urls)
    assert example.plan("--detailed-exitcode").code == 0


def test_a_failed_job_that_loses_its_lock_is_adopted_by_the_next(example: Site) -> None:
    """A CI job creates part of the help center, fails, and its lock is thrown away."""
    example.control.add_fault(
        method="POST", path="/v0/centers/*/articles", nth=6, times=99, action="status", status=500
    )  # the lease, then four articles
    assert example.apply().code == 1
    created = sum(article_titles(example).values())
    assert 0 < created < 12
    (example.root / LOCK).unlink(missing_ok=True)
    example.control.clear_faults()
    applied(example)
    assert example.calls().count(("POST", "articles")) == 12 - created  # only what is missing
    assert max(article_titles(example).values()) == 1
    assert sum(article_titles(example).values()) == 12


def test_two_applies_started_together_create_nothing_twice(example: Site, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    other = _copy(example, tmp_path / "second-checkout")
    command = [sys.executable, "-m", "hcsync.cli", "apply", "--yes", "--lease-wait", "120"]
    env = dict(os.environ)
    both = [
        subprocess.Popen(
            [*command, str(root)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for root in (example.root, other)
    ]
    results = [(p.wait(timeout=300), p.stderr.read().decode() if p.stderr else "") for p in both]
    assert [code for code, _ in results] == [0, 0], results
    assert max(article_titles(example).values()) == 1
    assert sum(article_titles(example).values()) == 12
    assert example.plan("--detailed-exitcode").code == 0
    example.root = other
    assert example.plan("--detailed-exitcode").code == 0


def test_a_lost_draft_update_answer_is_not_drift(example: Site) -> None:
    applied(example)
    example.edit("billing/refunds.md", "within 14 days", "within 30 days")
    example.control.add_fault(
        method="PATCH", path="/v0/centers/*/articles/*/draft", times=99, action="drop_after"
    )
    assert example.apply().code == 1
    example.control.clear_faults()
    result = example.plan()
    assert result.code == 0 and "drift" not in result.out
    applied(example)
    assert example.calls() == [("POST", "articles/{id}/publish")]


def test_a_lost_create_then_a_title_fix_leaves_no_orphan(example: Site) -> None:
    applied(example)
    example.write("billing/new.md", "---\ntitle: Teh new page\n---\n\nNew.\n")
    example.control.add_fault(
        method="POST", path="/v0/centers/*/articles", nth=2, times=1, action="drop_after"
    )  # the first POST is the lease
    assert example.apply().code == 1
    example.control.clear_faults()
    example.edit("billing/new.md", "Teh new page", "The new page")
    applied(example)
    titles = article_titles(example)
    assert not any(title == "Teh new page" for title, _ in titles)
    assert sum(1 for title, _ in titles if title == "The new page") == 1


def test_publish_is_retried_on_a_server_error(example: Site) -> None:
    example.control.add_fault(
        method="POST",
        path="/v0/centers/*/articles/*/publish",
        nth=1,
        times=2,
        action="status",
        status=503,
    )
    applied(example)
    assert example.plan("--detailed-exitcode").code == 0


def _config() -> dict[str, object]:
    from tests.conftest import TEST_CONFIG

    return TEST_CONFIG


def _copy(site: Site, tmp: Path) -> Path:
    shutil.copytree(site.root, tmp)
    return tmp


def test_a_moved_file_with_unchanged_content_costs_one_metadata_call(example: Site) -> None:
    example.write("billing/tax.md", "---\ntitle: Tax\n---\n\nVAT is included.\n")
    example.write("billing/tax.de.md", "---\ntitle: Steuer\n---\n\nMit MwSt.\n")
    applied(example)
    for name in ("tax.md", "tax.de.md"):
        (example.root / "billing" / name).rename(example.root / "account" / name)
    plan = example.plan()
    assert "category 'billing' → 'account'" in plan.out, plan.out
    applied(example)
    assert example.calls() == [("PATCH", "articles/{id}/metadata")]
    lock = json.loads((example.root / LOCK).read_text(encoding="utf-8"))["articles"]
    assert "de" in lock["account/tax.md"]["translations"]
    assert "billing/tax.md" not in lock
    assert example.plan("--detailed-exitcode").code == 0


def test_a_category_edited_in_the_dashboard_is_drift(example: Site) -> None:
    applied(example)
    lock = json.loads((example.root / LOCK).read_text(encoding="utf-8"))
    example.client.update_category(lock["categories"]["billing"]["id"], name="Money")
    result = example.plan()
    assert result.code == 1 and "drift   billing" in result.out
    assert example.apply("--on-drift", "skip").code == 0
    assert example.calls() == []
    assert example.apply("--on-drift", "overwrite").code == 0
    assert example.calls() == [("PATCH", "articles/categories/{id}")]


def test_a_translation_edited_in_the_dashboard_is_drift_with_refresh(example: Site) -> None:
    applied(example)
    lock = json.loads((example.root / LOCK).read_text(encoding="utf-8"))
    article_id = lock["articles"]["getting-started/welcome.md"]["id"]
    example.client.update_translation_draft(article_id, "de", html="<p>Bearbeitet</p>")
    result = example.plan("--refresh")
    assert result.code == 1
    assert "drift   getting-started/welcome.md [de]" in result.out
    assert example.apply("--refresh", "--on-drift", "overwrite").code == 0
    assert ("PATCH", "articles/{id}/translations/de/draft") in example.calls()
    assert example.plan("--refresh", "--detailed-exitcode").code == 0

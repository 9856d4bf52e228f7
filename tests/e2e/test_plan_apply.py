"""Plan and apply end to end on the emulator, counting requests in its journal."""

from __future__ import annotations

import json
from pathlib import Path

from hcsync.api import Seo
from tests.e2e.conftest import Site

SEO_DESC = "D" * 155


def applied(site: Site) -> Site:
    result = site.apply()
    assert result.code == 0, result.out + result.err
    return site


def test_apply_into_empty_center_then_nothing_left_to_do(example: Site, profile: str) -> None:
    result = example.apply()
    assert result.code == 0, result.err
    assert "Plan: 19 to create" in result.out
    calls = example.calls()
    assert len(calls) == 65
    assert example.lease_taken()  # creating takes the apply lease (see README)
    assert calls.count(("POST", "articles")) == 12
    assert calls.count(("POST", "articles/images")) == 3
    reads = [e for e in example.control.journal()[example.mark :] if e["method"] == "GET"]
    # center, categories, drafts; under the lease: categories, leases, categories again;
    # no draft read back on either profile: the sanitiser only respells this HTML
    assert len(reads) == 3 + 3

    again = example.plan("--detailed-exitcode")
    assert again.code == 0
    assert "No changes" in again.out
    assert len(example.control.journal()[example.mark :]) <= 1 + 3  # ceil(12/100) + 3
    assert example.apply().code == 0
    assert example.calls() == []


def test_editing_one_article_is_a_draft_update_and_a_publish(example: Site) -> None:
    applied(example)
    example.edit("billing/refunds.md", "in full within 14 days", "in full within 30 days")
    result = example.plan("--detailed-exitcode")
    assert result.code == 2
    assert "Plan: 0 to create, 1 to update, 1 to publish, 0 to delete." in result.out
    assert "+<p>We refund yearly plans in full within 30 days of purchase.</p>" in result.out
    applied(example)
    assert example.calls() == [("PATCH", "articles/{id}/draft"), ("POST", "articles/{id}/publish")]


def test_a_draft_edit_is_read_back_only_where_the_sanitiser_removes_what_counts(
    example: Site, profile: str
) -> None:
    applied(example)
    example.edit("billing/refunds.md", "in full within 14 days", "in full within 30 days")
    raw = '\n<div data-note="internal">Ask support first.</div>\n'  # the sanitiser drops data-*
    example.write("billing/invoices.md", (example.root / "billing/invoices.md").read_text() + raw)
    assert example.apply().code == 0
    edits = [("PATCH", "articles/{id}/draft"), ("POST", "articles/{id}/publish")]
    assert sorted(example.calls()) == sorted(edits + edits)
    sent = example.control.journal()[example.mark :]
    read_back = [e for e in sent if e["method"] == "GET" and e["path"].endswith("/draft")]
    invoices = json.loads((example.root / "hcsync.lock").read_text())["articles"]
    invoices_id = invoices["billing/invoices.md"]["id"]
    # extended answers the edit with the stored content; documented without it: read
    # back for the page the sanitiser changed, predicted for the one it only respells
    expected = [f"/v0/centers/demo/articles/{invoices_id}/draft"] if profile == "documented" else []
    assert [e["path"] for e in read_back] == expected
    assert example.plan("--detailed-exitcode").code == 0
    assert example.plan("--detailed-exitcode", "--refresh").code == 0


def test_changing_only_seo_is_one_metadata_call(example: Site) -> None:
    applied(example)
    example.edit(
        "account/reset-your-password.md",
        "The link works for one hour;",
        "The link works for an hour;",
    )
    plan = example.plan()
    assert "update_metadata" in plan.out and "live at once" in plan.out
    applied(example)
    assert example.calls() == [("PATCH", "articles/{id}/metadata")]
    article_id = json.loads((example.root / "hcsync.lock").read_text())["articles"][
        "account/reset-your-password.md"
    ]["id"]
    assert "for an hour" in (example.client.get_article(article_id).seo or Seo()).description


def test_adding_a_translation_is_draft_metadata_publish(example: Site) -> None:
    applied(example)
    example.write(
        "billing/refunds.de.md",
        "---\ntitle: Rückerstattungen\nslug: rueckerstattungen\n---\n\n## Richtlinie\n\nWir erstatten.\n",
    )
    applied(example)
    assert example.calls() == [
        ("PATCH", "articles/{id}/translations/de/draft"),
        ("PATCH", "articles/{id}/translations/de/metadata"),
        ("POST", "articles/{id}/translations/de/publish"),
    ]
    assert example.plan("--detailed-exitcode").code == 0


def test_dashboard_edit_is_drift_and_not_overwritten_by_default(example: Site) -> None:
    applied(example)
    lock = json.loads((example.root / "hcsync.lock").read_text())
    article_id = lock["articles"]["billing/invoices.md"]["id"]
    example.client.update_draft(article_id, html="<p>Edited in the dashboard</p>")
    example.edit("billing/invoices.md", "Every payment", "Each payment")
    refused = example.apply()
    assert refused.code == 1
    assert (
        "! drift   billing/invoices.md: edited on the help center since the last apply (refused)"
        in refused.out
    )
    assert "--on-drift overwrite" in refused.err
    assert example.calls() == []
    content = example.client.get_draft(article_id, content=True).content
    assert content is not None and content.html == "<p>Edited in the dashboard</p>"

    assert example.apply("--on-drift", "skip").code == 0
    assert example.calls() == []
    assert example.apply("--on-drift", "overwrite").code == 0
    assert example.calls() == [("PATCH", "articles/{id}/draft"), ("POST", "articles/{id}/publish")]
    assert "Each payment" in example.client.get_article(article_id, content=True).content.html  # type: ignore[union-attr]
    assert example.plan("--detailed-exitcode").code == 0


def test_renaming_a_file_keeps_the_article(example: Site) -> None:
    applied(example)
    before = json.loads((example.root / "hcsync.lock").read_text())["articles"][
        "billing/refunds.md"
    ]["id"]
    (example.root / "billing/refunds.md").rename(example.root / "billing/refund-policy.md")
    for rel in ("billing/invoices.md", "billing/plans-and-pricing.md"):
        example.edit(rel, "refunds.md", "refund-policy.md")
    applied(example)
    assert ("POST", "articles") not in example.calls()
    lock = json.loads((example.root / "hcsync.lock").read_text())["articles"]
    assert lock["billing/refund-policy.md"]["id"] == before
    assert "billing/refunds.md" not in lock


def test_saved_plan_applies_exactly_and_a_stale_one_is_refused(
    example: Site, tmp_path: Path
) -> None:
    applied(example)
    plan_file = tmp_path / "plan.json"
    example.edit("billing/refunds.md", "14 days", "21 days")
    assert example.plan("-o", str(plan_file)).code == 0
    assert "demo-key" not in plan_file.read_text()
    example.edit("billing/refunds.md", "21 days", "28 days")  # the tree moves on
    stale = example.hcsync("apply", str(plan_file), "--yes")
    assert stale.code == 1
    assert "billing/refunds.md in the tree: changed since this plan was made" in stale.err
    assert example.calls() == []
    example.edit("billing/refunds.md", "28 days", "21 days")
    fresh = example.hcsync("apply", str(plan_file), "--yes")
    assert fresh.code == 0, fresh.err
    assert example.calls() == [("PATCH", "articles/{id}/draft"), ("POST", "articles/{id}/publish")]


def test_status_draft_unpublishes_with_a_warning(example: Site) -> None:
    applied(example)
    example.edit("getting-started/welcome.md", "slug: welcome", "slug: welcome\nstatus: draft")
    result = example.apply()
    assert "its translations are unpublished too" in result.out
    assert example.calls() == [("POST", "articles/{id}/unpublish")]
    assert example.plan("--detailed-exitcode").code == 0


def test_lost_create_answer_is_not_created_twice(example: Site) -> None:
    example.control.add_fault(
        method="POST", path="/v0/centers/demo/articles", action="drop_after", nth=3
    )
    failed = example.apply()
    assert failed.code == 1
    assert (
        "apply stopped at create_article" in failed.err
        and "run apply again to resume" in failed.err
    )
    assert example.apply().code == 0
    assert example.client.count_drafts() == 12
    assert example.plan("--detailed-exitcode").code == 0


def test_interrupted_apply_resumes_from_the_lock(example: Site) -> None:
    example.control.add_fault(
        method="POST",
        path="/v0/centers/demo/articles/*/publish",
        action="status",
        status=500,
        nth=4,
        times=99,
    )
    assert example.apply().code == 1
    example.control.clear_faults()
    resumed = example.apply()
    assert resumed.code == 0
    assert ("POST", "articles") not in example.calls()
    assert example.plan("--detailed-exitcode").code == 0


def test_apply_without_terminal_needs_yes(example: Site) -> None:
    result = example.hcsync("apply", str(example.root))
    assert result.code == 1 and "pass --yes" in result.err
    assert example.calls() == []


def test_tree_problems_stop_apply_before_any_change(example: Site) -> None:
    example.edit("billing/refunds.md", "## VAT", "![Receipt](img/missing.png)\n\n## VAT")
    result = example.apply()
    assert result.code == 1
    assert (
        "billing/refunds.md:" in result.out
        and "HC050 image 'img/missing.png' does not exist" in result.out
    )
    assert "nothing was sent" in result.err
    assert example.control.journal() == []


def test_prune_deletes_and_refuses_when_too_much(example: Site) -> None:
    applied(example)
    (example.root / "billing/update-payment-method.md").unlink()
    assert "delete_article" not in example.plan().out
    assert example.apply().code == 0  # without --prune nothing is deleted, and nothing forgotten
    assert example.calls() == []
    result = example.apply("--prune")
    assert result.code == 0
    assert example.calls() == [("DELETE", "articles/{id}")]
    for rel in (
        "account/delete-your-account.md",
        "billing/invoices.md",
        "billing/refunds.md",
        "billing/plans-and-pricing.md",
    ):
        example.edit(rel, "slug:", "status: draft\nslug:")
    refused = example.apply()
    assert (
        refused.code == 1 and "refusing an unsafe plan" in refused.err and "--force" in refused.err
    )
    assert example.calls() == []
    assert example.apply("--force").code == 0


def test_plan_formats(example: Site) -> None:
    as_json = json.loads(example.plan("--format", "json").out.split("\n(")[0])
    assert as_json["summary"] == {"create": 19, "update": 28, "publish": 18, "delete": 0}
    assert {"key", "kind", "path", "needs"} <= set(as_json["operations"][0])
    markdown = example.plan("--format", "markdown").out
    assert markdown.startswith("### hcsync plan")
    assert "| ➕ | <code>billing/invoices.md</code> | create, metadata, publish |" in markdown


def test_key_never_in_lock_or_output(example: Site) -> None:
    result = example.apply()
    assert "demo-key" not in result.out + result.err
    assert "demo-key" not in (example.root / "hcsync.lock").read_text()


def test_apply_under_a_rate_limit_is_paced_not_refused(example: Site, profile: str) -> None:
    from tests.conftest import TEST_CONFIG

    # 20 requests a second, 10 at once: one token is 50 ms, longer than a loaded
    # machine's usual pause.
    rate_limit = {"per_minute": 1200, "burst": 10}
    example.control.reset(TEST_CONFIG | {"rate_limit": rate_limit, "profile": profile})
    result = example.apply()
    assert result.code == 0, result.err
    statuses = [e["status"] for e in example.control.journal()]
    refused = statuses.count(429)
    # + the lease: 3 writes (may the key delete? create, delete), 3 reads; a refusal is retried
    assert len(statuses) == 68 + 6 + refused
    # The client read X-RateLimit-* and paced itself. A server paused while its bucket
    # is full loses refill no client can see, so one refusal is allowed here; the pure
    # simulation in tests/test_pacing.py proves none at all on an exact clock.
    assert refused <= 1

"""With a lock that matches the tree's last applied state, a plan reads what changed.

Counted in the emulator's journal: the center and the categories (2 reads), then only
the drafts of the pages whose files changed, a search per new article's title, the
draft of a file that left the tree. `--refresh`, an interrupted apply and a lock the
help center no longer matches read everything (see docs/sync.md).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

from hcsync.sync.lockfile import JOURNAL_NAME
from tests.e2e.conftest import Site

NEW = "---\ntitle: Pay by bank transfer\n---\n\nSend the invoice number with the transfer.\n"


def applied(site: Site) -> Site:
    result = site.apply()
    assert result.code == 0, result.out + result.err
    return site


def reads(site: Site) -> list[str]:
    """The GETs of the last command: path (center id dropped) and query."""
    entries = site.control.journal()[site.mark :]
    return [
        "/".join(e["path"].split("/")[4:]) + ("?" + e["query"] if e.get("query") else "")
        for e in entries
        if e["method"] == "GET"
    ]


def article_id(site: Site, path: str) -> str:
    lock: dict[str, Any] = json.loads((site.root / "hcsync.lock").read_text())
    return str(lock["articles"][path]["id"])


def test_one_edited_article_reads_its_draft_and_converges(example: Site) -> None:
    applied(example).edit("billing/refunds.md", "14 days", "30 days")
    plan = example.plan()
    assert plan.code == 0, plan.err
    assert "~ update_draft                 billing/refunds.md" in plan.out
    assert "Plan: 0 to create, 1 to update, 1 to publish, 0 to delete." in plan.out
    refunds = article_id(example, "billing/refunds.md")
    assert reads(example) == [
        "",
        "articles/categories",
        f"articles/{refunds}/draft?expand%5B%5D=content",
    ]

    applied(example)
    assert example.calls() == [
        ("PATCH", "articles/{id}/draft"),
        ("POST", "articles/{id}/publish"),
    ]
    assert example.plan("--detailed-exitcode").code == 0
    assert example.plan("--detailed-exitcode", "--refresh").code == 0  # the full read agrees


def test_an_unchanged_tree_reads_the_center_and_categories_only(example: Site) -> None:
    applied(example)
    assert example.plan("--detailed-exitcode").code == 0
    assert reads(example) == ["", "articles/categories"]


def test_a_new_article_is_looked_for_by_its_title_not_its_category_list(example: Site) -> None:
    applied(example).write("billing/bank-transfer.md", NEW)
    plan = example.plan()
    assert "+ create_article               billing/bank-transfer.md" in plan.out
    listed = [r for r in reads(example) if r.startswith("articles/drafts")]
    [query] = [parse_qs(urlsplit(r).query) for r in listed]  # one search, however spelt
    assert query["search"] == ["Pay by bank transfer"]
    applied(example)
    assert example.calls().count(("POST", "articles")) == 1
    assert example.plan("--detailed-exitcode", "--refresh").code == 0


def test_a_new_file_whose_title_the_category_has_is_adopted_not_duplicated(example: Site) -> None:
    applied(example)
    billing = json.loads((example.root / "hcsync.lock").read_text())["categories"]["billing"]["id"]
    made = example.client.create_article(
        "Pay by bank transfer",
        html="<p>Send the invoice number with the transfer.</p>",
        category_id=billing,
    )
    example.write("billing/bank-transfer.md", NEW)
    plan = example.plan()
    assert f"adopting an existing article 'Pay by bank transfer' ({made.id})" in plan.out
    assert "create_article" not in plan.out


def test_a_deleted_file_reads_its_draft_and_prune_deletes_it(example: Site) -> None:
    applied(example)
    gone = "billing/update-payment-method.md"
    gone_id = article_id(example, gone)
    (example.root / gone).unlink()
    kept = example.plan()
    assert f"note: {gone}: its file left the tree; it stays on the help center" in kept.out
    assert reads(example) == [
        "",
        "articles/categories",
        f"articles/{gone_id}/draft?expand%5B%5D=content",
    ]
    applied(example).apply("--prune")
    assert example.calls() == [("DELETE", "articles/{id}")]
    assert example.plan("--detailed-exitcode", "--prune", "--refresh").code == 0


def test_a_moved_file_is_the_same_article(example: Site) -> None:
    applied(example)
    old = example.root / "billing/update-payment-method.md"
    (example.root / "billing/payment-method.md").write_text(old.read_text())
    old.unlink()
    assert example.apply("--prune").code == 0
    assert ("DELETE", "articles/{id}") not in example.calls()
    assert ("POST", "articles") not in example.calls()
    assert example.plan("--detailed-exitcode", "--prune", "--refresh").code == 0


def test_an_edited_article_deleted_in_the_dashboard_is_created_again(example: Site) -> None:
    applied(example).edit("billing/refunds.md", "14 days", "30 days")
    example.client.delete_article(article_id(example, "billing/refunds.md"))
    plan = example.plan()
    assert "billing/refunds.md: article" in plan.out and "deleted on the help center" in plan.out
    assert "+ create_article               billing/refunds.md" in plan.out
    assert "articles/drafts?expand%5B%5D=content&limit=100" in reads(example)  # all, then


def test_drift_on_an_untouched_page_is_seen_by_the_full_read(example: Site) -> None:
    applied(example)
    example.client.update_draft(article_id(example, "billing/invoices.md"), html="<p>Online</p>")
    assert example.plan("--detailed-exitcode").code == 0  # the trade: not read
    refreshed = example.plan("--refresh")
    assert refreshed.code == 1 and "! drift   billing/invoices.md" in refreshed.out


def test_an_interrupted_apply_is_followed_by_a_full_read(example: Site) -> None:
    applied(example)
    (example.root / JOURNAL_NAME).write_text("")
    assert example.plan("--detailed-exitcode").code == 0
    assert "articles/drafts?expand%5B%5D=content&limit=100" in reads(example)


def test_more_changed_pages_than_the_list_has_pages_are_read_by_the_list(example: Site) -> None:
    applied(example).edit("billing/refunds.md", "14 days", "30 days")
    example.edit("billing/invoices.md", "Every payment", "Each payment")
    plan = example.plan()
    assert "Plan: 0 to create, 2 to update, 2 to publish, 0 to delete." in plan.out
    drafts = [r for r in reads(example) if r.startswith("articles/") and "/draft?" in r]
    assert drafts == []  # 12 articles: one page of the list costs less than two reads
    assert "articles/drafts?expand%5B%5D=content&limit=100" in reads(example)
    applied(example)
    assert example.plan("--detailed-exitcode", "--refresh").code == 0


def test_more_new_articles_than_the_list_has_pages_read_the_list(example: Site) -> None:
    applied(example).write("billing/bank-transfer.md", NEW)
    example.write("billing/cheque.md", NEW.replace("bank transfer", "cheque"))
    plan = example.plan()
    assert "Plan: 2 to create" in plan.out
    assert not [r for r in reads(example) if "search=" in r]  # 12 articles: one page
    assert "articles/drafts?expand%5B%5D=content&limit=100" in reads(example)

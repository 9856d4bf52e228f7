"""After an apply that finished, a plan neither parses nor checks the pages it left as they are.

Seen through the parse cache a plan writes (`.hcsync/parse-cache.json` keeps the pages
the plan parsed, and only those), and through what the plan still finds when a page it
does not parse is affected by one that changed: a renamed heading breaks its links, a
new slug changes its links' URLs, an image edited in place changes its `src`. See
`hcsync/sync/unchanged.py` and docs/development.md.
"""

from __future__ import annotations

import json
import shutil

import pytest

from hcsync.sync.lockfile import read_lock
from tests.conftest import TEST_CONFIG
from tests.e2e.conftest import Site

PAGES = 19  # Markdown pages of content-example


@pytest.fixture(autouse=True)
def parse_cache_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parse cache is what these tests read; with `CI` set, a plan keeps none."""
    monkeypatch.delenv("CI", raising=False)


def applied(site: Site) -> Site:
    result = site.apply()
    assert result.code == 0, result.out + result.err
    return site


def parsed_by_a_cold_plan(site: Site, *extra: str) -> int:
    """How many pages a plan without a parse cache (a fresh clone, CI) parsed."""
    shutil.rmtree(site.root / ".hcsync", ignore_errors=True)
    result = site.plan(*extra)
    assert result.code in (0, 2), result.out + result.err
    cache = json.loads((site.root / ".hcsync" / "parse-cache.json").read_text(encoding="utf-8"))
    return len(cache["pages"])


def test_a_plan_after_an_apply_parses_only_the_pages_that_changed(example: Site) -> None:
    assert parsed_by_a_cold_plan(example) == PAGES  # nothing recorded yet: every page
    applied(example)
    assert parsed_by_a_cold_plan(example, "--detailed-exitcode") == 0
    example.edit("account/delete-your-account.md", "30 days", "14 days")
    # the page, and the one it links to an anchor of (for that anchor)
    assert parsed_by_a_cold_plan(example) == 2
    assert "~ update_draft                 account/delete-your-account.md" in example.plan().out
    applied(example)
    assert parsed_by_a_cold_plan(example, "--detailed-exitcode") == 0


def test_refresh_parses_every_page(example: Site) -> None:
    applied(example)
    assert parsed_by_a_cold_plan(example, "--refresh", "--detailed-exitcode") == PAGES


def test_a_renamed_heading_breaks_the_links_of_pages_left_as_they_are(example: Site) -> None:
    applied(example)
    example.edit("billing/refunds.md", "## VAT", "## Taxes")
    result = example.plan()
    assert result.code == 1
    assert "billing/invoices.md:12:" in result.out and "HC041" in result.out  # its #vat


def test_a_new_slug_sends_the_pages_linking_to_it_again(example: Site) -> None:
    applied(example)
    example.edit("billing/invoices.md", "slug: invoices", "slug: invoices-and-receipts")
    plan = example.plan()
    assert plan.code == 0, plan.out + plan.err
    for linking in ("billing/refunds.md", "billing/plans-and-pricing.md"):
        assert f"~ update_draft                 {linking}" in plan.out
    applied(example)
    assert example.plan("--detailed-exitcode").code == 0


def test_an_image_edited_in_place_sends_the_page_embedding_it_again(example: Site) -> None:
    applied(example)
    other = (example.root / "getting-started" / "img" / "sign-up.png").read_bytes()
    (example.root / "account" / "img" / "two-factor.png").write_bytes(other)
    plan = example.plan()
    assert plan.code == 0, plan.out + plan.err
    assert "~ update_draft                 account/two-factor-authentication.md" in plan.out
    applied(example)
    assert example.plan("--detailed-exitcode").code == 0


def test_an_apply_cut_short_vouches_for_nothing(example: Site) -> None:
    applied(example)
    lock = json.loads((example.root / "hcsync.lock").read_text(encoding="utf-8"))
    assert lock["context"]
    example.edit("billing/refunds.md", "14 days", "30 days")
    (example.root / "hcsync.lock.journal").write_text("", encoding="utf-8")  # as a kill leaves
    assert parsed_by_a_cold_plan(example) == PAGES


def test_a_slug_the_server_numbers_sends_the_pages_linking_to_it_again(example: Site) -> None:
    example.control.reset(TEST_CONFIG | {"profile": "documented", "server": {"slugs": "unique"}})
    applied(example)
    taken = example.client.create_article("Receipts, from the dashboard")
    example.client.update_metadata(taken.id, slug="receipts")
    example.edit("billing/invoices.md", "slug: invoices", "slug: receipts")
    applied(example)  # the help center makes it receipts-2: the links to it go again
    assert example.plan("--detailed-exitcode").code == 0
    lock = read_lock(example.root)
    url = lock.articles["billing/invoices.md"].url or ""
    assert url.endswith("-receipts-2")
    for linking in ("billing/refunds.md", "billing/plans-and-pricing.md"):
        draft = example.client.get_draft(lock.articles[linking].id, content=True)
        assert draft.content is not None and f'href="{url}' in draft.content.html

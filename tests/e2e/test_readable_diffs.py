"""Plan diffs show what a reader would see change, not the server's sanitiser at work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hcsync.local.frontmatter import split_front_matter
from hcsync.local.render import render
from hcsync.plan.diff import canonical_lines, html_diff
from hcsync.sanitize import sanitize
from tests.e2e.conftest import Site
from tests.helpers import make_tree

RICH = """---
title: Shipping rates
seo:
  title: Shipping rates
  description: What shipping costs.
---

# Where we ship

We ship to "most" countries & regions; see the table.

<!-- reviewed by the support team -->

---

| Zone | Price |
|:-----|------:|
| EU   | 5 €   |
| US   | 9 $   |

<p style="color: #c00">Orders placed after 3 pm ship the next day.</p>

<div class="note" style="border: 1px solid">Customs fees are paid on delivery.</div>

Questions? Write to the 'shipping' team.
"""


def rich_site(site_factory: Any) -> Site:
    site: Site = site_factory(None)
    make_tree(site.root, {"shipping/rates.md": RICH}, config="default_language: en\n")
    result = site.apply()
    assert result.code == 0, result.out + result.err
    return site


def changed_lines(plan_output: str) -> list[str]:
    return [
        line.strip()
        for line in plan_output.splitlines()
        if line.startswith(("    +", "    -")) and not line.startswith(("    +++", "    ---"))
    ]


def test_one_changed_sentence_is_a_diff_of_that_sentence(site_factory: Any) -> None:
    site = rich_site(site_factory)
    site.edit("shipping/rates.md", "ship the next day", "ship within two days")
    plan = site.plan()
    assert plan.code == 0, plan.err
    assert changed_lines(plan.out) == [
        "-<p>Orders placed after 3 pm ship the next day.</p>",
        "+<p>Orders placed after 3 pm ship within two days.</p>",
    ]


def test_title_slug_and_seo_changes_are_one_line_each(site_factory: Any) -> None:
    site = rich_site(site_factory)
    site.edit("shipping/rates.md", "title: Shipping rates", "title: Shipping prices\nslug: prices")
    site.edit("shipping/rates.md", "description: What shipping costs.", "description: Costs.")
    plan = site.plan()
    assert plan.code == 0, plan.err
    assert "update_draft" in plan.out and "title “Shipping rates” → “Shipping prices”" in plan.out
    assert changed_lines(plan.out) == []  # the body did not change: no HTML diff at all
    [meta] = [line for line in plan.out.splitlines() if "update_metadata" in line]
    assert "slug 'shipping-rates' → 'prices'" in meta or "slug (unset) → 'prices'" in meta
    assert "seo.description 'What shipping costs.' → 'Costs.'" in meta
    assert "seo.title" not in meta  # unchanged fields are not listed


def test_unchanged_page_after_apply_has_no_diff(site_factory: Any, tmp_path: Path) -> None:
    site = rich_site(site_factory)
    plan = site.plan("--detailed-exitcode")
    assert plan.code == 0 and changed_lines(plan.out) == []


def test_what_the_sanitiser_does_is_no_change() -> None:
    body = split_front_matter(RICH).body + "\n- [x] done\n- [ ] to do\n\nLine<br />break\n"
    fresh = render(body)
    stored = sanitize(fresh)
    assert stored != fresh
    assert canonical_lines(stored) == canonical_lines(fresh)
    assert html_diff(stored, fresh, "a.md") == ""

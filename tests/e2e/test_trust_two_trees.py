"""Two trees on one center: an article one did not create is adopted only with a line
in the plan, and a prune deletes only what the tree's own lock holds."""

from __future__ import annotations

import shutil

from tests.e2e.conftest import Site


def test_a_second_tree_says_it_adopts_the_first_trees_article_and_prunes_nothing_of_it(
    site_factory: object,
) -> None:
    first: Site = site_factory()  # type: ignore[operator]
    assert first.apply().code == 0
    before = {d.id for d in first.client.list_drafts()}
    second: Site = site_factory(None, "second")  # type: ignore[operator]
    shutil.copy(first.root / "hcsync.yml", second.root / "hcsync.yml")
    second.write("account/_category.yml", (first.root / "account/_category.yml").read_text())
    second.write(  # the same title in the same category: another tree's page
        "account/two-factor-authentication.md",
        "---\ntitle: Two-factor authentication\n---\n\nThe second tree's text.\n",
    )

    plan = second.plan()
    applied = second.apply("--prune", "--force")

    assert plan.code == 0, plan.err
    assert "note: adopting an existing article 'Two-factor authentication'" in plan.out
    assert "created in the dashboard or by another tree" in plan.out
    assert applied.code == 0, applied.err
    assert [c for c in second.calls() if c[0] == "DELETE"] == []
    assert {d.id for d in first.client.list_drafts()} == before
    again = second.plan()
    assert "adopting" not in again.out, "the lock holds it now: said once"


def test_the_markdown_plan_names_the_adoption(site_factory: object) -> None:
    first: Site = site_factory()  # type: ignore[operator]
    assert first.apply().code == 0
    (first.root / "hcsync.lock").unlink()  # a tree without its lock: everything adopted

    result = first.plan("--format", "markdown")

    assert result.code == 0, result.err
    assert "adopting an existing article" in result.out

"""A wrong or empty checkout with --prune --yes loses nothing without --force."""

from __future__ import annotations

from tests.e2e.conftest import Site


def test_an_empty_checkout_cannot_wipe_a_small_center(example: Site) -> None:
    assert example.apply().code == 0
    before = len(list(example.client.list_drafts()))
    for path in example.root.rglob("*"):
        if path.is_file() and path.name not in ("hcsync.yml", "hcsync.lock"):
            path.unlink()  # a failed sparse checkout

    refused = example.apply("--prune")

    assert refused.code == 1
    assert refused.err.count("\n") == 1, refused.err
    assert f"deletes {before} of {before} managed articles" in refused.err
    assert "--force" in refused.err
    assert [c for c in example.calls() if c[0] == "DELETE"] == []
    assert len(list(example.client.list_drafts())) == before


def test_one_deleted_article_of_the_example_center_is_pruned_without_force(example: Site) -> None:
    assert example.apply().code == 0
    before = len(list(example.client.list_drafts()))
    (example.root / "getting-started" / "welcome.fr.md").unlink()
    (example.root / "getting-started" / "welcome.de.md").unlink()
    (example.root / "getting-started" / "welcome.md").unlink()

    result = example.apply("--prune")

    assert before >= 4, "the example center is big enough for one delete to be safe"
    assert result.code == 0, result.err
    assert len(list(example.client.list_drafts())) == before - 1

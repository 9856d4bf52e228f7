"""The apply handlers no other test runs: unpublish and delete a translation, delete a category."""

from __future__ import annotations

import json
import shutil

import pytest

from hcsync.api import NotFound
from tests.e2e.conftest import Site


def _applied(example: Site) -> dict[str, str]:
    result = example.apply()
    assert result.code == 0, result.err
    lock = json.loads((example.root / "hcsync.lock").read_text())
    return {path: entry["id"] for path, entry in lock["articles"].items()}


def test_a_translation_set_to_draft_is_unpublished(example: Site) -> None:
    ids = _applied(example)
    example.edit("account/reset-your-password.de.md", "slug:", "status: draft\nslug:")
    result = example.apply()
    assert result.code == 0, result.err
    assert "unpublish_translation" in result.out
    assert example.calls() == [("POST", "articles/{id}/translations/de/unpublish")]
    de = example.client.get_translation_draft(ids["account/reset-your-password.md"], "de")
    assert de.status != "published"
    assert example.plan("--detailed-exitcode").code == 0


def test_a_deleted_translation_file_is_deleted_with_prune(example: Site) -> None:
    ids = _applied(example)
    (example.root / "account/reset-your-password.fr.md").unlink()
    kept = example.apply()
    assert kept.code == 0 and example.calls() == []  # without --prune it stays
    result = example.apply("--prune")
    assert result.code == 0, result.err
    assert example.calls() == [("DELETE", "articles/{id}/translations/fr")]
    with pytest.raises(NotFound):
        example.client.get_translation_draft(ids["account/reset-your-password.md"], "fr")
    assert example.plan("--prune", "--detailed-exitcode").code == 0


def test_a_deleted_category_folder_is_deleted_with_prune(example: Site) -> None:
    _applied(example)
    assert "Installation" in _subcategories(example)
    shutil.rmtree(example.root / "getting-started/install")
    for rel in ("getting-started/welcome.md", "getting-started/welcome.de.md"):
        text = (example.root / rel).read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if "install/" not in line]
        (example.root / rel).write_text("\n".join(lines) + "\n", encoding="utf-8")
    example.edit(
        "getting-started/welcome.fr.md",
        "[Linux](install/linux.md) ou un autre système",
        "Linux ou un autre système",
    )
    result = example.apply("--prune")
    assert result.code == 0, result.err
    calls = example.calls()
    assert calls.count(("DELETE", "articles/{id}")) == 3
    assert [c for c in calls if "categories" in c[1]] == [("DELETE", "articles/categories/{id}")]
    assert "Installation" not in _subcategories(example)
    assert example.plan("--prune", "--detailed-exitcode").code == 0


def _subcategories(example: Site) -> list[str]:
    return [child.name for c in example.client.list_categories() for child in c.children]

"""Pull writes only plain paths inside the content root."""

from __future__ import annotations

from pathlib import Path

import pytest

from hcsync.errors import FatalError
from hcsync.sync.writing import safe_target, tree_entries


@pytest.mark.parametrize("rel", ["../x.md", "/etc/passwd", "a//b.md", "a/./b.md", "a\\..\\b.md"])
def test_anything_but_a_plain_relative_path_is_refused(tmp_path: Path, rel: str) -> None:
    with pytest.raises(FatalError, match="not a plain path"):
        safe_target(tmp_path, rel)


def test_links_that_lead_outside_are_refused(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "linked").symlink_to(outside)
    (root / "file.md").symlink_to(outside / "file.md")
    for rel in ("linked/a.md", "file.md"):
        with pytest.raises(FatalError, match="leads outside"):
            safe_target(root, rel)
    assert safe_target(root, "new/a.md") == root / "new/a.md"


def test_tree_entries_lists_files_and_folders_but_not_hidden_ones(tmp_path: Path) -> None:
    (tmp_path / "c/img").mkdir(parents=True)
    (tmp_path / "c/a.md").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git/config").write_text("x")
    assert tree_entries(tmp_path) == {"c", "c/img", "c/a.md"}

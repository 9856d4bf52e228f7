"""`hcsync check` over the real Arduino help-center corpus (read-only, copied)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from hcsync.local.loader import load_site
from tests.helpers import run

CORPUS = (
    Path(__file__).resolve().parents[3] / "shared" / "corpus" / "arduino-help-center" / "content"
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    if not CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the corpus is missing at {CORPUS}")
        pytest.skip("the shared corpus is not beside this checkout")
    copy = tmp_path / "content"
    shutil.copytree(CORPUS, copy)
    return copy


def test_migrating_user_sees_foreign_keys_as_errors_with_hints(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (corpus / "hcsync.yml").write_text("default_language: en\n")
    result = run(capsys, "check", str(corpus))
    assert result.code == 1
    errors = [line for line in result.out.splitlines() if " HC" in line and "(warning)" not in line]
    assert len(errors) == 1
    assert (
        "How-to-delete-your-Arduino-account.md:4:1: HC004 unknown key 'draft'; did you mean 'status: draft'?"
        in errors[0]
    )
    # numeric ids of the old help desk: a warning each, and ignored
    assert result.out.count("HC013") == 112


def test_with_ignore_keys_only_real_problems_remain(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (corpus / "hcsync.yml").write_text("default_language: en\nignore_keys: [draft, id]\n")
    result = run(capsys, "check", str(corpus))
    assert result.code == 0
    effects = sorted({line.split(" HC060 (warning) ")[1] for line in result.out.splitlines()})
    assert effects == [  # every remaining finding is real: what the server's sanitiser changes
        "<p style>: the server removes the style, so this hidden text becomes visible",
        "<td style>: the server removes the style; the text stays visible, unstyled",
        "<th style>: the server removes the style; the text stays visible, unstyled",
    ]
    site = load_site(corpus)
    assert len(site.articles) == 112
    assert len(site.categories) == 3 + len({a.category for a in site.articles})

"""The real Arduino corpus, applied, then pulled into an empty folder: nothing left to do."""

from __future__ import annotations

import os

import pytest

from tests.e2e.conftest import Site
from tests.e2e.test_corpus_apply import CORPUS
from tests.e2e.test_pull import assert_in_sync, assert_lossless, pulled


def test_corpus_applied_then_pulled_plans_empty(site_factory: object) -> None:
    if not CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the corpus is missing at {CORPUS}")
        pytest.skip("the shared corpus is not beside this checkout")
    source: Site = site_factory(CORPUS)  # type: ignore[operator]
    source.write("hcsync.yml", "center_id: demo\ndefault_language: en\nignore_keys: [draft, id]\n")
    assert source.apply().code == 0
    target = pulled(site_factory)
    result = target.hcsync("pull", str(target.root))
    assert result.code == 0, result.err[-2000:]
    assert len(list(target.root.rglob("*.md"))) == 112
    inexact = [line for line in result.err.splitlines() if "kept as close" in line]
    assert inexact == []
    assert_lossless(target)
    assert_in_sync(target)

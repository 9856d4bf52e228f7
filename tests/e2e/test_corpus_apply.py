"""The real Arduino corpus, applied into an empty center, then nothing left to do."""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pytest

from hcsync.local.images import image_digests
from hcsync.local.loader import load_site
from tests.e2e.conftest import Site

CORPUS = (
    Path(__file__).resolve().parents[3] / "shared" / "corpus" / "arduino-help-center" / "content"
)


def test_corpus_applies_and_then_plans_empty(site_factory: object) -> None:
    if not CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the corpus is missing at {CORPUS}")
        pytest.skip("the shared corpus is not beside this checkout")
    site: Site = site_factory(CORPUS)  # type: ignore[operator]
    site.write("hcsync.yml", "center_id: demo\ndefault_language: en\nignore_keys: [draft, id]\n")
    result = site.apply()
    assert result.code == 0, result.out[-2000:] + result.err
    calls = site.calls()
    assert calls.count(("POST", "articles")) == 112
    assert calls.count(("POST", "articles/{id}/publish")) == 112
    distinct_images = set(image_digests(load_site(site.root)).values())
    assert calls.count(("POST", "articles/images")) == len(distinct_images) > 100
    assert site.plan("--detailed-exitcode").code == 0
    drafts = list(site.client.list_drafts(content=True))
    assert len(drafts) == 112
    for draft in drafts:
        html = draft.content.html if draft.content else ""
        assert not re.search(r'src="(?!https?://)', html), draft.title
        assert not re.search(r'href="[^"]*\.md', html), draft.title
    some = re.findall(
        r'src="(http://127[^"]+)"', "".join(d.content.html for d in drafts if d.content)
    )
    assert some and all(httpx.get(url).status_code == 200 for url in some[:5])

"""A lost lock sends no write for pages that already match what the server stored.

The emulator's sanitiser (nh3) adds `<tbody>`, drops `id`s off `<div>`s and links of
schemes it does not allow, mends unclosed cells as HTML5 parsers do, and more; the
canonical comparison must see through it.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from tests.e2e.conftest import EXAMPLE, Site
from tests.e2e.test_corpus_apply import CORPUS

SANITISED = """---
title: What a sanitiser changes
---

<table><tr><td>a table without its tbody</td></tr></table>

<table><tr><td>a cell left open<td>and the next one</table>

<div id="box">a div with an id</div>

A [link of an unknown scheme](foo:bar) and [a good one](https://example.com).
"""


def _tree(name: str) -> Path:
    if name == "corpus" and not CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the corpus is missing at {CORPUS}")
        pytest.skip("the shared corpus is not beside this checkout")
    return CORPUS if name == "corpus" else EXAMPLE


# What the documented API never shows, so a plan without its lock cannot know it holds
# the tree's value: a subtitle, a draft's SEO, a translation's SEO, a subcategory's
# translations (docs/sync.md, "What plan reads and what it trusts").
UNKNOWABLE = {
    "content-example": {
        ("PATCH", "articles/{id}/metadata"): 2,  # two-factor's subtitle; a draft's SEO
        ("PATCH", "articles/{id}/translations/de/metadata"): 4,
        ("PATCH", "articles/{id}/translations/fr/metadata"): 3,
        ("PATCH", "articles/categories/{id}"): 1,  # getting-started/install's German name
    },
    "corpus": {},  # one language: no translations, and every page published with no SEO
}


@pytest.mark.parametrize("tree", ["content-example", "corpus"])
def test_with_its_lock_deleted_an_apply_sends_nothing(
    site_factory: object, tree: str, profile: str
) -> None:
    site: Site = site_factory(_tree(tree))  # type: ignore[operator]
    if tree == "corpus":
        site.write(
            "hcsync.yml", "center_id: demo\ndefault_language: en\nignore_keys: [draft, id]\n"
        )
    else:
        site.write("billing/sanitised.md", SANITISED)
    first = site.apply()
    assert first.code == 0, first.out[-2000:] + first.err
    (site.root / "hcsync.lock").unlink()
    again = site.apply()
    assert again.code == 0, again.out[-2000:] + again.err
    expected = UNKNOWABLE[tree] if profile == "documented" else {}
    assert Counter(site.calls()) == expected
    assert site.plan("--detailed-exitcode").code == 0

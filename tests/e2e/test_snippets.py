"""Snippets and variables end to end: rendered on the emulator, a snippet edit updates its users."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.conftest import Site
from tests.helpers import article, make_tree

CONFIG = "default_language: en\nvariables:\n  product: Acme Cloud\n"


def snippet_site(site_factory: Any) -> Site:
    site: Site = site_factory(None)
    make_tree(
        site.root,
        {
            "_snippets/contact.md": "Questions? Write to the {{ product }} team.\n",
            "help/a.md": article(
                "Article A", 'About {{ product }}: `{{ product }}`.\n\n{% include "contact.md" %}\n'
            ),
            "help/b.md": article("Article B", 'B text.\n\n{% include "contact.md" %}\n'),
            "help/c.md": article("Article C", "No snippet here.\n"),
        },
        config=CONFIG,
    )
    result = site.apply()
    assert result.code == 0, result.out + result.err
    return site


def html_of(site: Site, path: str) -> str:
    article_id = json.loads((site.root / "hcsync.lock").read_text())["articles"][path]["id"]
    draft = site.client.get_draft(article_id, content=True)
    return draft.content.html if draft.content else ""


def test_variables_and_snippets_reach_the_help_center(site_factory: Any) -> None:
    site = snippet_site(site_factory)
    html = html_of(site, "help/a.md")
    assert "About Acme Cloud: <code>{{ product }}</code>." in html
    assert "Questions? Write to the Acme Cloud team." in html
    assert site.plan("--detailed-exitcode").code == 0  # nothing left to do


def test_editing_a_snippet_updates_every_article_that_includes_it(site_factory: Any) -> None:
    site = snippet_site(site_factory)
    site.edit("_snippets/contact.md", "Write to", "Call")
    plan = site.plan("--detailed-exitcode")
    assert plan.code == 2
    drafts = [line for line in plan.out.splitlines() if "update_draft" in line]
    assert len(drafts) == 2
    assert all("snippet _snippets/contact.md changed" in line for line in drafts)
    assert {line.split()[2] for line in drafts} == {"help/a.md", "help/b.md"}
    assert site.apply().code == 0
    assert sorted(site.calls()).count(("PATCH", "articles/{id}/draft")) == 2
    assert "Questions? Call the Acme Cloud team." in html_of(site, "help/b.md")
    assert site.plan("--detailed-exitcode").code == 0


def test_an_own_edit_is_not_blamed_on_the_snippet(site_factory: Any) -> None:
    site = snippet_site(site_factory)
    site.edit("help/b.md", "B text.", "B text, longer.")
    [draft] = [line for line in site.plan().out.splitlines() if "update_draft" in line]
    assert "help/b.md" in draft and "snippet" not in draft

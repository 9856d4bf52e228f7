"""The preview's pages as HTML: what the writer is told, and that bodies are what apply sends."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from hcsync.local.parsecache import ParseCache
from hcsync.local.problem import Problem
from hcsync.plan.desired import Resolver, render_page
from hcsync.preview.body import article_body, sent_html
from hcsync.preview.pages import outputs, render_output
from hcsync.preview.site import PreviewSite, load_preview
from hcsync.sanitize import sanitize
from tests.helpers import PNG, article, make_tree

TREE: dict[str, str | bytes] = {
    "guides/_category.yml": "name: Guides\ndescription: How to do things.\n",
    "guides/one.md": article(
        "One",
        "# One\n\n## Set up {#setup}\n\nSee [two](two.md#usage), [the setup](#setup) and "
        "[gone](missing.md).\n\n![A screen](img/shot.png)\n\n![Lost](img/lost.png)\n\n"
        "<script>alert(1)</script>\n\n> [!TIP]\n> Tip text.\n",
    ),
    "guides/one.de.md": article("Eins", "Siehe [zwei](two.md).\n"),
    "guides/two.md": article("Two", "## Usage\n\nBack to [one](one.md#nowhere).\n", status="draft"),
    "guides/img/shot.png": PNG,
    "guides/deeper/_category.yml": "name: Deeper\n",
    "guides/deeper/three.md": article("Three", "Up to [one](../one.md).\n"),
}


@pytest.fixture
def preview(tmp_path: Path) -> PreviewSite:
    return load_preview(make_tree(tmp_path / "tree", TREE))


def html_of(preview: PreviewSite, path: str) -> str:
    found = render_output(preview, path)
    assert found is not None, path
    return found.content.decode()


def test_the_body_is_what_apply_sends_sanitised_with_links_into_the_preview(
    preview: PreviewSite,
) -> None:
    one = preview.site.article("guides/one.md")
    assert one is not None
    as_sent = render_page(
        one, Resolver(), "en", ParseCache()
    ).html  # apply's render, no URL known yet
    ours = sent_html(preview, one)
    # The same HTML as apply's render, but for the URLs the preview points into itself.
    slots = re.compile(r'(href|src)="[^"]*"')
    assert slots.sub("", ours) == slots.sub("", as_sent)
    assert 'href="two.html#usage"' in ours and 'src="img/shot.png"' in ours
    body = article_body(preview, one)
    assert "<script>" not in body and "alert(1)" not in body
    assert body.startswith(sanitize(ours).split("<a", 1)[0])


def test_translation_links_go_to_the_translation_or_fall_back_to_the_root(
    preview: PreviewSite,
) -> None:
    one = preview.site.article("guides/one.md")
    three = preview.site.article("guides/deeper/three.md")
    assert one is not None and three is not None
    assert 'href="two.html"' in sent_html(preview, one.translations["de"])
    assert 'href="../one.html"' in sent_html(preview, three)


def test_broken_links_images_and_anchors_are_marked_in_place(preview: PreviewSite) -> None:
    page = html_of(preview, "guides/one.html")
    assert re.search(r'<a [^>]*class="hc-broken"[^>]*data-broken="link to no article', page)
    assert re.search(r'<img [^>]*class="hc-broken"[^>]*data-broken="image not found', page)
    assert 'href="two.html#usage"' in page and 'href="#setup"' in page  # good ones untouched
    assert page.count('class="hc-broken"') == 2
    two = html_of(preview, "guides/two.html")
    assert 'data-broken="no heading #nowhere in guides/one.md"' in two


def test_check_problems_are_at_the_top_of_the_page_with_code_and_line(preview: PreviewSite) -> None:
    page = html_of(preview, "guides/one.html")
    problems = page[page.index('aria-label="Problems"') : page.index("hc-article")]
    assert "HC040" in problems and "HC050" in problems
    assert re.search(r"line \d+</span> [^<]*missing\.md", problems)
    home = html_of(preview, "index.html")
    assert 'href="guides/one.html">guides/one.md</a>' in home


def test_draft_stale_and_search_result(preview: PreviewSite) -> None:
    two = html_of(preview, "guides/two.html")
    assert "<strong>Draft:</strong> not public" in two
    assert "hc-tag-draft" in html_of(preview, "guides/_category.html")
    stale = Problem("guides/one.de.md", 1, 1, "HC080", "stale translation", "warning")
    preview = replace(preview, problems=(*preview.problems, stale))
    de = html_of(preview, "guides/one.de.html")
    assert re.search(r'Stale translation:</strong> its source <a href="one.html">One', de)
    assert "title: 4 characters (from the title), 50–60 recommended" in de
    assert "description: 0 characters (not set)" in de
    assert '<html lang="de">' in de


def test_home_categories_and_language_switcher(preview: PreviewSite) -> None:
    home = html_of(preview, "index.html")
    for link in ("guides/_category.html", "guides/deeper/_category.html", "guides/one.html"):
        assert f'href="{link}"' in home
    one = html_of(preview, "guides/one.html")
    switcher = one[one.index('aria-label="Languages"') :].split("</nav>", 1)[0]
    assert 'aria-current="page">English' in switcher and 'href="one.de.html">Deutsch' in switcher


def test_no_asset_is_fetched_from_elsewhere(preview: PreviewSite) -> None:
    for path in outputs(preview):
        found = render_output(preview, path)
        assert found is not None
        if found.media_type.startswith("text/html"):
            text = found.content.decode()
            assert not re.search(r'<(link|script)[^>]*(src|href)=|src="(https?:)?//', text), path


def test_only_embedded_images_are_served_from_the_tree(preview: PreviewSite) -> None:
    image = render_output(preview, "guides/img/shot.png")
    assert image is not None and image.content == PNG and image.media_type == "image/png"
    for path in ("hcsync.yml", "guides/one.md", "../secret", "guides/img/lost.png"):
        assert render_output(preview, path) is None


def test_a_file_that_could_not_be_loaded_is_named_on_the_home_page(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "tree", {**TREE, "guides/deeper/still/deep.md": article("Deep")})
    home = html_of(load_preview(root), "index.html")
    assert re.search(r"<code>HC030</code> <code>guides/deeper/still/deep.md</code>", home)


def test_the_home_page_lists_the_first_problems_and_counts_the_rest(tmp_path: Path) -> None:
    pages = {f"guides/p{n}.md": article(f"P{n}", "[gone](gone.md)\n") for n in range(60)}
    preview = load_preview(make_tree(tmp_path / "tree", {**TREE, **pages}))
    home = html_of(preview, "index.html")
    assert f"<h2>{len(preview.problems)} to fix in the tree</h2>" in home
    assert home.count('class="hc-problem ') == 50
    assert f"…and {len(preview.problems) - 50} more: <code>hcsync check</code>" in home

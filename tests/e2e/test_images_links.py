"""Images uploaded once per content, links rewritten to public URLs, over real HTTP."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import httpx

from hcsync.sync.lockfile import read_lock
from tests.e2e.conftest import Site
from tests.helpers import PNG

CONFIG = "center_id: demo\ndefault_language: en\nlanguages: [de]\n"


def page(title: str, body: str, slug: str | None = None) -> str:
    return f"---\ntitle: {title}\n" + (f"slug: {slug}\n" if slug else "") + f"---\n\n{body}\n"


def stored_html(site: Site) -> dict[str, str]:
    return {d.title: d.content.html for d in site.client.list_drafts(content=True) if d.content}


def test_two_articles_sharing_an_image_upload_it_once(site_factory: object, tmp_path: Path) -> None:
    site: Site = site_factory(None)  # type: ignore[operator]
    site.write("hcsync.yml", CONFIG)
    site.write("guides/img/shot.png", PNG)
    site.write("guides/one.md", page("One", "![The screen](img/shot.png)"))
    site.write("guides/two.md", page("Two", '<img src="img/shot.png" alt="Same screen">'))
    assert site.apply().code == 0
    assert site.calls().count(("POST", "articles/images")) == 1
    html = stored_html(site)
    [url] = set(re.findall(r'src="([^"]+)"', html["One"] + html["Two"]))
    assert httpx.get(url).content == PNG

    assert site.apply().code == 0
    assert site.calls() == []
    clone = tmp_path / "fresh-clone"
    shutil.copytree(site.root, clone)  # a CI checkout: the committed lock comes along
    site.root = clone
    assert site.apply().code == 0
    assert site.calls() == []


def test_changed_image_bytes_upload_once_and_update_each_embedding_article(
    site_factory: object,
) -> None:
    site: Site = site_factory(None)  # type: ignore[operator]
    site.write("hcsync.yml", CONFIG)
    site.write("guides/img/shot.png", PNG)
    for name in ("one", "two"):
        site.write(f"guides/{name}.md", page(name.title(), "![The screen](img/shot.png)"))
    site.write("guides/three.md", page("Three", "No image."))
    assert site.apply().code == 0
    site.write("guides/img/shot.png", PNG + b"new")
    plan = site.plan()
    assert "upload_image" in plan.out
    assert site.apply().code == 0
    calls = site.calls()
    assert calls.count(("POST", "articles/images")) == 1
    assert calls.count(("PATCH", "articles/{id}/draft")) == 2
    assert calls.count(("POST", "articles/{id}/publish")) == 2
    assert len(calls) == 5


def test_new_articles_linking_each_other_need_one_follow_up(site_factory: object) -> None:
    site: Site = site_factory(None)  # type: ignore[operator]
    site.write("hcsync.yml", CONFIG)
    site.write("guides/a.md", page("Alpha", "See [beta](b.md#details)."))
    site.write("guides/b.md", page("Beta", "## Details\n\nBack to [alpha](a.md)."))
    assert site.apply().code == 0
    calls = site.calls()
    assert calls.count(("POST", "articles")) == 2
    assert calls.count(("PATCH", "articles/{id}/draft")) == 1
    html = stored_html(site)
    lock = read_lock(site.root).articles
    assert f'href="{lock["guides/b.md"].url}#details"' in html["Alpha"]
    assert f'href="{lock["guides/a.md"].url}"' in html["Beta"]
    assert ".md" not in html["Alpha"] + html["Beta"]
    assert site.plan("--detailed-exitcode").code == 0


def test_slug_change_updates_every_linking_article(site_factory: object) -> None:
    site: Site = site_factory(None)  # type: ignore[operator]
    site.write("hcsync.yml", CONFIG)
    site.write("guides/target.md", page("Target", "Hello.", slug="old-name"))
    for name in ("x", "y"):
        site.write(f"guides/{name}.md", page(name.upper(), "Go to [target](target.md)."))
    site.write("guides/z.md", page("Z", "Unrelated."))
    assert site.apply().code == 0
    site.edit("guides/target.md", "slug: old-name", "slug: new-name")
    assert site.apply().code == 0
    calls = site.calls()
    assert calls.count(("PATCH", "articles/{id}/metadata")) == 1
    assert calls.count(("PATCH", "articles/{id}/draft")) == 2
    html = stored_html(site)
    assert "-new-name" in html["X"] and "-new-name" in html["Y"]
    assert site.plan("--detailed-exitcode").code == 0


def test_links_inside_translations_prefer_the_translation(site_factory: object) -> None:
    site: Site = site_factory(None)  # type: ignore[operator]
    site.write("hcsync.yml", CONFIG)
    site.write("guides/a.md", page("A", "[b](b.md)"))
    site.write("guides/a.de.md", page("A de", "[b](b.md) und [c](c.md)", slug="a-de"))
    site.write("guides/b.md", page("B", "b", slug="b"))
    site.write("guides/b.de.md", page("B de", "b", slug="b-de"))
    site.write("guides/c.md", page("C", "c", slug="c"))
    assert site.apply().code == 0
    lock = read_lock(site.root).articles
    a_id = lock["guides/a.md"].id
    german = site.client.get_translation(a_id, "de", content=True).content.html  # type: ignore[union-attr]
    assert (
        f'href="https://demo.help.center/de/article/{lock["guides/b.md"].slug_id}-b-de"' in german
    )
    assert f'href="{lock["guides/c.md"].url}"' in german  # no German c: the root's URL


def test_link_to_a_draft_is_warned(site_factory: object) -> None:
    site: Site = site_factory(None)  # type: ignore[operator]
    site.write("hcsync.yml", CONFIG)
    site.write("guides/a.md", page("A", "[b](b.md)"))
    site.write("guides/b.md", "---\ntitle: B\nstatus: draft\n---\n\nb\n")
    assert "links to guides/b.md, which stays a draft" in site.plan().out


def test_example_has_no_relative_paths_left_and_images_serve(example: Site) -> None:
    assert example.apply().code == 0
    for title, html in stored_html(example).items():
        assert ".md" not in html, title
        for src in re.findall(r'src="([^"]+)"', html):
            assert src.startswith("http"), (title, src)
            assert httpx.get(src).status_code == 200


def test_missing_image_names_the_article_and_changes_nothing(site_factory: object) -> None:
    site: Site = site_factory(None)  # type: ignore[operator]
    site.write("hcsync.yml", CONFIG)
    site.write("guides/a.md", page("A", "![gone](img/gone.png)"))
    site.write("guides/b.md", page("B", "fine"))
    site.write("guides/big.md", page("Big", "![big](big.png)"))
    site.write("guides/big.png", PNG + b"\0" * (10 * 1024 * 1024))
    result = site.apply()
    assert result.code == 1
    assert "guides/a.md:5:9: HC050 image 'img/gone.png' does not exist" in result.out
    assert "guides/big.md:5:8: HC052 image 'big.png' is 10.0 MB" in result.out
    assert site.control.journal() == []

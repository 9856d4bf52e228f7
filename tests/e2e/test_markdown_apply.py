"""Real-world Markdown applied to the emulator: what readers get after the server's sanitiser."""

from __future__ import annotations

from collections.abc import Mapping

from hcsync.plan.lock import ArticleLock
from hcsync.sync.lockfile import read_lock
from tests.e2e.conftest import Site
from tests.helpers import PNG

CONFIG = "center_id: demo\ndefault_language: en\nlanguages: [de]\n"

EVERYTHING = """\
> [!WARNING]
> Unplug the board first.

> [!tip]- Before you start
> Read [the other guide](/guides/b.md#setup).

Footnoted[^1].

- [x] charged
- [ ] connected

| Part | Price |
|:-----|------:|
| Board | 20 |

![Board](/guides/img/board.png)

<img src="/guides/img/board.png" alt="">

[^1]: The footnote.
"""


def page(title: str, body: str, slug: str | None = None) -> str:
    return f"---\ntitle: {title}\n" + (f"slug: {slug}\n" if slug else "") + f"---\n\n{body}\n"


def lock_of(site: Site) -> Mapping[str, ArticleLock]:
    return read_lock(site.root).articles


def test_constructs_reach_readers_as_written(site_factory: object) -> None:
    site: Site = site_factory(None)  # type: ignore[operator]
    site.write("hcsync.yml", CONFIG)
    site.write("guides/a.md", page("A", EVERYTHING))
    site.write("guides/b.md", page("B", "## Setup\n\nSteps."))
    site.write("guides/img/board.png", PNG)
    assert site.apply().code == 0
    lock = lock_of(site)
    [draft] = [d for d in site.client.list_drafts(content=True) if d.title == "A"]
    assert draft.content is not None
    html = draft.content.html
    assert '<div class="warning">\n<p>Unplug the board first.</p>\n</div>' in html
    assert '<div class="tip">\n<p><strong>Before you start</strong></p>' in html
    assert f'href="{lock["guides/b.md"].url}#setup"' in html
    assert "[!" not in html and "/guides/" not in html  # no raw markers, no tree paths left
    assert '<a href="#fn1" id="fnref1"' in html and '<a id="fn1"' in html
    assert "<li>☑ charged</li>" in html and "<li>☐ connected</li>" in html
    assert '<th align="right">Price</th>' in html and '<td align="right">20</td>' in html
    assert html.count("/cdn/images/") == 2  # both root-absolute images uploaded
    assert site.plan("--detailed-exitcode").code == 0  # rendered the same way next time


def test_titles_in_every_script_get_transliterated_slugs(site_factory: object) -> None:
    site: Site = site_factory(None)  # type: ignore[operator]
    site.write("hcsync.yml", CONFIG)
    titles = {
        "ru": "Сброс пароля",
        "el": "Επαναφορά κωδικού",
        "zh": "如何重置密码",
        "de": "Straße und Öl",
    }
    links = " ".join(f"[{name}]({name}.md)" for name in titles)
    site.write("guides/index.md", page("Index", links))
    for name, title in titles.items():
        site.write(f"guides/{name}.md", page(title, "Text."))
    assert site.apply().code == 0
    slugs = {path.split("/")[1][:-3]: entry.slug for path, entry in lock_of(site).items()}
    assert slugs == {
        "index": slugs["index"],
        "ru": "sbros-parolia",
        "el": "epanaphora-kodikou",
        "zh": "ru-he-zhong-zhi-mi-ma",
        "de": "strasse-und-ol",
    }


def test_directories_translation_links_fall_back_to_the_default_page(site_factory: object) -> None:
    site: Site = site_factory(None)  # type: ignore[operator]
    site.write("hcsync.yml", CONFIG + "layout: directories\n")
    site.write("en/guides/a.md", page("A", "[b](b.md) [c](c.md)"))
    site.write("en/guides/b.md", page("B", "b", slug="b"))
    site.write("en/guides/c.md", page("C", "c", slug="c"))
    site.write("de/guides/a.md", page("A de", "[b](b.md) und [c](c.md)", slug="a-de"))
    site.write("de/guides/c.md", page("C de", "c", slug="c-de"))
    assert site.hcsync("check", str(site.root)).code == 0
    assert site.apply().code == 0
    lock = lock_of(site)
    a_id = lock["en/guides/a.md"].id
    german = site.client.get_translation(a_id, "de", content=True).content.html  # type: ignore[union-attr]
    assert f'href="{lock["en/guides/b.md"].url}"' in german  # no German b: the root's URL
    c_id = lock["en/guides/c.md"].slug_id
    assert f'href="https://demo.help.center/de/article/{c_id}-c-de"' in german


def test_a_new_page_linking_to_itself_links_within_the_page(site_factory: object) -> None:
    site: Site = site_factory(None)  # type: ignore[operator]
    site.write("hcsync.yml", CONFIG)
    site.write("guides/a.md", page("A", "## Top\n\n[top](a.md#top) [again](/guides/a.md)"))
    assert site.apply().code == 0
    [draft] = site.client.list_drafts(content=True)
    assert draft.content is not None
    assert '<a href="#top"' in draft.content.html
    assert '<a href="#"' in draft.content.html
    assert site.plan("--detailed-exitcode").code == 0

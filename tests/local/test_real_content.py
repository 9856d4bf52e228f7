"""What real trees contain, published as written or reported: callout titles, link schemes."""

from __future__ import annotations

from pathlib import Path

import pytest

from hcsync.local.loader import load_site
from hcsync.local.render import Ref, render
from hcsync.local.rules import KEPT_SCHEMES
from hcsync.sanitize import sanitize
from tests.helpers import article, make_tree, run


def check_lines(root: Path, out: str) -> list[str]:
    return [line.removeprefix(f"{root}/") for line in out.splitlines()]


# -- callout titles --------------------------------------------------------------

OBSIDIAN = (
    "> [!info] See `x` in [Other](other.md) and **bold**\n"
    "> The body.\n\n"
    "::: tip Read [this](other.md#setup) *first*\n"
    "Text.\n"
    ":::\n"
)


def test_callout_titles_render_inline_markdown_and_their_links_are_rewritten() -> None:
    def public(ref: Ref) -> str | None:
        return "https://help.acme.test/other" + ref.target.partition(".md")[2]

    assert render(OBSIDIAN, public) == (
        '<div class="info">\n'
        '<p><strong>See <code>x</code> in <a href="https://help.acme.test/other">Other</a>'
        " and <strong>bold</strong></strong></p>\n"
        "<p>The body.</p>\n"
        "</div>\n"
        '<div class="tip">\n'
        '<p><strong>Read <a href="https://help.acme.test/other#setup">this</a>'
        " <em>first</em></strong></p>\n"
        "<p>Text.</p>\n"
        "</div>\n"
    )


def test_links_in_callout_titles_are_checked_at_their_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "> [!warning] Before, read [the guide](gone.md)\n> Body.\n\n::: note See [x](b.md#nope)\n:::\n"
    root = make_tree(tmp_path, {"c/a.md": article(body=body), "c/b.md": article(title="B")})
    result = run(capsys, "check", str(root))
    assert result.code == 1
    assert [line.split(" ", 2)[:2] for line in check_lines(root, result.out)] == [
        ["c/a.md:5:39:", "HC040"],
        ["c/a.md:8:18:", "HC041"],
    ]


# -- link schemes ----------------------------------------------------------------


def test_links_the_server_drops_or_that_lead_nowhere_are_warnings_saying_what_readers_get(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = (
        "Open [the vault](obsidian://open?vault=notes&file=Setup) in Obsidian.\n\n"
        'Click [here](javascript:alert(1)) or <a href="javascript:void(0)">there</a>.\n\n'
        "An [empty]() link.\n\n"
        "Fine: [mail](mailto:help@acme.test), [call](tel:+123), [web](https://acme.test),"
        " [ftp](ftp://acme.test/f), `[code](javascript:x)`.\n"
    )
    root = make_tree(tmp_path, {"c/a.md": article(body=body)})
    result = run(capsys, "check", str(root))
    assert result.code == 0  # warnings only
    assert check_lines(root, result.out) == [
        "c/a.md:5:18: HC044 (warning) link 'obsidian://open?vault=notes&file=Setup': the server drops"
        " obsidian: links (an app's, not a web page), so the reader gets the link's text,"
        " not a link; link a web page instead",
        "c/a.md:7:14: HC044 (warning) link 'javascript:alert(1)' could run code, so it is not made a"
        " link: the reader sees its Markdown as written; link a web page or remove it",
        "c/a.md:7:47: HC044 (warning) link 'javascript:void(0)' could run code: the server removes it"
        " and the reader gets the link's text, not a link",
        "c/a.md:9:11: HC045 (warning) link with an empty target: the reader gets a link to this same"
        " page; give it a target or remove the link",
    ]
    assert run(capsys, "check", "--strict", str(root)).code == 1


@pytest.mark.parametrize("scheme", [*sorted(KEPT_SCHEMES), "obsidian", "javascript", "vscode"])
def test_the_schemes_check_keeps_are_those_the_emulators_sanitiser_keeps(scheme: str) -> None:
    kept = 'href="' in sanitize(f'<a href="{scheme}:x">t</a>')
    assert kept == (scheme in KEPT_SCHEMES)


# -- front matter ----------------------------------------------------------------


def test_a_key_given_twice_is_an_error_on_its_second_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = "---\ntitle: First\nslug: a\nseo:\n  title: x\n  title: y\ntitle: Second\n---\n\nBody.\n"
    root = make_tree(tmp_path, {"c/a.md": page})
    result = run(capsys, "check", str(root))
    assert result.code == 1
    assert check_lines(root, result.out) == [
        "c/a.md:7:1: HC002 front matter: 'title' is given twice: keep one"
    ]


def test_a_cms_id_is_warned_about_once_and_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(tmp_path, {"c/a.md": article(id="3BHM289568gcSwk2O80Asu")})
    result = run(capsys, "check", str(root))
    assert result.code == 0
    assert check_lines(root, result.out) == [
        "c/a.md:3:1: HC013 (warning) id '3BHM289568gcSwk2O80Asu' is not a Help.Center article"
        " id (24 hexadecimal digits; another help desk's or a CMS's?); it is ignored: remove it,"
        " or add `ignore_keys: [id]` to hcsync.yml"
    ]


# -- migration -------------------------------------------------------------------


def test_init_turns_another_desks_draft_true_into_status_draft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(
        tmp_path,
        {
            "c/wip.md": "---\ntitle: WIP\r\ndraft: true # not ready\r\nslug: wip\r\n---\r\n\r\nBody.\r\n",
            "c/done.md": "---\ntitle: Done\ndraft: false\n---\n\nBody.\n",
            "c/both.md": "---\ntitle: Both\ndraft: true\nstatus: published\n---\n\nBody.\n",
            "c/plain.md": article("Plain", body="A draft: true in the body stays.\n"),
        },
        config=None,
    )
    result = run(capsys, "init", str(tmp_path))
    assert result.code == 0, result.err
    assert (tmp_path / "c/wip.md").read_bytes() == (
        b"---\ntitle: WIP\r\nstatus: draft\r\nslug: wip\r\n---\r\n\r\nBody.\r\n"
    )
    assert (tmp_path / "c/done.md").read_text() == "---\ntitle: Done\n---\n\nBody.\n"
    assert "draft: true" in (tmp_path / "c/both.md").read_text()
    assert "A draft: true in the body stays." in (tmp_path / "c/plain.md").read_text()
    assert "1 page(s) with draft: true now say status: draft" in result.err
    assert "removed draft: false from 1 page(s)" in result.err
    assert "c/both.md: draft: left as it is" in result.err
    checked = run(capsys, "check", str(tmp_path))
    assert check_lines(tmp_path, checked.out) == [
        "c/both.md:3:1: HC004 unknown key 'draft'; did you mean 'status: draft'? (or list it in ignore_keys)"
    ]


# -- translations paired by a key ------------------------------------------------

KEYED = "default_language: en\nlanguages: [pt, es]\nlayout: directories\ntranslation_key: slugEN\n"


def test_a_cms_export_pairs_translations_by_a_front_matter_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(
        tmp_path,
        {
            "en/guides/install.md": article("Install", slugEN="install-guide"),
            "pt/guias/instalar.md": article("Instalar", slugEN="install-guide"),
            "es/guides/install.md": article("Instalar ES"),  # no key: paired by its path
            "en/guides/other.md": article("Other", body="[pt](../../pt/guias/instalar.md)\n"),
        },
        config=KEYED,
    )
    result = run(capsys, "check", str(root))
    assert (result.code, result.out) == (0, "")
    site = load_site(root)
    install = next(a for a in site.articles if a.path == "en/guides/install.md")
    assert {lang: t.path for lang, t in install.translations.items()} == {
        "es": "es/guides/install.md",
        "pt": "pt/guias/instalar.md",
    }
    assert install.translations["pt"].root_path == "en/guides/install.md"
    assert [c.path for c in site.categories] == ["en/guides"]  # pt/guias/ is no category


def test_key_pairing_in_the_suffix_layout(tmp_path: Path) -> None:
    config = "languages: [pt]\ntranslation_key: uid\n"
    root = make_tree(
        tmp_path,
        {"c/a.md": article("A", uid="7"), "c/outro.pt.md": article("Outro", uid="7")},
        config=config,
    )
    [page] = load_site(root).articles
    assert page.translations["pt"].path == "c/outro.pt.md"


def test_a_key_that_pairs_nothing_or_twice_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(
        tmp_path,
        {
            "en/guides/a.md": article("A", slugEN="a"),
            "en/guides/b.md": article("B", slugEN="shared"),
            "en/guides/c.md": article("C", slugEN="shared"),
            "pt/guias/um.md": article("Um", slugEN="a"),
            "pt/guias/dois.md": article("Dois", slugEN="a"),
            "pt/guias/orfao.md": article("Órfão", slugEN="gone"),
        },
        config=KEYED,
    )
    result = run(capsys, "check", str(root))
    assert result.code == 1
    assert check_lines(root, result.out) == [
        "en/guides/c.md:1:1: HC023 slugEN: 'shared' is also the key of en/guides/b.md: a key"
        " pairs one article with its translations; make them differ",
        "pt/guias/orfao.md:1:1: HC022 slugEN: 'gone' pairs this translation with no article"
        " in en: give its article the same slugEN, or fix this one",
        "pt/guias/um.md:1:1: HC023 slugEN: a second 'pt' translation of en/guides/a.md (the"
        " first is pt/guias/dois.md): give each article one per language",
    ]

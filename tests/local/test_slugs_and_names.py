"""Slugs transliterated for every script, category names by one rule, collisions as errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hcsync.local.loader import load_site
from hcsync.local.slugs import folder_name, title_slug
from hcsync.plan.desired import slugify
from tests.helpers import article, make_tree, run


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Сброс пароля", "sbros-parolia"),  # Russian
        ("Επαναφορά κωδικού", "epanaphora-kodikou"),  # Greek
        ("如何重置密码", "ru-he-zhong-zhi-mi-ma"),  # Chinese
        ("Straße und Öl", "strasse-und-ol"),  # German
        ("Łódź", "lodz"),  # Polish
        ("Acme® Notes", "acme-notes"),  # trademark signs are dropped, not spelled out
        ("Notes™ for Teams", "notes-for-teams"),
        ("© 2024 Acme", "2024-acme"),
        ("Reset your password!", "reset-your-password"),
        ("🎉", ""),
    ],
)
def test_titles_of_every_script_give_a_real_slug(title: str, slug: str) -> None:
    assert title_slug(title) == slug
    sent = slugify(title)  # what the planner sends: never empty, never a placeholder
    assert sent == slug if slug else sent.startswith("t-") and len(sent) == 12


def test_long_titles_are_cut_at_a_word() -> None:
    slug = title_slug("word " * 30)
    assert len(slug) <= 80 and slug.endswith("word")


def test_two_articles_generating_one_slug_is_an_error_naming_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(
        tmp_path,
        {
            "c/a.md": article("Überblick"),
            "d/b.md": article("Uberblick!"),
            "d/c.md": article("Other", slug="uberblick"),
        },
    )
    result = run(capsys, "check", str(root))
    assert result.code == 1
    assert f"{root}/d/b.md:2:1: HC011 slug 'uberblick' is also used by c/a.md" in result.out
    assert f"{root}/d/c.md:2:1: HC011 slug 'uberblick' is also used by c/a.md" in result.out


def test_a_title_without_any_slug_asks_for_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(
        tmp_path,
        {
            "c/a.md": "---\nstatus: draft\ntitle: 🎉\n---\nx\n",
            "c/b.md": "---\ntitle: 🎉\nslug: party\n---\nx\n",
        },
    )
    result = run(capsys, "check", str(root))
    assert result.out.splitlines() == [
        f"{root}/c/a.md:3:1: HC014 title '🎉' gives no slug (nothing in it to transliterate): add `slug: …`"
    ]


@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("account", "Account"),
        ("ios-and-android", "Ios and android"),
        ("getting_started", "Getting started"),
        ("FAQ", "FAQ"),
        ("a--b", "A b"),
        ("Billing and plans", "Billing and plans"),
    ],
)
def test_one_naming_rule_for_folders(folder: str, name: str) -> None:
    assert folder_name(f"top/{folder}") == name


def test_folders_without_category_file_named_by_the_rule(tmp_path: Path) -> None:
    root = make_tree(tmp_path, {"account/a.md": article(), "ios-and-android/b.md": article("B")})
    assert [c.name for c in load_site(root).categories] == ["Account", "Ios and android"]


def test_two_folders_becoming_one_category_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tree(tmp_path, {"a-b/x.md": article("X"), "a_b/y.md": article("Y")})
    result = run(capsys, "check", str(root))
    assert result.code == 1
    assert result.out.strip() == (
        f"{root}/a_b/:1:1: HC033 folders a-b/ and a_b/ both become the category 'A b': "
        "rename one, or name it in its _category.yml"
    )
    (root / "a_b" / "_category.yml").write_text("name: A and B\n")
    assert run(capsys, "check", str(root)).code == 0


def test_init_writes_a_category_file_per_folder_without_overwriting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(
        tmp_path,
        {
            "ios-and-android/a.md": article("A"),
            "ios-and-android/setup/b.md": article("B"),
            "account/_category.yml": "name: My account\n",
            "account/c.md": article("C"),
        },
        config=None,
    )
    result = run(capsys, "init", str(tmp_path))
    assert result.code == 0
    assert "wrote 2 _category.yml" in result.err
    assert yaml.safe_load((tmp_path / "ios-and-android/_category.yml").read_text()) == {
        "name": "Ios and android"
    }
    assert yaml.safe_load((tmp_path / "ios-and-android/setup/_category.yml").read_text()) == {
        "name": "Setup"
    }
    assert (tmp_path / "account/_category.yml").read_text() == "name: My account\n"
    assert run(capsys, "check", "--strict", str(tmp_path)).code == 0

"""Real content end to end on the emulator: what the plan says about it, and what it sends."""

from __future__ import annotations

from tests.e2e.conftest import Site
from tests.helpers import article

CONFIG = "default_language: en\nlanguages: [de]\n"


def new_site(site_factory: object) -> Site:
    site: Site = site_factory(None)  # type: ignore[operator]
    site.write("hcsync.yml", CONFIG)
    return site


def test_a_cms_id_never_makes_the_plan_create_the_article_again(site_factory: object) -> None:
    site = new_site(site_factory)
    site.write("guides/a.md", article("Alpha", id="3BHM289568gcSwk2O80Asu"))
    first = site.apply()
    assert first.code == 0, first.out + first.err
    assert "Plan: 2 to create" in first.out  # the category and the article
    again = site.plan("--detailed-exitcode")
    assert again.code == 0, again.out + again.err
    assert "created anew" not in again.out + again.err
    assert "No changes" in again.out


def test_a_file_that_left_the_tree_is_listed_as_staying_on_the_help_center(
    site_factory: object,
) -> None:
    site = new_site(site_factory)
    site.write("guides/a.md", article("Alpha"))
    site.write("guides/b.md", article("Beta"))
    site.write("guides/b.de.md", article("Beta DE"))
    assert site.apply().code == 0
    (site.root / "guides/a.md").unlink()
    (site.root / "guides/b.de.md").unlink()
    result = site.plan("--detailed-exitcode")
    assert result.code == 0, result.out + result.err
    assert "matches the tree" not in result.out
    notes = [line for line in result.out.splitlines() if line.startswith("note:")]
    assert notes == [
        "note: guides/a.md: its file left the tree; it stays on the help center (--prune deletes it)",
        "note: guides/b.md [de]: its file left the tree; it stays on the help center"
        " (--prune deletes it)",
    ]
    assert (
        "No changes to make; 2 page(s) whose files left the tree stay on the help center"
        " (--prune deletes them)." in result.out
    )
    pruned = site.plan("--prune", "--detailed-exitcode")
    assert pruned.code == 2
    assert "delete_article" in pruned.out and "delete_translation" in pruned.out
    assert "stays on the help center" not in pruned.out


def test_a_language_the_center_lacks_stops_the_plan_before_any_write(
    site_factory: object,
) -> None:
    site = new_site(site_factory)
    site.write("hcsync.yml", "default_language: en\nlanguages: [de, ja]\n")
    site.write("guides/a.md", article("Alpha"))
    site.write("guides/a.ja.md", article("アルファ", slug="alpha-ja"))
    for result in (site.plan(), site.apply()):
        assert result.code == 1
        assert (
            "hcsync.yml lists the language 'ja', which the help center does not have"
            " (it has en, de, fr, es): add it to the help center, or remove it from languages:"
        ) in result.err
        assert site.calls() == []


def test_translations_paired_by_a_key_are_published_with_their_article(
    site_factory: object,
) -> None:
    site = new_site(site_factory)
    site.write(
        "hcsync.yml",
        "default_language: en\nlanguages: [es]\nlayout: directories\ntranslation_key: slugEN\n",
    )
    site.write("en/guides/install.md", article("Install", slugEN="install"))
    site.write("es/guias/instalar.md", article("Instalar", slugEN="install"))
    first = site.apply()
    assert first.code == 0, first.out + first.err
    assert "en/guides/install.md [es]" in first.out
    [draft] = site.client.list_drafts()
    assert site.client.get_translation_draft(draft.id, "es").title == "Instalar"
    again = site.plan("--detailed-exitcode")
    assert again.code == 0, again.out + again.err

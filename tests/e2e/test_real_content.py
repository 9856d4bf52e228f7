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

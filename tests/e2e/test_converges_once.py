"""One apply is enough: a synthetic tree of 150 articles with translations converges."""

from __future__ import annotations

from pathlib import Path

from benchmarks.synthetic import build
from tests.e2e.conftest import Site


def test_150_articles_with_translations_converge_after_one_apply(
    site_factory: object, tmp_path: Path
) -> None:
    site: Site = site_factory(None)  # type: ignore[operator]
    build(site.root, 150)  # a third translated into de and fr, images, links
    config = (site.root / "hcsync.yml").read_text()
    (site.root / "hcsync.yml").write_text("center_id: demo\n" + config)
    first = site.apply()
    assert first.code == 0, first.err[-2000:]
    assert site.plan("--detailed-exitcode").code == 0
    assert site.plan("--refresh", "--detailed-exitcode").code == 0
    assert site.apply().code == 0
    assert site.calls() == []

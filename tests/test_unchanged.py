"""What the lock vouches for (`hcsync.sync.unchanged`), on a tree and plain lock values."""

from __future__ import annotations

from pathlib import Path

from hcsync.local.loader import load_site
from hcsync.local.model import LocalSite
from hcsync.plan.lock import ArticleLock, Lock
from hcsync.plan.model import Aspect, Drift, PageRef, Plan
from hcsync.sync.unchanged import finished, known_renders
from tests.helpers import article, make_tree

PAGE = "guides/a.md"
URL = "https://demo.help.center/article/7-a"


def tree(tmp_path: Path, body: str = "Body.\n") -> LocalSite:
    return load_site(make_tree(tmp_path / "content", {PAGE: article("A", body)}))


def sent_lock() -> Lock:
    return Lock("demo", {PAGE: ArticleLock(id="art_1", sent="s1", url=URL)})


def test_a_finished_apply_vouches_for_its_pages_until_a_file_changes(tmp_path: Path) -> None:
    site = tree(tmp_path)
    assert known_renders(site, sent_lock()) == {}  # nothing recorded yet
    recorded = finished(site, sent_lock(), Plan((), urls={PageRef(PAGE): URL}))
    assert recorded.context and recorded.articles[PAGE].digest
    assert known_renders(site, recorded) == {PAGE: "s1"}
    (site.root / PAGE).write_text(article("A", "Body, edited.\n"), encoding="utf-8")
    assert known_renders(load_site(site.root), recorded) == {}


def test_an_image_beside_the_pages_is_part_of_what_is_vouched_for(tmp_path: Path) -> None:
    site = tree(tmp_path)
    (site.root / "guides" / "x.png").write_bytes(b"one")
    site = load_site(site.root)
    recorded = finished(site, sent_lock(), Plan(()))
    (site.root / "guides" / "x.png").write_bytes(b"two")
    assert known_renders(load_site(site.root), recorded) == {}


def test_nothing_is_vouched_for_after_links_were_made_with_a_url_the_server_changed(
    tmp_path: Path,
) -> None:
    site = tree(tmp_path)
    planned = Plan((), urls={PageRef(PAGE): "https://demo.help.center/article/7-b"})
    assert finished(site, sent_lock(), planned) == sent_lock()


def test_nothing_is_vouched_for_after_a_drift_was_left_aside(tmp_path: Path) -> None:
    drift = Drift(PAGE, None, Aspect.CONTENT, "edited on the help center (skipped)")
    assert finished(tree(tmp_path), sent_lock(), Plan((), drifts=(drift,))) == sent_lock()


def test_a_page_sent_since_is_not_vouched_for(tmp_path: Path) -> None:
    site = tree(tmp_path)
    recorded = finished(site, sent_lock(), Plan(()))
    resent = recorded.with_article(PAGE, ArticleLock(id="art_1", sent="s2", url=URL))
    assert known_renders(site, resent) == {}


def test_another_lock_url_is_another_context(tmp_path: Path) -> None:
    site = tree(tmp_path)
    recorded = finished(site, sent_lock(), Plan(()))
    moved = ArticleLock(
        id="art_1", sent="s1", url=URL + "-2", digest=recorded.articles[PAGE].digest
    )
    assert known_renders(site, recorded.with_article(PAGE, moved)) == {}

"""Translation staleness on plain objects: a site, a lock, a clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hcsync.config import SiteConfig
from hcsync.local.model import LocalArticle, LocalSite, LocalTranslation, Seo
from hcsync.plan.lock import ArticleLock, Lock, SourceVersion
from hcsync.plan.staleness import (
    HISTORY_LIMIT,
    Review,
    find_stale,
    follow,
    mark_reviewed,
    record_sources,
    source_hash,
    translations_of,
)
from hcsync.statuses import LocalStatus

DAY1 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ROOT = "guide/intro.md"


def page(path: str, language: str, body: str, title: str = "Title") -> dict[str, object]:
    return {
        "path": path,
        "language": language,
        "title": title,
        "slug": None,
        "seo": Seo(),
        "status": LocalStatus.PUBLISHED,
        "body": body,
        "body_line": 4,
    }


def site(
    root_body: str = "Hello.\n",
    translations: dict[str, str] | None = None,
    path: str = ROOT,
    slug: str | None = None,
) -> LocalSite:
    if translations is None:
        translations = {"de": "Hallo.\n", "fr": "Bonjour.\n"}
    stem = path.removesuffix(".md")
    pages = {
        lang: LocalTranslation(**page(f"{stem}.{lang}.md", lang, body))  # type: ignore[arg-type]
        for lang, body in translations.items()
    }
    fields = {**page(path, "en", root_body), "slug": slug}
    article = LocalArticle(**fields, category="guide", translations=pages)  # type: ignore[arg-type]
    return LocalSite(Path("/content"), SiteConfig(languages=("de", "fr")), (), (article,))


def applied(tree: LocalSite, lock: Lock | None = None, when: datetime = DAY1) -> Lock:
    """What apply leaves: an entry per article (with its id), then the recorded sources."""
    lock = lock or Lock()
    for article in tree.articles:
        if article.path not in lock.articles:
            lock = lock.with_article(article.path, ArticleLock(id=f"id-{article.path}"))
    return record_sources(lock, tree, when)


def stale_paths(tree: LocalSite, lock: Lock, now: datetime = DAY1) -> list[str]:
    return [s.path for s in find_stale(tree, lock, now)]


def test_nothing_is_stale_without_a_record() -> None:
    tree = site()
    assert find_stale(tree, Lock(), DAY1) == ()
    # An entry from an older lock, without source records: current until recorded.
    old = Lock().with_article(ROOT, ArticleLock(id="a1"))
    assert find_stale(site("Changed.\n"), old, DAY1) == ()


def test_a_root_edit_makes_every_translation_stale() -> None:
    lock = applied(site())
    edited = site("Hello, world.\n")
    found = find_stale(edited, lock, DAY1 + timedelta(days=1))
    assert [s.path for s in found] == ["guide/intro.de.md", "guide/intro.fr.md"]
    assert found[0].root == ROOT and found[0].language == "de"
    assert (found[0].edits, found[0].since, found[0].days) == (1, None, None)
    assert found[0].describe() == "1 root edit behind (not applied yet)"


def test_applying_the_root_dates_the_lag_and_counts_edits() -> None:
    lock = applied(site())
    lock = applied(site("Second.\n"), lock, DAY1 + timedelta(days=2))
    lock = applied(site("Third.\n"), lock, DAY1 + timedelta(days=3))
    found = find_stale(site("Third.\n"), lock, DAY1 + timedelta(days=10))
    assert [(s.edits, s.since, s.days) for s in found] == [(2, "2026-03-03T09:00:00Z", 8)] * 2
    assert found[0].describe() == "2 root edits behind since 2026-03-03 (8 days)"
    assert found[0].to_json()["written"] == "2026-03-01T09:00:00Z"  # the translation's record
    # A further edit not yet applied counts too.
    assert find_stale(site("Fourth.\n"), lock, DAY1)[0].edits == 3


def test_editing_the_translation_catches_it_up() -> None:
    lock = applied(site())
    lock = applied(site("New root.\n"), lock, DAY1 + timedelta(days=1))
    caught_up = site("New root.\n", {"de": "Neu.\n", "fr": "Bonjour.\n"})
    assert stale_paths(caught_up, lock) == ["guide/intro.fr.md"]
    lock = applied(caught_up, lock, DAY1 + timedelta(days=2))
    assert stale_paths(caught_up, lock) == ["guide/intro.fr.md"]
    assert lock.articles[ROOT].translation_bases["de"].root == source_hash("Title", "New root.\n")


def test_marking_reviewed_records_the_current_root() -> None:
    lock = applied(site())
    edited = site("Typo fixed.\n")
    de = [(a, p) for a, p in translations_of(edited) if p.language == "de"]
    lock, outcomes = mark_reviewed(lock, edited, de, DAY1)
    assert outcomes == [Review.RECORDED]
    assert stale_paths(edited, lock) == ["guide/intro.fr.md"]
    # The root version it was reviewed against joins the history.
    assert lock.articles[ROOT].root_versions[-1].hash == source_hash("Title", "Typo fixed.\n")


def test_reviewing_a_never_applied_article_records_nothing() -> None:
    tree = site()
    lock, outcomes = mark_reviewed(Lock(), tree, list(translations_of(tree)), DAY1)
    assert lock == Lock() and outcomes == [Review.UNTRACKED, Review.UNTRACKED]


def test_reverting_the_root_makes_it_current_again() -> None:
    lock = applied(site())
    assert stale_paths(site("Other.\n"), lock) != []
    assert stale_paths(site("Hello.\n"), lock) == []


def test_trailing_blanks_are_not_an_edit() -> None:
    lock = applied(site("Line one.  \nLine two.\n"))
    assert stale_paths(site("Line one.\nLine two.\n\n\n"), lock) == []
    assert stale_paths(site("Line one.\nLine 2.\n"), lock) != []


def test_a_title_change_is_an_edit() -> None:
    lock = applied(site())
    retitled = replace(site(), articles=(replace(site().articles[0], title="New title"),))
    assert len(find_stale(retitled, lock, DAY1)) == 2


def test_the_history_is_bounded_and_says_when_it_was_cut() -> None:
    lock = applied(site())
    for n in range(HISTORY_LIMIT + 5):
        lock = applied(site(f"Edit {n}.\n"), lock, DAY1 + timedelta(hours=n + 1))
    assert len(lock.articles[ROOT].root_versions) == HISTORY_LIMIT
    found = find_stale(site(f"Edit {HISTORY_LIMIT + 4}.\n"), lock, DAY1)[0]
    assert found.trimmed and found.edits == HISTORY_LIMIT
    assert found.describe().startswith(f"at least {HISTORY_LIMIT} root edits behind")


def test_a_moved_root_is_still_tracked_before_and_after_apply() -> None:
    lock = applied(site())
    lock = applied(site("Changed.\n"), lock, DAY1 + timedelta(days=1))
    moved = site("Changed.\n", path="start/welcome.md")
    found = find_stale(moved, lock, DAY1)  # the lock still has the old path
    assert [s.path for s in found] == ["start/welcome.de.md", "start/welcome.fr.md"]
    assert found[0].lock_path == ROOT and found[0].edits == 1
    # apply binds the entry to the new path, carrying the source records along.
    rebound = Lock().with_article("start/welcome.md", follow(lock.articles[ROOT], "id-x"))
    assert stale_paths(moved, rebound) == ["start/welcome.de.md", "start/welcome.fr.md"]


def test_reviewing_every_translation_of_a_moved_root_records_them_all() -> None:
    lock = applied(site())
    lock = applied(site("Changed.\n"), lock, DAY1 + timedelta(days=1))
    moved = site("Changed.\n", path="start/welcome.md")
    assert len(stale_paths(moved, lock)) == 2
    lock, outcomes = mark_reviewed(lock, moved, list(translations_of(moved)), DAY1)
    assert outcomes == [Review.RECORDED] * 2
    assert set(lock.articles[ROOT].translation_bases) == {"de", "fr"}
    assert stale_paths(moved, lock) == []


def test_a_moved_and_edited_root_is_found_by_its_slug() -> None:
    lock = applied(site(slug="intro"))
    lock = lock.with_article(ROOT, replace(lock.articles[ROOT], slug="intro"))
    moved = site("Moved and edited.\n", path="start/welcome.md", slug="intro")
    assert stale_paths(moved, lock) == ["start/welcome.de.md", "start/welcome.fr.md"]


def test_follow_keeps_only_the_source_records() -> None:
    old = ArticleLock(
        id="old", sent="s", stored="t", root_versions=(SourceVersion("h", "2026-01-01T00:00:00Z"),)
    )
    moved = follow(old, "a1")
    assert moved == ArticleLock(id="a1", root_versions=old.root_versions)
    assert follow(None, "a1") == ArticleLock(id="a1")


def test_a_translation_that_left_the_tree_leaves_the_lock() -> None:
    lock = applied(site())
    lock = applied(site(translations={"de": "Hallo.\n"}), lock)
    assert set(lock.articles[ROOT].translation_bases) == {"de"}


def test_recording_is_idempotent_and_skips_pending_creates() -> None:
    tree = site()
    lock = applied(tree)
    assert record_sources(lock, tree, DAY1 + timedelta(days=5)) == lock
    pending = Lock().with_article(ROOT, ArticleLock(pending="A title"))
    assert record_sources(pending, tree, DAY1) == pending


LINKED = "See [setup](../setup/install.md#linux), ![shot](img/a.png) and [ref].\n\n[ref]: old.md\n"


def test_rewriting_only_link_paths_leaves_translations_current() -> None:
    lock = applied(site(LINKED))
    moved = LINKED.replace("../setup/install.md", "../install/linux.md")
    moved = moved.replace("img/a.png", "../img/a.png").replace("]: old.md", "]: new.md")
    assert stale_paths(site(moved), lock) == []
    # The anchor, the text and a URL are content: each makes them stale.
    for edited in (
        LINKED.replace("#linux", "#macos"),
        LINKED.replace("See", "Read"),
        LINKED.replace("]: old.md", "]: https://acme.test/old"),
    ):
        assert stale_paths(site(edited), lock) == ["guide/intro.de.md", "guide/intro.fr.md"]


def test_a_lock_recording_the_exact_source_still_counts_and_is_brought_up_to_date() -> None:
    exact = source_hash("Title", LINKED)
    tree = site(LINKED)
    old = applied(tree)
    entry = old.articles[ROOT]
    bases = {k: replace(b, root=exact) for k, b in entry.translation_bases.items()}
    versions = (SourceVersion(exact, "2026-03-01T09:00:00Z"),)
    old = old.with_article(ROOT, replace(entry, translation_bases=bases, root_versions=versions))
    assert stale_paths(tree, old) == []  # as an older hcsync wrote it: current
    renewed = applied(tree, old, DAY1 + timedelta(days=1))
    assert [v.hash for v in renewed.articles[ROOT].root_versions] != [exact]
    assert len(renewed.articles[ROOT].root_versions) == 1
    moved = site(LINKED.replace("../setup/install.md", "../install/linux.md"))
    assert stale_paths(moved, renewed) == []

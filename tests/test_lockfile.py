"""hcsync.lock and its journal: what a killed apply leaves reads back as what it recorded."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hcsync.errors import FatalError
from hcsync.plan.lock import (
    ArticleLock,
    CategoryLock,
    Lock,
    PageLock,
    SourceVersion,
    TranslationBase,
    value_hash,
)
from hcsync.statuses import RemoteStatus
from hcsync.sync.lockfile import (
    JOURNAL_NAME,
    LOCK_NAME,
    Journal,
    lock_from_json,
    lock_text,
    read_lock,
    write_lock,
)

DE = PageLock(sent="s", stored="t", canonical="c", meta={"seo": "h"}, status=RemoteStatus.PUBLISHED)
ENTRY = ArticleLock(
    sent="a",
    meta={"slug": "x"},
    slug="intro",
    id="art_1",
    slug_id=7,
    translations={"de": DE},
    root_versions=(SourceVersion("v1", "2026-01-01T00:00:00Z"),),
    translation_bases={"de": TranslationBase("v1", "o1", "2026-01-01T00:00:00Z")},
)
LOCK = Lock(
    center_id="demo",
    articles={"guides/intro.md": ENTRY, "guides/old.md": ArticleLock(id="art_2")},
    categories={"guides": CategoryLock(id="cat_1", fields={"name": "n"})},
    images={"d1": "https://cdn/1.png"},
)


def test_the_lock_reads_back_as_written_one_line_per_entry(tmp_path: Path) -> None:
    write_lock(tmp_path, LOCK)
    text = (tmp_path / LOCK_NAME).read_text(encoding="utf-8")
    assert read_lock(tmp_path) == LOCK
    data = json.loads(text)
    assert data["articles"]["guides/old.md"] == {"id": "art_2"}  # defaults left out
    assert data["categories"] == {"guides": {"id": "cat_1", "fields": {"name": "n"}}}
    lines = text.splitlines()
    assert sum('"guides/intro.md": {' in line for line in lines) == 1
    assert all(len(line) < 80 or line.startswith('    "') for line in lines)


def test_an_apply_of_one_article_changes_only_its_line(tmp_path: Path) -> None:
    write_lock(tmp_path, LOCK)
    before = (tmp_path / LOCK_NAME).read_text(encoding="utf-8").splitlines()
    edited = LOCK.with_article("guides/intro.md", replace(ENTRY, sent="b", updated_at="later"))
    write_lock(tmp_path, edited)
    after = (tmp_path / LOCK_NAME).read_text(encoding="utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(changed) == 1
    assert changed[0][1].startswith('    "guides/intro.md": {')


def test_a_lock_written_whole_by_an_earlier_version_is_read(tmp_path: Path) -> None:
    data = {"version": 2, **asdict(LOCK)}
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (tmp_path / LOCK_NAME).write_text(text, encoding="utf-8")
    assert read_lock(tmp_path) == LOCK


def test_a_journal_left_by_a_kill_reads_back_as_recorded(tmp_path: Path) -> None:
    write_lock(tmp_path, LOCK)
    journal = Journal(tmp_path, LOCK)
    journal.article("guides/new.md", ArticleLock(pending="New"))
    journal.article("guides/new.md", ArticleLock(id="art_3", slug_id=9))
    journal.article("guides/old.md", None)
    journal.article("guides/intro.md", ArticleLock(id="art_1", translations={"fr": DE}))
    journal.category("guides/sub", CategoryLock(pending=True))
    journal.category("guides", None)
    journal.image("d2", "https://cdn/2.png")
    journal.image("d1", None)
    recorded = journal.lock
    assert recorded.articles["guides/new.md"] == ArticleLock(id="art_3", slug_id=9)
    assert "guides/old.md" not in journal.articles and "d1" not in journal.images
    killed(journal)  # and its last line cut short:
    with (tmp_path / JOURNAL_NAME).open("a", encoding="utf-8") as file:
        file.write('{"article": "guides/cut.md", "entry": {"id": "ar')
    assert read_lock(tmp_path) == recorded
    Journal(tmp_path, recorded).close()
    assert not (tmp_path / JOURNAL_NAME).exists()
    assert read_lock(tmp_path) == recorded


def test_a_journal_starts_from_the_lock_on_disk_written_only_if_it_differs(
    tmp_path: Path,
) -> None:
    compact = json.dumps({"version": 2, **asdict(LOCK)})  # not as write_lock spells it
    (tmp_path / LOCK_NAME).write_text(compact, encoding="utf-8")
    killed(Journal(tmp_path, LOCK))
    assert (tmp_path / LOCK_NAME).read_text(encoding="utf-8") == compact  # it reads as LOCK
    (tmp_path / JOURNAL_NAME).unlink()
    journal = Journal(tmp_path, Lock(center_id="other"))
    journal.article("a.md", ArticleLock(id="x"))
    killed(journal)
    assert read_lock(tmp_path) == Lock(center_id="other", articles={"a.md": ArticleLock(id="x")})


def test_a_journal_left_behind_is_folded_before_a_new_one_starts(tmp_path: Path) -> None:
    write_lock(tmp_path, LOCK)
    journal = Journal(tmp_path, LOCK)
    journal.image("d9", "https://cdn/9.png")
    killed(journal)
    folded = read_lock(tmp_path)
    killed(Journal(tmp_path, folded))
    assert (tmp_path / JOURNAL_NAME).read_text(encoding="utf-8") == ""
    assert json.loads((tmp_path / LOCK_NAME).read_text(encoding="utf-8"))["images"]["d9"]


def killed(journal: Journal) -> None:
    """What a killed apply leaves: the lines written so far, never folded into the lock."""
    journal._file.close()


SITE = "https://demo.help.center"
FULL = ArticleLock(
    sent="a" * 12,
    stored="b" * 12,
    canonical="c" * 12,
    meta={
        "category": value_hash("guides"),
        "seo": value_hash({"title": "", "description": ""}),
        "slug": value_hash("intro"),
    },
    status=RemoteStatus.PUBLISHED,
    slug="intro",
    url=f"{SITE}/article/7-intro",
    updated_at="2026-01-01T00:00:00.000Z",
    id="art_1",
    slug_id=7,
    translations={
        "de": PageLock(
            sent="d" * 12,
            stored="d" * 12,
            meta={
                "slug": value_hash("intro-de"),
                "seo": value_hash({"title": "", "description": ""}),
            },
            status=RemoteStatus.PUBLISHED,
            slug="intro-de",
            url=f"{SITE}/de/article/7-intro-de",
            updated_at="2026-01-01T00:00:00.000Z",
        )
    },
    root_versions=(SourceVersion("v" * 12, "2026-01-01T00:00:00Z"),),
    translation_bases={"de": TranslationBase("v" * 12, "o" * 12, "2026-01-01T00:00:00Z")},
)


def test_what_the_rest_of_a_line_tells_is_left_out_and_read_back(tmp_path: Path) -> None:
    write_lock(tmp_path, Lock("demo", {"guides/intro.md": FULL}))
    data = json.loads((tmp_path / LOCK_NAME).read_text(encoding="utf-8"))
    assert data["site"] == SITE
    assert data["articles"]["guides/intro.md"] == {
        "h": f"{'a' * 12} {'b' * 12} {'c' * 12}",  # sent, stored, canonical
        "slug": "intro",
        "at": "20260101T000000.000Z",
        "id": "art_1",
        "slug_id": 7,
        "translations": {"de": {"h": f"{'d' * 12} = -", "base": "o" * 12}},
        "v": [f"{'v' * 12} T000000Z"],
    }
    assert read_lock(tmp_path).articles["guides/intro.md"] == FULL


def test_values_that_differ_from_what_the_line_tells_are_kept(tmp_path: Path) -> None:
    odd = replace(
        FULL,
        stored="",  # the answer did not show it
        url=None,
        status=RemoteStatus.UNPUBLISHED,
        meta={"seo": "e" * 12},  # no slug, another category
        translations={
            "de": PageLock(sent="d" * 12, url=f"{SITE}/de/article/7-other"),  # no slug, no date
            "fr": PageLock(slug="intro-fr", updated_at="2026-01-01T00:00:01.000Z"),
            "it": PageLock(slug="intro", updated_at="2025-12-31T23:59:59Z"),
        },
        translation_bases={
            "de": TranslationBase("w" * 12, "o" * 12, "2025-01-01T00:00:00Z"),
            "fr": TranslationBase("v" * 12, "p" * 12, "2026-01-01T10:00:00Z"),
            "nl": TranslationBase("v" * 12, "q" * 12, "2026-01-01T00:00:00Z"),  # no page: kept
        },
    )
    lock = Lock("demo", {"guides/intro.md": odd, "guides/new.md": ArticleLock(pending="New")})
    write_lock(tmp_path, lock)
    assert read_lock(tmp_path) == lock
    line = json.loads((tmp_path / LOCK_NAME).read_text(encoding="utf-8"))["articles"]
    told = ("at", "base", "slug")
    pages = line["guides/intro.md"]["translations"].items()
    assert {lang: {k: v for k, v in page.items() if k in told} for lang, page in pages} == {
        "de": {"at": None, "base": f"{'o' * 12} {'w' * 12} 20250101T000000Z", "slug": None},
        "fr": {"at": "T000001.000Z", "base": f"{'p' * 12} {'v' * 12} T100000Z"},
        "it": {"at": "20251231T235959Z", "slug": "intro"},
    }
    assert line["guides/intro.md"]["translation_bases"] == {"nl": {"own": "q" * 12}}


def test_a_lock_of_version_2_is_read_with_its_hashes_cut_and_written_as_version_4(
    tmp_path: Path,
) -> None:
    long = {"sent": "a" * 32, "stored": "b" * 32, "canonical": "c" * 32}
    old = {
        "version": 2,
        "center_id": "demo",
        "articles": {
            "guides/intro.md": {
                **long,
                "id": "art_1",
                "meta": {"slug": "f" * 16},
                "root_versions": [{"hash": "v" * 16, "date": "2026-01-01T00:00:00Z"}],
                "translation_bases": {"de": {"root": "v" * 16, "own": "o" * 16, "date": "d"}},
                "translations": {"de": {**long, "meta": {"seo": "e" * 16}}},
            }
        },
        "categories": {"guides": {"id": "cat_1", "hash": "h" * 16, "fields": {"name": "n" * 16}}},
        "images": {"i" * 32: "https://cdn/1.png"},
    }
    (tmp_path / LOCK_NAME).write_text(json.dumps(old, indent=2), encoding="utf-8")
    lock = read_lock(tmp_path)
    entry = lock.articles["guides/intro.md"]
    assert (entry.sent, entry.stored, entry.canonical) == ("a" * 12, "b" * 12, "c" * 12)
    assert entry.meta == {"slug": "f" * 12}
    assert entry.translations["de"].sent == "a" * 12
    assert entry.translations["de"].meta == {"seo": "e" * 12}
    assert entry.root_versions[0].hash == "v" * 12
    assert entry.translation_bases["de"] == TranslationBase("v" * 12, "o" * 12, "d")
    assert lock.categories["guides"] == CategoryLock("cat_1", "h" * 12, fields={"name": "n" * 12})
    assert lock.images == {"i" * 32: "https://cdn/1.png"}  # image digests name uploads: kept
    write_lock(tmp_path, lock)
    assert json.loads((tmp_path / LOCK_NAME).read_text(encoding="utf-8"))["version"] == 4
    assert read_lock(tmp_path) == lock


V3_TRANSLATION = {
    "canonical": "fe8532147936",
    "sent": "6b2d05eea1b8",
    "stored": "2058258af033",
    "updated_at": "2026-12-02T13:47:41.686Z",
}
V3 = {  # as the previous release wrote a translated article (issue 26)
    "version": 3,
    "center_id": "demo",
    "site": SITE,
    "articles": {
        "guides/a0.md": {
            "canonical": "42ac27f9336b",
            "id": "1707370e09469ccce8f93b50",
            "root_versions": [{"date": "2026-12-02T13:47:42Z", "hash": "647e18f04fbe"}],
            "sent": "838c660ab473",
            "slug": "article-0",
            "slug_id": 50,
            "stored": "2458806a0e55",
            "translation_bases": {"de": {"own": "663fc4d34b9c"}, "fr": {"own": "3d0e0377b709"}},
            "translations": {
                "de": {**V3_TRANSLATION, "slug": "article-0-de"},
                "fr": {
                    **V3_TRANSLATION,
                    "slug": "article-0-fr",
                    "updated_at": "2026-12-02T13:47:41.688Z",
                },
            },
            "updated_at": "2026-12-02T13:47:41.688Z",
        }
    },
}


def test_a_lock_of_version_3_is_read_and_written_as_version_4_a_third_shorter(
    tmp_path: Path,
) -> None:
    (tmp_path / LOCK_NAME).write_text(json.dumps(V3), encoding="utf-8")
    lock = read_lock(tmp_path)
    entry = lock.articles["guides/a0.md"]
    assert (entry.url, entry.status) == (f"{SITE}/article/50-article-0", RemoteStatus.PUBLISHED)
    assert entry.translations["de"].slug == "article-0-de"
    assert entry.translations["de"].updated_at == "2026-12-02T13:47:41.686Z"
    assert entry.translations["fr"].url == f"{SITE}/fr/article/50-article-0-fr"
    base = TranslationBase("647e18f04fbe", "663fc4d34b9c", "2026-12-02T13:47:42Z")
    assert entry.translation_bases["de"] == base
    write_lock(tmp_path, lock)
    text = (tmp_path / LOCK_NAME).read_text(encoding="utf-8")
    assert json.loads(text)["version"] == 4
    assert read_lock(tmp_path) == lock
    (line,) = (line for line in text.splitlines() if "guides/a0.md" in line)
    v3_line = json.dumps(V3["articles"], separators=(",", ":"))
    assert len(line) < 0.7 * len(v3_line)


def test_a_lock_of_a_newer_version_is_refused_in_one_line_saying_to_upgrade(
    tmp_path: Path,
) -> None:
    (tmp_path / LOCK_NAME).write_text('{"version": 5, "articles": {}}', encoding="utf-8")
    with pytest.raises(FatalError) as refused:
        read_lock(tmp_path)
    assert "lock version 5, newer than this hcsync reads (4)" in str(refused.value)
    assert "upgrade hcsync" in str(refused.value) and "\n" not in str(refused.value)


# Values the short forms can hold and values they cannot (spaces, marks, other shapes).
WORDS = st.sampled_from(["0123456789ab", "ffffffffffff", "-", "=", "a b", "x", "T000000Z"])
STAMPS = st.sampled_from(
    [
        "2026-01-01T00:00:00Z",
        "2026-01-01T23:59:59.999Z",
        "2026-01-02T00:00:00.5Z",
        "20260101T000000Z",
        "T000000Z",
        "later",
        "2026-01-01T00:00:00+00:00",
    ]
)
SLUGS = st.none() | st.sampled_from(["intro", "intro-de", "intro-fr", "a b"])
LANGS = st.sampled_from(["de", "fr", "nl"])
URLS = [f"{SITE}/article/7-intro", f"{SITE}/de/article/7-intro-de", f"{SITE}/x"]


def pages(cls: Any, **more: Any) -> Any:
    return st.builds(
        cls,
        sent=st.just("") | WORDS,
        stored=st.just("") | WORDS,
        canonical=st.just("") | WORDS,
        meta=st.dictionaries(st.sampled_from(["seo", "slug", "category"]), WORDS, max_size=2),
        status=st.sampled_from(RemoteStatus),
        slug=SLUGS,
        url=st.none() | st.sampled_from(URLS),
        updated_at=st.just("") | STAMPS,
        digest=st.just("") | WORDS,
        **more,
    )


ARTICLES = pages(
    ArticleLock,
    id=st.sampled_from(["", "art_1"]),
    slug_id=st.none() | st.just(7),
    pending=st.sampled_from(["", "New"]),
    translations=st.dictionaries(LANGS, pages(PageLock), max_size=3),
    root_versions=st.lists(st.builds(SourceVersion, WORDS, STAMPS), max_size=3).map(tuple),
    translation_bases=st.dictionaries(
        LANGS, st.builds(TranslationBase, WORDS, WORDS, STAMPS), max_size=3
    ),
)


@given(
    st.dictionaries(st.sampled_from(["guides/intro.md", "top.md", "a/b/c.md"]), ARTICLES),
    st.just("") | WORDS,
)
def test_any_lock_reads_back_as_written(articles: dict[str, ArticleLock], context: str) -> None:
    lock = Lock("demo", articles, context=context)
    assert lock_from_json(json.loads(lock_text(lock))) == lock

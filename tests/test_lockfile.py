"""hcsync.lock and its journal: what a killed apply leaves reads back as what it recorded."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path

from hcsync.plan.lock import (
    ArticleLock,
    CategoryLock,
    Lock,
    PageLock,
    SourceVersion,
    TranslationBase,
)
from hcsync.statuses import RemoteStatus
from hcsync.sync.lockfile import JOURNAL_NAME, LOCK_NAME, Journal, read_lock, write_lock

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

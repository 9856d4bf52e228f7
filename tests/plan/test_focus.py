"""Plans that read what changed, on plain objects: the lock stands in for untouched pages.

`focus` says what a plan reads first; `stand_in` is the lock's word for an article;
the planner asks to read a stand-in whose files changed and plans nothing for it.
"""

from __future__ import annotations

from dataclasses import replace

from hcsync.plan.lock import Lock
from hcsync.plan.model import PageRef
from hcsync.plan.reads import focus, needs_full_read, stand_in
from hcsync.plan.snapshot import RemoteSite
from tests.plan.builders import kinds, page, plan, site, synced, translation

A = page("guides/a.md", "Alpha", "Alpha text.")
B = page(
    "guides/b.md",
    "Beta",
    "Beta text.",
    translations={"de": translation("guides/b.de.md", "de", "Beta DE")},
)
C = page("guides/c.md", "Gamma", "Gamma text.")


def standing_in(remote: RemoteSite, lock: Lock) -> RemoteSite:
    """The snapshot a focused read makes before any draft is read: stand-ins only."""
    drafts = {e.id: stand_in(e, remote.drafts[e.id].category_id) for e in lock.articles.values()}
    return RemoteSite(remote.center, remote.categories, drafts, unread=frozenset(drafts))


def test_an_untouched_tree_plans_nothing_and_reads_nothing() -> None:
    local = site(A, B)
    remote, lock = synced(local)
    result = plan(local, standing_in(remote, lock), lock)
    assert result.operations == () and result.to_read == frozenset()
    assert result.observed == {}  # the lock's entries stay as they are


def test_an_edited_file_is_read_before_it_is_planned() -> None:
    remote, lock = synced(site(A, B))
    edited = site(replace(A, body="Alpha, edited.\n"), B)
    first = plan(edited, standing_in(remote, lock), lock)
    assert first.operations == () and first.to_read == frozenset({PageRef("guides/a.md")})
    read = standing_in(remote, lock)
    read = replace(
        read,
        drafts={**read.drafts, "art_1": remote.drafts["art_1"]},
        unread=read.unread - {"art_1"},
    )
    assert kinds(plan(edited, read, lock)) == ["update_draft:guides/a.md", "publish:guides/a.md"]


def test_an_edited_translation_reads_its_root() -> None:
    remote, lock = synced(site(A, B))
    retitled = replace(B, translations={"de": translation("guides/b.de.md", "de", "Beta neu")})
    result = plan(site(A, retitled), standing_in(remote, lock), lock)
    assert result.operations == () and result.to_read == frozenset({PageRef("guides/b.md")})


def test_focus_reads_gone_files_and_looks_for_new_titles() -> None:
    _, lock = synced(site(A, B))
    moved = replace(B, path="guides/beta.md")
    wanted = focus(site(A, moved, C), lock)
    assert wanted.drafts == ("art_2",)  # b.md's file left: read (a move finds it)
    assert [s.id for s in wanted.stand_ins] == ["art_1"]
    assert wanted.titles == (("Beta", "guides"), ("Gamma", "guides"))


def test_the_lock_stands_in_only_when_it_matches_the_help_center() -> None:
    remote, lock = synced(site(A, B))
    categories = {c.id for c in remote.categories}
    assert needs_full_read(lock, categories) is None
    assert needs_full_read(Lock("demo"), categories) == "no lock entries"
    pending = lock.with_article("guides/c.md", replace(lock.articles["guides/a.md"], pending="C"))
    assert needs_full_read(pending, categories) == "a create whose answer was lost"
    assert needs_full_read(lock, set()) == "a category of the lock is gone from the help center"

"""The one mapping between a page's status in the tree and on the help center."""

from __future__ import annotations

from hcsync.statuses import LocalStatus, RemoteStatus, shown_status, written_status


def test_pull_writes_the_front_matter_that_apply_turns_back_into_the_same_status() -> None:
    for status in (LocalStatus.PUBLISHED, LocalStatus.DRAFT):
        for changes in (False, True):
            shown = shown_status(status, changes)
            kept = changes and status is LocalStatus.PUBLISHED  # only a live page holds changes
            assert written_status(shown) == (status, kept)
    for shown in RemoteStatus:  # a null status is written as published
        again = RemoteStatus.PUBLISHED if shown is RemoteStatus.NONE else shown
        assert shown_status(*written_status(shown)) is again


def test_what_each_side_spells() -> None:
    assert shown_status(LocalStatus.DRAFT, False) is RemoteStatus.UNPUBLISHED
    assert shown_status(LocalStatus.PUBLISHED, True) is RemoteStatus.PUBLISHED_WITH_CHANGES
    assert written_status(RemoteStatus.NONE) == (LocalStatus.PUBLISHED, False)  # as pull did
    assert [s.live for s in RemoteStatus] == [False, False, True, True]
    assert RemoteStatus("published_with_changes") is RemoteStatus.PUBLISHED_WITH_CHANGES

"""A page's status in the tree and on the help center, and the one mapping between them.

The tree says `status: published|draft` (`LocalStatus`) and, for a page pulled with
draft changes, `unpublished_changes: true`; the help center shows a draft's
`RemoteStatus`. Apply makes the server show what the tree says (`shown_status`);
pull writes the front matter that says what the server shows (`written_status`).
The strings stay what the files and the wire spell; they are read into these enums
where they come in (the API's models, the front matter, hcsync.yml, the lock).
A shared leaf: it imports nothing of hcsync.
"""

from __future__ import annotations

from enum import StrEnum


class LocalStatus(StrEnum):
    """A page's `status:` in the tree (and `status:` in hcsync.yml, the default)."""

    PUBLISHED = "published"
    DRAFT = "draft"


class RemoteStatus(StrEnum):
    """A draft's status as the API shows it (a translation never published may show null)."""

    NONE = ""  # null, or not shown
    UNPUBLISHED = "unpublished"
    PUBLISHED = "published"
    PUBLISHED_WITH_CHANGES = "published_with_changes"

    @property
    def live(self) -> bool:
        """Readers see a version of the page (its draft may hold more)."""
        return self in (RemoteStatus.PUBLISHED, RemoteStatus.PUBLISHED_WITH_CHANGES)


# (status:, unpublished_changes:) → what the help center shows once the tree is applied.
SHOWN: dict[tuple[LocalStatus, bool], RemoteStatus] = {
    (LocalStatus.DRAFT, False): RemoteStatus.UNPUBLISHED,
    (LocalStatus.PUBLISHED, False): RemoteStatus.PUBLISHED,
    (LocalStatus.PUBLISHED, True): RemoteStatus.PUBLISHED_WITH_CHANGES,
}
# What pull writes for each: the inverse; a status the server does not show (a
# translation's null) is written as published, as pull always has.
WRITTEN: dict[RemoteStatus, tuple[LocalStatus, bool]] = {
    RemoteStatus.NONE: (LocalStatus.PUBLISHED, False),
    **{shown: page for page, shown in SHOWN.items()},
}


def shown_status(status: LocalStatus, unpublished_changes: bool) -> RemoteStatus:
    """What the help center shows of a page with this front matter, once applied."""
    return SHOWN[status, unpublished_changes and status is LocalStatus.PUBLISHED]


def written_status(status: RemoteStatus) -> tuple[LocalStatus, bool]:
    """The front matter (`status:`, `unpublished_changes:`) that keeps what the server shows."""
    return WRITTEN[status]

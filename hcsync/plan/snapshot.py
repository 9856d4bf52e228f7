"""What the help center holds, as one frozen snapshot the planner reads (plain data)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from hcsync.api.models import Article, Category, Center, Translation


@dataclass(frozen=True)
class RemoteSite:
    center: Center
    categories: tuple[Category, ...]  # flattened: parents before their children
    drafts: Mapping[str, Article]  # by article id, with content
    translations: Mapping[tuple[str, str], Translation] = field(default_factory=dict)  # (id, lang)
    absent: frozenset[tuple[str, str]] = frozenset()  # translations read and not found
    published: Mapping[str, Article] = field(default_factory=dict)  # published versions read
    leases: tuple[Article, ...] = ()  # apply leases: never planned; apply clears dead ones
    # Drafts not read: stand-ins made from the lock for pages whose files did not change
    # since it (see `hcsync.plan.reads.stand_in`). The plan asks to read one it would change.
    unread: frozenset[str] = frozenset()

    def draft(self, article_id: str | None) -> Article | None:
        return self.drafts.get(article_id) if article_id else None

    def is_unread(self, article_id: str) -> bool:
        return article_id in self.unread

    def translation_exists(self, article_id: str, language: str) -> bool | None:
        """True or False where the server said so; None where it was not asked."""
        if (article_id, language) in self.translations:
            return True
        if (article_id, language) in self.absent:
            return False
        return None

"""What the help center holds, as one frozen snapshot the planner reads (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field

from hcsync.api.models import Article, Category, Center, Translation


@dataclass(frozen=True)
class RemoteSite:
    center: Center
    categories: tuple[Category, ...]  # flattened: parents before their children
    drafts: dict[str, Article]  # by article id
    translations: dict[tuple[str, str], Translation] = field(default_factory=dict)  # (id, lang)

    def draft(self, article_id: str | None) -> Article | None:
        return self.drafts.get(article_id) if article_id else None

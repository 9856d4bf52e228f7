"""The filters of the conversation list and count endpoints, as query parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hcsync.api.conversation_models import ConversationStatus


@dataclass(frozen=True)
class ConversationFilter:
    """The filters of the list and count endpoints; repeated ones are OR-ed."""

    status: tuple[ConversationStatus, ...] = ()
    assignee: str | None = None  # a user id, or "unassigned"
    contact: str | None = None
    mentioned: tuple[str, ...] = ()  # user ids, or "me" for the key's owner
    search: str | None = None
    unread: bool | None = None
    created_after: datetime | str | None = None
    created_before: datetime | str | None = None

    def to_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {
            "status": [s.value for s in self.status],
            "mentioned": list(self.mentioned),
            "assignee": self.assignee,
            "contact": self.contact,
            "search": self.search,
            "unread": None if self.unread is None else str(self.unread).lower(),
            "created_after": _timestamp(self.created_after),
            "created_before": _timestamp(self.created_before),
        }
        return {k: v for k, v in params.items() if v not in (None, [])}


def _timestamp(value: datetime | str | None) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else value

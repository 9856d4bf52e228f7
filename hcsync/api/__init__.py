"""The Help.Center API client: endpoints, models, errors, pacing and retries.

Names are loaded on first use (PEP 562), so that `hcsync.api.models` — plain data
the planner reads — can be imported without loading httpx and the client.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_HOMES = {
    "hcsync.api.client": (
        "PAGE_SIZE",
        "HelpCenterClient",
    ),
    "hcsync.api.conversation_filter": ("ConversationFilter",),
    "hcsync.api.conversation_models": (
        "Address",
        "Channel",
        "Contact",
        "Conversation",
        "ConversationCounts",
        "ConversationDraft",
        "ConversationStatus",
        "Message",
        "MessageRole",
        "Reply",
        "ReplyPreview",
        "User",
    ),
    "hcsync.api.conversations": ("KEEP",),
    "hcsync.api.errors": (
        "ApiError",
        "BadRequest",
        "ConfigError",
        "ConnectionFailed",
        "Forbidden",
        "HelpCenterError",
        "NotFound",
        "RateLimited",
        "ServerError",
        "Unauthorized",
        "UnexpectedAnswer",
    ),
    "hcsync.api.models": (
        "Article",
        "Category",
        "CategoryText",
        "Center",
        "Content",
        "Image",
        "Page",
        "Seo",
        "Translation",
        "flatten",
    ),
    "hcsync.api.pacing": (
        "RateLimiter",
        "RetryPolicy",
    ),
    "hcsync.api.settings": (
        "ApiSettings",
        "Secret",
    ),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'hcsync.api' has no attribute {name!r}")
    return getattr(import_module(module), name)


if TYPE_CHECKING:
    from hcsync.api.client import PAGE_SIZE, HelpCenterClient
    from hcsync.api.conversation_filter import ConversationFilter
    from hcsync.api.conversation_models import (
        Address,
        Channel,
        Contact,
        Conversation,
        ConversationCounts,
        ConversationDraft,
        ConversationStatus,
        Message,
        MessageRole,
        Reply,
        ReplyPreview,
        User,
    )
    from hcsync.api.conversations import KEEP
    from hcsync.api.errors import (
        ApiError,
        BadRequest,
        ConfigError,
        ConnectionFailed,
        Forbidden,
        HelpCenterError,
        NotFound,
        RateLimited,
        ServerError,
        Unauthorized,
        UnexpectedAnswer,
    )
    from hcsync.api.models import (
        Article,
        Category,
        CategoryText,
        Center,
        Content,
        Image,
        Page,
        Seo,
        Translation,
        flatten,
    )
    from hcsync.api.pacing import RateLimiter, RetryPolicy
    from hcsync.api.settings import ApiSettings, Secret

__all__ = [
    "KEEP",
    "PAGE_SIZE",
    "Address",
    "ApiError",
    "ApiSettings",
    "Article",
    "BadRequest",
    "Category",
    "CategoryText",
    "Center",
    "Channel",
    "ConfigError",
    "ConnectionFailed",
    "Contact",
    "Content",
    "Conversation",
    "ConversationCounts",
    "ConversationDraft",
    "ConversationFilter",
    "ConversationStatus",
    "Forbidden",
    "HelpCenterClient",
    "HelpCenterError",
    "Image",
    "Message",
    "MessageRole",
    "NotFound",
    "Page",
    "RateLimited",
    "RateLimiter",
    "Reply",
    "ReplyPreview",
    "RetryPolicy",
    "Secret",
    "Seo",
    "ServerError",
    "Translation",
    "Unauthorized",
    "UnexpectedAnswer",
    "User",
    "flatten",
]

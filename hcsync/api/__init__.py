"""The Help.Center API client: endpoints, models, errors, pacing and retries."""

from hcsync.api.client import PAGE_SIZE, HelpCenterClient
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
    "PAGE_SIZE",
    "ApiError",
    "ApiSettings",
    "Article",
    "BadRequest",
    "Category",
    "CategoryText",
    "Center",
    "ConfigError",
    "ConnectionFailed",
    "Content",
    "Forbidden",
    "HelpCenterClient",
    "HelpCenterError",
    "Image",
    "NotFound",
    "Page",
    "RateLimited",
    "RateLimiter",
    "RetryPolicy",
    "Secret",
    "Seo",
    "ServerError",
    "Translation",
    "Unauthorized",
    "flatten",
]

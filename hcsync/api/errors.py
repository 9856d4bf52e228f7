"""Everything the Help.Center client raises.

    HelpCenterError              base of all client errors
    ├── ConfigError              bad or missing HC_API_KEY / HC_CENTER_ID / HC_API_URL
    ├── ConnectionFailed         the server could not be reached, after the retries
    ├── UnexpectedAnswer         a success answer hcsync cannot read (shape, encoding, size, time)
    └── ApiError                 the API answered with an error body
        ├── BadRequest           400 (missing_required_field, root_not_published, …)
        ├── Unauthorized         401 invalid_api_key
        ├── Forbidden            403 insufficient_scope, center_blocked
        ├── NotFound             404 not_found, endpoint_not_found
        ├── RateLimited          429 rate_limited, after waiting for the reset
        │   └── StillRateLimited  429 again and again: the server keeps refusing
        └── ServerError          5xx, after the retries

No message, repr or attribute of these ever holds the API key.
"""

from __future__ import annotations

from hcsync.api.urls import without_userinfo
from hcsync.errors import HcsyncError


class HelpCenterError(HcsyncError):
    """Base class of everything the client raises."""


class ConfigError(HelpCenterError):
    """The client's settings are missing or unsafe."""


class ConnectionFailed(HelpCenterError):
    """The request did not get an answer (refused, reset, timed out)."""

    def __init__(self, method: str, path: str, reason: str) -> None:
        path = without_userinfo(path)  # HC_API_URL may carry user:password@
        super().__init__(
            f"{method} {path}: no answer from the server ({reason}); check HC_API_URL and the network"
        )
        self.method = method
        self.path = path
        self.reason = reason


class UnexpectedAnswer(HelpCenterError):
    """A success answer that cannot be what the endpoint returns: nothing is guessed from it."""

    def __init__(self, method: str, path: str, what: str) -> None:
        super().__init__(
            f"{method} {path}: unexpected answer from the server ({what}); "
            "nothing was guessed from it: check HC_API_URL, or report it if it points at Help.Center"
        )
        self.method = method
        self.path = path
        self.what = what


class ApiError(HelpCenterError):
    """The API answered with `{"error": {"type", "message", "code"}}`."""

    def __init__(
        self, status: int, type_: str, code: str, message: str, method: str, path: str
    ) -> None:
        super().__init__(f"{method} {path}: {status} {code}: {message}")
        self.status = status
        self.type = type_
        self.code = code
        self.message = message
        self.method = method
        self.path = path


class BadRequest(ApiError):
    """400: the request was refused as it stands."""


class Unauthorized(ApiError):
    """401: the API key is missing or invalid."""


class Forbidden(ApiError):
    """403: the key lacks a scope, or the center is blocked."""


class NotFound(ApiError):
    """404: no such center, article, category, translation or endpoint."""


class RateLimited(ApiError):
    """429: still rate limited after waiting for the reset."""


class StillRateLimited(RateLimited):
    """429 after every wait the server asked for: something else spends the key's limit."""

    def __init__(self, method: str, path: str, waits: int, seconds: float) -> None:
        message = (
            f"still refused after {waits} waits for the reset ({seconds:.0f} s in all); "
            "another client may be using this key's limit, or the server's X-RateLimit-Reset "
            "is wrong: try again later"
        )
        super().__init__(429, "rate_limit_error", "rate_limited", message, method, path)


class ServerError(ApiError):
    """5xx: the server failed, still after the retries."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    429: RateLimited,
}


def error_class(status: int) -> type[ApiError]:
    """The exception class for an HTTP error status."""
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, BadRequest)

"""What goes on the wire: paths, query parameters and bodies built, answers decoded.

Pure functions the client's endpoint methods share; no request is sent here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from hcsync.api.errors import error_class
from hcsync.api.models import Category, Page

T = TypeVar("T")


def decode(method: str, path: str, response: httpx.Response) -> Any:
    if (response.status_code == 204 or not response.content) and response.is_success:
        return None
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.is_success:
        return body
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        error = {"type": "api_error", "code": "http_error", "message": response.reason_phrase}
    raise error_class(response.status_code)(
        response.status_code,
        str(error.get("type", "")),
        str(error.get("code", "")),
        str(error.get("message", "")),
        method,
        path,
    )


def categories_of(body: Mapping[str, Any]) -> tuple[Category, ...]:
    return tuple(Category.from_json(c) for c in body.get("data") or ())


def page_of(body: Mapping[str, Any], parse: Callable[[Mapping[str, Any]], T]) -> Page[T]:
    data = tuple(parse(item) for item in body.get("data") or ())
    return Page(data=data, has_more=bool(body.get("has_more")), count=body.get("count", len(data)))


def segment(value: str) -> str:
    """One path segment, quoted so that an id can never change the path."""
    return quote(value, safe="")


def translation_path(article_id: str, language: str, suffix: str = "") -> str:
    return f"/articles/{segment(article_id)}/translations/{segment(language)}{suffix}"


def expand(content: bool) -> dict[str, Any]:
    return {"expand[]": "content"} if content else {}


def filters(*, content: bool = False, **filters: str | None) -> dict[str, Any]:
    return without_none(**filters) | expand(content)


def cursor(limit: int, starting_after: str | None, ending_before: str | None) -> dict[str, Any]:
    return {"limit": limit} | without_none(
        starting_after=starting_after, ending_before=ending_before
    )


def without_none(**fields: Any) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}

"""What goes on the wire: paths, query parameters and bodies built, answers decoded.

Pure functions the client's endpoint methods share; no request is sent here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, TypeVar
from urllib.parse import quote

from hcsync.api.errors import UnexpectedAnswer, error_class
from hcsync.api.models import Category, Page, obj, optional_int

T = TypeVar("T")
# What a model's parser raises on an answer it cannot use (RecursionError: nesting).
NOT_THE_SHAPE = (KeyError, TypeError, ValueError, AttributeError, RecursionError)


class Answer(NamedTuple):
    """One whole HTTP answer, read within the client's size and time bounds."""

    status: int
    reason: str
    content: bytes


def decode(method: str, path: str, answer: Answer) -> Any:
    """The JSON body of a success (None when there is none); an error answer raised."""
    success = 200 <= answer.status < 300
    if success and (answer.status == 204 or not answer.content.strip()):
        return None
    try:
        body = json.loads(answer.content.decode("utf-8"))
    except UnicodeDecodeError:
        body, what = None, "not UTF-8"
    except RecursionError:
        body, what = None, "JSON nested too deeply"
    except ValueError:
        body, what = None, "not JSON"
    if success:
        if body is None:
            raise UnexpectedAnswer(method, path, what)
        return body
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        error = {"type": "api_error", "code": "http_error", "message": answer.reason}
    raise error_class(answer.status)(
        answer.status,
        str(error.get("type", "")),
        str(error.get("code", "")),
        str(error.get("message", "")),
        method,
        path,
    )


def parsed(method: str, path: str, body: Any, parse: Callable[[Any], T]) -> T:
    """`parse(body)`, or one `UnexpectedAnswer` naming the endpoint and what was wrong."""
    try:
        return parse(body)
    except NOT_THE_SHAPE as exc:
        raise UnexpectedAnswer(method, path, _reason(exc)) from None


def written(method: str, path: str, body: Any, parse: Callable[[Any], T]) -> T | None:
    """What a write's answer tells of the resource, if anything.

    The documentation shows no answer for most writes, so any success answer is
    accepted: the resource, an envelope `{"success": …, "data": …}`, a bare
    acknowledgement, or nothing (None). Only an answer that claims to be the
    resource (an object with an `id`) and cannot be read is an error.
    """
    if isinstance(body, Mapping) and "success" in body and "id" not in body:
        body = body.get("data")
    if not isinstance(body, Mapping) or ("id" not in body and "language" not in body):
        return None
    return parsed(method, path, body, parse)


def categories_of(body: Any) -> tuple[Category, ...]:
    return tuple(Category.from_json(c) for c in _items(obj(body)))


def page_of(body: Any, parse: Callable[[Mapping[str, Any]], T]) -> Page[T]:
    body = obj(body)
    data = tuple(parse(item) for item in _items(body))
    count = optional_int(body, "count")
    return Page(data=data, has_more=body.get("has_more") is True, count=count or len(data))


def _items(body: Mapping[str, Any]) -> list[Any]:
    items = body.get("data") or []
    if not isinstance(items, list):
        raise TypeError(f"'data' is {type(items).__name__}, not a list")
    return items


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    kind = _KINDS.get(type(exc), "wrong shape")
    detail = str(exc)[:120]
    return f"{kind}: {detail}" if detail else kind


_KINDS: dict[type[BaseException], str] = {
    KeyError: "missing field",
    TypeError: "wrong shape",
    ValueError: "unknown value",
}


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

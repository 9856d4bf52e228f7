"""What the API returns, as frozen dataclasses parsed tolerantly from JSON.

Parsing accepts missing optional fields, fields it does not know, and both SEO
spellings (`metaTitle`/`metaDesc` and `title`/`description`), so the client keeps
working when the server omits or renames something the seeds show. What it cannot
use — not an object, a missing id, a field of the wrong type, a status the API does
not have — raises `ValueError`, `KeyError` or `TypeError`, which the client turns
into one `UnexpectedAnswer` naming the endpoint.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from hcsync.statuses import RemoteStatus

Json = Mapping[str, Any]
T = TypeVar("T")


def obj(data: object) -> Json:
    """`data` if it is a JSON object, else TypeError."""
    if not isinstance(data, Mapping):
        raise TypeError(f"expected an object, got {type(data).__name__}")
    return data


def text(data: Json, key: str, default: str = "") -> str:
    """A string field; missing or null is `default`, another type is an error."""
    value = data.get(key)
    if value is None:
        return default
    if not isinstance(value, str):
        raise TypeError(f"'{key}' is {type(value).__name__}, not a string")
    return value


def optional_text(data: Json, key: str) -> str | None:
    return text(data, key) if data.get(key) is not None else None


def identifier(data: Json, key: str = "id") -> str:
    value = text(data, key)
    if not value:
        raise KeyError(f"no '{key}'")
    return value


def optional_int(data: Json, key: str) -> int | None:
    value = data.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError(f"'{key}' is {type(value).__name__}, not an integer")
    return value


def strings(data: Json, key: str) -> tuple[str, ...]:
    values = data.get(key) or ()
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise TypeError(f"'{key}' is not a list of strings")
    return tuple(values)


def status(data: Json) -> RemoteStatus:
    value = text(data, "status")
    try:
        return RemoteStatus(value)
    except ValueError:
        raise ValueError(f"unknown status {value[:40]!r}") from None


@dataclass(frozen=True)
class Seo:
    title: str = ""
    description: str = ""

    @classmethod
    def from_json(cls, data: Json | None) -> Seo:
        data = obj(data or {})
        title = text(data, "metaTitle") or text(data, "title")
        description = text(data, "metaDesc") or text(data, "description")
        return cls(title=title, description=description)

    def to_json(self) -> dict[str, str]:
        return {"metaTitle": self.title, "metaDesc": self.description}


@dataclass(frozen=True)
class Content:
    html: str
    text: str

    @classmethod
    def from_json(cls, data: Json | None) -> Content | None:
        if data is None:
            return None
        data = obj(data)
        html = text(data, "html")
        # fewer tags than the limit cannot nest past it: most pages need no scan
        if html.count("<") > MAX_HTML_DEPTH and nesting(html) > MAX_HTML_DEPTH:
            raise ValueError(f"HTML nested deeper than {MAX_HTML_DEPTH} elements")
        return cls(html=html, text=text(data, "text"))


# No article nests this deep; HTML that does would cost every parser after us (the plan's
# canonical form, diffs, pull) minutes or its stack, so it is refused as it arrives.
MAX_HTML_DEPTH = 256
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
# Void elements, and those whose end tag HTML lets one leave out: they do not nest here.
_FLAT = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "option",
        "colgroup",
        "caption",
    ]
)


def nesting(html: str) -> int:
    """How deep the elements of `html` nest, at most (one linear scan of its tags)."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(html):
        if name.lower() in _FLAT or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


@dataclass(frozen=True)
class Center:
    id: str
    name: str
    domain: str
    default_language: str
    additional_languages: tuple[str, ...]

    @classmethod
    def from_json(cls, data: Json) -> Center:
        data = obj(data)
        return cls(
            id=identifier(data),
            name=text(data, "name"),
            domain=text(data, "domain"),
            default_language=text(data, "default_language", "en"),
            additional_languages=strings(data, "additional_languages"),
        )


@dataclass(frozen=True)
class CategoryText:
    name: str
    description: str

    @classmethod
    def from_json(cls, data: Json) -> CategoryText:
        data = obj(data)
        return cls(name=text(data, "name"), description=text(data, "description"))


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    description: str
    slug: str
    slug_id: int | None
    parent_id: str | None
    icon: str | None
    translations: Mapping[str, CategoryText]
    children: tuple[Category, ...]
    shown: frozenset[str] = frozenset()  # of `description`, `icon`, `translations`: those sent

    @classmethod
    def from_json(cls, data: Json, parent_id: str | None = None) -> Category:
        data = obj(data)
        translations = obj(data.get("translations") or {})
        children = data.get("children") or []
        if not isinstance(children, list):
            raise TypeError("'children' is not a list")
        return cls(
            id=identifier(data),
            name=text(data, "name"),
            description=text(data, "description"),
            slug=text(data, "slug"),
            slug_id=optional_int(data, "slug_id"),
            parent_id=optional_text(data, "parent_id") or parent_id,
            icon=optional_text(data, "icon"),
            translations={k: CategoryText.from_json(v) for k, v in translations.items()},
            children=tuple(cls.from_json(c, data["id"]) for c in children),
            shown=frozenset(k for k in ("description", "icon", "translations") if k in data),
        )


def flatten(categories: tuple[Category, ...]) -> tuple[Category, ...]:
    """Parents and their children in one sequence, each parent before its children."""
    return tuple(c for parent in categories for c in (parent, *parent.children))


@dataclass(frozen=True)
class Article:
    """A published article (a Page), or a draft (a PageDraft) when `object` is "draft"."""

    id: str
    object: str
    title: str
    status: RemoteStatus
    category_id: str | None
    slug: str | None
    slug_id: int | None
    subtitle: str | None
    seo: Seo | None
    url: str | None
    preview_url: str | None
    translations: tuple[str, ...]
    created_at: str
    updated_at: str
    published_at: str | None
    content: Content | None
    shown: frozenset[str] = frozenset()  # of the optional fields `seo`, `subtitle`: those sent

    @property
    def has_unpublished_changes(self) -> bool:
        return self.status is not RemoteStatus.PUBLISHED

    @classmethod
    def from_json(cls, data: Json) -> Article:
        data = obj(data)
        seo = data.get("seo")
        return cls(
            id=identifier(data),
            object=text(data, "object", "article"),
            title=text(data, "title"),
            status=status(data),
            category_id=optional_text(data, "category_id"),
            slug=optional_text(data, "slug"),
            slug_id=optional_int(data, "slug_id"),
            subtitle=optional_text(data, "subtitle"),
            seo=None if seo is None else Seo.from_json(seo),
            url=optional_text(data, "url"),
            preview_url=optional_text(data, "preview_url"),
            translations=strings(data, "translations"),
            created_at=text(data, "created_at"),
            updated_at=text(data, "updated_at"),
            published_at=optional_text(data, "published_at"),
            content=Content.from_json(data.get("content")),
            shown=_shown(data),
        )


def _shown(data: Json) -> frozenset[str]:
    """Which optional metadata the server showed: a missing field is unknown, not empty."""
    return frozenset(key for key in ("seo", "subtitle", "slug") if key in data)


@dataclass(frozen=True)
class Translation:
    article_id: str
    language: str
    title: str
    status: RemoteStatus
    slug: str | None
    seo: Seo | None
    url: str | None
    updated_at: str
    content: Content | None
    shown: frozenset[str] = frozenset()

    @classmethod
    def from_json(cls, data: Json) -> Translation:
        data = obj(data)
        seo = data.get("seo")
        return cls(
            article_id=text(data, "id") or text(data, "article_id"),
            language=identifier(data, "language"),
            title=text(data, "title"),
            status=status(data),
            slug=optional_text(data, "slug"),
            seo=None if seo is None else Seo.from_json(seo),
            url=optional_text(data, "url"),
            updated_at=text(data, "updated_at"),
            content=Content.from_json(data.get("content")),
            shown=_shown(data),
        )


@dataclass(frozen=True)
class Image:
    url: str
    filename: str
    size: int

    @classmethod
    def from_json(cls, data: Json) -> Image:
        body = obj(obj(data).get("data", data))
        size = optional_int(body, "size") or 0
        return cls(url=identifier(body, "url"), filename=text(body, "filename"), size=size)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list endpoint."""

    data: tuple[T, ...]
    has_more: bool
    count: int

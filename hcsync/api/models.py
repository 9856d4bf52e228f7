"""What the API returns, as frozen dataclasses parsed tolerantly from JSON.

Parsing accepts missing optional fields and both SEO spellings
(`metaTitle`/`metaDesc` and `title`/`description`), so the client keeps working
when the server omits or renames something the seeds show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

Json = Mapping[str, Any]
T = TypeVar("T")


@dataclass(frozen=True)
class Seo:
    title: str = ""
    description: str = ""

    @classmethod
    def from_json(cls, data: Json | None) -> Seo:
        data = data or {}
        title = data.get("metaTitle", data.get("title")) or ""
        description = data.get("metaDesc", data.get("description")) or ""
        return cls(title=str(title), description=str(description))

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
        return cls(html=str(data.get("html") or ""), text=str(data.get("text") or ""))


@dataclass(frozen=True)
class Center:
    id: str
    name: str
    domain: str
    default_language: str
    additional_languages: tuple[str, ...]

    @classmethod
    def from_json(cls, data: Json) -> Center:
        return cls(
            id=data["id"],
            name=data.get("name", ""),
            domain=data.get("domain", ""),
            default_language=data.get("default_language", "en"),
            additional_languages=tuple(data.get("additional_languages") or ()),
        )


@dataclass(frozen=True)
class CategoryText:
    name: str
    description: str

    @classmethod
    def from_json(cls, data: Json) -> CategoryText:
        return cls(name=data.get("name") or "", description=data.get("description") or "")


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
        translations = data.get("translations") or {}
        return cls(
            id=data["id"],
            name=data.get("name") or "",
            description=data.get("description") or "",
            slug=data.get("slug") or "",
            slug_id=data.get("slug_id"),
            parent_id=data.get("parent_id", parent_id),
            icon=data.get("icon"),
            translations={k: CategoryText.from_json(v) for k, v in translations.items()},
            children=tuple(cls.from_json(c, data["id"]) for c in data.get("children") or ()),
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
    status: str
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
        return self.status != "published"

    @classmethod
    def from_json(cls, data: Json) -> Article:
        seo = data.get("seo")
        return cls(
            id=data["id"],
            object=data.get("object", "article"),
            title=data.get("title") or "",
            status=data.get("status", ""),
            category_id=data.get("category_id"),
            slug=data.get("slug"),
            slug_id=data.get("slug_id"),
            subtitle=data.get("subtitle"),
            seo=None if seo is None else Seo.from_json(seo),
            url=data.get("url"),
            preview_url=data.get("preview_url"),
            translations=tuple(data.get("translations") or ()),
            created_at=data.get("created_at", ""),
            updated_at=data.get("updated_at", ""),
            published_at=data.get("published_at"),
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
    status: str
    slug: str | None
    seo: Seo | None
    url: str | None
    updated_at: str
    content: Content | None
    shown: frozenset[str] = frozenset()

    @classmethod
    def from_json(cls, data: Json) -> Translation:
        seo = data.get("seo")
        return cls(
            article_id=data.get("id") or data.get("article_id", ""),
            language=data["language"],
            title=data.get("title") or "",
            status=data.get("status", ""),
            slug=data.get("slug"),
            seo=None if seo is None else Seo.from_json(seo),
            url=data.get("url"),
            updated_at=data.get("updated_at", ""),
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
        body = data.get("data", data)
        return cls(url=body["url"], filename=body.get("filename", ""), size=body.get("size", 0))


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list endpoint."""

    data: tuple[T, ...]
    has_more: bool
    count: int

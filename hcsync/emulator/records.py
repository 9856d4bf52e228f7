"""The emulator's stored state: plain mutable records, one per stored thing."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Version:
    """One state of an article's or translation's text."""

    title: str = ""
    html: str = ""
    text: str = ""


@dataclass
class TranslationRecord:
    language: str
    draft: Version
    created_at: str
    updated_at: str
    published: Version | None = None
    status: str = "unpublished"
    slug: str | None = None
    seo: dict[str, str] = field(default_factory=dict)
    published_at: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TranslationRecord:
        return cls(**_versions(data))


@dataclass
class ArticleRecord:
    id: str
    center_id: str
    seq: int
    slug_id: int
    category_id: str | None
    draft: Version
    preview_id: str
    created_at: str
    updated_at: str
    published: Version | None = None
    status: str = "unpublished"
    slug: str | None = None
    subtitle: str | None = None
    seo: dict[str, str] = field(default_factory=dict)
    published_at: str | None = None
    translations: dict[str, TranslationRecord] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleRecord:
        data = _versions(data)
        data["translations"] = {
            lang: TranslationRecord.from_dict(t) for lang, t in data["translations"].items()
        }
        return cls(**data)


@dataclass
class CategoryRecord:
    id: str
    center_id: str
    seq: int
    name: str
    slug: str
    slug_id: int
    description: str = ""
    icon: str | None = None
    parent_id: str | None = None
    translations: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CategoryRecord:
        return cls(**data)


@dataclass
class ImageRecord:
    id: str
    center_id: str
    filename: str
    content_type: str
    data: bytes = field(repr=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImageRecord:
        return cls(**data)


Record = ArticleRecord | CategoryRecord | ImageRecord


def to_dict(record: Record) -> dict[str, Any]:
    return asdict(record)


def _versions(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    data["draft"] = Version(**data["draft"])
    if data.get("published") is not None:
        data["published"] = Version(**data["published"])
    return data

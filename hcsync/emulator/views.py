"""Records as the API shows them: the Page, PageDraft, translation, category and list shapes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hcsync.emulator.config import CenterConfig, Profile
from hcsync.emulator.records import ArticleRecord, CategoryRecord, TranslationRecord, Version


def article_url(center: CenterConfig, record: ArticleRecord, language: str | None = None) -> str:
    prefix = f"/{language}" if language else ""
    slug = record.translations[language].slug if language else record.slug
    return f"https://{center.domain}{prefix}/article/{record.slug_id}-{slug}"


def seo_json(seo: dict[str, str]) -> dict[str, str]:
    return {"metaTitle": seo.get("metaTitle", ""), "metaDesc": seo.get("metaDesc", "")}


def content_json(version: Version) -> dict[str, str]:
    return {"html": version.html, "text": version.text}


def published_languages(record: ArticleRecord) -> list[str]:
    return sorted(lang for lang, t in record.translations.items() if t.published is not None)


def draft_json(
    center: CenterConfig, record: ArticleRecord, content: bool, profile: Profile
) -> dict[str, Any]:
    """The skill's PageDraft shape; `extended` adds `seo`, `subtitle` and unpublished languages."""
    body: dict[str, Any] = {
        "id": record.id,
        "object": "draft",
        "center_id": record.center_id,
        "slug_id": record.slug_id,
        "slug": record.slug,
        "title": record.draft.title,
        "category_id": record.category_id,
        "status": record.status,
        "has_unpublished_changes": record.status != "published",
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "published_at": record.published_at,
        "preview_url": preview_url(center, record),
        "translations": published_languages(record),
    }
    if not profile.documented:
        body["subtitle"] = record.subtitle
        body["seo"] = seo_json(record.seo)
        # Every language with a translation draft (see the fidelity notes).
        body["translations"] = sorted(record.translations)
    if record.published is not None:
        body["url"] = article_url(center, record)
    if content:
        body["content"] = content_json(record.draft)
    return body


def preview_url(center: CenterConfig, record: ArticleRecord) -> str:
    return f"https://{center.domain}/preview/{record.preview_id}"


def article_json(
    center: CenterConfig, record: ArticleRecord, content: bool, profile: Profile
) -> dict[str, Any]:
    """The skill's Page shape; `extended` adds `subtitle`."""
    published = record.published or Version()
    body: dict[str, Any] = {
        "id": record.id,
        "object": "article",
        "center_id": record.center_id,
        "category_id": record.category_id,
        "slug_id": record.slug_id,
        "slug": record.slug,
        "title": published.title,
        "status": "published",
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "published_at": record.published_at,
        "seo": seo_json(record.seo),
        "url": article_url(center, record),
        "translations": published_languages(record),
    }
    if not profile.documented:
        body["subtitle"] = record.subtitle
    if content:
        body["content"] = content_json(published)
    return body


def translation_json(
    center: CenterConfig,
    record: ArticleRecord,
    translation: TranslationRecord,
    *,
    draft: bool,
    content: bool,
    profile: Profile,
) -> dict[str, Any]:
    """The API page's translation shape; `extended` adds slug, SEO and timestamps."""
    version = translation.draft if draft else (translation.published or Version())
    body: dict[str, Any] = {
        "id": record.id,
        "language": translation.language,
        "title": version.title,
        "status": translation.status,
    }
    if not profile.documented:
        body |= {
            "object": "translation",
            "slug": translation.slug,
            "seo": seo_json(translation.seo),
            "created_at": translation.created_at,
            "updated_at": translation.updated_at,
            "published_at": translation.published_at,
        }
    if translation.published is not None and record.published is not None:
        body["url"] = article_url(center, record, translation.language)
    if content:
        body["content"] = content_json(version)
    return body


def category_json(record: CategoryRecord, profile: Profile, child: bool = False) -> dict[str, Any]:
    """The skill's category shape (children without `translations`); `extended` adds more."""
    body: dict[str, Any] = {
        "id": record.id,
        "name": record.name,
        "description": record.description,
        "slug": record.slug,
        "slug_id": record.slug_id,
    }
    if not (child and profile.documented):
        body["translations"] = record.translations
    if not profile.documented:
        body |= {"object": "category", "icon": record.icon, "parent_id": record.parent_id}
    return body


def category_tree(categories: Iterable[CategoryRecord], profile: Profile) -> list[dict[str, Any]]:
    """Top-level categories in creation order, each with its `children`."""
    ordered = sorted(categories, key=lambda c: c.seq)
    return [
        category_json(parent, profile)
        | {
            "children": [
                category_json(c, profile, child=True) for c in ordered if c.parent_id == parent.id
            ]
        }
        for parent in ordered
        if parent.parent_id is None
    ]


def list_json(data: list[dict[str, Any]], has_more: bool, path: str) -> dict[str, Any]:
    return {
        "object": "list",
        "data": data,
        "has_more": has_more,
        "count": len(data),
        "url": f"/api{path}",
    }


def count_json(total: int, filters: dict[str, str | None], path: str) -> dict[str, Any]:
    return {"object": "count", "total": total, "filters": filters, "url": f"/api{path}"}

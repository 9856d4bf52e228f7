"""Request parsing shared by the routes: bodies, fields, pagination, lookups."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar

from starlette.requests import Request

from hcsync.emulator.config import CenterConfig, Profile
from hcsync.emulator.content import is_valid_slug
from hcsync.emulator.errors import ApiError, invalid, missing_field, not_found
from hcsync.emulator.records import ArticleRecord, CategoryRecord, TranslationRecord
from hcsync.emulator.state import state_of
from hcsync.emulator.store import Store

READ, WRITE, PUBLISH, DELETE = "content.read", "content.write", "content.publish", "content.delete"
T = TypeVar("T", ArticleRecord, CategoryRecord)


async def json_body(request: Request, allowed: Collection[str]) -> dict[str, Any]:
    """The JSON object sent, refusing fields the endpoint does not accept."""
    raw = await request.body()
    if not raw.strip():
        return {}
    if profile_of(request).documented and not _is_json(request.headers.get("content-type", "")):
        # The seeds send every JSON body with this header and never show one without it.
        raise invalid(
            "invalid_content_type",
            "Send JSON bodies with the header Content-Type: application/json",
        )
    try:
        body = json.loads(raw)
    except ValueError:
        raise invalid("invalid_json", "The request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise invalid("invalid_json", "The request body must be a JSON object")
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise invalid(
            "unknown_parameter",
            f"Unknown field '{unknown[0]}'; this endpoint accepts: {', '.join(sorted(allowed))}",
        )
    return body


def _is_json(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() == "application/json"


def profile_of(request: Request) -> Profile:
    return state_of(request).config.profile


def text_field(body: Mapping[str, Any], name: str, *, required: bool = False) -> str | None:
    value = body.get(name)
    if value is None:
        if required:
            raise missing_field(f"Missing required field '{name}'")
        return None
    if not isinstance(value, str):
        raise invalid("invalid_parameter", f"Field '{name}' must be a string")
    if required and not value.strip():
        raise missing_field(f"Field '{name}' must not be empty")
    return value


def slug_field(body: Mapping[str, Any]) -> str | None:
    """The `slug` sent, refused unless lowercase letters, digits and single dashes."""
    slug = text_field(body, "slug")
    if slug is not None and not is_valid_slug(slug):
        raise invalid("invalid_slug", f"Slug '{slug}' must be lowercase letters, digits and dashes")
    return slug


def require_one(body: Mapping[str, Any], names: Collection[str]) -> None:
    if not any(body.get(n) is not None for n in names):
        raise missing_field(f"Provide at least one of: {', '.join(names)}")


def seo_update(body: Mapping[str, Any]) -> dict[str, str]:
    """SEO fields from `seo` (either spelling) and `seo.metaTitle`/`seo.metaDesc` keys."""
    seo = body.get("seo")
    if seo is not None and not isinstance(seo, dict):
        raise invalid("invalid_parameter", "Field 'seo' must be an object")
    seo = seo or {}
    fields = {
        "metaTitle": seo.get("metaTitle", seo.get("title", body.get("seo.metaTitle"))),
        "metaDesc": seo.get("metaDesc", seo.get("description", body.get("seo.metaDesc"))),
    }
    for name, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise invalid("invalid_parameter", f"Field 'seo.{name}' must be a string")
    return {k: v for k, v in fields.items() if v is not None}


def wants_content(request: Request) -> bool:
    params = request.query_params
    return "content" in params.getlist("expand[]") + params.getlist("expand")


def paginate(request: Request, items: list[T]) -> tuple[list[T], bool]:
    """One page of `items` (in creation order) by `limit`, `starting_after`, `ending_before`."""
    limit = _limit(request.query_params.get("limit"))
    after = request.query_params.get("starting_after")
    before = request.query_params.get("ending_before")
    ids = [item.id for item in items]
    if after:
        rest = items[_position(ids, after) + 1 :]
        return rest[:limit], len(rest) > limit
    if before:
        head = items[: _position(ids, before)]
        return head[-limit:], len(head) > limit
    return items[:limit], len(items) > limit


def _limit(raw: str | None) -> int:
    if raw is None:
        return 50
    if not raw.isdigit() or not 1 <= int(raw) <= 100:
        raise invalid("invalid_parameter", "limit must be an integer between 1 and 100")
    return int(raw)


def _position(ids: list[str], cursor: str) -> int:
    if cursor not in ids:
        raise invalid("invalid_parameter", f"Cursor '{cursor}' is not an item of this list")
    return ids.index(cursor)


def search_filter(request: Request) -> Callable[[str, str], bool]:
    """Matches title or text against `search`, case-insensitively."""
    needle = (request.query_params.get("search") or "").lower()
    return lambda title, text: not needle or needle in title.lower() or needle in text.lower()


def store_of(request: Request) -> Store:
    return state_of(request).store


def articles_of(request: Request, center: CenterConfig) -> list[ArticleRecord]:
    records = store_of(request).articles.values()
    return sorted((a for a in records if a.center_id == center.id), key=lambda a: a.seq)


def listed_articles(request: Request, center: CenterConfig) -> list[ArticleRecord]:
    """The articles a list or count shows: with `list_lag_ms`, not the newest yet."""
    behaviour = state_of(request).config.server
    return [a for a in articles_of(request, center) if behaviour.visible(a.created_at)]


def server_slug(
    request: Request, center: CenterConfig, owner: str, language: str | None, wanted: str
) -> str:
    """The slug stored for `wanted`: itself, or with `slugs: unique` one never given before."""
    state = state_of(request)
    if state.config.server.slugs == "unique":
        return state.slugs.assign(center.id, language, owner, wanted)
    return wanted


def categories_of(request: Request, center: CenterConfig) -> list[CategoryRecord]:
    records = store_of(request).categories.values()
    return sorted((c for c in records if c.center_id == center.id), key=lambda c: c.seq)


def find_article(request: Request, center: CenterConfig) -> ArticleRecord:
    article_id = request.path_params["article_id"]
    record = store_of(request).articles.get(article_id)
    if record is None or record.center_id != center.id:
        raise not_found("Article", article_id)
    return record


def find_category(request: Request, center: CenterConfig, category_id: str) -> CategoryRecord:
    record = store_of(request).categories.get(category_id)
    if record is None or record.center_id != center.id:
        raise not_found("Category", category_id)
    return record


def find_translation(record: ArticleRecord, language: str) -> TranslationRecord:
    translation = record.translations.get(language)
    if translation is None:
        raise not_found("Translation", f"{record.id}/{language}")
    return translation


def check_language(center: CenterConfig, language: str) -> None:
    if language not in center.additional_languages:
        configured = ", ".join(center.additional_languages) or "none"
        raise ApiError(
            400,
            "invalid_language",
            f"Language '{language}' is not in the center's additional_languages ({configured})",
        )

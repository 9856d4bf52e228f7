"""Categories: one level of subcategories, translated names, delete only when empty."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from hcsync.emulator.config import CenterConfig
from hcsync.emulator.content import slugify
from hcsync.emulator.errors import ApiError, invalid
from hcsync.emulator.records import CategoryRecord
from hcsync.emulator.routes.common import (
    DELETE,
    READ,
    WRITE,
    articles_of,
    categories_of,
    check_language,
    find_category,
    json_body,
    profile_of,
    require_one,
    store_of,
    text_field,
)
from hcsync.emulator.state import authorize
from hcsync.emulator.views import category_tree

_EDITABLE = ("name", "description", "icon", "translations")


def _tree(request: Request, center: CenterConfig, status: int = 200) -> JSONResponse:
    body = {
        "object": "list",
        "data": category_tree(categories_of(request, center), profile_of(request)),
        "url": f"/api{request.url.path.rsplit('/categories', 1)[0]}/categories",
    }
    return JSONResponse(body, status_code=status)


async def list_categories(request: Request) -> JSONResponse:
    return _tree(request, authorize(request, READ))


async def create_category(request: Request) -> JSONResponse:
    center = authorize(request, WRITE)
    body = await json_body(request, (*_EDITABLE, "parent_id"))
    name = text_field(body, "name", required=True) or ""
    parent_id = text_field(body, "parent_id")
    if parent_id is not None and find_category(request, center, parent_id).parent_id:
        raise invalid(
            "invalid_parent", "Categories support one level of subcategories: the parent is one"
        )
    store = store_of(request)
    record = CategoryRecord(
        id=store.new_id("cat_"),
        center_id=center.id,
        seq=store.next_number(f"{center.id}:category_seq"),
        name=name,
        slug=slugify(name, "category"),
        slug_id=store.next_number(f"{center.id}:category_slug_id"),
        description=text_field(body, "description") or "",
        icon=text_field(body, "icon"),
        parent_id=parent_id,
        translations=_translations(center, body.get("translations")),
    )
    store.save(record)
    return _tree(request, center, status=201)


async def update_category(request: Request) -> JSONResponse:
    center = authorize(request, WRITE)
    record = find_category(request, center, request.path_params["category_id"])
    body = await json_body(request, _EDITABLE)
    require_one(body, _EDITABLE)
    name = text_field(body, "name")
    if name is not None:
        if not name.strip():
            raise invalid("missing_required_field", "Field 'name' must not be empty")
        record.name = name
    description = text_field(body, "description")
    record.description = record.description if description is None else description
    icon = text_field(body, "icon")
    record.icon = record.icon if icon is None else icon
    record.translations = record.translations | _translations(center, body.get("translations"))
    store_of(request).save(record)
    return _tree(request, center)


async def delete_category(request: Request) -> JSONResponse:
    center = authorize(request, DELETE)
    record = find_category(request, center, request.path_params["category_id"])
    family = [c for c in categories_of(request, center) if record.id in (c.id, c.parent_id)]
    family_ids = {c.id for c in family}
    blocking = [a.id for a in articles_of(request, center) if a.category_id in family_ids]
    if blocking:
        raise ApiError(
            400,
            "category_has_articles",
            f"Category '{record.id}' has {len(blocking)} article(s) assigned; "
            f"move or delete them first: {', '.join(blocking)}",
        )
    for category in family:
        store_of(request).delete(category)
    return _tree(request, center)


def _translations(center: CenterConfig, value: Any) -> dict[str, dict[str, str]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise invalid("invalid_parameter", "Field 'translations' must be an object")
    result = {}
    for language, entry in value.items():
        check_language(center, language)
        if not isinstance(entry, dict):
            raise invalid("invalid_parameter", f"translations.{language} must be an object")
        result[language] = {
            "name": text_field(entry, "name") or "",
            "description": text_field(entry, "description") or "",
        }
    return result

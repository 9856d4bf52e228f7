"""Articles: create, read the published version, metadata, publish, delete, duplicate."""

from __future__ import annotations

from dataclasses import replace

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from hcsync.emulator.config import CenterConfig
from hcsync.emulator.content import html_to_text, slugify
from hcsync.emulator.errors import invalid, not_found
from hcsync.emulator.records import ArticleRecord, Version
from hcsync.emulator.routes.common import (
    DELETE,
    PUBLISH,
    READ,
    WRITE,
    categories_of,
    find_article,
    find_category,
    json_body,
    listed_articles,
    paginate,
    profile_of,
    require_one,
    search_filter,
    seo_update,
    server_slug,
    slug_field,
    store_of,
    text_field,
    wants_content,
)
from hcsync.emulator.state import authorize
from hcsync.emulator.views import article_json, count_json, draft_json, list_json, preview_url
from hcsync.sanitize import sanitize

# Both seeds name the field `category`; `extended` also takes `category_id`.
_METADATA_FIELDS = ("category", "subtitle", "slug", "seo", "seo.metaTitle", "seo.metaDesc")
_EXTENDED_METADATA_FIELDS = (*_METADATA_FIELDS, "category_id")


def _published(request: Request) -> list[ArticleRecord]:
    center = authorize(request, READ)
    matches = search_filter(request)
    category = request.query_params.get("category")
    return [
        a
        for a in listed_articles(request, center)
        if a.published is not None
        and (category is None or a.category_id == category)
        and matches(a.published.title, a.published.text)
    ]


async def list_articles(request: Request) -> JSONResponse:
    center = authorize(request, READ)
    page, has_more = paginate(request, _published(request))
    content, profile = wants_content(request), profile_of(request)
    data = [article_json(center, a, content, profile) for a in page]
    if profile.documented:
        # The API page's list example shows `preview_url` on listed articles.
        data = [
            d | {"preview_url": preview_url(center, a)} for d, a in zip(data, page, strict=True)
        ]
    return JSONResponse(list_json(data, has_more, request.url.path))


async def count_articles(request: Request) -> JSONResponse:
    total = len(_published(request))
    filters = {k: request.query_params.get(k) for k in ("category", "search", "status")}
    return JSONResponse(count_json(total, filters, request.url.path))


async def get_article(request: Request) -> JSONResponse:
    center = authorize(request, READ)
    record = find_article(request, center)
    if record.published is None:
        raise not_found("Article", record.id)
    return JSONResponse(article_json(center, record, wants_content(request), profile_of(request)))


async def create_article(request: Request) -> JSONResponse:
    center = authorize(request, WRITE)
    body = await json_body(request, ("title", "content", "category_id", "metadata"))
    title = text_field(body, "title", required=True) or ""
    content = body.get("content") or {}
    metadata = body.get("metadata") or {}
    if not isinstance(content, dict) or not isinstance(metadata, dict):
        raise invalid("invalid_parameter", "Fields 'content' and 'metadata' must be objects")
    html = sanitize(text_field(content, "html") or "")
    record = _new_record(
        request,
        center,
        category_id=_category_for_new(request, center, body.get("category_id")),
        draft=Version(title, html, html_to_text(html)),
        seo=seo_update(metadata),
    )
    # "The response returns the draft object with expand: ['content']" (the skill).
    answer = draft_json(center, record, True, profile_of(request))
    return JSONResponse(answer, status_code=201)


def _category_for_new(request: Request, center: CenterConfig, category_id: object) -> str | None:
    if category_id is None:
        first = categories_of(request, center)
        return first[0].id if first else None
    if not isinstance(category_id, str):
        raise invalid("invalid_parameter", "Field 'category_id' must be a string")
    return find_category(request, center, category_id).id


async def update_metadata(request: Request) -> JSONResponse:
    center = authorize(request, WRITE)
    record = find_article(request, center)
    profile = profile_of(request)
    fields = _METADATA_FIELDS if profile.documented else _EXTENDED_METADATA_FIELDS
    body = await json_body(request, fields)
    require_one(body, fields)
    category = text_field(body, "category") or text_field(body, "category_id")
    if category is not None:
        record.category_id = find_category(request, center, category).id
    subtitle = text_field(body, "subtitle")
    if subtitle is not None:
        record.subtitle = subtitle
    sent = slug_field(body)
    record.slug = server_slug(request, center, record.id, None, sent) if sent else record.slug
    record.seo = record.seo | seo_update(body)
    _touch(request, record)
    return JSONResponse(draft_json(center, record, False, profile))


async def delete_article(request: Request) -> Response:
    center = authorize(request, DELETE)
    store_of(request).delete(find_article(request, center))
    return Response(status_code=204)


async def publish(request: Request) -> JSONResponse:
    center = authorize(request, PUBLISH)
    record = find_article(request, center)
    html = sanitize(record.draft.html)
    record.draft = Version(record.draft.title, html, html_to_text(html))
    record.published = replace(record.draft)
    record.slug = record.slug or server_slug(
        request, center, record.id, None, slugify(record.draft.title)
    )
    record.status = "published"
    _touch(request, record)
    record.published_at = record.updated_at
    return JSONResponse(article_json(center, record, False, profile_of(request)))


async def unpublish(request: Request) -> JSONResponse:
    center = authorize(request, PUBLISH)
    record = find_article(request, center)
    if record.published is None:
        raise invalid("not_published", f"Article '{record.id}' is not published")
    record.published = None
    record.status = "unpublished"
    record.published_at = None
    for translation in record.translations.values():
        translation.published = None
        translation.published_at = None
        translation.status = "unpublished"
    _touch(request, record)
    return JSONResponse(draft_json(center, record, False, profile_of(request)))


async def duplicate(request: Request) -> JSONResponse:
    center = authorize(request, WRITE)
    source = find_article(request, center)
    copy = _new_record(
        request,
        center,
        category_id=source.category_id,
        draft=Version(f"{source.draft.title} (copy)", source.draft.html, source.draft.text),
        seo=dict(source.seo),
        subtitle=source.subtitle,
    )
    profile = profile_of(request)
    answer = draft_json(center, copy, not profile.documented, profile)
    return JSONResponse(answer, status_code=201)


def _new_record(
    request: Request,
    center: CenterConfig,
    *,
    category_id: str | None,
    draft: Version,
    seo: dict[str, str],
    subtitle: str | None = None,
) -> ArticleRecord:
    """A new unpublished article with the next creation number and slug id, saved."""
    store = store_of(request)
    now = store.now()
    record = ArticleRecord(
        id=store.new_id(),
        center_id=center.id,
        seq=store.next_number(f"{center.id}:article_seq"),
        slug_id=store.next_number(f"{center.id}:slug_id"),
        category_id=category_id,
        draft=draft,
        preview_id=store.new_id(),
        created_at=now,
        updated_at=now,
        subtitle=subtitle,
        seo=seo,
    )
    store.save(record)
    return record


def _touch(request: Request, record: ArticleRecord) -> None:
    store = store_of(request)
    record.updated_at = store.now()
    store.save(record)

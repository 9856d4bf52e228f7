"""Drafts: list, count, read, edit, discard."""

from __future__ import annotations

from dataclasses import replace

from starlette.requests import Request
from starlette.responses import JSONResponse

from hcsync.emulator.config import CenterConfig
from hcsync.emulator.content import html_to_text
from hcsync.emulator.errors import invalid, not_found
from hcsync.emulator.records import ArticleRecord, Version
from hcsync.emulator.routes.common import (
    READ,
    WRITE,
    find_article,
    json_body,
    listed_articles,
    paginate,
    profile_of,
    require_one,
    search_filter,
    store_of,
    text_field,
    wants_content,
)
from hcsync.emulator.state import authorize
from hcsync.emulator.views import count_json, draft_json, list_json
from hcsync.sanitize import sanitize

STATUSES = ("unpublished", "published", "published_with_changes")


def _drafts(request: Request) -> list[ArticleRecord]:
    center = authorize(request, READ)
    matches = search_filter(request)
    category = request.query_params.get("category")
    status = request.query_params.get("status")
    if status is not None and status not in STATUSES:
        raise invalid("invalid_parameter", f"status must be one of {', '.join(STATUSES)}")
    return [
        a
        for a in listed_articles(request, center)
        if (category is None or a.category_id == category)
        and (status is None or a.status == status)
        and matches(a.draft.title, a.draft.text)
    ]


async def list_drafts(request: Request) -> JSONResponse:
    center = authorize(request, READ)
    page, has_more = paginate(request, _drafts(request))
    content, profile = wants_content(request), profile_of(request)
    data = [draft_json(center, a, content, profile) for a in page]
    return JSONResponse(list_json(data, has_more, request.url.path))


async def count_drafts(request: Request) -> JSONResponse:
    total = len(_drafts(request))
    filters = {k: request.query_params.get(k) for k in ("category", "search", "status")}
    return JSONResponse(count_json(total, filters, request.url.path))


async def get_draft(request: Request) -> JSONResponse:
    center = authorize(request, READ)
    record = find_article(request, center)
    return JSONResponse(draft_json(center, record, wants_content(request), profile_of(request)))


async def update_draft(request: Request) -> JSONResponse:
    center = authorize(request, WRITE)
    record = find_article(request, center)
    body = await json_body(request, ("title", "html"))
    require_one(body, ("title", "html"))
    title = text_field(body, "title")
    if title is not None and not title.strip():
        raise invalid("missing_required_field", "Field 'title' must not be empty")
    html = text_field(body, "html")
    html = record.draft.html if html is None else sanitize(html)
    record.draft = Version(title or record.draft.title, html, html_to_text(html))
    if record.published is not None:
        record.status = "published_with_changes"
    store = store_of(request)
    record.updated_at = store.now()
    store.save(record)
    return _write_answer(request, center, record)


async def discard_draft(request: Request) -> JSONResponse:
    center = authorize(request, WRITE)
    record = find_article(request, center)
    if record.published is None:
        raise not_found("Published version of article", record.id)
    record.draft = replace(record.published)
    record.status = "published"
    store = store_of(request)
    record.updated_at = store.now()
    store.save(record)
    return _write_answer(request, center, record)


def _write_answer(request: Request, center: CenterConfig, record: ArticleRecord) -> JSONResponse:
    """`extended` answers a draft write with the content; the seeds show no answer at all."""
    profile = profile_of(request)
    return JSONResponse(draft_json(center, record, not profile.documented, profile))

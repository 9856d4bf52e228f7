"""Translations: drafts and metadata per language, published only after the root."""

from __future__ import annotations

from dataclasses import replace

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from hcsync.emulator.config import CenterConfig
from hcsync.emulator.content import html_to_text, slugify
from hcsync.emulator.errors import ApiError, invalid, missing_field, not_found
from hcsync.emulator.records import ArticleRecord, TranslationRecord, Version
from hcsync.emulator.routes.common import (
    DELETE,
    PUBLISH,
    READ,
    WRITE,
    check_language,
    find_article,
    find_translation,
    json_body,
    profile_of,
    require_one,
    seo_update,
    server_slug,
    slug_field,
    store_of,
    text_field,
    wants_content,
)
from hcsync.emulator.state import authorize
from hcsync.emulator.views import translation_json
from hcsync.sanitize import sanitize

_METADATA_FIELDS = ("slug", "seo", "seo.metaTitle", "seo.metaDesc")


def _target(request: Request, scope: str) -> tuple[CenterConfig, ArticleRecord, str]:
    center = authorize(request, scope)
    return center, find_article(request, center), request.path_params["language"]


def _answer(
    center: CenterConfig,
    record: ArticleRecord,
    translation: TranslationRecord,
    request: Request,
    *,
    draft: bool = True,
    content: bool | None = None,
) -> JSONResponse:
    """The translation (its draft unless `draft` is False); content as `expand[]` asks."""
    content = wants_content(request) if content is None else content
    profile = profile_of(request)
    body = translation_json(
        center, record, translation, draft=draft, content=content, profile=profile
    )
    return JSONResponse(body)


def _save(request: Request, record: ArticleRecord, translation: TranslationRecord) -> None:
    store = store_of(request)
    translation.updated_at = store.now()
    _touch_root(request, record, translation.updated_at)
    record.translations[translation.language] = translation
    store.save(record)


def _touch_root(request: Request, record: ArticleRecord, now: str) -> None:
    """`extended`: the root's updated_at moves too, so a list of drafts shows translation edits."""
    if not profile_of(request).documented:
        record.updated_at = now


async def get_translation(request: Request) -> JSONResponse:
    center, record, language = _target(request, READ)
    translation = find_translation(record, language)
    if record.published is None or translation.published is None:
        raise not_found("Published translation", f"{record.id}/{language}")
    return _answer(center, record, translation, request, draft=False)


async def get_translation_draft(request: Request) -> JSONResponse:
    center, record, language = _target(request, READ)
    return _answer(center, record, find_translation(record, language), request)


async def update_translation_draft(request: Request) -> JSONResponse:
    center, record, language = _target(request, WRITE)
    check_language(center, language)
    body = await json_body(request, ("title", "html"))
    require_one(body, ("title", "html"))
    now = store_of(request).now()
    translation = record.translations.get(language) or TranslationRecord(
        language, Version(), now, now
    )
    html = text_field(body, "html")
    html = translation.draft.html if html is None else sanitize(html)
    title = text_field(body, "title")
    translation.draft = Version(title or translation.draft.title, html, html_to_text(html))
    if translation.published is not None:
        translation.status = "published_with_changes"
    _save(request, record, translation)
    # `extended` answers with the content; the seeds show no answer to this PATCH.
    return _answer(center, record, translation, request, content=not profile_of(request).documented)


async def update_translation_metadata(request: Request) -> JSONResponse:
    center, record, language = _target(request, WRITE)
    translation = find_translation(record, language)
    body = await json_body(request, _METADATA_FIELDS)
    require_one(body, _METADATA_FIELDS)
    sent = slug_field(body)
    if sent:
        translation.slug = server_slug(request, center, record.id, language, sent)
    translation.seo = translation.seo | seo_update(body)
    _save(request, record, translation)
    return _answer(center, record, translation, request)


async def publish_translation(request: Request) -> JSONResponse:
    center, record, language = _target(request, PUBLISH)
    translation = find_translation(record, language)
    if record.published is None:
        raise ApiError(
            400, "root_not_published", "Publish the root article before its translations"
        )
    if not (translation.draft.title or translation.draft.html):
        raise missing_field("The translation needs a title or content before publishing")
    translation.published = replace(translation.draft)
    translation.slug = translation.slug or server_slug(
        request, center, record.id, language, slugify(translation.draft.title)
    )
    translation.status = "published"
    _save(request, record, translation)
    translation.published_at = translation.updated_at
    return _answer(center, record, translation, request)


async def unpublish_translation(request: Request) -> JSONResponse:
    center, record, language = _target(request, PUBLISH)
    translation = find_translation(record, language)
    if translation.published is None:
        raise invalid("not_published", f"Translation '{language}' is not published")
    translation.published = None
    translation.published_at = None
    translation.status = "unpublished"
    _save(request, record, translation)
    return _answer(center, record, translation, request)


async def delete_translation(request: Request) -> Response:
    _center, record, language = _target(request, DELETE)
    find_translation(record, language)
    del record.translations[language]
    store = store_of(request)
    _touch_root(request, record, store.now())
    store.save(record)
    return Response(status_code=204)

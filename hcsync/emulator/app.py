"""The emulator's Starlette application: routes of the knowledge-base API and control."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from hcsync.emulator.config import DEMO, EmulatorConfig
from hcsync.emulator.errors import ApiError, error_response
from hcsync.emulator.gate import Gate
from hcsync.emulator.inbox_samples import seed_samples
from hcsync.emulator.ratelimit import RateLimiter
from hcsync.emulator.routes import (
    articles,
    categories,
    center,
    control,
    conversations,
    drafts,
    images,
    inbound,
    replies,
    translations,
)
from hcsync.emulator.state import EmulatorState
from hcsync.emulator.store import Store

C = "/v0/centers/{center_id}"
A = C + "/articles/{article_id}"
T = A + "/translations/{language}"
V = C + "/conversations/{conversation_id}"

# Literal paths come before {article_id}, which would otherwise swallow them.
ROUTES = [
    Route(C, center.get_center, methods=["GET"]),
    Route(C + "/articles/categories", categories.list_categories, methods=["GET"]),
    Route(C + "/articles/categories", categories.create_category, methods=["POST"]),
    Route(C + "/articles/categories/{category_id}", categories.update_category, methods=["PATCH"]),
    Route(C + "/articles/categories/{category_id}", categories.delete_category, methods=["DELETE"]),
    Route(C + "/articles/images", images.upload_image, methods=["POST"]),
    Route(C + "/articles/count", articles.count_articles, methods=["GET"]),
    Route(C + "/articles/drafts", drafts.list_drafts, methods=["GET"]),
    Route(C + "/articles/drafts/count", drafts.count_drafts, methods=["GET"]),
    Route(C + "/articles", articles.list_articles, methods=["GET"]),
    Route(C + "/articles", articles.create_article, methods=["POST"]),
    Route(A, articles.get_article, methods=["GET"]),
    Route(A, articles.delete_article, methods=["DELETE"]),
    Route(A + "/metadata", articles.update_metadata, methods=["PATCH"]),
    Route(A + "/publish", articles.publish, methods=["POST"]),
    Route(A + "/unpublish", articles.unpublish, methods=["POST"]),
    Route(A + "/duplicate", articles.duplicate, methods=["POST"]),
    Route(A + "/images", images.upload_image, methods=["POST"]),
    Route(A + "/draft", drafts.get_draft, methods=["GET"]),
    Route(A + "/draft", drafts.update_draft, methods=["PATCH"]),
    Route(A + "/draft/discard", drafts.discard_draft, methods=["POST"]),
    Route(T, translations.get_translation, methods=["GET"]),
    Route(T, translations.delete_translation, methods=["DELETE"]),
    Route(T + "/draft", translations.get_translation_draft, methods=["GET"]),
    Route(T + "/draft", translations.update_translation_draft, methods=["PATCH"]),
    Route(T + "/metadata", translations.update_translation_metadata, methods=["PATCH"]),
    Route(T + "/publish", translations.publish_translation, methods=["POST"]),
    Route(T + "/unpublish", translations.unpublish_translation, methods=["POST"]),
    Route(C + "/users", conversations.list_users, methods=["GET"]),
    Route(C + "/conversations", conversations.list_conversations, methods=["GET"]),
    Route(C + "/conversations/count", conversations.count_conversations, methods=["GET"]),
    Route(V, conversations.get_conversation, methods=["GET"]),
    Route(V, conversations.update_conversation, methods=["PATCH"]),
    Route(V + "/messages/{message_id:path}", conversations.get_message, methods=["GET"]),
    Route(V + "/reply", replies.reply, methods=["POST"]),
    Route(V + "/draft", replies.get_draft, methods=["GET"]),
    Route(V + "/draft", replies.update_draft, methods=["PATCH"]),
    Route(V + "/draft/discard", replies.discard_draft, methods=["POST"]),
    Route(V + "/draft/send", replies.send_draft, methods=["POST"]),
    Route(V + "/discussion", replies.post_discussion, methods=["POST"]),
    Route("/cdn/images/{image_id}/{filename}", images.serve_image, methods=["GET"]),
    Route("/_emulator/health", control.health, methods=["GET"]),
    Route("/_emulator/reset", control.reset, methods=["POST"]),
    Route("/_emulator/journal", control.journal, methods=["GET"]),
    Route("/_emulator/faults", control.list_faults, methods=["GET"]),
    Route("/_emulator/faults", control.add_fault, methods=["POST"]),
    Route("/_emulator/faults", control.clear_faults, methods=["DELETE"]),
    Route("/_emulator/inbound", inbound.inbound, methods=["POST"]),
    Route("/_emulator/outbox", inbound.outbox, methods=["GET"]),
]


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _no_endpoint(request: Request, exc: Exception) -> Response:
    if isinstance(exc, HTTPException) and exc.status_code not in (404, 405):
        return error_response(exc.status_code, "http_error", str(exc.detail))
    message = f"No endpoint {request.method} {request.url.path}"
    return error_response(404, "endpoint_not_found", message)


async def _crash(request: Request, exc: Exception) -> Response:
    return error_response(500, "internal_error", f"Emulator error: {type(exc).__name__}")


def create_app(config: EmulatorConfig = DEMO, db_path: Path | None = None) -> ASGIApp:
    """The emulator as an ASGI app (wrapped in the gate), state in memory or in `db_path`."""
    state = EmulatorState(
        config=config,
        store=Store(db_path),
        limiter=RateLimiter(config.rate_limit, reset=config.server.rate_reset),
    )
    app = Starlette(
        routes=ROUTES,
        exception_handlers={
            ApiError: _api_error,
            HTTPException: _no_endpoint,
            Exception: _crash,
        },
    )
    app.router.redirect_slashes = False
    app.state.emulator = state
    for each in config.centers:
        seed_samples(state.store, each)
    gated = Gate(app, state)
    return gated

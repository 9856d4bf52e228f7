"""The center itself: name, domain and languages."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from hcsync.emulator.routes.common import READ
from hcsync.emulator.state import authorize

CREATED_AT = "2024-01-01T00:00:00.000Z"


async def get_center(request: Request) -> JSONResponse:
    center = authorize(request, READ)
    return JSONResponse(
        {
            "id": center.id,
            "object": "center",
            "name": center.name,
            "domain": center.domain,
            "default_language": center.default_language,
            "additional_languages": list(center.additional_languages),
            "created_at": CREATED_AT,
        }
    )

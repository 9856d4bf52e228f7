"""Images: multipart upload (field `image`, 10 MB, type judged by content) and serving."""

from __future__ import annotations

import re

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from hcsync.emulator.errors import invalid, missing_field, not_found
from hcsync.emulator.records import ImageRecord
from hcsync.emulator.routes.common import WRITE, find_article, store_of
from hcsync.emulator.state import authorize
from hcsync.imagetypes import MAX_IMAGE_BYTES, sniff_image

_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
}


async def upload_image(request: Request) -> JSONResponse:
    center = authorize(request, WRITE)
    if "article_id" in request.path_params:
        find_article(request, center)
    upload = await _image_part(request)
    data = await upload.read()
    if len(data) > MAX_IMAGE_BYTES:
        raise invalid("file_too_large", f"Image is {len(data)} bytes; the maximum is 10MB")
    content_type = sniff_image(data)
    if content_type is None:
        raise invalid("invalid_image_type", "Unsupported image: use JPEG, PNG, GIF, WebP or SVG")
    store = store_of(request)
    filename = _safe_name(upload.filename or "image", content_type)
    record = ImageRecord(store.new_id("img_"), center.id, filename, content_type, data)
    store.save(record)
    url = f"{str(request.base_url).rstrip('/')}/cdn/images/{record.id}/{filename}"
    body = {"success": True, "data": {"url": url, "filename": filename, "size": len(data)}}
    return JSONResponse(body)


async def _image_part(request: Request) -> UploadFile:
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise invalid("invalid_request_body", "Send the image as multipart/form-data")
    form = await request.form(max_files=1)
    upload = form.get("image")
    if not isinstance(upload, UploadFile):
        raise missing_field("Missing required file field 'image'")
    return upload


def _safe_name(name: str, content_type: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name.rsplit("/", 1)[-1]).strip(".-") or "image"
    extension = _EXTENSIONS[content_type]
    return stem if stem.lower().endswith(extension) else stem + extension


async def serve_image(request: Request) -> Response:
    record = store_of(request).images.get(request.path_params["image_id"])
    if record is None:
        raise not_found("Image", request.path_params["image_id"])
    return Response(record.data, media_type=record.content_type)

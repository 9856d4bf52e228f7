"""Recognising the image formats Help.Center accepts, by content rather than by name."""

from __future__ import annotations

MAX_IMAGE_BYTES = 10 * 1024 * 1024


def sniff_image(data: bytes) -> str | None:
    """The image's MIME type judged by its bytes, or None if not JPEG/PNG/GIF/WebP/SVG."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in head:
        return "image/svg+xml"
    return None

"""Reading uploaded images from the CDN: does a URL still serve, and what are its bytes.

Not the API: no key is sent and no rate-limit budget is spent. Only URLs the help
center gave out are fetched (from the lock or from its own HTML).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

import httpx

from hcsync.api.settings import allowed_url

MAX_BYTES = 10 * 1024 * 1024


def image_hash(data: bytes) -> str:
    """The content hash hcsync gives an image (as `hcsync.local.images` does)."""
    return hashlib.sha256(data).hexdigest()[:32]


def dead(urls: Mapping[str, str], timeout: float = 10.0) -> frozenset[str]:
    """The keys whose URL no longer serves an image."""
    with httpx.Client(timeout=timeout, follow_redirects=True) as http:
        return frozenset(key for key, url in urls.items() if not _serves(http, url))


def verified(candidates: Mapping[str, Iterable[str]], timeout: float = 10.0) -> dict[str, str]:
    """Content hash → the first candidate URL whose bytes really hash to it."""
    found: dict[str, str] = {}
    with httpx.Client(timeout=timeout, follow_redirects=True) as http:
        for digest, urls in candidates.items():
            for url in sorted(urls):
                data = _download(http, url)
                if data is not None and image_hash(data) == digest:
                    found[digest] = url
                    break
    return found


def _serves(http: httpx.Client, url: str) -> bool:
    if not allowed_url(url):
        return False
    try:
        return http.head(url).is_success or http.get(url).is_success
    except httpx.HTTPError:
        return False


def _download(http: httpx.Client, url: str) -> bytes | None:
    if not allowed_url(url):
        return None
    try:
        response = http.get(url)
    except httpx.HTTPError:
        return None
    if not response.is_success or len(response.content) > MAX_BYTES:
        return None
    return response.content

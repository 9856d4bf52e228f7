"""Downloading article images from the help center's CDN (plain GETs, never the API).

Only images the help center hosts are downloaded: those on `cdn.help.center`
(what an upload returns, per the API page) or on the API's own host (where the
emulator serves them). Any other image stays an absolute URL in the Markdown.
Each URL is fetched at most once per pull; a body over the size limit is refused.
Plan and apply use it too: to check that an uploaded URL the lock remembers still
serves, and to adopt an image the help center already holds (its bytes must hash
the same) when the lock has lost it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

import httpx

from hcsync.api.settings import allowed_url
from hcsync.errors import FatalError

CDN_HOSTS = frozenset({"cdn.help.center"})
MAX_IMAGE_BYTES = 20 * 1024 * 1024


def image_digest(data: bytes) -> str:
    """The content hash the planner uses for images (see `local/images.py`)."""
    return hashlib.sha256(data).hexdigest()[:32]


def is_help_center_image(url: str, api_url: str) -> bool:
    parts, api = urlsplit(url), urlsplit(api_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if parts.hostname in CDN_HOSTS:
        return parts.scheme == "https"
    return (parts.scheme, parts.netloc) == (api.scheme, api.netloc)


class ImageGone(FatalError):
    """The help center answers 404 for an image a page still shows."""


class Downloader:
    """Fetches each URL once and remembers the bytes; counts what it fetched."""

    def __init__(self, timeout: float = 30.0) -> None:
        self._http = httpx.Client(timeout=timeout, follow_redirects=False)
        self._cache: dict[str, bytes] = {}
        self.fetched = 0

    def get(self, url: str) -> bytes:
        if url not in self._cache:
            self._cache[url] = self._fetch(url)
        return self._cache[url]

    def _fetch(self, url: str) -> bytes:
        self.fetched += 1
        try:
            with self._http.stream("GET", url) as response:
                response.raise_for_status()
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_IMAGE_BYTES:
                        raise FatalError(f"image {url} is over {MAX_IMAGE_BYTES // 2**20} MB")
                    chunks.append(chunk)
        except httpx.HTTPStatusError as exc:
            if exc.response.status_code in (404, 410):
                raise ImageGone(f"image {url} is gone from the help center") from None
            raise FatalError(
                f"cannot download image {url} (HTTP {exc.response.status_code}); run pull again"
            ) from None
        except httpx.HTTPError as exc:
            raise FatalError(
                f"cannot download image {url} ({type(exc).__name__}); run pull again"
            ) from None
        return b"".join(chunks)

    def close(self) -> None:
        self._http.close()


def dead(urls: Mapping[str, str], timeout: float = 10.0) -> frozenset[str]:
    """The keys whose URL no longer serves (a wiped or re-created center)."""
    with httpx.Client(timeout=timeout, follow_redirects=True) as http:
        return frozenset(key for key, url in urls.items() if not _serves(http, url))


def verified(candidates: Mapping[str, Iterable[str]], timeout: float = 10.0) -> dict[str, str]:
    """Content hash → the first candidate URL whose bytes really hash to it."""
    found: dict[str, str] = {}
    with httpx.Client(timeout=timeout, follow_redirects=True) as http:
        for digest, urls in candidates.items():
            for url in sorted(urls):
                data = _download(http, url)
                if data is not None and image_digest(data) == digest:
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
    if not response.is_success or len(response.content) > MAX_IMAGE_BYTES:
        return None
    return response.content

"""The one image fetcher: article images from the help center's own hosts (plain GETs,
never the API, never the key).

Image URLs come from places hcsync does not trust — the remote HTML (any dashboard
editor) and `hcsync.lock` (any pull request) — so a URL is fetched only when it is
on the CDN (`cdn.help.center`, https, what an upload returns per the API page) or on
the API's own host (where the emulator serves them; plain http only on loopback).
A redirect is followed only to such a host, at most `MAX_REDIRECTS` times; the body
is streamed and cut off past the upload limit; each image has a deadline. Anything
else is "not served" (`NotServed`): never fetched, and uploaded again when the tree
holds the image.

Pull downloads through `Downloader` (each URL once, a failure stops it); plan and
apply use `verified` (adopt an image the help center already holds, its bytes
hashing the same, when the lock has lost it) and `dead` (lock URLs that no longer
serve).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from urllib.parse import urljoin, urlsplit

import httpx

from hcsync.api.settings import allowed_url
from hcsync.errors import FatalError
from hcsync.local.images import image_digest

CDN_HOSTS = frozenset({"cdn.help.center"})
MAX_IMAGE_BYTES = 10 * 1024 * 1024  # the upload limit ("Maximum size: 10MB", the API page)
MAX_REDIRECTS = 3
TIMEOUT = 30.0  # seconds per image, the whole download (a trickling body included)


class NotServed(Exception):
    """The URL gives no image hcsync may take: refused before fetching, or a bad answer
    (`status`: the HTTP status, when there was one)."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.status = status


def is_help_center_image(url: str, api_url: str) -> bool:
    """On the CDN (https) or on the API's own scheme, host and port."""
    parts, api = urlsplit(url), urlsplit(api_url)
    if not allowed_url(url) or parts.username is not None:
        return False
    if parts.hostname in CDN_HOSTS:
        return parts.scheme == "https"
    return (parts.scheme, parts.netloc) == (api.scheme, api.netloc)


class ImageGone(FatalError):
    """The help center answers 404 for an image a page still shows."""


class ImageFetcher:
    """GETs images from the help center's hosts only; see the module's rules."""

    def __init__(self, api_url: str | None, timeout: float = TIMEOUT) -> None:
        self.api_url, self.timeout = api_url, timeout
        self._http = httpx.Client(timeout=timeout, follow_redirects=False)

    def allowed(self, url: str, first: str | None = None) -> bool:
        """Whether `url` may be fetched; without an API URL, `first` (the URL the caller
        checked) stands for the help center's host."""
        home = self.api_url or first or ""
        return is_help_center_image(url, home)

    def fetch(self, url: str) -> bytes:
        """The image's bytes, or NotServed saying why."""
        deadline = time.monotonic() + self.timeout
        first = url
        for _ in range(MAX_REDIRECTS + 1):
            if not self.allowed(url, first):
                raise NotServed(f"{_host(url)} is not the help center's CDN or API host")
            try:
                with self._http.stream("GET", url) as response:
                    if not response.is_redirect:
                        return _body(response, deadline)
                    url = urljoin(url, response.headers.get("Location", ""))
            except httpx.HTTPError as exc:
                raise NotServed(type(exc).__name__) from None
        raise NotServed(f"more than {MAX_REDIRECTS} redirects")

    def serves(self, url: str) -> bool:
        """Whether the URL still gives an image: a HEAD where the host answers one (no
        body fetched), else the capped GET."""
        try:
            if not self._answers_head(url):
                self.fetch(url)
        except NotServed:
            return False
        return True

    def _answers_head(self, url: str) -> bool:
        first = url
        for _ in range(MAX_REDIRECTS + 1):
            if not self.allowed(url, first):
                raise NotServed(f"{_host(url)} is not the help center's CDN or API host")
            try:
                response = self._http.head(url)
            except httpx.HTTPError as exc:
                raise NotServed(type(exc).__name__) from None
            if not response.is_redirect:
                return response.is_success
            url = urljoin(url, response.headers.get("Location", ""))
        raise NotServed(f"more than {MAX_REDIRECTS} redirects")

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ImageFetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _body(response: httpx.Response, deadline: float) -> bytes:
    if not response.is_success:
        raise NotServed(f"answered {response.status_code}", response.status_code)
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_IMAGE_BYTES:
        raise NotServed(f"over {MAX_IMAGE_BYTES // 2**20} MB")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_IMAGE_BYTES:
            raise NotServed(f"over {MAX_IMAGE_BYTES // 2**20} MB")
        if time.monotonic() > deadline:
            raise NotServed("too slow")
        chunks.append(chunk)
    return b"".join(chunks)


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}" if parts.hostname else repr(url)[:80]


class Downloader:
    """Pull's: fetches each URL once and remembers the bytes; counts what it fetched.

    A URL that is not served stops the pull (FatalError naming it)."""

    def __init__(self, api_url: str | None = None, timeout: float = TIMEOUT) -> None:
        self._fetcher = ImageFetcher(api_url, timeout)
        self._cache: dict[str, bytes] = {}
        self.fetched = 0

    def get(self, url: str) -> bytes:
        if url not in self._cache:
            self._cache[url] = self._fetch(url)
        return self._cache[url]

    def _fetch(self, url: str) -> bytes:
        self.fetched += 1
        try:
            return self._fetcher.fetch(url)
        except NotServed as exc:
            if exc.status in (404, 410):
                raise ImageGone(f"image {url} is gone from the help center") from None
            raise FatalError(f"cannot download image {url} ({exc}); run pull again") from None

    def close(self) -> None:
        self._fetcher.close()


def dead(urls: Mapping[str, str], api_url: str, timeout: float = 10.0) -> frozenset[str]:
    """The keys whose URL no longer serves (a wiped or re-created center), or never may."""
    with ImageFetcher(api_url, timeout) as fetcher:
        return frozenset(key for key, url in urls.items() if not fetcher.serves(url))


def verified(
    candidates: Mapping[str, Iterable[str]], api_url: str, timeout: float = 10.0
) -> dict[str, str]:
    """Content hash → the first candidate URL whose bytes really hash to it."""
    found: dict[str, str] = {}
    with ImageFetcher(api_url, timeout) as fetcher:
        for digest, urls in candidates.items():
            for url in sorted(u for u in urls if fetcher.allowed(u)):
                try:
                    data = fetcher.fetch(url)
                except NotServed:
                    continue
                if image_digest(data) == digest:
                    found[digest] = url
                    break
    return found

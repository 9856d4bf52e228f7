"""The Help.Center client: one method per endpoint of the knowledge-base API.

Everything that talks HTTP in hcsync goes through `HelpCenterClient`; nothing
else builds a URL. The transport is injected (httpx's), so tests can point the
client at the emulator or at an `httpx.MockTransport`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from typing import Any, NamedTuple, TypeVar

import httpx

from hcsync import __version__
from hcsync.api.conversations import ConversationsMixin
from hcsync.api.errors import ConnectionFailed, StillRateLimited, UnexpectedAnswer
from hcsync.api.models import Article, Category, Center, Image, Page, Seo, Translation, obj
from hcsync.api.pacing import RateLimiter, RetryPolicy
from hcsync.api.settings import ApiSettings
from hcsync.api.urls import without_userinfo
from hcsync.api.wire import (
    Answer,
    categories_of,
    cursor,
    decode,
    expand,
    filters,
    page_of,
    parsed,
    segment,
    translation_path,
    without_none,
    written,
)

T = TypeVar("T")
# Told of every response: method, path (no host, no query, never the key), status, seconds.
ResponseHook = Callable[[str, str, int, float], None]
Params = Mapping[str, str | int | list[str]]

# Methods whose effect is the same however often they are sent: safe to retry.
_IDEMPOTENT = frozenset({"GET", "PUT", "PATCH", "DELETE"})
PAGE_SIZE = 100
# Bounds on what one answer may cost: a list longer than this is not a help center's
# (100,000 articles: ten minutes at 100 requests a minute), and no answer of the API
# comes near 64 MB or two minutes.
MAX_PAGES = 1_000
MAX_ANSWER_BYTES = 64 * 2**20
ANSWER_SECONDS = 120.0


class _BearerAuth(httpx.Auth):
    """Adds the key at send time, so it never sits in the client's default headers."""

    def __init__(self, settings: ApiSettings) -> None:
        self._settings = settings

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._settings.api_key.reveal()}"
        yield request


class HelpCenterClient(ConversationsMixin):
    """A typed client for one Help.Center center (conversations: see conversations.py)."""

    def __init__(
        self,
        settings: ApiSettings,
        *,
        transport: httpx.BaseTransport | None = None,
        retry: RetryPolicy | None = None,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.settings = settings
        self.retry = retry or RetryPolicy()
        self.limiter = limiter or RateLimiter(sleep=sleep)
        self.requests_sent = 0
        self.max_pages = MAX_PAGES
        self.max_answer_bytes = MAX_ANSWER_BYTES
        self.answer_seconds = ANSWER_SECONDS
        self.on_response: ResponseHook | None = None
        self._sleep = sleep
        self._base = f"{settings.api_url}/v0/centers/{segment(settings.center_id)}"
        self._base_path = f"/v0/centers/{segment(settings.center_id)}"
        self._http = httpx.Client(
            auth=_BearerAuth(settings),
            transport=transport,
            timeout=timeout,
            headers={"User-Agent": f"hcsync/{__version__}"},
            event_hooks={"request": [self._leaving]},
        )
        self._tickets = threading.local()  # the ticket of the request this thread sends

    def __repr__(self) -> str:
        return f"HelpCenterClient({without_userinfo(self.settings.api_url)!r}, center={self.settings.center_id!r})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HelpCenterClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- center and categories -------------------------------------------------

    def get_center(self) -> Center:
        return self._read("", Center.from_json)

    def list_categories(self) -> tuple[Category, ...]:
        """Top-level categories, each with its subcategories in `children`."""
        return self._read("/articles/categories", categories_of)

    def create_category(
        self,
        name: str,
        *,
        description: str | None = None,
        icon: str | None = None,
        parent_id: str | None = None,
        translations: Mapping[str, Mapping[str, str]] | None = None,
    ) -> tuple[Category, ...]:
        """Create a category; returns the full list of categories afterwards."""
        body = without_none(
            name=name,
            description=description,
            icon=icon,
            parent_id=parent_id,
            translations=translations,
        )
        path = "/articles/categories"
        return self._parse("POST", path, self._call("POST", path, json=body), categories_of)

    def update_category(
        self,
        category_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        icon: str | None = None,
        translations: Mapping[str, Mapping[str, str]] | None = None,
    ) -> tuple[Category, ...]:
        body = without_none(
            name=name, description=description, icon=icon, translations=translations
        )
        path = f"/articles/categories/{segment(category_id)}"
        return self._parse("PATCH", path, self._call("PATCH", path, json=body), categories_of)

    def delete_category(self, category_id: str) -> tuple[Category, ...]:
        path = f"/articles/categories/{segment(category_id)}"
        return self._parse("DELETE", path, self._call("DELETE", path), categories_of)

    # -- published articles ----------------------------------------------------

    def list_articles(
        self, *, category: str | None = None, search: str | None = None, content: bool = False
    ) -> Iterator[Article]:
        """Every published article, following the cursor page by page."""
        params = filters(category=category, search=search, content=content)
        return self._paginate("/articles", params, Article.from_json)

    def articles_page(
        self,
        *,
        limit: int = PAGE_SIZE,
        starting_after: str | None = None,
        ending_before: str | None = None,
        category: str | None = None,
        search: str | None = None,
        content: bool = False,
    ) -> Page[Article]:
        params = filters(category=category, search=search, content=content)
        params |= cursor(limit, starting_after, ending_before)
        return self._read("/articles", lambda body: page_of(body, Article.from_json), params)

    def get_article(self, article_id: str, *, content: bool = False) -> Article:
        path = f"/articles/{segment(article_id)}"
        return self._read(path, Article.from_json, expand(content))

    def count_articles(self, *, category: str | None = None, search: str | None = None) -> int:
        params = filters(category=category, search=search)
        return self._read("/articles/count", _total, params)

    # -- writing articles ------------------------------------------------------

    def create_article(
        self,
        title: str,
        *,
        html: str | None = None,
        category_id: str | None = None,
        seo: Seo | None = None,
    ) -> Article:
        """Create a draft in one call: title, HTML, category and SEO at once."""
        body: dict[str, Any] = {"title": title}
        if html is not None:
            body["content"] = {"html": html}
        if category_id is not None:
            body["category_id"] = category_id
        if seo is not None:
            body["metadata"] = {"seo": seo.to_json()}
        return self._parse(
            "POST", "/articles", self._call("POST", "/articles", json=body), Article.from_json
        )

    def update_metadata(
        self,
        article_id: str,
        *,
        category: str | None = None,
        subtitle: str | None = None,
        slug: str | None = None,
        seo: Seo | None = None,
    ) -> Article | None:
        """Category, subtitle, slug, SEO: live at once on a published article."""
        body = without_none(
            category=category,
            subtitle=subtitle,
            slug=slug,
            seo=None if seo is None else seo.to_json(),
        )
        path = f"/articles/{segment(article_id)}/metadata"
        return self._write("PATCH", path, Article.from_json, json=body)

    def delete_article(self, article_id: str) -> None:
        self._call("DELETE", f"/articles/{segment(article_id)}")

    def publish(self, article_id: str) -> Article | None:
        path = f"/articles/{segment(article_id)}/publish"
        return self._write("POST", path, Article.from_json, idempotent=True)

    def unpublish(self, article_id: str) -> Article | None:
        """Unpublish the article and, with it, every translation."""
        path = f"/articles/{segment(article_id)}/unpublish"
        return self._write("POST", path, Article.from_json, idempotent=True)

    def duplicate(self, article_id: str) -> Article:
        path = f"/articles/{segment(article_id)}/duplicate"
        return self._parse("POST", path, self._call("POST", path), Article.from_json)

    # -- drafts ----------------------------------------------------------------

    def list_drafts(
        self,
        *,
        status: str | None = None,
        category: str | None = None,
        search: str | None = None,
        content: bool = False,
    ) -> Iterator[Article]:
        """Every draft (published or not), following the cursor page by page."""
        params = filters(status=status, category=category, search=search, content=content)
        return self._paginate("/articles/drafts", params, Article.from_json)

    def drafts_page(
        self,
        *,
        limit: int = PAGE_SIZE,
        starting_after: str | None = None,
        ending_before: str | None = None,
        status: str | None = None,
        category: str | None = None,
        search: str | None = None,
        content: bool = False,
    ) -> Page[Article]:
        params = filters(status=status, category=category, search=search, content=content)
        params |= cursor(limit, starting_after, ending_before)
        return self._read("/articles/drafts", lambda body: page_of(body, Article.from_json), params)

    def count_drafts(
        self, *, status: str | None = None, category: str | None = None, search: str | None = None
    ) -> int:
        params = filters(status=status, category=category, search=search)
        return self._read("/articles/drafts/count", _total, params)

    def get_draft(self, article_id: str, *, content: bool = False) -> Article:
        path = f"/articles/{segment(article_id)}/draft"
        return self._read(path, Article.from_json, expand(content))

    def update_draft(
        self, article_id: str, *, title: str | None = None, html: str | None = None
    ) -> Article | None:
        body = without_none(title=title, html=html)
        path = f"/articles/{segment(article_id)}/draft"
        return self._write("PATCH", path, Article.from_json, json=body)

    def discard_draft(self, article_id: str) -> Article | None:
        path = f"/articles/{segment(article_id)}/draft/discard"
        return self._write("POST", path, Article.from_json, idempotent=True)

    # -- translations ----------------------------------------------------------

    def get_translation(
        self, article_id: str, language: str, *, content: bool = False
    ) -> Translation:
        path = translation_path(article_id, language)
        return self._read(path, Translation.from_json, expand(content))

    def get_translation_draft(
        self, article_id: str, language: str, *, content: bool = False
    ) -> Translation:
        path = translation_path(article_id, language, "/draft")
        return self._read(path, Translation.from_json, expand(content))

    def update_translation_draft(
        self, article_id: str, language: str, *, title: str | None = None, html: str | None = None
    ) -> Translation | None:
        """Create or update a translation's draft (title and/or HTML)."""
        body = without_none(title=title, html=html)
        path = translation_path(article_id, language, "/draft")
        return self._write("PATCH", path, Translation.from_json, json=body)

    def update_translation_metadata(
        self, article_id: str, language: str, *, slug: str | None = None, seo: Seo | None = None
    ) -> Translation | None:
        body = without_none(slug=slug, seo=None if seo is None else seo.to_json())
        path = translation_path(article_id, language, "/metadata")
        return self._write("PATCH", path, Translation.from_json, json=body)

    def publish_translation(self, article_id: str, language: str) -> Translation | None:
        path = translation_path(article_id, language, "/publish")
        return self._write("POST", path, Translation.from_json, idempotent=True)

    def unpublish_translation(self, article_id: str, language: str) -> Translation | None:
        path = translation_path(article_id, language, "/unpublish")
        return self._write("POST", path, Translation.from_json, idempotent=True)

    def delete_translation(self, article_id: str, language: str) -> None:
        self._call("DELETE", translation_path(article_id, language))

    # -- images ----------------------------------------------------------------

    def upload_image(self, filename: str, data: bytes, *, article_id: str | None = None) -> Image:
        """Upload image bytes; returns the CDN URL to embed."""
        path = (
            "/articles/images" if article_id is None else f"/articles/{segment(article_id)}/images"
        )
        body = self._call("POST", path, files={"image": (filename, data)})
        return self._parse("POST", path, body, Image.from_json)

    # -- the request loop ------------------------------------------------------

    def _read(
        self, path: str, parse: Callable[[Any], T], params: Mapping[str, Any] | None = None
    ) -> T:
        """GET `path` and parse its answer, which must be what the endpoint returns."""
        return self._parse("GET", path, self._call("GET", path, params=params), parse)

    def _parse(self, method: str, path: str, body: Any, parse: Callable[[Any], T]) -> T:
        return parsed(method, self._base_path + path, body, parse)

    def _write(self, method: str, path: str, parse: Callable[[Any], T], **kwargs: Any) -> T | None:
        """Send a write whose answer the documentation does not show: what it tells, if anything."""
        return written(method, self._base_path + path, self._call(method, path, **kwargs), parse)

    def _paginate(
        self, path: str, params: dict[str, Any], parse: Callable[[Mapping[str, Any]], T]
    ) -> Iterator[T]:
        """Every item, page by page; a cursor seen before or more than `max_pages` pages
        is an answer that would never end."""
        after: str | None = None
        seen: set[str] = set()
        for _ in range(self.max_pages):
            cursor = {"limit": PAGE_SIZE} | ({"starting_after": after} if after else {})
            page = self._read(path, lambda body: page_of(body, parse), params | cursor)
            yield from page.data
            if not page.has_more or not page.data:
                return
            after = _item_id(page.data[-1])
            if after in seen:
                raise UnexpectedAnswer("GET", self._base_path + path, "the cursor repeats")
            seen.add(after)
        raise UnexpectedAnswer(
            "GET", self._base_path + path, f"has_more still true after {self.max_pages} pages"
        )

    def _call(self, method: str, path: str, *, idempotent: bool = False, **kwargs: Any) -> Any:
        """Send one request with pacing and retries; return the decoded JSON body.

        `idempotent` marks a POST whose repetition changes nothing (publish,
        unpublish, discard): it is retried like a PATCH.
        """
        retries = rate_waits = 0
        refused_for = 0.0
        retryable = idempotent or method in _IDEMPOTENT
        while True:
            try:
                response = self._send(method, path, **kwargs)
            except httpx.TransportError as exc:
                if not (_may_retry_after(retryable, exc) and retries < self.retry.attempts - 1):
                    raise ConnectionFailed(method, self._base + path, type(exc).__name__) from None
                retries = self._back_off(retries)
                continue
            status = response.status
            if status == 429 and rate_waits >= self.retry.max_rate_limit_waits:
                raise StillRateLimited(method, self._base_path + path, rate_waits, refused_for)
            if status == 429:
                refused_for += self.limiter.wait_for_reset(response.headers, again=rate_waits > 0)
                rate_waits += 1
            elif status >= 500 and retryable and retries < self.retry.attempts - 1:
                retries = self._back_off(retries)
            elif method == "DELETE" and status == 404 and retries:
                return None  # an earlier attempt deleted it but its answer was lost
            else:
                return decode(method, self._base_path + path, response.answer)

    def _call_once(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send one request and never again, whatever happens: for calls that email."""
        try:
            response = self._send(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise ConnectionFailed(method, self._base + path, type(exc).__name__) from None
        return decode(method, self._base_path + path, response.answer)

    def _leaving(self, request: httpx.Request) -> None:
        """httpx's hook, as the request leaves: the pacer learns how late that is."""
        ticket = getattr(self._tickets, "current", None)
        if ticket is not None:
            self.limiter.written(ticket)

    def _back_off(self, retries: int) -> int:
        self._sleep(self.retry.delay(retries + 1))
        return retries + 1

    def _send(self, method: str, path: str, **kwargs: Any) -> _Received:
        ticket = self._tickets.current = self.limiter.before_request()
        self.requests_sent += 1
        started = time.monotonic()
        try:
            request = self._http.build_request(method, self._base + path, **kwargs)
            response = self._http.send(request, stream=True)
        except BaseException:
            self.limiter.after_response(ticket, {})
            raise
        # The pacer hears of the answer as its headers arrive: how long the body takes to
        # read is no sign that the request reached the server late.
        self.limiter.after_response(ticket, response.headers)
        try:
            content = self._read_bounded(method, path, response, started)
        finally:
            response.close()
        if self.on_response is not None:
            elapsed = time.monotonic() - started
            self.on_response(method, self._base_path + path, response.status_code, elapsed)
        answer = Answer(response.status_code, response.reason_phrase, content)
        return _Received(response.status_code, response.headers, answer)

    def _read_bounded(
        self, method: str, path: str, response: httpx.Response, started: float
    ) -> bytes:
        """The body, refused once larger than `max_answer_bytes` or slower than
        `answer_seconds` in all (a server that trickles bytes never times out a read)."""
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_answer_bytes:
                mb = self.max_answer_bytes // 2**20
                raise UnexpectedAnswer(method, self._base_path + path, f"larger than {mb} MB")
            if time.monotonic() - started > self.answer_seconds:
                what = f"still arriving after {self.answer_seconds:.0f} s"
                raise UnexpectedAnswer(method, self._base_path + path, what)
            chunks.append(chunk)
        return b"".join(chunks)


class _Received(NamedTuple):
    status: int
    headers: httpx.Headers
    answer: Answer


def _total(body: Any) -> int:
    total = obj(body).get("total")
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise TypeError("'total' is not a count")
    return total


def _item_id(item: object) -> str:
    return str(getattr(item, "id", ""))


def _may_retry_after(retryable: bool, exc: httpx.TransportError) -> bool:
    """Idempotent requests always; others only when the request surely never left."""
    return retryable or isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)

"""One function per operation kind: send it, then record what the server stored.

`HANDLERS` maps every `Kind` to its function (a test proves the table complete).
A write's answer is optional information (the documentation shows none for most
writes; a server may answer the resource, an envelope, a bare acknowledgement or
204): where it does not carry what the lock records — the stored content, the
status, the slug and URL — that is read back once, so the lock never guesses.
The one exception is the stored content of a draft edit answered without it: where
the sanitiser (`hcsync.sanitize`, the policy the emulator and preview share) only
respells what was sent (`rel`, void tags, entities: nothing `canonical_html`
counts), what it stores is predicted, not read; where it removes something that
counts, the draft is read back. A server that respells differently costs the next
full read a canonical comparison per page, no write; one that removes what this
policy keeps would show those pages as drift on the next full read (the trade for
one request less per content write: 18 % of a first import on the documented profile).
A publish, unpublish or delete refused because its effect is already there (a
retry whose first answer was lost) is judged by the state it finds: done.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from hcsync.api import Article, BadRequest, NotFound, Seo, Translation, flatten
from hcsync.plan.canonical import canonical_html
from hcsync.plan.categories import category_hashes
from hcsync.plan.desired import canonical_hash, content_hash, meta_hashes, value_hash
from hcsync.plan.lease import is_lease
from hcsync.plan.lock import ArticleLock, CategoryLock, PageLock
from hcsync.plan.metadata import NO_SEO, recorded_spelling, slug_from_url, slug_note
from hcsync.plan.model import Kind, Operation, PageRef
from hcsync.plan.payloads import CategoryFields, Metadata, SeoText, TranslationDraft
from hcsync.sanitize import sanitize
from hcsync.statuses import RemoteStatus
from hcsync.sync.apply import Executor, Handler


def _seen(entry: ArticleLock, article: Article) -> ArticleLock:
    return replace(
        entry,
        id=article.id,
        slug_id=article.slug_id,
        status=article.status,
        updated_at=article.updated_at,
        pending="",
    )


P = TypeVar("P", bound=PageLock)
S = TypeVar("S", Article, Translation)


def _sent(entry: P, title: str, html: str, stored: str) -> P:
    """The entry after sending this title and HTML, of which the server stored `stored`
    (its digest emptied: sent with URLs the lock's context may not show yet)."""
    return entry.with_content(content_hash(title, html), stored, canonical_hash(title, html))


def _seo(seo: SeoText | None) -> Seo | None:
    return None if seo is None else Seo(seo.title, seo.description)


# -- categories and images -------------------------------------------------------


def create_category(ex: Executor, op: Operation) -> None:
    fields = op.payload_as(CategoryFields)
    name = fields.name or ""
    parent_id = ex.category_id(fields.parent)
    known = ex.category_ids()
    ex.set_category(op.path, CategoryLock(pending=True))
    tree = ex.client.create_category(
        name,
        description=fields.description,
        icon=fields.icon,
        parent_id=parent_id,
        translations=fields.wire_translations(),
    )
    created = [
        c
        for c in flatten(tree)
        if c.name == name and c.parent_id == parent_id and c.id not in known
    ]
    entry = CategoryLock(created[-1].id, value_hash(fields.sent()), fields=category_hashes(fields))
    ex.set_category(op.path, entry)


def update_category(ex: Executor, op: Operation) -> None:
    category_id = ex.category_id(op.path) or op.target or ""
    fields = op.payload_as(CategoryFields)
    ex.client.update_category(
        category_id,
        name=fields.name,
        description=fields.description,
        icon=fields.icon,
        translations=fields.wire_translations(),
    )
    local = CategoryFields.of(next(c for c in ex.site.categories if c.path == op.path))
    whole = value_hash(local.sent())
    ex.set_category(op.path, CategoryLock(category_id, whole, fields=category_hashes(local)))


def delete_category(ex: Executor, op: Operation) -> None:
    category_id = op.target or ex.category_id(op.path) or ""
    try:
        ex.client.delete_category(category_id)
    except BadRequest as refused:
        # This apply's lease lives in the first category: it must not keep --prune from
        # deleting that one; moved elsewhere, the lease goes on holding the center.
        if refused.code != "category_has_articles" or not _move_leases(ex, category_id):
            raise
        ex.client.delete_category(category_id)
    ex.set_category(op.path, None)


def _move_leases(ex: Executor, category_id: str) -> bool:
    """Move the leases in this category (and its children) to another; whether any moved."""
    categories = flatten(ex.client.list_categories())
    family = {c.id for c in categories if category_id in (c.id, c.parent_id)}
    elsewhere = next((c.id for c in categories if c.id not in family), None)
    leases = [
        d
        for d in ex.client.list_drafts(status=RemoteStatus.UNPUBLISHED)
        if is_lease(d) and d.category_id in family
    ]
    if elsewhere is None or not leases:
        return False
    for lease in leases:
        ex.client.update_metadata(lease.id, category=elsewhere)
    return True


def upload_image(ex: Executor, op: Operation) -> None:
    data = (ex.site.root / op.path).read_bytes()
    image = ex.client.upload_image(Path(op.path).name, data)
    ex.add_image(op.key.subject, image.url)  # an upload's subject is its content hash


# -- root articles ---------------------------------------------------------------


def create_article(ex: Executor, op: Operation) -> None:
    article = ex.articles[op.path]
    html = ex.html(article)
    fields = op.payload_as(Metadata)
    ex.update_article(op.path, lambda _: ArticleLock(pending=article.title))
    seo = _seo(fields.seo) if fields.seo and not fields.seo.empty else None
    category_id = ex.category_id(article.category)
    draft = ex.client.create_article(article.title, html=html, category_id=category_id, seo=seo)
    stored = _stored(ex, draft, None if draft.content else _as_stored(html))
    meta = meta_hashes(Metadata(article.category, seo=fields.seo))  # the slug: by update metadata
    entry = _sent(ArticleLock(meta=meta, slug=fields.slug), article.title, html, stored)
    ex.update_article(op.path, lambda _: _seen(entry, draft))


def update_draft(ex: Executor, op: Operation) -> None:
    article = ex.articles[op.path]
    html = ex.html(article)
    article_id = ex.article_id(op)
    answer = ex.client.update_draft(article_id, title=article.title, html=html)
    predicted = None if answer is not None and answer.content else _as_stored(html)
    draft = _draft(ex, article_id, answer, content=predicted is None)
    stored = _stored(ex, draft, predicted)
    ex.update_article(op.path, lambda e: _seen(_sent(e, article.title, html, stored), draft))


def _draft(ex: Executor, article_id: str, answer: Article | None, content: bool = False) -> Article:
    """The draft as stored: the answer when it shows what is needed, else read back."""
    if answer is not None and answer.id == article_id and (answer.content or not content):
        return answer
    return ex.client.get_draft(article_id, content=content)


def _stored(ex: Executor, draft: Article, predicted: str | None) -> str:
    """The hash of the content the server stored: as the draft shows it, else as
    `_as_stored` predicted it, else read back."""
    if draft.content is None and predicted is not None:
        return content_hash(draft.title, predicted)
    if draft.content is None:
        draft = ex.client.get_draft(draft.id, content=True)
    return content_hash(draft.title, draft.content.html if draft.content else "")


def _as_stored(html: str) -> str | None:
    """The HTML as the help center stores it, where its sanitiser changes only how it
    is spelled; None where it removes something that counts (then it is read back)."""
    stored = sanitize(html)
    return stored if stored == html or canonical_html(stored) == canonical_html(html) else None


def update_metadata(ex: Executor, op: Operation) -> None:
    fields = op.payload_as(Metadata)
    category = ex.category_id(fields.category) if fields.category is not None else None
    article_id = ex.article_id(op)
    answer = ex.client.update_metadata(
        article_id,
        category=category,
        subtitle=fields.subtitle,
        slug=fields.slug,
        seo=_seo(fields.seo),
    )
    draft = _draft(ex, article_id, answer)
    slug = _stored_slug(ex, op, fields.slug, draft.slug if "slug" in draft.shown else None)

    def record(entry: ArticleLock) -> ArticleLock:
        meta = {**entry.meta, **meta_hashes(fields)}
        return _seen(replace(entry, meta=meta, slug=slug or entry.slug), draft)

    ex.update_article(op.path, record)


def _stored_slug(ex: Executor, op: Operation, sent: str | None, stored: str | None) -> str | None:
    """The slug the server keeps for the one sent; said once when it chose another."""
    if sent and stored and stored != sent:
        where = op.path + (f" [{op.language}]" if op.language else "")
        ex.note(slug_note(where, stored, sent))
    return stored or sent


def publish(ex: Executor, op: Operation) -> None:
    article_id = ex.article_id(op)
    answer = _by_state(
        lambda: ex.client.publish(article_id),
        lambda: ex.client.get_draft(article_id),
        lambda draft: draft.status is RemoteStatus.PUBLISHED,
    )
    article = _draft(ex, article_id, answer)
    if article.url is None or article.slug is None:  # the answer may be a bare acknowledgement
        article = ex.client.get_draft(article_id)
    chosen = _chosen_slug(ex, op, article.slug)

    def record(entry: ArticleLock) -> ArticleLock:
        return _seen(replace(chosen(entry), url=article.url, slug=article.slug), article)

    ex.update_article(op.path, record)


def _chosen_slug(ex: Executor, op: Operation, stored: str | None) -> Callable[[P], P]:
    """How to record a publish whose server made a slug: where it is not the one the plan
    expects (the server chose another), the lock keeps which one it stands for."""
    expected = ex.slugs.get(PageRef(op.path, op.language))
    if not expected or not stored or stored == expected:
        return lambda entry: entry
    if not recorded_spelling(expected, stored, ex.page_entry(op.path, op.language)):
        _stored_slug(ex, op, expected, stored)  # said once: not again when it is recorded
    return lambda entry: replace(entry, meta={**entry.meta, "slug": value_hash(expected)})


R = TypeVar("R")


def _by_state(send: Callable[[], R], read: Callable[[], S], reached: Callable[[S], bool]) -> R | S:
    """`send()`; refused because what it asks is already so (a retried publish, unpublish
    or delete whose first answer was lost), the state found (`read()`) is the answer."""
    try:
        return send()
    except (BadRequest, NotFound) as refused:
        try:
            found = read()
        except NotFound:
            raise refused from None
        if reached(found):
            return found
        raise


def unpublish(ex: Executor, op: Operation) -> None:
    article_id = ex.article_id(op)
    answer = _by_state(
        lambda: ex.client.unpublish(article_id),
        lambda: ex.client.get_draft(article_id),
        lambda draft: draft.status is RemoteStatus.UNPUBLISHED,
    )
    draft = _draft(ex, article_id, answer)

    def record(entry: ArticleLock) -> ArticleLock:
        offline = {
            k: replace(v, status=RemoteStatus.UNPUBLISHED, url=None)
            for k, v in entry.translations.items()
        }
        return _seen(replace(entry, url=None, translations=offline), draft)

    ex.update_article(op.path, record)


def delete_article(ex: Executor, op: Operation) -> None:
    with suppress(NotFound):  # already gone (a retry whose first answer was lost): done
        ex.client.delete_article(ex.article_id(op))
    ex.update_article(op.path, lambda _: None)


# -- translations ------------------------------------------------------------------


def _record_translation(
    ex: Executor, op: Operation, result: Translation, change: Callable[[PageLock], PageLock]
) -> None:
    def record(page: PageLock) -> PageLock:
        return replace(change(page), status=result.status, updated_at=result.updated_at)

    # Where the server moves the root's updated_at on a translation edit, follow it.
    ex.update_translation(
        op.path,
        op.language or "",
        record,
        root=lambda e: replace(e, updated_at=max(e.updated_at, result.updated_at)),
    )


def update_translation(ex: Executor, op: Operation) -> None:
    page = ex.articles[op.path].translations[op.language or ""]
    html = ex.html(page)
    article_id, language = ex.article_id(op), op.language or ""
    answer = ex.client.update_translation_draft(article_id, language, title=page.title, html=html)
    predicted = None if answer is not None and answer.content else _as_stored(html)
    result = _translation(ex, article_id, language, answer, content=predicted is None)
    kept = result.content.html if result.content else predicted
    stored = content_hash(result.title, kept or "")
    new = op.payload_as(TranslationDraft).new  # a new one starts with the server's default SEO

    def record(page: PageLock) -> PageLock:
        page = _sent(page, page_title, html, stored)
        return replace(page, meta=meta_hashes(Metadata(seo=NO_SEO))) if new else page

    page_title = page.title
    _record_translation(ex, op, result, record)


def _translation(
    ex: Executor, article_id: str, language: str, answer: Translation | None, content: bool = False
) -> Translation:
    """The translation draft as stored: the answer when it shows what is needed, else read."""
    if answer is not None and answer.language == language and (answer.content or not content):
        return answer
    return ex.client.get_translation_draft(article_id, language, content=content)


def update_translation_metadata(ex: Executor, op: Operation) -> None:
    fields = op.payload_as(Metadata)
    seo = _seo(fields.seo)
    article_id, language = ex.article_id(op), op.language or ""
    answer = ex.client.update_translation_metadata(article_id, language, slug=fields.slug, seo=seo)
    result = _translation(ex, article_id, language, answer)
    shown = result.slug if "slug" in result.shown else None
    slug = _stored_slug(ex, op, fields.slug, shown)
    sent = meta_hashes(fields)
    _record_translation(
        ex,
        op,
        result,
        lambda page: replace(page, meta={**page.meta, **sent}, slug=slug or page.slug),
    )


def publish_translation(ex: Executor, op: Operation) -> None:
    article_id, language = ex.article_id(op), op.language or ""
    answer = _by_state(
        lambda: ex.client.publish_translation(article_id, language),
        lambda: ex.client.get_translation_draft(article_id, language),
        lambda found: found.status is RemoteStatus.PUBLISHED,
    )
    result = _translation(ex, article_id, language, answer)
    if result.url is None:  # a bare acknowledgement: the URL is read back
        result = ex.client.get_translation_draft(article_id, language)
    slug = result.slug if "slug" in result.shown else slug_from_url(result.url or "")
    chosen = _chosen_slug(ex, op, slug)
    _record_translation(
        ex, op, result, lambda page: replace(chosen(page), url=result.url, slug=slug or page.slug)
    )


def unpublish_translation(ex: Executor, op: Operation) -> None:
    article_id, language = ex.article_id(op), op.language or ""
    answer = _by_state(
        lambda: ex.client.unpublish_translation(article_id, language),
        lambda: ex.client.get_translation_draft(article_id, language),
        lambda found: found.status is RemoteStatus.UNPUBLISHED,
    )
    result = _translation(ex, article_id, language, answer)
    _record_translation(ex, op, result, lambda page: replace(page, url=None))


def delete_translation(ex: Executor, op: Operation) -> None:
    with suppress(NotFound):  # already gone: what --prune wanted
        ex.client.delete_translation(ex.article_id(op), op.language or "")
    ex.update_translation(op.path, op.language or "", lambda _: None)


HANDLERS: dict[Kind, Handler] = {
    Kind.CREATE_CATEGORY: create_category,
    Kind.UPDATE_CATEGORY: update_category,
    Kind.UPLOAD_IMAGE: upload_image,
    Kind.CREATE_ARTICLE: create_article,
    Kind.UPDATE_DRAFT: update_draft,
    Kind.UPDATE_METADATA: update_metadata,
    Kind.UPDATE_TRANSLATION: update_translation,
    Kind.UPDATE_TRANSLATION_METADATA: update_translation_metadata,
    Kind.PUBLISH: publish,
    Kind.PUBLISH_TRANSLATION: publish_translation,
    Kind.UNPUBLISH_TRANSLATION: unpublish_translation,
    Kind.UNPUBLISH: unpublish,
    Kind.DELETE_TRANSLATION: delete_translation,
    Kind.DELETE_ARTICLE: delete_article,
    Kind.DELETE_CATEGORY: delete_category,
}

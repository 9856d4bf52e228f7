"""What a page should look like on the help center: HTML with resolved links and images.

The same function renders at plan time (to diff and hash) and at apply time (to
send), each time with what is known then: a link to an article created earlier in
the same apply resolves at apply time even if it could not at plan time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from hcsync.local.facts import loaded_facts
from hcsync.local.model import LocalArticle, LocalSite, Page
from hcsync.local.parsecache import ParseCache
from hcsync.local.paths import is_relative_url, linked_page, resolve_target
from hcsync.local.render import Ref, fill
from hcsync.local.slugs import slug_or_fallback
from hcsync.plan.lock import digest as digest
from hcsync.plan.lock import value_hash as value_hash
from hcsync.plan.model import PageRef
from hcsync.plan.payloads import Metadata, SeoText


def content_hash(title: str, html: str) -> str:
    return digest(title, html)


def canonical_hash(title: str, html: str) -> str:
    # Imported here: a plan whose hashes match the lock's never needs BeautifulSoup (0.1 s).
    from hcsync.plan.canonical import canonical_html

    return digest(title, canonical_html(html))


def slugify(text: str) -> str:
    return slug_or_fallback(text)  # transliterated for every script: hcsync/local/slugs.py


def article_url(domain: str, slug_id: int, slug: str, language: str | None = None) -> str:
    """The public URL of an article or translation, as the API documents it."""
    prefix = f"/{language}" if language else ""
    return f"https://{domain}{prefix}/article/{slug_id}-{slug}"


@dataclass(frozen=True)
class Resolver:
    """Public URLs of pages and uploaded URLs of images, as far as they are known."""

    urls: Mapping[PageRef, str] = field(default_factory=dict)
    roots: Mapping[str, str] = field(default_factory=dict)  # any page path → its root path
    image_digests: Mapping[str, str] = field(default_factory=dict)  # image path → content hash
    image_urls: Mapping[str, str] = field(default_factory=dict)  # content hash → URL

    def link(self, target_path: str, language: str | None) -> str | None:
        root = self.roots.get(target_path)
        if root is None:
            return None
        return self.urls.get(PageRef(root, language)) or self.urls.get(PageRef(root))


@dataclass(frozen=True)
class Rendered:
    """A page's HTML; for a page the lock vouches for (`LocalSite.unchanged`), its content
    hash, and the HTML made only if something asks for it (a diff, a drift's comparison)."""

    make: Callable[[], str] = field(repr=False, compare=False)
    pending_links: frozenset[str] = frozenset()  # root paths whose URL is not known yet
    pending_images: frozenset[str] = frozenset()  # content hashes not uploaded yet
    known: str = ""  # the content hash the lock vouches for

    @cached_property
    def html(self) -> str:
        return self.make()

    @property
    def is_final(self) -> bool:
        return not self.pending_links and not self.pending_images

    def content_hash(self, title: str) -> str:
        return self.known or content_hash(title, self.html)


def render_page(
    page: Page, resolver: Resolver, default_language: str, parses: ParseCache
) -> Rendered:
    language = None if page.language == default_language else page.language
    pending_links: set[str] = set()
    pending_images: set[str] = set()

    def rewrite(ref: Ref) -> str | None:
        if not is_relative_url(ref.target):
            return None
        path, anchor = resolve_target(page.path, ref.target)
        if path is None:
            return None
        if ref.kind == "image":
            image = resolver.image_digests.get(path)
            if image is None:
                return None
            url = resolver.image_urls.get(image)
            if url is None:
                pending_images.add(image)
            return url
        path = linked_page(page.path, resolver.roots.get(page.path, ""), path, resolver.roots)
        if path == page.path:  # a self-link stays in the page, whatever its URL will be
            return f"#{anchor}"
        url = resolver.link(path, language)
        if url is None:
            pending_links.add(resolver.roots.get(path, path))
            return None
        return f"{url}#{anchor}" if anchor else url

    html = fill(parses.parsed(page.body).template, rewrite)
    return Rendered(lambda: html, frozenset(pending_links), frozenset(pending_images))


def desired_meta(article: LocalArticle, slug: str | None) -> Metadata:
    """The article's metadata as hcsync manages it (slug and subtitle only when set)."""
    return Metadata(article.category, slug or None, article.subtitle, SeoText.of(article))


def translation_meta(page: Page, slug: str | None) -> Metadata:
    return Metadata(slug=slug or None, seo=SeoText.of(page))


def meta_hashes(meta: Metadata) -> dict[str, str]:
    """A hash per field sent: what the lock records of metadata."""
    return {name: value_hash(value) for name, value in meta.to_json().items()}


def link_targets(article: LocalArticle, roots: Mapping[str, str], site: LocalSite) -> set[str]:
    """Root paths of the other articles this article (or its translations) links to: by
    the pages' references, or by a scan (a superset) of those the lock vouches for."""
    targets = set()
    for page in (article, *article.translations.values()):
        for path in _linked_paths(page, site):
            path = linked_page(page.path, article.path, path, roots)
            if path in roots and roots[path] != article.path:
                targets.add(roots[path])
    return targets


def _linked_paths(page: Page, site: LocalSite) -> Iterator[str]:
    if page.path in site.unchanged:
        yield from loaded_facts(page).links
        return
    for ref in site.parses.references(page.body).refs:
        if ref.kind == "link" and is_relative_url(ref.target):
            path, _ = resolve_target(page.path, ref.target)
            if path is not None:
                yield path

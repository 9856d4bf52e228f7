"""What a page should look like on the help center: HTML with resolved links and images.

The same function renders at plan time (to diff and hash) and at apply time (to
send), each time with what is known then: a link to an article created earlier in
the same apply resolves at apply time even if it could not at plan time.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from hcsync.local.model import LocalArticle, Page
from hcsync.local.paths import is_relative_url, resolve_target
from hcsync.local.render import Ref, page_references, render


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def content_hash(title: str, html: str) -> str:
    return digest(title, html)


def meta_hash(fields: Mapping[str, Any]) -> str:
    return digest(json.dumps(fields, sort_keys=True, ensure_ascii=False))


# Whitespace beside these tags does not show: `<ul>\n<li>` reads as `<ul><li>`.
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)


def canonical_html(html: str) -> str:
    """HTML reduced to what matters for equality: whitespace, attribute order and rel ignored.

    Whitespace between block tags (and at the edges of a block's content) is
    dropped, so that a compact page and the same page rendered one tag per line
    compare equal; whitespace between inline content still counts (as one space).
    """
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        tag.attrs = {k: v for k, v in sorted(tag.attrs.items()) if k != "rel"}
    preformatted = {id(s) for pre in soup.find_all("pre") for s in pre.find_all(string=True)}
    for text in soup.find_all(string=True):
        if type(text) is NavigableString and id(text) not in preformatted:
            _trim_at_blocks(text)
    return " ".join(str(soup).split())


def _is_block(node: object) -> bool:
    return isinstance(node, Tag) and node.name in _BLOCK_TAGS


def _trim_at_blocks(text: NavigableString) -> None:
    value = str(text)
    parent_is_block = text.parent is None or text.parent.name in ("[document]", *_BLOCK_TAGS)
    before, after = text.previous_sibling, text.next_sibling
    if _is_block(before) or (before is None and parent_is_block):
        value = value.lstrip()
    if _is_block(after) or (after is None and parent_is_block):
        value = value.rstrip()
    if value != str(text):
        text.replace_with(NavigableString(value)) if value else text.extract()


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].rstrip("-") or "article"


@dataclass(frozen=True)
class Resolver:
    """Public URLs of pages and uploaded URLs of images, as far as they are known."""

    urls: Mapping[tuple[str, str | None], str] = field(default_factory=dict)  # (root path, lang)
    roots: Mapping[str, str] = field(default_factory=dict)  # any page path → its root path
    image_digests: Mapping[str, str] = field(default_factory=dict)  # image path → content hash
    image_urls: Mapping[str, str] = field(default_factory=dict)  # content hash → URL

    def link(self, target_path: str, language: str | None) -> str | None:
        root = self.roots.get(target_path)
        if root is None:
            return None
        return self.urls.get((root, language)) or self.urls.get((root, None))


@dataclass(frozen=True)
class Rendered:
    html: str
    pending_links: frozenset[str]  # root paths whose URL is not known yet
    pending_images: frozenset[str]  # content hashes not uploaded yet


def render_page(page: Page, resolver: Resolver, default_language: str) -> Rendered:
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
        url = resolver.link(path, language)
        if url is None:
            pending_links.add(resolver.roots.get(path, path))
            return None
        return f"{url}#{anchor}" if anchor else url

    html = render(page.body, rewrite)
    return Rendered(html, frozenset(pending_links), frozenset(pending_images))


def desired_meta(article: LocalArticle, slug: str | None) -> dict[str, Any]:
    """The article's metadata as hcsync manages it (slug and subtitle only when set)."""
    meta: dict[str, Any] = {
        "category": article.category,
        "seo": {"title": article.seo.title, "description": article.seo.description},
    }
    if slug:
        meta["slug"] = slug
    if article.subtitle is not None:
        meta["subtitle"] = article.subtitle
    return meta


DEFAULT_TRANSLATION_META: dict[str, Any] = {"seo": {"title": "", "description": ""}}


def translation_meta(page: Page, slug: str | None) -> dict[str, Any]:
    meta: dict[str, Any] = {"seo": {"title": page.seo.title, "description": page.seo.description}}
    if slug:
        meta["slug"] = slug
    return meta


def link_targets(article: LocalArticle, roots: Mapping[str, str]) -> set[str]:
    """Root paths of the articles this article (or its translations) links to."""
    targets = set()
    for page in (article, *article.translations.values()):
        for ref in page_references(page.body).refs:
            if ref.kind == "link" and is_relative_url(ref.target):
                path, _ = resolve_target(page.path, ref.target)
                if path is not None and path in roots and roots[path] != article.path:
                    targets.add(roots[path])
    return targets

"""An article's body: the HTML `apply` sends, pointed into the preview and sanitised.

Links and images go through the planner's own `render_page`, with a resolver
whose URLs are the preview's (relative to the page) instead of the help
center's; the result then goes through the help center's sanitising. A link or
image that leads nowhere is marked where it stands.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple, TypeVar
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag

from hcsync.local.model import Page
from hcsync.plan.desired import Resolver, render_page
from hcsync.preview.site import PreviewSite, page_output, relative_url
from hcsync.sanitize import sanitize

K = TypeVar("K")
_URL = re.compile(r'<(a|img)\b[^>]*?\b(href|src)="([^"]*)"')


class Broken(NamedTuple):
    tag: str  # "a" or "img"
    url: str  # as it stands in the HTML, unescaped
    reason: str


def resolver_for(preview: PreviewSite, output: str) -> Resolver:
    """Where each page and image is, seen from the output `output`."""
    images = preview.images_by_path  # each image is its own "upload": its path in the tree
    urls = _Relative(preview.outputs_by_ref, output)
    return Resolver(urls, preview.root_paths, images, _Relative(images, output))


class _Relative(Mapping[K, str]):
    """Output paths as links from one page, worked out only for the links it has."""

    def __init__(self, outputs: Mapping[K, str], source: str) -> None:
        self._outputs, self._source = outputs, source

    def __getitem__(self, key: K) -> str:
        return relative_url(self._source, self._outputs[key])

    def __iter__(self) -> Iterator[K]:
        return iter(self._outputs)

    def __len__(self) -> int:
        return len(self._outputs)


def sent_html(preview: PreviewSite, page: Page) -> str:
    """What `apply` would send for `page`, its URLs pointed into the preview."""
    resolver = resolver_for(preview, page_output(page))
    return render_page(page, resolver, preview.default_language, preview.site.parses).html


def article_body(preview: PreviewSite, page: Page) -> str:
    """What a reader would see: the sent HTML as the help center keeps it, breakages marked."""
    body = sanitize(sent_html(preview, page))
    broken = list(broken_urls(preview, page, body))
    return _marked(body, broken) if broken else body


def broken_urls(preview: PreviewSite, page: Page, body: str) -> Iterator[Broken]:
    output = page_output(page)
    for found in _URL.finditer(body):
        tag, url = found.group(1), html.unescape(found.group(3))
        reason = _why_broken(preview, page, output, tag, url)
        if reason:
            yield Broken(tag, url, reason)


def _why_broken(preview: PreviewSite, page: Page, output: str, tag: str, url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//"):
        return None  # leaves the help center: not ours to judge
    if not parts.path:
        return _missing_anchor(preview, page, parts.fragment)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(output), unquote(parts.path)))
    if tag == "img":
        return None if target in preview.images else "image not found in the tree"
    linked = preview.pages.get(target)
    if linked is None:
        return "link to no article of the tree"
    return _missing_anchor(preview, linked, parts.fragment)


def _missing_anchor(preview: PreviewSite, page: Page, fragment: str) -> str | None:
    if not fragment or unquote(fragment) in preview.anchors(page):
        return None
    return f"no heading #{unquote(fragment)} in {page.path}"


def _marked(body: str, broken: list[Broken]) -> str:
    soup = BeautifulSoup(body, "html.parser")
    reasons = {(b.tag, b.url): b.reason for b in broken}
    for element in soup.find_all(["a", "img"]):
        if not isinstance(element, Tag):
            continue
        url = element.get("href" if element.name == "a" else "src")
        reason = reasons.get((element.name, str(url)))
        if reason is not None:
            element["class"] = "hc-broken"
            element["data-broken"] = reason
            note = soup.new_tag("span", attrs={"class": "hc-broken-note", "role": "note"})
            note.string = f"broken: {reason}"
            element.insert_after(note)
    return str(soup)

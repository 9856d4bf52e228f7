"""Images the help center already has: which uploaded URL may hold which local image.

Without a lock entry for an image (a lost lock, a first sync of a center built
another way), the URL in the remote HTML at the same place is a candidate; the
engine downloads it from the CDN and adopts it only if its bytes hash the same.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from hcsync.local.model import LocalSite, Page
from hcsync.local.parsecache import ParseCache
from hcsync.local.paths import is_relative_url, resolve_target
from hcsync.plan.lock import Lock
from hcsync.plan.snapshot import RemoteSite

_IMG_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def image_candidates(
    local: LocalSite,
    remote: RemoteSite,
    matched: Mapping[str, str],
    images: Mapping[str, str],
    lock: Lock,
) -> dict[str, set[str]]:
    """Content hash → URLs that may hold it, for images the lock has no URL for."""
    found: dict[str, set[str]] = {}
    for article in local.articles:
        draft = remote.draft(matched.get(article.path))
        if draft is None:
            continue
        pages: list[tuple[Page, str]] = [(article, draft.content.html if draft.content else "")]
        for language, translation_page in article.translations.items():
            translation = remote.translations.get((draft.id, language))
            if translation is not None and translation.content is not None:
                pages.append((translation_page, translation.content.html))
        for page, html in pages:
            for digest, url in _pairs(page, html, images, local.parses):
                if digest not in lock.images:
                    found.setdefault(digest, set()).add(url)
    return found


def _pairs(
    page: Page, html: str, images: Mapping[str, str], parses: ParseCache
) -> list[tuple[str, str]]:
    remote = _IMG_SRC.findall(html)
    if not remote:  # a stand-in (no HTML read) or a page without images: nothing to parse
        return []
    local = [
        images.get(resolve_target(page.path, ref.target)[0] or "")
        if is_relative_url(ref.target)
        else None
        for ref in parses.references(page.body).refs
        if ref.kind == "image"
    ]
    if len(local) != len(remote):
        return []
    return [(d, url) for d, url in zip(local, remote, strict=True) if d and url.startswith("http")]

"""Pulled pages' images and links: CDN images into `img/`, article URLs into `.md` paths.

Pure: the bytes of the images to place are given (the executor downloads them).
Images are placed per folder and deduplicated by content: a folder's `img/`
holds each distinct image once, under a sanitised name from its URL. An image
the lock already knows (hash → URL) and the tree already holds is linked to,
never fetched or written again.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from html import unescape
from urllib.parse import urlsplit

from hcsync.config import SiteConfig
from hcsync.local.images import image_digest
from hcsync.local.names import Namer, safe_file_name
from hcsync.plan.lock import ArticleLock, Lock
from hcsync.plan.pulltree import IMAGE_FOLDER, TreePaths
from hcsync.plan.snapshot import RemoteSite
from hcsync.statuses import RemoteStatus

# The server's HTML is sanitised: attributes are quoted. An image this misses stays absolute.
_IMG_SRC = re.compile(r"""<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)

Images = Mapping[str, bytes | None]  # URL → its bytes; None: the help center answers 404


def image_urls(html: str) -> set[str]:
    """The `src` of each image of a page's HTML."""
    return {unescape(a or b) for a, b in _IMG_SRC.findall(html)}


class ImagePlacer:
    """Where each image of the pulled pages goes, and the new files that takes."""

    def __init__(
        self,
        lock: Lock,
        existing: Mapping[str, str],  # image path in the tree → content hash
        on_disk: frozenset[str],
        images: Images,
    ) -> None:
        self.known = {url: digest for digest, url in lock.images.items()}
        self.placed = {(posixpath.dirname(p), d): p for p, d in sorted(existing.items())}
        self.anywhere = {d: p for p, d in sorted(existing.items(), reverse=True)}  # digest → file
        self.on_disk, self.images = on_disk, images
        self.new_files: dict[str, bytes] = {}  # image path → bytes to write
        self.uploaded: dict[str, str] = {}  # content hash → URL, for the lock
        self.namers: dict[str, Namer] = {}
        self.missing: set[str] = set()  # URLs the help center answers 404 for: kept absolute

    def needs(self, urls: Iterable[str]) -> set[str]:
        """Of these URLs, those whose bytes the placing needs (not in the tree by the lock)."""
        return {u for u in urls if self.anywhere.get(self.known.get(u, "")) is None}

    def place(self, url: str, folder: str) -> str | None:
        """The path (relative to `folder`) of the image at `url`; None to keep the URL."""
        image_folder = posixpath.join(folder, IMAGE_FOLDER) if folder else IMAGE_FOLDER
        known = self.known.get(url)
        path = self._existing(image_folder, known) if known else None
        digest = known or ""
        if path is None:
            if url not in self.images:  # not the help center's, or not fetched: kept as is
                return None
            data = self.images[url]
            if data is None:
                self.missing.add(url)
                return None
            digest = image_digest(data)
            self.known[url] = digest
            path = self._existing(image_folder, digest)
            if path is None:
                path = self._new_path(image_folder, url)
                self.placed[(image_folder, digest)] = path
                self.new_files[path] = data
        self.uploaded.setdefault(digest, url)
        return posixpath.relpath(path, folder or ".")

    def _existing(self, image_folder: str, digest: str) -> str | None:
        """A file with these bytes: in the folder's `img/`, else anywhere in the tree."""
        return self.placed.get((image_folder, digest)) or self.anywhere.get(digest)

    def _new_path(self, image_folder: str, url: str) -> str:
        if image_folder not in self.namers:
            prefix = image_folder + "/"
            taken = {p[len(prefix) :] for p in self.on_disk if p.startswith(prefix)}
            taken |= {posixpath.basename(p) for p in self.new_files if p.startswith(prefix)}
            self.namers[image_folder] = Namer(frozenset(t for t in taken if "/" not in t))
        name = safe_file_name(urlsplit(url).path, "image")
        stem, dot, extension = name.rpartition(".")
        if not dot:
            stem, extension = name, ""
        suffix = f".{extension}" if extension else ""
        return f"{image_folder}/{self.namers[image_folder].claim(stem, suffix)}{suffix}"


def link_table(
    remote: RemoteSite, paths: TreePaths, config: SiteConfig, lock: Lock
) -> dict[str | None, dict[str, str]]:
    """Per page language (None: root pages): article URL → the file it will render from.

    Only URLs the planner would render back identically are listed: a root page
    links to root URLs; a translation into L links to the L URL of an article
    with a published L translation, else to its root URL.
    """
    domain = remote.center.domain
    entries = {e.id: e for e in lock.articles.values()}
    tables: dict[str | None, dict[str, str]] = {None: {}}
    tables.update({language: {} for language in config.languages})
    for article_id, path in paths.articles.items():
        draft = remote.drafts[article_id]
        if draft.slug_id is None or not draft.slug:
            continue
        root_url = f"https://{domain}/article/{draft.slug_id}-{draft.slug}"
        tables[None][root_url] = path
        for language in config.languages:
            slug, status = _translation_state(remote, entries.get(article_id), article_id, language)
            tpath = paths.translations.get((article_id, language))
            live = status.live and draft.status is not RemoteStatus.UNPUBLISHED
            if tpath and slug and live:
                tables[language][f"https://{domain}/{language}/article/{draft.slug_id}-{slug}"] = (
                    tpath
                )
            else:
                tables[language][root_url] = path
    return tables


def _translation_state(
    remote: RemoteSite, entry: ArticleLock | None, article_id: str, language: str
) -> tuple[str | None, RemoteStatus]:
    translation = remote.translations.get((article_id, language))
    if translation is not None:
        return translation.slug, translation.status
    known = entry.translations.get(language) if entry else None
    return (known.slug, known.status) if known else (None, RemoteStatus.NONE)

"""Content hashes of the images the pages embed: what the planner uploads once per content."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Container, Mapping
from pathlib import Path

from hcsync.local.facts import scanned_images
from hcsync.local.model import LocalSite
from hcsync.local.paths import is_inside, is_relative_url, resolve_target
from hcsync.local.rules import all_pages


def image_digest(data: bytes) -> str:
    """The content hash of an image's bytes, as the planner and the lock know it."""
    return hashlib.sha256(data).hexdigest()[:32]


def image_digests(site: LocalSite, uploaded: Container[str] = ()) -> Mapping[str, str]:
    """Image path (relative to the root) → sha256 of its bytes, for every embedded image.

    A page of `site.unchanged` is not parsed: its images are found by a scan (a superset
    of them), each kept only if its content is among `uploaded` (the lock's uploads, which
    such a page's images all are): a scan never adds an upload."""
    found: dict[str, str] = {}
    folders: dict[Path, Path] = {}

    def add(path: str | None, keep: Callable[[str], bool]) -> None:
        if path is None or path in found:
            return
        file = site.root / path
        if is_inside(site.root, file, folders) and file.is_file():
            digest = image_digest(file.read_bytes())
            if keep(digest):
                found[path] = digest

    for page in all_pages(site):
        if "![" not in page.body and "<" not in page.body and "]:" not in page.body:
            continue  # no image syntax, no HTML: nothing to look for (a pull reads every page)
        if page.path in site.unchanged:
            for target in scanned_images(page.body):
                if is_relative_url(target):
                    add(resolve_target(page.path, target)[0], uploaded.__contains__)
            continue
        for ref in site.parses.references(page.body).refs:
            if ref.kind == "image" and is_relative_url(ref.target):
                add(resolve_target(page.path, ref.target)[0], lambda _: True)
    return found

"""Content hashes of the images the pages embed: what the planner uploads once per content."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from hcsync.local.model import LocalSite
from hcsync.local.paths import is_inside, is_relative_url, resolve_target
from hcsync.local.rules import all_pages


def image_digest(data: bytes) -> str:
    """The content hash of an image's bytes, as the planner and the lock know it."""
    return hashlib.sha256(data).hexdigest()[:32]


def image_digests(site: LocalSite) -> Mapping[str, str]:
    """Image path (relative to the root) → sha256 of its bytes, for every embedded image."""
    found: dict[str, str] = {}
    folders: dict[Path, Path] = {}
    for page in all_pages(site):
        if "![" not in page.body and "<" not in page.body:
            continue  # no image syntax, no HTML: nothing to parse for (a pull reads every page)
        for ref in site.parses.references(page.body).refs:
            if ref.kind != "image" or not is_relative_url(ref.target):
                continue
            path, _ = resolve_target(page.path, ref.target)
            if path is None or path in found:
                continue
            file = site.root / path
            if is_inside(site.root, file, folders) and file.is_file():
                found[path] = image_digest(file.read_bytes())
    return found

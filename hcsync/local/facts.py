"""What other files a check needs to know of a page, and a cache of it for pre-commit.

Checking one file still needs every page's slug and id (duplicates) and the
anchors of the pages it links to. `.hcsync/check-cache.json` in the content root
keeps these per file with its size and mtime, so a pre-commit run reads only the
files that changed since the last check. Delete the folder at any time.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import NamedTuple

from hcsync.local.frontmatter import FrontMatterError, split_front_matter
from hcsync.local.model import Page
from hcsync.local.render import page_references

CACHE_PATH = Path(".hcsync") / "check-cache.json"
_VERSION = 1


class PageFacts(NamedTuple):
    slug: str | None
    remote_id: str | None
    anchors: tuple[str, ...]


def facts_of(page: Page, anchors: frozenset[str]) -> PageFacts:
    remote_id = getattr(page, "remote_id", None)
    return PageFacts(page.slug, remote_id, tuple(sorted(anchors)))


def facts_from_file(path: Path) -> PageFacts | None:
    """Facts read straight from a file; None when it cannot be read (its own check says why)."""
    try:
        meta, body, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return None
    slug, remote_id = meta.get("slug"), meta.get("id")
    anchors = page_references(body).anchors
    return PageFacts(
        slug if isinstance(slug, str) else None,
        remote_id if isinstance(remote_id, str) else None,
        tuple(sorted(anchors)),
    )


class FactsCache:
    def __init__(self, root: Path) -> None:
        self.file = root / CACHE_PATH
        self.root = root
        self._entries: dict[str, list[object]] = self._read()
        self._changed = False

    def get(self, rel: str) -> PageFacts | None:
        entry = self._entries.get(rel)
        if entry is None or entry[0] != _stamp(self.root / rel):
            return None
        slug, remote_id, anchors = entry[1:]
        return PageFacts(slug, remote_id, tuple(anchors))  # type: ignore[arg-type]

    def put(self, rel: str, facts: PageFacts) -> None:
        self._entries[rel] = [
            _stamp(self.root / rel),
            facts.slug,
            facts.remote_id,
            list(facts.anchors),
        ]
        self._changed = True

    def save(self) -> None:
        if not self._changed:
            return
        try:
            self.file.parent.mkdir(exist_ok=True)
            temporary = self.file.with_suffix(".tmp")
            temporary.write_text(json.dumps({"version": _VERSION, "files": self._entries}))
            os.replace(temporary, self.file)
        except OSError:
            pass  # a read-only checkout: checks still work, only slower

    def _read(self) -> dict[str, list[object]]:
        try:
            data = json.loads(self.file.read_text())
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != _VERSION:
            return {}
        files = data.get("files")
        return files if isinstance(files, dict) else {}


def _stamp(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return ""
    return f"{stat.st_size}:{stat.st_mtime_ns}"

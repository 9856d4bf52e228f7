"""What checking one file needs to know of the others, and a cache of it for pre-commit.

Checking named files needs every page's slug and id (duplicates), who links to
the named files (a renamed heading or a deleted article breaks those links), and
the anchors of the pages the checked files link to. The first two come from the
front matter and a quick scan of the text for `.md` targets, never a Markdown
parse, so even a fresh clone is fast; anchors are parsed only for the pages asked
for. `.hcsync/check-cache.json` in the content root keeps all this per file with
its size and mtime, so a pre-commit run reads only the files changed since the
last check. Delete the folder at any time.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from hcsync.local.files import read_markdown
from hcsync.local.frontmatter import FrontMatterError, split_front_matter
from hcsync.local.macros import MAX_DEPTH, PageMacros, snippet_path
from hcsync.local.model import Page
from hcsync.local.paths import is_relative_url, resolve_target
from hcsync.local.render import page_references

CACHE_PATH = Path(".hcsync") / "check-cache.json"
_VERSION = 2
# Where a link target can stand: [x](t), [x](<t>), [x]: t, href="t" (a superset of real links).
_INLINE_LINK = re.compile(r"\]\(\s*(?:<([^>\n]+)>|([^)\s]+))")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)", re.MULTILINE)
_HREF = re.compile(r"""href\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_INCLUDE_NAME = re.compile(r"""\{%-?\s*include\s+["']([^"'\n]+)["']""")


class PageFacts(NamedTuple):
    slug: str | None
    remote_id: str | None
    links: tuple[str, ...]  # root-relative .md paths the page (with its snippets) points at
    includes: tuple[str, ...]  # snippet paths it includes
    anchors: tuple[str, ...] | None = None  # None: not parsed yet


def facts_of(page: Page, anchors: frozenset[str]) -> PageFacts:
    """The facts of a page already parsed, its links exact."""
    links = set()
    for ref in page_references(page.body).refs:
        if ref.kind == "link" and is_relative_url(ref.target):
            path, _ = resolve_target(page.path, ref.target)
            if path is not None and path.lower().endswith(".md"):
                links.add(path)
    includes = tuple(path for path, _ in page.source.includes)
    remote_id = getattr(page, "remote_id", None)
    return PageFacts(page.slug, remote_id, tuple(sorted(links)), includes, tuple(sorted(anchors)))


def scan_file(root: Path, rel: str, macros: PageMacros) -> PageFacts | None:
    """Facts read straight from a file, anchors left out; None if it cannot be read."""
    text, _ = read_markdown(root, rel)
    if text is None:
        return None
    try:
        meta, body, _, _ = split_front_matter(text)
    except FrontMatterError:
        return None
    includes = tuple(_includes(body, macros))
    scanned = "\n".join([body, *(macros.snippet(path) or "" for path in includes)])
    slug, remote_id = meta.get("slug"), meta.get("id")
    return PageFacts(
        slug if isinstance(slug, str) else None,
        remote_id if isinstance(remote_id, str) else None,
        tuple(sorted(set(_md_targets(rel, scanned)))),
        includes,
    )


def _md_targets(rel: str, text: str) -> Iterator[str]:
    if ".md" not in text.lower():
        return
    found = [a or b for a, b in _INLINE_LINK.findall(text)]
    found += _REFERENCE.findall(text) + _HREF.findall(text)
    for target in found:
        if is_relative_url(target):
            path, _ = resolve_target(rel, target)
            if path is not None and path.lower().endswith(".md"):
                yield path


def _includes(body: str, macros: PageMacros) -> Iterator[str]:
    """Every snippet the body includes, nested ones too (by a scan: code is not told apart)."""
    seen: set[str] = set()
    pending = [body]
    while pending and len(seen) < MAX_DEPTH * 8:
        for name in _INCLUDE_NAME.findall(pending.pop()):
            path = snippet_path(name)
            if path is not None and path not in seen:
                seen.add(path)
                yield path
                pending.append(macros.snippet(path) or "")


def anchors_from_file(root: Path, rel: str, language: str, macros: PageMacros) -> tuple[str, ...]:
    text, _ = read_markdown(root, rel)
    try:
        body = split_front_matter(text or "").body
    except FrontMatterError:
        return ()
    return tuple(sorted(page_references(macros.expand(language, body).body).anchors))


class FactsCache:
    def __init__(self, root: Path) -> None:
        self.file = root / CACHE_PATH
        self.root = root
        self._entries: dict[str, list[Any]] = self._read()
        self._changed = False

    def get(self, rel: str) -> PageFacts | None:
        entry = self._entries.get(rel)
        if entry is None or len(entry) != 6 or entry[0] != self._stamp(rel):
            return None
        slug, remote_id, links, includes, anchors = entry[1:]
        anchors = None if anchors is None else tuple(anchors)
        return PageFacts(slug, remote_id, tuple(links), tuple(includes), anchors)

    def put(self, rel: str, facts: PageFacts) -> None:
        anchors = None if facts.anchors is None else list(facts.anchors)
        self._entries[rel] = [
            self._stamp(rel),
            facts.slug,
            facts.remote_id,
            list(facts.links),
            list(facts.includes),
            anchors,
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

    def _read(self) -> dict[str, list[Any]]:
        try:
            data = json.loads(self.file.read_text())
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != _VERSION:
            return {}
        files = data.get("files")
        return files if isinstance(files, dict) else {}

    def _stamp(self, rel: str) -> str:
        try:
            stat = os.stat(os.path.join(self.root, rel))
        except OSError:
            return ""
        return f"{stat.st_size}:{stat.st_mtime_ns}"

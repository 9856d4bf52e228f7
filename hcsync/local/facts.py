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

import hashlib
import json
import os
import posixpath
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from hcsync.config import CONFIG_NAME
from hcsync.local.cachedir import read_cache, write_cache
from hcsync.local.files import read_regular
from hcsync.local.frontkeys import ARTICLE_ID
from hcsync.local.frontmatter import FrontMatterError, split_front_matter
from hcsync.local.macros import MAX_DEPTH, PageMacros, snippet_path, snippets_home
from hcsync.local.model import Page
from hcsync.local.parsecache import ParseCache
from hcsync.local.paths import is_relative_url, resolve_target

CACHE_NAME = "check-cache.json"
_VERSION = 2
# Where a link target can stand: [x](t), [x](<t>), [x]: t, href="t" (a superset of real links).
_INLINE_LINK = re.compile(r"\]\(\s*(?:<([^>\n]+)>|([^)\s]+))")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)", re.MULTILINE)
_INLINE_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*(?:<([^>\n]+)>|([^)\s]+))")
_SRC = re.compile(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_HREF = re.compile(r"""href\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---[ \t\r]*\n(.*?)^-{3,}[ \t\r]*$\n?", re.DOTALL | re.MULTILINE)
_ID_KEYS = re.compile(r"^(slug|id)[ \t]*:[ \t]*(.*?)[ \t\r]*$", re.MULTILINE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_PLAIN = re.compile(r"^[A-Za-z0-9][\w.-]*$")
_INCLUDE_NAME = re.compile(r"""\{%-?\s*include\s+["']([^"'\n]+)["']""")


class PageFacts(NamedTuple):
    language: str
    slug: str | None
    remote_id: str | None
    links: Sequence[str]  # root-relative .md paths the page (with its snippets) points at
    includes: Sequence[str]  # snippet paths it includes
    anchors: Sequence[str] | None = None  # None: not parsed yet


def facts_of(page: Page, anchors: frozenset[str], parses: ParseCache) -> PageFacts:
    """The facts of a page already parsed (by `parses`), its links exact."""
    links = set()
    for ref in parses.references(page.body).refs:
        if ref.kind == "link" and is_relative_url(ref.target):
            path, _ = resolve_target(page.path, ref.target)
            if path is not None and path.lower().endswith(".md"):
                links.add(path)
    includes = tuple(path for path, _ in page.source.includes)
    remote_id = getattr(page, "remote_id", None)
    return PageFacts(
        page.language,
        page.slug,
        remote_id,
        tuple(sorted(links)),
        includes,
        tuple(sorted(anchors)),
    )


def scan_file(root: Path, rel: str, language: str, macros: PageMacros) -> PageFacts | None:
    """Facts read straight from a file, anchors left out; None if it cannot be read."""
    text = _read_text(f"{root}/{rel}")
    front = None if text is None else _FRONT_MATTER.match(text)
    if text is None or front is None:
        return None  # its own check says why; without front matter it has no title
    body = text[front.end() :]
    includes = tuple(_includes(body, macros)) if macros.config.templates and "{%" in body else ()
    scanned = "\n".join([body, *(macros.snippet(path) or "" for path in includes)])
    keys = dict(_ID_KEYS.findall(front.group(1)))
    return PageFacts(
        language,
        _front_value(keys.get("slug")),
        _article_id(_front_value(keys.get("id"))),
        tuple(sorted(set(_md_targets(posixpath.dirname(rel), scanned)))),
        includes,
    )


def _article_id(value: str | None) -> str | None:
    """An id as the loader takes it: another tool's (HC013) is no id."""
    return value.strip() if value and ARTICLE_ID.match(value.strip()) else None


def _read_text(path: str) -> str | None:
    """A regular file's text; never blocks on a FIFO or a device (its own check says why)."""
    try:
        return read_regular(path).decode("utf-8").removeprefix("\ufeff")
    except (OSError, ValueError):  # UnicodeDecodeError is a ValueError
        return None


def _front_value(raw: str | None) -> str | None:
    """A front-matter string as YAML reads it; YAML parses only what is not a plain word."""
    if not raw:
        return None
    if _PLAIN.match(raw) and not raw.isdigit():
        return raw
    try:
        value = yaml.safe_load(raw)
    except yaml.YAMLError:
        return None
    return value if isinstance(value, str) else None


def _md_targets(folder: str, text: str) -> Iterator[str]:
    if not any(suffix in text for suffix in (".md", ".MD", ".Md", ".mD")):
        return
    found = [a or b for a, b in _INLINE_LINK.findall(text)] if "](" in text else []
    found += _REFERENCE.findall(text) if "]:" in text else []
    found += _HREF.findall(text) if "href" in text or "HREF" in text else []
    for target in found:
        path = _markdown_path(folder, target)
        if path is not None:
            yield path


def loaded_facts(page: Page) -> PageFacts:
    """The facts of a loaded page, without parsing it: its links by a scan (a superset)."""
    links = scanned_links(page.path, page.body)
    includes = tuple(path for path, _ in page.source.includes)
    return PageFacts(page.language, page.slug, getattr(page, "remote_id", None), links, includes)


@lru_cache(maxsize=65536)  # asked by check and by the planner
def scanned_links(path: str, body: str) -> tuple[str, ...]:
    """The .md files a page's body may link to, resolved (a scan: a superset of its links)."""
    return tuple(sorted(set(_md_targets(posixpath.dirname(path), body))))


def scanned_images(body: str) -> list[str]:
    """Where an image's path can stand (a superset, as written): ![x](p), ![x](<p>),
    [x]: p (for ![x][x]), src="p"."""
    found = [a or b for a, b in _INLINE_IMAGE.findall(body)]
    return found + _REFERENCE.findall(body) + _SRC.findall(body)


@lru_cache(maxsize=65536)
def _markdown_path(folder: str, target: str) -> str | None:
    """The root-relative .md file a target written in `folder` names, if it does."""
    if ".md" not in target.lower() or target.startswith(("#", "//")) or _SCHEME.match(target):
        return None  # not a path in the tree (is_relative_url, without urlsplit's cost)
    path, _ = resolve_target(f"{folder}/page.md", target)
    return path if path is not None and path.lower().endswith(".md") else None


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


def anchors_from_file(
    root: Path, rel: str, language: str, macros: PageMacros, parses: ParseCache
) -> tuple[str, ...]:
    """The anchors of a page not checked itself: the one Markdown parse a link into it costs."""
    text = _read_text(f"{root}/{rel}")
    try:
        body = split_front_matter(text or "").body
    except FrontMatterError:
        return ()
    return tuple(sorted(parses.references(macros.expand(language, body).body).anchors))


class FactsCache:
    """Facts per file, valid while the file keeps its size and mtime.

    The whole cache is valid for one `hcsync.yml` and one set of snippets (they
    decide languages and what a page expands to): when either changes, it starts
    afresh.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.context = _context(root)
        self._changed = False
        self._entries: dict[str, list[Any]] = self._read()

    def get(self, rel: str, stamp: str | None = None) -> PageFacts | None:
        """The facts kept for a file, if it still has the `stamp` they were kept with."""
        entry = self._entries.get(rel)
        if entry is None or len(entry) != 7 or entry[0] != (stamp or self.stamp(rel)):
            return None
        return PageFacts(*entry[1:])

    def put(self, rel: str, facts: PageFacts, stamp: str | None = None) -> None:
        """Keep a file's facts, with its stamp taken before it was read."""
        anchors = None if facts.anchors is None else list(facts.anchors)
        entry = [
            stamp or self.stamp(rel),
            facts.language,
            facts.slug,
            facts.remote_id,
            list(facts.links),
            list(facts.includes),
            anchors,
        ]
        if self._entries.get(rel) != entry:  # saved only when something changed
            self._entries[rel] = entry
            self._changed = True

    def save(self) -> None:
        if not self._changed:
            return
        data = {"version": _VERSION, "context": self.context, "files": self._entries}
        write_cache(
            self.root, CACHE_NAME, json.dumps(data, separators=(",", ":"), check_circular=False)
        )

    def _read(self) -> dict[str, list[Any]]:
        try:
            data = json.loads(read_cache(self.root, CACHE_NAME) or "null")
        except ValueError:
            return {}
        if not isinstance(data, dict) or data.get("version") != _VERSION:
            return {}
        if data.get("context") != self.context:
            self._changed = True  # saved anew, for the new context
            return {}
        files = data.get("files")
        return files if isinstance(files, dict) else {}

    def stamp(self, rel: str) -> str:
        """Size and mtime of a file: when either moves, its facts are read again."""
        try:
            info = os.stat(f"{self.root}/{rel}")
        except OSError:
            return ""
        return f"{info.st_size}:{info.st_mtime_ns}"


def snippet_stamps(root: Path) -> list[str]:
    """`path:size:mtime` of each file in `_snippets/` — never walked when it is a link out
    of the root, never followed into linked folders; a broken link is stamped, not a crash."""
    home = snippets_home(root)
    if home is None:
        return []
    stamps = []
    for folder, _, files in sorted(os.walk(home)):
        for name in sorted(files):
            try:
                info = os.stat(os.path.join(folder, name))
            except OSError:
                stamps.append(f"{os.path.join(folder, name)}:broken")
                continue
            stamps.append(f"{os.path.join(folder, name)}:{info.st_size}:{info.st_mtime_ns}")
    return stamps


def _context(root: Path) -> str:
    """What every page's facts depend on: hcsync.yml's text and the snippets' stamps."""
    parts = []
    try:
        parts.append((root / CONFIG_NAME).read_text(encoding="utf-8", errors="replace"))
    except OSError:
        parts.append("")
    parts += snippet_stamps(root)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]

"""Each Markdown body parsed once: in memory for a command, and on disk between commands.

A `ParseCache` is what every stage asks (check's rules, image and link lists, the
planner's render): the first to ask parses, the others reuse it. The loader's
entry point makes one (or is given one) and the `LocalSite` carries it, so a
planner handed the site uses that cache and no other: there is no module-level
state. Apply's threads render through one cache, behind a lock.

`kept_on_disk(root)` gives a cache backed by `.hcsync/parse-cache.json` in the
content root, keyed by the digest of each body (and of each YAML front matter,
the other parse a file costs), so that a plan of an unchanged tree parses nothing.
The file is valid for one renderer: hcsync's version, markdown-it's, and the
source of the modules that shape a parse. A damaged entry is parsed afresh.
Only commands that send nothing use the file (plan, check): what apply sends
is always rendered from the Markdown, never read from a file someone could
have committed (apply's site gets a cache of its own, in memory).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from hcsync.local import mdextensions, positions, render, slugs
from hcsync.local.cachedir import CACHE_DIR, read_cache, write_cache
from hcsync.local.render import Fragment, ParsedPage, Ref, References, Slot, Template, parse_page

CACHE_NAME = "parse-cache.json"
CACHE_PATH = Path(CACHE_DIR) / CACHE_NAME
_IN_MEMORY = 65536  # bodies: a few times the largest tree, to bound a long-lived cache
_TABLES = ("pages", "yaml")


class ParseCache:
    """Parses of Markdown bodies (and YAML front matter, when backed by a file)."""

    def __init__(self, stored: dict[str, dict[str, Any]] | None = None) -> None:
        self._pages: dict[str, ParsedPage] = {}  # body → page
        self._lock = threading.Lock()  # apply renders from several threads
        # The file's tables ("pages", "yaml": digest → entry), and the entries asked since.
        self._stored = stored
        self.used: dict[str, dict[str, Any]] = {table: {} for table in _TABLES}

    def parsed(self, body: str) -> ParsedPage:
        """The page parsed by this cache, else from the file, else parsed now."""
        with self._lock:  # held while parsing: every thread gets the one parse
            page = self._pages.get(body)
            if page is None:
                if len(self._pages) >= _IN_MEMORY:
                    self._pages.clear()
                page = self._pages[body] = self._ask(body)
            return page

    def _ask(self, body: str) -> ParsedPage:
        if self._stored is None:
            return parse_page(body)
        digest = _digest(body)
        kept = self._stored["pages"].get(digest)
        page = _from_file(kept)
        if page is None:
            page, kept = parse_page(body), None
        # what the file keeps: the entry as read when it served, else this parse
        self.used["pages"][digest] = kept if kept is not None else _entry(page)
        return page

    def keep(self, body: str) -> None:
        """Keep the file's entry for a page not parsed now (one the lock vouches for), so
        that a later plan that does parse it finds it."""
        if self._stored is not None:
            digest = _digest(body)
            kept = self._stored["pages"].get(digest)
            if kept is not None:
                with self._lock:
                    self.used["pages"][digest] = kept

    def references(self, body: str) -> References:
        return self.parsed(body).references

    def front_matter(self, raw: str, load: Callable[[], Any]) -> Any:
        """YAML front matter as `load` reads it; backed by a file, kept there too when it
        is plain JSON data (one with a date, say, is loaded each time)."""
        if self._stored is None:
            return load()
        digest = _digest(raw)
        known: Any = self._stored["yaml"].get(digest)
        if _is_mapping_entry(known):  # read from JSON: plain by construction
            with self._lock:
                self.used["yaml"][digest] = known
            return known["mapping"]
        value = load()
        if isinstance(value, dict) and _plain(value):
            with self._lock:
                self.used["yaml"][digest] = {"mapping": value}
        return value

    @property
    def changed(self) -> bool:
        """Whether the file should be written: what was asked is not what it holds."""
        return self._stored is not None and self.used != self._stored


def _digest(body: str) -> str:
    return hashlib.blake2b(body.encode(), digest_size=16).hexdigest()


def _is_mapping_entry(entry: Any) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("mapping"), dict)


def _plain(value: Any) -> bool:
    try:
        return bool(json.loads(json.dumps(value)) == value)
    except (TypeError, ValueError):
        return False


@contextmanager
def kept_on_disk(root: Path) -> Iterator[ParseCache]:
    """A cache read from the file; written back with the pages asked in the block, and only
    those (a command that reads the whole tree: what it did not ask is a page gone or changed)."""
    parses = ParseCache(_read(root))
    try:
        yield parses
    finally:
        if parses.changed:
            _write(root, parses.used)


def _from_file(entry: Any) -> ParsedPage | None:
    """The page an entry of the file keeps; None where it is damaged (parsed afresh).
    (Type checks inline, not one call per field: a warm plan reads ~40 fields a page.)"""
    if entry is None:
        return None
    try:
        refs, anchors, fragments, html, slots = entry
        if type(html) is not str or not all(type(a) is str for a in anchors):
            raise TypeError("html and anchors are strings")
        found = References(tuple(map(_ref, refs)), frozenset(anchors), _fragments(fragments))
        kept = tuple(_slot(*slot) for slot in slots)
        return ParsedPage(found, Template(html, kept))
    except (TypeError, ValueError):
        return None


def _fragments(fields: Any) -> tuple[Fragment, ...]:
    found = tuple(Fragment(*f) for f in fields)
    if not all(type(n) is int and type(c) is int and type(h) is str for n, c, h in found):
        raise TypeError("a fragment is (line, column, HTML)")
    return found


def _slot(ref: Any, kept: Any, attribute: Any) -> Slot:
    if type(kept) is not str or not (attribute is None or type(attribute) is str):
        raise TypeError("a slot keeps strings")
    return Slot(_ref(ref), kept, attribute)


def _ref(fields: Any) -> Ref:
    kind, target, line, alt, in_html, col = fields
    if not (
        type(kind) is str
        and type(target) is str
        and type(line) is int
        and (alt is None or type(alt) is str)
        and type(in_html) is bool
        and type(col) is int
    ):
        raise TypeError(f"{fields!r} is not a reference")
    return Ref(kind, target, line, alt, in_html, col)


def _entry(page: ParsedPage) -> list[Any]:
    """The page as JSON keeps it (lists, not tuples: equal to what is read back)."""
    found, template = page
    refs = [list(r) for r in found.refs]
    fragments = [list(f) for f in found.html_fragments]
    slots = [[list(s.ref), s.kept, s.attribute] for s in template.slots]
    return [refs, sorted(found.anchors), fragments, template.html, slots]


def _read(root: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(read_cache(root, CACHE_NAME) or "null")
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("renderer") != renderer():
        data = {}
    return {t: data[t] if isinstance(data.get(t), dict) else {} for t in _TABLES}


def _write(root: Path, tables: dict[str, dict[str, Any]]) -> None:
    data = {"renderer": renderer(), **tables}
    write_cache(root, CACHE_NAME, json.dumps(data, separators=(",", ":")))


@cache  # read twice per command: on reading the file and on writing it
def renderer() -> str:
    """What a parse depends on besides the body: versions, and our own parsing code."""
    parts = [metadata.version(name) for name in ("hcsync", "markdown-it-py", "mdit-py-plugins")]
    for module in (render, mdextensions, positions, slugs):
        parts.append(hashlib.blake2b(Path(str(module.__file__)).read_bytes()).hexdigest())
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=12).hexdigest()

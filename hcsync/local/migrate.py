"""`hcsync init`'s migration of another help desk's front matter: `draft: true` → `status: draft`.

Jekyll, Hugo and most help desks mark an unpublished page `draft: true`. hcsync
reads `status:`; leaving `draft:` as an ignored key would publish every such page.
Only the `draft:` line of the front matter is rewritten, in place: the rest of the
file (comments, key order, line endings) stays byte for byte as written.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import NamedTuple

from hcsync.local.files import find_files, read_markdown
from hcsync.local.frontmatter import FrontMatterError, split_front_matter


class DraftsMigrated(NamedTuple):
    drafts: tuple[str, ...]  # `draft: true` became `status: draft`
    published: tuple[str, ...]  # `draft: false` removed (a page is published by default)
    left: tuple[str, ...]  # a `draft:` beside a `status:`, or not true/false: for `check`


class _Outcome(Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    LEFT = "left"


def migrate_drafts(root: Path, ignore: tuple[str, ...] = ()) -> DraftsMigrated:
    found: dict[_Outcome, list[str]] = {outcome: [] for outcome in _Outcome}
    for rel in find_files(root, ignore).markdown:
        outcome = _migrate_file(root, rel)
        if outcome is not None:
            found[outcome].append(rel)
    return DraftsMigrated(*(tuple(found[outcome]) for outcome in _Outcome))


def _migrate_file(root: Path, rel: str) -> _Outcome | None:
    text, _ = read_markdown(root, rel)
    if text is None or "draft" not in text:
        return None
    try:
        parts = split_front_matter(text)
    except FrontMatterError:
        return None  # check reports it
    value, line = parts.meta.get("draft"), parts.key_lines.get("draft")
    if "draft" not in parts.meta or line is None:
        return None
    if not isinstance(value, bool) or "status" in parts.meta:
        return _Outcome.LEFT
    lines = text.splitlines(keepends=True)
    old = lines[line - 1]
    ending = old[len(old.rstrip("\r\n")) :]
    lines[line - 1] = f"status: draft{ending}" if value else ""
    raw = (root / rel).read_bytes()
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    (root / rel).write_bytes((bom + "".join(lines)).encode("utf-8"))
    return _Outcome.DRAFT if value else _Outcome.PUBLISHED

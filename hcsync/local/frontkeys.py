"""Validating front matter and `_category.yml` keys, with "did you mean" hints."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from typing import Any

from hcsync.config import STATUSES
from hcsync.local.controls import first_control
from hcsync.local.model import Seo
from hcsync.local.problem import Problem
from hcsync.local.slugs import title_slug
from hcsync.statuses import LocalStatus

ROOT_KEYS = ("title", "slug", "subtitle", "seo", "status", "id", "unpublished_changes")
TRANSLATION_KEYS = ("title", "slug", "seo", "status", "unpublished_changes")
SEO_KEYS = ("title", "description")
CATEGORY_KEYS = ("name", "description", "icon", "translations")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A Help.Center article id, as the API gives them: 24 hexadecimal digits.
ARTICLE_ID = re.compile(r"^[0-9a-fA-F]{24}$")
# Keys other tools use, and what hcsync calls them.
_HINTS = {
    "draft": "status: draft",
    "published": "status: published",
    "description": "seo: {description: …}",
    "meta_title": "seo: {title: …}",
    "permalink": "slug",
    "url": "slug",
    "name": "title",
}


class Checker:
    """Collects problems for one file while its keys are read."""

    def __init__(
        self, path: str, line: int = 2, key_lines: Mapping[str, int] | None = None
    ) -> None:
        self.path = path
        self.line = line
        self.key_lines = key_lines or {}
        self.problems: list[Problem] = []

    def add(
        self, code: str, message: str, severity: str = "error", line: int | None = None
    ) -> None:
        self.problems.append(Problem(self.path, line or self.line, 1, code, message, severity))

    def at(self, key: str, code: str, message: str, severity: str = "error") -> None:
        """A problem with `key`, shown on the key's own line."""
        self.add(code, message, severity, self.key_lines.get(key))

    def unknown_keys(
        self,
        data: Mapping[str, Any],
        known: Collection[str],
        ignored: Collection[str],
        where: str = "",
    ) -> None:
        for key in data:
            if key in known or key in ignored:
                continue
            hint = _HINTS.get(str(key)) or next(
                iter(difflib.get_close_matches(str(key), known, 1)), None
            )
            tip = f"; did you mean '{hint}'?" if hint else f"; known keys: {', '.join(known)}"
            self.at(
                str(key), "HC004", f"unknown {where}key '{key}'{tip} (or list it in ignore_keys)"
            )

    def text(self, data: Mapping[str, Any], key: str, code: str = "HC005") -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.at(key, code, f"'{key}' must be text, not {type(value).__name__}")
            return None
        text = str(value)
        control = first_control(text, "\t\n\r")
        if control is not None:
            self.at(
                key,
                "HC006",
                f"'{key}' contains the control character U+{ord(control):04X}; remove it",
            )
            return "".join(c for c in text if first_control(c) is None)
        return text

    def title(self, data: Mapping[str, Any]) -> str:
        title = self.text(data, "title")
        if not title or not title.strip():
            self.add("HC003", "missing or empty title: add `title: …` to the front matter")
            return ""
        return title.strip()

    def slug(self, data: Mapping[str, Any], title: str) -> str | None:
        slug = self.text(data, "slug")
        if slug is not None and not SLUG.match(slug):
            self.at(
                "slug",
                "HC010",
                f"bad slug '{slug}': use lowercase letters, digits and single dashes",
            )
            return None
        if slug is None and title and not title_slug(title):
            self.at(
                "title",
                "HC014",
                f"title '{title}' gives no slug (nothing in it to transliterate): add `slug: …`",
            )
        return slug

    def seo(self, data: Mapping[str, Any]) -> Seo:
        value = data.get("seo")
        if value is None:
            return Seo()
        if not isinstance(value, Mapping):
            self.at("seo", "HC005", "'seo' must be a mapping: seo: {title: …, description: …}")
            return Seo()
        self.unknown_keys(value, SEO_KEYS, (), "seo ")
        line = self.key_lines.get("seo", self.line)
        return Seo(
            self.text(value, "title") or "",
            self.text(value, "description") or "",
            self.key_lines.get("seo.title", line),
            self.key_lines.get("seo.description", line),
        )

    def status(self, data: Mapping[str, Any], default: LocalStatus) -> LocalStatus:
        value = data.get("status", default)
        if value not in STATUSES:
            self.at("status", "HC005", f"status must be published or draft, not {value!r}")
            return default
        return LocalStatus(value)

    def unpublished_changes(self, data: Mapping[str, Any], status: LocalStatus) -> bool:
        """`unpublished_changes: true` (written by pull): keep the draft's changes unpublished."""
        value = data.get("unpublished_changes", False)
        if not isinstance(value, bool):
            self.at("unpublished_changes", "HC005", "unpublished_changes must be true or false")
            return False
        if value and status is not LocalStatus.PUBLISHED:
            self.at(
                "unpublished_changes",
                "HC005",
                "unpublished_changes only applies to a published page: remove it, or set status: published",
            )
            return False
        return value

    def remote_id(self, data: Mapping[str, Any]) -> str | None:
        value = data.get("id")
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            self.at(
                "id",
                "HC013",
                f"id {value} is a number, so not a Help.Center article id (another help desk's?); "
                "it is ignored: remove it, or add `ignore_keys: [id]` to hcsync.yml",
                "warning",
            )
            return None
        if not isinstance(value, str) or not value.strip():
            self.at("id", "HC005", "'id' must be the Help.Center article id (text)")
            return None
        if not ARTICLE_ID.match(value.strip()):
            self.at(
                "id",
                "HC013",
                f"id '{value.strip()}' is not a Help.Center article id (24 hexadecimal digits; "
                "another help desk's or a CMS's?); it is ignored: remove it, "
                "or add `ignore_keys: [id]` to hcsync.yml",
                "warning",
            )
            return None
        return value.strip()

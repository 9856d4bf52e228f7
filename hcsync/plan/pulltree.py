"""Where each remote category, article and translation goes in the tree, and its file text.

Pure: from the snapshot, the site settings and the lock to paths and texts.
Paths already in the lock are kept (an incremental pull never moves a file);
new ones are made from the server's slugs and names through `names.safe_name`,
unique per folder, in a stable order, so the same help center always gives the
same tree.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from hcsync.api.models import Article, Category, Seo, Translation
from hcsync.config import SiteConfig
from hcsync.local.files import CATEGORY_FILE
from hcsync.local.names import Namer, safe_name
from hcsync.plan.frontedit import UNKNOWN
from hcsync.plan.lock import Lock
from hcsync.plan.snapshot import RemoteSite
from hcsync.statuses import LocalStatus, RemoteStatus, written_status

IMAGE_FOLDER = "img"
UNPUBLISHED_CHANGES = "unpublished_changes"  # the front-matter key, see frontkeys.py


@dataclass
class TreePaths:
    categories: dict[str, str] = field(default_factory=dict)  # category id → folder
    articles: dict[str, str] = field(default_factory=dict)  # article id → root file
    translations: dict[tuple[str, str], str] = field(default_factory=dict)  # (id, lang) → file
    skipped: list[str] = field(default_factory=list)  # articles without a category, by title
    moved: dict[str, str] = field(default_factory=dict)  # article id → its old root file

    def translation_path(self, config: SiteConfig, root: str, language: str) -> str:
        if config.layout == "directories":
            return f"{language}/{root.partition('/')[2]}"
        return f"{root[:-3]}.{language}.md"


def lay_out(
    remote: RemoteSite, config: SiteConfig, lock: Lock, on_disk: frozenset[str] = frozenset()
) -> TreePaths:
    """Paths for everything remote; `on_disk` (relative paths in the tree) are never reused."""
    paths = TreePaths()
    prefix = f"{config.default_language}/" if config.layout == "directories" else ""
    known_folders = {entry.id: path for path, entry in lock.categories.items() if entry.id}
    known_files = {entry.id: path for path, entry in lock.articles.items() if entry.id}
    namers: dict[str, Namer] = {}

    def namer(folder: str) -> Namer:
        if folder not in namers:
            taken = {IMAGE_FOLDER, CATEGORY_FILE}
            taken |= {posixpath.basename(p) for p in known_folders.values() if _parent(p) == folder}
            taken |= {posixpath.basename(p) for p in known_files.values() if _parent(p) == folder}
            taken |= {posixpath.basename(p) for p in on_disk if _parent(p) == folder}
            namers[folder] = Namer(frozenset(taken))
        return namers[folder]

    for category in remote.categories:  # parents come first
        if category.id in known_folders:
            paths.categories[category.id] = known_folders[category.id]
            continue
        parent = paths.categories.get(category.parent_id or "", prefix.rstrip("/"))
        stem = namer(parent).claim(safe_name(category.slug or category.name, "category"))
        paths.categories[category.id] = posixpath.join(parent, stem) if parent else stem
    for draft in sorted(remote.drafts.values(), key=lambda d: (d.created_at, d.id)):
        folder = paths.categories.get(draft.category_id or "")
        known = known_files.get(draft.id)
        if known is not None and (folder is None or _parent(known) == folder):
            paths.articles[draft.id] = known
        elif folder is None:
            paths.skipped.append(draft.title)
            continue
        else:  # new, or moved to another category in the dashboard
            stem = namer(folder).claim(safe_name(draft.slug or draft.title, "article"), ".md")
            paths.articles[draft.id] = f"{folder}/{stem}.md"
            if known is not None:
                paths.moved[draft.id] = known
        for language in draft.translations:
            if language in config.languages:
                path = paths.translation_path(config, paths.articles[draft.id], language)
                paths.translations[(draft.id, language)] = path
    return paths


def _parent(path: str) -> str:
    return posixpath.dirname(path)


# -- file texts ------------------------------------------------------------------


def article_meta(draft: Article) -> dict[str, Any]:
    """The front matter pull writes for a root article (the keys it owns)."""
    meta: dict[str, Any] = {"id": draft.id, "title": draft.title}
    if draft.slug:
        meta["slug"] = draft.slug
    if draft.subtitle:
        meta["subtitle"] = draft.subtitle
    _seo_and_status(meta, draft.seo, draft.status)
    return _unknown(meta, ("subtitle", "seo"), draft.shown)


def translation_meta(translation: Translation) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": translation.title}
    if translation.slug:
        meta["slug"] = translation.slug
    _seo_and_status(meta, translation.seo, translation.status)
    return _unknown(meta, ("slug", "seo"), translation.shown)


def _unknown(
    meta: dict[str, Any], fields: tuple[str, ...], shown: frozenset[str]
) -> dict[str, Any]:
    """Fields the server did not show are unknown, not empty: the file keeps its own."""
    return meta | {name: UNKNOWN for name in fields if name not in shown and name not in meta}


def _seo_and_status(meta: dict[str, Any], seo: Seo | None, status: RemoteStatus) -> None:
    fields = {"title": seo.title, "description": seo.description} if seo is not None else {}
    if any(fields.values()):
        meta["seo"] = {k: v for k, v in fields.items() if v}
    local, unpublished_changes = written_status(status)
    meta["status"] = local.value
    if unpublished_changes:
        meta[UNPUBLISHED_CHANGES] = True


def markdown_file(meta: Mapping[str, Any], body: str) -> str:
    known = {key: value for key, value in meta.items() if value is not UNKNOWN}
    return f"---\n{_yaml(known)}---\n\n{body}"


CATEGORY_KEYS = ("name", "description", "icon", "translations")  # what pull owns of the file


def category_text(category: Category, languages: tuple[str, ...]) -> str:
    return _yaml(category_data(category, languages))


def category_data(category: Category, languages: tuple[str, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {"name": category.name}
    if category.description:
        data["description"] = category.description
    if category.icon:
        data["icon"] = category.icon
    translations = {
        language: {"name": text.name, "description": text.description}
        for language, text in sorted(category.translations.items())
        if language in languages and text.name
    }
    if translations:
        data["translations"] = translations
    return data


def config_text(
    center_id: str, default_language: str, languages: tuple[str, ...], layout: str
) -> str:
    """hcsync.yml, written by a YAML library: a server's value cannot add a setting."""
    settings = {
        "center_id": center_id,
        "default_language": default_language,
        "languages": list(languages),
        "layout": layout,
        "status": LocalStatus.PUBLISHED.value,
    }
    comment = "# hcsync settings, written by `hcsync pull` (see docs/content.md)\n"
    return comment + _yaml(settings)


def _yaml(data: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True, width=1000)

"""The pull plan, decided: every file change pull makes, and why.

Pure. From what the help center answered (the snapshot, the translations read,
the images downloaded), the tree as written (its files' texts, what each page
would send) and the lock: which files are written, created, moved or deleted,
which are conflicts (changed here too, or inside a snippet's text), which
categories, images and articles the lock records. Per page: written if its
remote changed since the lock (or it links to an article that moved folder);
kept if not; a conflict if it changed on both sides, unless `force`.
`sync/pull.py` reads the inputs, calls `pull_plan` and carries out the plan.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from hcsync.api.models import Article, Category
from hcsync.config import CONFIG_NAME, LANGUAGE, SiteConfig
from hcsync.local.files import CATEGORY_FILE
from hcsync.local.parsecache import ParseCache
from hcsync.local.render import fill
from hcsync.plan.desired import content_hash
from hcsync.plan.frontedit import edit_yaml_file
from hcsync.plan.lock import ArticleLock, Lock, PageLock
from hcsync.plan.pulled import PageState, locally_changed, remote_category_hash, with_categories
from hcsync.plan.pullmedia import ImagePlacer, Images, image_urls, link_table
from hcsync.plan.pullmerge import Macros, Merged, fresh_body, merge_page
from hcsync.plan.pullplan import Conflict, FileChange, FileChangeKind, PullPlan
from hcsync.plan.pulltree import (
    CATEGORY_KEYS,
    TreePaths,
    article_meta,
    category_data,
    category_text,
    config_text,
    lay_out,
    markdown_file,
    translation_meta,
)
from hcsync.plan.snapshot import RemoteSite
from hcsync.plan.tomarkdown import to_markdown

Step = Callable[[int, int, str], None]  # (number, total, file): progress, as pages are planned


@dataclass(frozen=True)
class TreeBefore:
    """The tree as it was before this pull: what each page would send, images, categories."""

    states: Mapping[str, PageState] = field(default_factory=dict)  # page path → its state
    image_paths: Mapping[str, str] = field(default_factory=dict)  # image path → content hash
    category_hashes: Mapping[str, str] = field(default_factory=dict)  # folder → its hash


@dataclass(frozen=True)
class PullInputs:
    remote: RemoteSite  # the snapshot, with the translations read
    config: SiteConfig
    lock: Lock
    texts: Mapping[str, str]  # the tree's Markdown and `_category.yml` files, as written
    on_disk: frozenset[str] = frozenset()  # every file and folder of the tree (relative)
    before: TreeBefore = field(default_factory=TreeBefore)
    snippets: Mapping[str, str] = field(default_factory=dict)  # `_snippets/…` → its text
    force: bool = False  # take the help center's version of files changed on both sides
    # Markdown parses: the plan's checks parse each written page as its read-back will.
    parses: ParseCache = field(default_factory=ParseCache)


def pull_plan(
    inputs: PullInputs, images: Images | None = None, step: Step | None = None
) -> PullPlan:
    """The file changes that bring the help center's edits into the tree.

    `images`: the bytes of the images `images_to_fetch` named (None: gone, 404).
    `step` is told of each article as it is planned (a progress bar).
    """
    return _Planner(inputs, images or {}).run(step or (lambda *_: None))


def tree_paths(inputs: PullInputs) -> TreePaths:
    """Where each remote thing goes; unlisted translations found by reading get theirs."""
    paths = lay_out(inputs.remote, inputs.config, inputs.lock, inputs.on_disk)
    for article_id, language in inputs.remote.translations:
        if article_id in paths.articles and (article_id, language) not in paths.translations:
            root = paths.articles[article_id]
            paths.translations[(article_id, language)] = paths.translation_path(
                inputs.config, root, language
            )
    return paths


def images_to_fetch(inputs: PullInputs) -> set[str]:
    """The image URLs of the pages to write that the tree does not hold (by the lock)."""
    paths = tree_paths(inputs)
    moved = _moved_urls(inputs, paths)
    urls = {
        url
        for page in _remote_pages(inputs, paths)
        if page.changed or any(u in page.html for u in moved)
        for url in image_urls(page.html)
    }
    return _placer(inputs, {}).needs(urls)


def translations_to_read(
    remote: RemoteSite, config: SiteConfig, lock: Lock, on_disk: frozenset[str], probe: bool
) -> list[tuple[str, str]]:
    """The translations to read, except those of articles unchanged since the lock.

    Those listed on the draft (the published ones, as documented) and those the lock
    knows. An unpublished translation of an article the lock does not know is listed
    nowhere: with `probe`, every configured language of such an article is asked for
    (one request each, a 404 where there is none). An article moved to another folder
    changes the relative links of every page that links to it: then all are read.
    """
    if lay_out(remote, config, lock, on_disk).moved:
        lock = Lock()
    entries = {e.id: e for e in lock.articles.values()}
    wanted = []
    for draft in remote.drafts.values():
        entry = entries.get(draft.id)
        languages = set(draft.translations) | set(entry.translations if entry else ())
        if probe and entry is None:
            languages |= set(config.languages)
        for language in sorted(languages & set(config.languages)):
            known = entry.translations.get(language) if entry is not None else None
            # Without a translation timestamp (the documented API shows none), only a read
            # tells whether it changed.
            if (
                entry is None
                or known is None
                or not known.updated_at
                or entry.updated_at != draft.updated_at
            ):
                wanted.append((draft.id, language))
    return wanted


def with_documented_slugs(remote: RemoteSite) -> RemoteSite:
    """A translation without a slug field (the documented shape) takes it from its URL."""
    found = dict(remote.translations)
    for key, translation in remote.translations.items():
        draft = remote.drafts.get(key[0])
        if "slug" in translation.shown or not translation.url or draft is None:
            continue
        slug = _url_slug(translation.url, draft.slug_id)
        if slug:
            found[key] = replace(translation, slug=slug, shown=translation.shown | {"slug"})
    return replace(remote, translations=found)


def _url_slug(url: str, slug_id: int | None) -> str | None:
    """`https://host/de/article/42-mein-artikel` → `mein-artikel`."""
    last = urlsplit(url).path.rstrip("/").rpartition("/")[2]
    prefix = f"{slug_id}-"
    return last.removeprefix(prefix) if slug_id is not None and last.startswith(prefix) else None


@dataclass(frozen=True)
class _Page:
    """One remote page (root article or translation) and where it goes."""

    article_id: str
    path: str
    language: str | None  # None: the root article
    meta: dict[str, Any]  # the front matter pull owns, as the help center has it
    entry: PageLock | None
    slug: str | None
    html: str
    reason: str
    changed: bool  # on the help center since the lock


def _remote_pages(
    inputs: PullInputs, paths: TreePaths, moves: frozenset[str] = frozenset()
) -> Iterator[_Page]:
    """Each remote page in path order, root before its translations.

    `moves`: the ids of articles whose files move (their pages are written whole).
    """
    entries = {e.id: e for e in inputs.lock.articles.values()}
    translations: dict[str, list[tuple[str, str]]] = {}
    for (article_id, language), tpath in sorted(paths.translations.items()):
        translations.setdefault(article_id, []).append((language, tpath))
    for article_id, path in sorted(paths.articles.items(), key=lambda item: item[1]):
        entry = None if article_id in moves else entries.get(article_id)
        yield _root_page(inputs.remote.drafts[article_id], path, entry)
        for language, tpath in translations.get(article_id, []):
            old = entry.translations.get(language) if entry else None
            page = _translation_page(inputs.remote, article_id, language, tpath, old)
            if page is not None:
                yield page


def _root_page(draft: Article, path: str, entry: ArticleLock | None) -> _Page:
    html = draft.content.html if draft.content else ""
    remote = (content_hash(draft.title, html), draft.status, draft.updated_at)
    reason = _what_changed(entry, remote, draft.slug, "article")
    meta = article_meta(draft)
    return _Page(draft.id, path, None, meta, entry, draft.slug, html, reason, _moved(entry, remote))


def _translation_page(
    remote: RemoteSite, article_id: str, language: str, path: str, entry: PageLock | None
) -> _Page | None:
    translation = remote.translations.get((article_id, language))
    if translation is None:  # not read: unchanged since the lock
        return None
    html = translation.content.html if translation.content else ""
    state = (content_hash(translation.title, html), translation.status, translation.updated_at)
    reason = _what_changed(entry, state, translation.slug, f"{language} translation")
    meta = translation_meta(translation)
    return _Page(
        article_id,
        path,
        language,
        meta,
        entry,
        translation.slug,
        html,
        f"{reason} of article {article_id}",
        _moved(entry, state),
    )


def _moved(entry: PageLock | None, remote: tuple[str, str, str]) -> bool:
    return entry is None or (entry.stored, entry.status, entry.updated_at) != remote


def _what_changed(
    entry: PageLock | None, remote: tuple[str, str, str], slug: str | None, page: str
) -> str:
    if entry is None:
        return f"{page}: new to the tree"
    aspects = [
        name
        for name, was, now in (
            ("content or title", entry.stored, remote[0]),
            ("status", entry.status, remote[1]),
            ("slug", entry.slug, slug),
        )
        if was != now
    ]
    return f"{page}: {', '.join(aspects) or 'SEO or subtitle'} changed on the help center"


def _moved_urls(inputs: PullInputs, paths: TreePaths) -> frozenset[str]:
    """URLs of articles whose files move folder: pages linking to them get new links."""
    moved = {paths.articles[i] for i in paths.moved}
    moved |= {p for (i, _), p in paths.translations.items() if i in paths.moved}
    links = link_table(inputs.remote, paths, inputs.config, inputs.lock)
    return frozenset(u for table in links.values() for u, p in table.items() if p in moved)


def _placer(inputs: PullInputs, images: Images) -> ImagePlacer:
    return ImagePlacer(inputs.lock, inputs.before.image_paths, inputs.on_disk, images)


class _Planner:
    """One pass over the snapshot, collecting the plan's changes and conflicts."""

    def __init__(self, inputs: PullInputs, images: Images) -> None:
        self.inputs, self.config, self.lock = inputs, inputs.config, inputs.lock
        self.texts = inputs.texts
        self.paths = tree_paths(inputs)
        self.links = link_table(inputs.remote, self.paths, self.config, self.lock)
        self.moved_urls = _moved_urls(inputs, self.paths)
        self.media = _placer(inputs, images)
        self.changes: list[FileChange] = []
        self.conflicts: list[Conflict] = []
        self.inexact: list[str] = []
        self.origins: dict[str, str] = {}  # new path of a moved page → its file now
        self.moves: dict[str, str] = {}  # root file of a moved article → its new path
        self.pulled: set[str] = set()  # page paths written
        self.removed: list[str] = []  # root paths of articles deleted on the help center
        self.categories: dict[str, str] = {}  # folder → id, for the lock
        self.canonicals: dict[str, str] = {}  # HTML the checks rendered → its canonical form

    def run(self, step: Step) -> PullPlan:
        if CONFIG_NAME not in self.inputs.on_disk:
            self._record(CONFIG_NAME, self._config_text(), "the help center's settings")
        self._categories()
        moving = self._moving()
        refused = {i for i in self.paths.moved if i not in moving}
        number, total = 0, len(self.paths.articles)
        for page in _remote_pages(self.inputs, self.paths, frozenset(moving)):
            if page.language is None:
                number += 1
                step(number, total, page.path)
            if page.article_id not in refused:
                self._page(page)
        self._deleted()
        for rel, data in sorted(self.media.new_files.items()):
            self._record(rel, data, "an image of a pulled page")
        return PullPlan(
            tuple(self.changes),
            tuple(self.conflicts),
            self._lock(),
            frozenset(self.pulled),
            tuple(self.inexact),
            tuple(self.paths.skipped),
            tuple(sorted(self.media.missing)),
            self._languages_left_out(),
            self.canonicals,
        )

    def _moving(self) -> set[str]:
        """Articles moved to another category whose files move (edited here: a conflict)."""
        entries = {e.id: (p, e) for p, e in self.lock.articles.items()}
        moving = set()
        for article_id, old in sorted(self.paths.moved.items(), key=lambda item: item[1]):
            _, entry = entries[article_id]
            if self._edited_here(old, entry):
                continue
            new = self.paths.articles[article_id]
            self.origins[new], self.moves[old] = old, new
            for language in entry.translations:
                tnew = self.paths.translation_path(self.config, new, language)
                self.origins[tnew] = self.paths.translation_path(self.config, old, language)
            moving.add(article_id)
        return moving

    def _languages_left_out(self) -> tuple[str, ...]:
        drafts = self.inputs.remote.drafts.values()
        found = {language for draft in drafts for language in draft.translations}
        left_out = found - set(self.config.languages)
        return tuple(sorted(x for x in left_out if LANGUAGE.fullmatch(x)))

    def _lock(self) -> Lock:
        by_id = {c.id: c for c in self.inputs.remote.categories}
        folders = {f: by_id[i] for f, i in self.categories.items()}
        lock = with_categories(self.lock, folders, self.config.languages)
        for digest, url in sorted(self.media.uploaded.items()):
            lock = lock.with_image(digest, url)
        for path in self.removed:
            lock = lock.with_article(path, None)
        for old, new in self.moves.items():  # the entry follows its file
            lock = lock.with_article(old, None).with_article(new, self.lock.articles[old])
        return lock

    def _deleted(self) -> None:
        """Articles deleted on the help center: their files go too, unless edited here since."""
        for path, entry in sorted(self.lock.articles.items()):
            if entry.id and not entry.pending and entry.id not in self.inputs.remote.drafts:
                self._remove(path, entry)

    def _pages(self, path: str, entry: ArticleLock) -> dict[str, PageLock]:
        return {path: entry} | {
            self.paths.translation_path(self.config, path, language): translation
            for language, translation in entry.translations.items()
        }

    def _edited_here(self, path: str, entry: ArticleLock) -> bool:
        pages = self._pages(path, entry)
        states = self.inputs.before.states
        present = [rel for rel in pages if rel in self.texts]
        changed = any(locally_changed(states.get(r), e) for r, e in pages.items())
        if present and changed and not self.inputs.force:
            self.conflicts.append(Conflict(path, "changed here and on the help center"))
            return True
        return False

    def _remove(self, path: str, entry: ArticleLock) -> None:
        """Delete an article's files (root and translations), unless edited here: a conflict."""
        if self._edited_here(path, entry):
            return
        for rel in self._pages(path, entry):
            if rel in self.texts:
                reason = f"article {entry.id} deleted on the help center"
                self.changes.append(FileChange(FileChangeKind.DELETE, rel, reason, self.texts[rel]))
        self.removed.append(path)

    def _config_text(self) -> str:
        c = self.config
        return config_text(c.center_id or "", c.default_language, c.languages, c.layout)

    def _categories(self) -> None:
        for category in self.inputs.remote.categories:
            folder = self.paths.categories[category.id]
            entry = self.lock.categories.get(folder)
            remote_hash = remote_category_hash(category, self.config.languages)
            local_hash = self.inputs.before.category_hashes.get(folder)
            if local_hash == remote_hash or entry is None or entry.hash != remote_hash:
                # Unknown to the lock, or moved remotely; an empty hash (written by
                # apply) cannot tell who changed it, so a difference is a conflict.
                changed = entry is not None and local_hash not in (None, entry.hash or None)
                rel = f"{folder}/{CATEGORY_FILE}"
                text = self._category_text(rel, category)
                reason = f"category {category.id} changed on the help center"
                if local_hash == remote_hash or self._decide(rel, text, changed, reason):
                    self.categories[folder] = category.id

    def _category_text(self, rel: str, category: Category) -> str:
        """The category's file: its current text with only the changed keys' lines edited."""
        languages = self.config.languages
        existing = self.texts.get(rel)
        data = category_data(category, languages)
        edited = edit_yaml_file(existing, data, CATEGORY_KEYS) if existing else None
        return edited if edited is not None else category_text(category, languages)

    def _page(self, page: _Page) -> None:
        """Write the page if its remote moved since the lock (a conflict if it moved here too)."""
        if not page.changed and not any(url in page.html for url in self.moved_urls):
            return
        entry = page.entry
        states = self.inputs.before.states
        changed = entry is not None and locally_changed(states.get(page.path), entry)
        if self._decide(page.path, self._text(page), changed, page.reason):
            self.pulled.add(page.path)

    def _text(self, page: _Page) -> str | Merged:
        """The page's file: its Markdown afresh, or its current file minimally edited."""
        macros = self._macros(page.language)
        body = self._body(page.path, page.language, page.html)
        origin = self.texts.get(self.origins.get(page.path, page.path))
        if origin is None:
            return markdown_file(page.meta, fresh_body(body, macros))
        implied = {"status": self.config.status, "unpublished_changes": False}
        implied["slug"] = page.entry.slug if page.entry is not None else page.slug
        return merge_page(origin, page.meta, body, implied, macros)

    def _macros(self, language: str | None) -> Macros:
        variables = {
            **self.config.variables,
            **self.config.variables_by_language.get(language or self.config.default_language, {}),
        }
        # `{{ … }}` is hcsync's in a tree with templates: dashboard text goes raw there.
        return Macros(variables, self.inputs.snippets.get, self.config.templates)

    def _body(self, path: str, language: str | None, html: str) -> str:
        table = self.links.get(language, {})
        folder = posixpath.dirname(path)

        def link(url: str) -> str | None:
            base, hash_, anchor = url.partition("#")
            target = table.get(base)
            if target is None:
                return None
            return posixpath.relpath(target, folder or ".") + (f"#{anchor}" if hash_ else "")

        place = partial(self.media.place, folder=folder)
        converted = to_markdown(html, link, place, self._as_read_back)
        if not converted.exact:
            self.inexact.append(path)
        if converted.checked is not None:
            rendered, canonical = converted.checked
            self.canonicals[rendered] = canonical
        return converted.markdown

    def _as_read_back(self, markdown: str, urls: Mapping[str, str]) -> str:
        """Markdown rendered through the parse cache as the file pull writes afresh will be
        read back (its body starts after the front matter's blank line), the server's URLs
        for its paths: the lock's render then parses nothing again, and finds its canonical
        form in the plan's `canonicals`."""
        page = self.inputs.parses.parsed("\n" + markdown)
        return fill(page.template, lambda ref: urls.get(ref.target))

    def _decide(self, rel: str, text: str | Merged, changed: bool, reason: str) -> bool:
        """Write `text` (changed remotely) to `rel`, unless it changed here too: a conflict."""
        if isinstance(text, Merged):
            for block in text.conflicts:
                self.conflicts.append(
                    Conflict(rel, f"written with a snippet or variable:\n{block}")
                )
            text = text.text
        origin = self.origins.get(rel, rel)
        existing = self.texts.get(origin)
        if existing == text and origin == rel:
            return True
        if existing is not None and changed and not self.inputs.force:
            self.conflicts.append(Conflict(rel, "changed here and on the help center"))
            return False
        self._record(rel, text, reason, existing)
        return True

    def _record(self, rel: str, data: str | bytes, reason: str, before: str | None = None) -> None:
        origin = self.origins.get(rel)
        kind = (
            FileChangeKind.MOVE
            if origin
            else (FileChangeKind.WRITE if before is not None else FileChangeKind.CREATE)
        )
        self.changes.append(FileChange(kind, rel, reason, before, data, origin))

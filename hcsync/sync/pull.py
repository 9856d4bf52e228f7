"""`pull`: the help center into the tree, and the lock that makes the next plan empty.

Reads the snapshot (center, categories, every draft with content: ⌈N/100⌉
pages), each translation draft the lock cannot vouch for, and each distinct
image once from the CDN. Then, per file: write it if it is new or its remote
changed since the lock; keep it if not; refuse it (a conflict) if it changed on
both sides, unless `force`. Never prints: the command shows the report.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from hcsync.api import Article, HelpCenterClient
from hcsync.config import CONFIG_NAME, LANGUAGE, SiteConfig, load_site_config
from hcsync.errors import FatalError
from hcsync.local.files import CATEGORY_FILE
from hcsync.local.images import image_digests
from hcsync.local.loader import load_site
from hcsync.local.macros import PageMacros
from hcsync.local.parsecache import ParseCache
from hcsync.plan.desired import content_hash
from hcsync.plan.lock import ArticleLock, Lock, PageLock
from hcsync.plan.pulled import (
    PageState,
    local_category_hash,
    locally_changed,
    lock_after_pull,
    page_states,
    remote_category_hash,
    with_categories,
)
from hcsync.plan.pullmerge import Macros, Merged, fresh_body, merge_page
from hcsync.plan.pullplan import Conflict, FileChange, FileChangeKind, PullPlan
from hcsync.plan.snapshot import RemoteSite
from hcsync.plan.tomarkdown import to_markdown
from hcsync.statuses import RemoteStatus
from hcsync.sync.cdn import Downloader
from hcsync.sync.lockfile import LOCK_NAME, read_lock, write_lock
from hcsync.sync.pullmedia import Media, link_table
from hcsync.sync.pulltree import (
    TreePaths,
    article_meta,
    category_text,
    config_text,
    lay_out,
    markdown_file,
    translation_meta,
)
from hcsync.sync.pullwrite import write_pull_plan
from hcsync.sync.remote import fetch_remote, with_translations
from hcsync.sync.writing import tree_entries

Step = Callable[[int, int, str], None]  # (number, total, file)


class PullOptions(NamedTuple):
    layout: str | None = None  # for a new tree: suffix or directories
    dry_run: bool = False
    force: bool = False
    probe_drafts: bool = False  # ask every language of new articles for an unpublished draft


@dataclass
class PullReport:
    plan: PullPlan = field(default_factory=PullPlan)  # carried out, unless a dry run
    inexact: list[str] = field(default_factory=list)  # Markdown that does not render back equal
    skipped: list[str] = field(default_factory=list)  # articles without a category
    languages_left_out: list[str] = field(default_factory=list)  # not in hcsync.yml
    missing_images: list[str] = field(default_factory=list)  # 404 on the help center: URL kept
    reads: int = 0  # API requests
    downloads: int = 0  # CDN requests


def pull(
    root: Path, client: HelpCenterClient, options: PullOptions, step: Step | None = None
) -> PullReport:
    remote = _with_published_seo(client, fetch_remote(client))
    config = _config(root, remote, client.settings.center_id, options.layout)
    lock = read_lock(root) if (root / LOCK_NAME).exists() else Lock()
    on_disk = tree_entries(root)
    if not lock.articles and any(p.endswith(".md") for p in on_disk):
        raise FatalError(
            f"{root} holds Markdown files but no {LOCK_NAME} to tell which article each one is: "
            "pull into an empty folder, or run `hcsync apply` first"
        )
    paths = lay_out(remote, config, lock, on_disk)
    remote = _with_translations(client, remote, config, lock, paths, options.probe_drafts)
    parses = ParseCache()  # the tree before and after: a page pull left alone is parsed once
    before = _Before.read(root, config, remote, lock, parses) if lock.articles else _Before()
    downloader = Downloader()
    try:
        media = Media(root, client.settings.api_url, lock, before.image_paths, downloader)
        puller = _Puller(root, config, remote, lock, paths, media, before, options)
        plan = puller.run(step or (lambda *_: None))
    finally:
        downloader.close()
    report = _completed(puller.report, plan, remote, config, paths, media)
    report.reads, report.downloads = client.requests_sent, downloader.fetched
    if not options.dry_run:
        write_pull_plan(root, plan)
        _write_lock(root, config, remote, puller, client.settings.center_id, parses)
    return report


def _with_translations(
    client: HelpCenterClient,
    remote: RemoteSite,
    config: SiteConfig,
    lock: Lock,
    paths: TreePaths,
    probe: bool,
) -> RemoteSite:
    """The snapshot plus the translations to pull; found unlisted ones get their paths."""
    # A moved article changes the relative links of every page that links to it: read all.
    known = Lock() if paths.moved else lock
    wanted = _translations_to_read(remote, config, known, probe)
    remote = _with_documented_slugs(with_translations(client, remote, wanted))
    for article_id, language in remote.translations:  # found unlisted: unpublished ones
        if article_id in paths.articles and (article_id, language) not in paths.translations:
            path = paths.translation_path(config, paths.articles[article_id], language)
            paths.translations[(article_id, language)] = path
    return remote


def _completed(
    report: PullReport,
    plan: PullPlan,
    remote: RemoteSite,
    config: SiteConfig,
    paths: TreePaths,
    media: Media,
) -> PullReport:
    report.plan, report.skipped = plan, paths.skipped
    found = {language for draft in remote.drafts.values() for language in draft.translations}
    left_out = found - set(config.languages)
    report.languages_left_out = sorted(x for x in left_out if LANGUAGE.fullmatch(x))
    report.missing_images = sorted(media.missing)
    return report


def moved_paths(paths: TreePaths) -> set[str]:
    moved = {paths.articles[i] for i in paths.moved}
    return moved | {p for (i, _), p in paths.translations.items() if i in paths.moved}


def _config(root: Path, remote: RemoteSite, center_id: str, layout: str | None) -> SiteConfig:
    if (root / CONFIG_NAME).is_file():
        return load_site_config(root)
    center = remote.center
    default = _language(center.default_language, "default language")
    languages = tuple(
        _language(x, "additional language") for x in center.additional_languages if x != default
    )
    return SiteConfig(
        center_id=center_id,
        default_language=default,
        languages=languages,
        layout=layout or "suffix",
    )


def _with_published_seo(client: HelpCenterClient, remote: RemoteSite) -> RemoteSite:
    """Drafts without SEO (the documented API shows it on published articles only) get the
    published article's: one list of the published articles, ⌈published/100⌉ requests."""
    if all(
        "seo" in d.shown or d.status is RemoteStatus.UNPUBLISHED for d in remote.drafts.values()
    ):
        return remote
    published = {a.id: a for a in client.list_articles() if "seo" in a.shown}
    drafts = {
        i: replace(d, seo=published[i].seo, shown=d.shown | {"seo"})
        if i in published and "seo" not in d.shown
        else d
        for i, d in remote.drafts.items()
    }
    return replace(remote, drafts=drafts, published={**remote.published, **published})


def _with_documented_slugs(remote: RemoteSite) -> RemoteSite:
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


def _language(code: str, what: str) -> str:
    """A language code from the server, checked before it names a file or a setting."""
    if not LANGUAGE.fullmatch(code):
        raise FatalError(
            f"the help center's {what} {code!r} is not a language code (like en, de, pt-BR); "
            f"nothing was written: fix it in the dashboard, or write {CONFIG_NAME} yourself"
        )
    return code


def _translations_to_read(
    remote: RemoteSite, config: SiteConfig, lock: Lock, probe: bool
) -> list[tuple[str, str]]:
    """The translations to read, except those of articles unchanged since the lock.

    Those listed on the draft (the published ones, as documented) and those the lock
    knows. An unpublished translation of an article the lock does not know is listed
    nowhere: with `probe`, every configured language of such an article is asked for
    (one request each, a 404 where there is none).
    """
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


@dataclass(frozen=True)
class _Before:
    """The tree as it was before this pull: page states, image files, categories."""

    states: Mapping[str, PageState] = field(default_factory=dict)
    image_paths: dict[str, str] = field(default_factory=dict)  # image path → content hash
    category_hashes: dict[str, str] = field(default_factory=dict)  # folder → _category.yml hash

    @classmethod
    def read(
        cls, root: Path, config: SiteConfig, remote: RemoteSite, lock: Lock, parses: ParseCache
    ) -> _Before:
        site = load_site(root, config, parses=parses)
        images = dict(image_digests(site))
        categories = {c.path: local_category_hash(c) for c in site.categories}
        return cls(page_states(site, images, remote, lock), images, categories)


class _Puller:
    def __init__(
        self,
        root: Path,
        config: SiteConfig,
        remote: RemoteSite,
        lock: Lock,
        paths: TreePaths,
        media: Media,
        before: _Before,
        options: PullOptions,
    ) -> None:
        self.root, self.config, self.remote, self.lock = root, config, remote, lock
        self.paths, self.media, self.before, self.options = paths, media, before, options
        self.links = link_table(remote, paths, config, lock)
        # Pages linking to an article moved to another folder need their relative links redone.
        moved = moved_paths(paths)
        self.moved_urls = {
            u for table in self.links.values() for u, p in table.items() if p in moved
        }
        self.report = PullReport()
        self.changes: list[FileChange] = []
        self.conflicts: list[Conflict] = []
        self.origins: dict[str, str] = {}  # new path of a moved page → its file now
        self.moves: dict[str, str] = {}  # root file of a moved article → its new path
        self.macros = PageMacros(root, config)
        self.templates = config.templates  # `{{ … }}` is hcsync's: dashboard text goes raw
        self.pulled: set[str] = set()  # page paths written
        self.removed: list[str] = []  # root paths of articles deleted on the help center
        self.categories: dict[str, str] = {}  # folder → id, for the lock

    def run(self, step: Step) -> PullPlan:
        if not (self.root / CONFIG_NAME).exists():
            self._record(CONFIG_NAME, self._config_text(), "the help center's settings")
        self._categories()
        entries = {e.id: (p, e) for p, e in self.lock.articles.items()}
        translations: dict[str, list[tuple[str, str]]] = {}
        for (article_id, language), tpath in sorted(self.paths.translations.items()):
            translations.setdefault(article_id, []).append((language, tpath))
        articles = sorted(self.paths.articles.items(), key=lambda item: item[1])
        for number, (article_id, path) in enumerate(articles, start=1):
            step(number, len(articles), path)
            _, entry = entries.get(article_id, (path, None))
            if article_id in self.paths.moved:  # to another category: the file moves
                if entry is None or not self._move(self.paths.moved[article_id], path, entry):
                    continue
                entry = None
            self._root(self.remote.drafts[article_id], path, entry)
            for language, tpath in translations.get(article_id, []):
                old = entry.translations.get(language) if entry else None
                self._translation(article_id, language, tpath, old)
        self._deleted()
        for rel, data in sorted(self.media.new_files.items()):
            self._record(rel, data, "an image of a pulled page")
        return PullPlan(tuple(self.changes), tuple(self.conflicts))

    def _deleted(self) -> None:
        """Articles deleted on the help center: their files go too, unless edited here since."""
        for path, entry in sorted(self.lock.articles.items()):
            if entry.id and not entry.pending and entry.id not in self.remote.drafts:
                self._remove(path, entry)

    def _pages(self, path: str, entry: ArticleLock) -> dict[str, PageLock]:
        return {path: entry} | {
            self.paths.translation_path(self.config, path, language): translation
            for language, translation in entry.translations.items()
        }

    def _edited_here(self, path: str, entry: ArticleLock) -> bool:
        pages = self._pages(path, entry)
        present = [rel for rel in pages if (self.root / rel).is_file()]
        changed = any(locally_changed(self.before.states.get(r), e) for r, e in pages.items())
        if present and changed and not self.options.force:
            self.conflicts.append(Conflict(path, "changed here and on the help center"))
            return True
        return False

    def _remove(self, path: str, entry: ArticleLock) -> None:
        """Delete an article's files (root and translations), unless edited here: a conflict."""
        if self._edited_here(path, entry):
            return
        for rel in self._pages(path, entry):
            if (self.root / rel).is_file():
                before = _read(self.root / rel)
                reason = f"article {entry.id} deleted on the help center"
                self.changes.append(FileChange(FileChangeKind.DELETE, rel, reason, before))
        self.removed.append(path)

    def _move(self, old: str, new: str, entry: ArticleLock) -> bool:
        """The article's files move with it (edited in place), unless edited here: a conflict."""
        if self._edited_here(old, entry):
            return False
        self.origins[new] = old
        self.moves[old] = new
        for language in entry.translations:
            tnew = self.paths.translation_path(self.config, new, language)
            self.origins[tnew] = self.paths.translation_path(self.config, old, language)
        return True

    def _config_text(self) -> str:
        c = self.config
        return config_text(c.center_id or "", c.default_language, c.languages, c.layout)

    def _categories(self) -> None:
        for category in self.remote.categories:
            folder = self.paths.categories[category.id]
            entry = self.lock.categories.get(folder)
            remote_hash = remote_category_hash(category, self.config.languages)
            local_hash = self.before.category_hashes.get(folder)
            if local_hash == remote_hash or entry is None or entry.hash != remote_hash:
                # Unknown to the lock, or moved remotely; an empty hash (written by
                # apply) cannot tell who changed it, so a difference is a conflict.
                changed = entry is not None and local_hash not in (None, entry.hash or None)
                text = category_text(category, self.config.languages)
                rel = f"{folder}/{CATEGORY_FILE}"
                reason = f"category {category.id} changed on the help center"
                if local_hash == remote_hash or self._decide(rel, text, changed, reason):
                    self.categories[folder] = category.id

    def _root(self, draft: Article, path: str, entry: ArticleLock | None) -> None:
        html = draft.content.html if draft.content else ""
        remote = (content_hash(draft.title, html), draft.status, draft.updated_at)
        page = _Page(path, None, article_meta(draft), entry, draft.slug)
        self._page(page, remote, html, _what_changed(entry, remote, draft.slug, "article"))

    def _translation(
        self, article_id: str, language: str, path: str, entry: PageLock | None
    ) -> None:
        translation = self.remote.translations.get((article_id, language))
        if translation is None:  # not read: unchanged since the lock
            return
        html = translation.content.html if translation.content else ""
        remote = (content_hash(translation.title, html), translation.status, translation.updated_at)
        meta = translation_meta(translation)
        page = _Page(path, language, meta, entry, translation.slug)
        reason = _what_changed(entry, remote, translation.slug, f"{language} translation")
        self._page(page, remote, html, f"{reason} of article {article_id}")

    def _page(self, page: _Page, remote: tuple[str, str, str], html: str, reason: str) -> None:
        """Write the page if its remote moved since the lock (a conflict if it moved here too)."""
        entry = page.entry
        unmoved = entry is not None and (entry.stored, entry.status, entry.updated_at) == remote
        if unmoved and not any(url in html for url in self.moved_urls):
            return
        changed = entry is not None and locally_changed(self.before.states.get(page.path), entry)
        if self._decide(page.path, self._text(page, html), changed, reason):
            self.pulled.add(page.path)

    def _text(self, page: _Page, html: str) -> str | Merged:
        """The page's file: its Markdown afresh, or its current file minimally edited."""
        macros = self._macros(page.language)
        body = self._body(page.path, page.language, html)
        origin = self.root / self.origins.get(page.path, page.path)
        if not origin.is_file():
            return markdown_file(page.meta, fresh_body(body, macros))
        implied = {"status": self.config.status, "unpublished_changes": False}
        implied["slug"] = page.entry.slug if page.entry is not None else page.slug
        return merge_page(_read(origin), page.meta, body, implied, macros)

    def _macros(self, language: str | None) -> Macros:
        variables = {
            **self.config.variables,
            **self.config.variables_by_language.get(language or self.config.default_language, {}),
        }
        return Macros(variables, self.macros.snippet, self.templates)

    def _body(self, path: str, language: str | None, html: str) -> str:
        table = self.links.get(language, {})
        folder = posixpath.dirname(path)

        def link(url: str) -> str | None:
            base, hash_, anchor = url.partition("#")
            target = table.get(base)
            if target is None:
                return None
            return posixpath.relpath(target, folder or ".") + (f"#{anchor}" if hash_ else "")

        converted = to_markdown(html, link, lambda url: self.media.place(url, folder))
        if not converted.exact:
            self.report.inexact.append(path)
        return converted.markdown

    def _decide(self, rel: str, text: str | Merged, changed: bool, reason: str) -> bool:
        """Write `text` (changed remotely) to `rel`, unless it changed here too: a conflict."""
        if isinstance(text, Merged):
            for block in text.conflicts:
                self.conflicts.append(
                    Conflict(rel, f"written with a snippet or variable:\n{block}")
                )
            text = text.text
        origin = self.origins.get(rel, rel)
        existing = _read(self.root / origin) if (self.root / origin).is_file() else None
        if existing == text and origin == rel:
            return True
        if existing is not None and changed and not self.options.force:
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


@dataclass(frozen=True)
class _Page:
    path: str
    language: str | None  # None: the root article
    meta: dict[str, Any]  # the front matter pull owns, as the help center has it
    entry: PageLock | None
    slug: str | None


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


def _read(path: Path) -> str:
    """A file's text as written (line endings kept)."""
    return path.read_bytes().decode("utf-8")


def _write_lock(
    root: Path,
    config: SiteConfig,
    remote: RemoteSite,
    puller: _Puller,
    center_id: str,
    parses: ParseCache,
) -> None:
    site = load_site(root, config, parses=parses)
    lock = replace(puller.lock, center_id=center_id)
    by_id = {c.id: c for c in remote.categories}
    lock = with_categories(
        lock, {f: by_id[i] for f, i in puller.categories.items()}, config.languages
    )
    for digest, url in sorted(puller.media.uploaded.items()):
        lock = lock.with_image(digest, url)
    for path in puller.removed:
        lock = lock.with_article(path, None)
    for old, new in puller.moves.items():  # the entry follows its file
        lock = lock.with_article(old, None).with_article(new, puller.lock.articles[old])
    images = dict(image_digests(site))
    write_lock(root, lock_after_pull(site, images, remote, lock, puller.pulled))

"""`make_plan()`: the pure function from (tree, remote snapshot, lock) to a Plan.

No network, no disk. Every decision is made here; apply only carries it out.
Per page and aspect (content, metadata) the rule is the same:

    no lock entry                  → equal (canonical HTML) ? adopt : update
    remote ≠ what we stored        → drift: fail, skip or overwrite (--on-drift)
    tree ≠ what we sent            → update
    else                           → nothing
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hcsync.api import Article
from hcsync.local.model import LocalArticle, LocalSite, LocalTranslation, Page
from hcsync.sync.categories import plan_categories
from hcsync.sync.changes import (
    content_state,
    describe,
    seo_fields,
    snippet_note,
    title_change,
)
from hcsync.sync.desired import (
    Rendered,
    Resolver,
    canonical_html,
    content_hash,
    desired_meta,
    digest,
    link_targets,
    meta_hash,
    render_page,
    slugify,
)
from hcsync.sync.diff import html_diff
from hcsync.sync.identity import match_articles
from hcsync.sync.lock import ArticleLock, Lock, PageLock
from hcsync.sync.ordering import order
from hcsync.sync.plan import Drift, Operation, Plan
from hcsync.sync.remote import RemoteSite
from hcsync.sync.translations import plan_translations

UNSAFE_SHARE, UNSAFE_MINIMUM = 0.30, 10


@dataclass(frozen=True)
class PlanOptions:
    on_drift: str = "fail"
    prune: bool = False


def make_plan(
    local: LocalSite,
    images: Mapping[str, str],
    remote: RemoteSite,
    lock: Lock,
    options: PlanOptions = PlanOptions(),
) -> Plan:
    """The operations that make `remote` match `local`; `images` maps image path → content hash."""
    return ArticlePlanner(local, images, remote, lock, options).run()


@dataclass
class ArticlePlanner:
    local: LocalSite
    images: Mapping[str, str]
    remote: RemoteSite
    lock: Lock
    options: PlanOptions
    ops: list[Operation] = field(default_factory=list)
    drifts: list[Drift] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    bindings: dict[str, str] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)  # of self.ops, for `has`

    def run(self) -> Plan:
        self.matched = match_articles(self.local, self.remote, self.lock)
        self.by_path = {a.path: a for a in self.local.articles}
        self.category_ids = plan_categories(self)
        self.roots = {
            p.path: a.path for a in self.local.articles for p in (a, *a.translations.values())
        }
        self.targets = {a.path: link_targets(a, self.roots) for a in self.local.articles}
        linked = set().union(*self.targets.values()) if self.targets else set()
        self.slugs = {a.path: self._desired_slug(a, a.path in linked) for a in self.local.articles}
        for article in self.local.articles:
            for language, translation in article.translations.items():
                key = f"{article.path}#{language}"
                self.slugs[key] = self._desired_translation_slug(
                    article, translation, article.path in linked
                )
        self.resolver = self._resolver()
        self._uploads()
        self.new = {a.path for a in self.local.articles if a.path not in self.matched}
        self.follow_ups = self._follow_ups()
        for article in self.local.articles:
            self._article(article)
        if self.options.prune:
            self._prune()
        operations = order(self.ops)
        return Plan(
            operations=operations,
            drifts=tuple(self.drifts),
            warnings=tuple(self.warnings),
            bindings=self.bindings,
            slugs={key: slug for key, slug in self.slugs.items() if slug},
            urls={
                path + (f"#{lang}" if lang else ""): url
                for (path, lang), url in self.resolver.urls.items()
            },
            unsafe=self._unsafe(operations),
            fingerprint=self._fingerprint(operations),
            drift_policy=self.options.on_drift,
        )

    # -- links and images ------------------------------------------------------

    def _desired_slug(self, article: LocalArticle, linked: bool) -> str | None:
        if article.slug:
            return article.slug
        draft = self.remote.draft(self.matched.get(article.path))
        if linked:  # a link target needs its URL before it is published, and a stable one
            return (draft.slug if draft else None) or slugify(article.title)
        return None

    def _desired_translation_slug(
        self, article: LocalArticle, translation: LocalTranslation, linked: bool
    ) -> str | None:
        if translation.slug:
            return translation.slug
        draft = self.remote.draft(self.matched.get(article.path))
        remote = (
            self._remote_translation_slug(article, draft, translation.language) if draft else None
        )
        return (remote or slugify(translation.title)) if linked else None

    def _resolver(self) -> Resolver:
        domain = self.remote.center.domain
        urls: dict[tuple[str, str | None], str] = {}
        for article in self.local.articles:
            draft = self.remote.draft(self.matched.get(article.path))
            slug = self.slugs[article.path] or (draft.slug if draft else None)
            if draft is None or draft.slug_id is None or not slug:
                continue
            urls[(article.path, None)] = f"https://{domain}/article/{draft.slug_id}-{slug}"
            for language, translation in article.translations.items():
                tslug = self.slugs[f"{article.path}#{language}"] or self._remote_translation_slug(
                    article, draft, language
                )
                if tslug and translation.status == "published" and article.status == "published":
                    urls[(article.path, language)] = (
                        f"https://{domain}/{language}/article/{draft.slug_id}-{tslug}"
                    )
        return Resolver(
            urls=urls, roots=self.roots, image_digests=self.images, image_urls=self.lock.images
        )

    def _remote_translation_slug(
        self, article: LocalArticle, draft: Article, language: str
    ) -> str | None:
        remote = self.remote.translations.get((draft.id, language))
        if remote is not None:
            return remote.slug
        entry = self.lock.articles.get(article.path)
        translation = entry.translations.get(language) if entry else None
        return translation.slug if translation else None

    def _uploads(self) -> None:
        first_path: dict[str, str] = {}
        for path, image in sorted(self.images.items()):
            first_path.setdefault(image, path)
        for image, path in sorted(first_path.items(), key=lambda item: item[1]):
            if image not in self.lock.images:
                self.add(
                    "upload_image",
                    path,
                    key=f"upload_image:{image}",
                    fields={"digest": image},
                    summary=f"new image content {image[:10]}",
                )

    def _follow_ups(self) -> set[str]:
        """New articles that link, in a cycle, to new articles: created first, completed after."""
        follow: set[str] = set()
        state: dict[str, int] = {}

        def visit(path: str) -> None:
            state[path] = 1
            for target in sorted(self.targets[path] & self.new):
                if state.get(target) == 1:
                    follow.add(path)
                elif target not in state:
                    visit(target)
            state[path] = 2

        for path in sorted(self.new):
            if path not in state:
                visit(path)
        return follow

    # -- articles --------------------------------------------------------------

    def _article(self, article: LocalArticle) -> None:
        article_id = self.matched.get(article.path)
        draft = self.remote.draft(article_id)
        entry = self.lock.articles.get(article.path)
        if article.remote_id and article.remote_id != article_id:
            self.warnings.append(
                f"{article.path}: id {article.remote_id} is not on the help center; it is created anew"
            )
        elif (
            entry
            and entry.id
            and not entry.pending
            and entry.id != article_id
            and article_id is None
        ):
            self.warnings.append(
                f"{article.path}: article {entry.id} was deleted on the help center; it is created anew"
            )
        if draft is None:
            self._new_article(article)
        else:
            self.bindings[article.path] = draft.id
            self._existing_article(article, draft, entry)

    def render(self, page: Page) -> Rendered:
        return render_page(page, self.resolver, self.local.config.default_language)

    def content_note(self, rendered: Rendered) -> str:
        """What a page's HTML waits for: images to upload, articles created in this apply."""
        paths = {digest_: path for path, digest_ in sorted(self.images.items(), reverse=True)}
        uploads = sorted(paths[d] for d in rendered.pending_images if d in paths)
        links = sorted(rendered.pending_links)
        note = f"; uploads {', '.join(uploads)}" if uploads else ""
        return note + (f"; links to new {', '.join(links)}" if links else "")

    def content_needs(self, rendered: Rendered, path: str) -> tuple[str, ...]:
        images = [f"upload_image:{d}" for d in sorted(rendered.pending_images)]
        links = [
            f"create_article:{t}"
            for t in sorted(rendered.pending_links)
            if t in self.new and t != path
        ]
        if path in self.follow_ups:
            links = []
        return (*images, *links)

    def _new_article(self, article: LocalArticle) -> None:
        path = article.path
        rendered = self.render(article)
        category = self.category_ids.get(article.category)
        needs = self.content_needs(rendered, path)
        if category is None:
            needs = (f"create_category:{article.category}", *needs)
        fields = {
            "category": article.category,
            "seo": seo_fields(article),
            "slug": self.slugs[path],
        }
        summary = f"“{article.title}”" + self.content_note(rendered)
        self.add("create_article", path, summary=summary, fields=fields, needs=needs)
        done = [f"create_article:{path}"]
        if path in self.follow_ups:
            pending = [f"create_article:{t}" for t in sorted(self.targets[path] & self.new)]
            self.add(
                "update_draft",
                path,
                summary="complete links to articles created in this apply",
                needs=(f"create_article:{path}", *pending),
            )
            done.append(f"update_draft:{path}")
        extra = {k: v for k, v in (("slug", self.slugs[path]), ("subtitle", article.subtitle)) if v}
        if extra:
            self.add(
                "update_metadata",
                path,
                fields=extra,
                summary=describe(extra),
                needs=(f"create_article:{path}",),
            )
            done.append(f"update_metadata:{path}")
        self._warn_draft_links(article)
        if article.status == "published":
            self.add("publish", path, summary="new article goes live", needs=tuple(done))
        plan_translations(self, article, None, None, article.status == "published")

    def _existing_article(
        self, article: LocalArticle, draft: Article, entry: ArticleLock | None
    ) -> None:
        path = article.path
        rendered = self.render(article)
        wanted = content_state(draft.title, draft.content.html if draft.content else "")
        action = self.decide(
            article, None, rendered, wanted, entry if entry and entry.id == draft.id else None
        )
        done: list[str] = []
        if action == "update":
            self.add(
                "update_draft",
                path,
                target=draft.id,
                summary=title_change(draft.title, article.title)
                + self.content_note(rendered)
                + snippet_note(article, draft.content.html if draft.content else "", rendered.html),
                diff=html_diff(draft.content.html if draft.content else "", rendered.html, path),
                needs=self.content_needs(rendered, path),
            )
            done.append(f"update_draft:{path}")
        meta = self._metadata(article, draft, entry)
        if meta:
            done.append(f"update_metadata:{path}")
        self._warn_draft_links(article)
        self._publish_state(article, draft, action, done)
        plan_translations(self, article, draft, entry, article.status == "published")

    def decide(
        self,
        page: Page,
        language: str | None,
        rendered: Rendered,
        remote: tuple[str, str, str],
        entry: PageLock | None,
    ) -> str:
        """none / update / drift-skip for one page's content (drift is recorded here)."""
        remote_hash, remote_title, remote_html = remote
        desired = content_hash(page.title, rendered.html)
        if entry is None or not entry.sent:
            same = remote_title == page.title and canonical_html(remote_html) == canonical_html(
                rendered.html
            )
            return (
                "none"
                if same and not rendered.pending_images and not rendered.pending_links
                else "update"
            )
        if remote_hash != entry.stored:
            return self._drift(
                page, language, "content", "edited on the help center since the last apply"
            )
        if desired != entry.sent or rendered.pending_links or rendered.pending_images:
            return "update"
        return "none"

    def _drift(self, page: Page, language: str | None, aspect: str, detail: str) -> str:
        policy = self.options.on_drift
        action = {"fail": "refused", "skip": "skipped", "overwrite": "overwritten"}[policy]
        self.drifts.append(Drift(page.path, language, aspect, f"{detail} ({action})"))
        return "update" if policy == "overwrite" else "drift"

    def _metadata(self, article: LocalArticle, draft: Article, entry: ArticleLock | None) -> bool:
        desired = desired_meta(article, self.slugs[article.path])
        current = {
            "category": self._category_path(draft.category_id),
            "seo": None
            if draft.seo is None
            else {"title": draft.seo.title, "description": draft.seo.description},
            "slug": draft.slug,
            "subtitle": draft.subtitle,
        }
        changed = {k: v for k, v in desired.items() if current.get(k) != v}
        if draft.seo is None and entry and entry.meta == meta_hash(desired):
            changed.pop(
                "seo", None
            )  # the server does not show SEO on drafts; the lock vouches for it
        if not changed:
            return False
        locally_unchanged = bool(entry and entry.meta == meta_hash(desired))
        detail = "changed on the help center: " + ", ".join(sorted(changed))
        if locally_unchanged and self._drift(article, None, "metadata", detail) == "drift":
            return False
        fields = {**changed}
        if "category" in fields and self.category_ids.get(article.category) is None:
            needs: tuple[str, ...] = (f"create_category:{article.category}",)
        else:
            needs = ()
        live = " (live at once: the article is published)" if draft.status != "unpublished" else ""
        self.add(
            "update_metadata",
            article.path,
            target=draft.id,
            fields=fields,
            summary=describe(fields, current) + live,
            needs=needs,
        )
        return True

    def _category_path(self, category_id: str | None) -> str | None:
        return next((p for p, i in self.category_ids.items() if i == category_id), category_id)

    def _publish_state(
        self, article: LocalArticle, draft: Article, action: str, done: list[str]
    ) -> None:
        path = article.path
        if article.status == "published":
            content_changed = f"update_draft:{path}" in done
            if action != "drift" and (content_changed or draft.status != "published"):
                self.add(
                    "publish",
                    path,
                    target=draft.id,
                    summary="changes go live" if content_changed else "pending draft goes live",
                    needs=tuple(done),
                )
        elif draft.status != "unpublished":
            warning = ("its translations are unpublished too",) if draft.translations else ()
            self.add(
                "unpublish",
                path,
                target=draft.id,
                summary="status: draft",
                needs=tuple(done),
                warnings=warning,
            )

    def _warn_draft_links(self, article: LocalArticle) -> None:
        for target in sorted(self.targets[article.path]):
            if self.by_path[target].status == "draft" and article.status == "published":
                self.warnings.append(
                    f"{article.path}: links to {target}, which stays a draft (readers get a dead link)"
                )

    # -- prune and safety --------------------------------------------------------

    def _prune(self) -> None:
        local_paths = {a.path for a in self.local.articles}
        claimed = set(self.matched.values())
        for path, entry in sorted(self.lock.articles.items()):
            if path in local_paths or entry.id in claimed or entry.id not in self.remote.drafts:
                continue
            self.add("delete_article", path, target=entry.id, summary="left the tree")
        local_categories = {c.path for c in self.local.categories}
        deletes = [op.key for op in self.ops if op.kind == "delete_article"]
        for path, category in sorted(self.lock.categories.items(), reverse=True):
            if path not in local_categories and any(
                c.id == category.id for c in self.remote.categories
            ):
                self.add(
                    "delete_category",
                    path,
                    target=category.id,
                    summary="left the tree",
                    needs=tuple(deletes),
                )

    def _unsafe(self, operations: tuple[Operation, ...]) -> str | None:
        managed = len(self.lock.articles)
        removing = sum(op.kind in ("delete_article", "unpublish") for op in operations)
        if managed >= UNSAFE_MINIMUM and removing > UNSAFE_SHARE * managed:
            return (
                f"the plan deletes or unpublishes {removing} of {managed} managed articles "
                f"(more than {UNSAFE_SHARE:.0%}); run with --force if that is what you want"
            )
        return None

    def _fingerprint(self, operations: tuple[Operation, ...]) -> str:
        remote = sorted((d.id, d.updated_at, d.status) for d in self.remote.drafts.values())
        parts = [repr(op) for op in operations] + [
            repr(remote),
            repr(sorted(self.remote.categories, key=lambda c: c.id)),
        ]
        return digest(*parts)

    def has(self, key: str) -> bool:
        return key in self.keys

    def add(
        self,
        kind: str,
        path: str,
        *,
        key: str | None = None,
        language: str | None = None,
        target: str | None = None,
        summary: str = "",
        fields: Mapping[str, Any] | None = None,
        needs: Iterable[str] = (),
        diff: str = "",
        warnings: tuple[str, ...] = (),
    ) -> None:
        key = key or f"{kind}:{path}" + (f"#{language}" if language else "")
        self.keys.add(key)
        self.ops.append(
            Operation(
                key,
                kind,
                path,
                language,
                target,
                summary,
                dict(fields or {}),
                tuple(needs),
                diff,
                warnings,
            )
        )

"""`make_plan()`: the pure function from (tree, remote snapshot, lock) to a Plan.

No network, no disk. Every decision is made here; apply only carries it out.

    context  = matching, slugs, URLs, links          (built once, frozen)
    findings = categories + uploads + articles (with translations) + prune
    plan     = findings in dependency order, with the safety check
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from hcsync.local.model import LocalArticle, LocalSite
from hcsync.plan.articles import article_steps
from hcsync.plan.categories import category_steps, match_categories
from hcsync.plan.context import Context, Findings, PlanOptions, Steps, combine
from hcsync.plan.cycles import follow_ups
from hcsync.plan.desired import Resolver, article_url, link_targets, slugify
from hcsync.plan.identity import Matching, adoptions, match_articles
from hcsync.plan.lock import Lock, PageLock
from hcsync.plan.metadata import recorded_spelling, server_spelling, slug_note
from hcsync.plan.model import Kind, PageRef, Plan
from hcsync.plan.ordering import order
from hcsync.plan.prune import left_the_tree, managed_count, prune_steps
from hcsync.plan.snapshot import RemoteSite
from hcsync.statuses import LocalStatus

__all__ = ["PlanOptions", "make_plan", "match", "resolution"]


def match(local: LocalSite, remote: RemoteSite, lock: Lock) -> Matching:
    """Which remote article each local article is (what the snapshot reads depend on)."""
    return match_articles(local, remote, lock, match_categories(local, remote, lock))


def make_plan(
    local: LocalSite,
    images: Mapping[str, str],
    remote: RemoteSite,
    lock: Lock,
    options: PlanOptions = PlanOptions(),  # noqa: B008 (an immutable NamedTuple)
) -> Plan:
    """The operations that make `remote` match `local`; `images` maps image path → content hash."""
    category_ids = match_categories(local, remote, lock)
    matching = match_articles(local, remote, lock, category_ids)
    ctx = _context(local, images, remote, lock, options, category_ids, matching.articles)
    if local.unchanged and _moved(ctx):  # a page links with a URL that changes: parse them all
        local = replace(local, unchanged={})
        ctx = _context(local, images, remote, lock, options, category_ids, matching.articles)
    parts = [category_steps(ctx), _uploads(ctx)]
    parts += [article_steps(ctx, article) for article in local.articles]
    if options.prune:
        parts.append(prune_steps(ctx))
    found = combine(parts)
    operations = order(found.operations)
    return Plan(
        operations=operations,
        drifts=found.drifts,
        warnings=found.warnings,
        errors=matching.errors + missing_languages(local, remote),
        observed=dict(found.observed),
        observed_categories=dict(found.observed_categories),
        urls=dict(ctx.resolver.urls),
        slugs={ref: slug for ref, slug in ctx.slugs.items() if slug},
        to_read=frozenset(found.to_read),
        managed=managed_count(ctx),
        adopted=adoptions(remote, lock, matching),
        chosen_slugs=_chosen_slugs(ctx),
        drift_policy=options.on_drift,
        left_tree=left_the_tree(ctx),
    )


def missing_languages(local: LocalSite, remote: RemoteSite) -> tuple[str, ...]:
    """hcsync.yml's languages the help center does not have: an error before any write
    (the server would refuse their translations part-way through an apply)."""
    center = remote.center
    has = (center.default_language, *center.additional_languages)
    return tuple(
        f"hcsync.yml lists the language '{language}', which the help center does not have "
        f"(it has {', '.join(has)}): add it to the help center, or remove it from languages:"
        for language in local.config.languages
        if language not in has
    )


def resolution(
    local: LocalSite, images: Mapping[str, str], remote: RemoteSite, lock: Lock
) -> tuple[dict[PageRef, str], dict[PageRef, str]]:
    """The URLs and slugs a plan would use, without planning: what pull needs to know what
    the tree renders to (matching and URLs only, no operations)."""
    category_ids = match_categories(local, remote, lock)
    matching = match_articles(local, remote, lock, category_ids)
    ctx = _context(local, images, remote, lock, PlanOptions(), category_ids, matching.articles)
    return dict(ctx.resolver.urls), {ref: slug for ref, slug in ctx.slugs.items() if slug}


def _context(
    local: LocalSite,
    images: Mapping[str, str],
    remote: RemoteSite,
    lock: Lock,
    options: PlanOptions,
    category_ids: Mapping[str, str | None],
    matched: Mapping[str, str],
) -> Context:
    roots = {p.path: a.path for a in local.articles for p in (a, *a.translations.values())}
    targets = {a.path: frozenset(link_targets(a, roots, local)) for a in local.articles}
    linked = frozenset().union(*targets.values()) if targets else frozenset()
    new = frozenset(a.path for a in local.articles if a.path not in matched)
    base = Context(
        local, remote, lock, options, images, matched, category_ids, roots, targets,
        slugs={}, resolver=Resolver(), new=new, follow_ups=follow_ups(targets, new),
        by_path={a.path: a for a in local.articles},
        entries_by_id={e.id: e for e in lock.articles.values() if e.id and not e.pending},
        folders=_folders(lock, category_ids),
        image_paths={digest: path for path, digest in sorted(images.items(), reverse=True)},
    )  # fmt: skip
    slugs = _slugs(base, linked)
    resolver = Resolver(_urls(base, slugs), roots, images, lock.images)
    return replace(base, slugs=slugs, resolver=resolver)


def _moved(ctx: Context) -> bool:
    """Whether a page's URL differs from the lock's: the pages the lock vouches for were
    rendered with the lock's URLs."""
    return any(
        ctx.resolver.urls.get(PageRef(*page)) != url
        for page, url in ctx.lock.page_urls()
        if page[0] in ctx.by_path
    )


def _folders(lock: Lock, category_ids: Mapping[str, str | None]) -> dict[str, str]:
    """The folder each category id stands for: in the tree, or (a folder that left it) in the lock."""
    folders = {entry.id: path for path, entry in lock.categories.items() if entry.id}
    folders.update({cid: path for path, cid in category_ids.items() if cid})
    return folders


def _slugs(ctx: Context, linked: frozenset[str]) -> dict[PageRef, str | None]:
    """A page's slug when it is set, when links need its URL before it is published, or
    when its title is not ASCII (a server may make nothing of `Привет`: we transliterate)."""
    slugs: dict[PageRef, str | None] = {}
    for article in ctx.local.articles:
        draft, linked_to = ctx.draft(article.path), article.path in linked
        current = draft.slug if draft else None
        needed = linked_to or not article.title.isascii()
        slugs[PageRef(article.path)] = article.slug or (
            (current or slugify(article.title)) if needed else None
        )
        for language, page in article.translations.items():
            remote = _translation_slug(ctx, article, language)
            needed = linked_to or not page.title.isascii()
            slugs[PageRef(article.path, language)] = page.slug or (
                (remote or slugify(page.title)) if needed else None
            )
    return slugs


def _translation_slug(ctx: Context, article: LocalArticle, language: str) -> str | None:
    draft = ctx.draft(article.path)
    remote = ctx.remote.translations.get((draft.id, language)) if draft else None
    if remote is not None and "slug" in remote.shown:
        return remote.slug
    entry = ctx.entry(article.path)
    translation = entry.translations.get(language) if entry else None
    return translation.slug if translation else None


def _urls(ctx: Context, slugs: Mapping[PageRef, str | None]) -> dict[PageRef, str]:
    domain = ctx.remote.center.domain
    urls: dict[PageRef, str] = {}
    for article in ctx.local.articles:
        draft = ctx.draft(article.path)
        (root, shown, entry), *translations = _shown_slugs(ctx, article)
        slug = _made(slugs[root], shown, entry)
        if draft is None or draft.slug_id is None or not slug:
            continue
        urls[root] = article_url(domain, draft.slug_id, slug)
        for ref, shown, recorded in translations:
            tslug = _made(slugs[ref], shown, recorded)
            page = article.translations[ref.language or ""]
            live = page.status is LocalStatus.PUBLISHED and article.status is LocalStatus.PUBLISHED
            if tslug and live:
                urls[ref] = article_url(domain, draft.slug_id, tslug, ref.language)
    return urls


def _shown_slugs(
    ctx: Context, article: LocalArticle
) -> list[tuple[PageRef, str | None, PageLock | None]]:
    """Each page of an article: the slug the server shows and the lock's record of it."""
    draft, entry = ctx.draft(article.path), ctx.entry(article.path)
    pages: list[tuple[PageRef, str | None, PageLock | None]] = [
        (PageRef(article.path), draft.slug if draft else None, entry)
    ]
    for language in article.translations:
        recorded = entry.translations.get(language) if entry else None
        shown = _translation_slug(ctx, article, language)
        pages.append((PageRef(article.path, language), shown, recorded))
    return pages


def _made(desired: str | None, shown: str | None, entry: PageLock | None) -> str | None:
    """The slug a page's URL is made with: the server's where it chose one for ours."""
    return shown if server_spelling(desired, shown, entry) else (desired or shown)


def _chosen_slugs(ctx: Context) -> tuple[str, ...]:
    """What the plan tells of slugs taken as the server's choice without the lock's record."""
    lines = []
    for article in ctx.local.articles:
        for ref, shown, recorded in _shown_slugs(ctx, article):
            desired = ctx.slugs[ref]
            if not (desired and shown) or recorded_spelling(desired, shown, recorded):
                continue  # nothing asked, or said when apply recorded it
            if server_spelling(desired, shown, recorded):
                where = ref.path + (f" [{ref.language}]" if ref.language else "")
                lines.append(slug_note(where, shown, desired))
    return tuple(lines)


def _uploads(ctx: Context) -> Findings:
    steps = Steps()
    first_path: dict[str, str] = {}
    for path, image in sorted(ctx.images.items()):
        first_path.setdefault(image, path)
    for image, path in sorted(first_path.items(), key=lambda item: item[1]):
        if image not in ctx.lock.images:
            summary = f"new image content {image[:10]}"
            steps.add(Kind.UPLOAD_IMAGE, path, subject=image, summary=summary)
    return steps.done()

"""The preview's pages around the article bodies: home, categories, articles, not-found.

Pure functions of a PreviewSite that return HTML strings. Every link is relative
to the page it is on, so the same pages work served and as static files.
Everything shown from the tree is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import NamedTuple

from hcsync.local.model import LocalArticle, LocalCategory, Page
from hcsync.local.problem import Problem
from hcsync.local.rules import SEO_DESCRIPTION, SEO_TITLE
from hcsync.local.slugs import slug_or_fallback
from hcsync.preview.body import article_body
from hcsync.preview.site import (
    HOME,
    PreviewSite,
    category_output,
    page_output,
    relative_url,
)
from hcsync.preview.style import LIVE_SCRIPT, STYLE
from hcsync.statuses import LocalStatus

LANGUAGE_NAMES = {
    "ar": "العربية", "cs": "Čeština", "da": "Dansk", "de": "Deutsch", "el": "Ελληνικά",
    "en": "English", "es": "Español", "fi": "Suomi", "fr": "Français", "he": "עברית",
    "hu": "Magyar", "it": "Italiano", "ja": "日本語", "ko": "한국어", "nb": "Norsk",
    "nl": "Nederlands", "pl": "Polski", "pt": "Português", "ro": "Română", "ru": "Русский",
    "sv": "Svenska", "tr": "Türkçe", "uk": "Українська", "zh": "中文",
}  # fmt: skip


class Frame(NamedTuple):
    """What every page shares: where it is, its language, and whether it reloads itself."""

    output: str  # the page's output path, which its links are relative to
    language: str
    live: int | None = None  # the site's version when served live, None in a static build


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def home_page(preview: PreviewSite, live: int | None = None) -> str:
    frame = Frame(HOME, preview.default_language, live)
    sections = [_category_card(preview, frame, c) for c in preview.subcategories(None)]
    body = (
        '<h1>How can we help?</h1>'
        + _tree_problems(preview, frame)
        + '<div class="hc-cards">' + "".join(sections) + "</div>"
    )  # fmt: skip
    return _layout(preview, frame, "Help center", body, None)


def category_page(preview: PreviewSite, folder: str, live: int | None = None) -> str:
    category = preview.categories[folder]
    frame = Frame(category_output(folder), preview.default_language, live)
    parts = [
        _crumbs(preview, frame, category),
        f"<h1>{escape(category.name)}</h1>",
        f'<p class="hc-lead">{escape(category.description)}</p>' if category.description else "",
        _article_list(preview, frame, preview.articles_in(folder)),
    ]
    for sub in preview.subcategories(folder):
        link = _link(frame, category_output(sub.path), sub.name)
        parts.append(
            f"<h2>{link}</h2>" + _article_list(preview, frame, preview.articles_in(sub.path))
        )
    return _layout(preview, frame, category.name, "".join(parts), category)


def article_page(preview: PreviewSite, page: Page, live: int | None = None) -> str:
    root = preview.roots[page.path]
    category = preview.categories.get(root.category)
    frame = Frame(page_output(page), page.language, live)
    subtitle = root.subtitle if page is root else None
    parts = [
        _crumbs(preview, frame, category, page),
        _writer_panel(preview, frame, page, root),
        _switcher(frame, page, root),
        f'<article class="hc-article" lang="{escape(page.language)}">',
        f'<h1 class="hc-title">{escape(page.title)}</h1>',
        f'<p class="hc-lead">{escape(subtitle)}</p>' if subtitle else "",
        f'<div class="hc-body" id="hc-body">{article_body(preview, page)}</div>',
        "</article>",
    ]
    return _layout(preview, frame, page.title, "".join(parts), category)


def not_found_page(preview: PreviewSite, output: str, live: int | None = None) -> str:
    frame = Frame(output, preview.default_language, live)
    body = (
        "<h1>Not found</h1><p>No article of the tree is served here (any more). "
        f"{_link(frame, HOME, 'Back to the home page')}.</p>"
    )
    return _layout(preview, frame, "Not found", body, None)


def error_page(message: str, live: int | None) -> str:
    """The tree cannot be loaded at all (for example `hcsync.yml` is broken)."""
    body = (
        '<section class="hc-problems" role="alert"><h2>The tree cannot be previewed</h2>'
        f"<p>{escape(message)}</p><p>Fix it and save: this page updates by itself.</p></section>"
    )
    script = LIVE_SCRIPT.replace("__VERSION__", str(live)) if live is not None else ""
    return _document("en", "Cannot preview", body, "", script)


# -- parts ----------------------------------------------------------------------


def _layout(
    preview: PreviewSite, frame: Frame, title: str, main: str, current: LocalCategory | None
) -> str:
    script = LIVE_SCRIPT.replace("__VERSION__", str(frame.live)) if frame.live is not None else ""
    nav = _nav(preview, frame, current)
    return _document(frame.language, title, main, nav, script, _link(frame, HOME, "Help center"))


def _document(
    language: str, title: str, main: str, nav: str, script: str, home: str = "Help center"
) -> str:
    return (
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · preview</title><style>{STYLE}</style></head><body>"
        '<a class="hc-skip" href="#hc-main">Skip to content</a>'
        f'<header class="hc-header"><span class="hc-brand">{home}</span>'
        '<span class="hc-badge-preview">preview</span></header>'
        f'<div class="hc-shell">{nav}<main id="hc-main" class="hc-main">{main}</main></div>'
        f"{script}</body></html>"
    )


def _link(frame: Frame, target: str, text: str, current: bool = False) -> str:
    aria = ' aria-current="page"' if current else ""
    return f'<a href="{relative_url(frame.output, target)}"{aria}>{escape(text)}</a>'


def _nav(preview: PreviewSite, frame: Frame, current: LocalCategory | None) -> str:
    open_folders = {current.path, current.parent} if current else set()
    items = [_nav_item(preview, frame, c, open_folders) for c in preview.subcategories(None)]
    return f'<nav class="hc-nav" aria-label="Categories"><ul>{"".join(items)}</ul></nav>'


def _nav_item(
    preview: PreviewSite, frame: Frame, category: LocalCategory, open_folders: set[str | None]
) -> str:
    output = category_output(category.path)
    inner = ""
    if category.path in open_folders:
        articles = [
            f"<li>{_link(frame, page_output(a), a.title, page_output(a) == frame.output)}</li>"
            for a in preview.articles_in(category.path)
        ]
        subs = [
            _nav_item(preview, frame, s, open_folders) for s in preview.subcategories(category.path)
        ]
        inner = f"<ul>{''.join(articles + subs)}</ul>"
    return f"<li>{_link(frame, output, category.name, output == frame.output)}{inner}</li>"


def _category_card(preview: PreviewSite, frame: Frame, category: LocalCategory) -> str:
    subs = "".join(
        f"<h3>{_link(frame, category_output(s.path), s.name)}</h3>"
        + _article_list(preview, frame, preview.articles_in(s.path))
        for s in preview.subcategories(category.path)
    )
    description = f"<p>{escape(category.description)}</p>" if category.description else ""
    return (
        f'<section class="hc-card"><h2>{_link(frame, category_output(category.path), category.name)}'
        f"</h2>{description}{_article_list(preview, frame, preview.articles_in(category.path))}"
        f"{subs}</section>"
    )


def _article_list(preview: PreviewSite, frame: Frame, articles: Iterable[LocalArticle]) -> str:
    items = []
    for article in articles:
        marks = _status_marks(preview, article)
        items.append(f"<li>{_link(frame, page_output(article), article.title)}{marks}</li>")
    return f'<ul class="hc-list">{"".join(items)}</ul>' if items else ""


def _status_marks(preview: PreviewSite, article: LocalArticle) -> str:
    marks = []
    if article.status is LocalStatus.DRAFT:
        marks.append('<span class="hc-tag hc-tag-draft">draft</span>')
    count = sum(len(preview.problems_of(p.path)) for p in (article, *article.translations.values()))
    if count:
        marks.append(f'<span class="hc-tag hc-tag-problem">{count} to fix</span>')
    return " " + " ".join(marks) if marks else ""


def _crumbs(
    preview: PreviewSite, frame: Frame, category: LocalCategory | None, page: Page | None = None
) -> str:
    trail = [_link(frame, HOME, "Home")]
    chain = []
    while category is not None:
        chain.append(category)
        category = preview.categories.get(category.parent) if category.parent else None
    for item in reversed(chain):
        name = (
            item.translations[page.language].name
            if page and page.language in item.translations
            else item.name
        )
        trail.append(_link(frame, category_output(item.path), name))
    return f'<nav class="hc-crumbs" aria-label="Breadcrumb">{" › ".join(trail)}</nav>'


def _switcher(frame: Frame, page: Page, root: LocalArticle) -> str:
    if not root.translations:
        return ""
    links = [
        _link(frame, page_output(other), language_name(other.language), other is page)
        for other in (root, *root.translations.values())
    ]
    return f'<nav class="hc-languages" aria-label="Languages">{" · ".join(links)}</nav>'


def _writer_panel(preview: PreviewSite, frame: Frame, page: Page, root: LocalArticle) -> str:
    parts = [_problems(preview.problems_of(page.path), page.path)]
    if page.status is LocalStatus.DRAFT:
        parts.append(
            '<p class="hc-banner hc-banner-draft" role="status"><strong>Draft:</strong> '
            "not public. <code>status: draft</code> keeps it off the help center.</p>"
        )
    if page is not root and preview.is_stale(page):
        source = _link(frame, page_output(root), f"{root.title} ({language_name(root.language)})")
        parts.append(
            '<p class="hc-banner hc-banner-stale" role="status"><strong>Stale translation:</strong>'
            f" its source {source} changed since it was last translated.</p>"
        )
    parts.append(_search_result(page))
    return f'<aside class="hc-writer" aria-label="For the writer">{"".join(parts)}</aside>'


def _problems(problems: Iterable[Problem], path: str) -> str:
    rows = [
        f'<li class="hc-problem hc-{p.severity}"><code>{escape(p.code)}</code> '
        f'<span class="hc-where">line {p.line}</span> {escape(p.message)}</li>'
        for p in problems
    ]
    if not rows:
        return ""
    return (
        f'<section class="hc-problems" role="region" aria-label="Problems">'
        f"<h2>{len(rows)} to fix in <code>{escape(path)}</code></h2><ul>{''.join(rows)}</ul></section>"
    )


HOME_PROBLEMS = 50  # more is a list for `hcsync check`, not a home page


def _tree_problems(preview: PreviewSite, frame: Frame) -> str:
    """On the home page: the problems, each linked to its page or named by its file."""
    rows = []
    for problem in preview.problems[:HOME_PROBLEMS]:
        page = (
            preview.pages.get(problem.path[:-3] + ".html") if problem.path.endswith(".md") else None
        )
        where = (
            _link(frame, page_output(page), problem.path)
            if page
            else f"<code>{escape(problem.path)}</code>"
        )
        rows.append(
            f'<li class="hc-problem hc-{problem.severity}"><code>{escape(problem.code)}</code> '
            f'{where}<span class="hc-where">:{problem.line}</span> {escape(problem.message)}</li>'
        )
    if not rows:
        return '<p class="hc-ok" role="status">No problems found by <code>hcsync check</code>.</p>'
    more = len(preview.problems) - len(rows)
    rest = f"<p>…and {more} more: <code>hcsync check</code> lists them all.</p>" if more else ""
    return (
        '<section class="hc-problems" role="region" aria-label="Problems">'
        f"<h2>{len(preview.problems)} to fix in the tree</h2><ul>{''.join(rows)}</ul>{rest}</section>"
    )


def _search_result(page: Page) -> str:
    title = page.seo.title or page.title
    slug = page.slug or slug_or_fallback(page.title)
    description = page.seo.description
    shown = (
        escape(description)
        if description
        else "<em>No SEO description: search engines pick text from the page.</em>"
    )
    return (
        '<section class="hc-serp" aria-label="As a search result">'
        '<p class="hc-serp-label">As a search result</p>'
        f'<p class="hc-serp-url">…/article/{escape(slug)}</p>'
        f'<p class="hc-serp-title">{escape(title)}</p>'
        f'<p class="hc-serp-desc">{shown}</p>'
        f'<p class="hc-serp-lengths">{_length("title", title, SEO_TITLE, bool(page.seo.title))} · '
        f"{_length('description', description, SEO_DESCRIPTION, bool(description))}</p></section>"
    )


def _length(name: str, text: str, bounds: tuple[int, int], set_: bool) -> str:
    low, high = bounds
    verdict = "ok" if low <= len(text) <= high else ("long" if len(text) > high else "short")
    origin = "" if set_ else " (from the title)" if name == "title" else " (not set)"
    return (
        f'<span class="hc-len hc-len-{verdict}">{name}: {len(text)} characters{origin}, '
        f"{low}–{high} recommended</span>"
    )

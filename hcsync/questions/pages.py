"""The tree's pages as the index reads them: published pages, Markdown made plain text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hcsync.local.model import LocalSite, Page
from hcsync.questions.index import IndexedPage
from hcsync.statuses import LocalStatus

_MARKUP = [
    (re.compile(r"```.*?```", re.DOTALL), " "),  # code blocks say little about the subject
    (re.compile(r"<[^>]+>"), " "),  # raw HTML tags
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: their text
    (re.compile(r"\{[%{#][^}]*[%}]?\}"), " "),  # snippets, variables, heading ids
    (re.compile(r"[*_`#>|~-]+"), " "),
]


def plain(markdown: str) -> str:
    for pattern, replacement in _MARKUP:
        markdown = pattern.sub(replacement, markdown)
    return markdown


def indexed_pages(site: LocalSite) -> Iterator[IndexedPage]:
    """Every published root article and translation (a draft answers no customer)."""
    for article in site.articles:
        if article.status is not LocalStatus.PUBLISHED:
            continue
        yield _page(article, article.path, article.category)
        for translation in article.translations.values():
            if translation.status is LocalStatus.PUBLISHED:
                yield _page(translation, article.path, article.category)


def _page(page: Page, article: str, category: str) -> IndexedPage:
    subtitle = getattr(page, "subtitle", None) or ""
    body = f"{subtitle}\n{page.seo.description}\n{plain(page.body)}"
    return IndexedPage(article, page.language, page.title, body, category, page.path)

"""Sizes the tree must keep: what one page may weigh, expanded or not."""

from __future__ import annotations

MAX_PAGE_BYTES = 2 * 1024 * 1024  # a Markdown file, a snippet, a page with its snippets
MAX_INCLUDES = 200  # snippets included by one page, nested ones counted (an include bomb)

"""A readable unified diff of two HTML bodies, comparing like with like.

The old side is what the server stored (sanitised: comments and styles removed,
`<hr>` for `<hr />`, entities re-encoded, `rel` added); the new side is a fresh
render. Both go through one canonical form before they are compared, so the
diff shows what a reader would see change:

- comments, scripts, styles and every attribute but the few a reader sees
  (link targets, image sources and alt text, table spans, list starts, callout
  classes) are dropped; entities are decoded and whitespace collapsed;
- each block element is one line (`<p>…</p>`, `<li>…</li>`, a table row, a
  heading), containers (lists, tables, quotes, callouts) open and close on lines
  of their own, and code blocks keep one line per line of code.
"""

from __future__ import annotations

import difflib


def html_diff(old: str, new: str, path: str, context: int = 1) -> str:
    diff = difflib.unified_diff(
        canonical_lines(old), canonical_lines(new), "help center", path, n=context, lineterm=""
    )
    return "\n".join(diff)


def canonical_lines(html: str) -> list[str]:
    """The HTML as a reader sees it, one block per line (see the module's docstring)."""
    # Imported here: only a plan that changes a page shows a diff; the others need no
    # BeautifulSoup (0.1 s of start-up).
    from hcsync.plan.htmllines import block_lines

    return block_lines(html)

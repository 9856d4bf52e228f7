"""What a sanitising server does to HTML is not a change of content."""

from __future__ import annotations

import pytest

from hcsync.plan.canonical import canonical_html
from hcsync.sanitize import sanitize


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("<table><tr><td>a</td></tr></table>", "<table><tbody><tr><td>a</td></tr></tbody></table>"),
        ('<div id="box"><p>a</p></div>', "<div><p>a</p></div>"),
        ('<p><a href="foo:bar">x</a></p>', "<p><a>x</a></p>"),
        ('<p><a href="javascript:alert(1)">x</a></p>', "<p><a>x</a></p>"),
        ('<p><img src="data:image/png;base64,AAA" alt="a"></p>', '<p><img alt="a"></p>'),
    ],
)
def test_what_sanitisers_add_or_drop_compares_equal(sent: str, stored: str) -> None:
    assert canonical_html(sent) == canonical_html(stored)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ('<h2 id="setup">Setup</h2>', "<h2>Setup</h2>"),  # an anchor links point at
        ('<p><a href="https://a.example">x</a></p>', "<p><a>x</a></p>"),
        ('<p><a href="../other.html#b">x</a></p>', "<p><a>x</a></p>"),
        ('<p><a href="mailto:a@b.c">x</a></p>', "<p><a>x</a></p>"),
        ("<table><tr><td>a</td></tr></table>", "<table><tr><td>b</td></tr></table>"),
    ],
)
def test_content_still_counts(one: str, other: str) -> None:
    assert canonical_html(one) != canonical_html(other)


@pytest.mark.parametrize(
    "broken",
    [
        "<table><tr><td>a<td>b</td></tr></table>",  # a cell left open: the next one closes it
        "<table><tr><td><li>a</li><td>b</table>",  # the corpus's Available-shipping-methods.md
        "<p>a<p>b",  # a paragraph closes the one before
        "<p>a</div>b</p>",  # a stray end tag
        "<ul><li>a<li>b</ul>",
    ],
)
def test_broken_html_compares_equal_to_what_an_html5_sanitiser_stores(broken: str) -> None:
    assert canonical_html(broken) == canonical_html(sanitize(broken))


def test_an_unclosed_cell_is_a_sibling_not_a_child() -> None:
    """Python's `html.parser` nests the second cell in the first; HTML5 closes the first."""
    assert canonical_html("<table><tr><td>a<td>b</table>") == canonical_html(
        "<table><tr><td>a</td><td>b</td></tr></table>"
    )

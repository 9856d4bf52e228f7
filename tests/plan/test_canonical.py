"""What a sanitising server does to HTML is not a change of content."""

from __future__ import annotations

import pytest

from hcsync.plan.canonical import canonical_html


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

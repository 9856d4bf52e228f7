"""HTML → Markdown → HTML gives back the same HTML (canonically), for fixtures and at random."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hcsync.local.render import render
from hcsync.plan.canonical import canonical_html
from hcsync.plan.tomarkdown import raw_html, to_markdown
from hcsync.sanitize import sanitize


def round_trip(html: str) -> str:
    converted = to_markdown(html)
    assert converted.exact, converted.markdown
    assert canonical_html(render(converted.markdown)) == canonical_html(html)
    return converted.markdown


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ('<h2 id="tiers">Tiers</h2><p>Text.</p>', "## Tiers\n\nText.\n"),
        ('<h2 id="plans">Tiers</h2>', "## Tiers {#plans}\n"),
        ('<ol start="3"><li>three</li><li>four</li></ol>', "3. three\n4. four\n"),
        ("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>", "- a\n  - b\n- c\n"),
        ('<div class="warning"><p>Careful.</p></div>', "::: warning\nCareful.\n:::\n"),
        ('<pre><code class="language-sh">ls -l\n</code></pre>', "```sh\nls -l\n```\n"),
        ('<p>a <u>b</u> <span class="k">c</span></p>', 'a <u>b</u> <span class="k">c</span>\n'),
        (
            "<p>Open <strong>Settings &gt; Billing</strong> &amp; pay.</p>",
            "Open **Settings > Billing** & pay.\n",
        ),
        ("<p>1. not a list</p><p>snake_case</p>", "1\\. not a list\n\nsnake_case\n"),
    ],
)
def test_fixtures_become_plain_markdown(html: str, markdown: str) -> None:
    assert round_trip(html) == markdown


@pytest.mark.parametrize(
    "html",
    [
        '<table><tr><td colspan="2">wide</td></tr><tr><td>a</td><td>b</td></tr></table>',
        "<h3>a heading without an id</h3>",
        '<p style="x" title="t">attributes</p>',
        "<dl><dt>term</dt><dd>definition</dd></dl>",
    ],
)
def test_what_markdown_cannot_say_stays_raw_html(html: str) -> None:
    markdown = round_trip(html)
    assert markdown.lstrip().startswith("<")


def test_links_and_images_are_mapped_to_tree_paths() -> None:
    html = '<p><a href="https://x/article/1-a#top">A</a> <img src="https://cdn/i.png" alt="I"></p>'
    converted = to_markdown(
        html,
        link=lambda url: "a.md#top" if url.startswith("https://x/") else None,
        image=lambda url: "img/i.png",
    )
    assert converted.markdown == "[A](a.md#top) ![I](img/i.png)\n"


def test_raw_html_keeps_blank_lines_of_preformatted_text() -> None:
    html = '<div class="x"><pre>a\n\nb</pre></div>'
    kept = raw_html(html)
    assert "\n\n" not in kept
    assert canonical_html(render(kept)) == canonical_html(html)


TEXT = st.text(
    alphabet=st.sampled_from(list("abc XYZ 123 *_#[]()`<>&|!-+.:{}\\~=\"'")),
    min_size=1,
    max_size=30,
).filter(lambda t: t.strip())


@st.composite
def inline(draw: st.DrawFn) -> str:
    text = draw(TEXT).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    wrap = draw(st.sampled_from(["{}", "<strong>{}</strong>", "<em>{}</em>", "<code>{}</code>"]))
    if draw(st.booleans()):
        return f'<a href="page.md">{wrap.format(text)}</a>'
    return wrap.format(text)


@st.composite
def block(draw: st.DrawFn) -> str:
    parts = " ".join(draw(st.lists(inline(), min_size=1, max_size=4)))
    kind = draw(st.sampled_from(["p", "h2", "ul", "ol", "quote", "pre", "table", "note"]))
    if kind == "h2":
        return f'<h2 id="{draw(st.sampled_from(["one", "two", "intro"]))}">{parts}</h2>'
    if kind in ("ul", "ol"):
        items = draw(st.lists(inline(), min_size=1, max_size=3))
        return f"<{kind}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{kind}>"
    if kind == "quote":
        return f"<blockquote><p>{parts}</p></blockquote>"
    if kind == "pre":
        return f'<pre><code class="language-py">{draw(TEXT).replace("<", "&lt;")}\n</code></pre>'
    if kind == "table":
        span = draw(st.sampled_from(["", ' colspan="2"']))
        return f"<table><tbody><tr><td{span}>{parts}</td><td>x</td></tr></tbody></table>"
    if kind == "note":
        return f'<div class="note"><p>{parts}</p></div>'
    return f"<p>{parts}</p>"


@settings(max_examples=150, deadline=None)
@given(st.lists(block(), min_size=1, max_size=6))
@example(  # two lists in a row, which Markdown would merge into one (found by Hypothesis)
    ['<pre><code class="language-py">1\n</code></pre>'] * 2 + ["<ul><li>1</li></ul>"] * 2
)
def test_random_sanitised_html_comes_back_equal(blocks: list[str]) -> None:
    html = sanitize("".join(blocks))
    round_trip(html)


GUIDE = "https://demo.help.center/article/7-guide"
SHOT = "https://cdn.help.center/demo/shot.png"
PATHS = {GUIDE: "../guides/guide.md", SHOT: "img/shot.png"}


def tree_path(url: str) -> str | None:
    base, hash_, anchor = url.partition("#")
    path = PATHS.get(base)
    return path + hash_ + anchor if path else None


def test_a_page_as_hcsync_sent_it_is_exact_with_the_server_urls_put_back() -> None:
    sent = render(f"See [the guide]({GUIDE}#setup).\n\n![Shot]({SHOT})\n")
    stored = sanitize(sent)  # what the server keeps: `rel` on links, `<img …>`
    assert stored != sent
    converted = to_markdown(stored, tree_path, tree_path)
    assert converted.exact
    assert (
        converted.markdown
        == "See [the guide](../guides/guide.md#setup).\n\n![Shot](img/shot.png)\n"
    )


def test_the_checked_rendering_is_what_the_tree_sends_with_its_canonical_form() -> None:
    stored = f'<p>See <a href="{GUIDE}">the guide</a>.</p>   <p>Compact   spacing.</p>'
    converted = to_markdown(stored, tree_path, tree_path)
    assert converted.exact and converted.checked is not None
    rendered, canonical = converted.checked
    assert f'href="{GUIDE}"' in rendered  # the server's URL, as apply will send it
    assert canonical == canonical_html(rendered) == canonical_html(stored)

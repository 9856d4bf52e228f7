"""Constructs of real docs trees rendered as meant, and still there after the server's sanitiser."""

from __future__ import annotations

import pytest

from hcsync.local.parsecache import ParseCache
from hcsync.local.render import render
from hcsync.sanitize import sanitize

NOTE_CONTAINER = render("::: note\nRead this.\n:::\n")


def served(body: str) -> str:
    """What a reader gets: our HTML after the (emulated) server's sanitiser."""
    return sanitize(render(body))


@pytest.mark.parametrize(
    ("marker", "kind"),
    [
        ("[!NOTE]", "note"),
        ("[!TIP]", "tip"),
        ("[!IMPORTANT]", "info"),
        ("[!WARNING]", "warning"),
        ("[!CAUTION]", "danger"),
        ("[!note]", "note"),
        ("[!hint]", "tip"),
        ("[!bug]", "danger"),
        ("[!whatever]", "note"),
    ],
)
def test_github_alerts_and_obsidian_callouts_render_like_containers(marker: str, kind: str) -> None:
    html = render(f"> {marker}\n> Read this.\n")
    assert html == NOTE_CONTAINER.replace('"note"', f'"{kind}"')
    assert "[!" not in served(f"> {marker}\n> Read this.\n")


def test_callout_title_and_fold_markers() -> None:
    folded = render("> [!tip]- Before you start\n> Charge the *board*.\n")
    assert folded == (
        '<div class="tip">\n<p><strong>Before you start</strong></p>\n'
        "<p>Charge the <em>board</em>.</p>\n</div>\n"
    )
    assert render("> [!tip]+ Before you start\n> Charge the *board*.\n") == folded
    assert render("::: tip Before you start\nCharge the *board*.\n:::\n") == folded
    assert sanitize(folded) == folded  # the server keeps it all


def test_callout_body_on_later_paragraphs_and_plain_quotes_untouched() -> None:
    assert render("> [!WARNING]\n>\n> Hot.\n") == '<div class="warning">\n<p>Hot.</p>\n</div>\n'
    assert (
        render("> Just a quote [!NOTE]\n")
        == "<blockquote>\n<p>Just a quote [!NOTE]</p>\n</blockquote>\n"
    )


def test_callout_links_keep_their_lines() -> None:
    [ref] = ParseCache().references("Intro\n\n> [!NOTE]\n> See [b](b.md).\n").refs
    assert (ref.line, ref.col) == (4, 11)


def test_footnotes_keep_working_anchors_after_sanitising() -> None:
    html = served("Text[^1].\n\n[^1]: The note.\n")
    assert '<a href="#fn1" id="fnref1"' in html
    assert '<a id="fn1"' in html  # the note's anchor survives (the server drops ids on <li>)
    assert '<a href="#fnref1"' in html


def test_task_lists_keep_their_checkboxes_as_characters() -> None:
    html = served("- [ ] todo\n- [x] done\n")
    assert "<li>☐ todo</li>" in html
    assert "<li>☑ done</li>" in html


def test_table_alignment_survives_sanitising() -> None:
    html = served("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n")
    assert '<th align="left">a</th>' in html
    assert '<td align="center">2</td>' in html
    assert '<td align="right">3</td>' in html


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Café au lait!", "café-au-lait"),
        ("Straße & Weg", "straße--weg"),
        ("Привет, мир", "привет-мир"),
        ("Γειά σου", "γειά-σου"),
        ("如何 重置", "如何-重置"),
        ("VAT (EU)", "vat-eu"),
        ("snake_case-and-dash", "snake_case-and-dash"),
    ],
)
def test_heading_ids_keep_every_script(heading: str, anchor: str) -> None:
    assert ParseCache().references(f"## {heading}\n").anchors == {anchor}
    assert f'id="{anchor}"' in served(f"## {heading}\n")


def test_link_positions_are_the_target_line_and_column() -> None:
    body = 'One\n\nSee [a](a.md) and ![pic](img/p.png) and [a.md](a.md).\n<img src="/x.png">\n'
    refs = [(r.target, r.line, r.col) for r in ParseCache().references(body).refs]
    assert refs == [("a.md", 3, 9), ("img/p.png", 3, 26), ("a.md", 3, 48), ("/x.png", 4, 11)]

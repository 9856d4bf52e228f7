"""The pull plan's minimal edits, on plain texts: what the author wrote stays byte for byte."""

from __future__ import annotations

from difflib import unified_diff

from hcsync.plan.frontedit import edit_front_matter
from hcsync.plan.pullmerge import Macros, fresh_body, merge_body, merge_page
from hcsync.plan.pullplan import Conflict, FileChange, FileChangeKind, PullPlan, diff

AUTHORED = (
    "Intro, as the author wrapped\nit over two lines.\n"
    "\n"
    "## Setup\n"
    "\n"
    "See [the guide][g] and [the FAQ](<../help desk/faq.md>).\n"
    "\n"
    "<!-- hcsync: ignore HC054 -->\n"
    "Old sentence.\n"
    "\n"
    "* one\n"
    "* two\n"
    "\n"
    "![Screen](img/screen.png)\n"
    "\n"
    "[g]: guide.md\n"
)
# What pull writes afresh for the same page, with the sentence changed in the dashboard.
FRESH = (
    "Intro, as the author wrapped it over two lines.\n\n## Setup\n\n"
    "See [the guide](guide.md) and [the FAQ](<../help desk/faq.md>).\n\n"
    "New sentence.\n\n- one\n- two\n\n![Screen](img/screen.png)\n"
)
VARIABLES = Macros(
    {"product": "Acme"},
    lambda path: "Call us.\n" if path == "_snippets/support.md" else None,
    templates=True,
)


def test_only_the_changed_block_is_replaced() -> None:
    merged = merge_body(AUTHORED, FRESH)
    assert merged.conflicts == ()
    assert merged.text == AUTHORED.replace("Old sentence.", "New sentence.")


def test_an_unchanged_page_is_kept_whole() -> None:
    assert merge_body(AUTHORED, FRESH.replace("New", "Old")).text == AUTHORED


def test_added_and_removed_blocks_keep_their_neighbours() -> None:
    fresh = FRESH.replace("New sentence.\n\n", "").replace("- two\n", "- two\n\nAdded.\n")
    merged = merge_body(AUTHORED, fresh)
    assert "Old sentence." not in merged.text and "New sentence." not in merged.text
    assert "* one\n* two\n\nAdded.\n\n![Screen](img/screen.png)\n\n[g]: guide.md\n" in merged.text
    assert merged.text.startswith(AUTHORED.split("<!--")[0])


def test_a_block_from_a_variable_or_snippet_is_a_conflict_not_inlined() -> None:
    old = 'Use {{ product }} daily.\n\n{% include "support.md" %}\n\nLast.\n'
    merged = merge_body(old, "Use Acme weekly.\n\nCall us.\n\nLast.\n", VARIABLES)
    assert merged.text == old
    assert merged.conflicts == (
        "--- as written\n+++ on the help center\n@@ -1 +1 @@\n"
        "-Use {{ product }} daily.\n+Use Acme weekly.\n",
    )


def test_a_change_beside_a_snippet_is_written_and_the_snippet_kept() -> None:
    old = 'Use {{ product }} daily.\n\n{% include "support.md" %}\n\nLast.\n'
    merged = merge_body(old, "Use Acme daily.\n\nCall us.\n\nLast one.\n", VARIABLES)
    assert merged == merge_body(old, "Use Acme daily.\n\nCall us.\n\nLast one.\n", VARIABLES)
    assert merged.text == old.replace("Last.", "Last one.") and merged.conflicts == ()


def test_template_like_dashboard_text_is_written_raw_in_a_tree_with_templates() -> None:
    old = "Welcome.\n"
    fresh = "Welcome.\n\nLog in as {{accountName}}; type `{{x}}`.\n"
    merged = merge_body(old, fresh, VARIABLES)
    assert merged.text == (
        "Welcome.\n\nLog in as {% raw %}{{accountName}}{% endraw %}; type `{{x}}`.\n"
    )
    assert merge_body(old, fresh).text == fresh  # no templates in the tree: literal text
    assert fresh_body(fresh, VARIABLES) == merged.text


def changed_lines(before: str, after: str) -> list[str]:
    lines = unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [x for x in lines if x[:1] in "+-" and not x.startswith(("+++", "---"))]


def test_a_link_whose_target_changed_changes_that_link_only() -> None:
    old = "See [the guide](guide.md)\nwrapped as written, [home](/).\n\nOther.\n"
    fresh = "See [the guide](../guides/guide.md) wrapped as written, [home](/).\n\nOther.\n"
    merged = merge_body(old, fresh)
    assert merged.text == old.replace("(guide.md)", "(../guides/guide.md)")
    assert changed_lines(old, merged.text) == [
        "-See [the guide](guide.md)",
        "+See [the guide](../guides/guide.md)",
    ]


def test_a_reference_style_link_changes_its_definition_line_only() -> None:
    fresh = FRESH.replace("(guide.md)", "(../guides/guide.md)").replace("New", "Old")
    merged = merge_body(AUTHORED, fresh)
    assert changed_lines(AUTHORED, merged.text) == ["-[g]: guide.md", "+[g]: ../guides/guide.md"]


def test_a_spaced_link_keeps_its_angle_brackets() -> None:
    fresh = FRESH.replace("help desk", "service desk").replace("New", "Old")
    merged = merge_body(AUTHORED, fresh)
    assert merged.text == AUTHORED.replace("<../help desk/faq.md>", "<../service desk/faq.md>")


def test_a_link_change_beside_a_text_change_replaces_the_changed_blocks() -> None:
    fresh = FRESH.replace("(guide.md)", "(../guides/guide.md)")
    merged = merge_body(AUTHORED, fresh)
    assert "New sentence." in merged.text
    assert "[the guide](../guides/guide.md)" in merged.text  # the block, as pull writes it


FRONT = (
    "---\r\n"
    "# maintained by docs team\r\n"
    "title: 'Billing FAQ'\r\n"
    "internalReference: CMS-123\r\n"
    "seo:\r\n"
    "  title: Billing\r\n"
    "  description: How we bill\r\n"
    "owner: ana\r\n"
    "---\r\n"
    "\r\n"
    "Body text.\r\n"
)
REMOTE = {"id": "42", "title": "Billing FAQ", "slug": "billing-faq", "status": "published"}
IMPLIED = {"status": "published", "slug": "billing-faq", "unpublished_changes": False}


def test_front_matter_changes_only_the_changed_line_in_crlf() -> None:
    meta = REMOTE | {"seo": {"title": "Billing", "description": "How we bill, monthly"}}
    merged = merge_page(FRONT, meta, "Body text.\n", IMPLIED)
    assert merged.text == FRONT.replace("How we bill", "How we bill, monthly")


def test_a_new_title_keeps_its_quotes_and_no_id_or_slug_is_added() -> None:
    meta = REMOTE | {"title": "Billing: the FAQ", "seo": {"title": "Billing"}}
    text = merge_page(FRONT, meta, "Body text.\n", IMPLIED).text
    assert "title: 'Billing: the FAQ'\r\n" in text
    assert "  description" not in text  # removed on the help center
    assert "id:" not in text and "slug:" not in text
    assert text.count("\r\n") == text.count("\n")


def test_a_slug_changed_on_the_help_center_is_added() -> None:
    lines = ["title: A\n", "owner: me\n"]
    edited = edit_front_matter(lines, {"title": "A", "slug": "new"}, {"slug": "old"})
    assert edited == ["title: A\n", "owner: me\n", "slug: new\n"]


def test_status_and_unpublished_changes_lines() -> None:
    lines = ["title: A\n", "status: published\n", "unpublished_changes: true\n"]
    edited = edit_front_matter(lines, {"title": "A", "status": "draft"}, {"status": "published"})
    assert edited == ["title: A\n", "status: draft\n"]


def test_the_plan_shows_as_a_unified_diff() -> None:
    plan = PullPlan(
        (
            FileChange(FileChangeKind.WRITE, "a.md", "article 1: content", "x\nold\n", "x\nnew\n"),
            FileChange(FileChangeKind.MOVE, "b/c.md", "moved", "t\n", "t\n", source="c.md"),
            FileChange(FileChangeKind.DELETE, "d.md", "deleted", "gone\n"),
        ),
        (Conflict("e.md", "changed here and on the help center"),),
    )
    assert diff(plan) == (
        "--- a/a.md\n+++ b/a.md\n@@ -1,2 +1,2 @@\n x\n-old\n+new\n"
        "--- a/d.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-gone\n"
    )
    assert not plan.empty and PullPlan().empty

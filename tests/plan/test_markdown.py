"""The Markdown plan: one row per article, details, and a size cap that keeps it readable."""

from __future__ import annotations

from hcsync.plan.markdown import applied_markdown, as_markdown
from hcsync.plan.model import Aspect, Drift, DriftPolicy, Kind, Operation, OpKey, Plan
from hcsync.plan.views import as_text

DIFF = "--- help center\n+++ a.md\n@@ -1 +1 @@\n-<p>old</p>\n+<p>new</p>"


def _op(kind: str, path: str, language: str | None = None, diff: str = "") -> Operation:
    # The one place these tests build operations (the model's constructor).
    return Operation(
        OpKey(Kind(kind), path, language), path, summary=f"{kind} of {path}", diff=diff
    )


def _edit_plan(articles: int) -> Plan:
    ops = []
    for n in range(articles):
        path = f"category/sub/article-{n}.md"
        ops += [_op("update_draft", path, diff=DIFF * 20), _op("publish", path)]
        ops += [
            _op("update_translation", path, "de", diff=DIFF),
            _op("publish_translation", path, "de"),
        ]
    return Plan(operations=tuple(ops))


def test_one_row_per_article_with_verbs_per_language() -> None:
    markdown = as_markdown(_edit_plan(2))
    assert markdown.count("| ✏️ | <code>category/sub/article-") == 2
    assert (
        "| ✏️ | <code>category/sub/article-0.md</code> | content, publish · de: content, publish |"
        in markdown
    )
    assert markdown.count("<details>") == 2 and markdown.count("```diff") == 4


def test_a_thousand_articles_fit_a_github_comment() -> None:
    plan = _edit_plan(1000)
    whole = as_markdown(plan)
    assert len(whole) > 1_000_000
    comment = as_markdown(plan, 60_000)
    assert len(comment.encode()) <= 60_000
    assert comment.startswith(
        "### hcsync plan\n\n**Plan: 0 to create, 2000 to update, 2000 to publish"
    )
    assert "left out to keep this under 60,000 characters" in comment
    assert "the GitHub Action puts the whole plan in the job summary" in comment
    assert comment.count("<details>") == comment.count("</details>")  # no block cut in half


def test_details_go_first_then_rows() -> None:
    plan = _edit_plan(50)
    comment = as_markdown(plan, 20_000)
    assert comment.count("| ✏️ |") == 50  # every row kept
    [note] = [line for line in comment.splitlines() if "left out to keep" in line]
    assert " of 50 details left out" in note and "rows" not in note


def test_hostile_names_and_fences_stay_inside_their_cells() -> None:
    path = "a|b</code><script>x</script>.md"
    plan = Plan(operations=(_op("update_draft", path, diff="```\n+ok"),))
    markdown = as_markdown(plan)
    assert "<script>" not in markdown and "a\\|b&lt;/code&gt;" in markdown
    assert "````diff\n```\n+ok\n````" in markdown


def test_drift_per_policy() -> None:
    drift = (
        Drift("billing/invoices.md", None, Aspect.CONTENT, "edited on the help center (skipped)"),
    )
    skipped = as_markdown(Plan(operations=(), drifts=drift, drift_policy=DriftPolicy.SKIP))
    assert "No changes: the help center matches the tree. 1 drifted page(s) skipped." in skipped
    assert "**Skipped** (`on-drift: skip`)" in skipped
    refused = as_markdown(Plan(operations=(), drifts=drift))
    assert "needs a decision" in refused and "**Drift**" in refused


def test_applied_summary_links_each_article() -> None:
    done = [
        _op("update_draft", "a.md"),
        _op("publish", "a.md"),
        _op("publish_translation", "a.md", "de"),
    ]
    urls = {"a.md": [("page", "https://x/article/1-a"), ("de", "https://x/de/article/1-a")]}
    markdown = applied_markdown(done, 4, "apply stopped at publish of b.md", urls)
    assert "**Stopped after 3 of 4 operations:** apply stopped at publish of b.md" in markdown
    assert (
        "| ✏️ | <code>a.md</code> | content, publish · de: publish | [page](https://x/article/1-a) · [de](https://x/de/article/1-a) |"
        in markdown
    )


def test_slugs_the_server_chose_are_told_in_the_text_and_markdown_views() -> None:
    lines = tuple(f"a/p{i}.md: the help center stored slug 'p{i}-2' for 'p{i}'" for i in range(12))
    plan = Plan(operations=(), chosen_slugs=lines)
    text = as_text(plan)
    assert all(f"note: {line}" in text for line in lines)
    markdown = as_markdown(plan)
    assert lines[0] in markdown and lines[11] not in markdown
    assert "… and 2 more slugs the server chose" in markdown

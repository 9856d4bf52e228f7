"""`questions`, `suggest` and `plan --replies` on the emulator, through the CLI.

Conversations arrive by the control API's inbound mail, as customers would write.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from hcsync.sync.lockfile import read_lock
from tests.e2e.conftest import Site

SUPPORT = {"name": "Acme support", "address": "support@demo.help.center"}


def _ask(site: Site, html: str, *replies: str, subject: str = "Question") -> str:
    customer = {"name": "Ana Silva", "address": "ana@example.com"}
    made = site.control.inbound(
        center_id="demo", channel="email", from_=customer, html=html, subject=subject
    )
    conversation: str = made["conversation"]["id"]
    for reply in replies:
        site.control.inbound(
            center_id="demo",
            channel="email",
            from_=SUPPORT,
            role="agent",
            html=reply,
            subject=f"Re: {subject}",
            conversation_id=conversation,
        )
    return conversation


def _url(site: Site, path: str, language: str | None = None) -> str:
    entry = read_lock(site.root).articles[path]
    url = entry.translations[language].url if language else entry.url
    assert url
    return url


def _inbox(site: Site) -> dict[str, str]:
    reset = _url(site, "account/reset-your-password.md")
    invoices = read_lock(site.root).articles["billing/invoices.md"]
    return {
        "password": _ask(
            site,
            "<p>Hi,</p><p>I forgot my password. How do I reset it?</p><p>Thanks,<br>Ana</p>"
            "<blockquote>On Monday support wrote: anything about invoices and refunds</blockquote>",
            f'<p>See <a href="{reset}">Reset your password</a>.</p>',
        ),
        "passwort": _ask(site, "<p>Hallo, wie kann ich mein Passwort zurücksetzen?</p>"),
        "pdf": _ask(
            site,
            "<p>Is there a way to export my notes to PDF?</p>",
            "<p>Yes: File &gt; Export &gt; PDF.</p>",
        ),
        "pdf2": _ask(site, "<p>How can I export a notebook as a PDF file?</p>"),
        "old": _ask(
            site,
            "<p>Where can I find my invoices?</p>",
            f'<p>Here: <a href="https://demo.help.center/article/{invoices.slug_id}-old-invoices">'
            "invoices</a></p>",
        ),
    }


def _report(site: Site, *extra: str) -> dict[str, Any]:
    result = site.hcsync("questions", str(site.root), "--format", "json", *extra)
    assert result.code == 0, result.err
    report: dict[str, Any] = json.loads(result.out)
    return report


def test_questions_classifies_each_conversation_with_the_right_article_first(
    example: Site,
) -> None:
    assert example.apply().code == 0
    ids = _inbox(example)
    report = _report(example)
    by_id = {c["conversation"]: c for c in report["conversations"]}
    assert len(by_id) == 5
    password = by_id[ids["password"]]
    assert password["status"] == "answered"
    assert password["question"] == "Hi,\n\nI forgot my password. How do I reset it?"
    assert password["articles"][0]["path"] == "account/reset-your-password.md"
    german = by_id[ids["passwort"]]
    assert (german["status"], german["language"]) == ("answered", "de")
    assert german["articles"][0]["path"] == "account/reset-your-password.de.md"
    assert by_id[ids["old"]]["articles"][0]["path"] == "billing/invoices.md"
    assert by_id[ids["pdf"]]["status"] == by_id[ids["pdf2"]]["status"] == "unanswered"
    assert [g["count"] for g in report["gaps"]] == [2]
    assert report["gaps"][0]["reply"] == "Yes: File > Export > PDF."
    linked = {(a["article"], a["conversations"]) for a in report["linked"]}
    assert linked == {("account/reset-your-password.md", 1), ("billing/invoices.md", 1)}
    [dead] = report["dead_links"]
    assert (dead["conversation"], dead["state"], dead["article"]) == (
        ids["old"],
        "old_url",
        "billing/invoices.md",
    )
    # Five conversations of under five messages: one list request, no thread read.
    assert [e["method"] for e in example.control.journal()[example.mark :]] == ["GET"]
    assert report["summary"]["requests"] == 1


def test_questions_reads_a_thread_only_when_the_list_leaves_out_the_question(
    example: Site,
) -> None:
    long = _ask(example, "<p>How do I reset my password?</p>", *["<p>More?</p>"] * 5)
    _ask(example, "<p>Where are my invoices?</p>")
    report = _report(example, "--limit", "2")
    assert {c["conversation"] for c in report["conversations"]} >= {long}
    paths = [e["path"] for e in example.control.journal()[example.mark :]]
    assert paths == ["/v0/centers/demo/conversations", f"/v0/centers/demo/conversations/{long}"]


def test_text_and_markdown_reports_put_the_worst_gap_first(example: Site) -> None:
    assert example.apply().code == 0
    _inbox(example)
    text = example.hcsync("questions", str(example.root))
    assert text.code == 0
    assert "5 conversation(s): 3 answered by an article, 2 unanswered (40 %)." in text.out
    assert "  2× “Is there a way to export my notes to PDF?”" in text.out
    assert "(1 read requests for 5 conversations)" in text.err
    markdown = example.hcsync("questions", str(example.root), "--format", "markdown")
    assert (
        "| 2 | Is there a way to export my notes to PDF? | Yes: File &gt; Export &gt; PDF. |"
        in markdown.out
    )


def test_draft_writes_stubs_that_pass_check(example: Site) -> None:
    assert example.apply().code == 0
    _inbox(example)
    _ask(example, "<p>{{ secret }} &lt;b&gt; Can I use a dark mode?</p>")
    result = example.hcsync("questions", str(example.root), "--draft", str(example.root / "drafts"))
    assert result.code == 0, result.err
    stubs = sorted(
        p.relative_to(example.root).as_posix() for p in (example.root / "drafts").rglob("*.md")
    )
    assert len(stubs) == 2, result.err
    pdf = next(p for p in stubs if "pdf" in p)
    text = (example.root / pdf).read_text(encoding="utf-8")
    assert text.startswith(
        "---\ntitle: Is there a way to export my notes to PDF?\nstatus: draft\n---"
    )
    assert "> How can I export a notebook as a PDF file?" in text
    assert "Yes: File &gt; Export &gt; PDF." in text
    dark = (example.root / next(p for p in stubs if "dark" in p)).read_text(encoding="utf-8")
    assert dark.startswith("---\ntitle: Secret b Can I use a dark mode?\n")
    assert "> &#123;&#123; secret &#125;&#125; &lt;b&gt; Can I use a dark mode?" in dark
    assert example.hcsync("check", str(example.root)).code == 0
    again = example.hcsync("questions", str(example.root), "--draft", str(example.root / "drafts"))
    assert again.code == 0  # new names: nothing written over the first drafts
    assert len(list((example.root / "drafts").rglob("*.md"))) == 4


def test_draft_into_the_content_root_puts_each_stub_in_its_category(example: Site) -> None:
    assert example.apply().code == 0
    _ask(example, "<p>Can I pay my invoices by bank transfer instead of a card?</p>")
    before = {p.relative_to(example.root).as_posix() for p in example.root.rglob("*.md")}
    result = example.hcsync("questions", str(example.root), "--draft", str(example.root))
    assert result.code == 0, result.err
    after = {p.relative_to(example.root).as_posix() for p in example.root.rglob("*.md")}
    [stub] = after - before
    assert stub.startswith("billing/")
    assert "category: billing. -->" in (example.root / stub).read_text(encoding="utf-8")
    assert example.hcsync("check", str(example.root)).code == 0


def test_draft_outside_the_tree_is_refused(example: Site) -> None:
    _ask(example, "<p>Can I use a dark mode?</p>")
    outside = example.root.parent / "elsewhere"
    result = example.hcsync("questions", str(example.root), "--draft", str(outside))
    assert result.code == 1
    assert f"--draft {outside}: not inside the content root" in result.err
    assert not outside.exists()


def test_suggest_reply_saves_a_draft_and_sends_nothing(example: Site) -> None:
    assert example.apply().code == 0
    ids = _inbox(example)
    german = example.hcsync("suggest", ids["passwort"], str(example.root))
    assert german.code == 0, german.err
    url_de = _url(example, "account/reset-your-password.md", "de")
    assert f"answers  account/reset-your-password.de.md  {url_de}" in german.out
    result = example.hcsync("suggest", ids["password"], str(example.root), "--reply")
    assert result.code == 0, result.err
    assert "nothing was sent" in result.err
    draft = example.client.get_reply_draft(ids["password"])
    assert draft.content is not None
    assert _url(example, "account/reset-your-password.md") in draft.content
    assert example.control.outbox() == []
    again = example.hcsync("suggest", ids["password"], str(example.root), "--reply")
    assert again.code == 1 and "already has a reply draft" in again.err
    gap = example.hcsync("suggest", ids["pdf"], str(example.root), "--reply")
    assert gap.code == 1 and "no published article answers it" in gap.err
    assert example.control.outbox() == []


def test_plan_replies_counts_replies_linking_to_what_the_plan_breaks(example: Site) -> None:
    assert example.apply().code == 0
    reset = _url(example, "account/reset-your-password.md")
    invoices = _url(example, "billing/invoices.md")
    for _ in range(2):
        _ask(example, "<p>Password?</p>", f'<p><a href="{reset}">this</a></p>')
    _ask(example, "<p>Invoices?</p>", f'<p><a href="{invoices}">here</a></p>')
    _ask(example, "<p>Refunds?</p>", "<p>No link in this one.</p>")
    example.edit(
        "account/reset-your-password.md",
        "title: Reset your password",
        "title: Reset your password\nstatus: draft",
    )
    example.edit("billing/invoices.md", "slug: invoices", "slug: your-invoices")
    text = example.plan("--replies", "30")
    assert text.code == 0, text.err
    assert (
        "replies: account/reset-your-password.md (unpublished): links in 2 agent replies "
        "of the last 30 days will stop working"
    ) in text.out
    assert "replies: billing/invoices.md (new URL): links in 1 agent reply" in text.out
    markdown = example.plan("--replies", "30", "--format", "markdown")
    assert "`account/reset-your-password.md` (unpublished): links in **2** replies" in markdown.out
    shown = json.loads(example.plan("--replies", "30", "--format", "json").out)
    counts = {(b["path"], b["why"]): b["replies"] for b in shown["replies"]["breaking"]}
    assert counts == {
        ("account/reset-your-password.md", "unpublished"): 2,
        ("billing/invoices.md", "new URL"): 1,
    }


def test_plan_replies_reads_no_conversation_when_nothing_breaks(example: Site) -> None:
    assert example.apply().code == 0
    example.edit("billing/refunds.md", "within 14 days", "within 30 days")
    result = example.plan("--replies", "30")
    assert result.code == 0
    assert (
        "replies: no agent reply of the last 30 days links to a page this plan breaks" in result.out
    )
    paths = [e["path"] for e in example.control.journal()[example.mark :]]
    assert not any("/conversations" in p for p in paths)


def test_a_key_without_inbox_scopes_gets_one_line_and_exit_1(
    example: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HC_API_KEY", "read-key")
    result = example.hcsync("questions", str(example.root))
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1 and "conversation.read" in result.err
    assert "read-key" not in result.err + result.out
    missing = example.hcsync("suggest", "65f1a2b3c4d5e6f7080910ff", str(example.root))
    assert missing.code == 1 and len(missing.err.strip().splitlines()) == 1

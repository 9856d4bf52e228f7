"""The pull plan's decisions, on plain objects: a help center, an authored tree's texts, a lock.

The tree is as people write it (a YAML comment, keys of other tools, reference-style
links, a translation); the lock says it was synced. Each test changes one thing on
the help center (or here) and looks at the file changes the plan decides.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import Any

from hcsync.api.models import Article, Category, CategoryText, Center, Content, Seo, Translation
from hcsync.config import CONFIG_NAME, SiteConfig
from hcsync.local.macros import expand
from hcsync.plan.desired import content_hash
from hcsync.plan.frontedit import split_lines
from hcsync.plan.lock import ArticleLock, CategoryLock, Lock, PageLock
from hcsync.plan.pulled import PageState, remote_category_hash
from hcsync.plan.pulling import PullInputs, TreeBefore, images_to_fetch, pull_plan
from hcsync.plan.pullplan import Conflict, FileChange, FileChangeKind, PullPlan
from hcsync.plan.snapshot import RemoteSite
from hcsync.statuses import RemoteStatus

CENTER = Center("demo", "Demo", "demo.help.center", "en", ("de",))
CONFIG = SiteConfig(center_id="demo", default_language="en", languages=("de",))
SHOWN = frozenset({"seo", "subtitle"})
GUIDES = Category("cat_1", "Guides", "", "guides", 1, None, None, {}, (), SHOWN)
ACCOUNT = Category("cat_2", "Account", "", "account", 2, None, None, {}, (), SHOWN)
BILLING_URL = "https://demo.help.center/article/2-billing"

INVOICES = (
    "---\n"
    "# reviewed by finance, 2026\n"
    "title: 'Invoices'\n"
    "internalReference: CMS-1042\n"
    "seo:\n"
    "  title: Invoices\n"
    "  description: Where to find your invoices\n"
    "owner: ana\n"
    "---\n"
    "\n"
    "Invoices are kept\nfor ten years.\n"
    "\n"
    "Open [the billing page][billing].\n"
    "\n"
    "[billing]: billing.md\n"
)
INVOICES_HTML = (
    "<p>Invoices are kept\nfor ten years.</p>\n"
    f'<p>Open <a href="{BILLING_URL}">the billing page</a>.</p>\n'
)
INVOICES_DE = "---\ntitle: Rechnungen\n---\n\nRechnungen werden zehn Jahre lang aufbewahrt.\n"
INVOICES_DE_HTML = "<p>Rechnungen werden zehn Jahre lang aufbewahrt.</p>\n"
BILLING = "---\ntitle: Billing\n---\n\nPay by card.\n"
BILLING_HTML = "<p>Pay by card.</p>\n"
SEO = Seo("Invoices", "Where to find your invoices")


def draft(number: int, title: str, html: str, **changes: Any) -> Article:
    slug = title.lower()
    made = Article(
        f"art_{number}", "draft", title, RemoteStatus.PUBLISHED, "cat_1", slug, number, None, Seo(),
        f"https://demo.help.center/article/{number}-{slug}", None, (), "t0", "t1", "t0",
        Content(html, ""), SHOWN,
    )  # fmt: skip
    return replace(made, **changes)


def german(html: str = INVOICES_DE_HTML, **changes: Any) -> Translation:
    made = Translation(
        "art_1", "de", "Rechnungen", RemoteStatus.PUBLISHED, "rechnungen", Seo(),
        "https://demo.help.center/de/article/1-rechnungen", "t1", Content(html, ""),
        frozenset({"seo", "slug"}),
    )  # fmt: skip
    return replace(made, **changes)


def remote(**edits: Any) -> RemoteSite:
    """The help center as the tree was synced with it, with `edits` (drafts, translations)."""
    drafts = {
        "art_1": draft(1, "Invoices", INVOICES_HTML, seo=SEO, translations=("de",)),
        "art_2": draft(2, "Billing", BILLING_HTML),
    }
    translations = {("art_1", "de"): german()}
    drafts |= edits.get("drafts", {})
    for gone in edits.get("deleted", ()):
        del drafts[gone]
    translations |= edits.get("translations", {})
    return RemoteSite(CENTER, (GUIDES, ACCOUNT), drafts, translations)


def _page_lock(title: str, html: str, slug: str) -> dict[str, Any]:
    stored = content_hash(title, html)
    return {"sent": "as-sent", "stored": stored, "status": RemoteStatus.PUBLISHED, "slug": slug}


LOCK = Lock(
    "demo",
    {
        "guides/invoices.md": ArticleLock(
            id="art_1",
            slug_id=1,
            updated_at="t1",
            translations={
                "de": PageLock(
                    **_page_lock("Rechnungen", INVOICES_DE_HTML, "rechnungen"), updated_at="t1"
                )
            },
            **_page_lock("Invoices", INVOICES_HTML, "invoices"),
        ),
        "guides/billing.md": ArticleLock(
            id="art_2", slug_id=2, updated_at="t1", **_page_lock("Billing", BILLING_HTML, "billing")
        ),
    },
    {
        "guides": CategoryLock("cat_1", remote_category_hash(GUIDES, ("de",))),
        "account": CategoryLock("cat_2", remote_category_hash(ACCOUNT, ("de",))),
    },
)
TEXTS = {
    "guides/invoices.md": INVOICES,
    "guides/invoices.de.md": INVOICES_DE,
    "guides/billing.md": BILLING,
}
SENT = PageState("as-sent", "", {}, RemoteStatus.PUBLISHED)  # the page as the lock says it was sent


def plan_for(
    site: RemoteSite,
    texts: dict[str, str] = TEXTS,
    edited_here: tuple[str, ...] = (),
    config: SiteConfig = CONFIG,
) -> PullPlan:
    states = {p: replace(SENT, sent="edited") if p in edited_here else SENT for p in texts}
    hashes = {c.slug: remote_category_hash(c, ("de",)) for c in (GUIDES, ACCOUNT)}
    before = TreeBefore(states, {}, hashes)
    on_disk = frozenset({CONFIG_NAME, "guides", "account", *texts})
    return pull_plan(PullInputs(site, config, LOCK, texts, on_disk, before))


def edited_lines(change: FileChange) -> list[str]:
    """The lines the change removes and adds, as `git diff` counts them."""
    assert isinstance(change.before, str) and isinstance(change.after, str)
    before, after = change.before.splitlines(), change.after.splitlines()
    return [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def only_change(plan: PullPlan) -> FileChange:
    assert plan.conflicts == ()
    assert len(plan.changes) == 1, plan.changes
    return plan.changes[0]


def test_an_unchanged_help_center_writes_nothing() -> None:
    plan = plan_for(remote())
    assert plan.empty and plan.pulled == frozenset()


def test_a_sentence_edited_on_the_dashboard_changes_its_block_only() -> None:
    html = INVOICES_HTML.replace("ten years", "twelve years")
    plan = plan_for(remote(drafts={"art_1": draft(1, "Invoices", html, seo=SEO, updated_at="t2")}))
    change = only_change(plan)
    assert (change.kind, change.path) == (FileChangeKind.WRITE, "guides/invoices.md")
    assert "content or title changed" in change.reason
    assert edited_lines(change) == ["-for ten years.", "+for twelve years."]
    assert "[billing]: billing.md" in str(change.after)  # the reference-style link stays
    assert plan.pulled == {"guides/invoices.md"}


def test_a_title_changes_one_line_keeping_comments_quotes_and_other_tools_keys() -> None:
    title = draft(1, "Your invoices", INVOICES_HTML, seo=SEO, slug="invoices", updated_at="t2")
    site = remote(drafts={"art_1": title})
    change = only_change(plan_for(site))
    assert edited_lines(change) == ["-title: 'Invoices'", "+title: 'Your invoices'"]
    front, _ = split_lines(str(change.after))
    assert front is not None
    assert "# reviewed by finance, 2026\n" in front and "owner: ana\n" in front
    assert "internalReference: CMS-1042\n" in front and "id: art_1\n" not in front


def test_an_seo_field_changes_its_line_only() -> None:
    seo = Seo("Invoices", "Where to find and download invoices")
    edited = draft(1, "Invoices", INVOICES_HTML, seo=seo, updated_at="t2")
    change = only_change(plan_for(remote(drafts={"art_1": edited})))
    assert edited_lines(change) == [
        "-  description: Where to find your invoices",
        "+  description: Where to find and download invoices",
    ]


def test_a_translation_word_changes_the_translation_file_only() -> None:
    html = INVOICES_DE_HTML.replace("zehn", "zwölf")
    plan = plan_for(remote(translations={("art_1", "de"): german(html, updated_at="t2")}))
    change = only_change(plan)
    assert change.path == "guides/invoices.de.md" and "de translation" in change.reason
    assert edited_lines(change) == [
        "-Rechnungen werden zehn Jahre lang aufbewahrt.",
        "+Rechnungen werden zwölf Jahre lang aufbewahrt.",
    ]


def test_an_article_moved_to_another_category_moves_its_files_and_their_links() -> None:
    moved = draft(1, "Invoices", INVOICES_HTML, seo=SEO, translations=("de",), category_id="cat_2")
    plan = plan_for(remote(drafts={"art_1": moved}))
    assert plan.conflicts == ()
    moves = {(c.source, c.path) for c in plan.changes if c.kind is FileChangeKind.MOVE}
    assert moves == {
        ("guides/invoices.md", "account/invoices.md"),
        ("guides/invoices.de.md", "account/invoices.de.md"),
    }
    root = next(c for c in plan.changes if c.path == "account/invoices.md")
    # Only the link's definition line changes: the target from the new folder.
    assert edited_lines(root) == ["-[billing]: billing.md", "+[billing]: ../guides/billing.md"]
    translation = next(c for c in plan.changes if c.path == "account/invoices.de.md")
    assert translation.after == translation.before == INVOICES_DE
    assert "guides/invoices.md" not in plan.lock.articles
    assert plan.lock.articles["account/invoices.md"].id == "art_1"


def test_an_article_deleted_on_the_dashboard_deletes_its_files() -> None:
    plan = plan_for(remote(drafts={"art_1": draft(1, "Invoices", INVOICES_HTML, seo=SEO)},
                           deleted=("art_2",)))  # fmt: skip
    assert [(c.kind, c.path, c.after) for c in plan.changes] == [
        (FileChangeKind.DELETE, "guides/billing.md", None)
    ]
    assert "guides/billing.md" not in plan.lock.articles


def test_a_new_dashboard_article_is_created_with_its_front_matter() -> None:
    new = draft(3, "Refunds", "<p>Within <strong>30</strong> days.</p>", created_at="t5")
    plan = plan_for(remote(drafts={"art_3": new}))
    change = only_change(plan)
    assert (change.kind, change.path) == (FileChangeKind.CREATE, "guides/refunds.md")
    assert change.after == (
        "---\nid: art_3\ntitle: Refunds\nslug: refunds\nstatus: published\n---\n\n"
        "Within **30** days.\n"
    )
    assert plan.pulled == {"guides/refunds.md"}


def test_a_file_edited_here_and_on_the_dashboard_is_a_conflict_not_written() -> None:
    html = INVOICES_HTML.replace("ten years", "twelve years")
    site = remote(drafts={"art_1": draft(1, "Invoices", html, seo=SEO, updated_at="t2")})
    plan = plan_for(site, edited_here=("guides/invoices.md",))
    assert plan.changes == ()
    assert plan.conflicts == (
        Conflict("guides/invoices.md", "changed here and on the help center"),
    )
    assert plan.pulled == frozenset()


def test_template_like_dashboard_text_is_written_raw_where_the_tree_uses_templates() -> None:
    html = "<p>Log in as {{accountName}}.</p>\n"
    site = remote(drafts={"art_2": draft(2, "Billing", html, updated_at="t2")})
    change = only_change(plan_for(site, config=replace(CONFIG, templates=True)))
    assert edited_lines(change) == [
        "-Pay by card.",
        "+Log in as {% raw %}{{accountName}}{% endraw %}.",
    ]
    _, body = split_lines(str(change.after))
    assert expand(body, {}, lambda _: None).body.strip() == "Log in as {{accountName}}."


def test_crlf_files_keep_their_line_endings() -> None:
    texts = TEXTS | {"guides/invoices.md": INVOICES.replace("\n", "\r\n")}
    html = INVOICES_HTML.replace("ten years", "twelve years")
    site = remote(drafts={"art_1": draft(1, "Invoices", html, seo=SEO, updated_at="t2")})
    change = only_change(plan_for(site, texts))
    after = str(change.after)
    assert after.count("\r\n") == after.count("\n") == INVOICES.count("\n")
    assert edited_lines(change) == ["-for ten years.", "+for twelve years."]


def test_images_already_in_the_tree_are_not_fetched_again() -> None:
    url = "https://cdn.help.center/demo/screen.png"
    html = INVOICES_HTML + f'<p><img src="{url}" alt="Screen"></p>\n'
    site = remote(drafts={"art_1": draft(1, "Invoices", html, seo=SEO, updated_at="t2")})
    before = TreeBefore(dict.fromkeys(TEXTS, SENT), {"guides/img/screen.png": "d1"})
    inputs = PullInputs(site, CONFIG, replace(LOCK, images={"d1": url}), TEXTS,
                        frozenset({CONFIG_NAME, *TEXTS}), before)  # fmt: skip
    assert images_to_fetch(inputs) == set()
    assert images_to_fetch(replace(inputs, lock=LOCK)) == {url}
    change = only_change(pull_plan(inputs))
    assert edited_lines(change) == ["+", "+![Screen](img/screen.png)"]


CATEGORY = (
    "# the docs team's categories\n"
    "name: Guides\n"
    "position: 3  # not pull's\n"
    "description: How to use it\n"
    "\n"
    "translations:\n"
    "  de:\n"
    "    name: Anleitungen\n"
    "    description: Wie es geht\n"
)


def test_a_category_renamed_on_the_dashboard_changes_that_line_only() -> None:
    de = CategoryText("Anleitungen", "Wie es geht")
    synced = replace(GUIDES, description="How to use it", translations={"de": de})
    renamed = replace(synced, translations={"de": replace(de, name="Handbücher")})
    was = remote_category_hash(synced, ("de",))
    site = replace(remote(), categories=(replace(renamed, name="User guides"), ACCOUNT))
    texts = TEXTS | {"guides/_category.yml": CATEGORY.replace("\n", "\r\n")}
    inputs = PullInputs(
        site,
        CONFIG,
        replace(LOCK, categories={**LOCK.categories, "guides": CategoryLock("cat_1", was)}),
        texts,
        frozenset({CONFIG_NAME, *texts}),
        TreeBefore(dict.fromkeys(TEXTS, SENT), {}, {"guides": was}),
    )
    change = only_change(pull_plan(inputs))
    assert change.path == "guides/_category.yml" and "category cat_1" in change.reason
    assert edited_lines(change) == [
        "-name: Guides",
        "+name: User guides",
        "-    name: Anleitungen",
        "+    name: Handbücher",
    ]
    assert str(change.after).count("\r\n") == CATEGORY.count("\n")  # CRLF kept

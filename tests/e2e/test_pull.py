"""`hcsync pull` against the real emulator: a lossless round trip, then nothing to apply."""

from __future__ import annotations

from pathlib import Path

from hcsync.local.images import image_digests
from hcsync.local.loader import load_site
from hcsync.plan.canonical import canonical_html
from hcsync.plan.desired import Resolver, render_page
from hcsync.plan.planner import make_plan
from hcsync.sync.lockfile import read_lock
from hcsync.sync.remote import fetch_remote
from tests.e2e.conftest import Site
from tests.helpers import PNG, answered


def pulled(site_factory: object, name: str = "pulled") -> Site:
    return site_factory(None, name)  # type: ignore[operator,no-any-return]


def assert_in_sync(site: Site) -> None:
    """check clean, plan empty, apply sends no mutation."""
    check = site.hcsync("check", str(site.root))
    assert check.code == 0, check.out + check.err
    plan = site.plan("--detailed-exitcode")
    assert plan.code == 0, plan.out + plan.err
    assert "No changes" in plan.out
    applied = site.apply()
    assert applied.code == 0, applied.out + applied.err
    assert site.calls() == []


def assert_lossless(site: Site) -> None:
    """Each pulled page renders (links and images resolved) to the server's HTML, canonically."""
    tree = load_site(site.root)
    lock = read_lock(site.root)
    remote = fetch_remote(site.client)
    images = dict(image_digests(tree))
    plan = make_plan(tree, images, remote, lock)
    urls = plan.urls
    roots = {p.path: a.path for a in tree.articles for p in (a, *a.translations.values())}
    resolver = Resolver(urls, roots, image_digests=images, image_urls=lock.images)
    for article in tree.articles:
        draft = remote.drafts[article.remote_id or ""]
        pages = [(article, draft.content)] + [
            (page, site.client.get_translation_draft(draft.id, code, content=True).content)
            for code, page in article.translations.items()
        ]
        for page, content in pages:
            html = render_page(page, resolver, tree.config.default_language, tree.parses).html
            assert canonical_html(html) == canonical_html(content.html if content else ""), (
                page.path
            )


def test_content_example_applied_then_pulled_into_an_empty_folder(
    example: Site, site_factory: object
) -> None:
    assert example.apply().code == 0
    target = pulled(site_factory)
    result = target.hcsync("pull", str(target.root))
    assert result.code == 0, result.err
    assert target.calls() == []  # pull never changes the help center
    assert (target.root / "hcsync.yml").is_file() and (target.root / "hcsync.lock").is_file()
    written = sorted(p.relative_to(target.root).as_posix() for p in target.root.rglob("*.md"))
    assert len(written) == len(list(Path(example.root).rglob("*.md")))
    assert_lossless(target)
    assert_in_sync(target)


def test_directories_layout_for_a_new_tree(example: Site, site_factory: object) -> None:
    assert example.apply().code == 0
    target = pulled(site_factory)
    assert target.hcsync("pull", str(target.root), "--layout", "directories").code == 0
    assert "layout: directories" in (target.root / "hcsync.yml").read_text(encoding="utf-8")
    assert (target.root / "en/getting-started/welcome.md").is_file()
    assert (target.root / "de/getting-started/welcome.md").is_file()
    assert (target.root / "fr/getting-started/welcome.md").is_file()
    assert_in_sync(target)


def test_pull_refuses_a_tree_it_cannot_match(example: Site) -> None:
    result = example.hcsync("pull", str(example.root))
    assert result.code == 1 and "no hcsync.lock" in result.err
    other = example.hcsync("pull", str(example.root), "--layout", "directories")
    assert other.code == 1 and "says layout: suffix" in other.err
    assert example.calls() == []


# -- a help center written in the dashboard (hand-written HTML, through the API) ---------

TABLE = (
    "<table><thead><tr><th>Plan</th><th>Price</th></tr></thead><tbody>"
    '<tr><td colspan="2">Everything below is per month</td></tr>'
    "<tr><td>Free</td><td>0 &euro;</td></tr></tbody></table>"
)
LISTS = "<ul><li>Devices<ul><li>Phone</li><li>Laptop &amp; tablet</li></ul></li><li>Web</li></ul>"
CODE = '<pre><code class="language-python">print("a &lt; b")\n\nexit(0)\n</code></pre>'


def build_dashboard_center(site: Site) -> dict[str, str]:
    """Categories, a subcategory, articles in HTML, an image, links, a translation, a draft."""
    client = site.client
    tree = client.create_category(
        "Guides", description="How to", translations={"de": {"name": "Anleitungen"}}
    )
    guides = tree[0].id
    tree = client.create_category("Advanced topics", parent_id=guides)
    advanced = next(c for c in tree[0].children if c.name == "Advanced topics").id
    image = client.upload_image("chart.png", PNG)
    limits = client.create_article(
        "Limits",
        html='<h2 id="tiers">Tiers</h2><p>Three tiers.</p><h2 id="custom-id">Quotas</h2><p>Per day.</p>',
        category_id=advanced,
    )
    client.update_metadata(limits.id, slug="limits")
    limits = answered(client.publish(limits.id))
    client.update_translation_draft(limits.id, "de", title="Grenzen", html="<p>Drei Stufen.</p>")
    client.publish_translation(limits.id, "de")
    plans = client.create_article(
        "Plans & prices",
        html=(
            f'<p>See <a href="{limits.url}#tiers">the tiers</a> and '
            f'<a href="https://example.com/x">elsewhere</a>.</p>{TABLE}{LISTS}{CODE}'
            f'<p><img src="{image.url}" alt="A chart"></p><ol start="3"><li>Third</li></ol>'
        ),
        category_id=guides,
    )
    client.publish(plans.id)
    draft = client.create_article("Upcoming feature", html="<p>Not yet.</p>", category_id=guides)
    return {"limits": limits.id, "plans": plans.id, "draft": draft.id}


def test_a_dashboard_center_pulls_losslessly_and_plans_empty(site_factory: object) -> None:
    source = pulled(site_factory, "source")
    ids = build_dashboard_center(source)
    target = pulled(site_factory)
    result = target.hcsync("pull", str(target.root))
    assert result.code == 0, result.err
    assert "kept as close" not in result.err  # every page renders back to the server's HTML
    plans = (target.root / "guides/plans-prices.md").read_text(encoding="utf-8")
    assert "[the tiers](advanced-topics/limits.md#tiers)" in plans
    assert "(https://example.com/x)" in plans
    assert '<td colspan="2">' in plans and "```python" in plans and "3. Third" in plans
    assert "![A chart](img/chart.png)" in (target.root / "guides/plans-prices.md").read_text()
    assert (target.root / "guides/img/chart.png").read_bytes() == PNG
    limits = (target.root / "guides/advanced-topics/limits.md").read_text(encoding="utf-8")
    assert "## Tiers\n" in limits and "## Quotas {#custom-id}" in limits
    assert (target.root / "guides/advanced-topics/limits.de.md").is_file()
    draft = (target.root / "guides/upcoming-feature.md").read_text(encoding="utf-8")
    assert f"id: {ids['draft']}" in draft and "status: draft" in draft
    assert "Anleitungen" in (target.root / "guides/_category.yml").read_text(encoding="utf-8")
    assert_lossless(target)
    assert_in_sync(target)
    assert_in_sync(target)


def test_pending_draft_changes_are_pulled_and_stay_unpublished(site_factory: object) -> None:
    source = pulled(site_factory, "source")
    client = source.client
    category = client.create_category("Guides")[0].id
    article = client.create_article("Pricing", html="<p>Old price.</p>", category_id=category)
    client.publish(article.id)
    client.update_translation_draft(article.id, "de", title="Preise", html="<p>Alter Preis.</p>")
    client.publish_translation(article.id, "de")
    client.update_draft(article.id, html="<p>New price, not announced yet.</p>")
    client.update_translation_draft(article.id, "de", html="<p>Neuer Preis.</p>")
    target = pulled(site_factory)
    assert target.hcsync("pull", str(target.root)).code == 0
    for name, words in (("pricing.md", "New price"), ("pricing.de.md", "Neuer Preis")):
        text = (target.root / "guides" / name).read_text(encoding="utf-8")
        assert "unpublished_changes: true" in text and words in text
    assert_in_sync(target)
    live = client.get_article(article.id, content=True)
    assert live.content is not None and "Old price" in live.content.html
    live_de = client.get_translation(article.id, "de", content=True)
    assert live_de.content is not None and "Alter Preis" in live_de.content.html


# -- hostile names ---------------------------------------------------------------------


def test_hostile_names_never_leave_the_folder(site_factory: object) -> None:
    source = pulled(site_factory, "source")
    client = source.client
    names = ["../../escape", "CON", "a/b\\c", "..", "/etc/passwd", "NUL.txt", "Report", "REPORT"]
    for name in names[:4]:
        client.create_category(name)
    categories = client.list_categories()
    image = client.upload_image("..\\..\\CON.png", PNG)
    for index, title in enumerate([*names, "x" * 300, "Bell\x07 ring", "Über größe"]):
        category = categories[index % len(categories)].id
        html = f'<p>Article {index}. <img src="{image.url}" alt="i"></p>'
        client.create_article(title, html=html, category_id=category)
    target = pulled(site_factory)
    result = target.hcsync("pull", str(target.root))
    assert result.code == 0, result.err
    files = [p.relative_to(target.root) for p in target.root.rglob("*")]
    assert len([f for f in files if f.suffix == ".md"]) == 11
    outside = [p for p in target.root.parent.rglob("*") if not p.is_relative_to(target.root)]
    assert all(p.is_relative_to(target.root.parent / "source") for p in outside)
    for rel in files:
        assert ".." not in rel.parts
        assert rel.name.split(".")[0].lower() not in {"con", "nul", "prn", "aux"}
        assert len(rel.name) <= 90 and rel.name.isascii() and rel.name.isprintable()
    stems = [f.as_posix().lower() for f in files]
    assert len(stems) == len(set(stems))  # "Report" and "REPORT" got two files
    # The titles come as the server has them; `check` then names what a writer must fix
    # (a title with no slug in it, two titles with one slug, a bell character).
    checked = target.hcsync("check", str(target.root))
    codes = sorted(line.split(" ")[1] for line in checked.out.splitlines())
    assert codes == ["HC006", "HC011", "HC014"], checked.out


# -- incremental pull --------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, bytes]:
    """The tree as a writer sees it: not the lock, not the caches in `.hcsync/`."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != "hcsync.lock" and ".hcsync" not in p.relative_to(root).parts
    }


def front_matter_id(path: Path) -> str:
    line = next(x for x in path.read_text(encoding="utf-8").splitlines() if x.startswith("id: "))
    return line.removeprefix("id: ")


def test_one_dashboard_edit_changes_exactly_one_file(example: Site, site_factory: object) -> None:
    assert example.apply().code == 0
    target = pulled(site_factory)
    assert target.hcsync("pull", str(target.root)).code == 0
    before = snapshot(target.root)
    refunds = target.root / "billing/refunds.md"
    article_id = front_matter_id(refunds)
    draft = target.client.get_draft(article_id, content=True)
    html = draft.content.html if draft.content else ""
    target.client.update_draft(
        article_id, html=html + "<p>Refunds take <strong>5</strong> days.</p>"
    )
    target.client.publish(article_id)
    drift = target.plan("--refresh")  # an untouched page's dashboard edit: the full read
    assert drift.code == 1 and "`hcsync pull` brings them into the tree" in drift.err
    dry = target.hcsync("pull", str(target.root), "--dry-run")
    assert dry.code == 0, dry.err
    assert "--- a/billing/refunds.md\n+++ b/billing/refunds.md\n" in dry.out
    assert "\n+Refunds take **5** days.\n" in dry.out
    assert "would write billing/refunds.md (article: content or title changed" in dry.out
    assert snapshot(target.root) == before
    result = target.hcsync("pull", str(target.root))
    assert result.code == 0, result.err
    after = snapshot(target.root)
    changed = sorted(k for k in after if after[k] != before.get(k))
    assert changed == ["billing/refunds.md"]
    assert "Refunds take **5** days." in refunds.read_text(encoding="utf-8")
    assert_in_sync(target)


def test_a_file_changed_on_both_sides_is_refused_by_name(
    example: Site, site_factory: object
) -> None:
    assert example.apply().code == 0
    target = pulled(site_factory)
    assert target.hcsync("pull", str(target.root)).code == 0
    invoices = target.root / "billing/invoices.md"
    with invoices.open("a", encoding="utf-8") as text:
        text.write("\nA local line.\n")
    local = invoices.read_bytes()
    draft = target.client.get_draft(front_matter_id(invoices), content=True)
    html = (draft.content.html if draft.content else "") + "<p>Edited in the dashboard.</p>"
    target.client.update_draft(draft.id, html=html)
    target.client.publish(draft.id)
    refused = target.hcsync("pull", str(target.root))
    assert refused.code == 1 and "billing/invoices.md" in refused.err
    assert invoices.read_bytes() == local
    forced = target.hcsync("pull", str(target.root), "--force")
    assert forced.code == 0, forced.err
    assert "Edited in the dashboard." in invoices.read_text(encoding="utf-8")
    assert "A local line." not in invoices.read_text(encoding="utf-8")
    assert_in_sync(target)


def test_init_then_pull_follows_hcsync_yml(example: Site, site_factory: object) -> None:
    assert example.apply().code == 0
    target = pulled(site_factory)
    assert target.hcsync("init", str(target.root), "--center-id", "demo").code == 0
    result = target.hcsync("pull", str(target.root))
    assert result.code == 0, result.err
    assert "translations into 'de' are not pulled: add it to languages in hcsync.yml" in result.err
    assert not list(target.root.rglob("*.de.md"))
    assert_in_sync(target)


def test_dashboard_additions_and_deletions_come_back(example: Site, site_factory: object) -> None:
    assert example.apply().code == 0
    target = pulled(site_factory)
    assert target.hcsync("pull", str(target.root)).code == 0
    client = target.client
    gone = front_matter_id(target.root / "billing/update-payment-method.md")
    client.delete_article(gone)
    category = next(c for c in client.list_categories() if c.name == "Billing").id
    new = client.create_article("Tax receipts", html="<p>Ask us.</p>", category_id=category)
    client.update_translation_draft(new.id, "de", title="Steuerbelege", html="<p>Fragen.</p>")
    # An unpublished translation is listed nowhere (as documented): found by probing.
    result = target.hcsync("pull", str(target.root), "--probe-translation-drafts")
    assert result.code == 0, result.err
    assert "deleted billing/update-payment-method.md" in result.out
    assert not (target.root / "billing/update-payment-method.md").exists()
    assert (target.root / "billing/tax-receipts.md").is_file()
    assert (target.root / "billing/tax-receipts.de.md").is_file()
    assert_in_sync(target)


def test_an_article_moved_in_the_dashboard_moves_with_its_links(
    example: Site, site_factory: object
) -> None:
    assert example.apply().code == 0
    target = pulled(site_factory)
    assert target.hcsync("pull", str(target.root)).code == 0
    before = snapshot(target.root)
    account = next(c for c in target.client.list_categories() if c.name == "Your account").id
    target.client.update_metadata(
        front_matter_id(target.root / "billing/invoices.md"), category=account
    )
    result = target.hcsync("pull", str(target.root))
    assert result.code == 0, result.err
    after = snapshot(target.root)
    assert not (target.root / "billing/invoices.md").exists()
    assert (target.root / "your-account/invoices.md").is_file()
    changed = sorted(k for k in after if after.get(k) != before.get(k))
    assert "billing/plans-and-pricing.md" in changed  # its link to invoices.md is redone
    assert "(../your-account/invoices.md)" in after["billing/plans-and-pricing.md"].decode()
    assert_in_sync(target)

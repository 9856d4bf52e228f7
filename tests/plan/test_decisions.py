"""The pure planner on plain objects: every decision case, no emulator, no disk."""

from __future__ import annotations

from dataclasses import replace

from hcsync.api.models import Content, Seo
from hcsync.config import SiteConfig
from hcsync.plan.desired import Resolver, article_url
from hcsync.plan.lock import Lock
from hcsync.plan.markdown import headline
from hcsync.plan.model import Aspect, DriftPolicy, Kind, PageRef, Plan
from hcsync.plan.payloads import Metadata, SeoText
from tests.plan.builders import CENTER, CONFIG, html, kinds, page, plan, site, synced, translation

A = page("guides/a.md", "Alpha", "Alpha text.")
B = page("guides/b.md", "Beta", "Beta text.")


def test_in_sync_is_an_empty_plan_with_observations() -> None:
    local = site(A, B)
    remote, lock = synced(local)
    result = plan(local, remote, lock)
    assert result.operations == () and result.drifts == ()
    assert set(result.observed) == {"guides/a.md", "guides/b.md"}


def test_a_local_edit_is_a_draft_update_and_a_publish() -> None:
    remote, lock = synced(site(A, B))
    edited = site(replace(A, body="Alpha, edited.\n"), B)
    assert kinds(plan(edited, remote, lock)) == ["update_draft:guides/a.md", "publish:guides/a.md"]


def test_a_dashboard_edit_is_drift_refused_skipped_or_overwritten() -> None:
    local = site(A, B)
    remote, lock = synced(local)
    edited = replace(remote.drafts["art_1"], content=Content("<p>Changed online</p>", ""))
    remote = replace(remote, drafts={**remote.drafts, "art_1": edited})
    refused = plan(local, remote, lock)
    assert refused.operations == ()
    assert [(d.path, d.aspect) for d in refused.drifts] == [("guides/a.md", Aspect.CONTENT)]
    assert "refused" in refused.drifts[0].detail
    skipped = plan(local, remote, lock, DriftPolicy.SKIP)
    assert skipped.operations == () and "skipped" in skipped.drifts[0].detail
    overwritten = plan(local, remote, lock, DriftPolicy.OVERWRITE)
    assert kinds(overwritten) == ["update_draft:guides/a.md", "publish:guides/a.md"]


def test_a_remote_that_already_holds_the_tree_is_no_drift_whatever_the_lock() -> None:
    """A lost lock commit: the lock is older than what the last apply sent."""
    old_local = site(A, B)
    _, old_lock = synced(old_local)
    local = site(replace(A, body="Alpha, new.\n"), B)
    remote, _ = synced(local)
    result = plan(local, remote, old_lock)
    assert result.operations == () and result.drifts == ()
    assert result.observed["guides/a.md"].sent != old_lock.articles["guides/a.md"].sent


def test_sanitiser_noise_is_no_change() -> None:
    local = site(page("guides/a.md", "Alpha", "One\n\n---\n\nTwo"), B)
    remote, _ = synced(local)
    noisy = '<p>One</p>\n<hr />\n<!-- c --><p  class="x" style="a">Two</p>'
    sanitised = replace(
        remote.drafts["art_1"], content=Content(noisy.replace(' class="x"', ""), "")
    )
    remote = replace(remote, drafts={**remote.drafts, "art_1": sanitised})
    result = plan(local, remote, Lock())
    assert result.operations == () and result.drifts == ()


def test_no_lock_adopts_by_slug_title_or_text_and_never_creates_a_twin() -> None:
    local = site(A, B)
    remote, _ = synced(local)
    result = plan(local, remote, Lock())
    assert result.operations == ()
    assert {p: e.id for p, e in result.observed.items()} == {
        "guides/a.md": "art_1",
        "guides/b.md": "art_2",
    }
    retitled = site(replace(A, title="Alpha renamed"), B)
    result = plan(retitled, remote, Lock())  # equal text finds it
    assert kinds(result) == ["update_draft:guides/a.md", "publish:guides/a.md"]


def test_two_remote_candidates_are_an_error_not_a_guess() -> None:
    local = site(A)
    remote, _ = synced(site(A, replace(B, title="Alpha")))
    result = plan(local, remote, Lock())
    assert result.errors and "art_1, art_2" in result.errors[0]
    assert not any(op.kind is Kind.CREATE_ARTICLE for op in result.operations)


def test_a_new_article_is_created_with_its_seo_then_published() -> None:
    remote, lock = synced(site(A))
    local = site(A, B)
    result = plan(local, remote, lock)
    assert kinds(result) == ["create_article:guides/b.md", "publish:guides/b.md"]
    create = result.operations[0]
    assert create.payload_as(Metadata).seo == SeoText("", "")
    assert result.operations[1].needs == (create.key,)


def test_metadata_the_server_does_not_show_is_trusted_then_read_back() -> None:
    local = site(A)
    remote, lock = synced(local)
    hidden = replace(remote.drafts["art_1"], shown=frozenset({"slug"}), seo=None)
    remote = replace(remote, drafts={"art_1": hidden})
    assert plan(local, remote, lock).operations == ()
    seo_changed = site(replace(A, seo=replace(A.seo, title="A title for search")))
    result = plan(seo_changed, remote, lock)
    assert kinds(result) == ["update_metadata:guides/a.md"]
    assert {ref.path for ref in result.to_read} == {"guides/a.md"}  # verified before sending
    already = replace(
        remote,
        published={
            "art_1": replace(hidden, seo=Seo("A title for search", ""), shown=frozenset({"seo"}))
        },
    )
    assert plan(seo_changed, already, lock).operations == ()


def test_translations_follow_their_root_and_drift_alone() -> None:
    de = translation("guides/a.de.md", "de", "Alpha DE")
    local = site(replace(A, translations={"de": de}))
    remote, lock = synced(local)
    assert plan(local, remote, lock).operations == ()
    edited = site(replace(A, translations={"de": replace(de, body="Neu.\n")}))
    assert kinds(plan(edited, remote, lock)) == [
        "update_translation:guides/a.md#de",
        "publish_translation:guides/a.md#de",
    ]
    online = replace(remote.translations[("art_1", "de")], content=Content("<p>Online</p>", ""))
    drifted = replace(remote, translations={("art_1", "de"): online})
    result = plan(local, drifted, lock)
    assert result.operations == () and result.drifts[0].language == "de"


def test_prune_deletes_what_left_the_tree_and_the_share_is_guarded() -> None:
    many = [page(f"guides/p{i}.md", f"Page {i}", f"Text {i}.") for i in range(10)]
    remote, lock = synced(site(*many, categories=("guides", "old")))
    kept = site(*many[:6])
    result = plan(kept, remote, lock, prune=True)
    assert sorted(k for k in kinds(result)) == sorted(
        [f"delete_article:guides/p{i}.md" for i in range(6, 10)] + ["delete_category:old"]
    )
    assert result.unsafe and "4 of 10" in result.unsafe
    assert plan(site(*many[:8]), remote, lock, prune=True).unsafe is None


def test_a_category_edited_online_is_drift_and_a_local_rename_an_update() -> None:
    local = site(A)
    remote, lock = synced(local)
    recorded = plan(local, remote, lock).observed_categories["guides"]
    lock = replace(lock, categories={"guides": recorded})
    renamed = replace(remote, categories=(replace(remote.categories[0], name="Online name"),))
    assert plan(local, renamed, lock).drifts[0].aspect is Aspect.CATEGORY
    local_rename = replace(
        local, categories=(replace(local.categories[0], name="Guides and tips"),)
    )
    assert kinds(plan(local_rename, remote, lock)) == ["update_category:guides"]


def test_operations_follow_their_dependencies() -> None:
    de = translation("guides/b.de.md", "de", "Beta DE", "Siehe [a](a.md).")
    linked = replace(B, body="See [alpha](a.md).\n", translations={"de": de})
    result = plan(site(A, linked), *synced(site(categories=())))
    order = [str(op.key) for op in result.operations]
    assert order.index("create_category:guides") < order.index("create_article:guides/a.md")
    assert order.index("create_article:guides/a.md") < order.index("create_article:guides/b.md")
    assert order.index("publish:guides/b.md") < order.index("publish_translation:guides/b.md#de")


def test_a_long_chain_of_new_linked_articles_is_one_import_and_a_cycle_a_follow_up() -> None:
    chain = [
        page(f"guides/p{i}.md", f"Page {i}", f"See [before](p{i - 1}.md)." if i else "First.")
        for i in range(3000)  # deeper than Python's recursion limit
    ]
    chain[0] = replace(chain[0], body="See [the last](p2999.md).\n")  # closes one cycle
    result = plan(site(*chain), *synced(site()))
    creates = [op.path for op in result.operations if op.kind is Kind.CREATE_ARTICLE]
    assert len(creates) == len(set(creates)) == 3000
    follow_ups = [op.path for op in result.operations if op.kind is Kind.UPDATE_DRAFT]
    assert len(follow_ups) == 1  # one draft completed once the cycle's articles exist


def test_pages_whose_files_left_the_tree_are_listed_as_staying_without_prune() -> None:
    with_de = replace(B, translations={"de": translation("guides/b.de.md", "de", "Beta DE")})
    remote, lock = synced(site(A, with_de))
    shrunk = site(B)  # a.md deleted, b.de.md deleted
    kept = plan(shrunk, remote, lock)
    assert kept.operations == ()
    assert kept.left_tree == (PageRef("guides/a.md"), PageRef("guides/b.md", "de"))
    assert headline(kept) == (
        "No changes to make; 2 page(s) whose files left the tree stay on the help center"
        " (--prune deletes them)."
    )
    assert Plan.from_json(kept.to_json()).left_tree == kept.left_tree
    pruned = plan(shrunk, remote, lock, prune=True)
    assert pruned.left_tree == ()
    assert kinds(pruned) == ["delete_translation:guides/b.md#de", "delete_article:guides/a.md"]


def test_a_language_the_center_lacks_is_an_error_of_the_plan() -> None:
    local = replace(site(A), config=SiteConfig(default_language="en", languages=("de", "ja")))
    remote, lock = synced(site(A))
    assert plan(local, remote, lock).errors == (
        "hcsync.yml lists the language 'ja', which the help center does not have (it has en, de):"
        " add it to the help center, or remove it from languages:",
    )


def test_a_subcategory_shown_without_translations_needs_none_sent_in_one_language() -> None:
    """The documented API shows a subcategory without `translations`: a tree with no other
    language has none to compare, so nothing is sent; one with languages cannot tell."""
    remote, lock = synced(site(A))
    hidden = replace(remote.categories[0], shown=frozenset({"description"}))
    remote, lock = replace(remote, categories=(hidden,)), replace(lock, categories={})
    monolingual = replace(site(A), config=replace(CONFIG, languages=()))
    assert kinds(plan(monolingual, remote, lock)) == []
    assert kinds(plan(site(A), remote, lock)) == ["update_category:guides"]


def test_without_its_lock_a_numbered_slug_is_the_servers_choice_said_once() -> None:
    """A server that never gives a slug twice stored `alpha-2` for `alpha`: with the lock
    lost, sending `alpha` again would only be numbered again, so nothing is sent, links use
    the URL the server made, and the plan says so (apply records it: not said again)."""
    linking = replace(B, body="See [alpha](a.md).\n")
    local = site(replace(A, slug="alpha"), linking)
    remote, _ = synced(local)
    numbered = replace(remote.drafts["art_1"], slug="alpha-2")
    remote = replace(remote, drafts={**remote.drafts, "art_1": numbered})
    url = article_url(CENTER.domain, 1, "alpha-2")
    resolver = Resolver({PageRef("guides/a.md"): url}, {"guides/a.md": "guides/a.md"})
    linked = replace(remote.drafts["art_2"], content=Content(html(linking, resolver), ""))
    remote = replace(remote, drafts={**remote.drafts, "art_2": linked})
    result = plan(local, remote, Lock("demo"))
    assert kinds(result) == []
    assert result.chosen_slugs == (
        "guides/a.md: the help center stored slug 'alpha-2' for 'alpha'; links use it",
    )
    assert result.urls[PageRef("guides/a.md")] == url
    recorded = replace(Lock("demo"), articles=dict(result.observed))
    assert plan(local, remote, recorded).chosen_slugs == ()
    assert kinds(plan(local, remote, recorded)) == []


def test_a_slug_not_numbered_from_the_trees_is_still_sent() -> None:
    local = site(replace(A, slug="alpha"))
    remote, _ = synced(local)
    other = replace(remote.drafts["art_1"], slug="alphabet-2")
    result = plan(local, replace(remote, drafts={"art_1": other}), Lock("demo"))
    assert kinds(result) == ["update_metadata:guides/a.md"]
    assert result.chosen_slugs == ()

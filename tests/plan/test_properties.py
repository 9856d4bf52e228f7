"""Properties of the pure planner over random trees: hundreds of examples in seconds."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from hcsync.local.model import LocalArticle, LocalSite
from hcsync.plan.lock import Lock
from hcsync.plan.model import Kind
from hcsync.sync.handlers import HANDLERS
from tests.plan.builders import page, plan, site, synced, translation

WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta", "*bold*", "`code`", "---"])
TEXT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


@st.composite
def trees(draw: st.DrawFn) -> LocalSite:
    count = draw(st.integers(1, 8))
    articles: list[LocalArticle] = []
    for i in range(count):
        folder = draw(st.sampled_from(["guides", "faq"]))
        body = draw(TEXT)
        if i and draw(st.booleans()):
            body += f"\n\nSee [before](../{articles[-1].path})."
        article = page(f"{folder}/p{i}.md", f"Page {i} {draw(TEXT)}", body, slug=f"p{i}")
        if draw(st.booleans()):
            article = replace(
                article,
                translations={
                    "de": translation(
                        f"{folder}/p{i}.de.md", "de", f"Seite {i}", draw(TEXT), f"s{i}"
                    )
                },
            )
        articles.append(article)
    return site(*articles, categories=("faq", "guides"))


def _edit(local: LocalSite, index: int, text: str) -> LocalSite:
    articles = list(local.articles)
    target = articles[index % len(articles)]
    articles[index % len(articles)] = replace(target, body=target.body + text + "\n")
    return replace(local, articles=tuple(articles))


@settings(max_examples=300, deadline=None)
@given(trees())
def test_a_synced_center_plans_nothing_with_its_lock_or_without(local: LocalSite) -> None:
    remote, lock = synced(local)
    for used in (lock, Lock()):
        result = plan(local, remote, used)
        assert result.operations == () and result.drifts == () and result.errors == ()


@settings(max_examples=300, deadline=None)
@given(trees(), st.integers(0, 7), TEXT)
def test_an_edit_updates_that_page_only_and_an_old_lock_changes_nothing(
    local: LocalSite, index: int, text: str
) -> None:
    remote, lock = synced(local)
    edited = _edit(local, index, text)
    changed = {a.path for a, b in zip(local.articles, edited.articles, strict=True) if a != b}
    result = plan(edited, remote, lock)
    assert {op.path for op in result.operations} == changed
    assert {op.kind for op in result.operations} == {Kind.UPDATE_DRAFT, Kind.PUBLISH}
    new_remote, _ = synced(edited)  # the edit was applied, but its lock commit was lost
    assert plan(edited, new_remote, lock).operations == ()


@settings(max_examples=200, deadline=None)
@given(trees())
def test_a_fresh_center_creates_each_article_once(local: LocalSite) -> None:
    remote, lock = synced(site(categories=()))
    result = plan(local, remote, lock)
    creates = [op.path for op in result.operations if op.kind is Kind.CREATE_ARTICLE]
    assert sorted(creates) == sorted(a.path for a in local.articles)
    keys = [op.key for op in result.operations]
    assert len(keys) == len(set(keys))
    position = {op.key: i for i, op in enumerate(result.operations)}
    assert all(
        position[n] < position[op.key]
        for op in result.operations
        for n in op.needs
        if n in position
    )


def test_apply_has_a_handler_for_every_kind() -> None:
    assert set(HANDLERS) == set(Kind)


def _articles(local: LocalSite) -> tuple[LocalArticle, ...]:
    return local.articles

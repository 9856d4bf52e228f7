"""The follow-up draft updates of a first import: every link cycle broken, with few writes."""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter

from hypothesis import given, settings
from hypothesis import strategies as st

from hcsync.plan.cycles import follow_ups

Links = dict[str, frozenset[str]]


def chain(n: int) -> Links:
    """Articles linking to the one before and the one after (prev/next navigation)."""
    names = [f"p{i}.md" for i in range(n)]
    return {
        name: frozenset(names[j] for j in (i - 1, i + 1) if 0 <= j < n)
        for i, name in enumerate(names)
    }


def is_acyclic_without(links: Links, chosen: frozenset[str]) -> bool:
    """Whether creating in order works once the chosen articles wait for nothing."""
    waits = {path: set() if path in chosen else set(targets) for path, targets in links.items()}
    try:
        tuple(TopologicalSorter(waits).static_order())
    except CycleError:
        return False
    return True


def test_a_chain_of_mutual_links_needs_one_follow_up_per_two_articles() -> None:
    for n in (2, 3, 4, 5, 10, 355):
        chosen = follow_ups(chain(n), frozenset(chain(n)))
        assert len(chosen) == n // 2  # the minimum: each pair (i, i+1) is a cycle
        assert is_acyclic_without(chain(n), chosen)


def test_a_ring_or_a_page_linking_to_itself_needs_one() -> None:
    ring = {f"r{i}.md": frozenset([f"r{(i + 1) % 50}.md"]) for i in range(50)}
    assert len(follow_ups(ring, frozenset(ring))) == 1
    assert follow_ups({"a.md": frozenset(["a.md"])}, frozenset(["a.md"])) == {"a.md"}


def test_links_to_articles_that_exist_already_need_none() -> None:
    links = chain(10)
    assert follow_ups(links, frozenset(["p0.md", "p2.md", "p4.md"])) == frozenset()


@st.composite
def link_graphs(draw: st.DrawFn) -> tuple[Links, frozenset[str]]:
    names = [f"a{i}.md" for i in range(draw(st.integers(1, 25)))]
    links = {name: frozenset(draw(st.lists(st.sampled_from(names), max_size=4))) for name in names}
    new = frozenset(draw(st.lists(st.sampled_from(names), min_size=1)))
    return links, new


@settings(max_examples=300, deadline=None)
@given(link_graphs())
def test_every_cycle_among_new_articles_is_broken_by_a_new_article(
    graph: tuple[Links, frozenset[str]],
) -> None:
    links, new = graph
    chosen = follow_ups(links, new)
    assert chosen <= new
    among_new = {path: links[path] & new for path in new}
    assert is_acyclic_without(among_new, chosen)
    assert follow_ups(dict(reversed(links.items())), new) == chosen  # the same every run

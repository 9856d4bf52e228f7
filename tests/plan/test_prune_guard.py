"""Prune never empties a center by accident: the guard is `Plan.unsafe`, at any size."""

from __future__ import annotations

import pytest

from hcsync.errors import FatalError
from hcsync.local.model import LocalArticle
from hcsync.plan.model import Plan
from tests.plan.builders import page, plan, site, synced


def _center(size: int) -> list[LocalArticle]:
    return [page(f"guides/p{i}.md", f"Page {i}", f"Text {i}.") for i in range(size)]


def test_an_empty_checkout_of_a_small_center_is_refused_saying_how_many_and_why() -> None:
    pages = _center(3)
    remote, lock = synced(site(*pages))

    result = plan(site(categories=()), remote, lock, prune=True)  # an empty checkout

    assert result.counts()["delete"] == 4  # three articles and their category
    assert result.unsafe is not None
    assert "the plan deletes 3 of 3 managed articles: every one of them" in result.unsafe
    with pytest.raises(FatalError, match=r"refusing an unsafe plan: .*--force"):
        result.refuse_if_unsafe(force=False)
    result.refuse_if_unsafe(force=True)


def test_the_nine_article_center_of_the_security_review_is_refused() -> None:
    remote, lock = synced(site(*_center(9)))

    assert plan(site(categories=()), remote, lock, prune=True).unsafe is not None


@pytest.mark.parametrize(("size", "kept", "unsafe"), [(2, 1, True), (4, 3, False), (9, 6, True), (9, 7, False), (20, 14, False), (20, 13, True)])  # fmt: skip
def test_the_safe_share_holds_at_any_size(size: int, kept: int, unsafe: bool) -> None:
    pages = _center(size)
    remote, lock = synced(site(*pages))

    result = plan(site(*pages[:kept]), remote, lock, prune=True)

    assert (result.unsafe is not None) is unsafe, result.unsafe


def test_a_plan_that_removes_nothing_is_safe_even_on_an_empty_center() -> None:
    assert Plan(operations=()).unsafe is None


def test_a_saved_plan_keeps_its_guard() -> None:
    remote, lock = synced(site(*_center(3)))
    result = plan(site(), remote, lock, prune=True)

    assert Plan.from_json(result.to_json()).unsafe == result.unsafe

"""A retried write whose first attempt took effect is done, not an error.

The emulator makes the change and then drops the connection (`drop_after`): the
client retries, the server refuses (`not_published`, 404), and apply judges by
the state it finds.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Site


@pytest.mark.parametrize(
    ("path", "edit"),
    [
        (
            "/v0/centers/*/articles/*/unpublish",
            ("billing/refunds.md", "slug: refunds\n", "slug: refunds\nstatus: draft\n"),
        ),
        (
            "/v0/centers/*/articles/*/translations/de/unpublish",
            ("billing/plans-and-pricing.de.md", "---\n", "---\nstatus: draft\n"),
        ),
    ],
)
def test_a_retried_unpublish_whose_first_answer_was_lost_is_done(
    example: Site, path: str, edit: tuple[str, str, str]
) -> None:
    assert example.apply().code == 0
    example.edit(*edit)
    example.control.add_fault(method="POST", path=path, action="drop_after")
    result = example.apply()
    assert result.code == 0, result.err[-2000:]
    sent = [e for e in example.control.journal()[example.mark :] if e["path"].endswith("unpublish")]
    # the change made and its answer lost, then the retry refused: it was already so
    assert [(e["fault"], e["status"]) for e in sent][-1] == (None, 400)
    assert sent[0]["fault"] == "drop_after"
    assert example.plan("--detailed-exitcode").code == 0


def test_a_retried_delete_whose_first_answer_was_lost_is_done(example: Site) -> None:
    example.write("billing/extra.md", "---\ntitle: Extra\n---\n\nNobody links here.\n")
    assert example.apply().code == 0
    (example.root / "billing" / "extra.md").unlink()
    example.control.add_fault(method="DELETE", path="/v0/centers/*/articles/*", action="drop_after")
    result = example.apply("--prune")
    assert result.code == 0, result.err[-2000:]
    assert example.plan("--prune", "--detailed-exitcode").code == 0

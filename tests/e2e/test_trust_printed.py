"""Server text is escaped wherever it is printed: a dashboard title cannot forge a
workflow command in a CI log, reach the terminal with an escape sequence, or leave a
raw ESC in the Markdown plan."""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.conftest import Site

FORGED = "Welcome\n::error file=README.md::forged\n  ::add-mask::x\x1b]0;owned\x07\x1b[2J\x9b1m"
COMMAND_LINE = re.compile(r"^\s*(::|##\[)", re.MULTILINE)


def _welcome_id(site: Site) -> str:
    lock = json.loads((site.root / "hcsync.lock").read_text(encoding="utf-8"))
    article_id: str = lock["articles"]["getting-started/welcome.md"]["id"]
    return article_id


@pytest.fixture
def forged(example: Site) -> Site:
    assert example.apply().code == 0
    article_id = _welcome_id(example)
    example.client.update_draft(
        article_id, title=FORGED, html="<p>::error::in the body\x1b[31m</p>"
    )
    example.client.publish(article_id)
    # The tree changes the page too: a plan reads what changed (an untouched page's
    # dashboard edit is seen by --refresh only), and this one is read and overwritten.
    (example.root / "getting-started/welcome.md").write_text(
        (example.root / "getting-started/welcome.md").read_text() + "\nOne more line.\n"
    )
    return example


def _assert_harmless(text: str) -> None:
    assert COMMAND_LINE.search(text) is None, text
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text


@pytest.mark.parametrize("extra", [(), ("--format", "markdown"), ("-v",)])
def test_a_forged_title_is_escaped_in_the_plan(forged: Site, extra: tuple[str, ...]) -> None:
    args = (
        ("-v", "plan", str(forged.root)) if extra == ("-v",) else ("plan", str(forged.root), *extra)
    )

    result = forged.hcsync(*args, "--on-drift", "overwrite")

    assert result.code == 0, result.err
    assert "forged" in result.out, "the title is shown, escaped"
    _assert_harmless(result.out + result.err)


def test_a_forged_title_keeps_the_json_plan_valid_and_free_of_raw_controls(forged: Site) -> None:
    result = forged.plan("--format", "json", "--on-drift", "overwrite")

    assert result.code == 0, result.err
    assert json.loads(result.out)["operations"]
    _assert_harmless(result.out)


def test_a_forged_title_is_escaped_in_the_apply_log_and_summary(forged: Site) -> None:
    summary = forged.root.parent / "summary.md"

    result = forged.apply("--on-drift", "overwrite", "--summary", str(summary))

    assert result.code == 0, result.err
    _assert_harmless(result.out + result.err)
    _assert_harmless(summary.read_text(encoding="utf-8"))

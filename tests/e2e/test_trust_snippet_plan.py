"""The `.git/config` snippet attack on `plan`: the token reaches no plan, cache or center."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import Site
from tests.helpers import article, make_tree

SECRET = "AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA=="


def _written(root: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink() and ".git" not in p.parts
    )


def test_a_snippet_linked_to_git_config_never_reaches_the_plan(site_factory: object) -> None:
    site: Site = site_factory(None)  # type: ignore[operator]
    make_tree(
        site.root,
        {
            ".git/config": f"[http]\n\textraheader = {SECRET}\n",
            "help/a.md": article("A", 'Text.\n\n{% include "leak.md" %}\n'),
        },
    )
    (site.root / "_snippets").mkdir()
    (site.root / "_snippets" / "leak.md").symlink_to("../.git/config")

    for result in (site.plan(), site.plan("--format", "markdown"), site.plan("--format", "json")):
        assert result.code == 1
        assert "is a link leading out of _snippets/" in result.out + result.err
        assert "extraheader" not in result.out + result.err
    assert SECRET not in _written(site.root)
    assert site.control.mutations() == []

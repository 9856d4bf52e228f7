"""Every command, option and check code is in the reference (the pages of docs/), and the
documentation site builds without a broken link (`mkdocs build --strict`, in CI)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click

from hcsync.cli import cli

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = "\n".join(p.read_text() for p in sorted((ROOT / "docs").glob("*.md")))


def _commands(group: click.Group, prefix: str) -> Iterator[tuple[str, click.Command]]:
    for name, command in group.commands.items():
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix} {name}")


def test_every_command_and_option_is_in_the_reference() -> None:
    missing = []
    for name, command in _commands(cli, "hcsync"):
        if name not in REFERENCE:
            missing.append(name)
        for param in command.params:
            if isinstance(param, click.Option):
                missing += [
                    f"{name} {opt}"
                    for opt in param.opts
                    if opt.startswith("--") and f"`{opt}" not in REFERENCE
                ]
    assert missing == []


def test_every_global_option_is_in_the_reference() -> None:
    options = [o for p in cli.params if isinstance(p, click.Option) for o in p.opts]
    assert [o for o in options if o.startswith("--") and f"`{o}" not in REFERENCE] == []


def test_every_check_code_is_in_the_reference() -> None:
    source = "".join(p.read_text() for p in (ROOT / "hcsync").rglob("*.py"))
    codes = set(re.findall(r'"(HC\d{3})"', source))
    assert codes
    assert sorted(c for c in codes if f"| {c} |" not in REFERENCE) == []


def test_every_page_is_in_the_site_navigation() -> None:
    nav = (ROOT / "mkdocs.yml").read_text()
    pages = sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    assert [p for p in pages if f": {p}" not in nav] == []

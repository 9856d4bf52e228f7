"""Every command and option of the CLI is documented (the README and the pages of docs/)."""

from __future__ import annotations

from pathlib import Path

import click

from hcsync.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = "\n".join(
    p.read_text() for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
)


def test_every_command_and_option_is_in_the_readme() -> None:
    missing = []
    for name, command in cli.commands.items():
        if f"hcsync {name}" not in README:
            missing.append(f"hcsync {name}")
        for param in command.params:
            if isinstance(param, click.Option):
                missing += [
                    opt for opt in param.opts if opt.startswith("--") and f"`{opt}" not in README
                ]
    assert missing == []


def test_every_check_code_is_in_the_readme() -> None:
    import re

    source = "".join(
        p.read_text() for p in (Path(__file__).resolve().parents[1] / "hcsync").rglob("*.py")
    )
    codes = set(re.findall(r'"(HC\d{3})"', source))
    assert codes
    assert sorted(c for c in codes if f"| {c} |" not in README) == []

"""action.yml: valid, and calls only commands and options that exist."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from hcsync.cli import cli

ACTION = Path(__file__).resolve().parents[1] / "action.yml"


def test_action_uses_existing_commands_and_options() -> None:
    action = yaml.safe_load(ACTION.read_text())
    assert action["runs"]["using"] == "composite"
    scripts = "\n".join(step.get("run", "") for step in action["runs"]["steps"])
    for command, rest in re.findall(r"hcsync (\w+)([^\n]*(?:\\\n[^\n]*)*)", scripts):
        assert command in cli.commands, command
        known = {opt for p in cli.commands[command].params for opt in getattr(p, "opts", [])}
        for option in re.findall(r"(--[a-z-]+)", rest):
            assert option in known, (command, option)
    assert {"--yes", "--on-drift", "--prune"} <= set(re.findall(r"--[a-z-]+", scripts))

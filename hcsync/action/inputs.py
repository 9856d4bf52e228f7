"""The Action's inputs, read from `INPUT_*` variables and refused when unknown."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

COMMANDS = ("plan", "apply", "check")
DRIFT_POLICIES = ("fail", "skip", "overwrite")
BOOLEANS = {"true": True, "false": False}


class InputError(Exception):
    """An input the Action cannot run with; the message names it and the choices."""


class Inputs(NamedTuple):
    content: Path
    command: str
    on_drift: str
    prune: bool
    comment: bool
    commit_lock: bool
    comment_author: str  # empty: the token's own login
    preview: bool = False  # build the static preview on pull requests (hcsync.action.preview)
    refresh: bool = False  # read everything (a scheduled drift check), not only what changed


def read_inputs(env: Mapping[str, str]) -> Inputs:
    def get(name: str, default: str) -> str:
        return env.get(f"INPUT_{name.upper().replace('-', '_')}", default).strip() or default

    return Inputs(
        content=Path(get("content", "content")),
        command=_choice("command", get("command", "plan"), COMMANDS),
        on_drift=_choice("on-drift", get("on-drift", "fail"), DRIFT_POLICIES),
        prune=_flag("prune", get("prune", "false")),
        comment=_flag("comment", get("comment", "true")),
        commit_lock=_flag("commit-lock", get("commit-lock", "true")),
        comment_author=get("comment-author", ""),
        preview=_flag("preview", get("preview", "false")),
        refresh=_flag("refresh", get("refresh", "false")),
    )


def _choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise InputError(f"input {name}: {value!r} is not one of {', '.join(choices)}")
    return value


def _flag(name: str, value: str) -> bool:
    if value.lower() not in BOOLEANS:
        raise InputError(f"input {name}: {value!r} is not true or false")
    return BOOLEANS[value.lower()]

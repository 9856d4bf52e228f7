"""The one error the command line maps to an exit code (as pre-commit does it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hcsync.local.model import Problem


class FatalError(Exception):
    """Something the user must fix; the message is one line that says what and how."""

    exit_code = 1


class ProblemsFound(FatalError):
    """`check` found errors in the tree: nothing is sent until they are fixed."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(
            f"{len(problems)} problems in the tree{more}: "
            "fix what `hcsync check` reports, nothing was sent"
        )

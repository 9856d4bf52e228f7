"""A finding of loading or checking the tree, and the refusal they add up to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hcsync.errors import FatalError


@dataclass(frozen=True)
class Problem:
    """One finding of loading or checking, shown as `path:line:col: CODE message`."""

    path: str
    line: int
    col: int
    code: str
    message: str
    severity: str = "error"  # or "warning"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class ProblemsFound(FatalError):
    """`check` found errors in the tree: nothing is sent until they are fixed."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(
            f"{len(problems)} problems in the tree{more}: "
            "fix what `hcsync check` reports, nothing was sent"
        )

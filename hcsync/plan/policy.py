"""What to do with drift: a leaf, so that the command line can offer it without the planner."""

from __future__ import annotations

from enum import StrEnum


class DriftPolicy(StrEnum):
    """What to do with a page edited on the help center since the last apply."""

    FAIL = "fail"
    SKIP = "skip"
    OVERWRITE = "overwrite"

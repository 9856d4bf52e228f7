"""The root of every error hcsync raises on purpose, mapped to an exit code in one place
(`hcsync.cli.main`, as pre-commit does it). A shared leaf: it imports nothing of hcsync.

    HcsyncError                     one line that says what and how; exit_code
    ├── FatalError                  something the user must fix (the tree, a setting, a file)
    │   └── ProblemsFound           (hcsync.local.problem) `check` found errors in the tree
    └── HelpCenterError             (hcsync.api.errors) everything the client raises
"""

from __future__ import annotations


class HcsyncError(Exception):
    """An error with a one-line message for the user; anything else is a crash."""

    exit_code = 1


class FatalError(HcsyncError):
    """Something the user must fix; the message is one line that says what and how."""

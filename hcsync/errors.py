"""The one error the command line maps to an exit code (as pre-commit does it)."""

from __future__ import annotations


class FatalError(Exception):
    """Something the user must fix; the message is one line that says what and how."""

    exit_code = 1

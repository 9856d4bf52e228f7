"""Problems as text (ruff style), JSON, or GitHub annotations, plus the summary line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace

from hcsync.local.controls import escape_controls
from hcsync.local.model import Problem

FORMATS = ("text", "json", "github")


def format_problems(problems: Sequence[Problem], fmt: str, root_prefix: str = "") -> str:
    problems = [_printable(p) for p in problems]
    if fmt == "json":
        return json.dumps(
            [_as_json(p, root_prefix) for p in problems], indent=2, ensure_ascii=False
        )
    if fmt == "github":
        return "\n".join(_github(p, root_prefix) for p in problems)
    return "\n".join(
        f"{root_prefix}{p.path}:{p.line}:{p.col}: {p.code} {_label(p)}{p.message}" for p in problems
    )


def summary(problems: Sequence[Problem], files: int) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"All good: {files} files checked."
    return f"Found {errors} {_plural(errors, 'error')} and {warnings} {_plural(warnings, 'warning')} in {files} files checked."


def _label(problem: Problem) -> str:
    return "" if problem.is_error else "(warning) "


def _as_json(problem: Problem, prefix: str) -> dict[str, object]:
    return {
        "path": prefix + problem.path,
        "line": problem.line,
        "col": problem.col,
        "code": problem.code,
        "severity": problem.severity,
        "message": problem.message,
    }


def _github(problem: Problem, prefix: str) -> str:
    level = "error" if problem.is_error else "warning"
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} file={prefix}{problem.path},line={problem.line},col={problem.col},title={problem.code}::{message}"


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def _printable(problem: Problem) -> Problem:
    """Control characters (from a file or folder name, a title) shown escaped, never raw."""
    path, message = escape_controls(problem.path), escape_controls(problem.message, "\n")
    if (path, message) == (problem.path, problem.message):
        return problem
    return replace(problem, path=path, message=message)

"""Problems as text (ruff style), JSON, or GitHub annotations, plus the summary line."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import replace

from hcsync.local.controls import escape_controls
from hcsync.local.problem import Problem

FORMATS = ("text", "json", "github", "markdown")


def format_problems(problems: Sequence[Problem], fmt: str, root_prefix: str = "") -> str:
    problems = [_printable(p) for p in problems]
    if fmt == "json":
        return json.dumps(
            [_as_json(p, root_prefix) for p in problems], indent=2, ensure_ascii=False
        )
    if fmt == "github":
        return "\n".join(_github(p, root_prefix) for p in problems)
    if fmt == "markdown":
        return _markdown(problems, root_prefix)
    return "\n".join(
        f"{root_prefix}{p.path}:{p.line}:{p.col}: {p.code} {_label(p)}{p.message}" for p in problems
    )


def summary(problems: Sequence[Problem], files: int) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"All good: {files} files checked."
    return f"Found {errors} {_plural(errors, 'error')} and {warnings} {_plural(warnings, 'warning')} in {files} files checked."


def _markdown(problems: Sequence[Problem], prefix: str) -> str:
    if not problems:
        return ""
    rows = ["| | file | line | problem |", "|---|---|---|---|"]
    for p in problems:
        where = html.escape(prefix + p.path).replace("|", "&#124;")
        message = html.escape(" ".join(p.message.split()), quote=False).replace("|", "\\|")
        icon = "❌" if p.is_error else "⚠️"
        rows.append(f"| {icon} | <code>{where}</code> | {p.line}:{p.col} | {p.code} {message} |")
    return "\n".join(rows)


def line_style(line: str) -> str | None:
    """The colour of a line of the text format on a terminal."""
    return "yellow" if ": (warning)" in line or "(warning) " in line else "red"


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
    properties = {
        "file": prefix + problem.path,
        "line": problem.line,
        "col": problem.col,
        "title": problem.code,
    }
    return github_command(level, escape_data(problem.message), properties)


def github_command(name: str, message: str, properties: dict[str, object] | None = None) -> str:
    """One workflow command line; `message` must already be escaped with `escape_data`."""
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in (properties or {}).items())
    return f"::{name}{' ' + props if props else ''}::{message}"


def escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message: no line break can end it early,
    and no other control character (an escape sequence from server text) stays raw."""
    text = escape_controls(text, "\r\n")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value also escapes `:` and `,`, which would end the value or the list."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def _printable(problem: Problem) -> Problem:
    """Control characters (from a file or folder name, a title) shown escaped, never raw."""
    path, message = escape_controls(problem.path), escape_controls(problem.message, "\n")
    if (path, message) == (problem.path, problem.message):
        return problem
    return replace(problem, path=path, message=message)

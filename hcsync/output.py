"""All of hcsync's output goes through here: results to stdout, messages to stderr.

The global options set the level once (`configure`): `-q` keeps only results and
errors, `-v` adds one line per request, `--debug` also shows tracebacks. Results
are coloured (rich) only on a terminal and never when NO_COLOR is set.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import click

from hcsync.local.controls import escape_controls

# A line → the rich style to show it in (None: plain).
Styler = Callable[[str], str | None]


@dataclass
class _Level:
    quiet: bool = False
    verbose: bool = False
    debug: bool = False


LEVEL = _Level()

# A line GitHub's runner would take for a workflow command (`::error …`, `::add-mask::`,
# the older `##[…]`): leading spaces are trimmed before it looks.
_WORKFLOW_COMMAND = re.compile(r"^([ \t]*)(:(?=:)|#(?=#\[))", re.MULTILINE)


def printable(text: str, workflow_commands: bool = False) -> str:
    """What may reach a terminal or a CI log: no raw control character (an OSC or CSI
    sequence from a dashboard title), and no line a runner would obey — the first
    character of such a line written as `\\xNN`. `workflow_commands`: the text is
    hcsync's own annotations (their messages already escaped with `report.escape_data`)."""
    text = escape_controls(text, "\n\t")
    if workflow_commands:
        return text
    return _WORKFLOW_COMMAND.sub(lambda m: f"{m.group(1)}\\x{ord(m.group(2)):02x}", text)


def configure(*, quiet: bool = False, verbose: bool = False, debug: bool = False) -> None:
    LEVEL.quiet, LEVEL.verbose, LEVEL.debug = quiet, verbose or debug, debug


def result(text: str = "", style: Styler | None = None, *, workflow_commands: bool = False) -> None:
    """What the command produces (a plan, a report): stdout, coloured on a terminal."""
    text = printable(text, workflow_commands)
    if style is None or not use_colour():
        click.echo(text)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    for line in text.splitlines():
        console.print(Text(line, style=style(line) or ""))


def use_colour() -> bool:
    no_colour = os.environ.get("NO_COLOR", "") != "" or os.environ.get("TERM") == "dumb"
    return is_terminal() and not no_colour


def info(text: str) -> None:
    if not LEVEL.quiet:
        click.echo(printable(text), err=True)


def warn(text: str) -> None:
    click.echo(printable(f"warning: {text}"), err=True)


def error(text: str) -> None:
    click.echo(printable(f"error: {text}"), err=True)


def request_line(method: str, path: str, status: int, seconds: float) -> None:
    """`-v`: one line per request. The path never holds the key (it travels in a header)."""
    click.echo(printable(f"{method:<6} {path} → {status} ({seconds * 1000:.0f} ms)"), err=True)


def is_terminal() -> bool:
    return sys.stdout.isatty()


def is_interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def confirm(question: str) -> bool:
    return click.confirm(question, default=False, err=True)


@contextmanager
def progress(
    total: int, time_left: Callable[[int], float] | None = None
) -> Iterator[Callable[[str], None]]:
    """A step reporter: a progress bar on a terminal, else one line per step on stderr.

    `time_left(steps)` says how long that many more steps take (the client's pacing):
    shown once it is long enough to matter.
    """
    if LEVEL.quiet or LEVEL.verbose or not sys.stderr.isatty():
        count = iter(range(1, total + 1))

        def line(step: str) -> None:
            done = next(count)
            info(f"[{done}/{total}] {step}{_left(time_left, total - done)}")

        yield line
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (
        TextColumn("{task.description:<60}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[left]}"),
    )
    with Progress(*columns, transient=False) as bar:
        task = bar.add_task("", total=total, left="")
        finished = iter(range(1, total + 1))

        def advance(step: str) -> None:
            left = _left(time_left, total - next(finished))
            bar.update(task, advance=1, description=printable(step)[:60], left=left)

        yield advance


def _left(time_left: Callable[[int], float] | None, steps: int) -> str:
    """' (about 3 min left at the rate limit)', or nothing under 10 seconds."""
    seconds = time_left(steps) if time_left is not None and steps else 0.0
    return f" (about {duration(seconds)} left at the rate limit)" if seconds >= 10 else ""


def duration(seconds: float) -> str:
    """12 s, 4 min, 2 h 05 min: as precise as a wait needs."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"{hours} h {minutes:02d} min"

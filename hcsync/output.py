"""All of hcsync's output goes through here: results to stdout, messages to stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click


def result(text: str = "") -> None:
    """What the command produces (a plan, a report): stdout."""
    click.echo(text)


def info(text: str) -> None:
    click.echo(text, err=True)


def warn(text: str) -> None:
    click.echo(f"warning: {text}", err=True)


def error(text: str) -> None:
    click.echo(f"error: {text}", err=True)


def is_terminal() -> bool:
    return sys.stdout.isatty()


def is_interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def confirm(question: str) -> bool:
    return click.confirm(question, default=False, err=True)


@contextmanager
def progress(total: int) -> Iterator[Callable[[str], None]]:
    """A step reporter: a progress bar on a terminal, else one line per step on stderr."""
    if not sys.stderr.isatty():
        count = iter(range(1, total + 1))
        yield lambda step: info(f"[{next(count)}/{total}] {step}")
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description:<60}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, transient=False) as bar:
        task = bar.add_task("", total=total)

        def advance(step: str) -> None:
            bar.update(task, advance=1, description=step[:60])

        yield advance

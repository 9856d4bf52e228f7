"""All of hcsync's output goes through here: results to stdout, messages to stderr."""

from __future__ import annotations

import sys

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

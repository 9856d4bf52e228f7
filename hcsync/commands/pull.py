"""`hcsync pull`: bring the help center into the tree (and dashboard edits into Git)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from hcsync import output
from hcsync.commands.client import open_client
from hcsync.config import CONFIG_NAME, SiteConfig, load_site_config
from hcsync.errors import FatalError
from hcsync.sync.pull import PullOptions, PullReport, pull


def run_pull(folder: Path, options: PullOptions) -> int:
    if folder.exists() and not folder.is_dir():
        raise FatalError(f"{folder} is not a folder; give the content root to pull into")
    with open_client(_config(folder, options.layout)) as client, ExitStack() as stack:
        bar: list[Callable[[str], None]] = []

        def step(number: int, total: int, what: str) -> None:
            if not bar:  # the total is known once the help center has been read
                bar.append(stack.enter_context(output.progress(total)))
            bar[0](what)

        report = pull(folder, client, options, step)
    _show(folder, report, options)
    if report.conflicts:
        raise FatalError(
            f"{len(report.conflicts)} file(s) changed both here and on the help center since the "
            f"last sync, not written: {', '.join(report.conflicts[:5])}; commit or discard the local "
            "edit and pull again, or pull --force to take the help center's version"
        )
    return 0


def _config(folder: Path, layout: str | None) -> SiteConfig | None:
    """The tree's hcsync.yml, None for a new tree."""
    if not (folder / CONFIG_NAME).is_file():
        return None
    config = load_site_config(folder)
    if layout and layout != config.layout:
        raise FatalError(
            f"{folder / CONFIG_NAME} says layout: {config.layout}; --layout is for a new "
            "tree: drop it, or change the layout in hcsync.yml (and move the files)"
        )
    return config


def _show(folder: Path, report: PullReport, options: PullOptions) -> None:
    verb = "would write" if options.dry_run else "wrote"
    for rel in report.writes:
        output.result(f"{verb} {rel}")
    for rel in report.deletes:
        output.result(
            f"{'would delete' if options.dry_run else 'deleted'} {rel} (deleted on the help center)"
        )
    for title in report.skipped:
        output.warn(f"article “{title}” has no category on the help center; not pulled")
    for rel in report.inexact:
        output.warn(f"{rel}: kept as close as Markdown allows; its HTML differs slightly")
    if not report.writes and not report.deletes and not report.conflicts:
        output.info("Nothing to pull: the tree already matches the help center.")
    for language in report.languages_left_out:
        output.warn(
            f"translations into '{language}' are not pulled: add it to languages in {CONFIG_NAME}"
        )
    output.info(
        f"{verb.capitalize()} {len(report.writes)} file(s) in {folder} "
        f"({report.reads} API requests, {report.downloads} image downloads)."
    )

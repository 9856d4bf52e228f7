"""`hcsync pull`: bring the help center into the tree (and dashboard edits into Git)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from hcsync import output
from hcsync.commands.client import open_client
from hcsync.config import CONFIG_NAME, SiteConfig, load_site_config
from hcsync.errors import FatalError
from hcsync.local.controls import escape_controls
from hcsync.plan.pullplan import FileChange, FileChangeKind, diff
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
    conflicts = report.plan.conflicts
    if conflicts:
        names = ", ".join(sorted({c.path for c in conflicts})[:5])
        raise FatalError(
            f"{len(conflicts)} conflict(s), not written: {names}; for a file changed on both sides "
            "commit or discard the local edit and pull again (or pull --force to take the help "
            "center's version); for text from a snippet or variable, edit the snippet, the "
            "variable or the page on the help center"
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
    plan = report.plan
    if options.dry_run:
        text = diff(plan)
        if text:
            output.result(_shown(text.rstrip("\n")))
    for change in plan.changes:
        output.result(_shown(_change_line(change, options.dry_run)))
    for conflict in plan.conflicts:
        output.warn(_shown(f"{conflict.path}: not written, {conflict.reason}"))
    for title in plan.skipped:
        output.warn(f"article “{title}” has no category on the help center; not pulled")
    for url in plan.missing_images:
        output.warn(f"image {url} answers 404 on the help center; its absolute URL is kept")
    for rel in plan.inexact:
        output.warn(f"{rel}: kept as close as Markdown allows; its HTML differs slightly")
    if plan.empty:
        output.info("Nothing to pull: the tree already matches the help center.")
    for language in plan.languages_left_out:
        output.warn(
            f"translations into '{language}' are not pulled: add it to languages in {CONFIG_NAME}"
        )
    verb = "Would change" if options.dry_run else "Changed"
    output.info(
        f"{verb} {len(plan.changes)} file(s) in {folder} "
        f"({report.reads} API requests, {report.downloads} image downloads)."
    )


def _shown(text: str) -> str:
    """The help center's text made safe for a terminal (CRLF files shown as lines)."""
    return escape_controls(text.replace("\r\n", "\n"), "\n\t")


def _change_line(change: FileChange, dry_run: bool) -> str:
    verbs = {
        FileChangeKind.CREATE: ("would create", "created"),
        FileChangeKind.WRITE: ("would write", "wrote"),
        FileChangeKind.MOVE: ("would move", "moved"),
        FileChangeKind.DELETE: ("would delete", "deleted"),
    }
    verb = verbs[change.kind][0 if dry_run else 1]
    source = f"{change.source} → " if change.source else ""
    return f"{verb} {source}{change.path} ({change.reason})"

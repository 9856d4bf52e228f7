"""The `hcsync` command: click commands, exit codes, and the one error boundary."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from hcsync import __version__, output
from hcsync.errors import HcsyncError
from hcsync.local.controls import escape_controls
from hcsync.plan.policy import DriftPolicy
from hcsync.report import FORMATS

ENVIRONMENT = """\b
Environment:
  HC_API_KEY    the API key (plan, apply, questions…); read from here only, never printed
  HC_CENTER_ID  the center id, unless hcsync.yml sets center_id
  HC_API_URL    the API address (default https://api.help.center)
  NO_COLOR      set to turn colour off

\b
Shell completion (bash; zsh_source and fish_source likewise):
  eval "$(_HCSYNC_COMPLETE=bash_source hcsync)"
"""

CONTEXT = {"help_option_names": ["-h", "--help"]}


@click.group(context_settings=CONTEXT, epilog=ENVIRONMENT)
@click.version_option(__version__, "-V", "--version", prog_name="hcsync")
@click.option("-q", "--quiet", is_flag=True, help="Print only results and errors.")
@click.option(
    "-v", "--verbose", is_flag=True, help="One line per API request: method, path, status, time."
)
@click.option("--debug", is_flag=True, help="Like -v, and show the traceback of any error.")
def cli(quiet: bool, verbose: bool, debug: bool) -> None:
    """Keep a Git tree of Markdown articles and a Help.Center knowledge base in sync."""
    if quiet and (verbose or debug):
        raise click.UsageError("-q cannot be combined with -v or --debug")
    output.configure(quiet=quiet, verbose=verbose, debug=debug)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8787, show_default=True, help="Port to listen on.")
@click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), help="Keep state in this SQLite file."
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="YAML file: centers, keys, rate_limit.",
)
@click.option(
    "--rate-limit",
    type=click.Choice(["on", "off"]),
    default="on",
    show_default=True,
    help="Turn rate limiting off.",
)
@click.option(
    "--profile",
    type=click.Choice(["extended", "documented"]),
    help="documented: answer only as the API documentation shows (default: the config's, "
    "else extended).",
)
def emulator(
    host: str,
    port: int,
    db: Path | None,
    config_file: Path | None,
    rate_limit: str,
    profile: str | None,
) -> None:
    """Run the bundled Help.Center emulator on loopback.

    Never expose it beyond this machine: anyone who reaches it can use its keys, and its
    control API (/_emulator/) resets all state and wipes the --db file. It answers the
    control API only for a loopback Host and JSON bodies.
    """
    from hcsync.commands.emulator import run_emulator

    run_emulator(host, port, db, config_file, rate_limit == "off", profile)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="The content root (default: the folder with hcsync.yml above the paths).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text (path:line:col: CODE message), json, github annotations, or a markdown table.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--hook",
    is_flag=True,
    help="pre-commit mode: the paths are the changed files (none: only links into deleted articles).",
)
def check(paths: tuple[Path, ...], root: Path | None, fmt: str, strict: bool, hook: bool) -> int:
    """Lint the content tree offline (also the pre-commit hook). Exit 1 on errors."""
    from hcsync.commands.check import run_check

    return run_check(paths, root, fmt, strict, hook)


@cli.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, help="Port to listen on (0: any free port)."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a browser.")
@click.option(
    "--build",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the site as static files into this folder instead of serving it.",
)
def preview(folder: Path, host: str, port: int, open_browser: bool, build: Path | None) -> int:
    """Show the tree as readers will see it; pages follow your edits as you save."""
    from hcsync.commands.preview import run_preview

    return run_preview(folder, host, port, open_browser, build)


@cli.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--center-id", help="Your center id (else set HC_CENTER_ID when syncing).")
def init(folder: Path, center_id: str | None) -> int:
    """Write hcsync.yml for an existing tree, inferring its languages."""
    from hcsync.commands.init import run_init

    return run_init(folder, center_id)


@cli.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to list stale translations.",
)
@click.option("--diff", "show_diff", is_flag=True, help="Show what changed in each root since.")
@click.option(
    "--language", "languages", multiple=True, help="Only translations into this language."
)
def status(folder: Path | None, fmt: str, show_diff: bool, languages: tuple[str, ...]) -> int:
    """List translations whose root article changed since they were written (offline)."""
    from hcsync.commands.status import run_status

    return run_status(folder, fmt, show_diff, languages)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def reviewed(paths: tuple[Path, ...]) -> int:
    """Mark translations as up to date with their root without editing them (offline)."""
    from hcsync.commands.reviewed import run_reviewed

    return run_reviewed(paths)


def _sync_options(func: Any) -> Any:
    func = click.option(
        "--refresh",
        is_flag=True,
        help="Read every page of the help center, not only those changed since hcsync.lock.",
    )(func)
    func = click.option(
        "--prune",
        is_flag=True,
        help="Delete managed articles, translations and categories that left the tree.",
    )(func)
    func = click.option(
        "--on-drift",
        type=click.Choice([p.value for p in DriftPolicy]),
        default="fail",
        show_default=True,
        help="What to do with pages edited on the help center since the last apply.",
    )(func)
    return func


@cli.command(epilog=ENVIRONMENT)
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="How to show the plan (json: problems too, always JSON).",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Save the plan for `hcsync apply FILE`.",
)
@click.option(
    "--detailed-exitcode", is_flag=True, help="Exit 0 without changes, 2 with changes, 1 on error."
)
@click.option(
    "--max-chars",
    type=click.IntRange(min=1000),
    help="Cut the Markdown to this size, details first (a GitHub comment holds 65536).",
)
@click.option(
    "--summary",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also append the whole plan as Markdown to this file (e.g. $GITHUB_STEP_SUMMARY).",
)
@click.option(
    "--replies",
    type=click.IntRange(1),
    metavar="DAYS",
    help="Count the agent replies of the last DAYS days that link to pages the plan "
    "unpublishes, deletes or gives a new URL.",
)
@_sync_options
def plan(
    folder: Path | None,
    fmt: str,
    out: Path | None,
    detailed_exitcode: bool,
    max_chars: int | None,
    summary: Path | None,
    replies: int | None,
    on_drift: str,
    prune: bool,
    refresh: bool,
) -> int:
    """Show what apply would change on the help center."""
    from hcsync.commands.plan import PlanOutput, run_plan
    from hcsync.sync.engine import SyncOptions

    options = SyncOptions(DriftPolicy(on_drift), prune, refresh)
    show = PlanOutput(fmt, out, max_chars, summary, replies)
    return run_plan(folder, show, detailed_exitcode, options)


@cli.command(epilog=ENVIRONMENT)
@click.argument("target", required=False, type=click.Path(path_type=Path))
@click.option(
    "--yes", is_flag=True, help="Do not ask for confirmation (needed without a terminal)."
)
@click.option(
    "--force", is_flag=True, help="Apply even a plan that deletes or unpublishes many articles."
)
@click.option(
    "--concurrency",
    default=4,
    show_default=True,
    type=click.IntRange(1, 16),
    help="Independent operations sent at once (1: one after another, in plan order).",
)
@click.option(
    "--lease-wait",
    default=900,
    show_default=True,
    type=click.IntRange(0),
    help="Seconds to wait while another apply holds the center.",
)
@click.option(
    "--summary",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append what was applied, per article with URLs, as Markdown to this file.",
)
@_sync_options
def apply(
    target: Path | None,
    yes: bool,
    force: bool,
    concurrency: int,
    lease_wait: int,
    summary: Path | None,
    on_drift: str,
    prune: bool,
    refresh: bool,
) -> int:
    """Make the help center match the tree (TARGET: the content folder, or a saved plan)."""
    from hcsync.commands.apply import run_apply
    from hcsync.sync.engine import SyncOptions

    options = SyncOptions(DriftPolicy(on_drift), prune, refresh)
    return run_apply(target, yes, force, options, summary, concurrency, lease_wait)


@cli.group()
def lock() -> None:
    """Look after hcsync.lock."""


@lock.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
def rebuild(folder: Path | None) -> int:
    """Make hcsync.lock anew from the help center and the tree, sending no change."""
    from hcsync.commands.lock import run_lock_rebuild

    return run_lock_rebuild(folder)


@cli.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--layout",
    type=click.Choice(["suffix", "directories"]),
    help="Translations as name.de.md (suffix) or de/… (directories); for a new tree.",
)
@click.option(
    "--dry-run", is_flag=True, help="Show the changes pull would make as a diff; write nothing."
)
@click.option(
    "--force", is_flag=True, help="Take the help center's version of files changed on both sides."
)
@click.option(
    "--probe-translation-drafts",
    is_flag=True,
    help="Also look for unpublished translations of new articles (one request per language each).",
)
def pull(
    folder: Path, layout: str | None, dry_run: bool, force: bool, probe_translation_drafts: bool
) -> int:
    """Bring the help center into FOLDER: Markdown, images, hcsync.yml and hcsync.lock."""
    from hcsync.commands.pull import run_pull
    from hcsync.sync.pull import PullOptions

    return run_pull(folder, PullOptions(layout, dry_run, force, probe_translation_drafts))


@cli.command(epilog=ENVIRONMENT)
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--since",
    default=30,
    show_default=True,
    type=click.IntRange(1),
    help="Read the conversations of the last DAYS days.",
    metavar="DAYS",
)
@click.option(
    "--limit", type=click.IntRange(1), metavar="N", help="At most N conversations, newest first."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="How to show the report (json: one entry per conversation).",
)
@click.option(
    "--draft",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write a draft article per unanswered group into this folder of the tree.",
    metavar="OUTDIR",
)
def questions(
    folder: Path | None, since: int, limit: int | None, fmt: str, draft: Path | None
) -> int:
    """What customers asked in the inbox, which articles answer it, and what none does."""
    from hcsync.commands.questions import QuestionsOptions, run_questions
    from hcsync.sync.inbox import Period

    return run_questions(folder, QuestionsOptions(Period(since, limit), fmt, draft))


@cli.command(epilog=ENVIRONMENT)
@click.argument("conversation")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--reply",
    is_flag=True,
    help="Save a reply draft citing the best article on the conversation (never sent).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to show the articles.",
)
def suggest(conversation: str, folder: Path | None, reply: bool, fmt: str) -> int:
    """The articles that answer a conversation's question, with their public URLs."""
    from hcsync.commands.suggest import run_suggest

    return run_suggest(conversation, folder, reply, fmt)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line: the one error boundary. A known error is one line and its
    exit code; Ctrl-C is 130; anything else is one line, exit 3 and a crash log."""
    output.configure()
    collect_garbage_rarely()
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        result = cli.main(args=args, prog_name="hcsync", standalone_mode=False)
    except HcsyncError as exc:
        _traceback_if_debug()
        output.error(escape_controls(str(exc)))
        return exc.exit_code
    except click.exceptions.Abort:
        output.error("aborted")
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except KeyboardInterrupt:
        output.error("interrupted")
        return 130
    except Exception as exc:
        return _crashed(exc, args)
    return result if isinstance(result, int) else 0


CRASHED = 3


def _crashed(exc: Exception, args: list[str]) -> int:
    """A bug of ours (or of something we did not foresee): say so in one line and keep
    the details in a file for the bug report."""
    from hcsync.commands.crash import redact, write_crash_log

    _traceback_if_debug()
    what = escape_controls(redact(f"{type(exc).__name__}: {exc}"))[:300]
    try:
        log = f"details in {write_crash_log(exc, args)}"
    except OSError as err:
        log = f"no crash log written ({err.strerror}); rerun with --debug for the traceback"
    output.error(
        f"unexpected error ({what}); {log}; please report it. Rerun with --debug to see the traceback"
    )
    return CRASHED


def collect_garbage_rarely() -> None:
    """A command keeps the whole tree alive until it ends; the default thresholds walk
    it again and again (a fifth of a no-op plan's CPU). Collect far less often, as mypy does."""
    gc.set_threshold(100_000, 50, 100)


def _traceback_if_debug() -> None:
    if output.LEVEL.debug:
        import traceback

        traceback.print_exc()


if __name__ == "__main__":
    sys.exit(main())

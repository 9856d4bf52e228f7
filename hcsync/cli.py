"""The `hcsync` command: click commands, exit codes, and the one error boundary."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from hcsync import __version__, output
from hcsync.commands import run_check, run_init
from hcsync.errors import FatalError
from hcsync.report import FORMATS
from hcsync.sync.plan import DRIFT_POLICIES


@click.group()
@click.version_option(__version__, prog_name="hcsync")
def cli() -> None:
    """Keep a Git tree of Markdown articles and a Help.Center knowledge base in sync."""


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
    """Run the bundled Help.Center emulator on loopback."""
    from hcsync.emulator_command import run_emulator

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
    help="text (path:line:col: CODE message), json, or github annotations.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def check(paths: tuple[Path, ...], root: Path | None, fmt: str, strict: bool) -> int:
    """Lint the content tree offline (also the pre-commit hook). Exit 1 on errors."""
    return run_check(paths, root, fmt, strict)


@cli.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--center-id", help="Your center id (else set HC_CENTER_ID when syncing).")
def init(folder: Path, center_id: str | None) -> int:
    """Write hcsync.yml for an existing tree, inferring its languages."""
    return run_init(folder, center_id)


def _sync_options(func: Any) -> Any:
    func = click.option(
        "--refresh",
        is_flag=True,
        help="Read every translation draft instead of trusting hcsync.lock.",
    )(func)
    func = click.option(
        "--prune",
        is_flag=True,
        help="Delete managed articles, translations and categories that left the tree.",
    )(func)
    func = click.option(
        "--on-drift",
        type=click.Choice(DRIFT_POLICIES),
        default="fail",
        show_default=True,
        help="What to do with pages edited on the help center since the last apply.",
    )(func)
    return func


@cli.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="How to show the plan.",
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
@_sync_options
def plan(
    folder: Path | None,
    fmt: str,
    out: Path | None,
    detailed_exitcode: bool,
    on_drift: str,
    prune: bool,
    refresh: bool,
) -> int:
    """Show what apply would change on the help center."""
    from hcsync.sync.command import SyncOptions, run_plan

    return run_plan(folder, fmt, out, detailed_exitcode, SyncOptions(on_drift, prune, refresh))


@cli.command()
@click.argument("target", required=False, type=click.Path(path_type=Path))
@click.option(
    "--yes", is_flag=True, help="Do not ask for confirmation (needed without a terminal)."
)
@click.option(
    "--force", is_flag=True, help="Apply even a plan that deletes or unpublishes many articles."
)
@_sync_options
def apply(
    target: Path | None, yes: bool, force: bool, on_drift: str, prune: bool, refresh: bool
) -> int:
    """Make the help center match the tree (TARGET: the content folder, or a saved plan)."""
    from hcsync.sync.command import SyncOptions, run_apply

    return run_apply(target, yes, force, SyncOptions(on_drift, prune, refresh))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; every failure becomes one line on stderr and an exit code."""
    try:
        result = cli.main(args=list(argv) if argv is not None else None, standalone_mode=False)
    except FatalError as exc:
        output.error(str(exc))
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
        # Imported here: the offline commands should not pay for loading httpx.
        from hcsync.api.errors import HelpCenterError

        if not isinstance(exc, HelpCenterError):
            raise
        output.error(str(exc))
        return 1
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())

"""The `hcsync` command: click commands, exit codes, and the one error boundary."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from hcsync import __version__, output
from hcsync.api.errors import HelpCenterError
from hcsync.errors import FatalError


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
def emulator(
    host: str, port: int, db: Path | None, config_file: Path | None, rate_limit: str
) -> None:
    """Run the bundled Help.Center emulator on loopback."""
    from hcsync.emulator_command import run_emulator

    run_emulator(host, port, db, config_file, rate_limit == "off")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; every failure becomes one line on stderr and an exit code."""
    try:
        result = cli.main(args=list(argv) if argv is not None else None, standalone_mode=False)
    except FatalError as exc:
        output.error(str(exc))
        return exc.exit_code
    except HelpCenterError as exc:
        output.error(str(exc))
        return 1
    except click.exceptions.Abort:
        output.error("aborted")
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except KeyboardInterrupt:
        output.error("interrupted")
        return 130
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())

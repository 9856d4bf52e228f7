"""Finding the content root (the folder with hcsync.yml) for the paths given to a command."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hcsync.config import CONFIG_NAME
from hcsync.errors import FatalError


def find_root(start: Path) -> Path | None:
    for folder in [start, *start.parents] if start.is_dir() else start.parents:
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def root_and_files(paths: Sequence[Path], root: Path | None) -> tuple[Path, list[str] | None]:
    """The content root, and the named files relative to it (None: the whole tree).

    A named folder that is the root means the whole tree; files outside the root
    (a README at the repository's top, say) are passed over, as pre-commit expects.
    """
    if root is None:
        anchor = paths[0] if paths else Path.cwd()
        root = find_root(anchor.absolute())
        if root is None:
            raise FatalError(
                f"no {CONFIG_NAME} in {anchor} or above: run `hcsync init DIR` in your content root"
            )
    root = root.absolute()
    if not paths or any(p.absolute() == root for p in paths):
        return root, None
    named = []
    for path in paths:
        absolute = path.absolute()
        if absolute.is_relative_to(root):
            named.append(absolute.relative_to(root).as_posix())
    return root, named

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
    """The content root and the named files (see `files_to_check`); no root is an error."""
    found, named = files_to_check(paths, root)
    if found is None:
        anchor = paths[0] if paths else Path.cwd()
        raise FatalError(
            f"no {CONFIG_NAME} in {anchor} or above: run `hcsync init DIR` in your content root"
        )
    return found, named


def files_to_check(
    paths: Sequence[Path], root: Path | None, hook: bool = False
) -> tuple[Path | None, list[str] | None]:
    """The content root, and the named files relative to it (None: the whole tree).

    A named folder that is the root means the whole tree. Files outside the root
    (a README at the repository's top, say) are passed over, as pre-commit
    expects; when no named file is inside a content root the root is None:
    nothing to check. In `hook` mode no files means no changed files (not the
    whole tree), and the root may also be found just below the current folder.
    """
    if root is None:
        root = _root_of(paths, hook)
        if root is None:
            return None, []
    root = root.absolute()
    if (not paths and not hook) or any(p.absolute() == root for p in paths):
        return root, None
    named = []
    for path in paths:
        absolute = path.absolute()
        if absolute.is_relative_to(root):
            named.append(absolute.relative_to(root).as_posix())
    return root, named


def _root_of(paths: Sequence[Path], hook: bool) -> Path | None:
    for path in paths:
        found = find_root(path.absolute())
        if found is not None:
            return found
    folders = [p for p in paths if p.is_dir()]
    if folders:  # a folder is named as a tree to check: it must have one
        raise FatalError(
            f"no {CONFIG_NAME} in {folders[0]} or above: run `hcsync init DIR` in your content root"
        )
    if paths:
        return None  # only files outside any content root: nothing of ours
    here = Path.cwd()
    found = find_root(here)
    if found is None and hook:
        found = _single_root_below(here)
    if found is None and not hook:
        raise FatalError(
            f"no {CONFIG_NAME} in {here} or above: run `hcsync init DIR` in your content root"
        )
    return found


def _single_root_below(folder: Path) -> Path | None:
    """The content root one or two folders down (`content/`, `docs/help/`), if just one."""
    found = [
        config.parent
        for pattern in (f"*/{CONFIG_NAME}", f"*/*/{CONFIG_NAME}")
        for config in sorted(folder.glob(pattern))
        if not any(part.startswith(".") for part in config.relative_to(folder).parts)
    ]
    if len(found) > 1:
        names = ", ".join(str(f.relative_to(folder)) for f in found)
        raise FatalError(f"several content roots here ({names}): name one with --root")
    return found[0] if found else None

"""`hcsync preview DIR --build OUT`: the same site as static files, no server needed.

OUT holds only what a build wrote: a build refuses a folder with other files in
it, and a new build first removes the files the last one listed in
`.hcsync-preview` (so a deleted article's page goes too), never anything else.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from hcsync.errors import FatalError
from hcsync.preview.pages import outputs, render_output
from hcsync.preview.site import PreviewSite

MANIFEST = ".hcsync-preview"


class Built(NamedTuple):
    pages: int
    images: int
    problems: int


def build_static(preview: PreviewSite, out: Path) -> Built:
    _check_target(preview.site.root, out)
    _remove_last_build(out)
    written: list[str] = []
    for path in outputs(preview):
        rendered = render_output(preview, path)
        if rendered is None:  # an image that went away while building: its page marks it
            continue
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(rendered.content)
        written.append(path)
    (out / MANIFEST).write_text("\n".join(written) + "\n", encoding="utf-8")
    images = sum(1 for path in written if path in preview.images)
    return Built(len(written) - images, images, len(preview.problems))


def _check_target(root: Path, out: Path) -> None:
    resolved, tree = out.resolve(), root.resolve()
    if tree.is_relative_to(resolved):
        raise FatalError(f"{out}: contains the content root; give --build an empty folder")
    if out.exists() and not out.is_dir():
        raise FatalError(f"{out}: not a folder; give --build an empty folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise FatalError(
            f"{out}: not empty and not an earlier preview build; give --build an empty folder"
        )
    out.mkdir(parents=True, exist_ok=True)


def _remove_last_build(out: Path) -> None:
    manifest = out / MANIFEST
    if not manifest.is_file():
        return
    base = out.resolve()
    for line in manifest.read_text(encoding="utf-8").splitlines():
        old = (out / line).resolve()
        if line and old.is_relative_to(base) and old.is_file():
            old.unlink()
    for folder in sorted((p for p in out.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()

"""Which page or file an output path is: the one lookup the server and the build share."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from hcsync.imagetypes import sniff_image
from hcsync.local.paths import is_inside
from hcsync.preview.site import CATEGORY_PAGE, HOME, PreviewSite, category_output
from hcsync.preview.views import article_page, category_page, home_page


class Output(NamedTuple):
    content: bytes
    media_type: str


HTML = "text/html; charset=utf-8"


def outputs(preview: PreviewSite) -> list[str]:
    """Every output path of the site: home, categories, articles and translations, images."""
    return [
        HOME,
        *(category_output(c.path) for c in preview.site.categories),
        *preview.pages,
        *preview.images,
    ]


def render_output(preview: PreviewSite, path: str, live: int | None = None) -> Output | None:
    """The page or image at `path`, or None if the site has nothing there."""
    if path == HOME:
        return Output(home_page(preview, live).encode(), HTML)
    page = preview.pages.get(path)
    if page is not None:
        return Output(article_page(preview, page, live).encode(), HTML)
    folder, _, name = path.rpartition("/")
    if name == CATEGORY_PAGE and folder in preview.categories:
        return Output(category_page(preview, folder, live).encode(), HTML)
    if path in preview.images:
        return _image(preview.site.root, path)
    return None


def _image(root: Path, path: str) -> Output | None:
    """An image the pages embed, read from the tree (never from outside it)."""
    file = root / path
    if not is_inside(root, file) or not file.is_file():
        return None
    data = file.read_bytes()
    return Output(data, sniff_image(data) or "application/octet-stream")

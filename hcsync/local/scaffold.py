"""`hcsync init` writes a `_category.yml` per category folder, so names are seen before apply."""

from __future__ import annotations

import yaml

from hcsync.local.files import CATEGORY_FILE
from hcsync.local.model import LocalSite

_HEADER = (
    "# The category as the help center shows it; the name comes from the folder: edit freely.\n"
)


def write_category_files(site: LocalSite) -> list[str]:
    """Write `_category.yml` where a category folder has none; never overwrite. The paths written."""
    written = []
    for category in site.categories:
        rel = f"{category.path}/{CATEGORY_FILE}"
        text = _HEADER + yaml.safe_dump({"name": category.name}, allow_unicode=True)
        try:
            with (site.root / rel).open("x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError:
            continue
        written.append(rel)
    return written

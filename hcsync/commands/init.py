"""`hcsync init`: write hcsync.yml for an existing tree, inferring layout and languages."""

from __future__ import annotations

from pathlib import Path

from hcsync import output
from hcsync.config import CONFIG_NAME, LANGUAGE
from hcsync.errors import FatalError
from hcsync.local.languages import ISO_639_1
from hcsync.local.loader import load_site
from hcsync.local.migrate import migrate_drafts
from hcsync.local.scaffold import write_category_files


def run_init(folder: Path, center_id: str | None) -> int:
    """Write hcsync.yml for an existing tree, with the languages found in it."""
    target = folder / CONFIG_NAME
    if target.exists():
        raise FatalError(f"{target} already exists; edit it instead")
    if not folder.is_dir():
        raise FatalError(f"{folder} is not a folder")
    layout, default, languages = _infer_languages(folder)
    lines = [
        "# hcsync settings: see the README, section hcsync.yml",
        f"center_id: {center_id}"
        if center_id
        else "# center_id: YOUR_CENTER_ID   (or export HC_CENTER_ID)",
        f"default_language: {default}",
        f"languages: [{', '.join(languages)}]",
        f"layout: {layout}",
        "status: published",
    ]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output.info(
        f"wrote {target}: layout {layout}, default {default}, languages {', '.join(languages) or 'none'}"
    )
    _report_drafts(folder)
    named = write_category_files(load_site(folder))
    if named:
        output.info(f"wrote {len(named)} _category.yml: check the category names, then edit them")
    return 0


def _report_drafts(folder: Path) -> None:
    """Another help desk's `draft: true` as `status: draft`, so no draft is published."""
    migrated = migrate_drafts(folder)
    if migrated.drafts:
        output.info(f"{len(migrated.drafts)} page(s) with draft: true now say status: draft")
    if migrated.published:
        output.info(f"removed draft: false from {len(migrated.published)} page(s) (published)")
    for rel in migrated.left:
        output.warn(
            f"{rel}: draft: left as it is (beside status:, or not true/false); fix it by hand"
        )


def _infer_languages(folder: Path) -> tuple[str, str, list[str]]:
    top = sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name in ISO_639_1)
    if len(top) >= 2 or (top and not any(folder.glob("*/*.md"))):
        default = "en" if "en" in top else top[0]
        return "directories", default, [lang for lang in top if lang != default]
    found = set()
    for path in folder.rglob("*.md"):
        suffix = path.stem.rpartition(".")[2]
        if "." in path.stem and LANGUAGE.fullmatch(suffix) and suffix in ISO_639_1:
            found.add(suffix)
    return "suffix", "en", sorted(found - {"en"})

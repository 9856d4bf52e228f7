"""What the offline commands do, kept apart from click so each reads in one screen."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hcsync import output
from hcsync.config import CONFIG_NAME, LANGUAGE
from hcsync.errors import FatalError
from hcsync.local.check import check_files, check_site
from hcsync.local.facts import FactsCache
from hcsync.local.languages import ISO_639_1
from hcsync.local.loader import load_site
from hcsync.local.root import files_to_check
from hcsync.report import format_problems, summary


def run_check(
    paths: Sequence[Path], root: Path | None, fmt: str, strict: bool, hook: bool = False
) -> int:
    """Report problems; exit 1 on any error (or warning with --strict), else 0."""
    found, named = files_to_check(paths, root, hook)
    if found is None:
        output.info(
            f"Nothing to check: no file given is inside a content root (with {CONFIG_NAME})."
        )
        return 0
    root = found
    if named is None:
        site = load_site(root)
        problems = check_site(site, FactsCache(root))
        checked = len(site.sources)
    else:
        problems = check_files(root, named)
        checked = len(named)
    prefix = _display_prefix(root)
    text = format_problems(problems, fmt, prefix)
    if text:
        output.result(text)
    if fmt != "json":
        output.info(summary(problems, checked))
    failing = [p for p in problems if p.is_error or strict]
    return 1 if failing else 0


def _display_prefix(root: Path) -> str:
    """Paths are shown relative to the current folder when the root is below it."""
    try:
        relative = root.relative_to(Path.cwd())
    except ValueError:
        return f"{root}/"
    return "" if str(relative) == "." else f"{relative.as_posix()}/"


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
    return 0


def _infer_languages(folder: Path) -> tuple[str, str, list[str]]:
    top = sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name in ISO_639_1)
    if len(top) >= 2 or (top and not any(folder.glob("*/*.md"))):
        default = "en" if "en" in top else top[0]
        return "directories", default, [lang for lang in top if lang != default]
    found = set()
    for path in folder.rglob("*.md"):
        suffix = path.stem.rpartition(".")[2]
        if "." in path.stem and LANGUAGE.match(suffix) and suffix in ISO_639_1:
            found.add(suffix)
    return "suffix", "en", sorted(found - {"en"})

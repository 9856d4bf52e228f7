"""`hcsync questions`: what customers asked, which articles answer it, what is missing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from hcsync import output
from hcsync.commands.client import open_client
from hcsync.commands.sync import find_root
from hcsync.errors import FatalError
from hcsync.local.loader import load_site
from hcsync.local.model import LocalSite
from hcsync.questions import views
from hcsync.questions.drafts import Stub, stubs
from hcsync.questions.index import ArticleIndex
from hcsync.questions.links import LinkTargets
from hcsync.questions.pages import indexed_pages
from hcsync.questions.report import Report, Thread, build_report
from hcsync.sync.inbox import Period, read_threads
from hcsync.sync.lockfile import read_lock
from hcsync.sync.writing import safe_target, tree_entries


class QuestionsOptions(NamedTuple):
    period: Period
    fmt: str = "text"
    draft: Path | None = None  # a folder in the tree for a stub per unanswered group


def run_questions(folder: Path | None, options: QuestionsOptions) -> int:
    root = find_root(folder)
    site = load_site(root)
    draft_folder = _draft_folder(root, options.draft) if options.draft else None
    with open_client(site.config) as client:
        threads = list(read_threads(client, options.period))
        report = make_report(site, threads, client.requests_sent)
    _show(report, options.fmt)
    if draft_folder is not None:
        _write_stubs(root, draft_folder, report, site)
    output.info(f"({report.requests} read requests for {len(threads)} conversations)")
    return 0


def make_report(site: LocalSite, threads: Sequence[Thread], requests: int) -> Report:
    index = ArticleIndex(indexed_pages(site))
    try:
        targets = LinkTargets(site, read_lock(site.root))
        languages = [site.config.default_language, *site.config.languages]
        return build_report(threads, index, targets, languages, requests)
    finally:
        index.close()


def _show(report: Report, fmt: str) -> None:
    if fmt == "json":
        output.result(views.as_json(report))
    elif fmt == "markdown":
        output.result(views.as_markdown(report))
    else:
        output.result(views.as_text(report))


def _draft_folder(root: Path, folder: Path) -> str:
    """The folder's path in the tree; refused outside it (nothing outside is written)."""
    try:
        relative = folder.resolve().relative_to(root.resolve())
    except ValueError:
        raise FatalError(
            f"--draft {folder}: not inside the content root {root}; give a folder in the tree"
        ) from None
    return "" if str(relative) == "." else relative.as_posix()


def _write_stubs(root: Path, folder: str, report: Report, site: LocalSite) -> None:
    categories = {a.path: a.category for a in site.articles}
    prefix = f"{folder}/" if folder else ""
    taken = [p[len(prefix) :] for p in tree_entries(root) if p.startswith(prefix)]
    made: list[Stub] = stubs(report.gaps, categories, taken, in_category=not folder)
    for stub in made:
        safe_target(root, prefix + stub.path).parent.mkdir(parents=True, exist_ok=True)
        target = safe_target(root, prefix + stub.path)  # again: the folders now exist
        with target.open("x", encoding="utf-8") as file:  # never over a file
            file.write(stub.text)
        output.info(f"draft: {prefix}{stub.path}")
    output.info(f"{len(made)} draft(s) written: edit them, then `hcsync check`.")

"""What a run of benchmarks/crash_kill.py left behind, and the tally per mode."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hcsync.api import HelpCenterClient, NotFound, flatten
from hcsync.errors import FatalError
from hcsync.sync.lockfile import LOCK_NAME, read_lock


@dataclass
class Check:
    """What one run left behind."""

    duplicates: Counter[str]
    unparsable: int
    plan_code: int
    what: str
    rerun: str = ""

    @property
    def failed(self) -> bool:
        return sum(self.duplicates.values()) > 0 or self.unparsable > 0 or self.plan_code != 0

    def describe(self) -> str:
        dups = ", ".join(f"{n} {kind}" for kind, n in sorted(self.duplicates.items()) if n)
        problems = [f"duplicates: {dups}" if dups else ""]
        problems += [f"{self.unparsable} unreadable lock(s)" if self.unparsable else ""]
        problems += [f"plan exit {self.plan_code}" if self.plan_code else ""]
        problems += [f"rerun: {self.rerun}" if self.rerun else ""]
        return f"{self.what}: " + "; ".join(p for p in problems if p)


@dataclass
class Tally:
    mode: str
    runs: int = 0
    failed_runs: int = 0
    duplicates: int = 0
    unparsable: int = 0
    nonempty: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, check: Check) -> None:
        self.runs += 1
        self.failed_runs += check.failed
        self.duplicates += sum(check.duplicates.values())
        self.unparsable += check.unparsable
        self.nonempty += check.plan_code != 0
        if check.failed:
            self.notes.append(check.describe())

    @property
    def failed(self) -> bool:
        return self.failed_runs > 0

    def row(self) -> tuple[object, ...]:
        return (
            self.mode,
            self.runs,
            self.failed_runs,
            self.duplicates,
            self.unparsable,
            self.nonempty,
        )


def duplicates(client: HelpCenterClient) -> Counter[str]:
    """Extra copies on the center: articles, categories and translations."""
    drafts = list(client.list_drafts())
    languages = client.get_center().additional_languages
    # Categories by their names, so that articles in two copies of a category count.
    tree = flatten(client.list_categories())
    names = {c.id: c.name for c in tree}
    where = {c.id: (names.get(c.parent_id or ""), c.name) for c in tree}
    categories = Counter(where.values())
    articles = Counter((where.get(d.category_id or ""), d.title) for d in drafts)
    translations: Counter[tuple[object, str, str]] = Counter()
    for draft in drafts:
        for language in languages:
            try:
                client.get_translation_draft(draft.id, language)
            except NotFound:
                continue
            translations[(where.get(draft.category_id or ""), draft.title, language)] += 1
    return Counter(
        {
            "articles": _extra(articles),
            "categories": _extra(categories),
            "translations": _extra(translations),
        }
    )


def _extra(counts: Counter[Any]) -> int:
    return sum(n - 1 for n in counts.values())


def unparsable(root: Path, required: bool = True) -> int:
    """1 if the lock cannot be read (or, when `required`, is missing), else 0."""
    if not (root / LOCK_NAME).exists():
        return int(required)
    try:
        read_lock(root)
    except FatalError:
        return 1
    return 0

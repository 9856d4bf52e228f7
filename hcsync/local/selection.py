"""Rule selection, ruff style: what `check.ignore`, `check.per-path` and inline comments silence.

An inline `<!-- hcsync: ignore HC054 HC060 -->` silences those codes on its own
line and on the next one (so it can sit on the line before, as a comment line of
its own); without codes it silences every code there. In front matter the same
words go in a YAML comment: `# hcsync: ignore HC070`.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from hcsync.config import CheckSelection
from hcsync.local.model import LocalSite
from hcsync.local.problem import Problem
from hcsync.local.rules import all_pages

_INLINE = re.compile(r"hcsync:\s*ignore\b((?:[\s,]+HC\d{3})*)")
_EVERY = frozenset({"*"})


def selected(problems: Iterable[Problem], site: LocalSite) -> list[Problem]:
    """The problems the configuration and the inline comments leave in."""
    rules = site.config.check
    pages = {page.path for page in all_pages(site)}
    inline: dict[str, Mapping[int, frozenset[str]]] = {}
    kept = []
    for problem in problems:
        if problem.code in rules.ignore or problem.code in _path_codes(rules, problem.path):
            continue
        if problem.path in pages:
            if problem.path not in inline:
                inline[problem.path] = inline_ignores(site.root / problem.path)
            codes = inline[problem.path].get(problem.line, frozenset())
            if problem.code in codes or "*" in codes:
                continue
        kept.append(problem)
    return kept


def _path_codes(rules: CheckSelection, path: str) -> frozenset[str]:
    return frozenset().union(
        *(codes for glob, codes in rules.per_path if fnmatch.fnmatchcase(path, glob))
    )


def inline_ignores(file: Path) -> dict[int, frozenset[str]]:
    """File line → the codes silenced on it (`{"*"}`: all)."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    found: dict[int, frozenset[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _INLINE.search(line)
        if match is None:
            continue
        codes = frozenset(re.findall(r"HC\d{3}", match.group(1))) or _EVERY
        for target in (number, number + 1):
            found[target] = found.get(target, frozenset()) | codes
    return found

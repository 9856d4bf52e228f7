"""A full-text index of the tree's pages: SQLite FTS5 in memory, BM25, titles first.

Stems go in (see `terms`), so FTS5's own tokenizer only splits on spaces. Each
page's stems are kept in Python too, with the document frequency of every stem
per language, for what BM25 alone cannot say: how much of a question a page
covers (`matcher`).
"""

from __future__ import annotations

import math
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from hcsync.questions.terms import terms

TITLE_WEIGHT = 4.0  # a stem in the title counts four times one in the body (BM25 column weight)


@dataclass(frozen=True)
class IndexedPage:
    """A root article or a translation, as plain text."""

    article: str  # the root article's path: what a page answers for
    language: str
    title: str
    body: str = field(repr=False)
    category: str = ""
    path: str = ""  # the file (a translation's own file); the root's path when empty

    @property
    def file(self) -> str:
        return self.path or self.article


@dataclass(frozen=True)
class Hit:
    page: IndexedPage
    score: float  # BM25, higher is better
    title_terms: frozenset[str]
    body_terms: frozenset[str]

    @property
    def terms(self) -> frozenset[str]:
        return self.title_terms | self.body_terms


class ArticleIndex:
    """Built once per run from the tree; searched once per question."""

    def __init__(self, pages: Iterable[IndexedPage]) -> None:
        self.pages: list[IndexedPage] = list(pages)
        self._db = sqlite3.connect(":memory:")
        self._db.execute(
            "CREATE VIRTUAL TABLE pages USING fts5(title, body, lang UNINDEXED,"
            " tokenize = 'unicode61 remove_diacritics 0')"
        )
        self._title: list[frozenset[str]] = []
        self._body: list[frozenset[str]] = []
        frequencies: dict[str, Counter[str]] = {}
        rows = []
        for rowid, page in enumerate(self.pages):
            title, body = terms(page.title, page.language), terms(page.body, page.language)
            self._title.append(frozenset(title))
            self._body.append(frozenset(body))
            frequencies.setdefault(page.language, Counter()).update(set(title) | set(body))
            rows.append((rowid, " ".join(title), " ".join(body), page.language))
        self._db.executemany("INSERT INTO pages(rowid, title, body, lang) VALUES (?,?,?,?)", rows)
        self._frequencies: Mapping[str, Counter[str]] = frequencies
        self._sizes = Counter(p.language for p in self.pages)

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self._sizes)

    @property
    def main_language(self) -> str:
        """The language with the most pages (the tree's default, in practice)."""
        return min(self._sizes, key=lambda lang: (-self._sizes[lang], lang), default="")

    def search(self, stems: Iterable[str], language: str, limit: int = 5) -> list[Hit]:
        """The pages in `language` that share a stem with the question, best first."""
        unique = sorted({s.replace('"', "") for s in stems} - {""})
        if not unique:
            return []
        query = " OR ".join(f'"{s}"' for s in unique)
        rows = self._db.execute(
            "SELECT rowid, bm25(pages, ?, 1.0, 0.0) FROM pages"
            " WHERE pages MATCH ? AND lang = ? ORDER BY 2 LIMIT ?",
            (TITLE_WEIGHT, query, language, limit),
        ).fetchall()
        return [
            Hit(self.pages[rowid], -rank, self._title[rowid], self._body[rowid])
            for rowid, rank in rows
        ]

    def idf(self, stem: str, language: str) -> float | None:
        """How rare the stem is among the pages in `language` (None: in none of them)."""
        found = self._frequencies.get(language, Counter())[stem]
        if not found:
            return None
        size = self._sizes[language]
        return math.log(1 + (size - found + 0.5) / (found + 0.5))

    def max_idf(self, language: str) -> float:
        size = self._sizes.get(language, 0)
        return math.log(1 + (size + 0.5) / 1.5) if size else 1.0

    def close(self) -> None:
        self._db.close()

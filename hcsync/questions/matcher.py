"""Does an article of the tree answer a question? Ranking is BM25's; the decision is ours.

A bare score threshold cannot tell "the article covers the question" from
"the article shares two common words with it". So a page answers a question
when it covers most of the question's weight: each stem of the question weighs
its rarity in the tree (IDF), a stem no page uses weighs `unseen` of the
rarest (a product or feature the tree never names is what a gap looks like),
and the page must hold the question's rarest known stem or share a stem with
it in its title. The thresholds were tuned on the demo inbox
(`hcsync/emulator/inbox_demo.yml`) and are checked on a held-out set
(`tests/questions/`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hcsync.questions.index import ArticleIndex, Hit
from hcsync.questions.terms import terms


class Status(StrEnum):
    ANSWERED = "answered"
    UNANSWERED = "unanswered"


@dataclass(frozen=True)
class Tuning:
    coverage: float = 0.55  # share of the question's weight a page must cover
    unseen: float = 0.5  # weight of a stem no page has, as a share of the rarest's
    candidates: int = 5  # pages ranked per question


DEFAULT = Tuning()


@dataclass(frozen=True)
class Candidate:
    article: str  # the root article's path
    file: str  # the page that matched (a translation's file, or the article)
    language: str
    score: float  # BM25
    coverage: float  # share of the question's weight the page holds

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.file,
            "article": self.article,
            "language": self.language,
            "score": round(self.score, 3),
            "coverage": round(self.coverage, 3),
        }


@dataclass(frozen=True)
class Match:
    status: Status
    candidates: tuple[Candidate, ...]  # best first: answering ones before the rest
    stems: frozenset[str]
    answering: int = 0  # how many of the first candidates answer the question
    unseen: frozenset[str] = frozenset()  # stems no page of the tree uses


@dataclass(frozen=True)
class _Weighed:
    """A question's stems with their weights; `rarest`: its rarest stem that a page uses."""

    weights: dict[str, float]
    rarest: str | None

    @property
    def total(self) -> float:
        return sum(self.weights.values()) or 1.0


def match(question: str, language: str, index: ArticleIndex, tuning: Tuning = DEFAULT) -> Match:
    """Rank the pages for `question` and decide whether the best one answers it."""
    searched = language if language in index.languages else index.main_language
    stems = frozenset(terms(question, searched))
    weighed = _weigh(stems, searched, index, tuning)
    ranked = [
        (_candidate(hit, weighed), hit) for hit in index.search(stems, searched, tuning.candidates)
    ]
    answering = [c for c, hit in ranked if _answers(c, hit, weighed, tuning)]
    rest = [c for c, _ in ranked if c not in answering]
    answering.sort(key=lambda c: -c.score)
    status = Status.ANSWERED if answering else Status.UNANSWERED
    unseen = frozenset(s for s in stems if index.idf(s, searched) is None)
    return Match(status, tuple(answering + rest), stems, len(answering), unseen)


def _weigh(stems: frozenset[str], language: str, index: ArticleIndex, tuning: Tuning) -> _Weighed:
    known = {s: w for s in stems if (w := index.idf(s, language)) is not None}
    unseen = tuning.unseen * index.max_idf(language)
    weights = {s: known.get(s, unseen) for s in stems}
    rarest = max(sorted(known), key=lambda s: known[s]) if known else None
    return _Weighed(weights, rarest)


def _candidate(hit: Hit, weighed: _Weighed) -> Candidate:
    covered = sum(w for s, w in weighed.weights.items() if s in hit.terms)
    page = hit.page
    return Candidate(page.article, page.file, page.language, hit.score, covered / weighed.total)


def _answers(c: Candidate, hit: Hit, weighed: _Weighed, tuning: Tuning) -> bool:
    """Covers enough of the question, and is about it: its title shares a stem with the
    question, or it holds the question's rarest stem."""
    if c.coverage < tuning.coverage:
        return False
    return bool(hit.title_terms & weighed.weights.keys()) or weighed.rarest in hit.terms

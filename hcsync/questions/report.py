"""From conversations to a report: classify each question, group the gaps, count links.

Pure: the conversations come in as plain `Thread` values (`hcsync.sync.inbox`
reads them), the tree as an `ArticleIndex` and `LinkTargets`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hcsync.questions.index import ArticleIndex
from hcsync.questions.links import LinkState, LinkTargets, Resolved
from hcsync.questions.matcher import DEFAULT, Match, Status, Tuning, match
from hcsync.questions.terms import guess_language

SIMILAR = 0.3  # share of stems two questions have in common to be grouped (Jaccard)
SIMILAR_UNSEEN = 0.15  # the same when they share a word no article uses


@dataclass(frozen=True)
class AgentReply:
    html: str
    text: str
    created_at: str = ""


@dataclass(frozen=True)
class Thread:
    """A conversation as `questions` reads it: the customer's question and the replies."""

    id: str
    number: int
    subject: str
    question: str  # the first customer message, cleaned (see `text.clean_question`)
    created_at: str = ""
    replies: tuple[AgentReply, ...] = ()


@dataclass(frozen=True)
class Classified:
    thread: Thread
    language: str
    match: Match
    links: tuple[Resolved, ...]  # in the agents' replies

    @property
    def answered(self) -> bool:
        return self.match.status is Status.ANSWERED


@dataclass(frozen=True)
class Gap:
    """Similar questions no article answers, most asked first."""

    members: tuple[Classified, ...]

    @property
    def title(self) -> str:
        """The shortest question of the group: usually the plainest."""
        return min((m.thread.question for m in self.members), key=len)

    @property
    def best_reply(self) -> AgentReply | None:
        """The longest agent reply in the group: the one that says most."""
        replies = [r for m in self.members for r in m.thread.replies]
        return max(replies, key=lambda r: len(r.text)) if replies else None

    @property
    def closest(self) -> tuple[str, ...]:
        """The articles nearest to the group's questions, most often first."""
        counts = Counter(c.article for m in self.members for c in m.match.candidates[:1])
        return tuple(a for a, _ in counts.most_common())


@dataclass(frozen=True)
class Report:
    classified: tuple[Classified, ...]
    gaps: tuple[Gap, ...]
    answering: tuple[tuple[str, int], ...]  # article → questions it answers, most first
    linked: tuple[tuple[str, int], ...]  # article → replies that link to it, most first
    dead: tuple[tuple[Classified, Resolved], ...]
    requests: int = 0

    @property
    def answered(self) -> int:
        return sum(c.answered for c in self.classified)


def classify(
    thread: Thread,
    index: ArticleIndex,
    targets: LinkTargets,
    languages: Sequence[str],
    tuning: Tuning = DEFAULT,
) -> Classified:
    language = guess_language(thread.question, languages, targets.default_language)
    found = match(thread.question, language, index, tuning)
    links = tuple(link for r in thread.replies for link in targets.links_in(r.html))
    return Classified(thread, language, found, links)


def build_report(
    threads: Iterable[Thread],
    index: ArticleIndex,
    targets: LinkTargets,
    languages: Sequence[str],
    requests: int = 0,
    tuning: Tuning = DEFAULT,
) -> Report:
    classified = tuple(classify(t, index, targets, languages, tuning) for t in threads)
    answering = Counter(c.match.candidates[0].article for c in classified if c.answered)
    linked = Counter(link.article for c in classified for link in _per_reply(c) if link.article)
    dead = tuple(
        (c, link) for c in classified for link in c.links if link.state is not LinkState.LIVE
    )
    return Report(
        classified,
        group([c for c in classified if not c.answered]),
        tuple(answering.most_common()),
        tuple(linked.most_common()),
        dead,
        requests,
    )


def _per_reply(c: Classified) -> list[Resolved]:
    """Each article once per conversation: "linked in N conversations"."""
    seen: dict[str | None, Resolved] = {}
    for link in c.links:
        seen.setdefault(link.article, link)
    return list(seen.values())


def group(unanswered: Sequence[Classified]) -> tuple[Gap, ...]:
    """Greedy single-link grouping (see `_similar`); biggest groups first."""
    groups: list[list[Classified]] = []
    for c in unanswered:
        home = next((g for g in groups if any(_similar(c, m) for m in g)), None)
        if home is None:
            groups.append([c])
        else:
            home.append(c)
    ordered = sorted(groups, key=lambda g: -len(g))  # stable: first asked first among equals
    return tuple(Gap(tuple(g)) for g in ordered)


def _similar(a: Classified, b: Classified) -> bool:
    """Most stems in common, or a word the tree never uses (what the gap is about)."""
    x, y = a.match.stems, b.match.stems
    if not (x and y):
        return False
    shared = len(x & y) / len(x | y)
    return shared >= SIMILAR or (shared >= SIMILAR_UNSEEN and bool(a.match.unseen & b.match.unseen))

"""Which new articles of a first import are created before their links can be made.

New articles that link to each other in a cycle cannot all be created with their
final HTML: one of each cycle is created first without the URLs still unknown and
completed by a follow-up draft update once its targets exist. Every follow-up is a
request, so the set is kept small — ideally a minimum feedback vertex set of the
graph of links between new articles. That is NP-hard in general; this is the usual
reduction (Levy and Low, 1988), exact on chains and trees of mutual links (prev/next
navigation: one follow-up per two articles, not one per article) and greedy only where
no reduction applies:

- an article no cycle can pass through (nothing new links to it, or it links to
  nothing new) is set aside;
- an article that links to itself is a follow-up;
- an article with one incoming link, from `u`, is on a cycle only through `u`: it is
  merged into `u` (`u` takes over its links); one with one outgoing link likewise;
- otherwise the article with the most incoming × outgoing links becomes a follow-up.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping


def follow_ups(targets: Mapping[str, frozenset[str]], new: frozenset[str]) -> frozenset[str]:
    """New articles that link, in a cycle, to new articles (themselves included)."""
    graph = _Graph(targets, new)
    chosen: set[str] = set()
    while not graph.reduce(chosen):
        busiest = graph.busiest()
        chosen.add(busiest)
        graph.remove(busiest)
    return frozenset(chosen)


class _Graph:
    """The links between new articles, shrunk as articles are set aside or merged."""

    def __init__(self, targets: Mapping[str, frozenset[str]], new: frozenset[str]) -> None:
        self.out: dict[str, set[str]] = {p: set(targets.get(p, ())) & new for p in sorted(new)}
        self.into: dict[str, set[str]] = {p: set() for p in self.out}
        for path, linked in self.out.items():
            for target in linked:
                self.into[target].add(path)
        self.todo = list(self.out)  # articles whose links changed: to look at again
        self.ranked: list[tuple[int, str]] = []  # (−in × out, article), some outdated

    def remove(self, path: str) -> None:
        for target in sorted(self.out.pop(path)):  # sorted: the same plan every run
            if target != path:
                self.into[target].discard(path)
                self.todo.append(target)
        for source in sorted(self.into.pop(path)):
            if source != path:
                self.out[source].discard(path)
                self.todo.append(source)

    def reduce(self, chosen: set[str]) -> bool:
        """Apply the reductions until none applies; whether the graph is empty then."""
        while self.todo:
            path = self.todo.pop()
            if path not in self.out:
                continue
            out, into = self.out[path], self.into[path]
            if path in out:
                chosen.add(path)
                self.remove(path)
            elif not out or not into:
                self.remove(path)
            elif len(into) == 1 or len(out) == 1:
                self._bypass(path)
            else:
                heapq.heappush(self.ranked, (self._rank(path), path))
        return not self.out

    def _bypass(self, path: str) -> None:
        """`path` left out, its one predecessor (or successor) linked to what it linked."""
        sources, targets = set(self.into[path]), set(self.out[path])
        self.remove(path)
        for source in sources:
            for target in targets:
                self.out[source].add(target)
                self.into[target].add(source)
        self.todo.extend(sorted(sources | targets))

    def _rank(self, path: str) -> int:
        return -len(self.into[path]) * len(self.out[path])

    def busiest(self) -> str:
        """The article on the most cycles, as far as its link counts say."""
        while True:
            rank, path = heapq.heappop(self.ranked)
            if path in self.out and rank == self._rank(path):
                return path

"""Putting operations in dependency order; independent ones in a stable, readable order."""

from __future__ import annotations

import heapq
from collections.abc import Iterable

from hcsync.plan.model import Kind, Operation, OpKey

_RANK = {kind: i for i, kind in enumerate(Kind)}


def order(operations: Iterable[Operation]) -> tuple[Operation, ...]:
    """Topological order by `needs`; ties by kind (`Kind` order), then path."""
    ops = {op.key: op for op in operations}
    needs = {key: {n for n in op.needs if n in ops and n != key} for key, op in ops.items()}
    waiting = {key: len(n) for key, n in needs.items()}
    followers: dict[OpKey, list[OpKey]] = {key: [] for key in ops}
    for key, required in needs.items():
        for other in required:
            followers[other].append(key)
    ready = [_rank(ops[k]) for k, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    result = []
    while ready:
        key = heapq.heappop(ready)[-1]
        result.append(ops[key])
        for follower in followers[key]:
            waiting[follower] -= 1
            if waiting[follower] == 0:
                heapq.heappush(ready, _rank(ops[follower]))
    if len(result) != len(ops):
        stuck = sorted(str(k) for k in set(ops) - {op.key for op in result})
        raise ValueError(f"operations depend on each other in a cycle: {', '.join(stuck[:5])}")
    return tuple(result)


def _rank(op: Operation) -> tuple[int, str, str, OpKey]:
    return (_RANK[op.kind], op.path, op.language or "", op.key)

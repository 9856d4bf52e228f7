"""How well `hcsync questions` tells answered from unanswered, on content-example/.

The matcher's thresholds were tuned on the demo inbox only; the held-out set was
written at the same time and never tuned on. Exact fractions: a change to the
matcher that moves them must say so here (and in docs/questions.md).
"""

from __future__ import annotations

from fractions import Fraction

from tests.questions.sets import held_out, score, tuning


def test_held_out_precision_and_recall_of_answered() -> None:
    result = score(held_out())
    assert result.precision >= Fraction(8, 10) and result.recall >= Fraction(8, 10)
    assert (result.precision, result.recall) == (Fraction(18, 21), Fraction(18, 19)), result.misses
    assert result.right_first == Fraction(15, 18)


def test_tuning_set_precision_and_recall_of_answered() -> None:
    result = score(tuning())
    assert (result.precision, result.recall) == (Fraction(18, 19), Fraction(18, 19)), result.misses
    assert result.right_first == 1

"""The labelled questions: the demo inbox (tuned on) and the held-out set (never tuned on)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from hcsync.emulator.inbox_samples import demo_inbox
from hcsync.local.loader import load_site
from hcsync.plan.lock import Lock
from hcsync.questions.index import ArticleIndex
from hcsync.questions.links import LinkTargets
from hcsync.questions.pages import indexed_pages
from hcsync.questions.report import Thread, classify
from hcsync.questions.text import clean_question

REPO = Path(__file__).resolve().parents[2]
HELD_OUT = Path(__file__).with_name("heldout.yml")


def held_out() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = yaml.safe_load(HELD_OUT.read_text(encoding="utf-8"))
    return entries


def tuning() -> list[dict[str, Any]]:
    return demo_inbox()


@dataclass(frozen=True)
class Score:
    precision: Fraction
    recall: Fraction
    right_first: Fraction  # of the true "answered": the labelled article ranked first
    misses: tuple[str, ...]


def score(entries: list[dict[str, Any]]) -> Score:
    """Precision and recall of "answered" on content-example/."""
    site = load_site(REPO / "content-example")
    index = ArticleIndex(indexed_pages(site))
    targets = LinkTargets(site, Lock())
    tp = fp = fn = first = 0
    misses = []
    for n, entry in enumerate(entries):
        thread = Thread(str(n), n, "", clean_question(entry["html"]))
        found = classify(thread, index, targets, ["en", "de", "fr"])
        expected = entry["expect"] == "answered"
        tp += found.answered and expected
        fp += found.answered and not expected
        fn += expected and not found.answered
        if found.answered and expected and found.match.candidates[0].article == entry["article"]:
            first += 1
        if found.answered != expected:
            misses.append(thread.question)
    return Score(Fraction(tp, tp + fp), Fraction(tp, tp + fn), Fraction(first, tp), tuple(misses))

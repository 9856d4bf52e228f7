"""The plan: frozen operations with their dependencies, drift, warnings. Plain data.

Operation kinds, in the order they usually run (dependencies decide):

    create_category  update_category  upload_image
    create_article   update_draft     update_metadata   publish   unpublish
    update_translation  update_translation_metadata  publish_translation  unpublish_translation
    delete_translation  delete_article  delete_category           (only with --prune)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from hcsync.plan.staleness import StaleTranslation

KINDS = (
    "create_category",
    "update_category",
    "upload_image",
    "create_article",
    "update_draft",
    "update_metadata",
    "update_translation",
    "update_translation_metadata",
    "publish",
    "publish_translation",
    "unpublish_translation",
    "unpublish",
    "delete_translation",
    "delete_article",
    "delete_category",
)


class DriftPolicy(StrEnum):
    """What to do with a page edited on the help center since the last apply."""

    FAIL = "fail"
    SKIP = "skip"
    OVERWRITE = "overwrite"


CREATES = frozenset({"create_category", "create_article", "upload_image"})
DELETES = frozenset({"delete_article", "delete_translation", "delete_category"})
PUBLISHES = frozenset({"publish", "publish_translation"})


@dataclass(frozen=True)
class Operation:
    key: str  # unique in the plan, e.g. "publish:billing/refunds.md"
    kind: str
    path: str  # the file or folder it comes from
    language: str | None = None
    target: str | None = None  # the remote id, when known at plan time
    summary: str = ""  # one human line: what changes
    fields: Mapping[str, Any] = field(default_factory=dict)  # what is sent besides content
    needs: tuple[str, ...] = ()
    diff: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Drift:
    """The help center changed behind hcsync's back since the last apply."""

    path: str
    language: str | None
    aspect: str  # "content" or "metadata"
    detail: str


@dataclass(frozen=True)
class Plan:
    operations: tuple[Operation, ...]
    drifts: tuple[Drift, ...] = ()
    warnings: tuple[str, ...] = ()
    bindings: Mapping[str, str] = field(default_factory=dict)  # path → remote id found by matching
    urls: Mapping[str, str] = field(default_factory=dict)  # "path" or "path#lang" → public URL
    slugs: Mapping[str, str] = field(default_factory=dict)  # "path" or "path#lang" → slug to set
    unsafe: str | None = None  # why the plan needs --force
    fingerprint: str = ""
    drift_policy: DriftPolicy = DriftPolicy.FAIL
    stale: tuple[StaleTranslation, ...] = ()  # translations behind their root (not operations)

    @property
    def has_changes(self) -> bool:
        return bool(self.operations)

    def counts(self) -> dict[str, int]:
        ops = self.operations
        return {
            "create": sum(op.kind in CREATES for op in ops),
            "update": sum(op.kind not in CREATES | DELETES | PUBLISHES for op in ops),
            "publish": sum(op.kind in PUBLISHES for op in ops),
            "delete": sum(op.kind in DELETES for op in ops),
        }

    def summary_line(self) -> str:
        c = self.counts()
        return f"Plan: {c['create']} to create, {c['update']} to update, {c['publish']} to publish, {c['delete']} to delete."

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "fingerprint": self.fingerprint,
            "drift_policy": self.drift_policy,
            "summary": self.counts(),
            "operations": [asdict(op) for op in self.operations],
            "drifts": [asdict(d) for d in self.drifts],
            "warnings": list(self.warnings),
            "unsafe": self.unsafe,
        }

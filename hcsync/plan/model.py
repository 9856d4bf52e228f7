"""The plan: frozen operations with their dependencies, drift, warnings. Plain data.

Operation kinds, in the order they usually run (dependencies decide), are the
members of `Kind`. An operation is named by an `OpKey` — its kind, the path it
comes from and the language — so a dependency is a value, never a string to
misspell.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar

from hcsync.errors import FatalError
from hcsync.plan.lock import ArticleLock, CategoryLock
from hcsync.plan.payloads import CategoryFields, Metadata, Payload, TranslationDraft
from hcsync.plan.policy import DriftPolicy as DriftPolicy  # re-exported: its old home
from hcsync.plan.staleness import StaleTranslation


class Kind(StrEnum):
    CREATE_CATEGORY = "create_category"
    UPDATE_CATEGORY = "update_category"
    UPLOAD_IMAGE = "upload_image"
    CREATE_ARTICLE = "create_article"
    UPDATE_DRAFT = "update_draft"
    UPDATE_METADATA = "update_metadata"
    UPDATE_TRANSLATION = "update_translation"
    UPDATE_TRANSLATION_METADATA = "update_translation_metadata"
    PUBLISH = "publish"
    PUBLISH_TRANSLATION = "publish_translation"
    UNPUBLISH_TRANSLATION = "unpublish_translation"
    UNPUBLISH = "unpublish"
    DELETE_TRANSLATION = "delete_translation"
    DELETE_ARTICLE = "delete_article"
    DELETE_CATEGORY = "delete_category"


class Aspect(StrEnum):
    CONTENT = "content"
    METADATA = "metadata"
    CATEGORY = "category"


# Of `Plan.to_json`; 2: no global fingerprint (a saved plan says what it saw); 3: typed
# payloads (an upload's digest is its key's subject, no longer a field)
JSON_VERSION = 3

# The payload each kind carries (`Operation.payload`); the other kinds carry none.
PAYLOADS: Mapping[Kind, type[Payload]] = {
    Kind.CREATE_CATEGORY: CategoryFields,
    Kind.UPDATE_CATEGORY: CategoryFields,
    Kind.CREATE_ARTICLE: Metadata,
    Kind.UPDATE_METADATA: Metadata,
    Kind.UPDATE_TRANSLATION_METADATA: Metadata,
    Kind.UPDATE_TRANSLATION: TranslationDraft,
}
P = TypeVar("P", CategoryFields, Metadata, TranslationDraft)

CREATES = frozenset({Kind.CREATE_CATEGORY, Kind.CREATE_ARTICLE, Kind.UPLOAD_IMAGE})
DELETES = frozenset({Kind.DELETE_ARTICLE, Kind.DELETE_TRANSLATION, Kind.DELETE_CATEGORY})
PUBLISHES = frozenset({Kind.PUBLISH, Kind.PUBLISH_TRANSLATION})
REMOVALS = frozenset({Kind.DELETE_ARTICLE, Kind.UNPUBLISH})  # what the safety share counts
# A plan may delete or unpublish at most this share of the managed articles without
# --force, whatever the center's size (one of three is already too many).
UNSAFE_SHARE = 0.30
UNSAFE_MINIMUM = 10  # unpublishes count toward the share from this many managed articles on


class PageRef(NamedTuple):
    """A root article (`language` None) or one of its translations, by the root's path."""

    path: str
    language: str | None = None

    def __str__(self) -> str:
        return f"{self.path} [{self.language}]" if self.language else self.path


class OpKey(NamedTuple):
    """Names one operation of a plan; `subject` is a path, or an image's content hash."""

    kind: Kind
    subject: str
    language: str | None = None

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject}" + (f"#{self.language}" if self.language else "")


@dataclass(frozen=True)
class Operation:
    key: OpKey
    path: str  # the file or folder it comes from
    target: str | None = None  # the remote id, when known at plan time
    summary: str = ""  # one human line: what changes
    payload: Payload | None = None  # what is sent besides content: see `PAYLOADS`
    needs: tuple[OpKey, ...] = ()
    diff: str = ""
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        wanted = PAYLOADS.get(self.kind)
        if self.payload is not None and not isinstance(self.payload, wanted or ()):
            raise TypeError(f"{self.key}: a {type(self.payload).__name__} payload")

    @property
    def kind(self) -> Kind:
        return self.key.kind

    def payload_as(self, kind: type[P]) -> P:
        """The payload, which the operation's kind says is a `kind`."""
        if not isinstance(self.payload, kind):
            raise TypeError(f"{self.key}: carries no {kind.__name__}")
        return self.payload

    @property
    def language(self) -> str | None:
        return self.key.language

    @classmethod
    def from_json(cls, key: OpKey, data: Mapping[str, Any], keys: Mapping[str, OpKey]) -> Operation:
        """`keys` names the plan's operations: a need is one of them (`to_json` writes
        each as its string; one outside the plan was never waited for)."""
        return cls(
            key,
            str(data["path"]),
            target=data["target"],
            summary=str(data["summary"]),
            payload=_payload(key.kind, data["fields"]),
            needs=tuple(keys[n] for n in data["needs"] if n in keys),
            diff=str(data["diff"]),
            warnings=tuple(str(w) for w in data["warnings"]),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "key": str(self.key),
            "kind": self.kind.value,
            "path": self.path,
            "language": self.language,
            "target": self.target,
            "summary": self.summary,
            "fields": {} if self.payload is None else self.payload.to_json(),
            "needs": [str(n) for n in self.needs],
            "diff": self.diff,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Drift:
    """The help center changed behind hcsync's back since the last apply."""

    path: str
    language: str | None
    aspect: Aspect
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "language": self.language,
            "aspect": self.aspect.value,
            "detail": self.detail,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Drift:
        return cls(data["path"], data["language"], Aspect(data["aspect"]), data["detail"])


@dataclass(frozen=True)
class Plan:
    operations: tuple[Operation, ...]
    drifts: tuple[Drift, ...] = ()
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()  # what stops the plan (an ambiguous match), one line each
    # What the lock should say before any operation runs: identities found by matching and
    # the states found already right (recorded by apply without a call).
    observed: Mapping[str, ArticleLock] = field(default_factory=dict)
    observed_categories: Mapping[str, CategoryLock] = field(default_factory=dict)
    urls: Mapping[PageRef, str] = field(default_factory=dict)  # public URL per page
    slugs: Mapping[PageRef, str] = field(default_factory=dict)  # slug to set per page
    to_read: frozenset[PageRef] = frozenset()  # lock-trusted pages to verify before changing
    managed: int = 0  # the articles hcsync manages on the center (the safety share's base)
    # One line per remote article this tree takes over without having created it (neither
    # its lock nor a create of its own holds it): another tree's, or the dashboard's.
    adopted: tuple[str, ...] = ()
    # One line per page whose numbered slug (`x-2`) is taken as the server's choice for the
    # tree's (`x`) with no record of it in the lock: said once, then apply records it.
    chosen_slugs: tuple[str, ...] = ()
    drift_policy: DriftPolicy = DriftPolicy.FAIL
    stale: tuple[StaleTranslation, ...] = ()  # translations behind their root (not operations)
    left_tree: tuple[PageRef, ...] = ()  # managed pages whose files are gone, kept (no --prune)

    @property
    def unsafe(self) -> str | None:
        """Why the plan needs --force (octodns style): it deletes every managed article, or
        more than the safe share of them at any size (a small center included); or, from
        `UNSAFE_MINIMUM` managed articles on, deletes and unpublishes more than that share
        (an unpublish is a `status:` someone wrote, a delete may be a checkout gone wrong)."""
        deleting = sum(op.kind is Kind.DELETE_ARTICLE for op in self.operations)
        removing = sum(op.kind in REMOVALS for op in self.operations)
        of = f"of {self.managed} managed articles"
        if deleting and deleting >= self.managed:
            return (
                f"the plan deletes {deleting} {of}: every one of them (an empty or wrong "
                "checkout?); run with --force if the center is to be emptied"
            )
        if deleting > UNSAFE_SHARE * self.managed:
            return (
                f"the plan deletes {deleting} {of} (more than {UNSAFE_SHARE:.0%}); "
                "run with --force if that is what you want"
            )
        if self.managed >= UNSAFE_MINIMUM and removing > UNSAFE_SHARE * self.managed:
            return (
                f"the plan deletes or unpublishes {removing} {of} (more than "
                f"{UNSAFE_SHARE:.0%}); run with --force if that is what you want"
            )
        return None

    def refuse_if_unsafe(self, force: bool) -> None:
        """The guard apply runs before any write: an unsafe plan only with --force."""
        reason = self.unsafe
        if reason and not force:
            raise FatalError(f"refusing an unsafe plan: {reason}")

    @property
    def has_changes(self) -> bool:
        return bool(self.operations)

    @property
    def creates(self) -> bool:
        """Whether it creates articles or categories: what two applies at once could double."""
        return any(op.kind in (Kind.CREATE_ARTICLE, Kind.CREATE_CATEGORY) for op in self.operations)

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
            "version": JSON_VERSION,
            "drift_policy": self.drift_policy.value,
            "summary": self.counts(),
            "operations": [op.to_json() for op in self.operations],
            "drifts": [d.to_json() for d in self.drifts],
            "warnings": list(self.warnings),
            "errors": list(self.errors),
            "unsafe": self.unsafe,
            "managed": self.managed,
            "adopted": list(self.adopted),
            "chosen_slugs": list(self.chosen_slugs),
            "left_tree": [{"path": p.path, "language": p.language} for p in self.left_tree],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Plan:
        """The plan `to_json` showed (what a saved plan adds is `hcsync.plan.saved`'s).

        Raises KeyError, ValueError or TypeError for anything of another shape.
        """
        if data.get("version") != JSON_VERSION:
            raise ValueError(f"plan version {data.get('version')!r}, expected {JSON_VERSION}")
        shown = [(_key(op), op) for op in data["operations"]]
        keys = {str(key): key for key, _ in shown}
        return cls(
            operations=tuple(Operation.from_json(key, op, keys) for key, op in shown),
            drifts=tuple(Drift.from_json(d) for d in data["drifts"]),
            warnings=tuple(str(w) for w in data["warnings"]),
            errors=tuple(str(e) for e in data["errors"]),
            managed=int(data.get("managed", 0)),
            adopted=tuple(str(a) for a in data.get("adopted", ())),
            chosen_slugs=tuple(str(a) for a in data.get("chosen_slugs", ())),
            drift_policy=DriftPolicy(data["drift_policy"]),
            left_tree=tuple(
                PageRef(str(p["path"]), p["language"]) for p in data.get("left_tree", ())
            ),
        )


def _payload(kind: Kind, fields: object) -> Payload | None:
    if not isinstance(fields, Mapping):
        raise TypeError(f"an operation's fields are {type(fields).__name__}, not an object")
    wanted = PAYLOADS.get(kind)
    if wanted is None and fields:
        raise ValueError(f"a {kind} operation sends no fields")
    return None if wanted is None else wanted.from_json(fields)


def _key(op: Mapping[str, Any]) -> OpKey:
    """An operation's key from its JSON: `kind:subject#language`, kind and language known."""
    kind, language, text = Kind(op["kind"]), op["language"], str(op["key"])
    suffix = f"#{language}" if language else ""
    if not (text.startswith(f"{kind}:") and text.endswith(suffix)):
        raise ValueError(f"operation key {text!r} does not match its kind and language")
    return OpKey(kind, text[len(kind) + 1 : len(text) - len(suffix)], language)
